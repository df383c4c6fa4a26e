"""The follow-through item syntax: a GitHub task-list line with todo.txt-style tokens.

    - [ ] @mentee Draft the project charter due:2026-12-01 id:h2wd from:2026-11-24

``[ ]`` is open, ``[x]`` done, ``[-]`` dropped (Obsidian Tasks' cancelled).
Reading finds task lines through markdown-it-py's line maps (so items in fenced
or indented code are not items), or for plain Markdown through one pass over the
lines that gives the same answer (:mod:`mentorlog.text.simple_blocks`); the tokens
are read from the source line, all of a line's tokens at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mentorlog.model import Item
from mentorlog.model.owners import owner_map as owner_map  # (its home; here for callers)
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
# The tokens of a task's text, found in the whole text at once: a token is a whole word
# (white space or the text's ends on both sides), exactly what matching
# WORD_PATTERN one whitespace-separated word at a time finds. Each branch starts with a
# literal character (so the search skips other characters quickly) and then looks
# back past it for white space. 6 groups (re.split gives them after each piece of
# text between tokens): the rest of a d-key (ue, one, ropped) and its date, from's
# date, id, owner, tag.
_TOKEN = (
    rf"(?:d(?<!\Sd)(ue|one|ropped):({DATE})|f(?<!\Sf)rom:({DATE})|i(?<!\Si)d:([a-z0-9]+)"
    r"|@(?<!\S@)([\w.-]*\w)|#(?<!\S#)([\w-]+))(?!\S)"
)
_TOKEN_RE: list[re.Pattern[str]] = []  # compiled when the first item is read
# The tokens, matched one whitespace-separated word at a time (only for a text with
# an Obsidian date emoji, so compiled on first use).
WORD_PATTERN = (
    rf"(?:(?P<key>due|done|dropped|from):(?P<kdate>{DATE})|id:(?P<id>[a-z0-9]+)"
    r"|@(?P<owner>[\w.-]*\w)|#(?P<tag>[\w-]+))\Z"
)
_DATE_PATTERN = rf"{DATE}\Z"
_TOKEN_START = frozenset("dfi@#")
_EMOJI_START = frozenset("\U0001f4c5\u2705\u274c")


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


#: What :func:`_fields` reads from a task's text: (description, owner_token, due, done,
#: id, from_, tags, bad_dates, dropped_on).
Fields = tuple[
    str,
    "str | None",
    "dt.date | None",
    "dt.date | None",
    "str | None",
    "dt.date | None",
    list[str],
    list[str],
    "dt.date | None",
]
_DAYS: dict[str, dt.date] = {}  # dates read so far (a date is immutable: one may be shared)


def _day(value: str) -> dt.date | None:
    """The date ``value`` names; None when it is no date."""
    day = _DAYS.get(value)
    if day is None:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return None
        if len(_DAYS) < 10_000:
            _DAYS[value] = day
    return day


def _fields(text: str) -> Fields:
    """The tokens of a task's text (stripped, not empty) and the words left: each
    date token counts the first time its kind appears; a bad date is noted."""
    if "\U0001f4c5" in text or "\u2705" in text or "\u274c" in text:
        return _fields_by_word(text)  # an emoji and its date may be two words
    if not _TOKEN_RE:
        _TOKEN_RE.append(re.compile(_TOKEN))
    parts = _TOKEN_RE[0].split(text)
    if len(parts) == 1:  # no token
        return " ".join(text.split()), None, None, None, None, None, [], [], None
    due: dt.date | None = None
    done: dt.date | None = None
    from_: dt.date | None = None
    dropped_on: dt.date | None = None
    ident: str | None = None
    owner: str | None = None
    tags: list[str] = []
    bad: list[str] = []
    days = _DAYS
    for i in range(1, len(parts), 7):
        key = parts[i]
        if key is not None or parts[i + 2] is not None:
            value = parts[i + 1] if key is not None else parts[i + 2]
            day = days.get(value) or _day(value)
            if day is None:
                bad.append(value)
            elif key is None:  # from:
                from_ = from_ or day
            elif key == "ue":
                due = due or day
            elif key == "one":
                done = done or day
            else:  # ropped
                dropped_on = dropped_on or day
        elif parts[i + 3] is not None:
            ident = ident or parts[i + 3]
        elif parts[i + 4] is not None:
            owner = owner or "@" + parts[i + 4]
        else:
            tags.append(parts[i + 5].lower())
    description = " ".join("".join(parts[::7]).split())  # the text between the tokens
    return description, owner, due, done, ident, from_, tags, bad, dropped_on


# the field (of Fields) each date token sets (the first of its kind counts)
_EMOJI_FIELD = {"\U0001f4c5": 2, "\u2705": 3, "\u274c": 8}
_KEY_FIELD = {"due": 2, "done": 3, "from": 5, "dropped": 8}


def _fields_by_word(text: str) -> Fields:
    """:func:`_fields` one word at a time, Obsidian's date emoji included."""
    word_re = re.compile(WORD_PATTERN)  # re caches the compiled patterns
    date_re = re.compile(_DATE_PATTERN)
    out: list[Any] = ["", None, None, None, None, None, [], [], None]

    def set_date(index: int, value: str) -> None:
        day = _day(value)
        if day is None:
            out[7].append(value)
        elif out[index] is None:
            out[index] = day

    kept: list[str] = []
    words = text.split()
    i = 0
    count = len(words)
    while i < count:
        word = words[i]
        i += 1
        first = word[0]  # split() gives no empty word
        if first not in _TOKEN_START and first not in _EMOJI_START:
            kept.append(word)  # most words: no token
            continue
        if first in _EMOJI_START:  # Obsidian: "📅 2026-12-20", also glued
            emoji = word[0]
            rest = word[1:].lstrip("\ufe0f")
            if not rest and i < count and date_re.match(words[i]):
                rest = words[i]
                i += 1
            if date_re.match(rest):
                set_date(_EMOJI_FIELD[emoji], rest)
                continue
            kept.append(word)
            continue
        m = word_re.match(word)
        if m is None:
            kept.append(word)
        elif m.group("key"):
            set_date(_KEY_FIELD[m.group("key")], m.group("kdate"))
        elif m.group("id"):
            out[4] = out[4] or m.group("id")
        elif m.group("owner"):
            out[1] = out[1] or "@" + m.group("owner")
        elif m.group("tag"):
            out[6].append(m.group("tag").lower())
    out[0] = " ".join(kept)
    return tuple(out)


