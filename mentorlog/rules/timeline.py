"""Where the partnership stands in time: planned occurrences, meeting kinds,
numbers, moved and cancelled meetings, which roadmap topic each meeting takes.
Pure, over the model.

This is the one reading of the timeline: status, roadmap, reviews, agendas,
the calendar and ``check`` all ask it, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mentorlog.model import Agreement, Meeting, Partnership, Topic
from mentorlog.model.clock import parse_clock
from mentorlog.model.records import Record, by_fields
from mentorlog.rules.clock import safe_clock, troubled_days
from mentorlog.rules.schedule import Occurrence, next_occurrence, plan

REVIEW_KINDS = ("checkup", "midpoint", "closing")
REVIEW_TOPICS = {
    "checkup": "90-day check-up",
    "midpoint": "Midpoint review",
    "closing": "Closing review",
}


def occurrences(a: Agreement) -> list[Occurrence]:
    """The planned occurrences (computed once per distinct schedule)."""
    return list(_plan(a.start, a.end, a.cadence, tuple(a.cadence_changes)))


@functools.lru_cache(maxsize=16)
def _plan(
    start: dt.date, end: dt.date, cadence: str, changes: tuple[tuple[dt.date, str], ...]
) -> tuple[Occurrence, ...]:
    return tuple(plan(start, end, cadence, changes))


@functools.lru_cache(maxsize=16)
def _kinds_by_date(
    start: dt.date, end: dt.date, cadence: str, changes: tuple[tuple[dt.date, str], ...]
) -> dict[dt.date, str]:
    return {occ.date: occ.kind for occ in _plan(start, end, cadence, changes)}


def kinds_by_date(a: Agreement) -> dict[dt.date, str]:
    """Planned date -> the kind of that occurrence (do not modify: it is shared)."""
    return _kinds_by_date(a.start, a.end, a.cadence, tuple(a.cadence_changes))


def kind_of(p: Partnership, meeting: Meeting) -> str:
    """The meeting's own ``kind``, else its occurrence's (or the one it replaces), else extra."""
    if meeting.kind:
        return meeting.kind
    return planned_kind(p, meeting.date, meeting.moved_from, meeting.suffix)


def planned_kind(
    p: Partnership, day: dt.date, moved_from: dt.date | None = None, suffix: int = 1
) -> str:
    by_date = kinds_by_date(p.agreement)
    if moved_from is not None and moved_from in by_date:
        return by_date[moved_from]
    if suffix == 1 and day in by_date:
        return by_date[day]
    return "extra"


def meeting_kinds(p: Partnership) -> dict[str, str]:
    """meeting path -> its kind (:func:`kind_of` for every meeting)."""
    return {m.path: kind_of(p, m) for m in p.meetings}


def numbers(meetings: Sequence[Meeting]) -> dict[str, int]:
    """meeting path -> its computed number: its position by date among the meetings
    that are not cancelled (a cancelled one gets the number the next meeting will have).

    The ``number:`` written in a file is only a hint (``check`` flags a stale one):
    files written by two partners in any order give the same numbers.
    """
    out: dict[str, int] = {}
    held = 0
    for m in sorted(meetings, key=lambda m: (m.date, m.suffix)):
        out[m.path] = held + 1
        held += 0 if m.cancelled else 1
    return out


def meeting_numbers(p: Partnership) -> dict[str, int]:
    """meeting path -> its computed number (see :func:`numbers`)."""
    return numbers(p.meetings)


def replacements(p: Partnership) -> dict[dt.date, Meeting]:
    """planned date -> the meeting (not cancelled) that replaces it with ``moved_from:``.

    The earliest such meeting, when several name the same date.
    """
    out: dict[dt.date, Meeting] = {}
    for m in p.meetings:
        if m.moved_from is not None and not m.cancelled:
            out.setdefault(m.moved_from, m)
    return out


def planned_date(m: Meeting) -> dt.date | None:
    """The planned occurrence a meeting file stands for: ``moved_from``, else its own date
    (None for a second meeting of a day)."""
    if m.moved_from is not None:
        return m.moved_from
    return m.date if m.suffix == 1 else None


def state(p: Partnership, m: Meeting, replaced: Mapping[dt.date, Meeting] | None = None) -> str:
    """planned | held | cancelled | moved: a cancelled file whose occurrence another
    meeting took over with ``moved_from:`` is *moved*, not cancelled."""
    if not m.cancelled:
        return m.status
    replaced = replacements(p) if replaced is None else replaced
    day = planned_date(m)
    if day is not None and day in replaced and replaced[day] is not m:
        return "moved"
    return "cancelled"


def meeting_states(p: Partnership) -> dict[str, str]:
    """meeting path -> :func:`state`."""
    replaced = replacements(p)
    return {m.path: state(p, m, replaced) for m in p.meetings}


@dataclass
class Counts:
    """Meetings up to a day: the figures reviews and status show."""

    planned: int  # cadence occurrences up to the day
    held: int  # files with status held (extra meetings included)
    cancelled: int  # cancelled and not replaced by a moved meeting
    moved: int  # planned occurrences up to the day replaced by a meeting with moved_from


def counts(p: Partnership, today: dt.date) -> Counts:
    states = meeting_states(p)
    occ = [o.date for o in occurrences(p.agreement) if o.date <= today]
    replaced = replacements(p)
    period = [m for m in p.meetings if m.date <= today]
    return Counts(
        planned=len(occ),
        held=sum(1 for m in period if m.status == "held"),
        cancelled=sum(1 for m in period if states[m.path] == "cancelled"),
        moved=sum(1 for d in occ if d in replaced),
    )


def taken_dates(p: Partnership) -> set[dt.date]:
    """Planned dates that already have a meeting file (on the day, or moved from it)."""
    out: set[dt.date] = set()
    for m in p.meetings:
        out.add(m.date)
        if m.moved_from is not None:
            out.add(m.moved_from)
    return out


def next_planned(p: Partnership, today: dt.date) -> Occurrence | None:
    """The first planned occurrence from ``today`` on that has no meeting file yet."""
    return next_occurrence(occurrences(p.agreement), today, taken_dates(p))


def number_for(p: Partnership, day: dt.date, suffix: int = 1) -> int:
    """The computed number of a meeting on ``day`` (written or not): 1 + the earlier
    meeting files that are not cancelled (as :func:`numbers`)."""
    return 1 + sum(1 for m in p.meetings if (m.date, m.suffix) < (day, suffix) and not m.cancelled)


def topic_key(title: str | None) -> str:
    """How topics are compared: case and runs of white space do not matter."""
    return " ".join((title or "").split()).casefold()


def takes_topic(kind: str) -> bool:
    """Review meetings and extra meetings do not take roadmap topics."""
    return kind in ("first", "regular")


def taken_topics(p: Partnership) -> dict[str, Meeting]:
    """topic key -> the earliest planned or held meeting whose ``topic`` equals it.

    A cancelled meeting gives its topic back: the meeting moved in its place, or
    the next new meeting, takes it.
    """
    out: dict[str, Meeting] = {}
    for m in p.meetings:
        if m.topic and not m.cancelled:
            out.setdefault(topic_key(m.topic), m)
    return out


def next_topic(p: Partnership) -> Topic | None:
    taken = taken_topics(p)
    for t in p.roadmap:
        if topic_key(t.title) not in taken:
            return t
    return None


@dataclass
class RoadmapRow:
    """One roadmap topic and the meeting that took it, if any."""

    topic: Topic
    meeting: Meeting | None  # the meeting that took it
    planned: dt.date | None  # projected cadence date, for a topic not taken yet


def roadmap_rows(p: Partnership, today: dt.date) -> list[RoadmapRow]:
    """Each topic with its meeting, or the planned date it will fall on.

    Untaken topics are projected, in order, onto the planned occurrences from
    today on that have no meeting file yet and take topics (first, regular).
    """
    taken = taken_topics(p)
    taken_days = taken_dates(p)
    free = [
        occ.date
        for occ in occurrences(p.agreement)
        if occ.date >= today and occ.date not in taken_days and takes_topic(occ.kind)
    ]
    rows: list[RoadmapRow] = []
    for t in p.roadmap:
        meeting = taken.get(topic_key(t.title))
        planned = None
        if meeting is None and free:
            planned = free.pop(0)
        rows.append(RoadmapRow(t, meeting, planned))
    return rows


@by_fields
@dataclass(init=False, repr=False, eq=False)
class ReviewMilestone(Record):
    """A review meeting (check-up, midpoint, closing): its date and whether it is held."""

    kind: str  # checkup | midpoint | closing
    date: dt.date  # its meeting's date (moved or not), else the planned occurrence's
    meeting: Meeting | None  # the meeting of that kind that is not cancelled, if written
    done: bool  # its meeting is held, and the date has come

    def __init__(
        self,
        kind: str,
        date: dt.date,
        meeting: Meeting | None,
        done: bool,
    ) -> None:
        self.kind = kind
        self.date = date
        self.meeting = meeting
        self.done = done


def review_milestones(p: Partnership, today: dt.date) -> list[ReviewMilestone]:
    """The check-up, midpoint and closing milestones (those the schedule has).

    A milestone is done only once its meeting is held, never before its date:
    writing the agenda or compiling the review early does not make it done.
    """
    kinds = meeting_kinds(p)
    occ = occurrences(p.agreement)
    out: list[ReviewMilestone] = []
    for kind in REVIEW_KINDS:
        meetings = [m for m in p.meetings if not m.cancelled and kinds[m.path] == kind]
        planned = next((o for o in occ if o.kind == kind), None)
        # the held one if there is one (a second review meeting may be planned after it)
        meeting = next((m for m in meetings if m.status == "held"), None) or next(
            iter(meetings), None
        )
        if meeting is not None:
            date = meeting.date
        elif planned is not None:
            date = planned.date
        else:
            continue  # e.g. no check-up in a partnership shorter than 120 days
        done = meeting is not None and meeting.status == "held" and date <= today
        out.append(ReviewMilestone(kind, date, meeting, done))
    return out


def clock_warning(days: Sequence[dt.date], clock: str, tz: str) -> str | None:
    """Why ``clock`` is a poor meeting time on some of ``days`` in zone ``tz`` (a time the
    clocks skip or show twice), with a time to use instead; None when it is fine."""
    try:
        t = parse_clock(clock)
        troubled = troubled_days(days, t, tz)
    except ValueError:
        return None  # reported as a bad time or zone where it is read
    if not troubled:
        return None
    day, trouble = troubled[0]
    what = (
        "does not exist (the clocks skip it)"
        if trouble == "gap"
        else "happens twice (the clocks go back over it)"
    )
    more = f" and on {len(troubled) - 1} more meeting date" if len(troubled) > 1 else ""
    more += "s" if len(troubled) > 2 else ""
    better = safe_clock(days, t, tz)
    instead = f", e.g. {better.strftime('%H:%M')}" if better is not None else ""
    return (
        f"{t.strftime('%H:%M')} {what} in {tz} on {day}{more}; calendar programs read "
        f"such a time differently: choose another time{instead}"
    )


def planned_clock_warning(a: Agreement) -> str | None:
    """:func:`clock_warning` for the agreement's time on the planned dates."""
    return clock_warning([o.date for o in occurrences(a)], a.time, a.timezone)


