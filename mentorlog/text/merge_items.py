"""Task items in a three-way merge: what a line is compared by, whether an edited
item is still the same item, and one item changed on both sides merged field by
field (its box, ``due:``, ``done:``, ``dropped:`` and the rest of its text).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from mentorlog.text.item_edits import NotAnItem, line_remove_token, line_set_token, token_re
from mentorlog.text.items import TASK_RE, parse_line, task_line_numbers
from mentorlog.text.merge_lines import Line, texts


def _item_rows(lines: Sequence[Line]) -> set[int]:
    if not any(TASK_RE.match(line.text) for line in lines):
        return set()
    return set(task_line_numbers("\n".join(texts(lines))))


def item_keys(lines: Sequence[Line]) -> tuple[list[tuple[str, ...]], set[int]]:
    """What a line is compared by: an item by its id, else its owner and text; any
    other line by its text. Also the rows that hold items."""
    rows = _item_rows(lines)
    keys: list[tuple[str, ...]] = []
    for n, line in enumerate(lines):
        parsed = parse_line(line.text) if n in rows else None
        if parsed is None:
            rows.discard(n)
            keys.append(("line", line.text))
        elif parsed.id:
            keys.append(("id", parsed.id))
        else:
            keys.append(("item", (parsed.owner_token or "").lower(), parsed.description))
    return keys, rows


def same_item(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with its text edited, rather than another item:
    their descriptions are at least half alike."""
    a, b = parse_line(old), parse_line(new)
    if a is None or b is None:
        return False
    return difflib.SequenceMatcher(None, a.description, b.description).ratio() >= 0.5


#: the dated tokens an item merge handles field by field (those the item syntax knows)
_DATED = ("due", "done", "dropped")
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _dated_keys() -> list[str]:
    keys = []
    for key in _DATED:
        try:
            token_re(key)
        except ValueError:
            continue
        keys.append(key)
    return keys


def _mark(line: str) -> str:
    m = TASK_RE.match(line)
    return m.group("mark").lower() if m else ""


def _with_mark(line: str, mark: str) -> str:
    m = TASK_RE.match(line)
    if m is None or m.group("mark").lower() == mark:
        return line
    return line[: m.start("mark")] + mark + line[m.start("mark") + 1 :]


def _day_of(line: str, key: str) -> str | None:
    """The date of the first ``key`` token (``due:``/``📅`` and the like), or None."""
    m = TASK_RE.match(line)
    found = token_re(key).search(line, m.start("rest")) if m else None
    day = _DAY_RE.search(found.group(0)) if found else None
    return day.group(0) if day else None


def _rest(line: str, keys: Sequence[str]) -> str:
    """An item line without its box's state and its dated tokens: 'the text'."""
    line = _with_mark(line, " ")
    for key in keys:
        line = line_remove_token(line, key)
    return line


def merge_item(base: str, ours: str, theirs: str) -> str | None:
    """One item changed on both sides, merged field by field; None on a conflict.

    The text (everything but the box and the ``due:``, ``done:`` and
    ``dropped:`` dates) comes from the side that changed it; the box and each
    date likewise; ticked on both sides with two dates: the earlier ``done:``.
    Both changing the same field differently is a conflict.
    """
    if parse_line(base) is None or parse_line(ours) is None or parse_line(theirs) is None:
        return None
    try:
        keys = _dated_keys()
        rb, ro, rt = _rest(base, keys), _rest(ours, keys), _rest(theirs, keys)
        if ro == rt or rt == rb:
            line = ours
        elif ro == rb:
            line = theirs
        else:
            return None
        mb, mo, mt = _mark(base), _mark(ours), _mark(theirs)
        if mo == mt or mt == mb:
            mark = mo
        elif mo == mb:
            mark = mt
        else:
            return None  # ticked on one side, dropped on the other
        line = _with_mark(line, mark)
        for key in keys:
            vb, vo, vt = _day_of(base, key), _day_of(ours, key), _day_of(theirs, key)
            if (key == "done" and mark != "x") or (key == "dropped" and mark != "-"):
                value = None  # reopened: no done date
            elif vo == vt or vt == vb:
                value = vo
            elif vo == vb:
                value = vt
            elif key != "due" and vo is not None and vt is not None:
                value = min(vo, vt)  # done (or dropped) on both sides: the earlier day
            else:
                return None
            if value != _day_of(line, key):
                if value is None:
                    line = line_remove_token(line, key)
                else:
                    line = _set_token_like(line, key, value, (ours, theirs))
        return line
    except (NotAnItem, ValueError):
        return None


def _set_token_like(line: str, key: str, value: str, sources: Sequence[str]) -> str:
    """``key:value`` set on ``line``; a token the line lacks is added in the form the
    side it comes from wrote it (Obsidian's ``✅ DATE`` stays an emoji)."""
    pattern = token_re(key)
    if pattern.search(line) is None:
        for source in sources:
            found = pattern.search(source)
            if found and value in found.group(0) and not found.group(0).startswith(key):
                raw = found.group(0)
                body = line.rstrip(" \t")
                return f"{body} {raw}{line[len(body) :]}"
    return line_set_token(line, key, value)
