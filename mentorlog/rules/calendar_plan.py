"""Which meetings schedule.ics shows: one series per cadence period, the dates
meeting files cancel, move or title, the meetings off the cadence, and the
action-plan deadline. Pure, over the model (the events themselves:
:mod:`mentorlog.rules.calendar_events`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from mentorlog.model import ACTION_PLAN_DAY, Meeting, Partnership
from mentorlog.model.clock import parse_clock
from mentorlog.rules import timeline
from mentorlog.rules.schedule import Cadence, cadence_dates, periods

#: Words a meeting's kind gives its title when the meeting has no topic.
KIND_TITLES = {
    "first": "first meeting",
    "checkup": "90-day check-up",
    "midpoint": "midpoint review",
    "closing": "closing review",
    "extra": "extra meeting",
}


@dataclass
class Override:
    """A planned occurrence that a meeting file moves, re-times or titles, or a
    milestone meeting (first, check-up, midpoint, closing) that has no file yet
    and is titled by its kind (``meeting`` is None then)."""

    planned: dt.date
    meeting: Meeting | None
    start: dt.datetime  # naive wall time
    title: str | None


@dataclass
class Series:
    """One cadence period as a recurring event."""

    index: int  # 1-based
    cadence: Cadence
    anchor: dt.date  # the period's start (the cadence anchor)
    end: dt.date  # the period's last day
    dates: list[dt.date]
    exdates: list[dt.date] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)

    @property
    def singles(self) -> list[dt.date]:
        """Dates of the series that its RRULE does not produce: they are events of their own.

        Only ``monthly`` from a 29th or 30th has them: the last day of a
        February. (``BYMONTHDAY=28,29,30;BYSETPOS=-1`` would say it in one rule,
        but calendar programs get it wrong: ical.js returns every one of those
        days.)
        """
        if self.cadence.kind != "monthly_day" or self.anchor.day not in (29, 30):
            return []
        return [d for d in self.dates if d.day != self.anchor.day]


@dataclass
class Extra:
    """A meeting off the cadence (or a second meeting of a day): an event of its own."""

    meeting: Meeting
    start: dt.datetime  # naive wall time
    title: str


@dataclass
class CalendarPlan:
    """What schedule.ics holds, before it is written as iCalendar."""

    series: list[Series]
    extras: list[Extra]
    action_plan: dt.date | None
    numbers: dict[int, int]  # id(meeting) -> its number


def _clock(text: str | None, default: dt.time) -> dt.time:
    if not text:
        return default
    try:
        return parse_clock(text)
    except ValueError:
        return default


class _Facts:
    """Each meeting's kind and number (as timeline decides them), looked up by object."""

    def __init__(self, p: Partnership) -> None:
        kinds = timeline.meeting_kinds(p)
        numbers = timeline.meeting_numbers(p)
        self.kinds: dict[int, str] = {id(m): kinds[m.path] for m in p.meetings}
        self.numbers: dict[int, int] = {id(m): numbers[m.path] for m in p.meetings}

    def title(self, meeting: Meeting) -> str | None:
        """The words after "Mentoring #N: " — the topic, else the kind's words."""
        if meeting.topic and meeting.topic.strip():
            return " ".join(meeting.topic.split())
        return KIND_TITLES.get(self.kinds[id(meeting)])

    def number(self, meeting: Meeting) -> int:
        return self.numbers[id(meeting)]


def calendar_plan(p: Partnership) -> CalendarPlan:
    """Series, their exceptions and overrides, extra meetings and the action plan."""
    a = p.agreement
    clock = parse_clock(a.time)
    facts = _Facts(p)
    series: list[Series] = []
    where: dict[dt.date, Series] = {}
    for index, period in enumerate(periods(a.start, a.end, a.cadence, a.cadence_changes), 1):
        dates = cadence_dates(period.cadence, period.start, period.end)
        if not dates:
            continue
        s = Series(index, period.cadence, period.start, period.end, dates)
        series.append(s)
        for d in dates:
            where[d] = s

    claimed: set[dt.date] = set()
    handled: set[int] = set()
    extras: list[Extra] = []
    # a meeting moved from a planned date takes that occurrence first ...
    for m in p.meetings:
        if m.moved_from is None or m.moved_from not in where or m.moved_from in claimed:
            continue
        claimed.add(m.moved_from)
        handled.add(id(m))
        s = where[m.moved_from]
        if m.cancelled:
            s.exdates.append(m.moved_from)
            continue
        start = dt.datetime.combine(m.date, _clock(m.time, clock))
        s.overrides.append(Override(m.moved_from, m, start, facts.title(m)))
    # ... then the meetings on a planned date; everything else is extra
    for m in p.meetings:
        if id(m) in handled:
            continue
        start = dt.datetime.combine(m.date, _clock(m.time, clock))
        if m.suffix == 1 and m.date in where:
            if m.date in claimed:
                if m.cancelled:
                    continue  # the record of a planned meeting that was moved away
            else:
                claimed.add(m.date)
                s = where[m.date]
                if m.cancelled:
                    s.exdates.append(m.date)
                    continue
                title = facts.title(m)
                if title is not None or start.time() != clock:
                    s.overrides.append(Override(m.date, m, start, title))
                continue
        extras.append(Extra(m, start, facts.title(m) or KIND_TITLES["extra"]))
    # the milestone meetings without a file yet still say what they are
    for occ in timeline.occurrences(a):  # (planned once per schedule)
        if occ.kind in KIND_TITLES and occ.date not in claimed and occ.date in where:
            start = dt.datetime.combine(occ.date, clock)
            where[occ.date].overrides.append(Override(occ.date, None, start, KIND_TITLES[occ.kind]))
    for s in series:
        s.exdates.sort()
        s.overrides.sort(key=lambda o: o.planned)
    deadline = a.start + dt.timedelta(days=ACTION_PLAN_DAY)
    return CalendarPlan(series, extras, deadline if deadline <= a.end else None, facts.numbers)
