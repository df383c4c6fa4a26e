"""status: phase, next meeting, milestones, items, goals and warnings, checked against the files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from click.testing import Result
from helpers import mentorlog, mentorlog_in
from review_fixtures import GOAL1, TODAY, build, meeting

from mentorlog.errors import EXIT_OK

D = dt.date


def run(root: Path, *args: str, today: dt.date = TODAY) -> Result:
    return mentorlog_in(root, *args, today=today)


def status_json(root: Path, today: dt.date = TODAY) -> dict[str, Any]:
    result = run(root, "status", "--json", today=today)
    assert result.exit_code == EXIT_OK, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_status_json_field_by_field(tmp_path: Path) -> None:
    s = status_json(build(tmp_path))
    assert s["mentee"] == "Ana Ruiz"
    assert s["mentor"] == "Sam Lee"
    assert (s["start"], s["end"]) == ("2026-12-01", "2027-05-31")
    assert (s["day"], s["days_total"]) == (81, 181)
    assert s["phase"] == "enabling growth"
    assert s["next_meeting"] == {
        "date": "2027-02-23",
        "time": "17:30",
        "kind": "checkup",
        "topic": None,
        "number": 5,
        "file": "meetings/2027-02-23.md",
    }
    assert s["milestones"] == [
        # goal 02 has no activity with a due date yet
        {"name": "action-plan", "date": "2026-12-31", "status": "overdue"},
        {"name": "checkup", "date": "2027-02-23", "status": "due"},
        {"name": "midpoint", "date": "2027-03-09", "status": "due"},
        {"name": "closing", "date": "2027-05-18", "status": "due"},
    ]
    # mentee: goals (done), charter bbbb (done on a carried copy, counted once), shadowing
    # day (open, due 02-01: overdue); goal 01's activities: proposal (done), shadow (open)
    assert s["items"] == {
        "mentee": {"open": 2, "overdue": 1, "done": 3, "dropped": 0},
        "mentor": {"open": 1, "overdue": 0, "done": 1, "dropped": 0},
        "unassigned": {"open": 0, "overdue": 0, "done": 1, "dropped": 0},
    }
    assert s["goals"] == [
        {
            "file": "goals/01-lead-a-cross-team-project.md",
            "title": "Lead a cross-team project",
            "status": "active",
        },
        {
            "file": "goals/02-speak-up.md",
            "title": "Speak up in leadership meetings",
            "status": "active",
        },
    ]
    assert s["warnings"] == [
        "1 overdue item (mentee 1): mentorlog actions --overdue",
        "goals/02-speak-up.md is not SMART yet: no measure; no target date; "
        "no learning activities (mentorlog goal check)",
    ]
    assert s["problems"] == 0


def test_next_meeting_from_the_schedule_with_its_topic(tmp_path: Path) -> None:
    root = build(tmp_path)
    # 02-23 is past and still planned; the next occurrence without a file is the midpoint
    s = status_json(root, D(2027, 3, 1))
    assert s["next_meeting"] == {
        "date": "2027-03-09",
        "time": "17:30",
        "kind": "midpoint",
        "topic": "Midpoint review",
        "number": 6,
        "file": None,
    }
    assert (
        "meetings/2027-02-23.md is still 'planned' though its date has passed" in s["warnings"][0]
    )
    # a regular occurrence takes the first roadmap topic not taken yet
    (root / "meetings" / "2027-02-23.md").write_text(
        meeting("2027-02-23", "held", kind="checkup"), encoding="utf-8"
    )
    (root / "meetings" / "2027-03-09.md").write_text(
        meeting("2027-03-09", "held"), encoding="utf-8"
    )
    # a file planned further ahead does not hide an earlier planned occurrence
    (root / "meetings" / "2027-04-06.md").write_text(
        meeting("2027-04-06", "planned", topic="Negotiating"), encoding="utf-8"
    )
    s = status_json(root, D(2027, 3, 10))
    assert s["next_meeting"] == {
        "date": "2027-03-23",
        "time": "17:30",
        "kind": "regular",
        "topic": "Lessons learned",
        "number": 7,
        "file": None,
    }
    milestones = {m["name"]: m["status"] for m in s["milestones"]}
    # the check-up meeting is held; the midpoint meeting of 03-09 has no kind of its
    # own, but it stands on the midpoint occurrence
    assert milestones == {
        "action-plan": "overdue",
        "checkup": "done",
        "midpoint": "done",
        "closing": "due",
    }


def test_a_review_file_alone_does_not_make_a_milestone_done(tmp_path: Path) -> None:
    """Compiling a review early (the midpoint is on 2027-03-02, today is 2027-02-20)
    leaves its milestone due: it is done once its meeting is held."""
    root = build(tmp_path)
    (root / "reviews" / "midpoint.md").write_text("# Midpoint\n", encoding="utf-8")
    (root / "goals" / "02-speak-up.md").write_text(
        GOAL1.replace("Lead a cross-team project", "Speak up"), encoding="utf-8"
    )
    s = status_json(root)
    assert [(m["name"], m["status"]) for m in s["milestones"]] == [
        ("action-plan", "done"),
        ("checkup", "due"),
        ("midpoint", "due"),
        ("closing", "due"),
    ]


def test_phases(tmp_path: Path) -> None:
    root = build(tmp_path, meetings={})
    early = status_json(root, D(2026, 12, 5))
    assert (early["day"], early["phase"]) == (4, "negotiating")
    assert status_json(root, D(2026, 11, 20))["phase"] == "negotiating"
    # no meeting held by day 30: negotiating is over anyway, and the gap is flagged
    late = status_json(root, D(2027, 1, 10))
    assert late["phase"] == "enabling growth"
    assert late["warnings"][0] == (
        "no meeting held for 40 days, since the start (2026-12-01); the cadence is every 14 days"
    )
    (root / "meetings" / "2026-12-01.md").write_text(
        meeting("2026-12-01", "held", kind="first"), encoding="utf-8"
    )
    assert status_json(root, D(2026, 12, 2))["phase"] == "enabling growth"
    assert status_json(root, D(2027, 5, 1))["phase"] == "closure"  # day 151 = 181 - 30
    assert status_json(root, D(2027, 4, 30))["phase"] == "enabling growth"
    after = status_json(root, D(2027, 6, 10))
    assert (after["phase"], after["next_meeting"]) == ("closure", None)


def test_warnings_cancellations_in_a_row_and_problems(tmp_path: Path) -> None:
    meetings = {
        "2026-12-01": meeting("2026-12-01", "held"),
        "2026-12-15": meeting("2026-12-15", "cancelled"),
        "2026-12-29": meeting("2026-12-29", "cancelled"),
        "2027-01-12": meeting("2027-01-12", "cancelled"),
    }
    root = build(tmp_path, meetings)
    (root / "meetings" / "2027-01-13.md").write_text("---\nstatus: [\n---\n", encoding="utf-8")
    result = run(root, "status", "--json", today=D(2027, 1, 14))
    assert result.exit_code == EXIT_OK
    s = json.loads(result.stdout)
    assert s["warnings"][:2] == [
        "3 meetings cancelled in a row: talk about the schedule "
        "(the check-up asks about more than three)",
        "no meeting held for 44 days, since 2026-12-01; the cadence is every 14 days",
    ]
    assert s["warnings"][-1] == "1 problem in the files: mentorlog check"
    assert s["problems"] == 1


def test_status_text_is_short_and_readable(tmp_path: Path) -> None:
    result = run(build(tmp_path), "status")
    assert result.exit_code == EXIT_OK, result.output
    lines = result.output.splitlines()
    assert lines[:5] == [
        "Ana Ruiz (mentee) and Sam Lee (mentor): 2026-12-01 to 2027-05-31, every 2 weeks",
        "Day 81 of 181: enabling growth",
        "Next meeting: Tue 2027-02-23 17:30, #5 checkup (meetings/2027-02-23.md)",
        "Meetings so far: 4 held of 6 planned, 1 moved, 3 cancelled",
        "Milestones:",
    ]
    assert "  overdue  2026-12-31  action plan (day 30)" in lines
    assert "        Ana (mentee)     2        1     3" in lines
    assert "  ! 1 overdue item (mentee 1): mentorlog actions --overdue" in lines
    assert len(lines) <= 20


def test_demo_ends_with_the_status(tmp_path: Path) -> None:
    result = mentorlog(["demo", str(tmp_path / "demo"), "--no-git"], today="2027-03-02")
    assert result.exit_code == EXIT_OK, result.output
    lines = result.output.splitlines()
    assert "Day 91 of 181: enabling growth" in lines
    assert "Milestones:" in lines and "Warnings:" in lines
    assert not any(line.startswith("  ! ") and "not SMART" in line for line in lines)
