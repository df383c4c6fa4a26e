"""The follow-through item syntax: a GitHub task-list line with todo.txt-style tokens.

    - [ ] @mentee Draft the project charter due:2026-12-01 id:h2wd from:2026-11-24

Reading finds task lines through markdown-it-py's line maps (so items in fenced
or indented code are not items); the tokens are read from the source line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from .model import Item

# A task-list line: optional indentation and quote markers, a bullet or an
# ordered-list marker, then "[ ]" / "[x]" and the text.
TASK_RE = re.compile(
    r"^(?P<prefix>[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)"
    r"\[(?P<mark>[ xX])\](?P<rest>(?:[ \t].*)?)$"
)
NEWLINE_RE = re.compile(r"\r\n|\r|\n")
_DATE = r"\d{4}-\d{2}-\d{2}"
TOKEN_RE = re.compile(
    r"(?<!\S)(?:"
    rf"(?P<key>due|done|from):(?P<kdate>{_DATE})"
    r"|id:(?P<id>[a-z0-9]+)"
    rf"|(?P<emoji>\U0001F4C5|\u2705)\ufe0f?[ \t]*(?P<edate>{_DATE})"
    r"|@(?P<owner>[\w.-]*\w)"
    r"|#(?P<tag>[\w-]+)"
    r")(?!\S)"
)
ID_RE = re.compile(r"^[a-z0-9]{1,16}$")


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
        checked=m.group("mark") != " ",
        text=text,
        description="",
        owner_token=None,
    )
    for t in TOKEN_RE.finditer(text):
        if t.group("key"):
            value = _date(t.group("kdate"), out.bad_dates)
            key = t.group("key")
            if key == "due" and out.due is None:
                out.due = value
            elif key == "done" and out.done is None:
                out.done = value
            elif key == "from" and out.from_ is None:
                out.from_ = value
        elif t.group("emoji"):
            value = _date(t.group("edate"), out.bad_dates)
            if t.group("emoji") == "\U0001f4c5" and out.due is None:
                out.due = value
            elif t.group("emoji") == "\u2705" and out.done is None:
                out.done = value
        elif t.group("id"):
            out.id = out.id or t.group("id")
        elif t.group("owner"):
            out.owner_token = out.owner_token or "@" + t.group("owner")
        elif t.group("tag"):
            out.tags.append(t.group("tag").lower())
    out.description = _describe(text)
    return out


def _describe(text: str) -> str:
    """The item's words without the machine tokens (owner kept out, tags kept out)."""
    kept = TOKEN_RE.sub("", text)
    return " ".join(kept.split())


def owner_map(mentee: str, mentor: str) -> dict[str, str]:
    """Handles that name a role: @mentee, @mentor, first names, full names joined."""
    out: dict[str, str] = {}
    for role, name in (("mentee", mentee), ("mentor", mentor)):
        words = [w for w in re.split(r"\s+", name.strip().lower()) if w]
        if words:
            out.setdefault(words[0], role)
            out.setdefault("".join(words), role)
            out.setdefault("-".join(words), role)
            out.setdefault(".".join(words), role)
    out["mentee"] = "mentee"
    out["mentor"] = "mentor"
    return out


def resolve_owner(token: str | None, owners: Mapping[str, str]) -> str | None:
    if not token:
        return None
    return owners.get(token[1:].lower())


def task_line_numbers(text: str) -> list[int]:
    """0-based numbers of the lines of ``text`` that hold task items.

    A cheap prefilter skips the Markdown parser for text with no candidate
    line; otherwise markdown-it decides which candidates are real list items
    (not inside fenced or indented code).
    """
    lines = split_lines(text)
    candidates = [i for i, line in enumerate(lines) if TASK_RE.match(line)]
    if not candidates:
        return []
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
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
        parsed = parse_line(lines[n])
        if parsed is None:
            continue
        line = n + line_offset
        for bad in parsed.bad_dates:
            problems.append((line, f"{bad!r} is not a date (YYYY-MM-DD)"))
        items.append(
            Item(
                file=file,
                line=line,
                index=len(items) + 1,
                checked=parsed.checked,
                text=parsed.text,
                description=parsed.description,
                owner=resolve_owner(parsed.owner_token, owners),
                owner_token=parsed.owner_token,
                due=parsed.due,
                done=parsed.done,
                id=parsed.id,
                from_=parsed.from_,
                tags=parsed.tags,
            )
        )
    return items, problems


# ------------------------------------------------------------------ writing
#
# Editing is line-based and pure: a function takes the whole file's text and a
# 1-based line number and returns the new text, in which only that line's
# content changed. Line endings (LF, CRLF, CR), a missing final newline and
# every other character stay as they were.

CHECKBOX_RE = re.compile(r"^(?P<head>.*?\[)(?P<mark>[ xX])(?P<tail>\].*)$")
DONE_EMOJI = "\u2705"
DUE_EMOJI = "\U0001f4c5"
TOKEN_KEYS = ("due", "done", "from", "id")
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


def _task(line: str) -> re.Match[str]:
    m = TASK_RE.match(line)
    if not m or not m.group("rest").strip():
        raise NotAnItem(f"not a task item: {line!r}")
    return m


def line_set_checked(line: str, checked: bool) -> str:
    """Tick (``[x]``) or untick (``[ ]``) a task line; an ``[X]`` that stays ticked is kept."""
    m = _task(line)
    mark = m.group("mark")
    if (mark != " ") == checked:
        return line
    pos = m.start("mark")
    return line[:pos] + ("x" if checked else " ") + line[pos + 1 :]


def _token_re(key: str) -> re.Pattern[str]:
    if key == "done":
        return re.compile(rf"(?<!\S)(?:done:\S*|{DONE_EMOJI}\ufe0f?[ \t]*{_DATE})(?!\S)")
    if key == "due":
        return re.compile(rf"(?<!\S)(?:due:\S*|{DUE_EMOJI}\ufe0f?[ \t]*{_DATE})(?!\S)")
    if key in TOKEN_KEYS:
        return re.compile(rf"(?<!\S){key}:\S*(?!\S)")
    raise ValueError(f"unknown token key {key!r}")


def line_set_token(line: str, key: str, value: str) -> str:
    """Set ``key:value`` (due, done, from, id) on a task line.

    The first token of that key is replaced where it stands (an Obsidian
    ``✅ DATE`` / ``📅 DATE`` keeps its emoji form); with none, `` key:value``
    is added at the end of the text, before any trailing spaces.
    """
    m = _task(line)
    if not value or re.search(r"\s", value):
        raise ValueError(f"a token value must be one word: {value!r}")
    start = m.start("rest")
    rest = line[start:]
    found = _token_re(key).search(rest)
    if found:
        old = found.group(0)
        if old.startswith((DONE_EMOJI, DUE_EMOJI)):
            new = old[: len(old) - len(old.lstrip(DONE_EMOJI + DUE_EMOJI + "\ufe0f \t"))] + value
        else:
            new = f"{key}:{value}"
        return line[: start + found.start()] + new + line[start + found.end() :]
    body = rest.rstrip(" \t")
    return line[:start] + body + f" {key}:{value}" + rest[len(body) :]


def line_remove_token(line: str, key: str) -> str:
    """Remove every ``key:`` token (for done/due also the Obsidian emoji form).

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
    """Ticked, with ``done:DAY`` (an existing done date is replaced where it stands)."""
    return line_set_token(line_set_checked(line, True), "done", day.isoformat())


def line_mark_open(line: str) -> str:
    """Unticked, without ``done:`` / ``✅`` dates (``📅`` and everything else kept)."""
    return line_remove_token(line_set_checked(line, False), "done")


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
