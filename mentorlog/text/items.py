"""The follow-through item syntax: a GitHub task-list line with todo.txt-style tokens.

    - [ ] @mentee Draft the project charter due:2026-12-01 id:h2wd from:2026-11-24

``[ ]`` is open, ``[x]`` done, ``[-]`` dropped (Obsidian Tasks' cancelled).
Reading finds task lines through markdown-it-py's line maps (so items in fenced
or indented code are not items); the tokens are read from the source line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mentorlog.model import Item
from mentorlog.text import simple_blocks

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# A task-list line: optional indentation and quote markers, a bullet or an
# ordered-list marker, then "[ ]" / "[x]" and the text. The quantifiers of the
# prefix are possessive, so a long run of blanks is read in linear time.
TASK_RE = re.compile(
    r"^(?P<prefix>[ \t]*+(?:>[ \t]?)*+[ \t]*+(?:[-*+]|\d{1,9}[.)])[ \t]++)"
    r"\[(?P<mark>[ xX-])\](?P<rest>(?:[ \t].*)?)$"
)
NEWLINE_RE = re.compile(r"\r\n|\r|\n")
DATE = r"\d{4}-\d{2}-\d{2}"
# The tokens, matched one whitespace-separated word at a time.
_WORD_RE = re.compile(
    rf"(?:(?P<key>due|done|dropped|from):(?P<kdate>{DATE})|id:(?P<id>[a-z0-9]+)"
    r"|@(?P<owner>[\w.-]*\w)|#(?P<tag>[\w-]+))\Z"
)
_DATE_RE = re.compile(rf"{DATE}\Z")
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


# the ParsedLine field each date token sets (the first of its kind counts)
_EMOJI_FIELD = {"\U0001f4c5": "due", "\u2705": "done", "\u274c": "dropped_on"}
_KEY_FIELD = {"due": "due", "done": "done", "from": "from_", "dropped": "dropped_on"}


def _set_date(out: ParsedLine, name: str, value: str) -> None:
    """Set the date field ``name`` unless an earlier token set it; a bad date is noted."""
    try:
        day: dt.date | None = dt.date.fromisoformat(value)
    except ValueError:
        out.bad_dates.append(value)
        day = None
    if getattr(out, name) is None:
        setattr(out, name, day)


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
                _set_date(out, _EMOJI_FIELD[emoji], rest)
                continue
            kept.append(word)
            continue
        m = _WORD_RE.match(word) if word[:1] in _TOKEN_START else None
        if m is None:
            kept.append(word)
        elif m.group("key"):
            _set_date(out, _KEY_FIELD[m.group("key")], m.group("kdate"))
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


_MD: MarkdownIt | None = None


def _markdown() -> MarkdownIt:
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


# a task box at the start of a list item (the prefix TASK_RE reads)
_TASK_BOX_RE = re.compile(r"^([ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[([ xX-])\]")


def not_a_task(line: str) -> str:
    """``line`` with a leading task box escaped (``- \\[ ] x``): text copied into a
    template never becomes a new task item."""
    return _TASK_BOX_RE.sub(r"\1\\[\2]", line)
