"""Edit one task line: tick, drop, reopen, set or remove a token, set the owner.

Editing is line-based and pure: a function takes a line (or a whole file's bytes
and 1-based line numbers) and returns the new one, in which only that line's
content changed. Line endings (LF, CRLF, CR), a missing final newline and every
other character stay as they were. The item grammar is :mod:`mentorlog.text.items`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mentorlog.text.items import DATE, NEWLINE_RE, TASK_RE

DONE_EMOJI = "\u2705"
DUE_EMOJI = "\U0001f4c5"
DROPPED_EMOJI = "\u274c"
EMOJI_OF = {"done": DONE_EMOJI, "due": DUE_EMOJI, "dropped": DROPPED_EMOJI}
BOM = "\ufeff"


@dataclass
class LineEdit:
    """Change line ``line`` (1-based) of a file, which must still hold the item ``expect``.

    ``expect`` is the item's text after the checkbox as it was loaded;
    ``change`` maps the line's content (without its ending) to the new content.
    """

    line: int
    expect: str
    change: Callable[[str], str]


class NotAnItem(ValueError):
    """The line to edit is not a task item."""


def edit_lines_bytes(data: bytes, changes: Sequence[tuple[int, Callable[[str], str]]]) -> bytes:
    """UTF-8 ``data`` with line ``number`` (1-based) replaced by ``change(line)``, for
    each ``(number, change)`` in turn, in one pass over the file. Line endings and a
    byte-order mark are kept (the mark is not counted as part of line 1)."""
    text = data.decode("utf-8")
    bom = text.startswith(BOM)
    parts = _LINE_AND_ENDING_RE.split(text[1:] if bom else text)  # line, ending, line, ...
    for number, change in changes:
        if not 1 <= number <= (len(parts) + 1) // 2:
            raise IndexError(f"line {number} does not exist")
        new = change(parts[2 * (number - 1)])
        if NEWLINE_RE.search(new):
            raise ValueError("an edited line must not contain a line break")
        parts[2 * (number - 1)] = new
    return ((BOM if bom else "") + "".join(parts)).encode("utf-8")


_LINE_AND_ENDING_RE = re.compile(f"({NEWLINE_RE.pattern})")


def _task(line: str) -> re.Match[str]:
    m = TASK_RE.match(line)
    if not m or not m.group("rest").strip():
        raise NotAnItem(f"not a task item: {line!r}")
    return m


def line_set_checked(line: str, checked: bool) -> str:
    """Tick (``[x]``) or untick (``[ ]``) a task line; an ``[X]`` that stays ticked is kept.

    A dropped ``[-]`` item becomes ``[x]`` or ``[ ]``.
    """
    m = _task(line)
    mark = m.group("mark")
    if mark != "-" and (mark != " ") == checked:
        return line
    return line_set_mark(line, "x" if checked else " ")


def line_set_mark(line: str, mark: str) -> str:
    """The task line with its box holding ``mark`` (`` ``, ``x`` or ``-``)."""
    m = _task(line)
    if m.group("mark") == mark:
        return line
    pos = m.start("mark")
    return line[:pos] + mark + line[pos + 1 :]


def token_re(key: str) -> re.Pattern[str]:
    """A token as :func:`mentorlog.text.items.parse_line` reads it (``from:home`` or
    ``id:CARD`` are text)."""
    if key == "done":
        return re.compile(rf"(?<!\S)(?:done:{DATE}|{DONE_EMOJI}\ufe0f?[ \t]*{DATE})(?!\S)")
    if key == "due":
        return re.compile(rf"(?<!\S)(?:due:{DATE}|{DUE_EMOJI}\ufe0f?[ \t]*{DATE})(?!\S)")
    if key == "dropped":
        return re.compile(rf"(?<!\S)(?:dropped:{DATE}|{DROPPED_EMOJI}\ufe0f?[ \t]*{DATE})(?!\S)")
    if key == "from":
        return re.compile(rf"(?<!\S)from:{DATE}(?!\S)")
    if key == "id":
        return re.compile(r"(?<!\S)id:[a-z0-9]+(?!\S)")
    raise ValueError(f"unknown token key {key!r}")


def line_set_token(line: str, key: str, value: str, emoji: bool = False) -> str:
    """Set ``key:value`` (due, done, dropped, from, id) on a task line.

    The first token of that key is replaced where it stands (an Obsidian
    ``✅ DATE`` / ``📅 DATE`` / ``❌ DATE`` keeps its emoji form); with none,
    `` key:value`` is added at the end of the text, before any trailing spaces
    (`` ✅ value`` instead, with ``emoji``, for a key that has an emoji form).
    """
    m = _task(line)
    if not value or re.search(r"\s", value):
        raise ValueError(f"a token value must be one word: {value!r}")
    start = m.start("rest")
    rest = line[start:]
    found = token_re(key).search(rest)
    if found:
        old = found.group(0)
        if old.startswith((DONE_EMOJI, DUE_EMOJI, DROPPED_EMOJI)):
            marks = DONE_EMOJI + DUE_EMOJI + DROPPED_EMOJI + "\ufe0f \t"
            new = old[: len(old) - len(old.lstrip(marks))] + value
        else:
            new = f"{key}:{value}"
        return line[: start + found.start()] + new + line[start + found.end() :]
    body = rest.rstrip(" \t")
    token = f"{EMOJI_OF[key]} {value}" if emoji and key in EMOJI_OF else f"{key}:{value}"
    return line[:start] + body + f" {token}" + rest[len(body) :]


def obsidian_style(line: str) -> bool:
    """Whether a task line writes its dates the Obsidian Tasks way (``📅 DATE``)."""
    return _OBSIDIAN_DUE_RE.search(_task(line).group("rest")) is not None


_OBSIDIAN_DUE_RE = re.compile(rf"(?<!\S){DUE_EMOJI}\ufe0f?[ \t]*{DATE}(?!\S)")


_OWNER_RE = re.compile(r"(?<!\S)@[\w.-]*\w(?!\S)")


def line_set_owner(line: str, owner: str) -> str:
    """The task line with ``@owner`` in place of its first owner token (at the start
    of its text when it has none)."""
    m = _task(line)
    if not re.fullmatch(r"[\w.-]*\w", owner):
        raise ValueError(f"an owner is one word: {owner!r}")
    start = m.start("rest")
    rest = line[start:]
    found = _OWNER_RE.search(rest)
    if found:
        return line[: start + found.start()] + f"@{owner}" + line[start + found.end() :]
    gap = len(rest) - len(rest.lstrip(" \t"))
    return line[: start + gap] + f"@{owner} " + line[start + gap :]


def line_remove_token(line: str, key: str) -> str:
    """Remove every ``key:`` token (for done/due/dropped also the Obsidian emoji form).

    A token followed by more text goes with the spaces after it; a token at the
    end goes with the spaces before it, so trailing spaces stay.
    """
    m = _task(line)
    start = m.start("rest")
    rest = line[start:]
    pattern = token_re(key)
    while True:
        found = pattern.search(rest)
        if not found:
            break
        after = rest[found.end() :]
        if after.strip():
            gap = len(after) - len(after.lstrip(" \t"))
            rest = rest[: found.start()] + rest[found.end() + gap :]
        else:
            before = rest[: found.start()]
            kept = before.rstrip(" \t")
            if not kept:  # the token is the whole text: keep one space after the box
                kept = before[:1]
            rest = kept + rest[found.end() :]
    return line[:start] + rest


def line_mark_done(line: str, day: dt.date) -> str:
    """Ticked, with ``done:DAY`` (an existing done date is replaced where it stands;
    on an item that uses ``📅``, a new one is written ``✅ DAY``), no dropped date."""
    emoji = obsidian_style(line)
    line = line_remove_token(line_set_checked(line, True), "dropped")
    return line_set_token(line, "done", day.isoformat(), emoji)


def line_mark_dropped(line: str, day: dt.date) -> str:
    """``[-]`` with ``dropped:DAY`` (``❌ DAY`` on an item that uses ``📅``), no done date."""
    emoji = obsidian_style(line)
    line = line_remove_token(line_set_mark(line, "-"), "done")
    return line_set_token(line, "dropped", day.isoformat(), emoji)


def line_mark_open(line: str) -> str:
    """Unticked, without done or dropped dates (``📅`` and everything else kept)."""
    line = line_remove_token(line_set_checked(line, False), "done")
    return line_remove_token(line, "dropped")