# ---------------------------------------------------- meetings held, as figures


@by_fields
@dataclass(init=False, repr=False, eq=False)
class MeetingFigures(Record):
    """How the meetings went up to a day: planned, held, cancelled, moved, runs."""

    planned: int  # cadence occurrences from start to the review date
    held: int  # meeting files with status held (extra meetings included)
    cancelled: int  # status cancelled, and not replaced by a moved meeting
    longest_run: int  # longest run of consecutive cancellations
    current_run: int  # cancellations in a row among the latest meetings
    meetings: list[Meeting] = field(default_factory=list)  # the files dated up to the review date
    moved: int = 0  # planned occurrences replaced by a meeting with moved_from
    numbers: dict[str, int] = field(default_factory=dict)  # path -> computed number
    states: dict[str, str] = field(default_factory=dict)  # path -> planned|held|cancelled|moved

    def __init__(
        self,
        planned: int,
        held: int,
        cancelled: int,
        longest_run: int,
        current_run: int,
        meetings: list[Meeting] | None = None,
        moved: int = 0,
        numbers: dict[str, int] | None = None,
        states: dict[str, str] | None = None,
    ) -> None:
        self.planned = planned
        self.held = held
        self.cancelled = cancelled
        self.longest_run = longest_run
        self.current_run = current_run
        self.meetings = [] if meetings is None else meetings
        self.moved = moved
        self.numbers = {} if numbers is None else numbers
        self.states = {} if states is None else states


def cancellation_runs(
    meetings: Sequence[Meeting], states: Mapping[str, str] | None = None
) -> tuple[int, int]:
    """``(longest, current)`` runs of cancelled meetings, in file date order.

    A held meeting ends a run; a file still marked planned, or the record of a
    meeting that was moved (``states``), neither ends nor extends one.
    """
    longest = current = 0
    for m in meetings:
        if m.status == "cancelled" and (states is None or states.get(m.path) != "moved"):
            current += 1
            longest = max(longest, current)
        elif m.status == "held":
            current = 0
    return longest, current


def meeting_figures(p: Partnership, today: dt.date) -> MeetingFigures:
    period = [m for m in p.meetings if m.date <= today]
    states = meeting_states(p)
    longest, current = cancellation_runs(period, states)
    counted = counts(p, today)
    return MeetingFigures(
        planned=counted.planned,
        held=counted.held,
        cancelled=counted.cancelled,
        longest_run=longest,
        current_run=current,
        meetings=period,
        moved=counted.moved,
        numbers=meeting_numbers(p),
        states=states,
    )
