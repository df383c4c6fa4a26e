"""Getting started from a fresh clone: init, join, the first meetings, and what they say."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Invoke
from helpers import INIT_ARGS, git

from mentorlog.errors import EXIT_USAGE


def repository_with(root: Path, name: str, text: str, message: str) -> Path:
    """A new git repository at ``root`` whose one commit holds the file ``name``."""
    root.mkdir()
    git(root, "init", "-q")
    (root / name).write_text(text, encoding="utf-8")
    git(root, "add", name)
    git(root, "commit", "-q", "-m", message)
    return root


def test_demo_inside_a_checkout_that_ignores_it_gets_its_own_repository(
    tmp_path: Path, invoke: Invoke
) -> None:
    """The README's first command: `mentorlog demo` inside the source checkout."""
    checkout = repository_with(tmp_path / "mentorlog", ".gitignore", "mentorlog-demo/\n", "source")
    result = invoke("-C", str(checkout), "demo")
    assert result.exit_code == 0, result.output
    demo = checkout / "mentorlog-demo"
    assert (demo / ".git").is_dir()
    assert git(demo, "log", "--format=%s") == "mentorlog: demo partnership\n"
    assert git(demo, "status", "--porcelain") == ""
    assert git(checkout, "log", "--format=%s") == "source\n"


def test_init_inside_another_repository_never_commits_or_pushes_there(
    tmp_path: Path, invoke: Invoke
) -> None:
    home = repository_with(tmp_path / "home", ".bashrc", "# mine\n", "dotfiles")
    shared = tmp_path / "shared.git"
    git(tmp_path, "init", "-q", "--bare", str(shared))
    result = invoke("init", str(home / "ana-sam"), *INIT_ARGS, "--remote", str(shared))
    assert result.exit_code == 0, result.output
    assert git(home, "log", "--format=%s") == "dotfiles\n"
    assert git(home, "remote") == ""
    pushed = git(shared, "log", "--format=%s", "main")
    assert pushed == "mentorlog: start the partnership Ana Ruiz / Sam Lee\n"
    assert git(shared, "ls-tree", "-r", "--name-only", "main").split() == [
        ".gitattributes",
        ".gitignore",
        "agreement.md",
        "roadmap.md",
        "schedule.ics",
    ]


def test_init_in_the_top_of_a_repository_uses_it(tmp_path: Path, invoke: Invoke) -> None:
    root = tmp_path / "ana-sam"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "commit", "-q", "--allow-empty", "-m", "mine")
    result = invoke("init", str(root), *INIT_ARGS)
    assert result.exit_code == 0, result.output
    assert git(root, "log", "--format=%s") == (
        "mentorlog: start the partnership Ana Ruiz / Sam Lee\nmine\n"
    )


def test_the_partner_can_clone_with_the_command_init_prints(tmp_path: Path, invoke: Invoke) -> None:
    """A shared repository made by `git init --bare` whose HEAD names another branch."""
    shared = tmp_path / "shared.git"
    git(tmp_path, "init", "-q", "--bare", "--initial-branch=master", str(shared))
    result = invoke("init", str(tmp_path / "ana-sam"), *INIT_ARGS, "--remote", str(shared))
    assert result.exit_code == 0, result.output
    line = f"  pushed: your partner joins with: mentorlog join {shared}"
    assert line in result.output.splitlines()
    joined = invoke("join", str(shared), str(tmp_path / "sam"), "--as", "mentor")
    assert joined.exit_code == 0, joined.output
    assert (tmp_path / "sam" / "agreement.md").is_file()


@pytest.mark.parametrize("args", [(), ("goal",), ("prospect",)])
def test_a_group_alone_prints_its_help_as_help_does(invoke: Invoke, args: tuple[str, ...]) -> None:
    result = invoke(*args)
    help_text = invoke(*args, "--help")
    assert help_text.exit_code == 0
    assert result.output == help_text.output
    assert not result.output.startswith("mentorlog:")
    assert result.exit_code in (0, EXIT_USAGE)  # click 8.1 exits 0, 8.2+ exits 2


def test_a_closed_pipe_is_not_an_internal_error(partnership: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `mentorlog status | head -1` once head has exited
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "mentorlog", "status"],
            cwd=partnership,
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
    finally:
        os.close(write_end)
    assert proc.stderr == b""
    assert proc.returncode == 1


def test_roadmap_add_refuses_a_topic_it_has_already(partnership: Path, invoke: Invoke) -> None:
    before = (partnership / "roadmap.md").read_bytes()
    result = invoke("-C", str(partnership), "roadmap", "add", "industry  TRENDS", "--at", "2")
    assert result.exit_code == EXIT_USAGE
    assert result.output == (
        "mentorlog: roadmap.md:9: 'Industry trends' is topic 3 already, and one meeting "
        "would take both; word the new one differently\n"
    )
    assert (partnership / "roadmap.md").read_bytes() == before


