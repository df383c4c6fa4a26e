"""Follow-through as people think of it: one task per item, however often it was carried.

Copies of an item share an ``id:``; an item is done when any copy is ticked,
dropped when a copy is ``[-]`` and none is ticked, and it is counted once.
Pure functions over the loaded model.
"""

from __future__ import annotations

import datetime as dt
import re

from mentorlog.errors import UnknownRef
from mentorlog.model import Item, Partnership
from mentorlog.rules import task_rows, task_table
from mentorlog.rules.refs import item_refs
from mentorlog.rules.task_rows import file_facts
from mentorlog.rules.task_table import Task as Task  # (re-exported: the task's home for callers)


def group_copies(p: Partnership) -> dict[str | tuple[str, int], list[Item]]:
    """Each task's copies, by id (copies share one) or, for an item without, its
    ``(SOURCE, n)``; in file order of their first copy (dicts keep insertion order)."""
    groups: dict[str | tuple[str, int], list[Item]] = {}
    sources: dict[str, str] = {}  # file -> SOURCE, worked out once per file
    for item in p.items():
        key: str | tuple[str, int]
        if item.id:
            key = item.id
        else:
            source = sources.get(item.file)
            if source is None:
                source = sources[item.file] = item.source
            key = (source, item.index)
        group = groups.get(key)
        if group is None:
            groups[key] = [item]
        else:
            group.append(item)
    return groups


def collect(
    p: Partnership, refs: bool = True, keep: bool = True, status: str | None = None
) -> list[Task]:
    """Every task of the partnership, in file order of their first copy; ``refs=False``
    leaves the refs of items without an id as SOURCE#n (for callers that show none);
    ``status``: only the tasks of that status (from a kept table, no other is made).

    A partnership loaded whole from disk keeps its tasks (see
    :mod:`mentorlog.rules.task_table`; not with ``keep=False``): the next command
    on the same files builds them from the kept table instead of from the items.
    The table is made from the items' rows (:mod:`mentorlog.rules.task_rows`), and
    the tasks asked for from it.
    """
    kept = p.kept
    if kept is not None:
        table = kept.get("tasks")
        if table is not None:
            found = task_table.unpack(p, table, refs, status)
            if found is not None:
                return found
    if kept is not None and keep:
        made = task_rows.table(p, refs)
        if made is not None:
            kept.put("tasks", made)
            found = task_table.unpack(p, made, refs, status)
            if found is not None:
                return found
    groups = group_copies(p)
    tasks = [
        _single_task(copies[0], key if isinstance(key, str) else f"{key[0]}#{key[1]}")
        if len(copies) == 1
        else _merged_task(copies)
        for key, copies in groups.items()
    ]
    if refs:
        derive_refs(tasks)
    if kept is not None and keep:
        kept.put("tasks", task_table.pack(p, tasks, derived=refs))
    return tasks if status is None else [t for t in tasks if t.status == status]


def states(p: Partnership) -> tuple[list[str | None], list[str], list[int]]:
    """Each task's owner, status and due date (an ordinal, 0 for none), in
    :func:`collect`'s order: what counting tasks needs, from what was kept when the
    files are unchanged (no task is made then). Worked out, it is kept alone: far
    cheaper to keep, and to read, than the tasks."""
    found = task_table.kept_states(p)
    if found is not None:
        return found
    if p.kept is not None:  # to be kept: read from the rows (as the kept tasks are made)
        found = task_rows.states(p)
        if found is not None:
            p.kept.put("states", task_table.pack_states(p, found))
            return found
    owners: list[str | None] = []
    statuses: list[str] = []
    dues: list[int] = []
    for copies in group_copies(p).values():
        if len(copies) == 1:  # what _single_task gives, without making the task
            item = copies[0]
            owner, due = item.owner, item.due
            status = "done" if item.checked else "dropped" if item.dropped else "open"
        else:
            task = _merged_task(copies)
            owner, due, status = task.owner, task.due, task.status
        owners.append(owner)
        statuses.append(status)
        dues.append(due.toordinal() if due else 0)
    found = (owners, statuses, dues)
    if p.kept is not None:
        p.kept.put("states", task_table.pack_states(p, found))
    return found


# --------------------------------------------------------------- derived refs


def derive_refs(tasks: list[Task]) -> None:
    """Give every task without an id its short ref (see :func:`mentorlog.rules.refs.item_refs`)."""
    plain = [t for t in tasks if not t.id]
    if plain:
        refs = item_refs([t.origin for t in plain], {t.id for t in tasks if t.id})
        for t in plain:
            t.ref = refs[id(t.origin)]


