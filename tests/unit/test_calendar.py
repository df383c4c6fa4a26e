"""Tests for the calendar (mentorlog.render.ics and the modules it uses) and `mentorlog schedule`.

The output is parsed with icalendar (no component errors, CRLF, folded lines)
and expanded with recurring-ical-events, an independent implementation of
RFC 5545 recurrence, and every occurrence's UTC instant is compared with what
the schedule core plans. Each expansion runs twice: with the real TZID (the
parser uses its own zone database) and with the TZID renamed, so that the
parser has to use the VTIMEZONE that mentorlog wrote.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events
from helpers import GIT_AS_ANA, INIT_ARGS, git, icaljs_rows, mentorlog, mentorlog_in

from mentorlog.api import schedule as schedule_api
from mentorlog.errors import EXIT_USAGE
from mentorlog.model import Partnership
from mentorlog.model.clock import parse_clock
from mentorlog.render import ics, vtimezone
from mentorlog.rules import calendar_plan
from mentorlog.rules.clock import local_to_utc
from mentorlog.rules.schedule import plan
from mentorlog.store import reading

D = dt.date
UTC = dt.UTC


# ------------------------------------------------------------------ helpers


def write_repo(
    root: Path,
    *,
    start: str = "2026-12-01",
    end: str = "2027-05-31",
    cadence: str = "biweekly",
    tz: str = "Europe/Berlin",
    time: str = "17:30",
    changes: Iterable[tuple[str, str]] = (),
    location: str = "Café Central",
    meetings: dict[str, str] | None = None,
) -> Partnership:
    lines = [
        "---",
        "id: k7q2xm",
        "mentee: Ana Ruiz",
        "mentor: Sam Lee",
        f"start: {start}",
        f"end: {end}",
        f'cadence: "{cadence}"',
        f'time: "{time}"',
        "duration: 60",
        f"timezone: {tz}",
        f"location: {location}",
    ]
    changes = list(changes)
    if changes:
        lines.append("cadence_changes:")
        lines.extend(f'  - {{from: {d}, cadence: "{c}"}}' for d, c in changes)
    lines += ["---", "", "# Agreement", ""]
    root.mkdir(parents=True, exist_ok=True)
    (root / "agreement.md").write_text("\n".join(lines), encoding="utf-8")
    (root / "meetings").mkdir(exist_ok=True)
    for name, front in (meetings or {}).items():
        (root / "meetings" / f"{name}.md").write_text(f"---\n{front}---\n\n# Notes\n")
    return reading.load(root)


def check_bytes(data: bytes) -> icalendar.Calendar:
    """CRLF everywhere, lines of at most 75 octets, no component errors."""
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, line
    cal = icalendar.Calendar.from_ical(data)
    for component in cal.walk():
        assert component.errors == [], (component.name, component.errors)
    return cal


def rename_zone(data: bytes, tz: str) -> bytes:
    """The same calendar with a TZID no zone database knows."""
    new = b"Custom/Zone-" + tz.replace("/", "-").encode()
    return data.replace(b"TZID=" + tz.encode(), b"TZID=" + new).replace(
        b"TZID:" + tz.encode(), b"TZID:" + new
    )


def expand(data: bytes, start: dt.date, end: dt.date) -> list[tuple[dt.datetime, str]]:
    """(UTC start, SUMMARY) of every timed occurrence from start to end inclusive."""
    cal = check_bytes(data)
    out = []
    for event in recurring_ical_events.of(cal).between(start, end + dt.timedelta(days=1)):
        when = event["DTSTART"].dt
        if not isinstance(when, dt.datetime) or event.get("STATUS") == "CANCELLED":
            continue
        assert when.tzinfo is not None
        out.append((when.astimezone(UTC), str(event["SUMMARY"])))
    return sorted(out)


def instants(p: Partnership) -> list[dt.datetime]:
    """What the schedule core plans: every occurrence's wall time, in UTC."""
    a = p.agreement
    clock = parse_clock(a.time)
    return [
        local_to_utc(o.date, clock, a.timezone)
        for o in plan(a.start, a.end, a.cadence, a.cadence_changes)
    ]


def both_expansions(p: Partnership, data: bytes) -> list[list[dt.datetime]]:
    a = p.agreement
    return [
        [when for when, _ in expand(variant, a.start, a.end)]
        for variant in (data, rename_zone(data, a.timezone))
    ]


