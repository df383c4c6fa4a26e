"""schedule.ics is written as text (mentorlog.render.ical_lines), not through
icalendar's components: these tests hold it to the bytes icalendar writes.

Each value kind is compared with icalendar's own type over many values (text
and folding over random text); every zone of the zone database with
icalendar's choice of TZID or UTC; VTIMEZONEs with icalendar's serialisation
of the same blocks; and whole files, also regenerated over an earlier (edited,
damaged or tampered) schedule.ics, with the writer as it was before
(tests/ics_oracle.py, which builds every event as an icalendar component).
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from pathlib import Path

import icalendar
import ics_oracle
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline

from mentorlog.render import ical_lines, ics, vtimezone
from mentorlog.store import reading

UTC = dt.UTC

# ------------------------------------------------------------------ values


def icalendar_line(name: str, value: object) -> str:
    """The content line icalendar writes for one property of an event (unfolded)."""
    event = icalendar.Event()
    event.add(name, value)
    return str(event.content_lines()[1])


TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("\\;,^\n\r\r\n:\"'N \té€😀ŉ"),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["SUMMARY", "DESCRIPTION", "LOCATION"]))
def test_text_and_folding_are_icalendars(value: str, name: str) -> None:
    line = f"{name}:{ical_lines.text(value)}"
    assert line == icalendar_line(name, value)
    assert ical_lines.fold(line).encode("utf-8") == Contentline(line).to_ical()


@pytest.mark.parametrize("mark", ["\\", "^", "é", "€", "😀"])
def test_folding_at_every_boundary(mark: str) -> None:
    """A backslash or caret (or a multi-byte character) at each place around the cut."""
    for length in range(60, 160):
        for at in range(max(0, length - 80), length):
            line = "x" * at + mark + "y" * (length - at - 1)
            expected = Contentline(line).to_ical()
            assert ical_lines.fold(line).encode("utf-8") == expected, (at, length)


@pytest.mark.parametrize("minutes", [*range(0, 130), 1439, 1440, 1441, 1510, 2880, 10079, 10080])
def test_durations_are_icalendars(minutes: int) -> None:
    span = dt.timedelta(minutes=-minutes)
    written = ical_lines.duration(span)
    assert "TRIGGER:" + written == icalendar_line("trigger", span)
    assert ical_lines.read_duration(written) == span
    assert icalendar.vDuration.from_ical(written) == span


@pytest.mark.parametrize(
    "value", ["P", "-P", "PT", "P1W", "+PT5M", "-PT5", "PT1H2", "P1DT", "-PT15M ", "pt5m", ""]
)
def test_other_durations_are_left_to_icalendar(value: str) -> None:
    assert ical_lines.read_duration(value) is None


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-26 * 3600, max_value=26 * 3600))
def test_utc_offsets_are_icalendars(seconds: int) -> None:
    span = dt.timedelta(seconds=seconds)
    assert "TZOFFSETTO:" + ical_lines.utc_offset(span) == icalendar_line("tzoffsetto", span)


@pytest.mark.parametrize(
    "rule",
    [
        {"freq": "WEEKLY", "until": dt.datetime(2027, 8, 2, 15, 30, tzinfo=UTC)},
        {"freq": "WEEKLY", "interval": 3, "until": dt.datetime(2027, 1, 1, tzinfo=UTC)},
        {"freq": "MONTHLY", "bymonthday": -1, "until": dt.datetime(2028, 2, 29, 8, tzinfo=UTC)},
        {"freq": "MONTHLY", "byday": "-1FR", "until": dt.datetime(2027, 6, 1, 23, tzinfo=UTC)},
        {"freq": "YEARLY", "bymonth": 10, "byday": "-1SU"},
        {"freq": "YEARLY", "bymonth": 3, "byday": "2SU"},
    ],
)
def test_recurrence_rules_are_icalendars(rule: dict[str, object]) -> None:
    assert "RRULE:" + ical_lines.recur(rule) == icalendar_line("rrule", rule)


def test_every_zone_is_written_as_icalendar_writes_it() -> None:
    """A TZID, or a time in UTC for the zones icalendar counts as UTC (Iceland among them)."""
    moment = dt.datetime(2027, 3, 28, 17, 30)
    day = dt.date(2027, 3, 28)
    assert "DTSTART" + ical_lines.when(day, None) == icalendar_line("dtstart", day)
    assert "DTSTART" + ical_lines.when(moment, None) == icalendar_line("dtstart", moment)
    for key in sorted(zoneinfo.available_timezones()):
        expected = icalendar_line("dtstart", moment.replace(tzinfo=zoneinfo.ZoneInfo(key)))
        assert "DTSTART" + ical_lines.when(moment, key) == expected, key
        assert "DTSTART" + ical_lines.when(day, key) == icalendar_line("dtstart", day)


VTIMEZONES = [
    (tz, 2026, 2028)
    for tz in (
        "Europe/Berlin",
        "America/New_York",
        "Australia/Sydney",
        "America/Sao_Paulo",
        "Europe/Dublin",
        "Australia/Lord_Howe",
        "America/Santiago",
        "Africa/Casablanca",
        "America/Nuuk",
        "Asia/Kolkata",
        "Asia/Kathmandu",
        "UTC",
        "Iceland",
        "Etc/GMT+5",
    )
] + [
    ("America/Mexico_City", 2022, 2023),
    ("Europe/Volgograd", 2019, 2021),
    ("Asia/Tehran", 2021, 2023),
    ("America/Sao_Paulo", 2018, 2020),
    ("Pacific/Apia", 2011, 2012),
    ("Africa/Monrovia", 1971, 1973),  # an offset of seconds (-00:44:30) until 1972
]


@pytest.mark.parametrize(("tz", "first", "last"), VTIMEZONES)
def test_vtimezones_are_icalendars(tz: str, first: int, last: int) -> None:
    component = vtimezone.vtimezone(tz, first, last)
    assert vtimezone.vtimezone_lines(tz, first, last) == [
        str(line) for line in component.content_lines() if line
    ]


# ------------------------------------------------------------------ whole files


def repo(
    root: Path,
    *,
    tz: str = "Europe/Berlin",
    cadence: str = "weekly",
    time: str = "17:30",
    start: str = "2026-12-01",
    end: str = "2027-05-31",
    location: str = "Café Central",
    changes: str = "",
    meetings: dict[str, str] | None = None,
) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "agreement.md").write_text(
        "---\nid: k7q2xm\nmentee: Ana Ruiz\nmentor: Sam Lee\n"
        f"start: {start}\nend: {end}\ncadence: {cadence!r}\ntime: {time!r}\nduration: 45\n"
        f"timezone: {tz}\nlocation: {location!r}\n{changes}---\n\n# Agreement\n",
        encoding="utf-8",
    )
    folder = root / "meetings"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.md"):
        old.unlink()
    for name, front in (meetings or {}).items():
        (folder / f"{name}.md").write_text(f"---\n{front}---\n\n# Notes\n", encoding="utf-8")


MEETINGS = {
    "2026-12-01": "date: 2026-12-01\nstatus: held\n",
    "2026-12-08": 'date: 2026-12-08\ntopic: "Feedback; giving it, taking it \\\\ and ^more^"\n',
    "2026-12-15": "date: 2026-12-15\nstatus: cancelled\n",
    "2026-12-23": "date: 2026-12-23\nmoved_from: 2026-12-22\ntopic: Négociation ✓ 😀\n",
    "2027-01-07": 'date: 2027-01-07\ntime: "08:15"\ntopic: An extra one\n',
    "2027-01-07-2": "date: 2027-01-07\nstatus: cancelled\n",
    "2027-02-02": 'date: 2027-02-02\ntime: "19:00"\n',
}

EDITS: list[tuple[str, dict[str, object]]] = [
    (
        "a meeting's time",
        {"meetings": {**MEETINGS, "2027-02-02": 'date: 2027-02-02\ntime: "20:00"\n'}},
    ),
    ("a meeting's status", {"meetings": {**MEETINGS, "2026-12-15": "date: 2026-12-15\n"}}),
    (
        "a meeting's topic",
        {"meetings": {**MEETINGS, "2026-12-08": "date: 2026-12-08\ntopic: Something else\n"}},
    ),
    ("a new meeting", {"meetings": {**MEETINGS, "2027-02-09": "date: 2027-02-09\ntopic: New\n"}}),
    ("the time zone", {"tz": "America/New_York", "meetings": MEETINGS}),
    ("the time zone to one written in UTC", {"tz": "Iceland", "meetings": MEETINGS}),
    ("the cadence", {"cadence": "biweekly", "meetings": MEETINGS}),
    (
        "a cadence change",
        {
            "changes": "cadence_changes:\n  - {from: 2027-03-01, cadence: monthly}\n",
            "meetings": MEETINGS,
        },
    ),
    ("the agreement's time", {"time": "09:00", "meetings": MEETINGS}),
    ("the location", {"location": "Room 4, " + "é€" * 40, "meetings": MEETINGS}),
    ("the end", {"end": "2027-12-31", "meetings": MEETINGS}),
]


def both(root: Path, previous: bytes | None, alarm: int | None = None, keep: bool = True) -> bytes:
    """The file mentorlog writes, checked against the one icalendar's components give."""
    p = reading.load(root)
    mine = ics.build_calendar(p, previous, alarm, keep_alarm=keep)
    assert mine == ics_oracle.build_calendar(p, previous, alarm, keep_alarm=keep)
    return mine