def make_task(copies: list[Item]) -> Task:
    """The task of an item's copies (one, for most items: never carried)."""
    return _single_task(copies[0]) if len(copies) == 1 else _merged_task(copies)


def _merged_task(copies: list[Item]) -> Task:
    """The task of several copies, in one pass over them: its origin is the first of
    the copy in a goal file, then one written in its own meeting (no older ``from:``),
    earliest meeting first; its text, owner and due date are the latest copy's."""
    origin = latest = copies[0]
    origin_rank: tuple[int, dt.date, str, int] | None = None
    latest_rank: tuple[tuple[dt.date, int], int] | None = None
    done: dt.date | None = None
    ticked = False
    dropped_any = False
    dropped_on: dt.date | None = None
    from_: dt.date | None = None
    for item in copies:
        day, key, in_goal = file_facts(item.file)
        written_here = item.from_ is None or item.from_ == day
        rank = (
            0 if in_goal else 1 if written_here else 2,
            day or dt.date.max,
            item.file,
            item.line,
        )
        if origin_rank is None or rank < origin_rank:
            origin, origin_rank = item, rank
        late = (key or _NO_MEETING, item.line)
        if latest_rank is None or late > latest_rank:
            latest, latest_rank = item, late
        if item.checked:
            ticked = True
            if item.done is not None and (done is None or item.done < done):
                done = item.done
        if item.dropped:
            dropped_any = True
            if item.dropped_on is not None and (dropped_on is None or item.dropped_on < dropped_on):
                dropped_on = item.dropped_on
        # `from:` names the meeting where the item was first written: the earliest
        # of the copies' own `from:` and the dates of the meetings holding them.
        for start in (item.from_, day):
            if start is not None and (from_ is None or start < from_):
                from_ = start
    in_meeting = origin.file.startswith("meetings/")
    dropped = dropped_any and not ticked
    return Task(
        ref=origin.id or origin.ref,  # derive_refs replaces DATE#n
        id=origin.id,
        text=latest.text,
        description=latest.description,
        owner=latest.owner or origin.owner,
        due=latest.due or origin.due,
        done=done if ticked else None,
        status="done" if ticked else "dropped" if dropped else "open",
        origin=origin,
        copies=[origin] + [i for i in copies if i is not origin],
        source="meeting" if in_meeting else "goal",
        from_=from_ if in_meeting else None,
        dropped=dropped_on if dropped else None,
    )


#: Where a copy outside the meetings sorts when the latest copy is chosen.
_NO_MEETING = (dt.date.min, 0)


def _single_task(item: Item, ref: str | None = None) -> Task:
    """What :func:`_merged_task` gives one copy, three times faster (a test compares them);
    ``ref`` is ``item.ref`` when the caller knows it."""
    in_meeting = item.file.startswith("meetings/")
    from_ = None
    if in_meeting:  # the earlier of its own from: and its meeting's date
        day, from_ = file_facts(item.file)[0], item.from_
        if from_ is None or (day is not None and day < from_):
            from_ = day
    dropped = item.dropped and not item.checked
    return Task(  # positional, in Task's field order: thousands of these are built per command
        ref or item.ref,
        item.id,
        item.text,
        item.description,
        item.owner,
        item.due,
        item.done if item.checked else None,
        "done" if item.checked else "dropped" if dropped else "open",
        item,
        [item],
        "meeting" if in_meeting else "goal",
        from_,
        item.dropped_on if dropped else None,
    )


# --------------------------------------------------------------------- refs

POSITIONAL_REF_RE = re.compile(r"^(?P<source>[^#\s]+)#(?P<n>[0-9]+)$")
MIN_PREFIX = 3


def _label(task: Task) -> str:
    return f"{task.ref} ({task.description or task.text})"


def _goal_number(source: str) -> int | None:
    """3 for ``03`` or ``3`` (a goal's NN); None for anything else."""
    return int(source) if source.isdigit() and len(source) <= 3 else None


def _source_matches(copy: Item, source: str, number: int | None) -> bool:
    if copy.source == source:
        return True
    if number is None or not copy.file.startswith("goals/"):
        return False
    head = copy.source.split("-", 1)[0]
    return head.isdigit() and int(head) == number


