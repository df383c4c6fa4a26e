"""The meeting schedule written as iCalendar bytes (schedule.ics), and the
earlier file read back for its memory of SEQUENCE, DTSTAMP and the alarm.

Which events there are is decided in :mod:`mentorlog.rules.calendar_plan` and
:mod:`mentorlog.rules.calendar_events`; the VTIMEZONE comes from
:mod:`mentorlog.render.vtimezone`; the content lines are written by
:mod:`mentorlog.render.ical_lines`, byte for byte as icalendar writes them (icalendar
is imported only to read an unusual TRIGGER in an earlier file).

- UIDs come from the agreement's ``id``; SEQUENCE is carried over from the
  previous file and rises for every UID whose components changed; DTSTAMP
  comes from the data, so the same files always give the same bytes;
- each event is written once: its lines are compared with the previous
  file's, and then go into the file as they are.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from mentorlog.model import Partnership
from mentorlog.render import ical_lines
from mentorlog.render.ical_lines import text, when
from mentorlog.render.vtimezone import vtimezone_lines
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


#: a content line of the earlier file, its name (upper case) and its value
_Line = tuple[str, str, str]


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
    found: dict[str, tuple[int, list[_Line]]] = {}  # UID -> (SEQUENCE, its lines)
    alarm: int | None = None
    block: list[_Line] | None = None
    depth = 0
    for line in _unfold(data):
        name, _, value = _split(line)  # once per line: the lines keep their name and value
        if name == "TRIGGER" and alarm is None:
            trigger = _trigger(value.strip().upper())
            if isinstance(trigger, dt.timedelta) and trigger <= dt.timedelta():
                alarm = int(-trigger.total_seconds()) // 60
        upper = line.upper()
        if upper == "BEGIN:VEVENT" and block is None:
            block, depth = [(line, name, value)], 0
            continue
        if block is None:
            continue
        block.append((line, name, value))
        if upper.startswith("BEGIN:"):
            depth += 1
        elif upper.startswith("END:") and depth:
            depth -= 1
        elif upper == "END:VEVENT":
            uid = next((v for _line, n, v in block if n == "UID"), None)
            if uid is not None:
                seq, lines = found.get(uid, (0, []))
                lines.extend(block)
                found[uid] = (max(seq, _sequence(block)), lines)
            block = None
    state = {
        uid: Previous(seq, _content(lines), _stamp(lines)) for uid, (seq, lines) in found.items()
    }
    return PreviousFile(state, alarm)


def _trigger(value: str) -> dt.timedelta | None:
    """A TRIGGER's duration: as this module writes it, else as icalendar reads it."""
    found = ical_lines.read_duration(value)
    if found is not None:
        return found
    from icalendar import vDuration

    try:
        trigger = vDuration.from_ical(value)  # type: ignore[no-untyped-call]
    except ValueError:
        return None
    return trigger if isinstance(trigger, dt.timedelta) else None


def _unfold(data: bytes) -> list[str]:
    text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\n[ \t]", "", text).split("\n")


def _split(line: str) -> tuple[str, str, str]:
    """A content line's name (upper case), parameters and value."""
    head, colon, value = line.partition(":")
    name, _, params = head.partition(";")
    return name.upper(), params, value if colon else ""


def _content(lines: Iterable[_Line]) -> tuple[str, ...]:
    return tuple(line for line, name, _value in lines if line and name not in _IGNORED)


def _sequence(lines: Iterable[_Line]) -> int:
    """The last SEQUENCE (0 when it is not a number)."""
    seq = 0
    for _line, name, value in lines:
        if name == "SEQUENCE":
            try:
                seq = int(value.strip())
            except ValueError:
                seq = 0
    return seq


