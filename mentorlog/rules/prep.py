"""Before the partnership: prep.md (why, what to bring, goals, the scope) and what
``init`` can take from it.

Pure functions over text; the folder to work in is found by
:mod:`mentorlog.store.prep_folder`. The prospects are :mod:`mentorlog.rules.prospects`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mentorlog.rules.schedule import CadenceError, parse_cadence
from mentorlog.text.lines import plain, visible_lines

PREP = "prep.md"


# ------------------------------------------------------------ prep.md


SCOPE_KEYS = {
    "length": "length",
    "length of commitment": "length",
    "commitment": "length",
    "how long": "length",
    "how often": "how_often",
    "frequency": "how_often",
    "meetings": "how_often",
    "where": "where",
    "where to meet": "where",
    "place": "where",
    "feedback": "feedback",
    "feedback wanted": "feedback",
}
_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_LIST_RE = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(.*))?$")
_KEY_RE = re.compile(r"^([A-Za-z][A-Za-z /'-]*?)[ \t]*:[ \t]*(.*)$")


@dataclass
class Scope:
    length: str = ""
    how_often: str = ""
    where: str = ""
    feedback: str = ""


@dataclass
class Prep:
    """What prep.md says (every part may be empty)."""

    reasons: list[str] = field(default_factory=list)
    bring: list[str] = field(default_factory=list)
    expect: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    scope: Scope = field(default_factory=Scope)
    qualities: list[str] = field(default_factory=list)
    readiness: list[str] = field(default_factory=list)


# section heading keyword -> Prep field; the first keyword a heading contains wins
SECTIONS = (
    ("scope", "scope"),
    ("goal", "goals"),
    ("why", "reasons"),
    ("reason", "reasons"),
    ("bring", "bring"),
    ("expect", "expect"),
    ("qualit", "qualities"),
    ("ideal", "qualities"),
    ("ready", "readiness"),
    ("readiness", "readiness"),
)


def _section_of(heading: str) -> str | None:
    low = heading.lower()
    for keyword, name in SECTIONS:
        if keyword in low:
            return name
    return None


def scope_key(text: str) -> tuple[str, str] | None:
    """``("length", "6 months")`` for a line such as ``Length: 6 months``."""
    m = _KEY_RE.match(plain(text))
    if not m:
        return None
    key = SCOPE_KEYS.get(" ".join(m.group(1).lower().split()))
    return (key, m.group(2).strip()) if key else None


def parse_prep(text: str) -> Prep:
    """Read prep.md: list items per section, and the scope's ``- Key: value`` lines.

    Sections are found by words in their headings (why, bring, expect, goal,
    scope, qualities/ideal, readiness), so renamed or reordered headings still
    work. Comments, fenced code and empty list items are skipped. Scope lines
    are read in the Scope section, or in the goals section when there is none.
    """
    prep = Prep()
    blocks: dict[str, list[str]] = {}
    current: str | None = None
    paragraph: list[str] = []

    def flush() -> None:
        if current is not None and paragraph:
            blocks.setdefault(current, []).append(" ".join(paragraph))
        paragraph.clear()

    last_was_item = False
    for _n, content in visible_lines(text):
        heading = _HEADING_RE.match(content)
        if heading:
            flush()
            current = _section_of(heading.group(2)) if len(heading.group(1)) > 1 else None
            last_was_item = False
            continue
        if current is None:
            continue
        item = _LIST_RE.match(content)
        if item:
            flush()
            value = " ".join((item.group(1) or "").split())
            if value and last_was_item and content[:1] in (" ", "\t"):
                blocks[current][-1] += "; " + value  # a nested item: a detail of the one above
            elif value:
                blocks.setdefault(current, []).append(value)
                last_was_item = True
            else:
                last_was_item = False
        elif scope_key(content) is not None:  # "Length: 6 months" without a list marker
            flush()
            blocks.setdefault(current, []).append(" ".join(content.split()))
            last_was_item = False
        elif not content.strip():
            flush()
            last_was_item = False
        elif last_was_item and content[:1] in (" ", "\t"):
            blocks[current][-1] += " " + " ".join(content.split())
        else:
            paragraph.append(" ".join(content.split()))
            last_was_item = False
    flush()

    scope_lines = blocks.get("scope") or blocks.get("goals", [])
    for line in scope_lines:
        found = scope_key(line)
        if found and not getattr(prep.scope, found[0]):
            setattr(prep.scope, found[0], found[1])
    for name in ("reasons", "bring", "expect", "qualities", "readiness"):
        setattr(prep, name, blocks.get(name, []))
    prep.goals = [g for g in blocks.get("goals", []) if scope_key(g) is None]
    return prep


NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "other": 2,  # "every other week"
}


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def scope_months(length: str) -> int | None:
    """Months in a Length such as "6 months", "six months", "a year", "1 year"; else None."""
    m = re.fullmatch(r"(\w+)[ \t-]+(months?|years?)", " ".join(length.lower().split()))
    if not m:
        return None
    n = _number(m.group(1))
    if n is None or n < 1:
        return None
    return n * 12 if m.group(2).startswith("year") else n


def scope_cadence(how_often: str) -> str | None:
    """A cadence for How often: "weekly", "every two weeks", "every other week", "monthly".

    Only the part before the first comma counts ("every two weeks, about an
    hour"); anything the cadence grammar cannot hold gives None.
    """
    words = " ".join(how_often.split(",")[0].lower().split())
    m = re.fullmatch(r"(?:once )?every (\w+) weeks?", words)
    if m:
        n = _number(m.group(1))
        if n is None or n < 1:
            return None
        return {1: "weekly", 2: "biweekly"}.get(n, f"every {n} weeks")
    if words in ("every week", "once a week"):
        return "weekly"
    if words in ("once a month", "every month"):
        return "monthly"
    try:
        parse_cadence(words)
    except CadenceError:
        return None
    return words


def init_defaults(prep: Prep) -> dict[str, object]:
    """What ``init`` can take from prep.md's scope: months, cadence, location."""
    out: dict[str, object] = {}
    months = scope_months(prep.scope.length)
    if months is not None and months <= 60:
        out["months"] = months
    cadence = scope_cadence(prep.scope.how_often)
    if cadence is not None:
        out["cadence"] = cadence
    if prep.scope.where:
        out["location"] = prep.scope.where
    return out
