"""Before the partnership: prep.md, the prospects.md table, learning fit, the request.

Pure functions over text: parse prep.md, parse and edit the prospects table
(one row's line at a time, everything else byte for byte), rank prospects by
learning fit, and build the context of the drafted request. Reading and
writing files is the CLI's job, through :mod:`mentorlog.store.files`.

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

from mentorlog.errors import NotARepository, UsageError
from mentorlog.model import Problem

PREP = "prep.md"
PROSPECTS = "prospects.md"
ASK_DIR = "prospects"

SCORES = ("experience", "willingness", "time", "chemistry")
WEIGHTS = {"experience": 3, "willingness": 2, "time": 2, "chemistry": 1}
STATUSES = ("idea", "asked", "accepted", "declined")
COLUMNS = ("name", *SCORES, "status", "notes")
HEADERS = {
    "name": "Name",
    "experience": "Experience",
    "willingness": "Willingness",
    "time": "Time",
    "chemistry": "Chemistry",
    "status": "Status",
    "notes": "Notes",
}
# header text (lower-case, emphasis removed) -> column
HEADER_ALIASES = {
    "name": "name",
    "person": "name",
    "who": "name",
    "experience": "experience",
    "exp": "experience",
    "willingness": "willingness",
    "willing": "willingness",
    "time": "time",
    "time to mentor": "time",
    "availability": "time",
    "chemistry": "chemistry",
    "status": "status",
    "notes": "notes",
    "note": "notes",
    "why": "notes",
}
# titles a greeting keeps, with the surname: "Dear Dr. Raman", not "Dear Dr."
HONORIFICS = {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "miss", "sir", "dame"}
EMPTY_SCORES = {"", "-", "–", "—", "?", "n/a", "na"}


# ------------------------------------------------------------ the folder


def find_prep_root(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """The folder prep, prospect and ask work in.

    ``-C DIR`` when given; else the current folder when it holds prep.md or
    prospects.md; else the nearest folder up that holds agreement.md (a
    partnership prepared before ``init``); else the current folder.
    """
    if explicit is not None:
        return explicit.expanduser()
    here = (cwd or Path.cwd()).resolve()
    if (here / PREP).is_file() or (here / PROSPECTS).is_file():
        return here
    from mentorlog.store.paths import find_root

    try:
        return find_root(None, here)
    except NotARepository:
        return here


# ------------------------------------------------------------ lines


_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def lines_keepends(text: str) -> list[str]:
    """Lines with their endings (CRLF, CR or LF); joining them gives ``text`` back."""
    return _LINE_RE.findall(text)


def newline_of(text: str) -> str:
    m = re.search(r"\r\n|\r|\n", text)
    return m.group(0) if m else "\n"


def _strip_end(line: str) -> tuple[str, str]:
    content = line.rstrip("\r\n")
    return content, line[len(content) :]


def _visible_lines(text: str) -> list[tuple[int, str]]:
    """(0-based index, content) of the lines outside HTML comments and fenced code."""
    out: list[tuple[int, str]] = []
    in_comment = False
    fence: str | None = None
    for n, line in enumerate(lines_keepends(text)):
        content, _ = _strip_end(line)
        stripped = content.strip()
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            continue
        if in_comment:
            if "-->" in content:
                in_comment = False
                rest = content.split("-->", 1)[1]
                if rest.strip():
                    out.append((n, rest))
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            continue
        # drop comments that open and close on this line; note one left open
        content = re.sub(r"<!--.*?-->", "", content)
        if "<!--" in content:
            content, _ = content.split("<!--", 1)
            in_comment = True
        out.append((n, content))
    return out


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


def _plain(text: str) -> str:
    """Text without emphasis markers and runs of spaces."""
    text = re.sub(r"(\*\*|__)", "", text)
    return " ".join(text.split())


def _section_of(heading: str) -> str | None:
    low = heading.lower()
    for keyword, name in SECTIONS:
        if keyword in low:
            return name
    return None


def scope_key(text: str) -> tuple[str, str] | None:
    """``("length", "6 months")`` for a line such as ``Length: 6 months``."""
    m = _KEY_RE.match(_plain(text))
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
    for _n, content in _visible_lines(text):
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


# ------------------------------------------------------------ prospects.md


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
class Table:
    """Where the prospects table sits in the file (0-based line indexes)."""

    header: int
    delimiter: int
    rows: list[int]
    columns: list[str | None]  # per cell of the header: the column, or None (an extra one)
    labels: list[str]  # the header cells as written (trimmed)
    raw: list[str]  # the header cells as written, for the padding of new rows
    leading_pipe: bool
    trailing_pipe: bool

    @property
    def end(self) -> int:
        """Index of the line after the table."""
        return (self.rows[-1] if self.rows else self.delimiter) + 1

    def index(self, column: str) -> int | None:
        return self.columns.index(column) if column in self.columns else None


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


_PIPE_RE = re.compile(r"(?<!\\)\|")
_DELIM_CELL_RE = re.compile(r"^[ \t]*:?-+:?[ \t]*$")


def split_row(content: str) -> tuple[list[str], int, int]:
    """``(parts, first, last)``: the cells of a table row are ``parts[first:last]``.

    Joining ``parts`` with ``|`` gives the line back.
    """
    parts = _PIPE_RE.split(content)
    first = 1 if len(parts) > 1 and not parts[0].strip() else 0
    last = len(parts)
    if len(parts) - 1 > first and not parts[-1].strip():
        last = len(parts) - 1
    return parts, first, last


def cells_of(content: str) -> list[str]:
    parts, first, last = split_row(content)
    return parts[first:last]


def _is_row(content: str) -> bool:
    return bool(content.strip()) and _PIPE_RE.search(content) is not None


def _is_delimiter(content: str) -> bool:
    cells = cells_of(content)
    return bool(cells) and _is_row(content) and all(_DELIM_CELL_RE.match(c) for c in cells)


def unescape(cell: str) -> str:
    return cell.strip().replace("\\|", "|")


def escape(value: str) -> str:
    return " ".join(value.split()).replace("|", "\\|")


def _column_of(label: str) -> str | None:
    key = " ".join(re.sub(r"[*_`]", "", label).lower().split())
    return HEADER_ALIASES.get(key)


def find_table(text: str) -> Table | None:
    """The first table whose header has a Name column."""
    visible = _visible_lines(text)
    for pos in range(len(visible) - 1):
        n, content = visible[pos]
        n2, below = visible[pos + 1]
        if n2 != n + 1 or not _is_row(content) or not _is_delimiter(below):
            continue
        raw = cells_of(content)
        columns: list[str | None] = []
        for label in raw:
            column = _column_of(label)
            columns.append(column if column not in columns else None)
        if "name" not in columns:
            continue
        rows: list[int] = []
        expected = n2 + 1
        for m, row in visible[pos + 2 :]:
            if m != expected or not _is_row(row):
                break
            rows.append(m)
            expected += 1
        stripped = content.strip()
        return Table(
            header=n,
            delimiter=n2,
            rows=rows,
            columns=columns,
            labels=[unescape(c) for c in raw],
            raw=raw,
            leading_pipe=stripped.startswith("|"),
            trailing_pipe=stripped.endswith("|") and not stripped.endswith("\\|"),
        )
    return None


def _unread_table(text: str, shown: str) -> list[Problem]:
    """A warning for a header row with a Name column but no |---| line below it.

    Without that line it is no table (in Markdown, and for mentorlog): its rows
    would be skipped in silence, and ``prospect add`` starts a table of its own.
    """
    visible = _visible_lines(text)
    for pos, (n, content) in enumerate(visible):
        if not _is_row(content) or _is_delimiter(content):
            continue
        if "name" not in [_column_of(label) for label in cells_of(content)]:
            continue
        below = visible[pos + 1] if pos + 1 < len(visible) else None
        if below is None or below[0] != n + 1 or not _is_delimiter(below[1]):
            return [
                Problem(
                    shown,
                    n + 1,
                    "this header row has no separator line below it (| --- | --- |), so it "
                    "starts no table and its rows are not read; add that line",
                    "warning",
                )
            ]
    return []


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
        return Prospects([], None, _unread_table(text, shown))
    lines = lines_keepends(text)
    prospects: list[Prospect] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for n in table.rows:
        content, _ = _strip_end(lines[n])
        cells = [unescape(c) for c in cells_of(content)]
        values: dict[str, str] = {}
        extra: dict[str, str] = {}
        for i, column in enumerate(table.columns):
            cell = cells[i] if i < len(cells) else ""
            if column is None:
                extra[table.labels[i]] = cell
            else:
                values[column] = cell
        name = _plain(values.get("name", ""))
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
        status = _plain(values.get("status", "")).lower() or "idea"
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


def _fit_cell(old: str, value: str) -> str:
    """``value`` in place of the raw cell ``old``, keeping its padding where it fits."""
    lead = len(old) - len(old.lstrip(" \t"))
    new = " " * max(lead, 1) + value if value else " " * max(lead, 1)
    if len(new) + 1 <= len(old):
        return new.ljust(len(old))
    return new + " "


def set_cells(text: str, table: Table, line: int, values: dict[str, str]) -> str:
    """``text`` with the row on ``line`` (1-based) holding ``values`` (column -> text).

    Only that row's line changes, and in it only the cells named; a row with
    too few cells is extended.
    """
    lines = lines_keepends(text)
    content, ending = _strip_end(lines[line - 1])
    parts, first, last = split_row(content)
    cells = parts[first:last]
    original = len(cells)
    changed: set[int] = set()
    for column, value in values.items():
        k = table.index(column)
        if k is None:
            raise UsageError(
                f"{PROSPECTS} has no {HEADERS[column]} column; add it to the table's header row"
            )
        while len(cells) <= k:
            if cells and not cells[-1].endswith((" ", "\t")):
                cells[-1] += " "  # "Kim | 2" + status: "Kim | 2 | asked"
            cells.append(" ")
        cells[k] = _fit_cell(cells[k], escape(value))
        changed.add(k)
    if last == len(parts) and (len(cells) - 1 in changed or len(cells) > original):
        cells[-1] = cells[-1].rstrip(" ")  # no trailing pipe: no trailing spaces either
    lines[line - 1] = "|".join(parts[:first] + cells + parts[last:]) + ending
    return "".join(lines)


def new_row(table: Table, values: dict[str, str]) -> str:
    """A table row (no line ending) in the header's style: its pipes and its cells' padding."""
    cells = []
    for i, column in enumerate(table.columns):
        value = escape(values.get(column, "")) if column else ""
        raw = table.raw[i]
        lead = len(raw) - len(raw.lstrip())
        cell = (" " * lead + value).ljust(len(raw))
        if not cell.endswith(" ") and (i + 1 < len(table.columns) or table.trailing_pipe):
            cell += " "
        cells.append(cell)
    if not table.trailing_pipe:
        while len(cells) > 1 and not cells[-1].strip():
            cells.pop()
    row = "|".join(cells)
    if table.leading_pipe:
        row = "|" + row
    if table.trailing_pipe:
        row = row + "|"
    return row.rstrip()


def default_table() -> str:
    header = "| " + " | ".join(HEADERS[c] for c in COLUMNS) + " |"
    delimiter = "|" + "|".join("-" * (len(HEADERS[c]) + 2) for c in COLUMNS) + "|"
    return header + "\n" + delimiter + "\n"


def add_row(text: str, values: dict[str, str]) -> tuple[str, int]:
    """``text`` with a new row after the table's last one; ``(new_text, its 1-based line)``.

    Without a table, the default table is appended first.
    """
    newline = newline_of(text)
    table = find_table(text)
    if table is None:
        sep = "" if not text or text.endswith(("\n", "\r")) else newline
        gap = newline if text.strip() and not text.endswith(newline * 2) else ""
        text = text + sep + gap + default_table().replace("\n", newline)
        table = find_table(text)
        assert table is not None
    for column in values:
        if values[column] and table.index(column) is None:
            raise UsageError(
                f"{PROSPECTS} has no {HEADERS[column]} column; add it to the table's header row"
            )
    lines = lines_keepends(text)
    at = table.end
    if at > 0 and not lines[at - 1].endswith(("\n", "\r")):
        lines[at - 1] += newline
    lines.insert(at, new_row(table, values) + newline)
    return "".join(lines), at + 1


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
    from mentorlog.rules.schedule import CadenceError, parse_cadence

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