def lines_of(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


# ------------------------------------------------------------------ every cadence form


CADENCES = [
    # (zone, start, end, cadence, changes)
    ("Europe/Berlin", "2026-12-01", "2027-05-31", "weekly", ()),
    ("America/New_York", "2026-10-01", "2027-04-30", "biweekly", ()),
    ("Europe/Berlin", "2027-01-05", "2027-12-20", "every 3 weeks", ()),
    ("Europe/Berlin", "2027-01-31", "2028-01-31", "monthly", ()),
    ("America/New_York", "2027-10-30", "2028-10-29", "monthly", ()),
    ("Europe/Berlin", "2027-11-29", "2029-01-05", "monthly", ()),
    ("Europe/Berlin", "2026-12-15", "2027-12-14", "monthly", ()),
    ("America/New_York", "2026-09-01", "2027-08-31", "monthly on the last Friday", ()),
    ("Europe/Berlin", "2026-12-01", "2027-11-30", "monthly on the second Tuesday", ()),
    ("America/New_York", "2027-01-01", "2027-12-31", "monthly on the first Sunday", ()),
    (
        "Europe/Berlin",
        "2026-12-01",
        "2027-11-30",
        "weekly",
        (("2027-01-12", "biweekly"), ("2027-04-01", "monthly on the first Monday")),
    ),
    (
        "America/New_York",
        "2026-10-05",
        "2027-09-30",
        "every 3 weeks",
        (("2027-01-31", "monthly"), ("2027-06-15", "weekly")),
    ),
    ("Asia/Tokyo", "2026-12-01", "2027-05-31", "biweekly", ()),
    ("Australia/Sydney", "2026-09-01", "2027-08-31", "monthly on the third Wednesday", ()),
    ("UTC", "2026-12-01", "2027-05-31", "weekly", ()),
    # daylight saving time abolished in 2019: VTIMEZONE blocks in RDATE form
    ("America/Sao_Paulo", "2018-01-10", "2020-06-30", "weekly", ()),
    ("Asia/Kolkata", "2026-12-01", "2027-05-31", "weekly", ()),
    ("Australia/Lord_Howe", "2026-09-01", "2027-08-31", "weekly", ()),
]


@pytest.mark.parametrize(("tz", "start", "end", "cadence", "changes"), CADENCES)
def test_every_occurrence_matches_the_schedule_core(
    tmp_path: Path, tz: str, start: str, end: str, cadence: str, changes: Any
) -> None:
    p = write_repo(tmp_path, start=start, end=end, cadence=cadence, tz=tz, changes=changes)
    data = ics.build_calendar(p)
    expected = instants(p)
    assert len(expected) >= 6
    for got in both_expansions(p, data):
        assert got == expected
    series = [e for e in events(data) if "RRULE" in e]
    assert len(series) == 1 + len(changes)
    assert len({str(e["UID"]) for e in series}) == len(series)


def test_the_series_cross_a_dst_change(tmp_path: Path) -> None:
    p = write_repo(tmp_path, tz="America/New_York", start="2026-10-01", end="2027-04-30")
    got = both_expansions(p, ics.build_calendar(p))[0]
    # 17:30 in New York is 21:30 UTC in summer time and 22:30 UTC in winter
    assert {when.hour for when in got} == {21, 22}
    assert got[0] == dt.datetime(2026, 10, 1, 21, 30, tzinfo=UTC)
    assert got[-1] == dt.datetime(2027, 4, 29, 21, 30, tzinfo=UTC)


def test_monthly_from_a_late_day_falls_on_short_months_last_day(tmp_path: Path) -> None:
    p = write_repo(tmp_path, start="2027-01-31", end="2027-12-31", cadence="monthly")
    days = [when.astimezone(dt.timezone(dt.timedelta(hours=1))).date() for when in instants(p)]
    assert days[:4] == [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30)]
    data = ics.build_calendar(p)
    assert "BYMONTHDAY=-1" in data.decode()
    p30 = write_repo(tmp_path / "30", start="2027-11-30", end="2028-11-29", cadence="monthly")
    data30 = ics.build_calendar(p30)
    assert "RRULE:FREQ=MONTHLY;UNTIL=20281030T163000Z;BYMONTHDAY=30" in lines_of(data30)
    for got in both_expansions(p30, data30):
        assert got == instants(p30)
    assert D(2028, 2, 29) in {w.date() for w in instants(p30)}


# ------------------------------------------------------------------ meeting files


MEETINGS = {
    # a cancelled meeting: EXDATE
    "2026-12-15": "date: 2026-12-15\nstatus: cancelled\n",
    # a moved meeting (the planned 2026-12-29 takes place on 2026-12-30 at 18:00)
    "2026-12-30": (
        'date: 2026-12-30\ntime: "18:00"\nmoved_from: 2026-12-29\nnumber: 3\n'
        "topic: Industry trends\n"
    ),
    # a meeting on its planned date with a kind that names it
    "2027-03-09": "date: 2027-03-09\nnumber: 6\nkind: midpoint\n",
    # an extra meeting, off the cadence
    "2027-01-20": 'date: 2027-01-20\ntime: "09:00"\nnumber: 4\n',
}


def meetings_repo(root: Path, **extra: Any) -> Partnership:
    return write_repo(root, meetings=dict(MEETINGS), **extra)


