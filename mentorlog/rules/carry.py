"""Carry-over: what a new meeting copies forward from the meetings before it.

Pure: :func:`plan_carry` computes the carried lines and the ``id:`` each
original line gains; :mod:`mentorlog.store.files` writes them, the CLI commits.

Rules (docs/format.md, "Follow-through items"):

- every open follow-through item (no copy ticked) with a copy in a meeting
  file dated before the new meeting is carried once, cancelled meetings
  included; goal learning activities are never carried;
- the carried line is the latest copy's wording with ``id:`` and ``from:``
  (the meeting where the item was first written) and no done date;
- an item without an id gets one, added to its original line (and nothing
  else there): the ref it was listed with (derived from owner and text), so
  its ref stays the same once it is carried; an item that has an id leaves
  every file untouched.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from mentorlog.model import Item, Partnership
from mentorlog.model.names import meeting_key
from mentorlog.rules import refs, task_rows, task_table
from mentorlog.rules.followthrough import Task, collect, group_copies, make_task
from mentorlog.rules.refs import item_refs
from mentorlog.text import digests, item_edits

ID_LENGTH = 4
ID_FIRST = "abcdefghijklmnopqrstuvwxyz"
ID_ALPHABET = ID_FIRST + "0123456789"


@dataclass
class IdAddition:
    """Line ``item.line`` of ``item.file`` gains ``id:<id>``."""

    item: Item
    id: str


@dataclass
class CarryPlan:
    lines: list[str] = field(default_factory=list)  # the carried lines, no line endings
    additions: list[IdAddition] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)  # the carried tasks, in order


def make_id(seed: str, taken: set[str]) -> str:
    """A 4-character id (a letter, then letters and digits) not in ``taken``.

    Derived from ``seed`` (the item's file and text), so the same repository
    state always yields the same ids; a clash moves on to the next candidate.
    """
    n = 0
    while True:
        digest = digests.sha256()(f"{seed}\x00{n}".encode()).digest()
        value = int.from_bytes(digest[:8], "big")
        chars = [ID_FIRST[value % len(ID_FIRST)]]
        value //= len(ID_FIRST)
        for _ in range(ID_LENGTH - 1):
            chars.append(ID_ALPHABET[value % len(ID_ALPHABET)])
            value //= len(ID_ALPHABET)
        candidate = "".join(chars)
        if candidate not in taken:
            return candidate
        n += 1


def carried_line(task: Task, item_id: str) -> str:
    """``- [ ] `` + the latest copy's text with ``id:``, ``from:`` and no done date."""
    latest = max(task.copies, key=lambda i: (meeting_key(i.file) or (dt.date.min, 0), i.line))
    line = "- [ ] " + latest.text
    line = item_edits.line_remove_token(line, "done")
    line = item_edits.line_set_token(line, "id", item_id)
    if task.from_ is not None:
        line = item_edits.line_set_token(line, "from", task.from_.isoformat())
    return line


def open_tasks(p: Partnership) -> tuple[list[Task], set[str]]:
    """The open tasks of :func:`~mentorlog.rules.followthrough.collect` (the same
    tasks, in its order, with its refs) and the ids of all tasks, without making
    a task of every closed item (most of them, in a long partnership): from the
    kept tasks when an earlier command kept them, else from the items' rows
    (only the files holding an open task make their items)."""
    table = p.kept.get("tasks") if p.kept is not None else None
    if table is not None:  # kept by an earlier command
        found = task_table.unpack(p, table, True, "open")
        ids = task_table.task_ids(p)
        if found is not None and ids is not None:
            return found, ids
    if p.kept is not None:  # read whole from disk: from the rows, making few items
        from_rows = task_rows.open_tasks(p, make_task)
        if from_rows is not None:
            return from_rows
    ids = set()
    everyone: list[Item] = []  # each item without an id (one copy each), in file order
    out: list[Task] = []
    shared_name = False
    for key, copies in group_copies(p).items():
        if isinstance(key, str):
            ids.add(key)
        elif len(copies) > 1:
            shared_name = True  # two files of one name: collect decides
        else:
            everyone.append(copies[0])
        if len(copies) == 1:
            if not (copies[0].checked or copies[0].dropped):
                out.append(make_task(copies))
        elif not any(c.checked or c.dropped for c in copies):  # not done, not dropped
            out.append(make_task(copies))
    if shared_name:
        return [t for t in collect(p) if t.is_open], ids
    wanted = [task.origin for task in out if task.id is None]
    if wanted:  # as collect derives them: over every item without an id
        refs = unshared_refs(wanted, everyone, ids) or item_refs(everyone, ids)
        for task in out:
            if task.id is None:
                task.ref = refs[id(task.origin)]
    return out, ids


def unshared_refs(wanted: list[Item], plain: list[Item], ids: set[str]) -> dict[int, str] | None:
    """``id(item) -> ref`` of the ``wanted`` items (of ``plain``, every item without an
    id) when :func:`~mentorlog.rules.refs.first_refs` can tell them, else None."""
    seeds = refs.seeds_of([(item.owner or item.owner_token, item.description) for item in plain])
    at = {id(item): k for k, item in enumerate(plain)}
    found = refs.first_refs(seeds, [at[id(item)] for item in wanted], ids)
    return None if found is None else {id(plain[k]): ref for k, ref in found.items()}


def plan_carry(
    p: Partnership, day: dt.date, suffix: int = 1, taken: Iterable[str] = ()
) -> CarryPlan:
    """What a new meeting on ``day`` (meetings/DAY.md, or DAY-suffix.md) carries."""
    new_key = (day, suffix)
    tasks, ids = open_tasks(p)
    used = ids | set(taken)
    chosen: list[Task] = []
    for task in tasks:
        if task.source != "meeting" or not task.is_open:
            continue
        keys = [meeting_key(c.file) for c in task.copies]
        if any(k is not None and k < new_key for k in keys):
            chosen.append(task)
    chosen.sort(key=lambda t: (t.from_ or dt.date.min, t.origin.file, t.origin.line))
    plan = CarryPlan(tasks=chosen)
    for task in chosen:
        item_id = task.id
        if item_id is None:
            item_id = task.ref  # derived from owner and text: the ref stays as listed
            if item_id in used or not item_id.isalnum():
                item_id = make_id(f"{task.origin.file}\x00{task.origin.text}", used)
            used.add(item_id)
            plan.additions.append(IdAddition(task.origin, item_id))
        plan.lines.append(carried_line(task, item_id))
    return plan


def id_edits(plan: CarryPlan) -> dict[str, list[item_edits.LineEdit]]:
    """The edits to the older files: each original line gains its new ``id:``."""
    out: dict[str, list[item_edits.LineEdit]] = {}
    for add in plan.additions:
        out.setdefault(add.item.file, []).append(
            item_edits.LineEdit(
                add.item.line,
                add.item.text,
                functools.partial(item_edits.line_set_token, key="id", value=add.id),
            )
        )
    return out
