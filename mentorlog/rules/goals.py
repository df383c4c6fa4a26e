"""The goals' learning activities: what is open and next, the goal list, the action plan.

Pure functions over the model. Goal files are named and drafted in
:mod:`mentorlog.rules.goal_files`; ``goal check`` is :mod:`mentorlog.rules.smart`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mentorlog.model import ACTION_PLAN_DAY, Goal, Item, Meeting, Partnership, Progress
from mentorlog.model.records import Record, by_fields
from mentorlog.rules import task_rows, task_table
from mentorlog.rules.refs import plain_refs

ACTIVITY_KINDS = ("doing", "others", "stretch")


def activity_kind(item: Item) -> str | None:
    """``doing`` / ``others`` / ``stretch`` from the item's first kind tag, else None."""
    for tag in item.tags:
        if tag in ACTIVITY_KINDS:
            return tag
    return None


def done_ids(p: Partnership) -> set[str]:
    """Ids of items ticked anywhere (a copy ticked in a meeting counts for the goal too)."""
    return _id_sets(p)[0]


def dropped_ids(p: Partnership) -> set[str]:
    """Ids of items dropped (``[-]``) anywhere."""
    return _id_sets(p)[1]


def _id_sets(p: Partnership) -> tuple[set[str], set[str]]:
    """``(done_ids, dropped_ids)``; kept for the files as they are (see
    :class:`mentorlog.model.Kept`), so a command reading them unpacks no item."""
    kept = p.kept
    if kept is not None:
        found = kept.get("ids")
        if isinstance(found, tuple) and len(found) == 2:
            return set(found[0]), set(found[1])
        from_rows = task_rows.id_sets(p)  # (to be kept: no item need be made)
        if from_rows is not None:
            kept.put("ids", (sorted(from_rows[0]), sorted(from_rows[1])))
            return from_rows
    ticked: set[str] = set()
    dropped: set[str] = set()
    for i in p.items():
        if i.id:
            if i.checked:
                ticked.add(i.id)
            if i.dropped:
                dropped.add(i.id)
    if kept is not None:
        kept.put("ids", (sorted(ticked), sorted(dropped)))
    return ticked, dropped


def is_done(item: Item, ticked: set[str]) -> bool:
    return item.checked or (item.id is not None and item.id in ticked)


def is_dropped(item: Item, ticked: set[str], dropped: set[str]) -> bool:
    """Dropped, and not done anywhere (a tick wins over a drop)."""
    if is_done(item, ticked):
        return False
    return item.dropped or (item.id is not None and item.id in dropped)


def open_activities(
    goal: Goal, ticked: set[str] | None = None, dropped: set[str] | None = None
) -> list[Item]:
    """The goal's open learning activities, soonest due first; undated ones after the
    dated ones, in file order (``goal list``'s next activity is the first, a new
    meeting's agenda lists the first two).

    ``ticked`` / ``dropped``: ids of items ticked / dropped anywhere (a copy ticked or
    dropped in a meeting counts for the goal too).
    """
    done = ticked or set()
    gone = dropped or set()
    found = [i for i in goal.items if not is_done(i, done) and not is_dropped(i, done, gone)]
    return sorted(found, key=lambda i: (i.due is None, i.due or dt.date.max, i.line))


def next_activity(
    goal: Goal, ticked: set[str] | None = None, dropped: set[str] | None = None
) -> Item | None:
    """The first of :func:`open_activities`, or None."""
    found = open_activities(goal, ticked, dropped)
    return found[0] if found else None


def last_progress(goal: Goal) -> Progress | None:
    """The newest dated progress entry (the later one in the file on a tie)."""
    dated = [pr for pr in goal.progress if pr.date is not None]
    if dated:
        return max(dated, key=lambda pr: (pr.date, pr.line))
    return goal.progress[-1] if goal.progress else None


def goal_key(name: str) -> str:
    """A meeting's ``goals:`` entry as a goal stem: ``goals/01-x.md`` and ``01-x`` match."""
    name = name.strip().replace("\\", "/")
    name = name.rsplit("/", 1)[-1]
    return name[:-3] if name.endswith(".md") else name


def meetings_by_goal(meetings: Iterable[Meeting]) -> dict[str, list[Meeting]]:
    """Goal stem -> the meetings (not cancelled) whose ``goals:`` name it, in date order."""
    out: dict[str, list[Meeting]] = {}
    for m in meetings:
        if m.cancelled:
            continue
        for stem in dict.fromkeys(goal_key(n) for n in m.goals):
            out.setdefault(stem, []).append(m)
    return out


@dataclass
class KindCount:
    """Activities of one kind of a goal: how many, how many done."""

    total: int = 0
    done: int = 0


