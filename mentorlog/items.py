"""The follow-through item syntax: a GitHub task-list line with todo.txt-style tokens.

    - [ ] @mentee Draft the project charter due:2026-12-01 id:h2wd from:2026-11-24

Reading finds task lines through markdown-it-py's line maps (so items in fenced
or indented code are not items); the tokens are read from the source line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
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
