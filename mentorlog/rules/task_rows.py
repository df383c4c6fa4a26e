"""The kept task table made from the items' rows, without making items or tasks.

The first command to want the tasks of a set of files keeps them
(:mod:`mentorlog.rules.task_table`), and a cold read has every meeting's items
as rows (:mod:`mentorlog.model.item_rows`), not yet made. Most tasks are one
item never carried: their fields are read from the row. A carried task's
copies are merged from their rows as ``collect`` merges the items
(:func:`merged_row`). The command then makes, from the table, only the tasks
it shows. A test holds the table to the one packed from the tasks ``collect``
computes from the items; the counts of ``status`` (:func:`states`) and the
ticked and dropped ids (:func:`id_sets`) are read from the rows the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from mentorlog.model import Goal, Item, Meeting, Partnership
from mentorlog.model.item_rows import Row, rows_of
from mentorlog.model.names import meeting_key
from mentorlog.model.owners import owner_map
from mentorlog.rules import refs, task_table
from mentorlog.rules.refs import seeded_refs, seeds_of
from mentorlog.rules.task_table import Task


@functools.lru_cache(maxsize=4096)
def file_facts(file: str) -> tuple[dt.date | None, tuple[dt.date, int] | None, bool]:
    """``(date, meeting key, in a goal file)`` of an item's file: asked for every copy,
    worked out once per file name."""
    key = meeting_key(file)
    return (key[0] if key else None), key, file.startswith("goals/")


def _source(path: str) -> str:
    """What :attr:`Item.source` is for the items of ``path``."""
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.endswith(".md") else name


@functools.lru_cache(maxsize=4096)
def _row_facts(file: str) -> tuple[int | None, tuple[dt.date, int] | None, bool]:
    """:func:`file_facts` with the date as a day ordinal (what a row holds)."""
    day, key, in_goal = file_facts(file)
    return (None if day is None else day.toordinal()), key, in_goal


_MAX_DAY = dt.date.max.toordinal()
_NO_MEETING = (dt.date.min, 0)

#: What :func:`merged_row` gives: the origin's and the latest copy's positions, ticked,
#: dropped, and the done, dropped and from dates (day ordinals, or None).
Merged = tuple[int, int, bool, bool, "int | None", "int | None", "int | None"]


def merged_row(copies: list[tuple[str, Row]]) -> Merged:
    """What ``followthrough._merged_task`` makes of several copies, each a file and
    its row: which copy is the origin (a goal's, then one written in its own
    meeting, earliest meeting first) and which the latest, and the task's dates
    (a property test holds the two to each other)."""
    origin = latest = 0
    origin_rank: tuple[int, int, str, int] | None = None
    latest_rank: tuple[tuple[dt.date, int], int] | None = None
    done: int | None = None
    ticked = dropped_any = False
    dropped_on: int | None = None
    from_: int | None = None
    for k, (file, row) in enumerate(copies):
        day, key, in_goal = _row_facts(file)
        line, frm = row[0], row[9]
        written_here = frm is None or frm == day
        rank = (0 if in_goal else 1 if written_here else 2, day or _MAX_DAY, file, line)
        if origin_rank is None or rank < origin_rank:
            origin, origin_rank = k, rank
        late = (key or _NO_MEETING, line)
        if latest_rank is None or late > latest_rank:
            latest, latest_rank = k, late
        if row[2]:
            ticked = True
            if row[7] is not None and (done is None or row[7] < done):
                done = row[7]
        if row[11]:
            dropped_any = True
            if row[12] is not None and (dropped_on is None or row[12] < dropped_on):
                dropped_on = row[12]
        for start in (frm, day):  # the earliest of the from: dates and meeting dates
            if start is not None and (from_ is None or start < from_):
                from_ = start
    return origin, latest, ticked, dropped_any and not ticked, done, dropped_on, from_


class _Owners(dict[str | None, str | None]):
    """``@name`` as written -> the role it names (None for none), each resolved once."""

    def __init__(self, p: Partnership):
        super().__init__()
        self.names = owner_map(p.agreement.mentee, p.agreement.mentor)

    def __missing__(self, token: str | None) -> str | None:
        owner = self[token] = self.names.get(token[1:].lower()) if token else None
        return owner


#: Each file's position (as the table gives it: a goal's is -1 - its own) -> its
#: path and rows; each task's copies (positions), by id or (SOURCE, n), in file order
#: of their first copy; the owners.
Grouped = tuple[dict[int, tuple[str, list[Row]]], dict[Any, list[tuple[int, int]]], _Owners]


def _grouped(p: Partnership) -> Grouped | None:
    """Every item's row, grouped as ``followthrough.group_copies`` groups the items;
    None when a file's items have no rows, or two files share a name (their
    SOURCE#n would be one key: the tasks are computed then)."""
    owners = _Owners(p)
    found: dict[int, tuple[str, list[Row]]] = {}
    groups: dict[Any, list[tuple[int, int]]] = {}
    sources: set[str] = set()
    documents: list[Meeting | Goal] = [*p.meetings, *p.goals]
    for k, document in enumerate(documents):
        rows = rows_of(document, owners.names)
        path = document.path
        source = _source(path)
        if rows is None or source in sources:
            return None
        sources.add(source)
        doc = k if k < len(p.meetings) else len(p.meetings) - 1 - k
        found[doc] = (path, rows)
        for n, row in enumerate(rows):
            key = row[8] or (source, row[1])
            group = groups.get(key)
            if group is None:
                groups[key] = [(doc, n)]
            else:
                group.append((doc, n))
    return found, groups, owners


