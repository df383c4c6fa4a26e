"""The text of a task line: its tokens and the words left (the description).

A token is a whole word: ``@owner``, ``due:DATE``, ``done:DATE``, ``dropped:DATE``,
``from:DATE``, ``id:xxxx``, ``#tag``, or an Obsidian date (``📅 DATE``, ``✅ DATE``,
``❌ DATE``). :func:`fields` reads them from any text; the task lines of plain
Markdown are read from the match of :data:`ITEM_LINE` that found them
(:func:`scanned_rows`), the common shape of a task's text in one match.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from mentorlog.model import Item
from mentorlog.model.item_rows import row

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
#: White space other than the space: what str.split() splits at besides it (a test
#: holds it to str.isspace), as the inside of a character class.
OTHER_SPACE = r"\t-\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_BY = r"(?: |$)"  # after a word: a space, or the end of the line
# A task line from its box on, for simple_blocks.item_scan (multi-line: "$" ends a
# line): the mark, then either the common shape of a task's text, read whole, or any
# other text (group 11, read as TASK_RE's rest is). The common shape: words separated
# by spaces (a double space is checked after), an owner first, then words that hold no
# "@", "#" or ":" (so no token, nor an Obsidian date emoji, is among them), then tokens
# in the order mentorlog writes them, each kind once. Groups: 1 mark, 2 text, 3 owner,
# 4 the words (with the space after them when tokens follow), 5 tag, 6 due, 7 id,
# 8 from, 9 done, 10 dropped. (Optional parts are written "(?:...|)": fewer steps.)
ITEM_LINE = (
    r"\[([ xX-])\](?: (?! )("
    rf"(?:@([\w.-]*\w){_BY}|)"
    rf"([^@#:{OTHER_SPACE}\U0001f4c5\u2705\u274c]*)"
    rf"(?:(?<= )(?:#([\w-]+){_BY}|)(?:due:({DATE}){_BY}|)(?:id:([a-z0-9]+){_BY}|)"
    rf"(?:from:({DATE}){_BY}|)(?:done:({DATE}){_BY}|)(?:dropped:({DATE}){_BY}|)|)"
    r")(?<! )$|((?:[ \t][^\n]*)?)$)"
)
_TOKEN_START = frozenset("dfi@#")
_EMOJI_START = frozenset("\U0001f4c5\u2705\u274c")

#: What :func:`fields` reads from a task's text: (description, owner_token, due, done,
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
_ORDINALS: dict[str, int] = {}  # the same, as day ordinals (what a kept row holds)


def read_day(value: str) -> dt.date | None:
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


def read_ordinal(value: str) -> int | None:
    """The day ordinal of the date ``value`` names; None when it is no date."""
    found = _ORDINALS.get(value)
    if found is None:
        day = read_day(value)
        if day is None:
            return None
        found = day.toordinal()
        if len(_ORDINALS) < 10_000:
            _ORDINALS[value] = found
    return found


def fields(text: str) -> Fields:
    """The tokens of a task's text (stripped, not empty) and the words left: each
    date token counts the first time its kind appears; a bad date is noted."""
    if "\U0001f4c5" in text or "\u2705" in text or "\u274c" in text:
        return fields_by_word(text)  # an emoji and its date may be two words
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
            day = days.get(value) or read_day(value)
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


def fields_by_word(text: str) -> Fields:
    """:func:`fields` one word at a time, Obsidian's date emoji included."""
    word_re = re.compile(WORD_PATTERN)  # re caches the compiled patterns
    date_re = re.compile(_DATE_PATTERN)
    out: list[Any] = ["", None, None, None, None, None, [], [], None]

    def set_date(index: int, value: str) -> None:
        day = read_day(value)
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


def scanned_rows(
    found: list[tuple[int, re.Match[str]]], file: str, owners: Mapping[str, str], line_offset: int
) -> tuple[list[tuple[Any, ...]], list[tuple[int, str]]]:
    """The items of the lines simple_blocks.item_scan found with :data:`ITEM_LINE`, as
    kept rows (:func:`mentorlog.model.item_rows.row`; items are made from them,
    :func:`~mentorlog.model.item_rows.items_back`): a text of the common shape is
    read from the match, any other (or one with a bad date) by :func:`fields`."""
    rows: list[tuple[Any, ...]] = []
    problems: list[tuple[int, str]] = []
    days = _ORDINALS
    for n, m in found:
        _, mark, task, owner, words, tag, due, ident, frm, done, dropped, rest, _, _ = m.groups()
        line = n + line_offset
        if task is not None and "  " not in task:
            due_day = None if due is None else days.get(due) or read_ordinal(due)
            from_day = None if frm is None else days.get(frm) or read_ordinal(frm)
            done_day = None if done is None else days.get(done) or read_ordinal(done)
            dropped_day = None if dropped is None else days.get(dropped) or read_ordinal(dropped)
            if (
                (due_day is None) == (due is None)
                and (from_day is None) == (frm is None)
                and (done_day is None) == (done is None)
                and (dropped_day is None) == (dropped is None)
            ):
                rows.append(
                    (
                        line,
                        len(rows) + 1,
                        mark in "xX",
                        task,
                        words.removesuffix(" "),
                        owner and "@" + owner,
                        due_day,
                        done_day,
                        ident,
                        from_day,
                        [] if tag is None else [tag.lower()],
                        mark == "-",
                        dropped_day,
                    )
                )
                continue
        task = (rest if task is None else task).strip()
        if task:
            rows.append(row(general_item(task, mark, file, line, len(rows) + 1, owners, problems)))
    return rows, problems


def general_item(
    task: str,
    mark: str,
    file: str,
    line: int,
    index: int,
    owners: Mapping[str, str],
    problems: list[tuple[int, str]],
) -> Item:
    """The item of a task's text (after its box ``[mark]``) read the general way
    (:func:`fields`); a token with a bad date adds a problem on ``line``."""
    description, owner_token, due, done, ident, from_, tags, bad, dropped_on = fields(task)
    for value in bad:
        problems.append((line, f"{value!r} is not a date (YYYY-MM-DD)"))
    return Item(
        file,
        line,
        index,
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
