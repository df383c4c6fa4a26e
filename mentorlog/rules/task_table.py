"""The task: one follow-through item as people think of it, and its kept form.

Grouping 7,000 item copies into 4,700 tasks (and deriving their refs) is most
of what a warm ``status`` or ``actions`` costs on a long partnership, and its
answer changes only when a file does. So, like git's cache-tree beside its
index, the tasks computed for a set of files are kept (:class:`mentorlog.model.Kept`)
as a table, and a later command on the same files builds its tasks from the
table: each task's counting fields at once, its words and refs when first read,
and the items it is made of (``origin``, ``copies``) when first asked for, from
their positions in the loaded meetings and goals. A test compares every field
with the tasks computed from the items.
"""

from __future__ import annotations

import datetime as dt
import marshal
from dataclasses import dataclass, field
from itertools import accumulate, chain
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from mentorlog.model import Item, Partnership
from mentorlog.model.records import Record, by_fields

#: Bumped whenever what the table holds changes shape.
TABLE_FORMAT = 4


@by_fields
@dataclass(init=False, repr=False, eq=False, slots=True)
class Task(Record):
    """One follow-through item as people think of it, however often it was carried."""

    ref: str  # the id, or a short ref derived from owner and text (see derive_refs)
    id: str | None
    text: str  # the latest copy's text as written
    description: str
    owner: str | None  # "mentee" | "mentor" | None
    due: dt.date | None
    done: dt.date | None
    status: str  # "open" | "done" | "dropped"
    origin: Item  # the copy where it was first written
    copies: list[Item] = field(default_factory=list)  # origin first, then by file order
    source: str = "meeting"  # "meeting" (follow-through) | "goal" (learning activity)
    from_: dt.date | None = None  # the meeting where it was first written
    dropped: dt.date | None = None  # the date it was dropped (status "dropped")
    # a task built from a kept table: what its unset fields are filled from
    kept: tuple[_Table, int] | None = field(default=None, repr=False, compare=False)

    def __init__(
        self,
        ref: str,
        id: str | None,
        text: str,
        description: str,
        owner: str | None,
        due: dt.date | None,
        done: dt.date | None,
        status: str,
        origin: Item,
        copies: list[Item] | None = None,
        source: str = "meeting",
        from_: dt.date | None = None,
        dropped: dt.date | None = None,
        kept: tuple[_Table, int] | None = None,
    ) -> None:
        self.ref = ref
        self.id = id
        self.text = text
        self.description = description
        self.owner = owner
        self.due = due
        self.done = done
        self.status = status
        self.origin = origin
        self.copies = [] if copies is None else copies
        self.source = source
        self.from_ = from_
        self.dropped = dropped
        self.kept = kept

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due is not None and self.due < today

    if not TYPE_CHECKING:  # (hidden from the type checker: it would make any name valid)

        def __getattr__(self, name):
            # called only for a field that is not set: one of a kept task's
            kept = _KEPT.__get__(self) if name in _LATER else None
            if kept is None:
                raise AttributeError(f"'Task' object has no attribute {name!r}")
            _fill(self, kept)
            return getattr(self, name)


#: The fields a task from a table fills when first read (the rest are set at once).
_WORDS = ("ref", "id", "text", "description")
_LINKS = ("origin", "copies")
_LATER = frozenset(_WORDS + _LINKS)
_KEPT = Task.__dict__["kept"]
_SLOTS = {name: Task.__dict__[name] for name in _LATER}


def _unset(task: Task, name: str) -> bool:
    try:
        _SLOTS[name].__get__(task)
    except AttributeError:
        return True
    return False  # set since (carry gives refs of its own): kept as it is