def open_tasks(
    p: Partnership, make: Callable[[list[Item]], Task]
) -> tuple[list[Task], set[str]] | None:
    """The open tasks ``collect`` gives (the same, in its order, with its refs) and the
    ids of all tasks, from the rows: only the files holding an open task's copies
    make their items (``make``: the task of an item's copies); None as :func:`table`."""
    grouped = _grouped(p)
    if grouped is None:
        return None
    found, groups, owner_of = grouped
    ids: set[str] = set()
    out: list[Task] = []
    pairs: list[tuple[str | None, str]] = []  # every item without an id: refs come from all
    files: list[str] = []
    lines: list[int] = []
    unnamed: dict[int, Task] = {}  # the open ones among them, by their place there
    for key, copies in groups.items():
        if len(copies) > 1:  # carried (an id): open while no copy is ticked or dropped
            ids.add(key)
            if any((row := found[doc][1][n])[2] or row[11] for doc, n in copies):
                continue
        else:
            doc, n = copies[0]
            path, rows = found[doc]
            row = rows[n]
            if row[8]:
                ids.add(row[8])
            else:
                pairs.append((owner_of[row[5]] or row[5], row[4]))
                files.append(path)
                lines.append(row[0])
            if row[2] or row[11]:
                continue
        task = make([_item(p, doc, n) for doc, n in copies])
        out.append(task)
        if task.id is None:
            unnamed[len(pairs) - 1] = task
    if unnamed:
        seeds = refs.seeds_of(pairs)
        quick = refs.first_refs(seeds, list(unnamed), ids)
        made = (
            quick
            if quick is not None
            else dict(enumerate(refs.seeded_refs(seeds, files, lines, ids)))
        )
        for k, task in unnamed.items():
            task.ref = made[k]
    return out, ids


def _item(p: Partnership, doc: int, n: int) -> Item:
    """The item at a position (as the table gives it)."""
    return (p.meetings[doc] if doc >= 0 else p.goals[-1 - doc]).items[n]


def id_sets(p: Partnership) -> tuple[set[str], set[str]] | None:
    """The ids of items ticked anywhere and of those dropped, from the rows (no item is
    made); None when a file's items have no rows."""
    names = owner_map(p.agreement.mentee, p.agreement.mentor)
    ticked: set[str] = set()
    dropped: set[str] = set()
    for document in [*p.meetings, *p.goals]:
        rows = rows_of(document, names)
        if rows is None:
            return None
        for row in rows:
            if row[8]:
                if row[2]:
                    ticked.add(row[8])
                if row[11]:
                    dropped.add(row[8])
    return ticked, dropped


def table(p: Partnership, derived: bool) -> Any:
    """What :func:`task_table.pack` gives of ``collect(p, refs=derived)``'s tasks, or
    None (see :func:`_grouped`: then the tasks are computed)."""
    grouped = _grouped(p)
    return None if grouped is None else _columns(p, *grouped, derived)


