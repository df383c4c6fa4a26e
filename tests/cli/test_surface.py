"""The CLI surface as a whole: odd locales, odd places, what the messages claim."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import git, mentorlog

from mentorlog.errors import EXIT_OK, EXIT_USAGE

ROOT = Path(__file__).resolve().parents[2]


def run_module(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    full = dict(os.environ, PYTHONPATH=str(ROOT), MENTORLOG_TODAY="2026-11-21", **env)
    return subprocess.run(
        [sys.executable, "-m", "mentorlog", *args],
        cwd=cwd,
        capture_output=True,
        env=full,
        check=False,
    )


def test_a_latin1_terminal_gets_its_text_not_an_internal_error(partnership: Path) -> None:
    proc = run_module(partnership, "roadmap", "add", "Café culture", PYTHONIOENCODING="latin-1")
    assert proc.stderr == b""
    assert proc.returncode == EXIT_OK
    proc = run_module(partnership, "roadmap", PYTHONIOENCODING="latin-1")
    assert proc.stderr == b""
    assert proc.returncode == EXIT_OK
    assert b"Caf\xe9 culture  ? " in proc.stdout  # the em dash cannot be shown: "?"


def test_json_on_a_latin1_terminal_keeps_every_character(partnership: Path) -> None:
    run_module(partnership, "roadmap", "add", "Grüße — 日本", PYTHONIOENCODING="latin-1")
    proc = run_module(partnership, "roadmap", "--json", PYTHONIOENCODING="latin-1")
    assert proc.returncode == EXIT_OK
    assert proc.stderr == b""
    topics = [entry["topic"] for entry in json.loads(proc.stdout.decode("latin-1"))]
    assert "Grüße — 日本" in topics


def test_a_first_name_both_partners_share_names_no_one(tmp_path: Path) -> None:
    root = tmp_path / "sams"
    names = ("--mentee", "Sam Lee", "--mentor", "Sam Park", "--start", "2026-12-01")
    result = mentorlog(["init", str(root), *names, "--months", "6"], today="2026-11-21")
    assert result.exit_code == EXIT_OK, result.output
    assert mentorlog(["-C", str(root), "new-meeting"], today="2026-11-21").exit_code == EXIT_OK
    meeting = root / "meetings" / "2026-12-01.md"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text + "- [ ] @sam Book the room due:2026-12-10\n", encoding="utf-8")
    line = text.count("\n") + 1
    result = mentorlog(["-C", str(root), "actions", "--json"], today="2026-12-02")
    assert [item["owner"] for item in json.loads(result.output)] == [None]
    result = mentorlog(["-C", str(root), "check"], today="2026-12-02")
    assert (
        f"meetings/2026-12-01.md:{line}: warning: @sam is neither the mentee nor the mentor "
        "(use @mentee, @mentor, @samlee, @sampark)" in result.output
    )
    result = mentorlog(["-C", str(root), "actions", "--owner", "sam"], today="2026-12-02")
    assert result.exit_code == EXIT_USAGE
    assert result.output == (
        "mentorlog: --owner 'sam' is not mentee, mentor, unassigned or a first name "
        "(samlee, sampark)\n"
    )


def test_moved_from_names_a_planned_date_no_meeting_holds(partnership: Path) -> None:
    def new_meeting(*args: str) -> tuple[int, str]:
        result = mentorlog(["-C", str(partnership), "new-meeting", *args], today="2026-11-21")
        return result.exit_code, result.output

    assert new_meeting("2026-12-01")[0] == EXIT_OK  # the first meeting, held there
    assert new_meeting("2026-12-16", "--moved-from", "2026-12-14") == (
        EXIT_USAGE,
        "mentorlog: --moved-from 2026-12-14 is not a planned meeting date (the nearest: "
        "2026-12-01 or 2026-12-15); leave it out for a meeting off the cadence\n",
    )
    first = partnership / "meetings" / "2026-12-01.md"
    first.write_bytes(first.read_bytes().replace(b"status: planned", b"status: held"))
    assert new_meeting("2026-12-02", "--moved-from", "2026-12-01") == (
        EXIT_USAGE,
        "mentorlog: meetings/2026-12-01.md: the meeting of 2026-12-01 is held, so it cannot "
        "move; for another meeting leave --moved-from out (or fix its 'status:' if it did "
        "not take place)\n",
    )
    assert new_meeting("2026-12-16", "--moved-from", "2026-12-15")[0] == EXIT_OK
    assert new_meeting("2026-12-17", "--moved-from", "2026-12-15") == (
        EXIT_USAGE,
        "mentorlog: meetings/2026-12-16.md: this meeting is moved from 2026-12-15 already\n",
    )
    assert sorted(p.name for p in (partnership / "meetings").iterdir()) == [
        "2026-12-01.md",
        "2026-12-16.md",
    ]


def test_a_relative_c_folder_commits_what_roadmap_add_and_review_write(
    partnership: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(partnership.parent)
    where = ("-C", partnership.name)
    result = mentorlog([*where, "roadmap", "add", "Public speaking"], today="2026-12-02")
    assert (result.exit_code, result.output) == (EXIT_OK, "Added topic 8: Public speaking\n")
    result = mentorlog([*where, "review", "checkup"], today="2026-12-02")
    assert result.exit_code == EXIT_OK, result.output
    assert git(partnership, "status", "--porcelain") == ""
    assert git(partnership, "show", "--name-only", "--format=%s", "HEAD~1").split() == [
        "mentorlog:",
        "roadmap:",
        "add",
        "Public",
        "speaking",
        "roadmap.md",
    ]
    assert git(partnership, "show", "--name-only", "--format=%s", "HEAD").split() == [
        "mentorlog:",
        "review",
        "checkup",
        "reviews/checkup.md",
    ]


def test_new_meeting_refuses_a_date_it_could_not_read_back(partnership: Path) -> None:
    result = mentorlog(["-C", str(partnership), "new-meeting", "9999-12-31"], today="2026-11-21")
    assert (result.exit_code, result.output) == (
        EXIT_USAGE,
        "mentorlog: DATE 9999-12-31 is out of range (years 1900 to 9990)\n",
    )
    assert not (partnership / "meetings" / "9999-12-31.md").exists()


def test_an_option_missing_its_value_points_at_its_own_commands_help() -> None:
    result = mentorlog(["goal", "add", "--target"])
    assert (result.exit_code, result.output) == (
        EXIT_USAGE,
        "mentorlog: Option '--target' requires an argument. (see 'mentorlog goal add --help')\n",
    )
    result = mentorlog(["-C", "x", "actions", "--owner"])
    assert result.output.endswith("(see 'mentorlog actions --help')\n")
    assert mentorlog(["-C"]).output.endswith("(see 'mentorlog --help')\n")


def test_demo_in_a_folder_with_a_space_says_how_to_cd_into_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = mentorlog(["demo", "my demo", "--no-git"], today="2027-02-15")
    assert result.exit_code == EXIT_OK, result.output
    assert "\nTry next:\n  cd 'my demo'\n" in result.output
