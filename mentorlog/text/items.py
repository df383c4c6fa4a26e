"""The follow-through item syntax: a GitHub task-list line with todo.txt-style tokens.

    - [ ] @mentee Draft the project charter due:2026-12-01 id:h2wd from:2026-11-24

``[ ]`` is open, ``[x]`` done, ``[-]`` dropped (Obsidian Tasks' cancelled).
Reading finds task lines through markdown-it-py's line maps (so items in fenced
or indented code are not items), or for plain Markdown through one search over the
text (one pass over the lines when they end in CR) that gives the same answer
(:mod:`mentorlog.text.simple_blocks`); the tokens are read from the source line, all
of a line's tokens at once (:mod:`mentorlog.text.task_text`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mentorlog.model import Item
from mentorlog.model.item_rows import Row, items_back
from mentorlog.model.owners import owner_map as owner_map  # (its home; here for callers)
from mentorlog.text import simple_blocks
from mentorlog.text.task_text import DATE as DATE
from mentorlog.text.task_text import (
    ITEM_LINE,
    fields,
    fields_by_word,
    general_item,
    scanned_rows,
)

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
# the names the tests know the token readers by
_fields = fields
_fields_by_word = fields_by_word
_ITEM_LINE = ITEM_LINE


def split_lines(text: str) -> list[str]:
    """Lines as markdown-it counts them (CRLF, CR and LF all end a line)."""
    if "\r" in text:
        return NEWLINE_RE.split(text)
    return text.split("\n")  # the same lines, several times faster


@dataclass(slots=True)
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


def parse_line(line: str) -> ParsedLine | None:
    """Parse one task-list line; None when the line is not a task item."""
    m = TASK_RE.match(line)
    if not m:
        return None
    prefix, mark, rest = m.groups()
    text = rest.strip()
    if not text:
        return None
    description, owner_token, due, done, ident, from_, tags, bad, dropped_on = fields(text)
    return ParsedLine(
        prefix=prefix,
        checked=mark in "xX",
        text=text,
        description=description,
        owner_token=owner_token,
        due=due,
        done=done,
        id=ident,
        from_=from_,
        tags=tags,
        bad_dates=bad,
        dropped=mark == "-",
        dropped_on=dropped_on,
    )


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


def parse_item_rows(
    text: str, file: str, owners: Mapping[str, str], line_offset: int = 1
) -> tuple[list[Row], list[tuple[int, str]]] | None:
    """:func:`parse_items` of plain Markdown (the common case, read in one search) as
    the rows its items are made from (:mod:`mentorlog.model.item_rows`), and the
    problems; None for a text it must read the other way (CR line ends, or lines
    only the Markdown parser tells apart)."""
    if "\r" in text:
        return None
    scanned = simple_blocks.item_scan(text, ITEM_LINE)
    return None if scanned is None else scanned_rows(scanned, file, owners, line_offset)


def parse_items(
    text: str, file: str, owners: Mapping[str, str], line_offset: int = 1
) -> tuple[list[Item], list[tuple[int, str]]]:
    """Items of a Markdown text; ``line_offset`` is the file line of its first line.

    Returns the items and ``(line, message)`` problems (bad dates in tokens).
    """
    found_rows = parse_item_rows(text, file, owners, line_offset)
    if found_rows is not None:
        return items_back(found_rows[0], file, owners), found_rows[1]
    lines = split_lines(text)
    # CR line ends: one pass over the lines; else (the search declined) markdown-it
    found = simple_blocks.item_lines(lines, TASK_RE.match) if "\r" in text else None
    if found is None:
        found = []
        for n in task_line_numbers(text):
            m = TASK_RE.match(lines[n])
            assert m is not None  # task_line_numbers gives lines TASK_RE matches
            found.append((n, m))
    items: list[Item] = []
    problems: list[tuple[int, str]] = []
    for n, m in found:
        _prefix, mark, rest = m.groups()
        task = rest.strip()
        if task:
            items.append(
                general_item(task, mark, file, n + line_offset, len(items) + 1, owners, problems)
            )
    return items, problems


# a task box at the start of a list item (the prefix TASK_RE reads)
_TASK_BOX = r"^([ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[([ xX-])\]"


def not_a_task(line: str) -> str:
    """``line`` with a leading task box escaped (``- \\[ ] x``): text copied into a
    template never becomes a new task item."""
    return re.sub(_TASK_BOX, r"\1\\[\2]", line)