@pytest.mark.parametrize(
    ("tz", "cadence"),
    [
        ("Europe/Berlin", "weekly"),
        ("America/New_York", "monthly on the last Friday"),
        ("Asia/Kolkata", "monthly"),
        ("UTC", "every 3 weeks"),
        ("Iceland", "biweekly"),
        ("Australia/Lord_Howe", "weekly"),
        ("Africa/Casablanca", "weekly"),
    ],
)
@pytest.mark.parametrize("alarm", [None, 0, 15, 1510])
def test_whole_files_are_icalendars(
    tmp_path: Path, tz: str, cadence: str, alarm: int | None
) -> None:
    repo(tmp_path, tz=tz, cadence=cadence, start="2026-11-30", end="2027-11-29", meetings=MEETINGS)
    first = both(tmp_path, None, alarm)
    assert both(tmp_path, first) == first
    dropped = both(tmp_path, first, keep=False)  # the alarm dropped: SEQUENCE rises
    assert (dropped == first) == (alarm is None)


@pytest.mark.parametrize(("what", "edit"), EDITS, ids=[what for what, _ in EDITS])
def test_an_edit_over_an_earlier_file_is_a_fresh_build_with_its_memory(
    tmp_path: Path, what: str, edit: dict[str, object]
) -> None:
    """After any edit, the file written over the earlier one is icalendar's, and differs
    from a build without memory only in SEQUENCE and DTSTAMP."""
    repo(tmp_path, meetings=MEETINGS)
    first = both(tmp_path, None, 30)
    repo(tmp_path, **edit)  # type: ignore[arg-type]
    second = both(tmp_path, first)
    fresh = both(tmp_path, None, 30)
    assert second != first

    def without_memory(data: bytes) -> list[str]:
        return [
            line
            for line in data.decode().replace("\r\n ", "").split("\r\n")
            if not line.startswith(("SEQUENCE:", "DTSTAMP:"))
        ]

    assert without_memory(second) == without_memory(fresh)
    assert both(tmp_path, second) == second