def _stamp(lines: Iterable[_Line]) -> dt.datetime | None:
    """The first DTSTAMP, when it is a time in UTC."""
    for _line, name, value in lines:
        if name == "DTSTAMP":
            try:
                return dt.datetime.strptime(value.strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            except ValueError:
                return None
    return None


# ------------------------------------------------------------------ writing

#: where an event's DTSTAMP and SEQUENCE go, until they are known
_STAMP, _SEQUENCE = "DTSTAMP", "SEQUENCE"


def _event(spec: EventSpec, uid: str, tz: str, alarm: int | None) -> list[str]:
    """One VEVENT as content lines (unfolded), with DTSTAMP and SEQUENCE left open."""
    lines = [
        "BEGIN:VEVENT",
        "SUMMARY:" + text(spec.summary),
        "DTSTART" + when(spec.start, tz),
        "DTEND" + when(spec.end, tz),
        _STAMP,
        "UID:" + text(uid),
    ]
    if spec.recurrence_id is not None:
        lines.append("RECURRENCE-ID" + when(spec.recurrence_id, tz))
    lines.append(_SEQUENCE)
    if spec.rrule is not None:
        lines.append("RRULE:" + ical_lines.recur(spec.rrule))
    lines += ["EXDATE" + when(day, tz) for day in spec.exdates]
    lines.append("DESCRIPTION:" + text(spec.description))
    if spec.location:
        lines.append("LOCATION:" + text(spec.location))
    if spec.cancelled:
        lines.append("STATUS:CANCELLED")
    if spec.transparent:
        lines.append("TRANSP:TRANSPARENT")
    if alarm is not None and spec.reminder:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:" + text(spec.summary),
            "TRIGGER:" + ical_lines.duration(dt.timedelta(minutes=-alarm)),
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


@dataclass
class _Written:
    """The VEVENTs of one UID, as content lines (unfolded) ready for the file."""

    uid: str
    lines: list[str]


def _events(p: Partnership, previous: PreviousFile, alarm: int | None) -> list[_Written]:
    """The VEVENTs of ``p``'s schedule, with SEQUENCE and DTSTAMP from ``previous``."""
    tz = p.agreement.timezone
    fresh = data_stamp(p)
    out: list[_Written] = []
    for group in event_groups(p, calendar_plan(p)):
        lines = [line for spec in group.events for line in _event(spec, group.uid, tz, alarm)]
        seq, stamp = 0, fresh
        before = previous.state.get(group.uid)
        if before is not None:
            unchanged = before.content == tuple(
                line for line in lines if line not in (_STAMP, _SEQUENCE)
            )
            seq = before.sequence if unchanged else before.sequence + 1
            old = before.stamp or fresh
            stamp = old if unchanged else max(fresh, old)
        filled = {_STAMP: "DTSTAMP:" + ical_lines.utc(stamp), _SEQUENCE: f"SEQUENCE:{seq}"}
        lines = [filled.get(line, line) for line in lines]
        out.append(_Written(group.uid, lines))
    return out


def _file(name: str, zones: dict[str, tuple[int, int]], events: Iterable[_Written]) -> bytes:
    """The calendar: its header, one VTIMEZONE per zone (``zone -> (first year, last
    year)``), the events; CRLF and folded lines."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:" + text(PRODID),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + text(name),
    ]
    if len(zones) == 1:
        lines.append("X-WR-TIMEZONE:" + text(next(iter(zones))))
    for tz in sorted(zones):
        lines += vtimezone_lines(tz, *zones[tz])
    lines += [line for written in events for line in written.lines]
    lines.append("END:VCALENDAR")
    fold = ical_lines.fold  # (called only for a line it may cut: thousands are short)
    short = [line if len(line) < 75 and line.isascii() else fold(line) for line in lines]
    return ("\r\n".join(short) + "\r\n").encode("utf-8")


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


def combined_calendar(
    parts: Sequence[tuple[str, Partnership, bytes | None]],
) -> tuple[bytes, list[str]]:
    """One calendar with the meetings of several partnerships (``schedule --all``), and
    notes on the parts left out.

    Each part is a name, a partnership and its own schedule.ics (None when it has
    none): its events are those :func:`build_calendar` makes from both, with the
    alarm that file has, so UIDs, SEQUENCE and DTSTAMP are the same as in the
    partnership's own file. One VTIMEZONE per zone, covering the years of every
    partnership in that zone. A partnership whose UIDs an earlier one has (a
    copied folder: the same agreement id) is left out, with a note.
    """
    chosen: list[_Written] = []
    notes: list[str] = []
    owner: dict[str, str] = {}
    zones: dict[str, tuple[int, int]] = {}
    for name, p, data in parts:
        before = read_previous(data)
        events = _events(p, before, before.alarm)
        uids = {written.uid for written in events}
        clash = sorted(owner[u] for u in uids if u in owner)
        if clash:
            notes.append(
                f"{name}: left out, its events have the UIDs of {clash[0]}'s "
                f"(the same agreement id {p.agreement.id!r}: a copy?)"
            )
            continue
        owner.update(dict.fromkeys(uids, name))
        chosen += events
        a = p.agreement
        first, last = zones.get(a.timezone, (a.start.year, a.end.year))
        zones[a.timezone] = (min(first, a.start.year), max(last, a.end.year))
    return _file("Mentoring: all partnerships", zones, chosen), notes
