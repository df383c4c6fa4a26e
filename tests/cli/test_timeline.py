"""Timeline truth (docs/format.md), one rule at a time: moved is not cancelled,
--moved-from marks the original, numbers are computed, a cancelled meeting gives its
topic back, milestones are done once held, check reports a broken file once, and the
calendar's UNTIL and DST warnings."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from helpers import INIT_BASE, git, mentorlog, mentorlog_in
from review_fixtures import build, meeting

from mentorlog.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from mentorlog.rules import timeline
from mentorlog.rules.clock import local_to_utc, safe_clock, wall_time_trouble
from mentorlog.store import reading
from mentorlog.text.frontmatter import set_value

D = dt.date


def run(root: Path, today: str, *args: str) -> Result:
    return mentorlog_in(root, *args, today=today)


def ok(root: Path, today: str, *args: str) -> Result:
    result = run(root, today, *args)
    assert result.exit_code == EXIT_OK, result.output
    return result


def as_json(root: Path, today: str, *args: str) -> Any:
    return json.loads(ok(root, today, *args, "--json").stdout)


# ------------------------------------------------------------------ moved


MOVED = {
    "2026-12-01": meeting("2026-12-01", "held", topic="Getting acquainted"),
    # the original, cancelled because it moved, and the meeting that replaces it
    "2026-12-15": meeting("2026-12-15", "cancelled", topic="Industry trends"),
    "2026-12-17": meeting("2026-12-17", "held", topic="Industry trends", moved_from="2026-12-15"),
    # a meeting called off for good
    "2026-12-29": meeting("2026-12-29", "cancelled", topic="Time management"),
}


def test_a_moved_meeting_counts_as_moved_not_cancelled(tmp_path: Path) -> None:
    root = build(tmp_path, meetings=MOVED)
    p = reading.load(root)
    mf = timeline.meeting_figures(p, D(2027, 1, 5))
    assert (mf.planned, mf.held, mf.moved, mf.cancelled) == (3, 2, 1, 1)
    assert (mf.longest_run, mf.current_run) == (1, 1)
    assert timeline.meeting_states(p) == {
        "meetings/2026-12-01.md": "held",
        "meetings/2026-12-15.md": "moved",
        "meetings/2026-12-17.md": "held",
        "meetings/2026-12-29.md": "cancelled",
    }
    s = as_json(root, "2027-01-05", "status")
    assert s["meetings"] == {"planned": 3, "held": 2, "cancelled": 1, "moved": 1}
    ok(root, "2027-01-05", "review", "checkup", "--no-commit")
    text = (root / "reviews" / "checkup.md").read_text(encoding="utf-8")
    assert "2 held of 3 planned (67%), 1 moved, 1 cancelled" in text
    assert "| moved (to another date) | 1 |\n| cancelled | 1 |\n" in text
    assert "- 2026-12-15 regular, moved to 2026-12-17: Industry trends\n" in text
    assert "- 2026-12-17 #2 regular, held, moved from 2026-12-15: Industry trends\n" in text
    assert "- 2026-12-29 regular, cancelled: Time management\n" in text


# ------------------------------------------------------------------ --moved-from


@pytest.fixture
def repo_with_git(tmp_path: Path) -> Path:
    root = tmp_path / "ana-sam"
    result = mentorlog(["init", str(root), *INIT_BASE, "--timezone", "Europe/Berlin"])
    assert result.exit_code == EXIT_OK, result.output
    return root


def commit_all(root: Path) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", "by hand")


def test_moved_from_marks_a_planned_original_with_one_line(repo_with_git: Path) -> None:
    root = repo_with_git
    original = root / "meetings" / "2026-12-15.md"
    # written by hand: CRLF, a comment on the status line, quoting mentorlog would not use
    before = (
        b"---\r\ndate: 2026-12-15\r\n'topic': 'Industry trends'\r\n"
        b"status:   planned   # we will see\r\nnumber: 2\r\n---\r\n\r\n# Notes\r\n"
    )
    original.write_bytes(before)
    commit_all(root)
    result = ok(root, "2026-12-10", "new-meeting", "2026-12-17", "--moved-from", "2026-12-15")
    assert "Marked meetings/2026-12-15.md cancelled: the meeting moved to 2026-12-17" in (
        result.output
    )
    assert original.read_bytes() == before.replace(
        b"status:   planned   # we will see", b"status:   cancelled   # we will see"
    )
    assert git(root, "log", "-1", "--format=%s").strip() == (
        "mentorlog: new meeting 2026-12-17, moved from 2026-12-15"
    )
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [
        "meetings/2026-12-15.md",
        "meetings/2026-12-17.md",
        "schedule.ics",
    ]
    assert git(root, "status", "--porcelain").strip() == ""
    moved = (root / "meetings" / "2026-12-17.md").read_text(encoding="utf-8")
    assert "\ntopic: Industry trends\n" in moved
    assert "\nnumber: 1\n" in moved  # no file for 12-01 yet; 12-15 no longer counts
    assert "\nmoved_from: 2026-12-15\n" in moved


def test_moved_from_adds_a_missing_status_line(repo_with_git: Path) -> None:
    root = repo_with_git
    original = root / "meetings" / "2026-12-15.md"
    original.write_bytes(b"---\ndate: 2026-12-15\n---\n\n# Notes\n")
    commit_all(root)
    ok(root, "2026-12-10", "new-meeting", "2026-12-16", "--moved-from", "2026-12-15")
    assert original.read_bytes() == b"---\ndate: 2026-12-15\nstatus: cancelled\n---\n\n# Notes\n"
    assert git(root, "status", "--porcelain").strip() == ""


def test_moved_from_refuses_a_status_it_cannot_edit_in_one_line(repo_with_git: Path) -> None:
    root = repo_with_git
    original = root / "meetings" / "2026-12-15.md"
    before = b"---\ndate: 2026-12-15\nstatus: >-\n  planned\n---\n"
    original.write_bytes(before)
    result = run(root, "2026-12-10", "new-meeting", "2026-12-16", "--moved-from", "2026-12-15")
    assert result.exit_code == EXIT_USAGE
    assert "meetings/2026-12-15.md: its 'status:' is not a one-line value" in result.output
    assert original.read_bytes() == before
    assert not (root / "meetings" / "2026-12-16.md").exists()


def test_set_value_changes_one_line_only() -> None:
    text = b"---\ndate: 2026-12-15\nstatus: planned\ntopic: x\n---\nstatus: planned\n"
    assert set_value(text, "status", "cancelled") == text.replace(
        b"status: planned\ntopic", b"status: cancelled\ntopic"
    )
    assert set_value(b"no front-matter\n", "status", "cancelled") is None
    assert set_value(b"---\nstatus:\n  planned\n---\n", "status", "cancelled") is None


# ------------------------------------------------------------------ numbers

STALE = {
    "2026-12-01": meeting("2026-12-01", "held", topic="Getting acquainted", number=1),
    # written by a partner who had not synced: numbers frozen at the wrong values
    "2026-12-15": meeting("2026-12-15", "held", topic="Industry trends", number=3),
    "2026-12-29": meeting("2026-12-29", "planned", topic="Time management", number=2),
}


def test_numbers_are_computed_from_the_files_and_stale_hints_flagged(tmp_path: Path) -> None:
    root = build(tmp_path, meetings=STALE)
    s = as_json(root, "2026-12-20", "status")
    assert s["next_meeting"]["date"] == "2026-12-29"
    assert s["next_meeting"]["number"] == 3
    ok(root, "2026-12-20", "review", "checkup", "--no-commit")
    text = (root / "reviews" / "checkup.md").read_text(encoding="utf-8")
    assert "- 2026-12-15 #2 regular, held: Industry trends\n" in text
    ok(root, "2026-12-20", "schedule")
    ics = (root / "schedule.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "SUMMARY:Mentoring #2: Industry trends\r\n" in ics
    assert "SUMMARY:Mentoring #3: Time management\r\n" in ics
    result = run(root, "2026-12-20", "check")
    assert result.exit_code == EXIT_OK
    stale = [line for line in result.stdout.splitlines() if "number:" in line]
    assert stale == [
        "meetings/2026-12-15.md:4: warning: 'number: 3' is out of date: by date this is "
        "meeting 2 (status, reviews and the calendar show that); change it to 2 or remove "
        "the line",
        "meetings/2026-12-29.md:4: warning: 'number: 2' is out of date: by date this is "
        "meeting 3 (status, reviews and the calendar show that); change it to 3 or remove "
        "the line",
    ]


# ------------------------------------------------------------------ topics


def test_a_cancelled_meeting_gives_its_topic_back(tmp_path: Path) -> None:
    root = build(
        tmp_path,
        meetings={
            "2026-12-01": meeting("2026-12-01", "held", topic="Getting acquainted"),
            "2026-12-15": meeting("2026-12-15", "cancelled", topic="Industry trends"),
        },
    )
    rows = as_json(root, "2026-12-20", "roadmap")
    assert [(r["topic"], r["meeting"], r["planned"]) for r in rows] == [
        ("Getting acquainted", "2026-12-01", None),
        ("Industry trends", None, "2026-12-29"),
        ("Time management", None, "2027-01-12"),
        ("Lessons learned", None, "2027-01-26"),
    ]
    s = as_json(root, "2026-12-20", "status")
    assert (s["next_meeting"]["date"], s["next_meeting"]["topic"]) == (
        "2026-12-29",
        "Industry trends",
    )
    ok(root, "2026-12-20", "new-meeting", "--no-commit")
    text = (root / "meetings" / "2026-12-29.md").read_text(encoding="utf-8")
    assert "\ntopic: Industry trends\n" in text
    rows = as_json(root, "2026-12-20", "roadmap")
    assert rows[1]["meeting"] == "2026-12-29"


# ------------------------------------------------------------------ milestones


def milestone(root: Path, today: str, name: str) -> tuple[str, str]:
    found = [m for m in as_json(root, today, "status")["milestones"] if m["name"] == name]
    return found[0]["date"], found[0]["status"]


def test_a_review_milestone_is_done_only_once_its_meeting_is_held(tmp_path: Path) -> None:
    root = build(tmp_path, meetings={})
    # three days before the check-up meeting: its agenda and the review are written early
    ok(root, "2027-02-20", "new-meeting", "2027-02-23", "--no-commit")
    ok(root, "2027-02-20", "review", "checkup", "--no-commit")
    assert milestone(root, "2027-02-20", "checkup") == ("2027-02-23", "due")
    # marked held ahead of time: still not done before its date
    path = root / "meetings" / "2027-02-23.md"
    path.write_bytes(path.read_bytes().replace(b"status: planned", b"status: held"))
    assert milestone(root, "2027-02-20", "checkup") == ("2027-02-23", "due")
    assert milestone(root, "2027-02-23", "checkup") == ("2027-02-23", "done")


def test_a_missed_review_meeting_is_overdue_even_with_a_review_file(tmp_path: Path) -> None:
    root = build(tmp_path, meetings={})
    (root / "reviews" / "checkup.md").write_text("# Check-up\n", encoding="utf-8")
    assert milestone(root, "2027-02-25", "checkup") == ("2027-02-23", "overdue")


# ------------------------------------------------------------------ check


def test_check_reports_a_broken_meeting_file_once(tmp_path: Path) -> None:
    broken = "---\ndate: 2026-12-01\ntopic: [unclosed\nstatus: held\n---\n\n# Notes\n"
    later = meeting(
        "2026-12-15",
        "planned",
        "## Follow-through from earlier meetings\n\n"
        "- [ ] @mentee Draft the charter id:aaaa from:2026-12-01\n",
    )
    root = build(tmp_path, meetings={"2026-12-01": broken, "2026-12-15": later})
    result = run(root, "2026-12-20", "check")
    assert result.exit_code == EXIT_FINDINGS
    about = [line for line in result.stdout.splitlines() if "2026-12-01" in line]
    assert len(about) == 1, result.stdout
    assert about[0].startswith("meetings/2026-12-01.md:4: front-matter is not valid YAML")
    assert "names no meeting" not in result.stdout


# ------------------------------------------------------------------ calendar


def test_until_is_the_start_of_the_last_occurrence(tmp_path: Path) -> None:
    root = tmp_path / "p"
    result = mentorlog(
        [
            *("init", str(root), "--no-git", "--mentee", "A", "--mentor", "B"),
            *("--start", "2027-01-08", "--end", "2027-10-30"),
            *("--cadence", "monthly on the last friday", "--time", "18:15"),
            *("--timezone", "America/New_York"),
        ]
    )
    assert result.exit_code == EXIT_OK, result.output
    text = (root / "schedule.ics").read_text(encoding="utf-8")
    until = re.findall(r"UNTIL=(\d{8}T\d{6}Z)", text)
    last = local_to_utc(D(2027, 10, 29), dt.time(18, 15), "America/New_York")
    assert until == [last.strftime("%Y%m%dT%H%M%SZ")]


def test_wall_times_the_clocks_skip_or_repeat() -> None:
    berlin = "Europe/Berlin"
    assert wall_time_trouble(D(2027, 3, 28), dt.time(2, 30), berlin) == "gap"
    assert wall_time_trouble(D(2027, 10, 31), dt.time(2, 30), berlin) == "overlap"
    assert wall_time_trouble(D(2027, 3, 21), dt.time(2, 30), berlin) is None
    assert wall_time_trouble(D(2027, 3, 28), dt.time(3, 0), berlin) is None
    assert safe_clock([D(2027, 3, 28), D(2027, 10, 31)], dt.time(2, 30), berlin) == dt.time(3, 0)
    assert wall_time_trouble(D(2027, 3, 28), dt.time(2, 30), "UTC") is None


def test_init_and_check_warn_about_a_time_in_a_dst_gap_or_overlap(tmp_path: Path) -> None:
    root = tmp_path / "p"
    result = mentorlog(
        [
            *("init", str(root), "--no-git", "--mentee", "A", "--mentor", "B"),
            *("--start", "2027-03-07", "--end", "2027-11-30", "--cadence", "weekly"),
            *("--time", "02:30", "--timezone", "Europe/Berlin"),
        ]
    )
    assert result.exit_code == EXIT_OK, result.output
    warning = (
        "02:30 does not exist (the clocks skip it) in Europe/Berlin on 2027-03-28 and on "
        "1 more meeting date; calendar programs read such a time differently: choose "
        "another time, e.g. 03:00"
    )
    assert f"mentorlog: warning: {warning} (change 'time:' in agreement.md, or --time)\n" in (
        result.stderr
    )
    result = run(root, "2027-03-01", "check")
    assert result.exit_code == EXIT_OK
    assert result.stdout == f"agreement.md:8: warning: {warning}\n"
    # a meeting file's own time is checked on its own date: 02:30 twice on 10-31
    (root / "meetings" / "2027-10-30.md").write_text(
        '---\ndate: 2027-10-30\ntime: "02:30"\n---\n', encoding="utf-8"
    )
    (root / "meetings" / "2027-10-31.md").write_text(
        '---\ndate: 2027-10-31\ntime: "01:00"\n---\n', encoding="utf-8"
    )
    result = run(root, "2027-03-01", "check")
    assert "meetings/2027-10-30.md" not in result.stdout
    assert "meetings/2027-10-31.md" not in result.stdout
    (root / "meetings" / "2027-10-31.md").write_text(
        '---\ndate: 2027-10-31\ntime: "02:15"\n---\n', encoding="utf-8"
    )
    result = run(root, "2027-03-01", "check")
    assert (
        "meetings/2027-10-31.md:3: warning: 02:15 happens twice (the clocks go back over it) "
        "in Europe/Berlin on 2027-10-31; calendar programs read such a time differently: "
        "choose another time, e.g. 01:45\n"
    ) in result.stdout


def test_a_move_cancelled_by_hand_first_is_committed_with_the_new_meeting(
    repo_with_git: Path,
) -> None:
    root = repo_with_git
    ok(root, "2026-11-21", "new-meeting", "2026-12-15")
    original = root / "meetings" / "2026-12-15.md"
    original.write_bytes(original.read_bytes().replace(b"status: planned", b"status: cancelled"))
    ok(root, "2026-12-10", "new-meeting", "2026-12-17", "--moved-from", "2026-12-15")
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [
        "meetings/2026-12-15.md",
        "meetings/2026-12-17.md",
        "schedule.ics",
    ]
    assert git(root, "status", "--porcelain").strip() == ""


def test_until_takes_the_later_instant_of_a_time_shown_twice(tmp_path: Path) -> None:
    """The last meeting at 02:30 on the night Berlin's clocks go back: whichever of the
    two 02:30s a calendar program picks, it is not after UNTIL."""
    import icalendar
    import recurring_ical_events

    root = tmp_path / "p"
    result = mentorlog(
        [
            *("init", str(root), "--no-git", "--mentee", "A", "--mentor", "B"),
            *("--start", "2027-09-05", "--end", "2027-10-31", "--cadence", "weekly"),
            *("--time", "02:30", "--timezone", "Europe/Berlin"),
        ]
    )
    assert result.exit_code == EXIT_OK, result.output
    assert "02:30 happens twice" in result.stderr
    data = (root / "schedule.ics").read_bytes()
    assert re.findall(rb"UNTIL=(\w+)", data) == [b"20271031T013000Z"]
    cal = icalendar.Calendar.from_ical(data)
    days = [
        e["DTSTART"].dt.date()
        for e in recurring_ical_events.of(cal).between(D(2027, 9, 1), D(2027, 11, 2))
        if isinstance(e["DTSTART"].dt, dt.datetime)
    ]
    assert days[-1] == D(2027, 10, 31)
    assert len(days) == 9


def test_check_warns_when_a_moved_meetings_original_still_stands(tmp_path: Path) -> None:
    root = build(
        tmp_path,
        meetings={
            "2026-12-15": meeting("2026-12-15", "planned"),
            "2026-12-16": meeting("2026-12-16", "planned", moved_from="2026-12-15"),
        },
    )
    result = run(root, "2026-12-10", "check")
    assert result.exit_code == EXIT_OK
    assert result.stdout == (
        "meetings/2026-12-16.md:5: warning: moved from 2026-12-15, but meetings/2026-12-15.md "
        "is planned: set its 'status: cancelled' (or remove moved_from here)\n"
    )


def test_moved_from_a_file_that_cannot_be_parsed_writes_nothing(repo_with_git: Path) -> None:
    root = repo_with_git
    original = root / "meetings" / "2026-12-15.md"
    before = b"---\ndate: 2026-12-15\ntopic: [unclosed\nstatus: planned\n---\n"
    original.write_bytes(before)
    result = run(root, "2026-12-10", "new-meeting", "2026-12-16", "--moved-from", "2026-12-15")
    assert result.exit_code == EXIT_USAGE
    assert result.output.endswith(
        "mentorlog: meetings/2026-12-15.md cannot be parsed (see mentorlog check), so "
        "mentorlog cannot mark it cancelled; fix it first, nothing was written\n"
    )
    assert original.read_bytes() == before
    assert not (root / "meetings" / "2026-12-16.md").exists()