def test_a_tampered_earlier_file_leaves_no_trace(tmp_path: Path) -> None:
    """An earlier schedule.ics edited by hand (an event's text, a stray event, a broken
    line, other line endings) gives nothing of its text to the new file: only SEQUENCE
    and DTSTAMP, and what icalendar's components give from the same earlier file."""
    repo(tmp_path, meetings=MEETINGS)
    first = both(tmp_path, None, 15)
    tampered = (
        first.replace(b"SUMMARY:Mentoring #2", b"SUMMARY:Hacked #2")
        .replace(b"LOCATION:Caf", b"LOCATION:Evil")
        .replace(
            b"END:VCALENDAR",
            b"BEGIN:VEVENT\r\nUID:k7q2xm-extra-2027-03-03@mentorlog\r\nSEQUENCE:9\r\n"
            b"SUMMARY:Stray\r\nEND:VEVENT\r\nEND:VCALENDAR",
        )
        .replace(b"BEGIN:VALARM", b"BEGIN VALARM", 1)
    )
    for earlier in (tampered, tampered.replace(b"\r\n", b"\n"), tampered[: len(tampered) // 2]):
        again = both(tmp_path, earlier)
        for trace in (b"Hacked", b"Evil", b"Stray", b"BEGIN VALARM", b"SEQUENCE:9"):
            assert trace not in again
        assert b"Mentoring #2" in again


# ------------------------------------------------------------------ the earlier file


JUNK = [
    "BEGIN:VEVENT",
    "END:VEVENT",
    "begin:vevent",
    "End:VEvent",
    "BEGIN:VALARM",
    "END:VALARM",
    "SEQUENCE:7",
    "sequence: 12 ",
    "SEQUENCE:x",
    "DTSTAMP:20270101T000000Z",
    "DTSTAMP;X=1:20260101T000000Z",
    "DTSTAMP:bad",
    "UID:other@mentorlog",
    "uid;x=y:k7q2xm-series-1@mentorlog",
    "TRIGGER:-PT5M",
    "TRIGGER;RELATED=END:PT0S",
    "trigger:-p1w",
    "TRIGGER:P1D",
    "TRIGGER:junk",
    'X-ODD;A="b:c":d',
    "SUMMARY:ſequence ﬀ é",
    "",
    " folded on",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=10**6), st.sampled_from(["drop", *JUNK])),
        max_size=12,
    ),
    st.sampled_from(["\r\n", "\n", "\r"]),
)
def test_an_earlier_file_is_read_as_before(edits: list[tuple[int, str]], newline: str) -> None:
    """The earlier file's memory (SEQUENCE, DTSTAMP, the events' lines, the alarm) is
    read as the writer before read it, also from a file edited by hand or damaged."""
    lines = sample().decode().split("\r\n")
    for at, what in edits:
        where = at % len(lines)
        if what == "drop":
            del lines[where]
        else:
            lines.insert(where, what)
    data = newline.join(lines).encode()
    mine, theirs = ics.read_previous(data), ics_oracle.read_previous(data)
    assert mine.alarm == theirs.alarm
    assert {uid: tuple(p) for uid, p in mine.state.items()} == {
        uid: tuple(p) for uid, p in theirs.state.items()
    }


