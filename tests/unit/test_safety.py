"""Sync safety (issue 13): links, file types, git states, conflict markers, hooks,
control characters, template limits and review markers in user data."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import git, mentorlog_in

from mentorlog.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

SECRET = "SECRET-PRIVATE-TEXT"
LINK_MESSAGE = "is a symbolic link; mentorlog never reads or writes through links"

HELD_MEETING = f"""---
date: 2026-12-15
status: held
---
# Meeting

## Check-in

- **What was useful about today?**
  {SECRET}
"""

PRIVATE_GOAL = f"""---
title: Private goal
status: active
---
# Private goal

## Learning activities

- [ ] @mentee {SECRET} due:2026-12-20
"""


def committed_text(root: Path) -> str:
    """Every version of every file ever committed, as one text."""
    return git(root, "log", "-p", "--all", "--format=%H")


def is_clean(root: Path) -> bool:
    return git(root, "status", "--porcelain") == ""


# ------------------------------------------------------------------ links (finding 1)


def test_a_held_meeting_linked_into_private_is_not_quoted_in_a_review(partnership: Path) -> None:
    (partnership / "private").mkdir(exist_ok=True)
    (partnership / "private" / "old-notes.md").write_text(HELD_MEETING, encoding="utf-8")
    (partnership / "meetings" / "2026-12-15.md").symlink_to("../private/old-notes.md")
    result = mentorlog_in(partnership, "review", "midpoint", today="2027-03-01")
    assert result.exit_code == EXIT_OK, result.output
    assert SECRET not in (partnership / "reviews" / "midpoint.md").read_text(encoding="utf-8")
    assert SECRET not in committed_text(partnership)
    assert f"meetings/2026-12-15.md:1: {LINK_MESSAGE}" in result.stderr
    check = mentorlog_in(partnership, "check", today="2027-03-01")
    assert check.exit_code == EXIT_FINDINGS
    assert f"meetings/2026-12-15.md:1: {LINK_MESSAGE}" in check.output


def test_done_never_replaces_a_goal_link_with_the_private_text(partnership: Path) -> None:
    (partnership / "private").mkdir(exist_ok=True)
    (partnership / "private" / "goal.md").write_text(PRIVATE_GOAL, encoding="utf-8")
    goal = partnership / "goals" / "01-private-goal.md"
    goal.symlink_to("../private/goal.md")
    result = mentorlog_in(partnership, "done", "01-private-goal#1", today="2026-12-16")
    assert result.exit_code == EXIT_USAGE
    assert goal.is_symlink()
    assert SECRET not in committed_text(partnership)
    assert "- [ ] @mentee" in (partnership / "private" / "goal.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["private", "outside"])
def test_a_template_override_that_is_a_link_is_never_read(
    partnership: Path, tmp_path: Path, where: str
) -> None:
    """A partner commits .mentorlog/templates/checkin.md as a link to a private journal
    entry (or to a key file outside the repository): new-meeting must not copy it."""
    if where == "private":
        (partnership / "private" / "journal").mkdir(parents=True, exist_ok=True)
        (partnership / "private" / "journal" / "2026-11-20.md").write_text(SECRET + "\n")
        target = "../../private/journal/2026-11-20.md"
    else:
        (tmp_path / "key.txt").write_text(SECRET + "\n")
        target = str(tmp_path / "key.txt")
    overrides = partnership / ".mentorlog" / "templates"
    overrides.mkdir(parents=True)
    (overrides / "checkin.md").symlink_to(target)
    result = mentorlog_in(partnership, "new-meeting")
    assert result.exit_code == EXIT_OK, result.output
    meeting = (partnership / "meetings" / "2026-12-01.md").read_text(encoding="utf-8")
    assert SECRET not in meeting
    assert "What was useful about today?" in meeting  # the shipped check-in instead
    assert SECRET not in committed_text(partnership)
    check = mentorlog_in(partnership, "check")
    assert check.exit_code == EXIT_FINDINGS
    assert f".mentorlog/templates/checkin.md:1: {LINK_MESSAGE}" in check.output


def test_a_linked_templates_folder_is_never_read(partnership: Path) -> None:
    (partnership / "private" / "t").mkdir(parents=True)
    (partnership / "private" / "t" / "checkin.md").write_text(SECRET + "\n")
    (partnership / ".mentorlog").mkdir()
    (partnership / ".mentorlog" / "templates").symlink_to("../private/t")
    assert mentorlog_in(partnership, "new-meeting").exit_code == EXIT_OK
    assert SECRET not in (partnership / "meetings" / "2026-12-01.md").read_text()
    check = mentorlog_in(partnership, "check")
    assert f".mentorlog/templates:1: {LINK_MESSAGE}" in check.output


def test_a_linked_meetings_folder_is_neither_read_nor_written(partnership: Path) -> None:
    (partnership / "private" / "m").mkdir(parents=True)
    (partnership / "private" / "m" / "2026-12-15.md").write_text(HELD_MEETING)
    os.rmdir(partnership / "meetings")
    (partnership / "meetings").symlink_to("private/m")
    result = mentorlog_in(partnership, "review", "midpoint", today="2027-03-01")
    assert SECRET not in (partnership / "reviews" / "midpoint.md").read_text()
    assert "meetings/2026-12-15.md:1: is inside meetings, which is a symbolic link" in (
        result.stderr
    )
    result = mentorlog_in(partnership, "new-meeting", "2027-03-02")
    assert result.exit_code == EXIT_USAGE
    assert not (partnership / "private" / "m" / "2027-03-02.md").exists()


def test_schedule_ics_as_a_link_is_not_written_through(partnership: Path) -> None:
    (partnership / "private" / "cal.ics").write_text("private calendar\n")
    (partnership / "schedule.ics").unlink()
    (partnership / "schedule.ics").symlink_to("private/cal.ics")
    result = mentorlog_in(partnership, "schedule")
    assert result.exit_code == EXIT_USAGE
    assert f"schedule.ics {LINK_MESSAGE}" in result.stderr
    assert (partnership / "private" / "cal.ics").read_text() == "private calendar\n"
    result = mentorlog_in(partnership, "new-meeting")
    assert result.exit_code == EXIT_OK
    assert "schedule.ics was not refreshed: it is a symbolic link" in result.stderr
    assert (partnership / "schedule.ics").is_symlink()
    check = mentorlog_in(partnership, "check")
    assert check.exit_code == EXIT_FINDINGS
    assert f"schedule.ics:1: {LINK_MESSAGE}" in check.output


# ------------------------------------------------------------------ file types (finding 9)


def test_done_never_waits_on_a_named_pipe(partnership: Path) -> None:
    (partnership / "meetings" / "2026-12-01.md").write_text(
        "---\ndate: 2026-12-01\nstatus: held\n---\n- [ ] @mentee Draft id:q3xk\n"
    )
    os.mkfifo(partnership / "meetings" / "2026-12-15.md")
    done = subprocess.run(
        [sys.executable, "-m", "mentorlog", "-C", str(partnership), "done", "q3xk"],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "MENTORLOG_TODAY": "2026-12-16"},
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == EXIT_OK, done.stderr
    assert "meetings/2026-12-15.md:1: is not a regular file" in done.stderr
    assert (
        "- [x] @mentee Draft id:q3xk done:2026-12-16"
        in (partnership / "meetings" / "2026-12-01.md").read_text()
    )


@pytest.mark.parametrize("kind", ["fifo", "proc"])
def test_schedule_refuses_a_target_that_is_not_a_regular_file(
    partnership: Path, tmp_path: Path, kind: str
) -> None:
    """`-o /dev/full` replaced the device node with a regular file; `-o /proc/self/mem`
    was exit 70. A named pipe stands in for the device here (the test must never
    replace a real device node, should the fix regress)."""
    if kind == "fifo":
        target = tmp_path / "calendar-pipe"
        os.mkfifo(target)
    else:
        target = Path("/proc/self/mem")
        if not target.exists():
            pytest.skip("no /proc here")
    before = os.stat(target).st_mode
    result = mentorlog_in(partnership, "schedule", "-o", str(target))
    assert result.exit_code == EXIT_USAGE, result.output
    assert os.stat(target).st_mode == before  # still a pipe, not a regular file
    assert len(result.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------------ git states (finding 3)

FORBIDDEN_ADVICE = ("--abort", "git switch main", "git checkout main", "reset --hard")


def _state(root: Path, state: str) -> None:
    gitdir = root / ".git"
    if state == "detached":
        git(root, "checkout", "-q", "--detach")
    elif state == "rebase":
        (gitdir / "rebase-merge").mkdir()
        (gitdir / "rebase-merge" / "head-name").write_text("refs/heads/main\n")
    elif state == "merge":
        head = git(root, "rev-parse", "HEAD").strip()
        (gitdir / "MERGE_HEAD").write_text(head + "\n")
    elif state == "cherry-pick":
        (gitdir / "CHERRY_PICK_HEAD").write_text(git(root, "rev-parse", "HEAD"))
    elif state == "revert":
        (gitdir / "REVERT_HEAD").write_text(git(root, "rev-parse", "HEAD"))


GOAL_ADD = ("goal", "add", "Lead a project")


@pytest.mark.parametrize(
    ("state", "command"),
    [
        *((state, GOAL_ADD) for state in ("detached", "rebase", "merge", "cherry-pick", "revert")),
        ("detached", ("new-meeting",)),
        ("rebase", ("new-meeting",)),
        ("merge", ("roadmap", "add", "Trends")),
        ("revert", ("review", "checkup")),
    ],
    ids=lambda v: v if isinstance(v, str) else "-".join(v[:2]),
)
def test_writing_commands_refuse_an_unfinished_git_state(
    partnership: Path, state: str, command: tuple[str, ...]
) -> None:
    _state(partnership, state)
    head = git(partnership, "rev-parse", "HEAD")
    result = mentorlog_in(partnership, *command)
    assert result.exit_code == EXIT_USAGE, result.output
    message = result.stderr
    assert len(message.strip().splitlines()) == 1
    assert not any(advice in message for advice in FORBIDDEN_ADVICE), message
    assert ("detached" if state == "detached" else state.split("-")[0]) in message
    assert is_clean(partnership)  # nothing written
    assert git(partnership, "rev-parse", "HEAD") == head


def test_printing_the_calendar_is_no_write(partnership: Path) -> None:
    _state(partnership, "rebase")
    result = mentorlog_in(partnership, "schedule", "-o", "-")
    assert result.exit_code == EXIT_OK
    assert result.stdout.startswith("BEGIN:VCALENDAR")


def _conflicted_meeting(root: Path) -> Path:
    """A real merge stopped on meetings/2026-12-01.md: both sides changed one item."""
    meeting = root / "meetings" / "2026-12-01.md"
    meeting.write_text("---\ndate: 2026-12-01\nstatus: held\n---\n- [ ] @mentee Draft id:q3xk\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "meeting")
    git(root, "checkout", "-qb", "partner")
    meeting.write_text("---\ndate: 2026-12-01\nstatus: held\n---\n- [ ] @mentee Draft B id:q3xk\n")
    git(root, "commit", "-qam", "theirs")
    git(root, "checkout", "-q", "main")
    meeting.write_text("---\ndate: 2026-12-01\nstatus: held\n---\n- [ ] @mentee Draft A id:q3xk\n")
    git(root, "commit", "-qam", "ours")
    # a clone without mentorlog's merge driver (a plain git clone): git writes its markers
    git(root, "config", "--remove-section", "merge.mentorlog")
    git(root, "merge", "-q", "partner", check=False)
    return meeting


def test_done_refuses_during_a_real_merge_and_keeps_the_markers(partnership: Path) -> None:
    meeting = _conflicted_meeting(partnership)
    before = meeting.read_bytes()
    assert b"<<<<<<<" in before
    result = mentorlog_in(partnership, "done", "q3xk", today="2026-12-16")
    assert result.exit_code == EXIT_USAGE
    assert meeting.read_bytes() == before
    assert git(partnership, "ls-files", "-u") != ""  # still unmerged: git add did not hide it


def test_done_never_ticks_a_copy_inside_conflict_markers(partnership: Path) -> None:
    """The merge was committed with its markers (git add hid them): done refuses."""
    meeting = _conflicted_meeting(partnership)
    git(partnership, "add", "-A")
    git(partnership, "commit", "-qm", "merged, markers and all")
    before = meeting.read_bytes()
    result = mentorlog_in(partnership, "done", "q3xk", today="2026-12-16")
    assert result.exit_code == EXIT_USAGE
    assert "meetings/2026-12-01.md:5: holds a merge conflict marker" in result.stderr
    assert meeting.read_bytes() == before


def test_done_refuses_an_unmerged_file_outside_a_merge(partnership: Path) -> None:
    """A conflicted `git stash pop` leaves unmerged files with no merge in progress."""
    meeting = partnership / "meetings" / "2026-12-01.md"
    meeting.write_text("---\ndate: 2026-12-01\nstatus: held\n---\n- [ ] @mentee Draft id:q3xk\n")
    git(partnership, "add", "-A")
    git(partnership, "commit", "-qm", "meeting")
    meeting.write_text(meeting.read_text().replace("Draft", "Draft A"))
    git(partnership, "stash", "-q")
    meeting.write_text(meeting.read_text().replace("Draft", "Draft B"))
    git(partnership, "commit", "-qam", "B")
    git(partnership, "stash", "pop", "-q", check=False)
    assert git(partnership, "ls-files", "-u") != ""
    result = mentorlog_in(partnership, "done", "q3xk", today="2026-12-16")
    assert result.exit_code == EXIT_USAGE
    assert "git has not merged this file yet" in result.stderr


# ------------------------------------------------------------------ hooks (finding 7)


def test_a_hook_that_sweeps_other_files_into_the_commit_is_undone(partnership: Path) -> None:
    (partnership / "private" / "journal").mkdir(parents=True, exist_ok=True)
    (partnership / "private" / "journal" / "2026-11-20.md").write_text(SECRET + "\n")
    (partnership / "notes.txt").write_text("not for the commit\n")
    hook = partnership / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\ngit add -A\ngit add -f private\n")
    hook.chmod(0o755)
    head = git(partnership, "rev-parse", "HEAD")
    result = mentorlog_in(partnership, "goal", "add", "Lead a project")
    assert result.exit_code == EXIT_USAGE
    assert "a git hook added other files to mentorlog's commit" in result.stderr
    assert "private/journal/2026-11-20.md" in result.stderr and "notes.txt" in result.stderr
    assert git(partnership, "rev-parse", "HEAD") == head  # the commit is undone
    assert SECRET not in git(partnership, "log", "-p", "--format=%H")
    assert (partnership / "goals" / "01-lead-a-project.md").is_file()  # the work is kept
    assert (partnership / "private" / "journal" / "2026-11-20.md").read_text() == SECRET + "\n"
    assert (partnership / "notes.txt").read_text() == "not for the commit\n"
    assert git(partnership, "diff", "--cached", "--name-only") == ""


# ------------------------------------------------------------------ control characters (6)


def _agreement_with(root: Path, key: str, value: str) -> None:
    path = root / "agreement.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
    path.write_text("\n".join(lines), encoding="utf-8")
    git(root, "commit", "-qam", f"{key} by hand")


RAW_CONTROLS = ["\r", "\x0b", "\x85", "\u2028", "\u2029", "\x01"]


def _ics_lines(data: bytes) -> list[str]:
    """Unfolded content lines of an .ics file."""
    text = data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    return text.split("\r\n")


def test_a_line_break_in_a_name_is_reported_and_never_emitted_raw(partnership: Path) -> None:
    _agreement_with(partnership, "mentor", '"Sam\\nLee"')
    _agreement_with(partnership, "location", '"Café\\rCentral\\u2028upstairs\\x85"')
    check = mentorlog_in(partnership, "check")
    assert check.exit_code == EXIT_FINDINGS
    assert "agreement.md:4: 'mentor' holds a line break; keep it on one line" in check.output
    assert "'location' holds a carriage return (CR)" in check.output
    for args in (("schedule",), ("new-meeting",), ("review", "checkup")):
        result = mentorlog_in(partnership, *args, today="2027-02-20")
        assert result.exit_code == EXIT_OK, (args, result.output)
    lines = _ics_lines((partnership / "schedule.ics").read_bytes())
    for line in lines:
        assert not any(ch in line for ch in RAW_CONTROLS + ["\n"]), repr(line)
    assert any(line.startswith("LOCATION:Café Central upstairs") for line in lines)
    assert any(line.startswith("X-WR-CALNAME:") and "Sam Lee" in line for line in lines)
    meeting = (partnership / "meetings" / "2027-02-23.md").read_text(encoding="utf-8")
    assert "Sam\nLee" not in meeting and "Sam Lee" in meeting


def test_control_characters_in_a_topic_never_reach_the_calendar_summary(
    partnership: Path,
) -> None:
    (partnership / "meetings" / "2026-12-15.md").write_text(
        '---\ndate: 2026-12-15\ntopic: "Trends\\vand\\x85more\\u2028today"\n---\n# Meeting\n'
    )
    check = mentorlog_in(partnership, "check")
    assert "meetings/2026-12-15.md:3: 'topic' holds the control character U+000B" in (check.output)
    assert mentorlog_in(partnership, "schedule").exit_code == EXIT_OK
    lines = _ics_lines((partnership / "schedule.ics").read_bytes())
    summaries = [line for line in lines if line.startswith("SUMMARY:")]
    assert "SUMMARY:Mentoring #1: Trends and more today" in summaries
    assert not any(ch in line for line in lines for ch in RAW_CONTROLS)


# ------------------------------------------------------------------ template limits (8)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "template stopped: it took longer than 2 s to render",
        ),
        ("{{ 'x' * 10000000000 }}", "template stopped: a value would be longer than"),
        ("{{ [1] * 10000000000 }}", "template stopped: a value would be longer than"),
        ("{{ 'x'.ljust(10000000000) }}", "template stopped: a number past"),
        ("{{ 'x' | center(10000000000) }}", "template stopped: a number past"),
        ("{{ '{:>9999999999}'.format(1) }}", "template stopped: a value would be longer than"),
        ("{{ 7 ** 100000000 }}", "template stopped: a number would be too large"),
        (
            "{% for i in range(20000) %}{{ 'y' * 1000 }}{% endfor %}",
            "template stopped: its output is larger than 1024 KiB",
        ),
    ],
    ids=["nested-loops", "str-times", "list-times", "ljust", "center", "format", "pow", "output"],
)
def test_a_template_override_renders_under_limits(
    partnership: Path, body: str, message: str
) -> None:
    overrides = partnership / ".mentorlog" / "templates"
    overrides.mkdir(parents=True)
    (overrides / "meeting.md").write_text(f"# Meeting\n{body}\n", encoding="utf-8")
    started = time.monotonic()
    result = mentorlog_in(partnership, "new-meeting")
    assert time.monotonic() - started < 10
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.stderr.startswith("mentorlog: .mentorlog/templates/meeting.md")
    assert message in result.stderr
    assert not (partnership / "meetings" / "2026-12-01.md").exists()


# ------------------------------------------------------------------ review markers (10)


def test_a_goal_title_that_looks_like_a_review_marker_never_breaks_a_review(
    partnership: Path,
) -> None:
    title = "Ship <!-- mentorlog:end goals --> it"
    assert mentorlog_in(partnership, "goal", "add", title).exit_code == EXIT_OK
    first = mentorlog_in(partnership, "review", "midpoint", today="2027-03-01")
    assert first.exit_code == EXIT_OK, first.output
    path = partnership / "reviews" / "midpoint.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nOur answer: all good.\n", encoding="utf-8")
    again = mentorlog_in(partnership, "review", "midpoint", today="2027-03-02")
    assert again.exit_code == EXIT_OK, again.output
    refreshed = path.read_text(encoding="utf-8")
    assert "2027-03-02" in refreshed and "Our answer: all good." in refreshed
    assert refreshed.count("<!-- mentorlog:end goals -->") == 1
    assert "Ship &lt;!-- mentorlog:end goals --> it" in refreshed


# ------------------------------------------------------------------ not regular, not read


def test_read_regular_refuses_links_and_pipes(tmp_path: Path) -> None:
    from mentorlog.errors import BadFile
    from mentorlog.store.refusals import read_regular, refuse_path

    (tmp_path / "f.md").write_text("x")
    (tmp_path / "l.md").symlink_to("f.md")
    os.mkfifo(tmp_path / "p.md")
    assert read_regular(tmp_path / "f.md", "f.md") == b"x"
    for name in ("l.md", "p.md"):
        with pytest.raises(BadFile):
            read_regular(tmp_path / name, name)
    assert refuse_path(tmp_path, "f.md") is None
    assert refuse_path(tmp_path, "l.md") is not None
    assert stat.S_ISFIFO(os.lstat(tmp_path / "p.md").st_mode)
    assert refuse_path(tmp_path, "p.md") is not None


@pytest.mark.parametrize(
    ("template", "command"),
    [("checkin.md", ("new-meeting",)), ("journal.md", ("journal",))],
    ids=["checkin", "journal"],
)
def test_a_partner_s_linked_template_never_sends_private_text_back(
    tmp_path: Path, template: str, command: tuple[str, ...]
) -> None:
    """Two clones: Sam commits .mentorlog/templates/NAME.md as a link to Ana's private
    journal; Ana pulls, writes, pushes: her private text must not reach the remote."""
    from helpers import INIT_ARGS, mentorlog

    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(remote))
    ana = tmp_path / "ana"
    assert mentorlog(["init", str(ana), *INIT_ARGS]).exit_code == EXIT_OK
    git(ana, "remote", "add", "origin", remote.as_uri())
    git(ana, "push", "-q", "-u", "origin", "main")
    sam = tmp_path / "sam"
    git(tmp_path, "clone", "-q", remote.as_uri(), str(sam))
    (sam / ".mentorlog" / "templates").mkdir(parents=True)
    (sam / ".mentorlog" / "templates" / template).symlink_to("../../private/journal/2026-11-20.md")
    git(sam, "add", "-A")
    git(sam, "commit", "-qm", "a template")
    git(sam, "push", "-q")
    (ana / "private" / "journal").mkdir(parents=True, exist_ok=True)
    (ana / "private" / "journal" / "2026-11-20.md").write_text(SECRET + "\n")
    git(ana, "pull", "-q", "--no-rebase")
    result = mentorlog_in(ana, *command)
    assert result.exit_code == EXIT_OK, result.output
    git(ana, "push", "-q")
    assert SECRET not in git(remote, "log", "-p", "--all", "--format=%H")


def test_check_accepts_a_folder_among_the_template_overrides(partnership: Path) -> None:
    (partnership / ".mentorlog" / "templates" / "drafts").mkdir(parents=True)
    (partnership / ".mentorlog" / "templates" / "journal.md").write_text("# Journal\n")
    check = mentorlog_in(partnership, "check")
    assert ".mentorlog" not in check.output


def test_the_git_layer_tells_its_notes_and_prints_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """commit_files hands the identity it used to the caller's note; the CLI prints it."""
    from helpers import isolate_git

    from mentorlog.store.git.commits import commit_files

    isolate_git(monkeypatch, tmp_path / "home", None)
    root = tmp_path / "p"
    root.mkdir()
    git(root, "init", "-q")
    (root / "a.md").write_text("x\n", encoding="utf-8")
    notes: list[str] = []
    commit = commit_files(root, [Path("a.md")], "m", "Ana Lopez", notes.append)
    assert commit is not None and git(root, "log", "-1", "--format=%an <%ae>") == (
        "Ana Lopez <ana-lopez@mentorlog.invalid>\n"
    )
    assert notes == [
        "no git identity is configured; committing as 'Ana Lopez "
        "<ana-lopez@mentorlog.invalid>'. Set yours with: git config --global user.name "
        "'Your Name'; git config --global user.email you@example.org"
    ]
    assert capsys.readouterr() == ("", "")
