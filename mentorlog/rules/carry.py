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
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from mentorlog.model import Item, Partnership
from mentorlog.model.names import meeting_key
from mentorlog.rules.followthrough import Task, collect, make_task
from mentorlog.rules.refs import item_refs
from mentorlog.text import item_edits

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
        digest = hashlib.sha256(f"{seed}\x00{n}".encode()).digest()
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
    a task of every closed item (most of them, in a long partnership)."""
    groups: dict[str | tuple[str, int], list[Item]] = {}  # as collect groups the copies
    sources: dict[str, str] = {}
    for item in p.items():
        key: str | tuple[str, int]
        if item.id:
            key = item.id
        else:
            source = sources.get(item.file)
            if source is None:
                source = sources[item.file] = item.source
            key = (source, item.index)
        groups.setdefault(key, []).append(item)
    ids = {key for key in groups if isinstance(key, str)}
    plain = [copies for key, copies in groups.items() if not isinstance(key, str)]
    if any(len(copies) > 1 for copies in plain):  # two files of one name: collect decides
        tasks = collect(p)
        return [t for t in tasks if t.is_open], ids
    refs: dict[int, str] | None = None
    out: list[Task] = []
    for copies in groups.values():
        if any(c.checked or c.dropped for c in copies):
            continue  # done or dropped
        task = make_task(copies)
        if task.id is None:
            if refs is None:  # as collect derives them: over every item without an id
                refs = item_refs([copies[0] for copies in plain], ids)
            task.ref = refs[id(task.origin)]
        out.append(task)
    return out, ids


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