def test_meeting_files_shape_the_calendar(tmp_path: Path) -> None:
    p = meetings_repo(tmp_path)
    data = ics.build_calendar(p)
    berlin = "Europe/Berlin"
    planned = instants(p)
    cancelled = local_to_utc(D(2026, 12, 15), dt.time(17, 30), berlin)
    moved_from = local_to_utc(D(2026, 12, 29), dt.time(17, 30), berlin)
    moved_to = local_to_utc(D(2026, 12, 30), dt.time(18, 0), berlin)
    extra = local_to_utc(D(2027, 1, 20), dt.time(9, 0), berlin)
    expected = sorted([w for w in planned if w not in (cancelled, moved_from)] + [moved_to, extra])
    for got in both_expansions(p, data):
        assert got == expected
    summaries = dict(expand(data, p.agreement.start, p.agreement.end))
    # numbers are computed from the files (the written number: 3, 4, 6 are stale hints):
    # the position by date among the meeting files that are not cancelled
    assert summaries[moved_to] == "Mentoring #1: Industry trends"
    assert summaries[local_to_utc(D(2027, 3, 9), dt.time(17, 30), berlin)] == (
        "Mentoring #3: midpoint review"
    )
    assert summaries[extra] == "Mentoring #2: extra meeting"
    # milestone meetings without a file are titled by their kind, without a number
    assert summaries[planned[0]] == "Mentoring: first meeting"
    assert summaries[planned[-1]] == "Mentoring: closing review"
    assert "Mentoring: 90-day check-up" in summaries.values()
    # all the others: 13 planned less first, check-up, midpoint, closing, cancelled, moved
    assert list(summaries.values()).count("Mentoring: Ana Ruiz / Sam Lee") == len(planned) - 6

    text = lines_of(data)
    assert "EXDATE;TZID=Europe/Berlin:20261215T173000" in text
    assert "RECURRENCE-ID;TZID=Europe/Berlin:20261229T173000" in text
    assert "DTSTART;TZID=Europe/Berlin:20261230T180000" in text
    assert "RECURRENCE-ID;TZID=Europe/Berlin:20270309T173000" in text
    uids = [str(e["UID"]) for e in events(data)]
    assert sorted(set(uids)) == [
        "k7q2xm-actionplan@mentorlog",
        "k7q2xm-extra-2027-01-20@mentorlog",
        "k7q2xm-series-1@mentorlog",
    ]
    # the series, two overrides from files, and first, check-up and closing (no files)
    assert uids.count("k7q2xm-series-1@mentorlog") == 6


def test_action_plan_deadline_is_an_all_day_event_on_day_30(tmp_path: Path) -> None:
    p = write_repo(tmp_path)
    (event,) = [e for e in events(ics.build_calendar(p)) if "actionplan" in str(e["UID"])]
    assert event["DTSTART"].dt == D(2026, 12, 31)
    assert event["DTEND"].dt == D(2027, 1, 1)
    assert str(event["SUMMARY"]) == "Mentoring action plan due"
    assert "DTSTART;VALUE=DATE:20261231" in lines_of(ics.build_calendar(p))


def test_february_meetings_of_a_monthly_from_the_30th(tmp_path: Path) -> None:
    """The rule says BYMONTHDAY=30; each February's last day is an event of its own."""
    p = write_repo(
        tmp_path,
        start="2027-11-30",
        end="2029-03-31",
        cadence="monthly",
        meetings={
            "2028-02-29": "date: 2028-02-29\nstatus: cancelled\n",
            "2029-03-01": 'date: 2029-03-01\ntime: "08:00"\nmoved_from: 2029-02-28\nnumber: 9\n',
        },
    )
    data = ics.build_calendar(p)
    singles = {
        str(e["UID"]): e
        for e in events(data)
        if "RRULE" not in e and "RECURRENCE-ID" not in e and "series" in str(e["UID"])
    }
    assert sorted(singles) == [
        "k7q2xm-series-1-2028-02-29@mentorlog",
        "k7q2xm-series-1-2029-02-28@mentorlog",
    ]
    assert str(singles["k7q2xm-series-1-2028-02-29@mentorlog"]["STATUS"]) == "CANCELLED"
    moved = singles["k7q2xm-series-1-2029-02-28@mentorlog"]
    assert moved["DTSTART"].dt.replace(tzinfo=None) == dt.datetime(2029, 3, 1, 8, 0)
    assert "RECURRENCE-ID" not in moved
    # a regular meeting without a topic keeps the series' title
    assert str(moved["SUMMARY"]) == "Mentoring: Ana Ruiz / Sam Lee"
    berlin = "Europe/Berlin"
    expected = [
        w
        for w in instants(p)
        if w
        not in (
            local_to_utc(D(2028, 2, 29), dt.time(17, 30), berlin),
            local_to_utc(D(2029, 2, 28), dt.time(17, 30), berlin),
        )
    ] + [local_to_utc(D(2029, 3, 1), dt.time(8, 0), berlin)]
    for got in both_expansions(p, data):
        assert got == sorted(expected)


def test_no_action_plan_event_in_a_partnership_shorter_than_30_days(tmp_path: Path) -> None:
    p = write_repo(tmp_path, start="2026-12-01", end="2026-12-30", cadence="weekly")
    uids = {str(e["UID"]) for e in events(ics.build_calendar(p))}
    assert uids == {"k7q2xm-series-1@mentorlog"}


