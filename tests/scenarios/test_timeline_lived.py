"""Timeline truth, lived through: two partners, a bare remote, meetings scaffolded out
of order, a move and a cancellation; status, roadmap, the check-up review, an agenda
and schedule.ics are checked against ONE expected timeline (docs/format.md, the timeline).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import frontmatter
import icalendar
import pytest
import recurring_ical_events
from click.testing import Result
from helpers import clone_as, git, git_repo, isolate_git, mentorlog, mentorlog_in

from mentorlog.errors import EXIT_OK
from mentorlog.rules.clock import local_to_utc

UTC = dt.UTC
BERLIN = "Europe/Berlin"
# init's starter roadmap
TOPICS = [
    "Getting acquainted and our agreement",
    "Goals and the action plan",
    "Industry trends",
    "Time management",
    "Navigating the organisation",
    "Lessons learned",
    "Technical issues",
]

# The one expected timeline on 2027-02-20 (day 81). Planned biweekly occurrences up to
# then: 12-01 12-15 12-29 01-12 01-26 02-09; 02-23 is the check-up.
#   date        number  state      topic             note
EXPECTED = [
    ("2026-12-01", 1, "held", "Getting acquainted and our agreement", "Ana scaffolds it"),
    ("2026-12-15", 2, "held", "Goals and the action plan", "Sam scaffolds it"),
    ("2026-12-29", None, "moved", "Industry trends", "Ana scaffolded it before Sam's"),
    ("2026-12-30", 3, "held", "Industry trends", "moved from 12-29"),
    ("2027-01-12", None, "cancelled", "Time management", "cancelled by hand: topic goes back"),
    ("2027-01-26", 4, "held", "Time management", "takes the topic back"),
    ("2027-02-23", 5, "planned", "90-day check-up", "the check-up"),
]


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch, tmp_path / "home", None)


def run(root: Path, today: str, *args: str) -> Result:
    result = mentorlog_in(root, *args, today=today)
    assert result.exit_code == EXIT_OK, result.output
    return result


def set_status(root: Path, day: str, status: str) -> None:
    path = root / "meetings" / f"{day}.md"
    data = path.read_bytes()
    assert data.count(b"\nstatus: planned\n") == 1, data
    path.write_bytes(data.replace(b"\nstatus: planned\n", f"\nstatus: {status}\n".encode()))


def front_number(root: Path, day: str) -> int:
    text = (root / "meetings" / f"{day}.md").read_text(encoding="utf-8")
    found = re.search(r"^number: (\d+)$", text, re.M)
    assert found is not None
    return int(found.group(1))


def test_a_partnership_with_moves_cancellations_and_two_writers(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(remote))
    ana = git_repo(tmp_path / "ana", "Ana Ruiz")
    result = mentorlog(
        [
            *("init", str(ana), "--mentee", "Ana Ruiz", "--mentor", "Sam Lee"),
            *("--start", "2026-12-01", "--months", "6", "--cadence", "biweekly"),
            *("--time", "17:30", "--timezone", BERLIN, "--remote", remote.as_uri()),
        ],
        today="2026-11-20",
    )
    assert result.exit_code == EXIT_OK, result.output
    run(ana, "2026-11-25", "new-meeting")  # 2026-12-01, the first meeting
    run(ana, "2026-11-25", "sync")
    sam = clone_as(remote, tmp_path / "sam", "Sam Lee")

    # Sam scaffolds 12-15 while Ana, not synced yet, scaffolds 12-29 (with the topic she
    # wants; to her it is meeting 2) and then moves it to 12-30: new-meeting marks the
    # original cancelled itself, one line, and commits both files in one commit
    run(sam, "2026-12-10", "new-meeting")
    run(ana, "2026-12-10", "new-meeting", "2026-12-29", "--topic", "Industry trends")
    before = (ana / "meetings" / "2026-12-29.md").read_bytes()
    result = run(ana, "2026-12-12", "new-meeting", "2026-12-30", "--moved-from", "2026-12-29")
    assert "Marked meetings/2026-12-29.md cancelled" in result.output
    after = (ana / "meetings" / "2026-12-29.md").read_bytes()
    assert after == before.replace(b"\nstatus: planned\n", b"\nstatus: cancelled\n")
    assert sorted(git(ana, "show", "--name-only", "--format=", "HEAD").split()) == [
        "meetings/2026-12-29.md",
        "meetings/2026-12-30.md",
        "schedule.ics",
    ]
    assert git(ana, "status", "--porcelain").strip() == ""
    moved = (ana / "meetings" / "2026-12-30.md").read_text(encoding="utf-8")
    assert "\ntopic: Industry trends\n" in moved  # the moved meeting keeps its topic
    assert front_number(ana, "2026-12-30") == 2  # a hint: Ana has not seen 12-15 yet
    set_status(ana, "2026-12-01", "held")
    run(sam, "2026-12-13", "sync")
    run(ana, "2026-12-13", "sync")
    run(sam, "2026-12-13", "sync")
    set_status(sam, "2026-12-15", "held")
    run(sam, "2026-12-16", "sync")
    run(ana, "2026-12-16", "sync")
    set_status(ana, "2026-12-30", "held")
    run(ana, "2026-12-31", "sync")
    run(sam, "2027-01-05", "sync")

    # Sam scaffolds 01-12, then it is called off: its topic goes back to the queue
    run(sam, "2027-01-05", "new-meeting")
    set_status(sam, "2027-01-12", "cancelled")
    run(sam, "2027-01-11", "sync")
    run(ana, "2027-01-20", "sync")
    run(ana, "2027-01-20", "new-meeting")  # 01-26 takes "Time management" back
    set_status(ana, "2027-01-26", "held")
    run(ana, "2027-01-27", "sync")
    run(sam, "2027-02-15", "sync")
    # 02-09 passes without a file; Sam scaffolds the check-up and compiles the review early
    run(sam, "2027-02-15", "new-meeting", "2027-02-23")
    run(sam, "2027-02-20", "review", "checkup")
    run(sam, "2027-02-20", "sync")
    run(ana, "2027-02-20", "sync")

    today = "2027-02-20"
    for root in (ana, sam):
        assert git(root, "status", "--porcelain").strip() == ""
        meetings = sorted(p.name for p in (root / "meetings").glob("*.md"))
        assert meetings == [f"{day}.md" for day, *_ in EXPECTED]
        for day, _n, state, topic, _note in EXPECTED:
            meta = frontmatter.load(root / "meetings" / f"{day}.md").metadata
            status = "cancelled" if state == "moved" else state
            assert (meta["status"], meta["topic"]) == (status, topic), day

    numbers = {day: n for day, n, *_ in EXPECTED if n is not None}

    # status
    s = json.loads(run(sam, today, "status", "--json").output)
    assert s["next_meeting"] == {
        "date": "2027-02-23",
        "time": "17:30",
        "kind": "checkup",
        "topic": "90-day check-up",
        "number": numbers["2027-02-23"],
        "file": "meetings/2027-02-23.md",
    }
    assert s["meetings"] == {"planned": 6, "held": 4, "cancelled": 1, "moved": 1}
    assert {m["name"]: m["status"] for m in s["milestones"]}["checkup"] == "due"
    assert not any("in a row" in w for w in s["warnings"])

    # roadmap: each topic names the meeting that actually takes it
    rows = json.loads(run(ana, today, "roadmap", "--json").output)
    takers = {day: topic for day, n, _s, topic, _ in EXPECTED if n is not None}
    expected_rows = [(t, next((d for d, tt in takers.items() if tt == t), None)) for t in TOPICS]
    assert [(r["topic"], r["meeting"]) for r in rows] == expected_rows
    # 03-09 is the midpoint: no topic
    assert [r["planned"] for r in rows[4:]] == ["2027-03-23", "2027-04-06", "2027-04-20"]

    # the check-up review's figures
    review = (sam / "reviews" / "checkup.md").read_text(encoding="utf-8")
    assert "| planned (on the cadence, up to 2027-02-20) | 6 |" in review
    assert "| held (extra meetings included) | 4 |" in review
    assert "| moved (to another date) | 1 |" in review
    assert "| cancelled | 1 |" in review
    assert "| longest run of cancellations in a row | 1 |" in review
    listed = [line for line in review.splitlines() if re.match(r"- \d{4}-\d\d-\d\d ", line)]
    assert listed == [
        "- 2026-12-01 #1 first, held: Getting acquainted and our agreement",
        "- 2026-12-15 #2 regular, held: Goals and the action plan",
        "- 2026-12-29 regular, moved to 2026-12-30: Industry trends",
        "- 2026-12-30 #3 regular, held, moved from 2026-12-29: Industry trends",
        "- 2027-01-12 regular, cancelled: Time management",
        "- 2027-01-26 #4 regular, held: Time management",
    ]
    assert "4 held of 6 planned (67%), 1 moved, 1 cancelled" in review
    assert "Covered (4 of 7)" in review

    # the agenda of the check-up: its number is the computed one
    agenda = (ana / "meetings" / "2027-02-23.md").read_text(encoding="utf-8")
    assert "\nnumber: 5\n" in agenda
    assert "\n# Meeting 5: 90-day check-up\n" in agenda

    # the calendar: computed numbers in the titles, the move and the cancellation
    cal = icalendar.Calendar.from_ical((ana / "schedule.ics").read_bytes())
    got = {}
    for event in recurring_ical_events.of(cal).between(dt.date(2026, 12, 1), dt.date(2027, 2, 24)):
        when = event["DTSTART"].dt
        if isinstance(when, dt.datetime):
            got[when.astimezone(UTC)] = str(event["SUMMARY"])

    def at(day: str) -> dt.datetime:
        return local_to_utc(dt.date.fromisoformat(day), dt.time(17, 30), BERLIN)

    expected_ics = {at(day): f"Mentoring #{n}: {topic}" for day, n, _s, topic, _ in EXPECTED if n}
    expected_ics[at("2027-02-09")] = "Mentoring: Ana Ruiz / Sam Lee"  # planned, no file
    assert got == expected_ics

    # check flags the stale hint, in both clones alike (and nothing else); a
    # cancelled meeting's number means nothing, so its hint is not flagged
    for root in (ana, sam):
        result = mentorlog_in(root, "check", today=today)
        assert result.exit_code == EXIT_OK, result.output
        assert result.stdout == (
            "meetings/2026-12-30.md:4: warning: 'number: 2' is out of date: by date this is "
            "meeting 3 (status, reviews and the calendar show that); change it to 3 or "
            "remove the line\n"
        )
        assert front_number(root, "2026-12-29") == 2
