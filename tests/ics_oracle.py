"""The schedule writer as it was before :mod:`mentorlog.render.ical_lines`: every
event built as an icalendar component and serialised by icalendar. The tests
compare mentorlog's bytes with these (tests/unit/test_ical_lines.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from mentorlog.model import Partnership
from mentorlog.render.vtimezone import vtimezone
from mentorlog.rules.calendar_events import EventSpec, data_stamp, event_groups
from mentorlog.rules.calendar_plan import calendar_plan

PRODID = "-//mentorlog//mentorlog schedule//EN"
UTC = dt.UTC

#: what may change without the event changing: it is not compared
_IGNORED = ("SEQUENCE", "DTSTAMP")


# ------------------------------------------------------------------ the earlier file


class Previous(NamedTuple):
    """What an earlier schedule.ics said about one UID."""

    sequence: int
    content: tuple[str, ...]  # its VEVENTs' content lines, without SEQUENCE and DTSTAMP
    stamp: dt.datetime | None  # its DTSTAMP


@dataclass(frozen=True)
class PreviousFile:
    """An earlier schedule.ics: each UID's state, and the minutes of its alarm."""

    state: dict[str, Previous]
    alarm: int | None


def read_previous(data: bytes | None) -> PreviousFile:
    """An earlier schedule.ics, read leniently: a file that is not ours gives what it can.

    Read line by line, not with icalendar's parser: that gives nothing at all for a
    file whose structure is damaged (cut short, one broken BEGIN or END line), and
    the SEQUENCE memory would be lost (the test
    ``test_a_damaged_previous_file_still_gives_what_it_can``); icalendar parses the
    TRIGGER values. The alarm is the first TRIGGER that is a duration before the start.
    """
    if not data:
        return PreviousFile({}, None)
    from icalendar import vDuration

    found: dict[str, tuple[int, list[str]]] = {}
    alarm: int | None = None
    block: list[str] | None = None
    depth = 0
    for line in _unfold(data):
        name, _, value = _split(line)
        if name == "TRIGGER" and alarm is None:
            try:
                trigger = vDuration.from_ical(value.strip().upper())  # type: ignore[no-untyped-call]
            except ValueError:
                trigger = None
            if isinstance(trigger, dt.timedelta) and trigger <= dt.timedelta():
                alarm = int(-trigger.total_seconds()) // 60
        upper = line.upper()
        if upper == "BEGIN:VEVENT" and block is None:
            block, depth = [line], 0
            continue
        if block is None:
            continue
        block.append(line)
        if upper.startswith("BEGIN:"):
            depth += 1
        elif upper.startswith("END:") and depth:
            depth -= 1
        elif upper == "END:VEVENT":
            uid = next((v for n, _, v in map(_split, block) if n == "UID"), None)
            if uid is not None:
                seq, lines = found.get(uid, (0, []))
                found[uid] = (max(seq, _sequence(block)), lines + block)
            block = None
    state = {
        uid: Previous(seq, _content(lines), _stamp(lines)) for uid, (seq, lines) in found.items()
    }
    return PreviousFile(state, alarm)


def _unfold(data: bytes) -> list[str]:
    text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\n[ \t]", "", text).split("\n")


def _split(line: str) -> tuple[str, str, str]:
    """A content line's name (upper case), parameters and value."""
    head, colon, value = line.partition(":")
    name, _, params = head.partition(";")
    return name.upper(), params, value if colon else ""


def _name(line: str) -> str:
    return re.split(r"[;:]", line, maxsplit=1)[0].upper()


def _content(lines: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(line) for line in lines if line and _name(line) not in _IGNORED)


def _sequence(lines: Iterable[str]) -> int:
    seq = 0
    for name, _, value in map(_split, lines):
        if name == "SEQUENCE":
            try:
                seq = int(value.strip())
            except ValueError:
                seq = 0
    return seq