def find(tasks: list[Task], ref: str) -> Task:
    """The task a ref names: its ref (an id, or the short ref derived from owner and
    text), a unique prefix of 3+ characters of one, or SOURCE#n.

    SOURCE#n is the n-th task item (1-based) of meetings/SOURCE.md or
    goals/SOURCE.md, e.g. ``2026-12-15#2`` or ``01-lead-a-project#1``; a goal
    also answers to its number alone (``01#1``).
    Raises UnknownRef for a ref that names nothing or more than one task.
    """
    wanted = ref.strip()
    m = POSITIONAL_REF_RE.match(wanted)
    if m:
        source = m.group("source").rsplit("/", 1)[-1].removesuffix(".md")
        number = _goal_number(source)
        n = int(m.group("n"))
        counts: dict[str, int] = {}
        hits: dict[str, Task] = {}
        for task in tasks:
            for copy in task.copies:
                if _source_matches(copy, source, number):
                    counts[copy.file] = counts.get(copy.file, 0) + 1
                    if copy.index == n:
                        hits[copy.file] = task
        if (
            len(counts) > 1
            and number is not None
            and source not in {f.rsplit("/", 1)[-1].removesuffix(".md") for f in counts}
        ):
            files = ", ".join(sorted(counts))
            raise UnknownRef(f"the ref {wanted!r} is ambiguous: goal {source} is {files}")
        if hits:
            return next(iter(hits.values()))
        if not counts:
            raise UnknownRef(
                f"no item {wanted}: no meeting or goal file named {source}.md holds task items"
            )
        path, in_source = next(iter(counts.items()))
        noun = "task item" if in_source == 1 else "task items"
        raise UnknownRef(f"no item {wanted}: {path} has {in_source} {noun}")
    key = wanted.lower().removeprefix("id:")
    for task in tasks:
        if task.ref == key or task.id == key:
            return task
    matches = (
        [t for t in tasks if t.ref.startswith(key) or (t.id or "").startswith(key)]
        if len(key) >= MIN_PREFIX
        else []
    )
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(_label(t) for t in sorted(matches, key=lambda t: t.ref))
        raise UnknownRef(
            f"the ref {wanted!r} is ambiguous: it starts {len(matches)} item refs: {listed}. "
            "Give more of it"
        )
    raise UnknownRef(
        f"no item has the ref {wanted!r}: give a ref as 'mentorlog actions --all' lists it "
        f"(or at least {MIN_PREFIX} of its characters), DATE#n or NN#n"
    )


# ------------------------------------------------------------------ listing


def unreadable_files(p: Partnership) -> list[str]:
    """Meeting and goal files that could not be parsed (their items are unknown)."""
    loaded = {m.path for m in p.meetings} | {g.path for g in p.goals}
    return sorted(
        {
            prob.path
            for prob in p.problems
            if prob.path.startswith(("meetings/", "goals/")) and prob.path not in loaded
        }
    )


def select(
    tasks: list[Task],
    today: dt.date,
    which: str = "open",
    owner: str | None = None,
    overdue: bool = False,
) -> list[Task]:
    """Filter (``which``: open | done | dropped | all; ``owner``: mentee | mentor |
    unassigned) and sort.

    Sorted by due date (no due date last), then by the date first written.
    """
    out = []
    for t in tasks:
        if which != "all" and t.status != which:
            continue
        if owner is not None and (t.owner or "unassigned") != owner:
            continue
        if overdue and not t.overdue(today):
            continue
        out.append(t)
    out.sort(
        key=lambda t: (
            t.due is None,
            t.due or dt.date.max,
            t.from_ or dt.date.max,
            t.origin.file,
            t.origin.line,
        )
    )
    return out


def days_open(task: Task, today: dt.date) -> int | None:
    """Days from the meeting where it was written to today (open) or to its done date.

    Never negative: an item written in a meeting file dated ahead is 0 days old.
    """
    if task.from_ is None:
        return None
    end = today if task.is_open else task.done if task.status == "done" else task.dropped
    return max(0, (end - task.from_).days) if end is not None else None


def days_overdue(task: Task, today: dt.date) -> int | None:
    return (today - task.due).days if task.overdue(today) and task.due else None


def as_json(task: Task, today: dt.date) -> dict[str, object]:
    """The ``actions --json`` shape of a task (docs/format.md)."""

    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "ref": task.ref,
        "id": task.id,
        "text": task.description,
        "raw": task.text,
        "owner": task.owner,
        "due": day(task.due),
        "done": day(task.done),
        "status": task.status,
        "dropped": day(task.dropped),
        "overdue": task.overdue(today),
        "days_overdue": days_overdue(task, today),
        "age": days_open(task, today),
        "file": task.origin.file,
        "line": task.origin.line,
        "from": day(task.from_),
        "source": task.source,
        "tags": sorted(set(task.origin.tags) | {t for c in task.copies for t in c.tags}),
        "copies": [f"{c.file}:{c.line}" for c in task.copies],
    }
