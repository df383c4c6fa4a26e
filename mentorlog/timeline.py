"""Where the partnership stands in time: planned occurrences, meeting kinds,
numbers, and which roadmap topic each meeting takes. Pure, over the model."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from .model import Agreement, Meeting, Partnership, Topic
from .schedule import Occurrence, plan

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


def meeting_numbers(p: Partnership) -> dict[str, int]:
    """meeting path -> its ``number``: as written, else 1 + the earlier meetings not cancelled."""
    out: dict[str, int] = {}
    held = 0
    for m in sorted(p.meetings, key=lambda m: (m.date, m.suffix)):
        out[m.path] = m.number if m.number is not None else held + 1
        held += 0 if m.cancelled else 1
    return out


def taken_dates(p: Partnership) -> set[dt.date]:
    """Planned dates that already have a meeting file (on the day, or moved from it)."""
    out: set[dt.date] = set()
    for m in p.meetings:
        out.add(m.date)
        if m.moved_from is not None:
            out.add(m.moved_from)
    return out


def next_planned(p: Partnership, today: dt.date) -> Occurrence | None:
    taken = taken_dates(p)
    for occ in occurrences(p.agreement):
        if occ.date >= today and occ.date not in taken:
            return occ
    return None


def number_for(p: Partnership, day: dt.date, suffix: int = 1) -> int:
    """1 + the earlier meeting files that are not cancelled."""
    return 1 + sum(1 for m in p.meetings if (m.date, m.suffix) < (day, suffix) and not m.cancelled)


def topic_key(title: str | None) -> str:
    """How topics are compared: case and runs of white space do not matter."""
    return " ".join((title or "").split()).casefold()


def takes_topic(kind: str) -> bool:
    """Review meetings and extra meetings do not take roadmap topics."""
    return kind in ("first", "regular")


def taken_topics(p: Partnership) -> dict[str, Meeting]:
    """topic key -> the earliest meeting whose ``topic`` equals it."""
    out: dict[str, Meeting] = {}
    for m in p.meetings:
        if m.topic:
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