@by_fields
@dataclass(init=False, repr=False, eq=False)
class GoalRow(Record):
    """One goal as `goal list` shows it."""

    goal: Goal
    kinds: dict[str, KindCount] = field(default_factory=dict)  # doing/others/stretch/untagged
    total: int = 0  # dropped activities are not counted
    done: int = 0
    dropped: int = 0
    next_activity: Item | None = None
    next_ref: str | None = None  # the next activity's ref, as `actions` lists it
    last_progress: Progress | None = None
    meetings: list[Meeting] = field(default_factory=list)

    def __init__(
        self,
        goal: Goal,
        kinds: dict[str, KindCount] | None = None,
        total: int = 0,
        done: int = 0,
        dropped: int = 0,
        next_activity: Item | None = None,
        next_ref: str | None = None,
        last_progress: Progress | None = None,
        meetings: list[Meeting] | None = None,
    ) -> None:
        self.goal = goal
        self.kinds = {} if kinds is None else kinds
        self.total = total
        self.done = done
        self.dropped = dropped
        self.next_activity = next_activity
        self.next_ref = next_ref
        self.last_progress = last_progress
        self.meetings = [] if meetings is None else meetings

    def to_json(self) -> dict[str, Any]:
        g = self.goal
        nxt = self.next_activity
        last = self.last_progress
        return {
            "file": g.path,
            "title": g.title,
            "category": g.category,
            "priority": g.priority,
            "status": g.status,
            "created": _iso(g.created),
            "target": _iso(g.target),
            "measure": g.measure,
            "activities": {
                "total": self.total,
                "done": self.done,
                "dropped": self.dropped,
                **{k: self.kinds[k].total for k in (*ACTIVITY_KINDS, "untagged")},
            },
            "by_kind": {k: {"total": c.total, "done": c.done} for k, c in self.kinds.items()},
            "next_activity": None
            if nxt is None
            else {
                "text": nxt.text,
                "description": nxt.description,
                "due": _iso(nxt.due),
                "ref": self.next_ref or nxt.ref,
                "kind": activity_kind(nxt),
                "owner": nxt.owner,
            },
            "last_progress": None if last is None else {"date": _iso(last.date), "text": last.text},
            "meetings": [m.date.isoformat() for m in self.meetings],
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def goal_rows(p: Partnership, today: dt.date | None = None) -> list[GoalRow]:
    """One row per goal, in priority order (then NN), with its activities and progress.

    ``today`` is accepted for symmetry with the other views; nothing here depends on it.
    """
    ticked = done_ids(p)
    gone = dropped_ids(p)
    nexts = {g.path: next_activity(g, ticked, gone) for g in p.goals}
    unnamed = [n for n in nexts.values() if n is not None and n.id is None]
    refs: dict[tuple[str, int], str] = {}
    if unnamed:  # derived refs: only those shown; kept ones when the tasks are kept
        kept = task_table.kept_refs(p)
        if kept is not None and all(n.ref in kept for n in unnamed):
            refs = {(n.file, n.line): kept[n.ref] for n in unnamed}
        else:
            refs = plain_refs(p, unnamed)
    by_goal = meetings_by_goal(p.meetings)
    rows: list[GoalRow] = []
    for g in p.goals:
        kinds = {k: KindCount() for k in (*ACTIVITY_KINDS, "untagged")}
        done = dropped = 0
        nxt = nexts[g.path]
        next_ref = nxt.id if nxt is not None else None
        if nxt is not None and next_ref is None:
            next_ref = refs.get((nxt.file, nxt.line))
        for item in g.items:
            if is_dropped(item, ticked, gone):
                dropped += 1
                continue
            count = kinds[activity_kind(item) or "untagged"]
            count.total += 1
            if is_done(item, ticked):
                count.done += 1
                done += 1
        rows.append(
            GoalRow(
                goal=g,
                kinds=kinds,
                total=len(g.items) - dropped,
                done=done,
                dropped=dropped,
                next_activity=nxt,
                next_ref=next_ref,
                last_progress=last_progress(g),
                meetings=by_goal.get(g.stem, []),
            )
        )
    return rows


# ------------------------------------------------------------ action plan


@dataclass
class ActionPlan:
    """Whether the Mentoring Action Plan is in place, and by when it is due."""

    due: dt.date  # day 30
    exists: bool
    status: str  # "done" | "due" | "overdue"
    missing: list[Goal] = field(default_factory=list)  # active goals without a dated activity

    def to_json(self) -> dict[str, Any]:
        return {
            "due": self.due.isoformat(),
            "exists": self.exists,
            "status": self.status,
            "missing": [g.path for g in self.missing],
        }


def action_plan_status(p: Partnership, today: dt.date) -> ActionPlan:
    """The Mentoring Action Plan, due on day 30.

    It exists when there is at least one active goal and every active goal has
    at least one learning activity with a due date (the plan's timeline).
    """
    due = p.agreement.start + dt.timedelta(days=ACTION_PLAN_DAY)
    active = [g for g in p.goals if g.status == "active"]
    missing = [g for g in active if not any(i.due is not None and not i.dropped for i in g.items)]
    exists = bool(active) and not missing
    status = "done" if exists else ("overdue" if today > due else "due")
    return ActionPlan(due, exists, status, missing)
