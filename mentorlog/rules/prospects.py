"""Prospective mentors: the rows of prospects.md, their learning fit and ranking,
and the file of the request drafted for one.

Pure functions over the file's text; the table itself (finding it, editing a
row byte for byte) is :mod:`mentorlog.rules.prospect_table`.

Learning fit: experience weighs 3, willingness 2, time 2, chemistry 1; over
the scores that are present, ``fit = round(100 * sum(w * (s - 1)) / sum(w * 4))``
(half rounds up), so all 5s are 100 and all 1s are 0. No score at all: no fit.
Coverage is how many of the four scores are present. Ranking uses the fit
with each missing score counted as the lowest (1), so a prospect rises as
what is known about them is good, never by what is unknown: two high scores
alone do not outrank a prospect scored fully and well.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from mentorlog.errors import UsageError
from mentorlog.model import Problem
from mentorlog.rules.prospect_table import (
    HEADERS,
    PROSPECTS,
    SCORES,
    Table,
    add_row,
    find_table,
    set_cells,
    unread_table,
)
from mentorlog.text.lines import plain

ASK_DIR = "prospects"
WEIGHTS = {"experience": 3, "willingness": 2, "time": 2, "chemistry": 1}
STATUSES = ("idea", "asked", "accepted", "declined")
# titles a greeting keeps, with the surname: "Dear Dr. Raman", not "Dear Dr."
HONORIFICS = {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "sir", "dame"}
EMPTY_SCORES = {"", "-", "–", "—", "?", "n/a", "na"}


def short_name(name: str) -> str:
    """How to address someone: "Sam" for Sam Lee, "Dr. Raman" for Dr. Priya Raman."""
    words = name.split()
    if len(words) > 1 and words[0].rstrip(".").casefold() in HONORIFICS:
        return f"{words[0]} {words[-1]}"
    return words[0] if words else name


@dataclass
class Prospect:
    name: str
    scores: dict[str, int | None]
    status: str
    notes: str
    line: int  # 1-based line of its table row
    extra: dict[str, str] = field(default_factory=dict)  # columns mentorlog does not know

    @property
    def fit(self) -> int | None:
        return fit(self.scores)

    @property
    def missing(self) -> list[str]:
        return [s for s in SCORES if self.scores.get(s) is None]

    @property
    def coverage(self) -> int:
        """How many of the four scores are present."""
        return len(SCORES) - len(self.missing)

    @property
    def rank_fit(self) -> int | None:
        """The fit with every missing score counted as the lowest (what ranking uses)."""
        return (
            fit({s: 1 if v is None else v for s, v in self.scores.items()})
            if self.coverage
            else None
        )

    @property
    def first_name(self) -> str:
        return short_name(self.name)


@dataclass
class Prospects:
    prospects: list[Prospect]
    table: Table | None
    problems: list[Problem]


def fit(scores: dict[str, int | None]) -> int | None:
    """Learning fit 0-100 over the scores present (see the module's docstring)."""
    num = den = 0
    for key, weight in WEIGHTS.items():
        value = scores.get(key)
        if value is None:
            continue
        num += weight * (value - 1)
        den += weight * 4
    if den == 0:
        return None
    return (200 * num + den) // (2 * den)


def ranked(prospects: list[Prospect]) -> list[Prospect]:
    """Best fit first, counting missing scores as the lowest (``rank_fit``); ties:
    the higher fit over the scores present, more scores present, then by name,
    then file order. Prospects without any score come last.
    """
    return sorted(
        prospects,
        key=lambda p: (
            p.fit is None,
            -(p.rank_fit or 0),
            -(p.fit or 0),
            len(p.missing),
            p.name.casefold(),
            p.line,
        ),
    )


def parse_score(raw: str) -> int | None:
    """1-5 (also "4/5"); None for an empty cell, "-" or "?"; ValueError otherwise."""
    value = re.sub(r"[*_`]", "", raw).strip().lower()
    if value in EMPTY_SCORES:
        return None
    m = re.fullmatch(r"([1-5])(?:[ \t]*/[ \t]*5)?", value)
    if not m:
        raise ValueError(raw)
    return int(m.group(1))


def parse_prospects(text: str, shown: str = PROSPECTS) -> Prospects:
    """The prospects of the table; odd cells become warnings, never errors."""
    table = find_table(text)
    if table is None:
        return Prospects([], None, unread_table(text, shown))
    prospects: list[Prospect] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for n in table.rows:
        cells = table.cells[n]
        values: dict[str, str] = {}
        extra: dict[str, str] = {}
        for i, column in enumerate(table.columns):
            cell = cells[i] if i < len(cells) else ""
            if column is None:
                extra[table.labels[i]] = cell
            else:
                values[column] = cell
        name = plain(values.get("name", ""))
        if not name:
            if any(c for c in cells):
                problems.append(Problem(shown, n + 1, "a row without a name is skipped", "warning"))
            continue
        scores: dict[str, int | None] = {}
        for score in SCORES:
            try:
                scores[score] = parse_score(values.get(score, ""))
            except ValueError:
                scores[score] = None
                problems.append(
                    Problem(
                        shown,
                        n + 1,
                        f"{HEADERS[score]} {values[score]!r} of {name} is not a score from "
                        "1 to 5; it is left out of the fit",
                        "warning",
                    )
                )
        status = plain(values.get("status", "")).lower() or "idea"
        if status not in STATUSES:
            problems.append(
                Problem(
                    shown,
                    n + 1,
                    f"status {status!r} of {name} is not one of: {', '.join(STATUSES)}",
                    "warning",
                )
            )
        key = name.casefold()
        if key in seen:
            problems.append(
                Problem(
                    shown, n + 1, f"{name} is listed twice (also on line {seen[key]})", "warning"
                )
            )
        else:
            seen[key] = n + 1
        prospects.append(Prospect(name, scores, status, values.get("notes", ""), n + 1, extra))
    return Prospects(prospects, table, problems)


def find_prospect(prospects: list[Prospect], query: str, shown: str = PROSPECTS) -> Prospect:
    """The prospect named ``query``: the full name, or a unique first name or prefix."""
    key = " ".join(query.split()).casefold()
    if not key:
        raise UsageError("give the prospect's name")
    exact = [p for p in prospects if p.name.casefold() == key]
    if len(exact) > 1:
        raise UsageError(
            f"{exact[0].name} is listed twice in {shown} (lines "
            f"{', '.join(str(p.line) for p in exact)}); remove one row"
        )
    if exact:
        return exact[0]
    partial = [
        p
        for p in prospects
        if p.name.casefold().startswith(key) or key in p.name.casefold().split()
    ]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise UsageError(
            f"{query!r} matches {', '.join(p.name for p in partial)} in {shown}; give the full name"
        )
    known = ", ".join(p.name for p in prospects) or "none yet"
    raise UsageError(
        f"no prospect named {query!r} in {shown} (known: {known}); "
        f'add one with: mentorlog prospect add "{" ".join(query.split())}"'
    )


def add_prospect(text: str, name: str, values: dict[str, str], shown: str = PROSPECTS) -> str:
    """``text`` with a row for ``name``; UsageError when the name is there already."""
    name = " ".join(name.split())
    if not name:
        raise UsageError("give the prospect's name")
    for p in parse_prospects(text, shown).prospects:
        if p.name.casefold() == name.casefold():
            raise UsageError(
                f"{p.name} is already in {shown}:{p.line}; change the row with: "
                f'mentorlog prospect set "{p.name}" ...'
            )
    new, _ = add_row(text, {"name": name, **values})
    return new


def set_prospect(
    text: str, query: str, values: dict[str, str], shown: str = PROSPECTS
) -> tuple[str, Prospect]:
    """``text`` with the named prospect's row holding ``values``; the prospect as it was."""
    parsed = parse_prospects(text, shown)
    if parsed.table is None:
        raise UsageError(f"{shown} has no table with a Name column")
    prospect = find_prospect(parsed.prospects, query, shown)
    return set_cells(text, parsed.table, prospect.line, values), prospect


# ------------------------------------------------------------ the request


def slugify(name: str) -> str:
    """``sam-lee`` for "Sam Lee", ``jose-nunez`` for "José Núñez"."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:  # a name in a script without ASCII letters
        slug = re.sub(r"[^\w]+", "-", name.lower()).strip("-")
    return slug or "prospect"


def ask_path(name: str) -> Path:
    return Path(ASK_DIR) / f"{slugify(name)}.md"


def accepted_mentor(text: str) -> str | None:
    """The name of the one prospect whose status is accepted, or None (none, or several)."""
    accepted = [p for p in parse_prospects(text).prospects if p.status == "accepted"]
    return accepted[0].name if len(accepted) == 1 else None
