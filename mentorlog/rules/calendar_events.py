"""The events of schedule.ics as plain data: UIDs, titles, times, recurrence
rules, descriptions. Pure, over the model; :mod:`mentorlog.render.ics` writes
them as iCalendar.

- one group of events per UID, in the file's order: each series (its master
  event with the RRULE, then its overrides), its February singles, the extra
  meetings, the action-plan deadline;
- times are naive wall times in the agreement's zone (the writer adds the
  TZID), an all-day event has dates; the RRULE's UNTIL is in UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from mentorlog.model import ACTION_PLAN_DAY, Meeting, Partnership
from mentorlog.model.clock import parse_clock
from mentorlog.rules.calendar_plan import CalendarPlan, Series
from mentorlog.rules.clock import local_to_utc

UTC = dt.UTC

#: iCalendar's weekday codes, Monday first (as ``date.weekday()`` counts)
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass
class EventSpec:
    """One VEVENT."""

    summary: str
    start: dt.datetime | dt.date  # a naive wall time; a date for an all-day event
    end: dt.datetime | dt.date
    description: str
    location: str = ""
    recurrence_id: dt.datetime | None = None  # naive wall time: the planned start
    rrule: dict[str, Any] | None = None
    exdates: list[dt.datetime] = field(default_factory=list)  # naive wall times
    cancelled: bool = False
    transparent: bool = False  # does not block time (the action-plan deadline)
    reminder: bool = True  # a meeting: gets the alarm, if the calendar has one


@dataclass
class EventGroup:
    """The events that share one UID (a series and its overrides, or one event)."""

    uid: str
    events: list[EventSpec]


def recurrence(s: Series, until: dt.datetime) -> dict[str, Any]:
    """The RRULE of a series (UNTIL given in UTC).

    - every N weeks: ``FREQ=WEEKLY;INTERVAL=N`` (the weekday is DTSTART's);
    - monthly on day D <= 28: ``FREQ=MONTHLY;BYMONTHDAY=D``;
    - monthly on day 31: ``BYMONTHDAY=-1`` (the month's last day, which is what
      "day 31, or the last day of a shorter month" means);
    - monthly on day 29 or 30: ``BYMONTHDAY=D``; the February meetings (on
      its last day) are events of their own (see :attr:`Series.singles`);
    - monthly on the nth weekday: ``FREQ=MONTHLY;BYDAY=2TU`` / ``-1FR``.
    """
    c = s.cadence
    rule: dict[str, Any]
    if c.kind == "weeks":
        rule = {"freq": "WEEKLY"}
        # an interval past the series' end means its first date only; capped, it says
        # the same and stays within what iCalendar allows (every 99999999999 weeks)
        interval = min(c.interval, (s.end - s.anchor).days // 7 + 1)
        if interval > 1:
            rule["interval"] = interval
    elif c.kind == "monthly_day":
        day = s.anchor.day
        rule = {"freq": "MONTHLY", "bymonthday": -1 if day == 31 else day}
    else:
        rule = {"freq": "MONTHLY", "byday": f"{c.nth}{WEEKDAY_CODES[c.weekday]}"}
    rule["until"] = until
    return rule


def uid(agreement_id: str, part: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", agreement_id).strip("-") or "mentorlog"
    return f"{safe}-{part}@mentorlog"


def data_stamp(p: Partnership) -> dt.datetime:
    """Midnight UTC of the newest date in the data (start, meeting dates)."""
    days = [p.agreement.start]
    for m in p.meetings:
        days.append(m.date)
        if m.moved_from is not None:
            days.append(m.moved_from)
    return dt.datetime.combine(max(days), dt.time(0), tzinfo=UTC)


def _description(p: Partnership, s: Series | None, extra_lines: Iterable[str] = ()) -> str:
    """The series: the agreement's essentials; a single meeting: who, where, which file."""
    a = p.agreement
    lines = [f"Mentee: {a.mentee}", f"Mentor: {a.mentor}"]
    if s is not None:
        lines.append(
            f"When: {s.cadence.describe(s.anchor)} at {a.time} ({a.timezone}), "
            f"{a.duration} minutes, {s.dates[0].isoformat()} to {s.end.isoformat()}"
        )
    if a.location:
        lines.append(f"Where: {a.location}")
    lines.extend(extra_lines)
    if s is not None:
        lines.append(f"Who schedules: the {a.initiator}")
        lines.append(
            "Agenda, notes and follow-through: meetings/ in the shared mentoring "
            "repository (agreement.md has the whole agreement)."
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class _Events:
    """Makes the events of one partnership's schedule (what they all share)."""

    p: Partnership
    plan: CalendarPlan
    clock: dt.time  # the agreement's meeting time

    def series_event(self, s: Series, day: dt.date, cancelled: bool = False) -> EventSpec:
        """A meeting of the series on ``day`` as the series shows it (the master event
        on the series' first date, or a February single)."""
        a = self.p.agreement
        start = dt.datetime.combine(day, self.clock)
        return EventSpec(
            summary=f"Mentoring: {a.mentee} / {a.mentor}",
            start=start,
            end=start + dt.timedelta(minutes=a.duration),
            description=_description(self.p, s),
            location=a.location,
            cancelled=cancelled,
        )

    def meeting_event(
        self,
        meeting: Meeting | None,
        start: dt.datetime,
        title: str | None,
        planned: dt.date | None = None,
    ) -> EventSpec:
        """A meeting with a file (or a milestone without one: ``meeting`` None), at
        ``start``; ``planned``: the occurrence of the series it overrides."""
        a = self.p.agreement
        number = self.plan.numbers[id(meeting)] if meeting is not None else None
        head = f"Mentoring #{number}" if number is not None else "Mentoring"
        if meeting is None:
            notes = ["Planned; `mentorlog new-meeting` writes its agenda."]
        else:
            notes = [f"Meeting file: {meeting.path}"]
            if meeting.moved_from is not None:
                notes.append(f"Moved from {meeting.moved_from.isoformat()}")
            if meeting.cancelled:
                notes.append("Cancelled")
        return EventSpec(
            summary=f"{head}: {title}" if title else f"Mentoring: {a.mentee} / {a.mentor}",
            start=start,
            end=start + dt.timedelta(minutes=a.duration),
            description=_description(self.p, None, notes),
            location=a.location,
            recurrence_id=None if planned is None else dt.datetime.combine(planned, self.clock),
            cancelled=meeting is not None and meeting.cancelled,
        )

    def series_groups(self, s: Series) -> list[EventGroup]:
        """The series (master and overrides), then each of its February singles."""
        a = self.p.agreement
        series_uid = uid(a.id, f"series-{s.index}")
        singles = set(s.singles)
        master = self.series_event(s, s.dates[0])
        # UNTIL is the start of the last occurrence itself, not the end of the period's
        # last day: every client then agrees where the series stops (some stretch an
        # UNTIL by the zone's offset, and would find one more meeting before midnight)
        # (a wall time the clocks show twice counts at its later instant, so a client
        # reading it either way still finds the last meeting)
        last = dt.datetime.combine(s.dates[-1], self.clock)
        until = max(
            local_to_utc(s.dates[-1], self.clock, a.timezone),
            last.replace(tzinfo=ZoneInfo(a.timezone), fold=1).astimezone(UTC),
        )
        master.rrule = recurrence(s, until)
        master.exdates = [dt.datetime.combine(d, self.clock) for d in s.exdates if d not in singles]
        events = [master]
        moved = {o.planned: o for o in s.overrides}
        for o in s.overrides:
            if o.planned not in singles:
                events.append(self.meeting_event(o.meeting, o.start, o.title, o.planned))
        groups = [EventGroup(series_uid, events)]
        for d in s.singles:
            single = moved.get(d)
            event = (
                self.series_event(s, d, cancelled=d in s.exdates)
                if single is None
                else self.meeting_event(single.meeting, single.start, single.title)
            )
            groups.append(EventGroup(uid(a.id, f"series-{s.index}-{d.isoformat()}"), [event]))
        return groups


def event_groups(p: Partnership, plan: CalendarPlan) -> list[EventGroup]:
    """The events of ``plan``, grouped by UID, in the file's order."""
    a = p.agreement
    make = _Events(p, plan, parse_clock(a.time))
    out: list[EventGroup] = []
    for s in plan.series:
        out += make.series_groups(s)
    for x in sorted(plan.extras, key=lambda e: (e.meeting.date, e.meeting.suffix)):
        part = f"extra-{x.meeting.date.isoformat()}"
        if x.meeting.suffix > 1:
            part += f"-{x.meeting.suffix}"
        out.append(EventGroup(uid(a.id, part), [make.meeting_event(x.meeting, x.start, x.title)]))
    if plan.action_plan is not None:
        deadline = EventSpec(
            summary="Mentoring action plan due",
            start=plan.action_plan,
            end=plan.action_plan + dt.timedelta(days=1),
            description=(
                f"Day {ACTION_PLAN_DAY} of the partnership {a.mentee} / {a.mentor}: the "
                "Mentoring Action Plan is due (goals in priority order, learning "
                "activities with a timeline: goals/ in the shared mentoring repository)."
            ),
            transparent=True,
            reminder=False,
        )
        out.append(EventGroup(uid(a.id, "actionplan"), [deadline]))
    return out
