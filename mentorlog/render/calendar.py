"""The meeting schedule as an iCalendar file (schedule.ics).

The only module that imports icalendar, and only inside its functions. What
goes into the file is decided by pure functions over the model; the shapes are
chosen for the calendars people use (Google Calendar, Outlook, Apple Calendar,
Thunderbird):

- one recurring VEVENT per cadence period (``cadence_changes`` start a new
  series with its own UID), DTSTART with a TZID on the series' first date,
  an RRULE whose UNTIL is the start of its last occurrence, in UTC;
- one VTIMEZONE per zone, in RRULE form (one STANDARD block, one DAYLIGHT
  block where the zone has daylight saving time), built from the zone's
  transitions in the years of the partnership;
- meeting files shape the series: a cancelled meeting is an EXDATE, a moved,
  re-timed or titled meeting is an override (same UID, RECURRENCE-ID = the
  planned start), a meeting off the cadence is its own VEVENT;
- an all-day VEVENT marks the action-plan deadline (day 30);
- UIDs come from the agreement's ``id``; SEQUENCE is carried over from the
  previous file and rises for every UID whose components changed; DTSTAMP
  comes from the data, so the same files always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from mentorlog.model import ACTION_PLAN_DAY, Meeting, Partnership
from mentorlog.rules import timeline
from mentorlog.rules.schedule import (
    Cadence,
    cadence_dates,
    local_to_utc,
    parse_clock,
    periods,
    plan,
)

SCHEDULE_FILE = "schedule.ics"
PRODID = "-//mentorlog//mentorlog schedule//EN"
UTC = dt.UTC

#: Words a meeting's kind gives its title when the meeting has no topic.
KIND_TITLES = {
    "first": "first meeting",
    "checkup": "90-day check-up",
    "midpoint": "midpoint review",
    "closing": "closing review",
    "extra": "extra meeting",
}

_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


# ------------------------------------------------------------------ time zones


@dataclass(frozen=True)
class Transition:
    """A change of UTC offset: the instant (UTC) and the offsets around it."""

    at: dt.datetime  # aware, UTC
    before: dt.timedelta
    after: dt.timedelta
    dst: bool  # whether the clocks go forward (the DAYLIGHT block)
    name: str  # the zone's abbreviation after the change

    @property
    def local(self) -> dt.datetime:
        """The onset in the wall time that was in force before it (naive)."""
        return (self.at + self.before).replace(tzinfo=None)


def transitions(tz: str, first_year: int, last_year: int) -> list[Transition]:
    """Every change of UTC offset in ``tz`` from ``first_year`` to ``last_year``."""
    zone = ZoneInfo(tz)
    out: list[Transition] = []
    moment = dt.datetime(first_year, 1, 1, tzinfo=UTC)
    stop = dt.datetime(last_year + 1, 1, 1, tzinfo=UTC)
    day = dt.timedelta(days=1)
    offset = _offset(zone, moment)
    while moment < stop:
        nxt = moment + day
        new = _offset(zone, nxt)
        if new != offset:
            low, high = moment, nxt  # offset(low) == old, offset(high) == new
            while high - low > dt.timedelta(seconds=1):
                mid = low + (high - low) / 2
                mid = mid.replace(microsecond=0)
                if mid <= low:
                    break
                if _offset(zone, mid) == offset:
                    low = mid
                else:
                    high = mid
            # The offset that goes up starts "daylight" time. (The zone database
            # marks Irish winter time as a negative daylight saving time; calendar
            # programs expect the summer offset in the DAYLIGHT block.)
            out.append(
                Transition(high, offset, new, new > offset, high.astimezone(zone).tzname() or "")
            )
            offset = new
        moment = nxt
    return out


def _offset(zone: ZoneInfo, moment: dt.datetime) -> dt.timedelta:
    value = moment.astimezone(zone).utcoffset()
    assert value is not None
    return value


def _nth_candidates(day: dt.date) -> set[int]:
    """Which "nth weekday of the month" ``day`` is: 1-5, and -1 when it is the last."""
    nth = {(day.day - 1) // 7 + 1}
    following = day + dt.timedelta(days=7)
    if following.month != day.month:
        nth.add(-1)
    return nth


def _yearly_rule(group: Sequence[Transition], years: range) -> dict[str, Any] | None:
    """An RRULE (FREQ=YEARLY;BYMONTH;BYDAY) that ``group`` follows once in each of ``years``."""
    locals_ = [t.local for t in group]
    if len({(d.month, d.weekday(), d.time()) for d in locals_}) != 1:
        return None
    if [d.year for d in locals_] != list(years):
        return None  # a year without the change, or with two: not this yearly rule
    common = set.intersection(*(_nth_candidates(d.date()) for d in locals_))
    common.discard(5)
    if not common:
        return None
    nth = -1 if -1 in common and (len(common) == 1 or min(common) >= 4) else min(common - {-1})
    return {"month": locals_[0].month, "weekday": locals_[0].weekday(), "nth": nth}


def _rule_date(year: int, month: int, weekday: int, nth: int) -> dt.date:
    if nth == -1:
        last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def vtimezone(tz: str, first_year: int, last_year: int) -> Any:
    """A VTIMEZONE for ``tz`` that is right from ``first_year`` to ``last_year``.

    The usual shape: one STANDARD block and, for zones with daylight saving
    time, one DAYLIGHT block, each an RRULE (``FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU``)
    whose DTSTART is the rule's date in 1970, when the rule holds for every
    year of the range (checked one year either side). A zone whose rules
    change within the range gets one block per kind of change, with the
    range's changes listed as RDATEs instead (the first, the DTSTART, too);
    a zone without changes gets one STANDARD block with its fixed offset.
    """
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = ZoneInfo(tz)
    found = transitions(tz, first_year - 1, last_year + 1)
    cal_tz = Timezone()
    cal_tz.add("tzid", tz)
    if not found:
        moment = dt.datetime(first_year, 1, 1, tzinfo=UTC).astimezone(zone)
        offset = moment.utcoffset() or dt.timedelta(0)
        block: Any = TimezoneStandard()
        block.add("dtstart", dt.datetime(1970, 1, 1))
        block.add("tzoffsetfrom", offset)
        block.add("tzoffsetto", offset)
        block.add("tzname", moment.tzname() or tz)
        cal_tz.add_component(block)
        return cal_tz
    groups: dict[tuple[bool, dt.timedelta, dt.timedelta, str], list[Transition]] = {}
    for t in found:
        groups.setdefault((t.dst, t.before, t.after, t.name), []).append(t)
    years = range(first_year - 1, last_year + 2)
    rules = {key: _yearly_rule(group, years) for key, group in groups.items()}
    simple = len(groups) <= 2 and len({key[0] for key in groups}) == len(groups)
    simple = simple and all(rule is not None for rule in rules.values())
    # standard time first, then daylight saving time
    for key in sorted(groups, key=lambda k: (k[0], groups[k][0].at)):
        dst, before, after, name = key
        group = groups[key]
        block = TimezoneDaylight() if dst else TimezoneStandard()
        rule = rules[key]
        if simple and rule is not None:
            onset = _rule_date(1970, rule["month"], rule["weekday"], rule["nth"])
            block.add("dtstart", dt.datetime.combine(onset, group[0].local.time()))
            block.add("tzoffsetfrom", before)
            block.add("tzoffsetto", after)
            block.add(
                "rrule",
                {"freq": "YEARLY", "bymonth": rule["month"], "byday": _byday(rule)},
            )
        else:
            block.add("dtstart", group[0].local)
            block.add("tzoffsetfrom", before)
            block.add("tzoffsetto", after)
            # The DTSTART is an RDATE too: ical.js (Thunderbird) ignores DTSTART as an
            # onset once a block has RDATEs; RFC 5545 counts the duplicate once.
            for t in group if len(group) > 1 else ():
                block.add("rdate", t.local)
        block.add("tzname", name)
        cal_tz.add_component(block)
    return cal_tz


def _byday(rule: dict[str, Any]) -> str:
    return f"{rule['nth']}{_BYDAY[rule['weekday']]}"


# ------------------------------------------------------------------ the plan


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
    for occ in plan(a.start, a.end, a.cadence, a.cadence_changes):
        if occ.kind in KIND_TITLES and occ.date not in claimed and occ.date in where:
            start = dt.datetime.combine(occ.date, clock)
            where[occ.date].overrides.append(Override(occ.date, None, start, KIND_TITLES[occ.kind]))
    for s in series:
        s.exdates.sort()
        s.overrides.sort(key=lambda o: o.planned)
    deadline = a.start + dt.timedelta(days=ACTION_PLAN_DAY)
    return CalendarPlan(series, extras, deadline if deadline <= a.end else None, facts.numbers)


def rrule(s: Series, until: dt.datetime) -> dict[str, Any]:
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
        if day <= 28:
            rule = {"freq": "MONTHLY", "bymonthday": day}
        elif day == 31:
            rule = {"freq": "MONTHLY", "bymonthday": -1}
        else:
            rule = {"freq": "MONTHLY", "bymonthday": day}
    else:
        rule = {"freq": "MONTHLY", "byday": f"{c.nth}{_BYDAY[c.weekday]}"}
    rule["until"] = until
    return rule


# ------------------------------------------------------------------ writing


def _uid(agreement_id: str, part: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", agreement_id).strip("-") or "mentorlog"
    return f"{safe}-{part}@mentorlog"


def _dtstamp(p: Partnership) -> dt.datetime:
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


def _alarm(minutes: int, text: str) -> Any:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", dt.timedelta(minutes=-minutes))
    return alarm


def _aware(wall: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return wall.replace(tzinfo=zone)


def _base_event(uid: str, summary: str) -> Any:
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    return event


def _meeting_event(
    p: Partnership,
    uid: str,
    meeting: Meeting | None,
    number: int | None,
    start: dt.datetime,
    title: str | None,
    zone: ZoneInfo,
    alarm: int | None,
    recurrence_id: dt.datetime | None,
) -> Any:
    a = p.agreement
    head = f"Mentoring #{number}" if number is not None else "Mentoring"
    summary = f"{head}: {title}" if title else f"Mentoring: {a.mentee} / {a.mentor}"
    event = _base_event(uid, summary)
    if recurrence_id is not None:
        event.add("recurrence-id", _aware(recurrence_id, zone))
    event.add("dtstart", _aware(start, zone))
    event.add("dtend", _aware(start + dt.timedelta(minutes=a.duration), zone))
    if a.location:
        event.add("location", a.location)
    if meeting is None:
        notes = ["Planned; `mentorlog new-meeting` writes its agenda."]
    else:
        notes = [f"Meeting file: {meeting.path}"]
        if meeting.moved_from is not None:
            notes.append(f"Moved from {meeting.moved_from.isoformat()}")
        if meeting.cancelled:
            notes.append("Cancelled")
    event.add("description", _description(p, None, notes))
    if meeting is not None and meeting.cancelled:
        event.add("status", "CANCELLED")
    if alarm is not None:
        event.add_component(_alarm(alarm, summary))
    return event


def _groups(p: Partnership, cp: CalendarPlan, alarm: int | None) -> list[tuple[str, list[Any]]]:
    """The VEVENTs, grouped by UID, in the file's order."""
    a = p.agreement
    zone = ZoneInfo(a.timezone)
    clock = parse_clock(a.time)
    name = f"Mentoring: {a.mentee} / {a.mentor}"
    out: list[tuple[str, list[Any]]] = []
    for s in cp.series:
        uid = _uid(a.id, f"series-{s.index}")
        first = dt.datetime.combine(s.dates[0], clock)
        master = _base_event(uid, name)
        master.add("dtstart", _aware(first, zone))
        master.add("dtend", _aware(first + dt.timedelta(minutes=a.duration), zone))
        # UNTIL is the start of the last occurrence itself, not the end of the period's
        # last day: every client then agrees where the series stops (some stretch an
        # UNTIL by the zone's offset, and would find one more meeting before midnight)
        # (a wall time the clocks show twice counts at its later instant, so a client
        # reading it either way still finds the last meeting)
        last = dt.datetime.combine(s.dates[-1], clock)
        until = max(
            local_to_utc(s.dates[-1], clock, a.timezone),
            last.replace(tzinfo=zone, fold=1).astimezone(UTC),
        )
        master.add("rrule", rrule(s, until))
        singles = set(s.singles)
        for d in s.exdates:
            if d not in singles:
                master.add("exdate", _aware(dt.datetime.combine(d, clock), zone))
        if a.location:
            master.add("location", a.location)
        master.add("description", _description(p, s))
        if alarm is not None:
            master.add_component(_alarm(alarm, name))
        events = [master]
        moved = {o.planned: o for o in s.overrides}
        for o in s.overrides:
            if o.planned in singles:
                continue
            planned = dt.datetime.combine(o.planned, clock)
            number = cp.numbers[id(o.meeting)] if o.meeting is not None else None
            events.append(
                _meeting_event(p, uid, o.meeting, number, o.start, o.title, zone, alarm, planned)
            )
        out.append((uid, events))
        for d in s.singles:
            single_uid = _uid(a.id, f"series-{s.index}-{d.isoformat()}")
            single = moved.get(d)
            if single is not None:
                number = cp.numbers[id(single.meeting)] if single.meeting is not None else None
                event = _meeting_event(
                    p,
                    single_uid,
                    single.meeting,
                    number,
                    single.start,
                    single.title,
                    zone,
                    alarm,
                    None,
                )
            else:
                start = dt.datetime.combine(d, clock)
                event = _base_event(single_uid, name)
                event.add("dtstart", _aware(start, zone))
                event.add("dtend", _aware(start + dt.timedelta(minutes=a.duration), zone))
                if a.location:
                    event.add("location", a.location)
                event.add("description", _description(p, s))
                if d in s.exdates:
                    event.add("status", "CANCELLED")
                if alarm is not None:
                    event.add_component(_alarm(alarm, name))
            out.append((single_uid, [event]))
    for x in sorted(cp.extras, key=lambda e: (e.meeting.date, e.meeting.suffix)):
        part = f"extra-{x.meeting.date.isoformat()}"
        if x.meeting.suffix > 1:
            part += f"-{x.meeting.suffix}"
        uid = _uid(a.id, part)
        out.append(
            (
                uid,
                [
                    _meeting_event(
                        p,
                        uid,
                        x.meeting,
                        cp.numbers[id(x.meeting)],
                        x.start,
                        x.title,
                        zone,
                        alarm,
                        None,
                    )
                ],
            )
        )
    if cp.action_plan is not None:
        uid = _uid(a.id, "actionplan")
        event = _base_event(uid, "Mentoring action plan due")
        event.add("dtstart", cp.action_plan)
        event.add("dtend", cp.action_plan + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add(
            "description",
            f"Day {ACTION_PLAN_DAY} of the partnership {a.mentee} / {a.mentor}: the "
            "Mentoring Action Plan is due (goals in priority order, learning "
            "activities with a timeline: goals/ in the shared mentoring repository).",
        )
        out.append((uid, [event]))
    return out


# ------------------------------------------------------------------ SEQUENCE memory


_IGNORED = ("SEQUENCE", "DTSTAMP")


def _unfold(data: bytes) -> list[str]:
    text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\n[ \t]", "", text).split("\n")


def _name(line: str) -> str:
    return re.split(r"[;:]", line, maxsplit=1)[0].upper()


def _content(lines: Iterable[str]) -> tuple[str, ...]:
    return tuple(line for line in lines if line and _name(line) not in _IGNORED)


class Previous(NamedTuple):
    """What an earlier schedule.ics said about one UID."""

    sequence: int
    content: tuple[str, ...]  # its VEVENTs' unfolded lines, without SEQUENCE and DTSTAMP
    stamp: dt.datetime | None  # its DTSTAMP


def previous_state(data: bytes | None) -> dict[str, Previous]:
    """UID -> SEQUENCE, content and DTSTAMP of each UID's VEVENTs in an earlier schedule.ics.

    Read leniently, line by line: a file that is not ours gives what it can.
    """
    if not data:
        return {}
    state: dict[str, tuple[int, list[str]]] = {}
    block: list[str] | None = None
    depth = 0
    for line in _unfold(data):
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
            uid = next((ln.split(":", 1)[1] for ln in block if _name(ln) == "UID"), None)
            if uid is not None:
                seq = 0
                for ln in block:
                    if _name(ln) == "SEQUENCE":
                        try:
                            seq = int(ln.split(":", 1)[1].strip())
                        except ValueError:
                            seq = 0
                old_seq, old_lines = state.get(uid, (0, []))
                state[uid] = (max(seq, old_seq), old_lines + block)
            block = None
    return {
        uid: Previous(seq, _content(lines), _stamp(lines)) for uid, (seq, lines) in state.items()
    }


def _stamp(lines: Iterable[str]) -> dt.datetime | None:
    for line in lines:
        if _name(line) == "DTSTAMP":
            try:
                return dt.datetime.strptime(
                    line.split(":", 1)[1].strip(), "%Y%m%dT%H%M%SZ"
                ).replace(tzinfo=UTC)
            except ValueError:
                return None
    return None


def previous_alarm(data: bytes | None) -> int | None:
    """The minutes before the start of the first VALARM's TRIGGER in an earlier schedule.ics."""
    if not data:
        return None
    for line in _unfold(data):
        m = _TRIGGER_RE.fullmatch(line.strip())
        if m is None:
            continue
        weeks, days, hours, minutes, seconds = (int(g or 0) for g in m.group(2, 3, 4, 5, 6))
        total = (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds
        if m.group(1) == "-" or total == 0:
            return total // 60
    return None


_TRIGGER_RE = re.compile(
    r"TRIGGER(?:;[^:]*)?:([+-]?)P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?",
    re.IGNORECASE,
)


# ------------------------------------------------------------------ the file


def build_calendar(
    p: Partnership, previous: bytes | None = None, alarm: int | None = None
) -> bytes:
    """The schedule as iCalendar bytes (CRLF, folded lines).

    ``previous`` is the earlier schedule.ics, if any: the memory of SEQUENCE
    and DTSTAMP. Each UID keeps both while its components are unchanged; when
    anything in them changed, SEQUENCE goes up by one and DTSTAMP becomes
    midnight UTC of the newest date in the files (never earlier than before).
    All components of a UID share them.
    ``alarm`` adds a reminder that many minutes before each meeting.
    """
    a = p.agreement
    cal = _calendar(f"Mentoring: {a.mentee} / {a.mentor}")
    cal.add("x-wr-timezone", a.timezone)
    cal.add_component(vtimezone(a.timezone, a.start.year, a.end.year))
    for event in events_of(p, previous, alarm):
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def _calendar(name: str) -> Any:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def events_of(p: Partnership, previous: bytes | None = None, alarm: int | None = None) -> list[Any]:
    """The VEVENTs of ``p``'s schedule, as :func:`build_calendar` writes them."""
    cp = calendar_plan(p)
    out: list[Any] = []
    old = previous_state(previous)
    data_stamp = _dtstamp(p)
    for uid, events in _groups(p, cp, alarm):
        content = _content(line for e in events for line in _unfold(e.to_ical()))
        seq, stamp = 0, data_stamp
        before = old.get(uid)
        if before is not None and before.content == content:
            seq, stamp = before.sequence, before.stamp or data_stamp
        elif before is not None:
            seq, stamp = before.sequence + 1, max(data_stamp, before.stamp or data_stamp)
        for event in events:
            event.add("dtstamp", stamp)
            event.add("sequence", seq)
            out.append(event)
    return out


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
    chosen: list[tuple[Partnership, list[Any]]] = []
    notes: list[str] = []
    owner: dict[str, str] = {}
    for name, p, previous in parts:
        events = events_of(p, previous, previous_alarm(previous))
        uids = {str(e["uid"]) for e in events}
        clash = sorted(owner[u] for u in uids if u in owner)
        if clash:
            notes.append(
                f"{name}: left out, its events have the UIDs of {clash[0]}'s "
                f"(the same agreement id {p.agreement.id!r}: a copy?)"
            )
            continue
        owner.update(dict.fromkeys(uids, name))
        chosen.append((p, events))
    years: dict[str, tuple[int, int]] = {}
    for p, _ in chosen:
        a = p.agreement
        first, last = years.get(a.timezone, (a.start.year, a.end.year))
        years[a.timezone] = (min(first, a.start.year), max(last, a.end.year))
    cal = _calendar("Mentoring: all partnerships")
    if len(years) == 1:
        cal.add("x-wr-timezone", next(iter(years)))
    for tz in sorted(years):
        cal.add_component(vtimezone(tz, *years[tz]))
    for _, events in chosen:
        for event in events:
            cal.add_component(event)
    data: bytes = cal.to_ical()
    return data, notes


def refresh(
    root: Path, p: Partnership, alarm: int | None = None, keep_alarm: bool = True
) -> Path | None:
    """Regenerate ROOT/schedule.ics; return its relative path when the file changed.

    The alarm of the existing file is kept unless ``alarm`` is given (or
    ``keep_alarm`` is False).
    """
    import sys

    from mentorlog.rules.followthrough import unreadable_files
    from mentorlog.store import files

    broken = [f for f in unreadable_files(p) if f.startswith("meetings/")]
    if broken:
        print(
            f"mentorlog: note: {SCHEDULE_FILE} was not refreshed: {broken[0]} cannot be read; "
            "fix it (see mentorlog check), then run mentorlog schedule",
            file=sys.stderr,
        )
        return None
    from mentorlog.store.refusals import refuse_path

    path = root / SCHEDULE_FILE
    refused = refuse_path(root, SCHEDULE_FILE)
    if refused is not None:
        print(f"mentorlog: note: {SCHEDULE_FILE} was not refreshed: it {refused}", file=sys.stderr)
        return None
    previous = files.read_bytes(path, SCHEDULE_FILE) if path.is_file() else None
    if alarm is None and keep_alarm:
        alarm = previous_alarm(previous)
    data = build_calendar(p, previous, alarm)
    if data == previous:
        return None
    files.atomic_write(path, data)
    return Path(SCHEDULE_FILE)
