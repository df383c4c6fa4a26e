"""A time zone as an iCalendar VTIMEZONE, built from the zone database.

The shape calendar programs read best (Outlook among them): one STANDARD block
and, where the zone has daylight saving time, one DAYLIGHT block, each an RRULE
(``FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU``); a zone whose rules change within the
partnership lists its changes as RDATEs instead. :func:`vtimezone_lines` writes it
as content lines (what schedule.ics holds); :func:`vtimezone` builds the same as an
icalendar component, importing icalendar inside.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from mentorlog.render import ical_lines
from mentorlog.rules.calendar_events import WEEKDAY_CODES

UTC = dt.UTC


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
    """Every change of UTC offset in ``tz`` from ``first_year`` to ``last_year``.

    Found by stepping a day at a time and bisecting to the second: zoneinfo (and
    dateutil's tz) keep a zone's transitions to themselves.
    """
    zone = ZoneInfo(tz)
    out: list[Transition] = []
    # The instants are UTC times labelled with the zone, which zone.fromutc reads as
    # UTC: what astimezone does, without converting each one first (a test compares).
    moment = dt.datetime(first_year, 1, 1, tzinfo=zone)
    stop = dt.datetime(last_year + 1, 1, 1, tzinfo=zone)
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
            at = high.replace(tzinfo=UTC)
            out.append(
                Transition(at, offset, new, new > offset, at.astimezone(zone).tzname() or "")
            )
            offset = new
        moment = nxt
    return out


def _offset(zone: ZoneInfo, moment: dt.datetime) -> dt.timedelta:
    """The offset in ``zone`` at ``moment``: a UTC time labelled with ``zone``."""
    value = zone.fromutc(moment).utcoffset()
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
    """The nth (-1: last) ``weekday`` of the month."""
    if nth == -1:
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


@dataclass(frozen=True)
class Block:
    """One STANDARD or DAYLIGHT block of a VTIMEZONE."""

    daylight: bool
    start: dt.datetime  # naive: the onset in the wall time before it
    before: dt.timedelta
    after: dt.timedelta
    name: str
    rrule: dict[str, Any] | None = None
    rdates: tuple[dt.datetime, ...] = ()


def blocks(tz: str, first_year: int, last_year: int) -> list[Block]:
    """The blocks of a VTIMEZONE for ``tz`` that is right from ``first_year`` to
    ``last_year``.

    The usual shape: one STANDARD block and, for zones with daylight saving
    time, one DAYLIGHT block, each an RRULE (``FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU``)
    whose DTSTART is the rule's date in 1970, when the rule holds for every
    year of the range (checked one year either side). A zone whose rules
    change within the range gets one block per kind of change, with the
    range's changes listed as RDATEs instead (the first, the DTSTART, too);
    a zone without changes gets one STANDARD block with its fixed offset.
    """
    zone = ZoneInfo(tz)
    found = transitions(tz, first_year - 1, last_year + 1)
    if not found:
        moment = dt.datetime(first_year, 1, 1, tzinfo=UTC).astimezone(zone)
        offset = moment.utcoffset() or dt.timedelta(0)
        return [Block(False, dt.datetime(1970, 1, 1), offset, offset, moment.tzname() or tz)]
    groups: dict[tuple[bool, dt.timedelta, dt.timedelta, str], list[Transition]] = {}
    for t in found:
        groups.setdefault((t.dst, t.before, t.after, t.name), []).append(t)
    years = range(first_year - 1, last_year + 2)
    rules = {key: _yearly_rule(group, years) for key, group in groups.items()}
    simple = len(groups) <= 2 and len({key[0] for key in groups}) == len(groups)
    simple = simple and all(rule is not None for rule in rules.values())
    out: list[Block] = []
    # standard time first, then daylight saving time
    for key in sorted(groups, key=lambda k: (k[0], groups[k][0].at)):
        dst, before, after, name = key
        group = groups[key]
        rule = rules[key]
        if simple and rule is not None:
            onset = _rule_date(1970, rule["month"], rule["weekday"], rule["nth"])
            rrule = {"freq": "YEARLY", "bymonth": rule["month"], "byday": _byday(rule)}
            start = dt.datetime.combine(onset, group[0].local.time())
            out.append(Block(dst, start, before, after, name, rrule=rrule))
        else:
            # The DTSTART is an RDATE too: ical.js (Thunderbird) ignores DTSTART as an
            # onset once a block has RDATEs; RFC 5545 counts the duplicate once.
            rdates = tuple(t.local for t in group) if len(group) > 1 else ()
            out.append(Block(dst, group[0].local, before, after, name, rdates=rdates))
    return out


def vtimezone(tz: str, first_year: int, last_year: int) -> Any:
    """A VTIMEZONE for ``tz`` that is right from ``first_year`` to ``last_year``, as an
    icalendar component (the :func:`blocks`)."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    cal_tz = Timezone()
    cal_tz.add("tzid", tz)
    for b in blocks(tz, first_year, last_year):
        block = TimezoneDaylight() if b.daylight else TimezoneStandard()
        block.add("dtstart", b.start)
        block.add("tzoffsetfrom", b.before)
        block.add("tzoffsetto", b.after)
        if b.rrule is not None:
            block.add("rrule", b.rrule)
        for day in b.rdates:
            block.add("rdate", day)
        block.add("tzname", b.name)
        cal_tz.add_component(block)
    return cal_tz


def vtimezone_lines(tz: str, first_year: int, last_year: int) -> list[str]:
    """The same VTIMEZONE as content lines (unfolded), as icalendar writes them; kept
    in the cache folder while the zone's file is unchanged
    (:mod:`mentorlog.store.zone_cache`)."""
    from mentorlog.store import zone_cache

    return zone_cache.kept_lines(
        tz,
        (first_year, last_year),
        lambda: made_lines(tz, first_year, last_year),
        (__file__, ical_lines.__file__),
    )


def made_lines(tz: str, first_year: int, last_year: int) -> list[str]:
    """:func:`vtimezone_lines`, worked out."""
    lines = ["BEGIN:VTIMEZONE", "TZID:" + ical_lines.text(tz)]
    for b in blocks(tz, first_year, last_year):
        kind = "DAYLIGHT" if b.daylight else "STANDARD"
        lines += [f"BEGIN:{kind}", "DTSTART" + ical_lines.when(b.start, None)]
        lines += ["RDATE" + ical_lines.when(day, None) for day in b.rdates]
        if b.rrule is not None:
            lines.append("RRULE:" + ical_lines.recur(b.rrule))
        lines += [
            "TZNAME:" + ical_lines.text(b.name),
            "TZOFFSETFROM:" + ical_lines.utc_offset(b.before),
            "TZOFFSETTO:" + ical_lines.utc_offset(b.after),
            f"END:{kind}",
        ]
    lines.append("END:VTIMEZONE")
    return lines


def _byday(rule: dict[str, Any]) -> str:
    return f"{rule['nth']}{WEEKDAY_CODES[rule['weekday']]}"
