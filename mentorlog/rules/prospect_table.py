"""The prospects table (prospects.md): find it, read its cells, edit one row's cells.

markdown-it-py's table rule says which lines are the table; rows are edited
line by line here, so every byte outside the cells changed stays as it was.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mentorlog.errors import UsageError
from mentorlog.model import Problem
from mentorlog.text.lines import lines_keepends, newline_of, strip_end, visible_lines

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

PROSPECTS = "prospects.md"
SCORES = ("experience", "willingness", "time", "chemistry")
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
    cells: dict[int, list[str]] = field(default_factory=dict)  # row line -> its cells' text

    @property
    def end(self) -> int:
        """Index of the line after the table."""
        return (self.rows[-1] if self.rows else self.delimiter) + 1

    def index(self, column: str) -> int | None:
        return self.columns.index(column) if column in self.columns else None


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
    """The first table whose header has a Name column.

    markdown-it-py's table rule (GFM) says which lines are a table (so a table in
    fenced code or an HTML comment is none) and gives the cells of its rows. The
    header's cells are split from its line here, to keep their padding for new
    rows. The rows end at the first line without a ``|``: GFM would read such a
    line as one more row (a note written under the table would become a
    prospect), so it is read as text.
    """
    lines = lines_keepends(text)
    tokens = _table_parser().parse(text)
    for k, token in enumerate(tokens):
        if token.type != "table_open" or token.map is None:
            continue
        n, end = token.map
        content, _ = strip_end(lines[n])
        raw = cells_of(content)
        columns: list[str | None] = []
        for label in raw:
            column = _column_of(label)
            columns.append(column if column not in columns else None)
        if "name" not in columns:
            continue
        cells = _row_cells(tokens, k)
        rows: list[int] = []
        for m in range(n + 2, end):
            if not _is_row(strip_end(lines[m])[0]):
                break
            rows.append(m)
        stripped = content.strip()
        return Table(
            header=n,
            delimiter=n + 1,
            rows=rows,
            columns=columns,
            labels=[unescape(c) for c in raw],
            raw=raw,
            leading_pipe=stripped.startswith("|"),
            trailing_pipe=stripped.endswith("|") and not stripped.endswith("\\|"),
            cells={m: cells[m] for m in rows},
        )
    return None


@functools.cache
def _table_parser() -> MarkdownIt:
    """CommonMark with GitHub's tables, made once (imported here: startup speed)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _row_cells(tokens: Sequence[Token], start: int) -> dict[int, list[str]]:
    """0-based line -> the cells of each body row of the table opened at ``tokens[start]``
    (as many as the header has; ``\\|`` read as ``|``, spaces around trimmed)."""
    out: dict[int, list[str]] = {}
    row: list[str] | None = None
    for token in tokens[start:]:
        if token.type == "table_close":
            break
        if token.type == "tr_open" and token.map is not None:
            row = out.setdefault(token.map[0], [])
        elif token.type == "inline" and row is not None:
            row.append(token.content)
    return out


def unread_table(text: str, shown: str) -> list[Problem]:
    """A warning for a header row with a Name column but no |---| line below it, or
    one with another number of cells.

    Without that line it is no table (in Markdown, and for mentorlog): its rows
    would be skipped in silence, and ``prospect add`` starts a table of its own.
    """
    visible = visible_lines(text)
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
        header, separator = len(cells_of(content)), len(cells_of(below[1]))
        if header != separator:
            return [
                Problem(
                    shown,
                    n + 1,
                    f"this header row has {header} cells and the separator line below it "
                    f"{separator}, so it starts no table and its rows are not read; give "
                    "them the same number of cells",
                    "warning",
                )
            ]
    return []


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
    content, ending = strip_end(lines[line - 1])
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