def _fill(task: Task, kept: tuple[_Table, int]) -> None:
    """Set a kept task's words and items from the table (those still unset)."""
    table, n = kept
    plain, derived, ids, texts, descriptions, ends, where = table.words()
    items = [table.item_at(at) for at in where[ends[n - 1] if n else 0 : ends[n]]]
    values = (
        (derived if table.refs else plain)[n],
        ids[n],
        texts[n],
        descriptions[n],
        items[0],
        items,
    )
    for name, value in zip(_WORDS + _LINKS, values, strict=True):
        if _unset(task, name):
            _SLOTS[name].__set__(task, value)
    task.kept = None


class _Table:
    """The kept tasks' words and item positions, unpacked when a task first needs them."""

    __slots__ = ("p", "refs", "packed", "unpacked")

    def __init__(self, p: Partnership, refs: bool, packed: bytes):
        self.p = p
        self.refs = refs
        self.packed = packed
        self.unpacked: Any = None

    def words(self) -> Any:
        if self.unpacked is None:
            self.unpacked = marshal.loads(self.packed)
        return self.unpacked

    def item_at(self, where: tuple[int, int]) -> Item:
        doc, n = where
        return (self.p.meetings[doc] if doc >= 0 else self.p.goals[-1 - doc]).items[n]


class _Days(dict[int, "dt.date | None"]):
    """Ordinal -> date (0 -> None), each day made once."""

    def __missing__(self, n: int) -> dt.date | None:
        day = self[n] = dt.date.fromordinal(n) if n else None
        return day


def _files(p: Partnership) -> tuple[list[str], list[str]]:
    return [m.path for m in p.meetings], [g.path for g in p.goals]


def pack(p: Partnership, tasks: list[Task], derived: bool) -> Any:
    """The table of ``tasks`` (computed from ``p``'s items); ``derived`` says their
    refs are derived (``collect(refs=True)``), else only the SOURCE#n refs are kept."""
    where: dict[int, tuple[int, int]] = {}
    for doc, m in enumerate(p.meetings):
        for n, item in enumerate(m.items):
            where[id(item)] = (doc, n)
    for doc, g in enumerate(p.goals):
        for n, item in enumerate(g.items):
            where[id(item)] = (-1 - doc, n)
    columns = (
        [t.owner for t in tasks],
        [t.status for t in tasks],
        [d.toordinal() if (d := t.due) else 0 for t in tasks],
        [d.toordinal() if (d := t.done) else 0 for t in tasks],
        [d.toordinal() if (d := t.from_) else 0 for t in tasks],
        [d.toordinal() if (d := t.dropped) else 0 for t in tasks],
        [t.source for t in tasks],
    )
    # SOURCE#n for an item without an id (Item.ref, with each file's SOURCE worked out once)
    sources = {m.path: m.items[0].source for m in p.meetings if m.items}
    sources.update((g.path, g.items[0].source) for g in p.goals if g.items)
    plain = [t.id or f"{sources[(o := t.origin).file]}#{o.index}" for t in tasks]
    # column by column, each a pass in C: the copies' positions (origin first) in one
    # list, where each task's end
    copies = list(map(attrgetter("copies"), tasks))
    words = (
        plain,
        list(map(attrgetter("ref"), tasks)) if derived else [],
        list(map(attrgetter("id"), tasks)),
        list(map(attrgetter("text"), tasks)),
        list(map(attrgetter("description"), tasks)),
        list(accumulate(map(len, copies))),
        list(map(where.__getitem__, map(id, chain.from_iterable(copies)))),
    )
    refs = {ref: t.ref for ref, t in zip(plain, tasks, strict=True) if not t.id} if derived else {}
    return made(p, derived, columns, words, refs)


Columns = tuple[list[str | None], list[str], list[int], list[int], list[int], list[int], list[str]]
Words = tuple[
    list[str], list[str], list[str | None], list[str], list[str], list[int], list[tuple[int, int]]
]