def test_a_zone_without_changes_has_one_fixed_standard_block(tmp_path: Path) -> None:
    data = ics.build_calendar(write_repo(tmp_path, tz="UTC"))
    text = lines_of(data)
    block = text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE") + 1]
    assert block == [
        "BEGIN:VTIMEZONE",
        "TZID:UTC",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZNAME:UTC",
        "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0000",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


def test_a_cancelled_extra_meeting_stays_with_status_cancelled(tmp_path: Path) -> None:
    p = write_repo(tmp_path, meetings={"2027-01-20": "date: 2027-01-20\nstatus: cancelled\n"})
    data = ics.build_calendar(p)
    (event,) = [e for e in events(data) if "extra" in str(e["UID"])]
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_moved_then_cancelled_meeting_is_an_exdate(tmp_path: Path) -> None:
    p = write_repo(
        tmp_path,
        meetings={"2026-12-30": "date: 2026-12-30\nmoved_from: 2026-12-29\nstatus: cancelled\n"},
    )
    data = ics.build_calendar(p)
    assert "EXDATE;TZID=Europe/Berlin:20261229T173000" in lines_of(data)
    assert not any("extra" in str(e["UID"]) for e in events(data))


# ------------------------------------------------------------------ the file's shape


def test_header_and_standard_properties(tmp_path: Path) -> None:
    data = ics.build_calendar(meetings_repo(tmp_path))
    text = lines_of(data)
    assert text[:7] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//mentorlog//mentorlog schedule//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Mentoring: Ana Ruiz / Sam Lee",
        "X-WR-TIMEZONE:Europe/Berlin",
    ]
    for line in text:
        if line.startswith(("RRULE:", "EXRULE:")) and "UNTIL=" in line:
            assert re.search(r"UNTIL=\d{8}T\d{6}Z(;|$)", line), line
    rrules = [line for line in text if line.startswith("RRULE:FREQ=WEEKLY")]
    # the start of the last meeting, 17:30 in Berlin on 2027-05-18 (summer time)
    assert rrules == ["RRULE:FREQ=WEEKLY;UNTIL=20270518T153000Z;INTERVAL=2"]
    events_text = text[text.index("END:VTIMEZONE") :]
    for line in events_text:
        if line.startswith(("DTSTART", "DTEND", "EXDATE", "RECURRENCE-ID")):
            assert ";TZID=Europe/Berlin:" in line or ";VALUE=DATE:" in line, line
    assert all(e.get("DTSTAMP") is not None for e in events(data))
    assert {str(e["DTSTAMP"].to_ical().decode()) for e in events(data)} == {"20270309T000000Z"}


