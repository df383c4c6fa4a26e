"""Where the partnership stands today: phase, next meeting, milestones, items, warnings.

Pure: a function of the loaded partnership, today, and which review files
exist (the one fact that needs the disk, passed in by the caller).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from mentorlog.model import OWNERS, Partnership
from mentorlog.model.records import Record, by_fields
from mentorlog.rules import followthrough, goals, smart, timeline
from mentorlog.rules.schedule import parse_cadence, periods

#: Negotiating lasts until the first meeting is held, at most until this day.
NEGOTIATING_DAYS = 30
#: Closure is the last this-many days of the partnership (or once the closing meeting is held).
CLOSURE_DAYS = 30
CANCELLED_RUN_WARNING = 3


@by_fields
@dataclass(init=False, repr=False, eq=False)
class NextMeeting(Record):
    """The next meeting: a planned file, or the next date of the cadence."""

    date: dt.date
    time: str
    kind: str
    topic: str | None
    number: int
    file: str | None  # the meeting file, or None when it is not written yet

    def __init__(
        self,
        date: dt.date,
        time: str,
        kind: str,
        topic: str | None,
        number: int,
        file: str | None,
    ) -> None:
        self.date = date
        self.time = time
        self.kind = kind
        self.topic = topic
        self.number = number
        self.file = file

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "time": self.time,
            "kind": self.kind,
            "topic": self.topic,
            "number": self.number,
            "file": self.file,
        }


@dataclass
class Milestone:
    """A milestone of the partnership and where it stands today."""

    name: str  # action-plan | checkup | midpoint | closing
    date: dt.date
    status: str  # done | due | overdue


@by_fields
@dataclass(init=False, repr=False, eq=False)
class Status(Record):
    """Everything `status` shows."""

    mentee: str
    mentor: str
    start: dt.date
    end: dt.date
    day: int
    days_total: int
    phase: str
    next_meeting: NextMeeting | None
    milestones: list[Milestone]
    items: dict[str, dict[str, int]]
    goals: list[tuple[str, str, str]]  # (file, title, status)
    warnings: list[str] = field(default_factory=list)
    problems: int = 0
    meetings: timeline.Counts | None = None  # up to today: planned, held, cancelled, moved

    def __init__(
        self,
        mentee: str,
        mentor: str,
        start: dt.date,
        end: dt.date,
        day: int,
        days_total: int,
        phase: str,
        next_meeting: NextMeeting | None,
        milestones: list[Milestone],
        items: dict[str, dict[str, int]],
        goals: list[tuple[str, str, str]],
        warnings: list[str] | None = None,
        problems: int = 0,
        meetings: timeline.Counts | None = None,
    ) -> None:
        self.mentee = mentee
        self.mentor = mentor
        self.start = start
        self.end = end
        self.day = day
        self.days_total = days_total
        self.phase = phase
        self.next_meeting = next_meeting
        self.milestones = milestones
        self.items = items
        self.goals = goals
        self.warnings = [] if warnings is None else warnings
        self.problems = problems
        self.meetings = meetings

    def to_json(self) -> dict[str, Any]:
        nm = self.next_meeting
        return {
            "mentee": self.mentee,
            "mentor": self.mentor,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "day": self.day,
            "days_total": self.days_total,
            "phase": self.phase,
            "next_meeting": None if nm is None else nm.to_json(),
            "milestones": [
                {"name": m.name, "date": m.date.isoformat(), "status": m.status}
                for m in self.milestones
            ],
            "items": self.items,
            "goals": [{"file": f, "title": t, "status": s} for f, t, s in self.goals],
            "warnings": self.warnings,
            "problems": self.problems,
            "meetings": None if self.meetings is None else dataclasses.asdict(self.meetings),
        }


def phase(p: Partnership, today: dt.date) -> str:
    """negotiating, enabling growth or closure (see docs/format.md, "Reviews and status")."""
    a = p.agreement
    day = (today - a.start).days
    held_any = any(m.status == "held" and m.date <= today for m in p.meetings)
    if today <= a.end and (day < 0 or (not held_any and day < NEGOTIATING_DAYS)):
        return "negotiating"
    kinds = timeline.meeting_kinds(p)
    closing_held = any(m.status == "held" and kinds[m.path] == "closing" for m in p.meetings)
    if today > a.end or day >= a.days_total - CLOSURE_DAYS or closing_held:
        return "closure"
    return "enabling growth"


def next_meeting(p: Partnership, today: dt.date) -> NextMeeting | None:
    """The earliest of: the next meeting file still planned, the next planned occurrence
    without a file; both from today on."""
    a = p.agreement
    candidates: list[NextMeeting] = []
    planned = [m for m in p.meetings if m.status == "planned" and m.date >= today]
    if planned:
        m = planned[0]
        candidates.append(
            NextMeeting(
                date=m.date,
                time=m.time or a.time,
                kind=timeline.meeting_kinds(p)[m.path],
                topic=m.topic,
                number=timeline.meeting_numbers(p)[m.path],
                file=m.path,
            )
        )
    occ = timeline.next_planned(p, today)
    if occ is not None:
        if timeline.takes_topic(occ.kind):
            t = timeline.next_topic(p)
            topic = t.title if t else None
        else:
            topic = timeline.REVIEW_TOPICS.get(occ.kind)
        candidates.append(
            NextMeeting(
                date=occ.date,
                time=a.time,
                kind=occ.kind,
                topic=topic,
                number=timeline.number_for(p, occ.date),
                file=None,
            )
        )
    return min(candidates, key=lambda c: (c.date, c.file is None), default=None)


def milestones(
    p: Partnership, today: dt.date, existing_reviews: Collection[str] = ()
) -> list[Milestone]:
    """The action plan, then the review milestones as :mod:`mentorlog.rules.timeline` reads them.

    ``existing_reviews`` is accepted for callers that pass it; a review file
    alone never makes a milestone done (its meeting must be held).
    """

    def status(date: dt.date, done: bool) -> str:
        return "done" if done else ("overdue" if date < today else "due")

    plan = goals.action_plan_status(p, today)
    out = [Milestone("action-plan", plan.due, plan.status)]
    for r in timeline.review_milestones(p, today):
        out.append(Milestone(r.kind, r.date, status(r.date, r.done)))
    return out


def cadence_days(p: Partnership, today: dt.date) -> int:
    """Days between planned meetings in the cadence in force today (a month counts as 30)."""
    a = p.agreement
    current = periods(a.start, a.end, a.cadence, a.cadence_changes)
    cadence = current[0].cadence
    for period in current:
        if period.start <= today:
            cadence = period.cadence
    return 7 * cadence.interval if cadence.kind == "weeks" else 30


def warnings(
    p: Partnership, today: dt.date, overdue: list[str | None], mf: timeline.MeetingFigures
) -> list[str]:
    """What needs attention; ``overdue`` the owners of the tasks overdue today."""
    a = p.agreement
    out: list[str] = []
    if mf.current_run >= CANCELLED_RUN_WARNING:
        out.append(
            f"{mf.current_run} meetings cancelled in a row: talk about the schedule "
            "(the check-up asks about more than three)"
        )
    if a.start <= today <= a.end:
        held = [m.date for m in mf.meetings if m.status == "held"]
        since = max(held) if held else a.start
        gap, every = (today - since).days, cadence_days(p, today)
        if gap > 2 * every:
            what = f"since {since}" if held else f"since the start ({since})"
            out.append(f"no meeting held for {gap} days, {what}; the cadence is every {every} days")
    stale = [m for m in mf.meetings if m.status == "planned" and m.date < today]
    for m in stale:
        out.append(f"{m.path} is still 'planned' though its date has passed: held or cancelled?")
    if overdue:
        per = {o: sum(1 for owner in overdue if (owner or "unassigned") == o) for o in OWNERS}
        detail = ", ".join(f"{o} {n}" for o, n in per.items() if n)
        s = "" if len(overdue) == 1 else "s"
        out.append(f"{len(overdue)} overdue item{s} ({detail}): mentorlog actions --overdue")
    not_smart: dict[str, list[str]] = {}
    for finding in smart.smart_findings(p, today):
        if finding.severity == "error":
            not_smart.setdefault(finding.path, []).append(finding.message.split(":")[0])
    for path, found in not_smart.items():
        out.append(f"{path} is not SMART yet: {'; '.join(found)} (mentorlog goal check)")
    if p.problems:
        s = "" if len(p.problems) == 1 else "s"
        out.append(f"{len(p.problems)} problem{s} in the files: mentorlog check")
    return out


def compute(p: Partnership, today: dt.date, existing_reviews: Collection[str] = ()) -> Status:
    """The status on ``today``; ``existing_reviews`` names the review kinds with a file."""
    a = p.agreement
    items = {o: {"open": 0, "overdue": 0, "done": 0, "dropped": 0} for o in OWNERS}
    overdue: list[str | None] = []  # the owner of each task overdue today
    now = today.toordinal()
    for owner, state, due in zip(*followthrough.states(p), strict=True):
        counts = items[owner or "unassigned"]
        if state != "open":
            counts[state] += 1
        else:
            counts["open"] += 1
            if due and due < now:  # Task.overdue, on ordinals
                counts["overdue"] += 1
                overdue.append(owner)
    mf = timeline.meeting_figures(p, today)
    return Status(
        mentee=a.mentee,
        mentor=a.mentor,
        start=a.start,
        end=a.end,
        day=(today - a.start).days,
        days_total=a.days_total,
        phase=phase(p, today),
        next_meeting=next_meeting(p, today),
        milestones=milestones(p, today, existing_reviews),
        items=items,
        goals=[(g.path, g.title, g.status) for g in p.goals],
        warnings=warnings(p, today, overdue, mf),
        problems=len(p.problems),
        meetings=timeline.Counts(mf.planned, mf.held, mf.cancelled, mf.moved),
    )


def describe_cadence(p: Partnership) -> str:
    return parse_cadence(p.agreement.cadence).describe(p.agreement.start)
