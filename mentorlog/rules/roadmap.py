"""roadmap.md edits: a topic inserted at its place, every other byte kept.

Pure over the file's text: the caller reads and writes the file.
"""

from __future__ import annotations

import re

from mentorlog.errors import BadValue, UsageError
from mentorlog.rules import documents, timeline
from mentorlog.text.lines import lines_keepends

LIST_ITEM_RE = re.compile(r"^(?P<marker>[-*+]|(?P<num>\d{1,9})(?P<delim>[.)]))(?P<space>[ \t]+)")


def roadmap_insert(text: str, topic: str, at: int | None) -> str:
    """``text`` of roadmap.md with ``topic`` inserted as item ``at`` (1-based; None: last).

    Only the new line is added, except that a sequentially numbered list has
    the numbers after the new item raised by one. Refuses an empty topic, one
    the roadmap has already (UsageError) and a position out of range (BadValue).
    """
    topic = " ".join(topic.split())
    if not topic:
        raise UsageError("the topic is empty")
    topics = documents.parse_roadmap(text)
    for t in topics:
        if timeline.topic_key(t.title) == timeline.topic_key(topic):
            raise UsageError(
                f"roadmap.md:{t.line}: '{t.title}' is topic {t.position} already, and one "
                "meeting would take both; word the new one differently"
            )
    if at is not None and not 1 <= at <= len(topics) + 1:
        raise BadValue(
            "position",
            at,
            f"is out of range: the roadmap has {len(topics)} topics (use 1 to {len(topics) + 1})",
        )
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text and "\n" not in text else "\n"
    lines = lines_keepends(text)
    if not topics:
        # the list starts after a blank line (none needed at the top of the file)
        if text.strip() and lines and lines[-1].strip():
            sep = newline if lines[-1].endswith(("\n", "\r")) else newline * 2
        else:
            sep = "" if not text or text.endswith(("\n", "\r")) else newline
        return text + sep + f"1. {topic}{newline}"
    first = LIST_ITEM_RE.match(lines[topics[0].line - 1])
    assert first is not None
    ordered = first.group("num") is not None
    numbers = [_item_number(lines[t.line - 1]) for t in topics]
    base = (1 if numbers[0] is None else numbers[0]) - 1  # a list may start at any number
    sequential = ordered and all(
        n == base + t.position for n, t in zip(numbers, topics, strict=True)
    )
    position = at or len(topics) + 1
    if position <= len(topics):
        insert_at = topics[position - 1].line - 1
    else:
        insert_at = topics[-1].line  # after the last topic's line ...
        for j in range(insert_at, len(lines)):
            if not lines[j].strip():
                continue
            if lines[j][:1] not in (" ", "\t"):
                break
            insert_at = j + 1  # ... and its nested notes, blank lines between them too
    if ordered:
        # in a list numbered in sequence, the new item takes its place in the sequence;
        # otherwise (1. 1. 1. …) it copies the number of the item it goes before (or after)
        neighbour = numbers[min(position, len(topics)) - 1]
        number = base + position if sequential else (neighbour or 1)
        marker = f"{number}{first.group('delim')}"
    else:
        marker = first.group("marker")
    if insert_at > 0 and not lines[insert_at - 1].endswith(("\n", "\r")):
        lines[insert_at - 1] += newline
    lines.insert(insert_at, f"{marker}{first.group('space')}{topic}{newline}")
    if sequential:
        for t in topics[position - 1 :]:
            idx = t.line if t.line - 1 >= insert_at else t.line - 1
            mm = LIST_ITEM_RE.match(lines[idx])
            assert mm is not None
            lines[idx] = (
                f"{base + t.position + 1}{mm.group('delim')}"
                + lines[idx][len(mm.group("num")) + 1 :]
            )
    return "".join(lines)


def _item_number(line: str) -> int | None:
    m = LIST_ITEM_RE.match(line)
    return int(m.group("num")) if m and m.group("num") is not None else None