def test_a_meeting_moved_from_a_cancelled_one_keeps_its_topic(
    partnership: Path, invoke: Invoke
) -> None:
    assert invoke("-C", str(partnership), "new-meeting").exit_code == 0
    assert invoke("-C", str(partnership), "new-meeting", "2026-12-15").exit_code == 0
    cancelled = partnership / "meetings" / "2026-12-15.md"
    text = cancelled.read_text(encoding="utf-8")
    assert "topic: Goals and the action plan\n" in text
    cancelled.write_text(text.replace("status: planned", "status: cancelled"), encoding="utf-8")
    result = invoke(
        "-C", str(partnership), "new-meeting", "2026-12-17", "--moved-from", "2026-12-15"
    )
    assert result.exit_code == 0, result.output
    moved = (partnership / "meetings" / "2026-12-17.md").read_text(encoding="utf-8")
    assert "topic: Goals and the action plan\n" in moved
    assert "# Meeting 2: Goals and the action plan\n" in moved
    nxt = invoke("-C", str(partnership), "new-meeting")
    assert nxt.output.startswith(
        "Wrote meetings/2026-12-29.md — meeting 3 (regular) on 2026-12-29 at 17:30: Industry trends"
    )


def test_init_asks_again_for_an_invalid_answer(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentorlog.cli import setup

    monkeypatch.setattr(setup, "interactive", lambda: True)
    root = tmp_path / "asked"
    answers = (
        "Ana Ruiz\nSam Lee\n2026-12-01\n6\n"
        "fortnightly\nevery 3 weeks\n5pm\n9:05\n45\nMars/Olympus\nEurope/Berlin\n\n"
    )
    result = invoke("init", str(root), input=answers)
    assert result.exit_code == 0, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert errors == [
        "Error: cadence 'fortnightly': not a known cadence; use one of: weekly, biweekly, "
        "every N weeks, monthly, monthly on the first|second|third|fourth|last <weekday>",
        "Error: '5pm' is not a time (HH:MM)",
        "Error: 'Mars/Olympus' is not an IANA time zone name",
    ]
    text = (root / "agreement.md").read_text(encoding="utf-8")
    assert 'cadence: every 3 weeks\ntime: "09:05"\nduration: 45\ntimezone: Europe/Berlin\n' in text
    assert 'location: ""\n' in text


def test_init_after_prep_says_sync_would_share_the_prep_files(
    tmp_path: Path, invoke: Invoke
) -> None:
    root = tmp_path / "ana-sam"
    assert invoke("-C", str(root), "prep").exit_code == 0
    assert invoke("-C", str(root), "prospect", "add", "Sam Lee", "--experience", "5").exit_code == 0
    result = invoke("init", str(root), *INIT_ARGS)
    assert result.exit_code == 0, result.output
    assert (
        "  kept prep.md, prospects.md as they were, not committed: mentorlog sync would share "
        "them with your mentor; to keep them to yourself, add them to .gitignore\n"
    ) in result.output
    git(root, "add", "prep.md", "prospects.md")
    git(root, "commit", "-q", "-m", "share prep")
    (root / "journal").mkdir()
    (root / "journal" / "2026-11-21.md").write_text("---\ndate: 2026-11-21\n---\n", "utf-8")
    shared = tmp_path / "shared.git"
    git(tmp_path, "init", "-q", "--bare", str(shared))
    git(root, "remote", "add", "origin", str(shared))
    result = invoke("-C", str(root), "sync")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Committed 1 changed file (")
    assert lines[1] == "  journal/2026-11-21.md"


def test_actions_summary_counts_done_items_and_says_item_for_one(
    partnership: Path, invoke: Invoke
) -> None:
    assert invoke("-C", str(partnership), "new-meeting").exit_code == 0
    meeting = partnership / "meetings" / "2026-12-01.md"
    text = meeting.read_text(encoding="utf-8")
    items = (
        "- [ ] @mentee Send the draft due:2026-11-20\n- [x] @mentor Call Priya done:2026-11-19\n"
    )
    meeting.write_text(text.replace("## Check-in\n", items + "\n## Check-in\n"), encoding="utf-8")
    base = ("-C", str(partnership), "actions")
    assert invoke(*base).output.splitlines()[-1] == "1 item: 1 open, 1 overdue"
    assert invoke(*base, "--done").output.splitlines()[-1] == "1 item: 0 open, 0 overdue, 1 done"
    assert invoke(*base, "--all").output.splitlines()[-1] == "2 items: 1 open, 1 overdue, 1 done"


def test_an_item_in_a_meeting_dated_ahead_is_zero_days_old(
    partnership: Path, invoke: Invoke
) -> None:
    assert invoke("-C", str(partnership), "new-meeting").exit_code == 0  # 2026-12-01, ahead
    meeting = partnership / "meetings" / "2026-12-01.md"
    text = meeting.read_text(encoding="utf-8")
    item = "- [ ] @mentee Bring the draft due:2026-12-01\n"
    meeting.write_text(text.replace("## Check-in\n", item + "\n## Check-in\n"), encoding="utf-8")
    rows = json.loads(invoke("-C", str(partnership), "actions", "--json").output)
    assert [(r["ref"], r["age"]) for r in rows] == [("sgot", 0)]
    result = invoke("-C", str(partnership), "new-meeting", today="2026-12-10")
    assert result.exit_code == 0, result.output
    assert "Carried 1 open follow-through item; new ids added in meetings/2026-12-01.md\n" in (
        result.output
    )


def test_review_without_a_kind_is_one_line_naming_kind(partnership: Path, invoke: Invoke) -> None:
    result = invoke("-C", str(partnership), "review")
    assert result.exit_code == EXIT_USAGE
    assert result.output == (
        "mentorlog: Missing argument 'KIND'. Choose from: checkup, midpoint, closing "
        "(see 'mentorlog review --help')\n"
    )
    result = invoke("-C", str(partnership), "review", "final")
    assert result.exit_code == EXIT_USAGE
    assert result.output == (
        "mentorlog: Invalid value for 'KIND': 'final' is not one of 'checkup', 'midpoint', "
        "'closing'. (see 'mentorlog review --help')\n"
    )


def test_status_before_the_start_and_after_the_end_says_how_far(
    partnership: Path, invoke: Invoke
) -> None:
    before = invoke("-C", str(partnership), "status", today="2026-11-01")
    assert before.output.splitlines()[1] == "Day -30 of 181: negotiating (starts in 30 days)"
    after = invoke("-C", str(partnership), "status", today="2027-07-01")
    assert after.output.splitlines()[1] == (
        "Day 212 of 181: closure (ended 2027-05-31, 31 days ago)"
    )
    last = invoke("-C", str(partnership), "status", today="2027-05-31")
    assert last.output.splitlines()[1] == "Day 181 of 181: closure"


def test_an_editor_that_cannot_start_says_the_entry_is_written(
    partnership: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "no-such-editor-here")
    result = invoke("-C", str(partnership), "journal", "--edit")
    entry = partnership / "journal" / "2026-11-21.md"
    assert result.exit_code == EXIT_USAGE
    assert result.output == (
        "Wrote journal/2026-11-21.md\n"
        "mentorlog: cannot start the editor 'no-such-editor-here': No such file or directory; "
        f"{entry} is written: open it in your editor yourself\n"
    )
    assert entry.is_file()


def test_demo_refuses_a_folder_inside_a_partnership(partnership: Path, invoke: Invoke) -> None:
    before = git(partnership, "log", "--format=%H")
    demo = invoke("-C", str(partnership), "demo")
    assert demo.exit_code == EXIT_USAGE
    assert demo.output == (
        f"mentorlog: {partnership / 'mentorlog-demo'} is inside the partnership in "
        f"{partnership.resolve()}; create the demo (mentorlog demo DIR) in a folder outside it\n"
    )
    assert not (partnership / "mentorlog-demo").exists()
    assert git(partnership, "log", "--format=%H") == before


def test_schedule_into_a_folder_that_does_not_exist_is_refused(
    partnership: Path, invoke: Invoke, tmp_path: Path
) -> None:
    target = tmp_path / "Dcouments" / "mentoring.ics"
    result = invoke("-C", str(partnership), "schedule", "-o", str(target))
    assert result.exit_code == EXIT_USAGE
    assert result.output == (f"mentorlog: -o {target}: the folder {target.parent} does not exist\n")
    assert not target.parent.exists()
    ok = invoke("-C", str(partnership), "schedule", "-o", str(tmp_path / "mentoring.ics"))
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "mentoring.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_check_warns_once_about_an_item_without_owner_however_often_carried(
    partnership: Path, invoke: Invoke
) -> None:
    assert invoke("-C", str(partnership), "new-meeting").exit_code == 0
    meeting = partnership / "meetings" / "2026-12-01.md"
    text = meeting.read_text(encoding="utf-8")
    item = "- [ ] Book a room\n"
    meeting.write_text(text.replace("## Check-in\n", item + "\n## Check-in\n"), encoding="utf-8")
    for day in ("2026-12-10", "2026-12-20"):
        assert invoke("-C", str(partnership), "new-meeting", today=day).exit_code == 0
    line = text[: text.index("## Check-in\n")].count("\n") + 1
    result = invoke("-C", str(partnership), "check")
    assert result.exit_code == 0
    assert result.output == (
        f"meetings/2026-12-01.md:{line}: warning: item has no owner (add @mentee or @mentor)\n"
        "mentorlog: check: 0 errors, 1 warning in 5 files\n"
    )


def test_init_refuses_a_folder_inside_a_partnership(partnership: Path, invoke: Invoke) -> None:
    """Like demo: the outer partnership's sync would commit the inner one (as files, or
    as a broken embedded repository) and share it."""
    inner = partnership / "another"
    result = invoke("init", str(inner), *INIT_ARGS, "--no-git")
    assert result.exit_code == EXIT_USAGE
    assert result.output == (
        f"mentorlog: {inner} is inside the partnership in {partnership.resolve()}; "
        "start the new one (mentorlog init DIR) in a folder outside it\n"
    )
    assert not inner.exists()