@functools.cache
def sample() -> bytes:
    """A schedule.ics with several UIDs, overrides, a cancelled extra and an alarm."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        repo(root, meetings=MEETINGS, end="2027-02-28")
        data = ics.build_calendar(reading.load(root), alarm=45)
    assert data.count(b"BEGIN:VEVENT") > 5 and b"STATUS:CANCELLED" in data
    return data


def transitions_by_astimezone(tz: str, first: int, last: int) -> list[tuple[object, ...]]:
    """vtimezone.transitions as first written: each day's offset by astimezone."""
    zone = zoneinfo.ZoneInfo(tz)

    def offset(moment: dt.datetime) -> object:
        return moment.astimezone(zone).utcoffset()

    out: list[tuple[object, ...]] = []
    moment = dt.datetime(first, 1, 1, tzinfo=UTC)
    stop = dt.datetime(last + 1, 1, 1, tzinfo=UTC)
    current = offset(moment)
    while moment < stop:
        nxt = moment + dt.timedelta(days=1)
        new = offset(nxt)
        if new != current:
            low, high = moment, nxt
            while high - low > dt.timedelta(seconds=1):
                mid = (low + (high - low) / 2).replace(microsecond=0)
                if mid <= low:
                    break
                low, high = (mid, high) if offset(mid) == current else (low, mid)
            name = high.astimezone(zone).tzname() or ""
            out.append((high, current, new, new > current, name))  # type: ignore[operator]
            current = new
        moment = nxt
    return out


@pytest.mark.parametrize(
    ("tz", "first", "last"),
    [(tz, 2016, 2029) for tz, _, _ in VTIMEZONES] + [(tz, 1968, 1975) for tz, _, _ in VTIMEZONES],
)
def test_the_zones_changes_are_found_as_with_astimezone(tz: str, first: int, last: int) -> None:
    found = [
        (t.at, t.before, t.after, t.dst, t.name) for t in vtimezone.transitions(tz, first, last)
    ]
    assert found == transitions_by_astimezone(tz, first, last)


@settings(max_examples=300, deadline=None)
@given(st.datetimes(timezones=st.none() | st.just(dt.UTC)))
def test_a_date_time_is_written_digit_for_digit(moment: dt.datetime) -> None:
    """``local`` cuts the ISO form; the fields written one by one give the same."""
    expected = (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    )
    assert ical_lines.local(moment) == expected
