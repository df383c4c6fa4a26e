"""The follow-through item syntax: a GitHub task-list line with todo.txt-style tokens.

    - [ ] @mentee Draft the project charter due:2026-12-01 id:h2wd from:2026-11-24

``[ ]`` is open, ``[x]`` done, ``[-]`` dropped (Obsidian Tasks' cancelled).
Reading finds task lines through markdown-it-py's line maps (so items in fenced
or indented code are not items); the tokens are read from the source line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mentorlog.model import Item
from mentorlog.text import simple_blocks

# A task-list line: optional indentation and quote markers, a bullet or an
# ordered-list marker, then "[ ]" / "[x]" and the text. The quantifiers of the
# prefix are possessive, so a long run of blanks is read in linear time.
TASK_RE = re.compile(
    r"^(?P<prefix>[ \t]*+(?:>[ \t]?)*+[ \t]*+(?:[-*+]|\d{1,9}[.)])[ \t]++)"
    r"\[(?P<mark>[ xX-])\](?P<rest>(?:[ \t].*)?)$"
)
NEWLINE_RE = re.compile(r"\r\n|\r|\n")
_DATE = r"\d{4}-\d{2}-\d{2}"
TOKEN_RE = re.compile(
    r"(?<!\S)(?:"
    rf"(?P<key>due|done|dropped|from):(?P<kdate>{_DATE})"
    r"|id:(?P<id>[a-z0-9]+)"
    rf"|(?P<emoji>\U0001F4C5|\u2705|\u274c)\ufe0f?[ \t]*(?P<edate>{_DATE})"
    r"|@(?P<owner>[\w.-]*\w)"
    r"|#(?P<tag>[\w-]+)"
    r")(?!\S)"
)
# The same tokens, matched one whitespace-separated word at a time (fast path).
_WORD_RE = re.compile(
    rf"(?:(?P<key>due|done|dropped|from):(?P<kdate>{_DATE})|id:(?P<id>[a-z0-9]+)"
    r"|@(?P<owner>[\w.-]*\w)|#(?P<tag>[\w-]+))\Z"
)
_DATE_RE = re.compile(rf"{_DATE}\Z")
_TOKEN_START = frozenset("dfi@#")
_EMOJI_START = frozenset("\U0001f4c5\u2705\u274c")


def split_lines(text: str) -> list[str]:
    """Lines as markdown-it counts them (CRLF, CR and LF all end a line)."""
    return NEWLINE_RE.split(text)


@dataclass
class ParsedLine:
    prefix: str
    checked: bool
    text: str
    description: str
    owner_token: str | None
    due: dt.date | None = None
    done: dt.date | None = None
    id: str | None = None
    from_: dt.date | None = None
    tags: list[str] = field(default_factory=list)
    bad_dates: list[str] = field(default_factory=list)
    dropped: bool = False  # "[-]": dropped (Obsidian Tasks' cancelled)
    dropped_on: dt.date | None = None


def _date(value: str, bad: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        bad.append(value)
        return None


def parse_line(line: str) -> ParsedLine | None:
    """Parse one task-list line; None when the line is not a task item."""
    m = TASK_RE.match(line)
    if not m:
        return None
    text = m.group("rest").strip()
    if not text:
        return None
    out = ParsedLine(
        prefix=m.group("prefix"),
        checked=m.group("mark") in "xX",
        dropped=m.group("mark") == "-",
        text=text,
        description="",
        owner_token=None,
    )
    kept: list[str] = []
    words = text.split()
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word[:1] in _EMOJI_START:  # Obsidian: "📅 2026-12-20", also glued
            emoji = word[0]
            rest = word[1:].lstrip("\ufe0f")
            if not rest and i < len(words) and _DATE_RE.match(words[i]):
                rest = words[i]
                i += 1
            if _DATE_RE.match(rest):
                value = _date(rest, out.bad_dates)
                if emoji == "\U0001f4c5" and out.due is None:
                    out.due = value
                elif emoji == "\u2705" and out.done is None:
                    out.done = value
                elif emoji == "\u274c" and out.dropped_on is None:
                    out.dropped_on = value
                continue
            kept.append(word)
            continue
        m = _WORD_RE.match(word) if word[:1] in _TOKEN_START else None
        if m is None:
            kept.append(word)
            continue
        if m.group("key"):
            value = _date(m.group("kdate"), out.bad_dates)
            key = m.group("key")
            if key == "due" and out.due is None:
                out.due = value
            elif key == "done" and out.done is None:
                out.done = value
            elif key == "from" and out.from_ is None:
                out.from_ = value
            elif key == "dropped" and out.dropped_on is None:
                out.dropped_on = value
        elif m.group("id"):
            out.id = out.id or m.group("id")
        elif m.group("owner"):
            out.owner_token = out.owner_token or "@" + m.group("owner")
        elif m.group("tag"):
            out.tags.append(m.group("tag").lower())
    out.description = " ".join(kept)
    return out


def owner_map(mentee: str, mentor: str) -> dict[str, str]:
    """Handles that name a role: @mentee, @mentor, first names, full names joined."""
    out: dict[str, str] = {}
    shared: set[str] = set()  # a handle both names give (Sam Lee, Sam Park: @sam) is no one's
    for role, name in (("mentee", mentee), ("mentor", mentor)):
        words = [w for w in re.split(r"\s+", name.strip().lower()) if w]
        if words:
            for handle in (words[0], "".join(words), "-".join(words), ".".join(words)):
                if out.setdefault(handle, role) != role:
                    shared.add(handle)
    for handle in shared:
        del out[handle]
    out["mentee"] = "mentee"
    out["mentor"] = "mentor"
    return out


def resolve_owner(token: str | None, owners: Mapping[str, str]) -> str | None:
    if not token:
        return None
    return owners.get(token[1:].lower())


_MD: Any = None


def _markdown() -> Any:
    """A block-level CommonMark parser, made once (inline parsing is not needed)."""
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        _MD = MarkdownIt("commonmark").disable(["inline", "text_join"])
    return _MD


def task_line_numbers(text: str) -> list[int]:
    """0-based numbers of the lines of ``text`` that hold task items.

    A cheap prefilter skips the Markdown parser for text with no candidate
    line; otherwise one pass over plain Markdown (:mod:`mentorlog.text.simple_blocks`)
    or markdown-it decides which candidates are real list items (not inside
    fenced or indented code, nor HTML blocks).
    """
    lines = split_lines(text)
    candidates = [i for i, line in enumerate(lines) if TASK_RE.match(line)]
    if not candidates:
        return []
    plain = simple_blocks.task_lines(lines, candidates)
    if plain is not None:  # told apart without the parser
        return plain
    tokens = _markdown().parse(text)
    starts: set[int] = set()
    depth = 0
    for tok in tokens:
        if tok.type == "list_item_open":
            depth += 1
        elif tok.type == "list_item_close":
            depth -= 1
        elif tok.type == "inline" and depth > 0 and tok.map is not None:
            starts.add(tok.map[0])
    return [i for i in candidates if i in starts]


def parse_items(
    text: str, file: str, owners: Mapping[str, str], line_offset: int = 1
) -> tuple[list[Item], list[tuple[int, str]]]:
    """Items of a Markdown text; ``line_offset`` is the file line of its first line.

    Returns the items and ``(line, message)`` problems (bad dates in tokens).
    """
    lines = split_lines(text)
    items: list[Item] = []
    problems: list[tuple[int, str]] = []
    for n in task_line_numbers(text):
        p = parse_line(lines[n])
        if p is None:
            continue
        line = n + line_offset
        for value in p.bad_dates:
            problems.append((line, f"{value!r} is not a date (YYYY-MM-DD)"))
        items.append(
            Item(
                file=file,
                line=line,
                index=len(items) + 1,
                checked=p.checked,
                text=p.text,
                description=p.description,
                owner=resolve_owner(p.owner_token, owners),
                owner_token=p.owner_token,
                due=p.due,
                done=p.done,
                id=p.id,
                from_=p.from_,
                tags=list(p.tags),
                dropped=p.dropped,
                dropped_on=p.dropped_on,
            )
        )
    return items, problems


# ------------------------------------------------------------------ writing
#
# Editing is line-based and pure: a function takes the whole file's text and a
# 1-based line number and returns the new text, in which only that line's
# content changed. Line endings (LF, CRLF, CR), a missing final newline and
# every other character stay as they were.

DONE_EMOJI = "\u2705"
DUE_EMOJI = "\U0001f4c5"
DROPPED_EMOJI = "\u274c"
EMOJI_OF = {"done": DONE_EMOJI, "due": DUE_EMOJI, "dropped": DROPPED_EMOJI}
TOKEN_KEYS = ("due", "done", "dropped", "from", "id")
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


def line_span(text: str, number: int) -> tuple[int, int]:
    """``(start, end)`` offsets of line ``number`` (1-based) without its line ending."""
    if number < 1:
        raise IndexError(f"line {number} does not exist")
    start = 0
    for _ in range(number - 1):
        m = NEWLINE_RE.search(text, start)
        if m is None:
            raise IndexError(f"line {number} does not exist")
        start = m.end()
    m = NEWLINE_RE.search(text, start)
    return start, (m.start() if m else len(text))


def get_line(text: str, number: int) -> str:
    start, end = line_span(text, number)
    return text[start:end]


def edit_line(text: str, number: int, change: Callable[[str], str]) -> str:
    """``text`` with line ``number`` replaced by ``change(line)`` (its ending kept)."""
    start, end = line_span(text, number)
    new = change(text[start:end])
    if NEWLINE_RE.search(new):
        raise ValueError("an edited line must not contain a line break")
    return text[:start] + new + text[end:]


def edit_line_bytes(data: bytes, number: int, change: Callable[[str], str]) -> bytes:
    """As :func:`edit_line` on UTF-8 bytes; a byte-order mark is kept and not counted."""
    text = data.decode("utf-8")
    bom = text.startswith(BOM)
    new = edit_line(text[1:] if bom else text, number, change)
    return ((BOM if bom else "") + new).encode("utf-8")


def edit_lines_bytes(data: bytes, changes: Sequence[tuple[int, Callable[[str], str]]]) -> bytes:
    """:func:`edit_line_bytes` for each ``(number, change)`` in turn, in one pass over
    the file (one call per edit would walk the file from its start each time)."""
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


def _token_re(key: str) -> re.Pattern[str]:
    """A token as :func:`parse_line` reads it (``from:home`` or ``id:CARD`` are text)."""
    if key == "done":
        return re.compile(rf"(?<!\S)(?:done:{_DATE}|{DONE_EMOJI}\ufe0f?[ \t]*{_DATE})(?!\S)")
    if key == "due":
        return re.compile(rf"(?<!\S)(?:due:{_DATE}|{DUE_EMOJI}\ufe0f?[ \t]*{_DATE})(?!\S)")
    if key == "dropped":
        return re.compile(rf"(?<!\S)(?:dropped:{_DATE}|{DROPPED_EMOJI}\ufe0f?[ \t]*{_DATE})(?!\S)")
    if key == "from":
        return re.compile(rf"(?<!\S)from:{_DATE}(?!\S)")
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
    found = _token_re(key).search(rest)
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


_OBSIDIAN_DUE_RE = re.compile(rf"(?<!\S){DUE_EMOJI}\ufe0f?[ \t]*{_DATE}(?!\S)")


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
    pattern = _token_re(key)
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


def set_checked(text: str, number: int, checked: bool) -> str:
    return edit_line(text, number, lambda line: line_set_checked(line, checked))


def set_token(text: str, number: int, key: str, value: str) -> str:
    return edit_line(text, number, lambda line: line_set_token(line, key, value))


def remove_token(text: str, number: int, key: str) -> str:
    return edit_line(text, number, lambda line: line_remove_token(line, key))


def format_item(
    description: str,
    *,
    checked: bool = False,
    owner: str | None = None,
    due: dt.date | None = None,
    done: dt.date | None = None,
    id: str | None = None,
    from_: dt.date | None = None,
    tags: Sequence[str] = (),
    prefix: str = "- ",
) -> str:
    """One task line in mentorlog's own token order (no line ending)."""
    words = [f"@{owner}"] if owner else []
    words.append(" ".join(description.split()))
    words.extend(f"#{t}" for t in tags)
    for key, value in (("due", due), ("done", done)):
        if value is not None:
            words.append(f"{key}:{value.isoformat()}")
    if id:
        words.append(f"id:{id}")
    if from_ is not None:
        words.append(f"from:{from_.isoformat()}")
    return f"{prefix}[{'x' if checked else ' '}] " + " ".join(w for w in words if w)


def mark_done(text: str, number: int, day: dt.date) -> str:
    return edit_line(text, number, lambda line: line_mark_done(line, day))


def mark_open(text: str, number: int) -> str:
    return edit_line(text, number, line_mark_open)
