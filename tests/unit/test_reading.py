"""The reading layer: front-matter, values, roadmap, meetings, goals, problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import agreement_text

from mentorlog.errors import BadFile, FileChanged, NotARepository, RefuseOverwrite
from mentorlog.model import schema
from mentorlog.rules import documents
from mentorlog.store import files, paths, reading, refusals
from mentorlog.text import frontmatter_read

AGREEMENT = agreement_text()


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


def test_front_matter_and_body_line() -> None:
    meta, body, line = frontmatter_read.split_front_matter(
        "---\na: 1\nb: x\n---\n\nhello\n", "f.md"
    )
    assert meta == {"a": 1, "b": "x"}
    assert body == "\nhello\n"
    assert line == 5
    meta, body, line = frontmatter_read.split_front_matter("---\r\na: 1\r\n---\r\nbody\r\n", "f.md")
    assert meta == {"a": 1} and body == "body\r\n" and line == 4
    assert frontmatter_read.split_front_matter("no front-matter\n", "f.md") == (
        {},
        "no front-matter\n",
        1,
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\na: 1\nb: [unclosed\n---\n", 4, "not valid YAML"),
        ("---\n- a\n- b\n---\n", 2, "not a list"),
        ("---\na: 1\n", 1, "no closing"),
        ("---\n!!python/object/apply:os.system ['echo hi']\n---\n", 2, "not valid YAML"),
    ],
)
def test_front_matter_errors_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(BadFile) as err:
        frontmatter_read.split_front_matter(text, "meetings/2026-12-01.md")
    assert err.value.line == line
    assert message.split()[-1] in str(err.value)
    assert str(err.value).startswith(f"meetings/2026-12-01.md:{line}: ")


def test_values_are_converted_and_mended() -> None:
    assert schema.as_clock({"time": 1050}, "time") == "17:30"  # YAML's reading of 17:30
    assert schema.as_clock({"time": "9:05"}, "time") == "09:05"
    with pytest.raises(schema.ValueProblem):
        schema.as_clock({"time": "25:00"}, "time")
    assert schema.as_date({"d": "2026-12-01"}, "d") == dt.date(2026, 12, 1)
    with pytest.raises(schema.ValueProblem, match="is not a date"):
        schema.as_date({"d": "2026-02-30"}, "d")
    assert schema.as_list({"g": "a, b"}, "g") == ["a", "b"]


def test_impossible_date_in_yaml_is_reported_with_its_line() -> None:
    text = AGREEMENT.replace("end: 2027-05-31", "end: 2027-02-30")
    with pytest.raises(BadFile) as err:
        documents.parse_agreement(text)
    assert err.value.line == 6
    assert "'end: 2027-02-30' is not a date" in str(err.value)


def test_agreement_defaults_and_validation() -> None:
    a = documents.parse_agreement(AGREEMENT)
    assert (a.mentee, a.mentor, a.cadence, a.time, a.duration) == (
        "Ana Ruiz",
        "Sam Lee",
        "biweekly",
        "17:30",
        60,
    )
    assert a.initiator == "mentee" and a.no_fault_termination is True
    assert a.days_total == 181
    months = AGREEMENT.replace("end: 2027-05-31", "months: 6")
    assert documents.parse_agreement(months).end == dt.date(2027, 5, 31)
    for old, new, key in [
        ("cadence: biweekly", "cadence: sometimes", "cadence"),
        ("timezone: Europe/Berlin", "timezone: Nowhere/Land", "timezone"),
        ("end: 2027-05-31", "end: 2026-01-01", "end"),
        ("duration: 60", "duration: -5", "duration"),
    ]:
        with pytest.raises(BadFile) as err:
            documents.parse_agreement(AGREEMENT.replace(old, new))
        assert err.value.line == AGREEMENT.splitlines().index(old) + 1, key


def test_read_text_rejects_binary_and_bad_utf8_and_drops_bom(tmp_path: Path) -> None:
    assert refusals.read_text(write(tmp_path, "a.md", b"\xef\xbb\xbfhello")) == "hello"
    with pytest.raises(BadFile, match="not UTF-8 text"):
        refusals.read_text(write(tmp_path, "b.md", b"caf\xe9"), "b.md")
    with pytest.raises(BadFile, match="binary"):
        refusals.read_text(write(tmp_path, "c.md", b"a\x00b"), "c.md")


def test_load_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    write(tmp_path, "agreement.md", AGREEMENT)
    write(tmp_path, "meetings/2026-12-01.md", "---\ndate: 2026-12-01\nstatus: held\n---\n")
    write(tmp_path, "meetings/2026-12-15.md", "---\nstatus: [broken\n---\n")
    write(tmp_path, "meetings/2026-12-29.md", b"\xff\xfe")
    write(tmp_path, "meetings/notes.md", "stray\n")
    write(tmp_path, "meetings/2027-01-12.md", "---\nstatus: maybe\n---\n")
    p = reading.load(tmp_path)
    assert [m.path for m in p.meetings] == ["meetings/2026-12-01.md"]
    problems = sorted(str(x) for x in p.problems)
    assert problems[0].startswith("meetings/2026-12-15.md:3: front-matter is not valid YAML: ")
    assert problems[1:] == [
        "meetings/2026-12-29.md:1: not UTF-8 text",
        "meetings/2027-01-12.md:2: 'status: maybe' is not one of: planned, held, cancelled",
        "meetings/notes.md:1: a meeting file is named YYYY-MM-DD.md (or YYYY-MM-DD-2.md for a "
        "second meeting that day)",
    ]


def test_meeting_without_front_matter_takes_its_date_from_the_name(tmp_path: Path) -> None:
    write(tmp_path, "agreement.md", AGREEMENT)
    write(tmp_path, "meetings/2026-12-15-2.md", "# Extra chat\r\n\r\n- [ ] @sam Send slides\r\n")
    p = reading.load(tmp_path)
    (m,) = p.meetings
    assert (m.date, m.suffix, m.status, m.kind) == (dt.date(2026, 12, 15), 2, "planned", None)
    (item,) = m.items
    assert (item.owner, item.line, item.ref) == ("mentor", 3, "2026-12-15-2#1")


def test_roadmap_topics_and_notes() -> None:
    text = (
        "# Roadmap\n\nIntro text.\n\n1. First topic\n   - note a\n     more\n"
        "2) Second topic\n- Third, a bullet\n\n```\n1. not a topic\n```\n"
    )
    topics = documents.parse_roadmap(text)
    assert [(t.position, t.title, t.line) for t in topics] == [
        (1, "First topic", 5),
        (2, "Second topic", 8),
        (3, "Third, a bullet", 9),
    ]
    assert topics[0].notes == ["- note a", "  more"]


def test_goal_progress_and_title(tmp_path: Path) -> None:
    write(tmp_path, "agreement.md", AGREEMENT)
    write(
        tmp_path,
        "goals/01-speak-up.md",
        "---\npriority: 1\nstatus: active\ntarget: 2027-03-01\n---\n# Speak up in reviews\n\n"
        "## Learning activities\n\n- [ ] @ana Present at the guild #doing due:2027-01-15\n\n"
        "## Progress\n\n- 2026-12-15: First try went well\n- no date here\n",
    )
    (g,) = reading.load(tmp_path).goals
    assert g.title == "Speak up in reviews"
    assert (g.order, g.slug, g.stem) == (1, "speak-up", "01-speak-up")
    assert [(pr.date, pr.text) for pr in g.progress] == [
        (dt.date(2026, 12, 15), "First try went well")
    ]
    assert g.items[0].tags == ["doing"] and g.items[0].owner == "mentee"


def test_find_root(tmp_path: Path) -> None:
    write(tmp_path, "agreement.md", AGREEMENT)
    (tmp_path / "meetings").mkdir()
    assert paths.find_root(cwd=tmp_path / "meetings") == tmp_path.resolve()
    with pytest.raises(NotARepository):
        paths.find_root(tmp_path / "meetings")


def test_writes_are_atomic_and_careful(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    files.write_new(path, "one\n")
    with pytest.raises(RefuseOverwrite):
        files.write_new(path, "two\n")
    assert path.read_text() == "one\n"
    with pytest.raises(FileChanged):
        files.replace_bytes(path, b"something else", b"new")
    assert path.read_text() == "one\n"
    files.replace_bytes(path, b"one\n", b"new\n")
    assert path.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.md"]  # no temporary files left


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "duration: 60",
            "duration: 99999999999999",
            "'duration' must be a positive number of minutes, at most 1440 (a day)",
        ),
        (
            "start: 2026-12-01",
            "start: 0001-01-01",
            "'start: 0001-01-01' is out of range (years 1900 to 9990)",
        ),
        (
            "end: 2027-05-31",
            "end: 9999-12-31",
            "'end: 9999-12-31' is out of range (years 1900 to 9990)",
        ),
        (
            "cadence: biweekly",
            "cadence: biweekly\ncadence_changes: [{from: soon, cadence: weekly}]",
            "'from: soon' is not a date (YYYY-MM-DD)",
        ),
    ],
    ids=["duration", "year-1", "year-9999", "change-from"],
)
def test_agreement_values_that_crashed_the_calendar_are_bad_files(
    old: str, new: str, message: str
) -> None:
    """A huge duration or a year at the end of the calendar made schedule and new-meeting
    exit 70 (OverflowError, 'year 10001 is out of range'); a bad cadence change's date was
    reported at line 1."""
    with pytest.raises(BadFile) as err:
        documents.parse_agreement(AGREEMENT.replace(old, new))
    assert err.value.message == message
    line = new.splitlines()[-1]
    assert err.value.line == AGREEMENT.replace(old, new).splitlines().index(line) + 1