def made(
    p: Partnership, derived: bool, columns: Columns, words: Words, refs: dict[str, str]
) -> Any:
    """The table of ``p``'s tasks, from its columns (owner, status, due, done, from,
    dropped, source), its words (SOURCE#n refs, derived refs, ids, texts,
    descriptions, each task's end among the copies, each copy's position) and
    SOURCE#n -> derived ref of the tasks without an id."""
    # marshal format 2: no table of shared objects (its words are each written once)
    packed = marshal.dumps(words, 2)
    return (TABLE_FORMAT, derived, _files(p), columns, packed, marshal.dumps(refs))


def _table(p: Partnership, table: Any, refs: bool) -> tuple[Any, bytes, bytes] | None:
    """``(columns, packed rows, packed refs)`` of a table made by :func:`pack` from these very files
    (with derived refs if ``refs``); None for any other."""
    try:
        version, derived, files, columns, words, plain = table
    except (TypeError, ValueError):
        return None
    if version != TABLE_FORMAT or (refs and not derived) or list(files) != list(_files(p)):
        return None
    return columns, words, plain


States = tuple[list[str | None], list[str], list[int]]


def pack_states(p: Partnership, found: States) -> Any:
    """The kept form of :func:`kept_states`'s answer alone (what ``status`` needs)."""
    return (TABLE_FORMAT, "states", _files(p), *found)


def kept_states(p: Partnership) -> States | None:
    """Each task's owner, status and due date (an ordinal, 0 for none), kept for these
    files on their own or as part of the kept tasks; None when neither is: what
    counting the tasks needs, without making them."""
    if p.kept is None:
        return None
    kept = p.kept.get("states")
    try:
        version, what, files, owners, statuses, dues = kept
        if version != TABLE_FORMAT or what != "states" or list(files) != list(_files(p)):
            raise ValueError("other files")
    except (TypeError, ValueError):
        found = _table(p, p.kept.get("tasks"), False)
        if found is None:
            return None
        try:
            owners, statuses, dues = found[0][:3]
        except (TypeError, ValueError):
            return None
    if not len(owners) == len(statuses) == len(dues):
        return None
    return owners, statuses, dues


def kept_refs(p: Partnership) -> dict[str, str] | None:
    """SOURCE#n -> derived ref of each item without an id, as ``collect`` gives them,
    from the tasks kept for these files; None when none with derived refs are."""
    found = _table(p, p.kept.get("tasks"), True) if p.kept is not None else None
    if found is None:
        return None
    try:
        refs = marshal.loads(found[2])
    except (EOFError, ValueError, TypeError):
        return None
    return refs if isinstance(refs, dict) else None


def task_ids(p: Partnership) -> set[str] | None:
    """The ids of all tasks, from the tasks kept for these files; None when none are."""
    found = _table(p, p.kept.get("tasks"), False) if p.kept is not None else None
    if found is None:
        return None
    try:
        ids = marshal.loads(found[1])[2]
        return {i for i in ids if i}
    except (EOFError, ValueError, TypeError, IndexError):
        return None


def unpack(p: Partnership, table: Any, refs: bool, status: str | None = None) -> list[Task] | None:
    """The tasks a table made by :func:`pack` from these files holds (only those of
    ``status``, when given); None when it cannot give them (another shape, other
    files, or refs wanted and not derived)."""
    found = _table(p, table, refs)
    if found is None:
        return None
    days = _Days()
    new = Task.__new__
    tasks = []
    try:
        owners, statuses, dues, dones, froms, droppeds, sources = found[0]
        if type(found[1]) is not bytes:
            return None
        kept = _Table(p, refs, found[1])
        for n in range(len(owners)):
            if status is not None and statuses[n] != status:
                continue
            t = new(Task)
            t.owner = owners[n]
            t.status = statuses[n]
            t.due = days[dues[n]]
            t.done = days[dones[n]]
            t.from_ = days[froms[n]]
            t.dropped = days[droppeds[n]]
            t.source = sources[n]
            t.kept = (kept, n)
            tasks.append(t)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None  # not a table this code wrote
    return tasks