def states(p: Partnership) -> task_table.States | None:
    """What ``followthrough.states`` gives (each task's owner, status and due date as
    a day ordinal, 0 for none), from the rows; None as :func:`table`."""
    grouped = _grouped(p)
    if grouped is None:
        return None
    found, groups, owner_of = grouped
    owners: list[str | None] = []
    statuses: list[str] = []
    dues: list[int] = []
    for copies in groups.values():
        if len(copies) > 1:
            held = [(found[doc][0], found[doc][1][n]) for doc, n in copies]
            at, last, ticked, dropped, *_ = merged_row(held)
            first, latest = held[at][1], held[last][1]
            owners.append(owner_of[latest[5]] or owner_of[first[5]])
            statuses.append("done" if ticked else "dropped" if dropped else "open")
            dues.append(latest[6] or first[6] or 0)
        else:
            doc, n = copies[0]
            row = found[doc][1][n]
            owners.append(owner_of[row[5]])
            statuses.append("done" if row[2] else "dropped" if row[11] else "open")
            dues.append(row[6] or 0)
    return owners, statuses, dues


def _columns(
    p: Partnership,
    found: dict[int, tuple[str, list[Row]]],
    groups: dict[Any, list[tuple[int, int]]],
    owner_of: _Owners,
    derived: bool,
) -> Any:
    """The table of the grouped copies (see :func:`table`)."""
    columns: task_table.Columns = ([], [], [], [], [], [], [])
    who, statuses, dues, dones, froms, droppeds, kinds = columns
    plain: list[str] = []
    ids: list[str | None] = []
    texts: list[str] = []
    descriptions: list[str] = []
    ends: list[int] = []
    where: list[tuple[int, int]] = []
    # the tasks without an id, whose refs are derived: where, and from what
    unnamed: list[int] = []
    seeds: list[tuple[str | None, str]] = []
    files: list[str] = []
    lines: list[int] = []
    for key, copies in groups.items():
        if len(copies) > 1:  # carried: its copies share an id
            held = [(found[doc][0], found[doc][1][n]) for doc, n in copies]
            at, last, ticked, dropped, done, dropped_on, frm = merged_row(held)
            origin_path, first = held[at]
            latest = held[last][1]
            # the latest copy's owner, else the origin's
            owner = owner_of[latest[5]] or owner_of[first[5]]
            in_meeting = origin_path.startswith("meetings/")
            who.append(owner)
            statuses.append("done" if ticked else "dropped" if dropped else "open")
            dues.append(latest[6] or first[6] or 0)
            dones.append((done or 0) if ticked else 0)
            froms.append((frm or 0) if in_meeting else 0)
            droppeds.append((dropped_on or 0) if dropped else 0)
            kinds.append("meeting" if in_meeting else "goal")
            plain.append(key)
            ids.append(first[8])
            texts.append(latest[3])
            descriptions.append(latest[4])
            copies = [copies[at], *copies[:at], *copies[at + 1 :]]
        else:  # what _single_task makes of it, read from the row
            doc, n = copies[0]
            path, rows = found[doc]
            line, index, checked, text, desc, token, due, done, ident, frm, _, mark, gone = rows[n]
            owner = owner_of[token]
            dropped = mark and not checked  # "[-]", and not ticked
            who.append(owner)
            statuses.append("done" if checked else "dropped" if dropped else "open")
            dues.append(due or 0)
            dones.append((done or 0) if checked else 0)
            if path.startswith("meetings/"):  # the earlier of its from: and its meeting's date
                start = _row_facts(path)[0]
                if frm is None or (start is not None and start < frm):
                    frm = start
                froms.append(frm or 0)
                kinds.append("meeting")
            else:
                froms.append(0)
                kinds.append("goal")
            droppeds.append((gone or 0) if dropped else 0)  # (its dropped: date)
            if ident:
                plain.append(ident)
            else:
                plain.append(f"{key[0]}#{index}")
                unnamed.append(len(ids))
                seeds.append((owner or token, desc))
                files.append(path)
                lines.append(line)
            ids.append(ident)
            texts.append(text)
            descriptions.append(desc)
        where.extend(copies)
        ends.append(len(where))
    refs: dict[str, str] = {}
    made_refs: list[str] = []
    if derived:
        made_refs = list(plain)
        if unnamed:
            taken = {i for i in ids if i}
            derived_refs = seeded_refs(seeds_of(seeds), files, lines, taken)
            for k, ref in zip(unnamed, derived_refs, strict=True):
                made_refs[k] = refs[plain[k]] = ref
    words: task_table.Words = (plain, made_refs, ids, texts, descriptions, ends, where)
    return task_table.made(p, derived, columns, words, refs)
