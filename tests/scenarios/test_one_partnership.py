"""The foundation scenario: init -> new-meeting x3 -> hand edit -> new-meeting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import Invoke
from helpers import AGREEMENT_HEADINGS, INIT_ARGS, git

from mentorlog.errors import EXIT_USAGE
from mentorlog.rules.documents import parse_roadmap
from mentorlog.store.reading import load
from mentorlog.text.frontmatter_read import split_front_matter


def front(path: Path) -> dict[str, object]:
    meta, _, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
    return meta


def test_init_writes_the_partnership_and_commits_it(partnership: Path) -> None:
    root = partnership
    meta = front(root / "agreement.md")
    assert meta["mentee"] == "Ana Ruiz"
    assert meta["mentor"] == "Sam Lee"
    assert meta["start"] == dt.date(2026, 12, 1)
    assert meta["end"] == dt.date(2027, 5, 31)
    assert meta["cadence"] == "biweekly"
    assert meta["time"] == "17:30"
    assert meta["duration"] == 60
    assert meta["timezone"] == "Europe/Berlin"
    assert meta["location"] == "Café Central"
    assert meta["no_fault_termination"] is True
    assert "unless we both agree" in str(meta["confidentiality"])
    assert len(str(meta["id"])) == 6 and str(meta["id"]).isalnum()
    body = (root / "agreement.md").read_text(encoding="utf-8")
    for heading in AGREEMENT_HEADINGS:
        assert f"\n## {heading}\n" in body
    for folder in ("goals", "meetings", "reviews", "private"):
        assert (root / folder).is_dir()
    assert "private/" in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert git(root, "status", "--porcelain") == ""
    files = git(root, "show", "--name-only", "--format=", "HEAD").split()
    assert files == [".gitattributes", ".gitignore", "agreement.md", "roadmap.md", "schedule.ics"]
    assert (
        (root / ".gitattributes")
        .read_text(encoding="utf-8")
        .endswith("*.md merge=mentorlog\nschedule.ics merge=mentorlog\n")
    )
    driver = git(root, "config", "--get", "merge.mentorlog.driver").strip()
    assert driver.endswith(" -m mentorlog merge-file %O %A %B %P")
    assert git(root, "log", "--format=%s").strip().startswith("mentorlog: start the partnership")


def test_new_meeting_three_times_then_hand_edit(partnership: Path, invoke: Invoke) -> None:
    root = partnership
    topics = [t.title for t in parse_roadmap((root / "roadmap.md").read_text(encoding="utf-8"))]
    expected = [
        ("2026-12-01", "first", 1),
        ("2026-12-15", "regular", 2),
        ("2026-12-29", "regular", 3),
    ]
    for n, (date, kind, number) in enumerate(expected):
        before = git(root, "rev-parse", "HEAD").strip()
        result = invoke("-C", str(root), "new-meeting")
        assert result.exit_code == 0, result.output
        path = root / "meetings" / f"{date}.md"
        meta = front(path)
        assert meta["date"] == dt.date.fromisoformat(date)
        assert meta["kind"] == kind
        assert meta["number"] == number
        assert meta["status"] == "planned"
        assert meta["time"] == "17:30"
        assert meta["topic"] == topics[n]
        # one commit, holding exactly the new meeting file
        assert git(root, "rev-list", "--count", f"{before}..HEAD").strip() == "1"
        assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [
            f"meetings/{date}.md",
            "schedule.ics",
        ]
        assert git(root, "log", "-1", "--format=%s").strip() == f"mentorlog: new meeting {date}"
        text = path.read_text(encoding="utf-8")
        for heading in (
            "## Agenda",
            "## Follow-through from earlier meetings",
            "## Notes",
            "## Follow-through",
            "## Check-in",
        ):
            assert f"\n{heading}\n" in text
        assert f"Topic: {topics[n]}" in text

    # the partners cancel meeting 2 by hand; meeting 4 is then number 3, and it takes
    # the topic meeting 2 gave back
    second = root / "meetings" / "2026-12-15.md"
    second.write_text(
        second.read_text(encoding="utf-8").replace("status: planned", "status: cancelled"),
        encoding="utf-8",
    )
    result = invoke("-C", str(root), "new-meeting")
    assert result.exit_code == 0, result.output
    meta = front(root / "meetings" / "2027-01-12.md")
    assert meta["number"] == 3
    assert meta["topic"] == topics[1]
    # only the new file was committed: the hand edit is still pending
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [
        "meetings/2027-01-12.md",
        "schedule.ics",
    ]
    assert git(root, "status", "--porcelain").strip() == "M meetings/2026-12-15.md"


def test_new_meeting_review_kinds_and_topics(partnership: Path, invoke: Invoke) -> None:
    root = partnership
    # biweekly from 2026-12-01 to 2027-05-31: checkup = last on/before day 90 (2027-03-01)
    result = invoke("-C", str(root), "new-meeting", "2027-02-23")
    assert result.exit_code == 0, result.output
    meta = front(root / "meetings" / "2027-02-23.md")
    assert meta["kind"] == "checkup"
    assert meta["topic"] == "90-day check-up"
    assert "reviews/checkup.md" in (root / "meetings" / "2027-02-23.md").read_text("utf-8")
    result = invoke("-C", str(root), "new-meeting", "2027-03-09")
    assert front(root / "meetings" / "2027-03-09.md")["kind"] == "midpoint"
    result = invoke("-C", str(root), "new-meeting", "2027-05-18")
    assert front(root / "meetings" / "2027-05-18.md")["kind"] == "closing"
    # off the cadence: extra, and no roadmap topic is used up
    result = invoke("-C", str(root), "new-meeting", "2027-01-05")
    meta = front(root / "meetings" / "2027-01-05.md")
    assert meta["kind"] == "extra"
    assert meta["topic"] == ""
    # a moved meeting has the kind of the occurrence it replaces, and that date is taken
    result = invoke("-C", str(root), "new-meeting", "2026-12-02", "--moved-from", "2026-12-01")
    assert result.exit_code == 0, result.output
    meta = front(root / "meetings" / "2026-12-02.md")
    assert meta["kind"] == "first"
    assert meta["moved_from"] == dt.date(2026, 12, 1)
    result = invoke("-C", str(root), "new-meeting")
    assert front(root / "meetings" / "2026-12-15.md")["kind"] == "regular"


def test_new_meeting_refuses_to_overwrite(partnership: Path, invoke: Invoke) -> None:
    root = partnership
    assert invoke("-C", str(root), "new-meeting", "2026-12-01").exit_code == 0
    path = root / "meetings" / "2026-12-01.md"
    path.write_text("my own notes\n", encoding="utf-8")
    result = invoke("-C", str(root), "new-meeting", "2026-12-01")
    assert result.exit_code == EXIT_USAGE
    assert "meetings/2026-12-01.md exists already" in result.output
    assert path.read_text(encoding="utf-8") == "my own notes\n"
    # a second meeting that day is an extra one
    result = invoke("-C", str(root), "new-meeting", "2026-12-01", "--kind", "extra")
    assert result.exit_code == 0, result.output
    assert front(root / "meetings" / "2026-12-01-2.md")["kind"] == "extra"


def test_new_meeting_skips_dates_with_files_and_starts_from_today(
    partnership: Path, invoke: Invoke
) -> None:
    root = partnership
    result = invoke("-C", str(root), "new-meeting", today="2027-01-13")
    assert result.exit_code == 0, result.output
    assert (root / "meetings" / "2027-01-26.md").exists()
    result = invoke("-C", str(root), "new-meeting", today="2027-01-13")
    assert (root / "meetings" / "2027-02-09.md").exists()
    result = invoke("-C", str(root), "new-meeting", today="2027-06-01")
    assert result.exit_code == EXIT_USAGE
    assert "no planned meeting is left" in result.output


def test_new_meeting_no_commit_and_time(partnership: Path, invoke: Invoke) -> None:
    root = partnership
    head = git(root, "rev-parse", "HEAD")
    result = invoke("-C", str(root), "new-meeting", "--time", "9:05", "--no-commit")
    assert result.exit_code == 0, result.output
    assert front(root / "meetings" / "2026-12-01.md")["time"] == "09:05"
    assert git(root, "rev-parse", "HEAD") == head
    result = invoke("-C", str(root), "new-meeting", "--time", "25:00")
    assert result.exit_code == EXIT_USAGE
    assert "--time" in result.output


def test_init_refuses_an_existing_partnership(partnership: Path, invoke: Invoke) -> None:
    before = {p: p.read_bytes() for p in partnership.rglob("*") if p.is_file()}
    result = invoke("init", str(partnership), *INIT_ARGS)
    assert result.exit_code == EXIT_USAGE
    assert "exists already" in result.output
    after = {p: p.read_bytes() for p in partnership.rglob("*") if p.is_file()}
    assert before == after


def test_init_bad_flags_change_nothing(tmp_path: Path, invoke: Invoke) -> None:
    a_b = ["--mentee", "A", "--mentor", "B", "--start", "2026-12-01"]
    cases = [
        (["--mentor", "Sam Lee", "--start", "2026-12-01", "--months", "6"], "missing --mentee"),
        (a_b, "missing --end or --months"),
        (
            ["--mentee", "A", "--mentor", "B", "--start", "2026-13-01", "--months", "6"],
            "is not a date",
        ),
        ([*a_b, "--months", "6", "--cadence", "fortnightly"], "--cadence"),
        ([*a_b, "--months", "6", "--timezone", "Mars/Olympus"], "Mars/Olympus"),
        ([*a_b, "--end", "2026-11-01"], "before"),
        ([*a_b, "--months", "6", "--time", "noon"], "--time"),
    ]
    for args, message in cases:
        target = tmp_path / "x"
        result = invoke("init", str(target), *args)
        assert result.exit_code == EXIT_USAGE, (args, result.output)
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
        assert not (target / "agreement.md").exists()
        assert len(result.output.strip().splitlines()) <= 3


def test_init_no_git(tmp_path: Path, invoke: Invoke) -> None:
    root = tmp_path / "plain"
    result = invoke("init", str(root), *INIT_ARGS, "--no-git")
    assert result.exit_code == 0, result.output
    assert (root / "agreement.md").is_file()
    assert not (root / ".git").exists()
    result = invoke("-C", str(root), "new-meeting")
    assert result.exit_code == 0, result.output
    assert (root / "meetings" / "2026-12-01.md").is_file()


def test_commit_without_git_identity(tmp_path: Path, invoke: Invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty.gitconfig"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    root = tmp_path / "noid"
    result = invoke("init", str(root), *INIT_ARGS)
    assert result.exit_code == 0, result.output
    assert "no git identity is configured" in result.output
    assert git(root, "log", "-1", "--format=%an <%ae>").strip() == (
        "Ana Ruiz <ana-ruiz@mentorlog.invalid>"
    )


def test_commit_leaves_other_staged_changes_alone(partnership: Path, invoke: Invoke) -> None:
    root = partnership
    (root / "notes.txt").write_text("draft\n", encoding="utf-8")
    git(root, "add", "notes.txt")
    assert invoke("-C", str(root), "new-meeting").exit_code == 0
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [
        "meetings/2026-12-01.md",
        "schedule.ics",
    ]
    assert "A  notes.txt" in git(root, "status", "--porcelain")


def test_outside_a_repository(tmp_path: Path, invoke: Invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = invoke("new-meeting")
    assert result.exit_code == EXIT_USAGE
    assert "no agreement.md" in result.output
    result = invoke("-C", str(tmp_path), "roadmap")
    assert result.exit_code == EXIT_USAGE


def test_search_up_for_the_repository(partnership: Path, invoke: Invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(partnership / "meetings")
    result = invoke("new-meeting")
    assert result.exit_code == 0, result.output
    assert (partnership / "meetings" / "2026-12-01.md").exists()


def test_broken_agreement_is_exit_2_with_file_and_line(partnership: Path, invoke: Invoke) -> None:
    path = partnership / "agreement.md"
    text = path.read_text(encoding="utf-8").replace("start: 2026-12-01", "start: 2026-12-41")
    path.write_text(text, encoding="utf-8")
    result = invoke("-C", str(partnership), "new-meeting")
    assert result.exit_code == EXIT_USAGE
    line = text.splitlines().index("start: 2026-12-41") + 1
    assert f"agreement.md:{line}:" in result.output
    assert "Traceback" not in result.output
    assert not (partnership / "meetings" / "2026-12-01.md").exists()


def test_today_must_be_a_date(partnership: Path, invoke: Invoke) -> None:
    result = invoke("-C", str(partnership), "new-meeting", today="tomorrow")
    assert result.exit_code == EXIT_USAGE
    assert "MENTORLOG_TODAY" in result.output


def test_loaded_repository_matches_the_files(partnership: Path, invoke: Invoke) -> None:
    invoke("-C", str(partnership), "new-meeting")
    p = load(partnership)
    assert p.problems == []
    assert [m.date for m in p.meetings] == [dt.date(2026, 12, 1)]
    assert p.agreement.days_total == 181


def test_init_asks_for_missing_values_on_a_terminal(
    tmp_path: Path, invoke: Invoke, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from mentorlog.cli import setup

    monkeypatch.setattr(setup, "interactive", lambda: True)
    root = tmp_path / "asked"
    answers = "Ana Ruiz\nSam Lee\n2026-12-01\n6\nweekly\n18:00\n45\nEurope/Berlin\nOnline\n"
    result = invoke("init", str(root), input=answers)
    assert result.exit_code == 0, result.output
    meta = front(root / "agreement.md")
    assert (meta["mentee"], meta["mentor"], meta["cadence"], meta["time"], meta["duration"]) == (
        "Ana Ruiz",
        "Sam Lee",
        "weekly",
        "18:00",
        45,
    )
    assert (meta["end"], meta["timezone"], meta["location"]) == (
        dt.date(2027, 5, 31),
        "Europe/Berlin",
        "Online",
    )


def test_new_meeting_edit_opens_the_editor(partnership: Path, invoke: Invoke, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    log = partnership.parent / "editor.log"
    editor = partnership.parent / "fake-editor.sh"
    editor.write_text(f'#!/bin/sh\necho "$1" > "{log}"\n', encoding="utf-8")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    result = invoke("-C", str(partnership), "new-meeting", "--edit")
    assert result.exit_code == 0, result.output
    assert log.read_text(encoding="utf-8").strip() == str(
        partnership / "meetings" / "2026-12-01.md"
    )
    monkeypatch.delenv("EDITOR")
    result = invoke("-C", str(partnership), "new-meeting", "--edit")
    assert result.exit_code == EXIT_USAGE
    assert "EDITOR" in result.output


def test_help_texts_exist_for_every_command(invoke: Invoke) -> None:
    from mentorlog.cli import cli

    result = invoke("--help")
    assert result.exit_code == 0
    from mentorlog.cli import load_all

    load_all()
    for name, command in cli.commands.items():
        assert name in result.output
        assert command.help and len(command.help.strip()) > 20, name
        sub = invoke(name, "--help")
        assert sub.exit_code == 0 and "Usage: mentorlog " + name in sub.output


def test_new_meeting_outside_the_partnership_says_so(partnership: Path, invoke: Invoke) -> None:
    result = invoke("-C", str(partnership), "new-meeting", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert "2026-11-25 is outside the partnership (2026-12-01 to 2027-05-31)" in result.output
    assert front(partnership / "meetings" / "2026-11-25.md")["kind"] == "extra"
    result = invoke("-C", str(partnership), "new-meeting", "2026-12-01")
    assert "outside the partnership" not in result.output