@pytest.mark.parametrize(
    ("tz", "standard", "daylight"),
    [
        ("Europe/Berlin", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"),
        ("America/New_York", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"),
        ("Australia/Sydney", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=4", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=10"),
        ("Asia/Tokyo", None, None),
    ],
)
def test_vtimezone_in_rrule_form(
    tmp_path: Path, tz: str, standard: str | None, daylight: str | None
) -> None:
    p = write_repo(tmp_path, tz=tz)
    cal = check_bytes(ics.build_calendar(p))
    (vtz,) = cal.walk("VTIMEZONE")
    assert str(vtz["TZID"]) == tz
    std = vtz.walk("STANDARD")
    dst = vtz.walk("DAYLIGHT")
    assert len(std) == 1
    assert len(dst) == (0 if daylight is None else 1)
    if standard is None:
        assert "RRULE" not in std[0]
        assert "RDATE" not in std[0]
        return
    assert std[0]["RRULE"].to_ical().decode() == standard
    assert dst[0]["RRULE"].to_ical().decode() == daylight
    for block in (std[0], dst[0]):
        assert "RDATE" not in block
        assert block["DTSTART"].dt.year == 1970


ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "America/Sao_Paulo",  # no daylight saving time since 2019
    "Europe/Dublin",  # winter time is a "negative" daylight saving time in the zone database
    "Australia/Lord_Howe",  # 30-minute daylight saving time
    "America/Santiago",  # "first Sunday on or after the 2nd" (a yearly rule in 2025-2029)
    "Africa/Casablanca",  # changes around Ramadan: no yearly rule
    "America/Nuuk",  # Saturday before the last Sunday: no single yearly rule
    "Asia/Kolkata",
]


CHANGING_ZONES = [
    ("America/Mexico_City", 2022, 2023),  # daylight saving time abolished after 2022
    ("Europe/Volgograd", 2019, 2021),  # +04 from December 2018, back to +03 in December 2020
    ("Asia/Tehran", 2021, 2023),  # daylight saving time abolished after 2022
]


@pytest.mark.parametrize(
    ("tz", "first", "last"), [(tz, 2026, 2028) for tz in ZONES] + CHANGING_ZONES
)
def test_vtimezone_offsets_match_the_zone_database(tz: str, first: int, last: int) -> None:
    """Throughout the range, the VTIMEZONE gives the zone database's offset."""
    from zoneinfo import ZoneInfo

    vtz = vtimezone.vtimezone(tz, first, last)
    check_bytes(b"BEGIN:VCALENDAR\r\n" + vtz.to_ical() + b"END:VCALENDAR\r\n")
    for block in vtz.walk("DAYLIGHT"):
        assert block["TZOFFSETTO"].td > block["TZOFFSETFROM"].td
    mine = vtz.to_tz(lookup_tzid=False)  # our blocks, not the zone database
    zone = ZoneInfo(tz)
    moments = []
    moment = dt.datetime(first, 1, 1, tzinfo=UTC)
    while moment.year <= last:  # every 7 hours: each hour of the day in a week
        moments.append(moment)
        moment += dt.timedelta(hours=7)
    for change in vtimezone.transitions(tz, first, last):  # and right at each change
        for seconds in (-3600, -1, 0, 1, 3600):
            moments.append(change.at + dt.timedelta(seconds=seconds))
    for moment in moments:
        assert moment.astimezone(mine).utcoffset() == moment.astimezone(zone).utcoffset(), moment


@pytest.mark.parametrize(
    ("tz", "first", "last"),
    [
        ("America/Sao_Paulo", 2018, 2020),
        ("Africa/Casablanca", 2026, 2027),
        ("Pacific/Apia", 2011, 2012),
    ],
)
def test_vtimezone_rdate_blocks_list_their_dtstart_too(tz: str, first: int, last: int) -> None:
    """ical.js (Thunderbird) ignores a block's DTSTART as an onset once it has RDATEs:
    without the DTSTART among them, Sao Paulo's January 2018 meetings came out at UTC-0."""
    vtz = vtimezone.vtimezone(tz, first, last)
    for block in vtz.walk("STANDARD") + vtz.walk("DAYLIGHT"):
        if "RDATE" not in block:
            continue
        rdates = block["RDATE"] if isinstance(block["RDATE"], list) else [block["RDATE"]]
        onsets = {d.dt for r in rdates for d in r.dts}
        assert block["DTSTART"].dt in onsets, block.to_ical().decode()


def test_vtimezone_falls_back_to_rdates_when_no_yearly_rule_holds() -> None:
    vtz = vtimezone.vtimezone("Africa/Casablanca", 2026, 2027)
    for block in vtz.walk("STANDARD") + vtz.walk("DAYLIGHT"):
        assert "RRULE" not in block
        assert "RDATE" in block


@pytest.mark.parametrize("year", [2027, 2028])
@pytest.mark.parametrize("day", [1, 15, 28, 29, 30, 31])
def test_monthly_by_day_every_month(tmp_path: Path, year: int, day: int) -> None:
    """A year of "monthly" from day D of several months, in leap years and not."""
    for month in (1, 2, 4, 8):
        try:
            start = D(year, month, day)
        except ValueError:
            continue  # February 29-31, April 31
        end = D(year + 1, month, 1) + dt.timedelta(days=40)
        p = write_repo(
            tmp_path / f"{month}",
            start=start.isoformat(),
            end=end.isoformat(),
            cadence="monthly",
            tz="UTC",
        )
        data = ics.build_calendar(p)
        got = [when for when, _ in expand(data, p.agreement.start, p.agreement.end)]
        assert got == instants(p)
        assert len(got) >= 13


def test_user_text_never_makes_lines(tmp_path: Path) -> None:
    evil = "Room 1\\nBEGIN:VEVENT\\nUID:evil; a, b"
    p = write_repo(
        tmp_path,
        location=f'"{evil}"',
        meetings={
            "2026-12-15": 'date: 2026-12-15\ntopic: "Trends\\r\\nEND:VEVENT\\nX-A: 1; b, c"\n',
        },
    )
    # one-line values are read as one line (check reports the line breaks)
    assert p.agreement.location == "Room 1 BEGIN:VEVENT UID:evil; a, b"
    data = ics.build_calendar(p)
    check_bytes(data)
    text = lines_of(data)
    assert sum(1 for line in text if line == "BEGIN:VEVENT") == len(events(data))
    assert not any(line.startswith(("UID:evil", "X-A")) for line in text)
    for event in events(data):
        if "actionplan" not in str(event["UID"]):
            assert str(event["LOCATION"]) == p.agreement.location
    (override,) = [
        e
        for e in events(data)
        if "RECURRENCE-ID" in e and e["RECURRENCE-ID"].dt.date() == D(2026, 12, 15)
    ]
    assert str(override["SUMMARY"]) == "Mentoring #1: Trends END:VEVENT X-A: 1; b, c"


def test_long_lines_are_folded_at_75_octets(tmp_path: Path) -> None:
    p = write_repo(tmp_path, location="Café " + "é€" * 60)
    data = ics.build_calendar(p)
    check_bytes(data)
    assert max(len(line) for line in data.split(b"\r\n")) >= 70
    assert str(events(data)[0]["LOCATION"]) == "Café " + "é€" * 60


# ------------------------------------------------------------------ identity and updates


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    p = meetings_repo(tmp_path)
    first = ics.build_calendar(p)
    assert ics.build_calendar(p) == first
    assert ics.build_calendar(p, first) == first
    assert ics.build_calendar(reading.load(tmp_path), first) == first


def sequences(data: bytes) -> dict[tuple[str, str], int]:
    out = {}
    for e in events(data):
        rid = e["RECURRENCE-ID"].to_ical().decode() if "RECURRENCE-ID" in e else ""
        out[(str(e["UID"]), rid)] = int(e["SEQUENCE"])
    return out


def test_a_move_keeps_uids_and_raises_sequence(tmp_path: Path) -> None:
    p = write_repo(tmp_path, changes=[("2027-03-01", "monthly")])
    before = ics.build_calendar(p)
    assert set(sequences(before).values()) == {0}
    (tmp_path / "meetings" / "2027-01-13.md").write_text(
        "---\ndate: 2027-01-13\nmoved_from: 2027-01-12\n---\n", encoding="utf-8"
    )
    after = ics.build_calendar(reading.load(tmp_path), before)
    assert {str(e["UID"]) for e in events(after)} == {str(e["UID"]) for e in events(before)}
    seq = sequences(after)
    # every event of the changed series (its UID) rose together; the others did not
    assert seq == {
        ("k7q2xm-series-1@mentorlog", ""): 1,
        ("k7q2xm-series-1@mentorlog", "20261201T173000"): 1,  # first meeting
        ("k7q2xm-series-1@mentorlog", "20270112T173000"): 1,  # the moved one
        ("k7q2xm-series-1@mentorlog", "20270223T173000"): 1,  # 90-day check-up
        ("k7q2xm-series-2@mentorlog", ""): 0,
        ("k7q2xm-series-2@mentorlog", "20270301T173000"): 0,  # midpoint
        ("k7q2xm-series-2@mentorlog", "20270501T173000"): 0,  # closing
        ("k7q2xm-actionplan@mentorlog", ""): 0,
    }
    stamps = {str(e["UID"]): e["DTSTAMP"].to_ical() for e in events(after)}
    assert stamps == {
        "k7q2xm-series-1@mentorlog": b"20270113T000000Z",  # the newest date in the files
        "k7q2xm-series-2@mentorlog": b"20261201T000000Z",  # unchanged: as before
        "k7q2xm-actionplan@mentorlog": b"20261201T000000Z",
    }
    # unchanged files: same bytes, same SEQUENCE
    assert ics.build_calendar(reading.load(tmp_path), after) == after
    # a further change to the same meeting raises it again
    (tmp_path / "meetings" / "2027-01-13.md").write_text(
        '---\ndate: 2027-01-13\ntime: "19:00"\nmoved_from: 2027-01-12\n---\n', encoding="utf-8"
    )
    again = ics.build_calendar(reading.load(tmp_path), after)
    assert sequences(again)[("k7q2xm-series-1@mentorlog", "20270112T173000")] == 2
    assert sequences(again)[("k7q2xm-series-2@mentorlog", "")] == 0


def test_previous_state_reads_a_file_leniently() -> None:
    assert ics.read_previous(None).state == {}
    assert ics.read_previous(b"not a calendar").state == {}
    state = ics.read_previous(
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a@x\r\nSEQUENCE:4\r\nSUMMARY:Hi\r\n"
        b" there\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).state
    assert state == {"a@x": (4, ("BEGIN:VEVENT", "UID:a@x", "SUMMARY:Hithere", "END:VEVENT"), None)}


def test_a_damaged_previous_file_still_gives_what_it_can(tmp_path: Path) -> None:
    """A schedule.ics cut short (its END:VCALENDAR lost) or with one broken line still
    gives the SEQUENCE, DTSTAMP and alarm of the events it holds, so a regenerated file
    keeps them and calendar programs take the update. (icalendar's parser gives no
    event or an error for both files: the reason the earlier file is read line by line.)"""
    p = meetings_repo(tmp_path)
    first = ics.build_calendar(p, alarm=15)
    (tmp_path / "meetings" / "2027-01-13.md").write_text(
        "---\ndate: 2027-01-13\nmoved_from: 2027-01-12\n---\n", encoding="utf-8"
    )
    changed = reading.load(tmp_path)
    second = ics.build_calendar(changed, first, keep_alarm=True)
    assert sequences(second)[("k7q2xm-series-1@mentorlog", "")] == 1
    cut = second[: second.rindex(b"END:VCALENDAR")]
    assert ics.build_calendar(changed, cut, keep_alarm=True) == second
    last = second.rindex(b"BEGIN:VALARM")  # the extra meeting's, after the series
    broken = second[:last] + b"BEGIN VALARM" + second[last + len(b"BEGIN:VALARM") :]
    for damaged in (cut, broken):
        assert ics.read_previous(damaged).alarm == 15
        assert ics.read_previous(damaged).state["k7q2xm-series-1@mentorlog"].sequence == 1
        again = ics.build_calendar(changed, damaged, keep_alarm=True)
        assert sequences(again)[("k7q2xm-series-1@mentorlog", "")] == 1


def test_each_line_is_serialised_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Comparing with the earlier file does not serialise the events a second time:
    every content line of the file that may need cutting is folded once (it was
    twice for each event); a short ASCII line is not even looked at twice."""
    from mentorlog.render import ical_lines

    p = meetings_repo(tmp_path)
    previous = ics.build_calendar(p, alarm=15)
    folded = []
    fold = ical_lines.fold

    def counting(line: str) -> str:
        folded.append(line)
        return fold(line)

    monkeypatch.setattr(ical_lines, "fold", counting)
    data = ics.build_calendar(p, previous, keep_alarm=True)
    assert data == previous
    long = [line for line in lines_of(data)[:-1] if len(line) >= 75 or not line.isascii()]
    assert folded == long and len(long) > 5  # each once, in the file's order


def test_alarm(tmp_path: Path) -> None:
    p = meetings_repo(tmp_path)
    data = ics.build_calendar(p, alarm=15)
    cal = check_bytes(data)
    alarms = cal.walk("VALARM")
    meetings_ = [e for e in events(data) if "actionplan" not in str(e["UID"])]
    assert len(alarms) == len(meetings_) == 7  # series, 3 from files, first/check-up/closing
    for alarm in alarms:
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert str(alarm["DESCRIPTION"]).startswith("Mentoring")
        assert alarm["TRIGGER"].to_ical() == b"-PT15M"
    assert ics.read_previous(data).alarm == 15
    assert ics.read_previous(ics.build_calendar(p)).alarm is None
    assert ics.read_previous(ics.build_calendar(p, alarm=90)).alarm == 90
    assert ics.read_previous(ics.build_calendar(p, alarm=0)).alarm == 0
    assert ics.read_previous(ics.build_calendar(p, alarm=1440)).alarm == 1440
    assert ics.read_previous(ics.build_calendar(p, alarm=1510)).alarm == 1510


def test_refresh_writes_only_on_change_and_keeps_the_alarm(tmp_path: Path) -> None:
    p = meetings_repo(tmp_path)
    assert schedule_api.refresh(tmp_path, p, alarm=30) == Path("schedule.ics")
    first = (tmp_path / "schedule.ics").read_bytes()
    assert schedule_api.refresh(tmp_path, p) is None
    assert (tmp_path / "schedule.ics").read_bytes() == first
    assert ics.read_previous(first).alarm == 30


def test_a_meeting_file_that_cannot_be_read_stops_the_refresh(tmp_path: Path) -> None:
    meetings_repo(tmp_path)
    (tmp_path / "meetings" / "2027-02-02.md").write_text("---\ndate: [\n---\n", encoding="utf-8")
    p = reading.load(tmp_path)
    note = (
        "schedule.ics was not refreshed: meetings/2027-02-02.md cannot be read; "
        "fix it (see mentorlog check), then run mentorlog schedule"
    )
    assert schedule_api.blocker(tmp_path, p) == note
    assert schedule_api.refresh(tmp_path, p) is None
    assert schedule_api.refreshed_schedule(tmp_path, p) == []
    assert not (tmp_path / "schedule.ics").exists()


def test_the_api_says_why_the_schedule_was_not_refreshed_through_logging(tmp_path: Path) -> None:
    import logging

    from mentorlog import api

    root = tmp_path / "p"
    api.demo(root, D(2027, 1, 10), git=False)
    (root / "schedule.ics").unlink()
    (root / "schedule.ics").mkdir()
    said: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append(record.getMessage())

    keep = Keep()
    log = logging.getLogger("mentorlog")
    log.addHandler(keep)
    try:
        api.new_meeting(api.load(root), D(2027, 1, 10), commit_files=False)
    finally:
        log.removeHandler(keep)
    assert said == ["schedule.ics was not refreshed: it is a folder, not a file"]
    assert (root / "schedule.ics").is_dir()


# ------------------------------------------------------------------ the command


ENV = {"MENTORLOG_TODAY": "2026-12-10", **GIT_AS_ANA}


def test_init_and_new_meeting_commit_the_schedule(tmp_path: Path) -> None:
    root = tmp_path / "p"
    result = mentorlog(["init", str(root), *INIT_ARGS], env=ENV)
    assert result.exit_code == 0, result.output
    assert "schedule.ics" in git(root, "show", "--name-only", "--format=", "HEAD").split()
    before = (root / "schedule.ics").read_bytes()
    assert before == ics.build_calendar(reading.load(root), before)

    result = mentorlog_in(root, "new-meeting", "2026-12-16", "--moved-from", "2026-12-15", **ENV)
    assert result.exit_code == 0, result.output
    assert sorted(git(root, "show", "--name-only", "--format=", "HEAD").split()) == [
        "meetings/2026-12-16.md",
        "schedule.ics",
    ]
    after = (root / "schedule.ics").read_bytes()
    assert "RECURRENCE-ID;TZID=Europe/Berlin:20261215T173000" in lines_of(after)
    assert git(root, "status", "--porcelain") == ""


def test_schedule_to_stdout_writes_nothing(tmp_path: Path) -> None:
    p = meetings_repo(tmp_path)
    result = mentorlog_in(tmp_path, "schedule", "-o", "-", **ENV)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == ics.build_calendar(p)
    assert not (tmp_path / "schedule.ics").exists()


def test_schedule_default_file_is_committed(tmp_path: Path) -> None:
    root = tmp_path / "p"
    assert mentorlog(["init", str(root), *INIT_ARGS], env=ENV).exit_code == 0
    result = mentorlog_in(root, "schedule", **ENV)
    assert result.exit_code == 0, result.output
    assert result.output == "schedule.ics is up to date\n"

    result = mentorlog_in(root, "schedule", "--alarm", "10", **ENV)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote schedule.ics (committed ")
    assert git(root, "log", "-1", "--format=%s").strip() == "mentorlog: schedule"
    assert ics.read_previous((root / "schedule.ics").read_bytes()).alarm == 10

    # the alarm survives a refresh by new-meeting; --no-alarm removes it
    assert mentorlog_in(root, "new-meeting", **ENV).exit_code == 0
    assert ics.read_previous((root / "schedule.ics").read_bytes()).alarm == 10
    result = mentorlog_in(root, "schedule", "--no-alarm", "--no-commit", **ENV)
    assert result.exit_code == 0, result.output
    assert result.output == "Wrote schedule.ics\n"
    assert ics.read_previous((root / "schedule.ics").read_bytes()).alarm is None
    assert git(root, "status", "--porcelain").strip() == "M schedule.ics"
    # up to date, but not committed yet: committed now
    result = mentorlog_in(root, "schedule", **ENV)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("schedule.ics is up to date (committed ")
    assert git(root, "status", "--porcelain") == ""


def test_schedule_to_another_file(tmp_path: Path) -> None:
    p = meetings_repo(tmp_path / "p")
    out = tmp_path / "elsewhere.ics"
    result = mentorlog_in(tmp_path / "p", "schedule", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == ics.build_calendar(p)
    assert result.output == f"Wrote {out}\n"


def test_schedule_to_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    meetings_repo(tmp_path)
    result = mentorlog_in(tmp_path, "schedule", "-o", str(tmp_path))
    assert result.exit_code == EXIT_USAGE
    assert result.output == (
        f"mentorlog: -o {tmp_path}: is a folder; name a file, e.g. {tmp_path}/mentoring.ics\n"
    )
    assert not (tmp_path / "schedule.ics").exists()


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_schedule_never_writes_into_a_device(tmp_path: Path) -> None:
    meetings_repo(tmp_path)
    refused = (
        "mentorlog: -o /dev/null: is not a regular file (a device, a pipe?); "
        "name a file to write, nothing was written\n"
    )
    result = mentorlog_in(tmp_path, "schedule", "-o", "/dev/null")
    assert (result.exit_code, result.output) == (EXIT_USAGE, refused)
    result = mentorlog(["schedule", "--all", "-o", "/dev/null"])
    assert (result.exit_code, result.output) == (EXIT_USAGE, refused)


def test_schedule_alarm_options_conflict(tmp_path: Path) -> None:
    meetings_repo(tmp_path)
    result = mentorlog_in(tmp_path, "schedule", "--alarm", "5", "--no-alarm")
    assert result.exit_code == EXIT_USAGE
    assert "give --alarm MINUTES or --no-alarm, not both" in result.output


def test_kinds_and_numbers_agree_with_the_timeline(tmp_path: Path) -> None:
    from mentorlog.rules.timeline import kind_of, number_for

    meetings = dict(MEETINGS)
    meetings["2027-01-20-2"] = "date: 2027-01-20\n"
    meetings["2026-12-01"] = "date: 2026-12-01\nstatus: held\n"
    meetings["2027-02-23"] = "date: 2027-02-23\nstatus: cancelled\n"
    meetings["2027-05-18"] = "date: 2027-05-18\n"
    p = write_repo(tmp_path, meetings=meetings)
    facts = calendar_plan._Facts(p)
    for m in p.meetings:
        assert facts.kinds[id(m)] == kind_of(p, m), m.path
        expected = number_for(p, m.date, m.suffix)  # a written number: is only a hint
        assert facts.number(m) == expected, m.path
    assert {facts.kinds[id(m)] for m in p.meetings} >= {"first", "extra", "midpoint", "closing"}


# ------------------------------------------------------------------ a second parser: ical.js


def icaljs(data: bytes, until: dt.date) -> list[tuple[dt.datetime, str]]:
    """Expand with ical.js under Node; skip when Node or ical.js is not installed."""
    rows = icaljs_rows(data, until.isoformat())
    return sorted((dt.datetime.fromtimestamp(row[1], UTC), row[2]) for row in rows)


@pytest.mark.parametrize(("tz", "start", "end", "cadence", "changes"), CADENCES)
def test_icaljs_expands_every_cadence_with_our_vtimezone(
    tmp_path: Path, tz: str, start: str, end: str, cadence: str, changes: Any
) -> None:
    p = write_repo(tmp_path, start=start, end=end, cadence=cadence, tz=tz, changes=changes)
    data = rename_zone(ics.build_calendar(p), tz)
    got = [when for when, _ in icaljs(data, p.agreement.end + dt.timedelta(days=1))]
    assert got == instants(p)


def test_icaljs_sees_the_meeting_files(tmp_path: Path) -> None:
    p = meetings_repo(tmp_path)
    data = ics.build_calendar(p)
    until = p.agreement.end + dt.timedelta(days=1)
    assert icaljs(rename_zone(data, "Europe/Berlin"), until) == expand(
        data, p.agreement.start, p.agreement.end
    )


def test_an_interval_longer_than_the_partnership_is_capped(tmp_path: Path) -> None:
    """every 99999999999 weeks: icalendar refused the INTERVAL (exit 70); the series is
    its first date alone, whatever the interval past its end."""
    p = write_repo(tmp_path, cadence="every 99999999999 weeks")
    data = ics.build_calendar(p)
    assert b"RRULE:FREQ=WEEKLY;UNTIL=20261201T163000Z;INTERVAL=26\r\n" in data
    assert [when for when, _ in expand(data, p.agreement.start, p.agreement.end)] == instants(p)