def parse_line(line: str) -> ParsedLine | None:
    """Parse one task-list line; None when the line is not a task item."""
    m = TASK_RE.match(line)
    if not m:
        return None
    prefix, mark, rest = m.groups()
    text = rest.strip()
    if not text:
        return None
    description, owner_token, due, done, ident, from_, tags, bad, dropped_on = _fields(text)
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


def parse_items(
    text: str, file: str, owners: Mapping[str, str], line_offset: int = 1
) -> tuple[list[Item], list[tuple[int, str]]]:
    """Items of a Markdown text; ``line_offset`` is the file line of its first line.

    Returns the items and ``(line, message)`` problems (bad dates in tokens).
    """
    lines = split_lines(text)
    found = simple_blocks.item_lines(lines, TASK_RE.match)  # plain Markdown: one pass
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
        if not task:
            continue
        description, owner_token, due, done, ident, from_, tags, bad, dropped_on = _fields(task)
        line = n + line_offset
        for value in bad:
            problems.append((line, f"{value!r} is not a date (YYYY-MM-DD)"))
        items.append(
            Item(
                file,
                line,
                len(items) + 1,
                mark in "xX",
                task,
                description,
                owners.get(owner_token[1:].lower()) if owner_token else None,
                owner_token,
                due,
                done,
                ident,
                from_,
                tags,
                mark == "-",
                dropped_on,
            )
        )
    return items, problems


# a task box at the start of a list item (the prefix TASK_RE reads)
_TASK_BOX = r"^([ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[([ xX-])\]"


def not_a_task(line: str) -> str:
    """``line`` with a leading task box escaped (``- \\[ ] x``): text copied into a
    template never becomes a new task item."""
    return re.sub(_TASK_BOX, r"\1\\[\2]", line)