def _stamp(lines: Iterable[str]) -> dt.datetime | None:
    """The first DTSTAMP, when it is a time in UTC."""
    for name, _, value in map(_split, lines):
        if name == "DTSTAMP":
            try:
                return dt.datetime.strptime(value.strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            except ValueError:
                return None
    return None


# ------------------------------------------------------------------ writing


def _event(spec: EventSpec, uid: str, zone: ZoneInfo, alarm: int | None) -> Any:
    from icalendar import Alarm, Event

    def wall(moment: dt.datetime | dt.date) -> dt.datetime | dt.date:
        return moment.replace(tzinfo=zone) if isinstance(moment, dt.datetime) else moment

    event = Event()
    event.add("uid", uid)
    event.add("summary", spec.summary)
    if spec.recurrence_id is not None:
        event.add("recurrence-id", wall(spec.recurrence_id))
    event.add("dtstart", wall(spec.start))
    event.add("dtend", wall(spec.end))
    if spec.rrule is not None:
        event.add("rrule", spec.rrule)
    for day in spec.exdates:
        event.add("exdate", wall(day))
    if spec.location:
        event.add("location", spec.location)
    if spec.transparent:
        event.add("transp", "TRANSPARENT")
    event.add("description", spec.description)
    if spec.cancelled:
        event.add("status", "CANCELLED")
    if alarm is not None and spec.reminder:
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", spec.summary)
        reminder.add("trigger", dt.timedelta(minutes=-alarm))
        event.add_component(reminder)
    return event


@dataclass
class _Written:
    """The VEVENTs of one UID, as content lines (unfolded) ready for the file."""

    uid: str
    lines: list[str]


def _events(p: Partnership, previous: PreviousFile, alarm: int | None) -> list[_Written]:
    """The VEVENTs of ``p``'s schedule, with SEQUENCE and DTSTAMP from ``previous``."""
    zone = ZoneInfo(p.agreement.timezone)
    fresh = data_stamp(p)
    out: list[_Written] = []
    for group in event_groups(p, calendar_plan(p)):
        events = [_event(spec, group.uid, zone, alarm) for spec in group.events]
        for event in events:
            event.add("dtstamp", fresh)
            event.add("sequence", 0)
        lines = [event.content_lines() for event in events]
        seq, stamp = 0, fresh
        before = previous.state.get(group.uid)
        if before is not None:
            unchanged = before.content == _content(ln for each in lines for ln in each)
            seq = before.sequence if unchanged else before.sequence + 1
            old = before.stamp or fresh
            stamp = old if unchanged else max(fresh, old)
        if (seq, stamp) != (0, fresh):
            for event, each in zip(events, lines, strict=True):
                _restamp(event, each, stamp, seq)
        out.append(_Written(group.uid, [ln for each in lines for ln in each if ln]))
    return out


def _restamp(event: Any, lines: list[Any], stamp: dt.datetime, seq: int) -> None:
    """Set DTSTAMP and SEQUENCE on ``event`` and in its content ``lines``."""
    for name, value in (("dtstamp", stamp), ("sequence", seq)):
        event.pop(name)
        event.add(name, value)
        index = next(n for n, line in enumerate(lines) if _name(line) == name.upper())
        lines[index] = event.content_line(name.upper(), event[name])


def _file(name: str, zones: dict[str, tuple[int, int]], events: Iterable[_Written]) -> bytes:
    """The calendar: its header, one VTIMEZONE per zone (``zone -> (first year, last
    year)``), the events; CRLF and folded lines."""
    from icalendar import Calendar
    from icalendar.parser import Contentlines

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    if len(zones) == 1:
        cal.add("x-wr-timezone", next(iter(zones)))
    for tz in sorted(zones):
        cal.add_component(vtimezone(tz, *zones[tz]))
    lines = cal.content_lines()
    end = lines.index("END:VCALENDAR")
    lines[end:end] = [line for written in events for line in written.lines]
    data: bytes = Contentlines(lines).to_ical()  # type: ignore[no-untyped-call]
    return data


def build_calendar(
    p: Partnership,
    previous: bytes | None = None,
    alarm: int | None = None,
    *,
    keep_alarm: bool = False,
) -> bytes:
    """The schedule as iCalendar bytes (CRLF, folded lines).

    ``previous`` is the earlier schedule.ics, if any: the memory of SEQUENCE
    and DTSTAMP. Each UID keeps both while its components are unchanged; when
    anything in them changed, SEQUENCE goes up by one and DTSTAMP becomes
    midnight UTC of the newest date in the files (never earlier than before).
    All components of a UID share them.
    ``alarm`` adds a reminder that many minutes before each meeting; without
    one, ``keep_alarm`` keeps the reminder of ``previous``.
    """
    a = p.agreement
    before = read_previous(previous)
    if alarm is None and keep_alarm:
        alarm = before.alarm
    zones = {a.timezone: (a.start.year, a.end.year)}
    return _file(f"Mentoring: {a.mentee} / {a.mentor}", zones, _events(p, before, alarm))
