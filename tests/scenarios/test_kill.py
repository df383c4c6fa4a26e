"""Kill at every step: SIGKILL a writing command between any two of its file and git
steps, run the next command, and nothing is duplicated, lost, left uncommitted or broken.

The test hook MENTORLOG_TEST_KILL_AT=N makes mentorlog kill itself at its N-th step
(mentorlog.store.intent.step); MENTORLOG_TEST_STEPS=FILE lists the steps.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import INIT_ARGS, git, mentorlog, mentorlog_in

from mentorlog.errors import EXIT_OK

TODAY = "2026-12-20"
ITEMS = ["Draft the charter", "Book the room", "Read the book"]


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """A partnership with two held meetings and three open items that have no id yet."""
    root = tmp_path / "template"
    result = mentorlog(["init", str(root), *INIT_ARGS], today="2026-11-21")
    assert result.exit_code == 0, result.output
    (root / "meetings" / "2026-12-01.md").write_text(
        "---\ndate: 2026-12-01\nstatus: held\n---\n# Meeting\n\n## Follow-through\n\n"
        f"- [ ] @mentee {ITEMS[0]} due:2026-12-10\n- [ ] @mentor {ITEMS[1]}\n",
        encoding="utf-8",
    )
    (root / "meetings" / "2026-12-15.md").write_text(
        f"---\ndate: 2026-12-15\nstatus: held\n---\n# Meeting\n\n- [ ] @mentee {ITEMS[2]}\n",
        encoding="utf-8",
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "two meetings")
    return root


def run_cli(cwd: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mentorlog", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def kill_each_step(template: Path, tmp_path: Path, args: list[str], count: int) -> list[Path]:
    """Copies of ``template``, the n-th with ``args`` killed at step n (run side by side)."""
    runs = []
    for n in range(1, count + 1):
        root = tmp_path / f"run{n}"
        shutil.copytree(template, root, symlinks=True)
        env = {**os.environ, "MENTORLOG_TEST_KILL_AT": str(n), "MENTORLOG_TODAY": TODAY}
        runs.append(
            subprocess.Popen(
                [sys.executable, "-m", "mentorlog", "-C", str(root), *args],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    for n, proc in enumerate(runs, start=1):
        assert proc.wait(timeout=120) == -signal.SIGKILL, n
    return [tmp_path / f"run{n}" for n in range(1, count + 1)]


def steps_of(root: Path, args: list[str], log: Path) -> list[str]:
    result = run_cli(root, ["-C", str(root), *args], {"MENTORLOG_TEST_STEPS": str(log)})
    assert result.returncode == 0, result.stderr
    return log.read_text(encoding="utf-8").splitlines()


def assert_sound(root: Path) -> list[dict[str, object]]:
    """Every item once, all of it committed, a healthy repository; the tasks."""
    listed = mentorlog_in(root, "actions", "--all", "--json", today=TODAY)
    assert listed.exit_code == EXIT_OK, listed.output
    tasks = json.loads(listed.stdout)
    texts = sorted(str(t["text"]) for t in tasks)
    assert texts == sorted(ITEMS), texts  # none duplicated, none lost
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    fsck = subprocess.run(["git", "fsck", "--no-dangling"], cwd=root, capture_output=True)
    assert fsck.returncode == 0, fsck.stderr
    assert not (root / ".git" / "index.lock").exists()
    assert list((root / ".git" / "mentorlog").glob("intent-*.json")) == []
    return tasks


def test_new_meeting_killed_at_every_step(template: Path, tmp_path: Path) -> None:
    """The reported case: killed, new-meeting left the meeting untracked with carried
    copies whose ids the originals lacked; the rerun duplicated 3 items."""
    probe = tmp_path / "probe"
    shutil.copytree(template, probe, symlinks=True)
    steps = steps_of(probe, ["new-meeting"], tmp_path / "steps.txt")
    assert len(steps) >= 8, steps  # intent, 3 files, schedule, add, commit, done
    roots = kill_each_step(template, tmp_path, ["new-meeting"], len(steps))
    for n, root in enumerate(roots, start=1):
        again = mentorlog_in(root, "new-meeting", today=TODAY)  # the next writing command
        assert again.exit_code == EXIT_OK, (n, steps[n - 1], again.output)
        tasks = assert_sound(root)
        # the interrupted meeting was finished (the rerun made the next one), or had
        # not begun (the rerun made it)
        began = any("intent recorded" in s for s in steps[:n])
        made = sorted(p.name for p in (root / "meetings").iterdir())
        expected = ["2026-12-01.md", "2026-12-15.md", "2026-12-29.md"]
        assert made == expected + (["2027-01-12.md"] if began else []), (n, steps[n - 1])
        for task in tasks:
            assert task["id"], task  # every original gained its id with its copies
        log = git(root, "log", "--format=%s")
        if "finished the interrupted" in again.stderr:
            assert "(finished after an interruption)" in log


def test_done_on_several_copies_killed_at_every_step(template: Path, tmp_path: Path) -> None:
    base = tmp_path / "base"
    shutil.copytree(template, base, symlinks=True)
    assert mentorlog_in(base, "new-meeting", today=TODAY).exit_code == EXIT_OK
    tasks = assert_sound(base)
    ref = next(str(t["id"]) for t in tasks if t["text"] == ITEMS[0])
    probe = tmp_path / "probe"
    shutil.copytree(base, probe, symlinks=True)
    steps = steps_of(probe, ["done", ref], tmp_path / "steps.txt")
    roots = kill_each_step(base, tmp_path, ["done", ref], len(steps))
    for n, root in enumerate(roots, start=1):
        # the next writing command, on another item
        other = next(str(t["id"]) for t in tasks if t["text"] == ITEMS[1])
        again = mentorlog_in(root, "done", other, today=TODAY)
        assert again.exit_code == EXIT_OK, (n, steps[n - 1], again.output)
        after = {str(t["text"]): t for t in assert_sound(root)}
        copies = [
            line
            for f in ("meetings/2026-12-01.md", "meetings/2026-12-29.md")
            for line in (root / f).read_text(encoding="utf-8").splitlines()
            if f"id:{ref}" in line
        ]
        assert len(copies) == 2
        # all or nothing: the interrupted done is finished, every copy ticked
        assert all(line.startswith("- [x]") for line in copies), (n, steps[n - 1], copies)
        assert after[ITEMS[0]]["status"] == "done"


def test_an_interrupted_write_is_committed_by_the_next_command(
    template: Path, tmp_path: Path
) -> None:
    """Killed after writing, before committing: a rerun said "up to date" and never
    committed the review; now the next writing command commits it and says so."""
    root = tmp_path / "p"
    shutil.copytree(template, root, symlinks=True)
    probe = tmp_path / "probe"
    shutil.copytree(template, probe, symlinks=True)
    steps = steps_of(probe, ["review", "checkup"], tmp_path / "steps.txt")
    n = next(i for i, s in enumerate(steps, start=1) if s.endswith("git add"))
    killed = run_cli(
        root,
        ["-C", str(root), "review", "checkup"],
        {"MENTORLOG_TEST_KILL_AT": str(n), "MENTORLOG_TODAY": TODAY},
    )
    assert killed.returncode == -signal.SIGKILL
    assert git(root, "status", "--porcelain", "-uall") == "?? reviews/checkup.md\n"
    again = mentorlog_in(root, "review", "checkup", today=TODAY)
    assert again.exit_code == EXIT_OK
    assert "note: finished the interrupted 'review checkup'" in again.stderr
    assert "committed" in again.stderr
    assert git(root, "status", "--porcelain") == ""
    assert "mentorlog: review checkup (finished after an interruption)" in git(
        root, "log", "--format=%s"
    )


def test_recover_leaves_a_file_changed_since_alone(template: Path, tmp_path: Path) -> None:
    from mentorlog.store import recovery

    root = tmp_path / "p"
    shutil.copytree(template, root, symlinks=True)
    probe = tmp_path / "probe"
    shutil.copytree(template, probe, symlinks=True)
    steps = steps_of(probe, ["new-meeting"], tmp_path / "steps.txt")
    n = next(i for i, s in enumerate(steps, start=1) if s == f"{i} wrote 2026-12-29.md")
    killed = run_cli(
        root,
        ["-C", str(root), "new-meeting"],
        {"MENTORLOG_TEST_KILL_AT": str(n), "MENTORLOG_TODAY": TODAY},
    )
    assert killed.returncode == -signal.SIGKILL
    meeting = root / "meetings" / "2026-12-29.md"
    meeting.write_text(meeting.read_text(encoding="utf-8") + "my own line\n", encoding="utf-8")
    messages = recovery.recover(root)
    assert any("meetings/2026-12-29.md changed since" in m for m in messages), messages
    assert meeting.read_text(encoding="utf-8").endswith("my own line\n")
    assert list((root / ".git" / "mentorlog").glob("intent-*.json")) == []
    assert recovery.recover(root) == []


def test_a_stale_index_lock_of_the_killed_command_is_removed(
    template: Path, tmp_path: Path
) -> None:
    """git killed with mentorlog leaves index.lock; only one made after the interrupted
    command began is taken for stale (an older one is the user's business)."""
    probe = tmp_path / "probe"
    shutil.copytree(template, probe, symlinks=True)
    steps = steps_of(probe, ["review", "checkup"], tmp_path / "steps.txt")
    n = next(i for i, s in enumerate(steps, start=1) if s.endswith("git added"))
    for age, removed in ((2.0, True), (3600.0, False)):
        root = tmp_path / f"p{int(age)}"
        shutil.copytree(template, root, symlinks=True)
        killed = run_cli(
            root,
            ["-C", str(root), "review", "checkup"],
            {"MENTORLOG_TEST_KILL_AT": str(n), "MENTORLOG_TODAY": TODAY},
        )
        assert killed.returncode == -signal.SIGKILL
        lock = root / ".git" / "index.lock"
        lock.write_bytes(b"")
        (record,) = (root / ".git" / "mentorlog").glob("intent-*.json")
        started = json.loads(record.read_text())
        when = started["started"] + 1.0 if removed else started["started"] - age
        os.utime(lock, (when, when))
        again = mentorlog_in(root, "review", "checkup", today=TODAY)
        if removed:
            assert again.exit_code == EXIT_OK, again.output
            assert "removed git's index.lock, left by the interrupted command" in again.stderr
            assert git(root, "status", "--porcelain") == ""
        else:
            assert lock.exists()  # not ours: left alone
            assert "index.lock" in again.stderr


def test_nothing_is_finished_while_git_is_merging(template: Path, tmp_path: Path) -> None:
    """The next command refuses a merge in progress before it finishes anything; once the
    merge is over, it finishes the interrupted command."""
    root = tmp_path / "p"
    shutil.copytree(template, root, symlinks=True)
    killed = run_cli(
        root,
        ["-C", str(root), "new-meeting"],
        {"MENTORLOG_TEST_KILL_AT": "2", "MENTORLOG_TODAY": TODAY},  # after the meeting
    )
    assert killed.returncode == -signal.SIGKILL
    before = (root / "meetings" / "2026-12-01.md").read_bytes()
    head = git(root, "rev-parse", "HEAD")
    (root / ".git" / "MERGE_HEAD").write_text(head)
    refused = mentorlog_in(root, "goal", "add", "Lead", today=TODAY)
    assert refused.exit_code == 2
    assert (root / "meetings" / "2026-12-01.md").read_bytes() == before  # not finished yet
    assert git(root, "rev-parse", "HEAD") == head
    (root / ".git" / "MERGE_HEAD").unlink()
    again = mentorlog_in(root, "goal", "add", "Lead", today=TODAY)
    assert again.exit_code == EXIT_OK, again.output
    assert "finished the interrupted 'new-meeting'" in again.stderr
    assert (root / "meetings" / "2026-12-01.md").read_bytes() != before  # ids added
    assert git(root, "status", "--porcelain", "-uall") == ""


def test_an_interrupted_no_commit_command_is_finished_but_not_committed(
    template: Path, tmp_path: Path
) -> None:
    root = tmp_path / "p"
    shutil.copytree(template, root, symlinks=True)
    killed = run_cli(
        root,
        ["-C", str(root), "new-meeting", "--no-commit"],
        {"MENTORLOG_TEST_KILL_AT": "2", "MENTORLOG_TODAY": TODAY},
    )
    assert killed.returncode == -signal.SIGKILL
    again = mentorlog_in(root, "roadmap", "add", "Trends", "--no-commit", today=TODAY)
    assert again.exit_code == EXIT_OK, again.output
    assert "wrote meetings/2026-12-01.md" in again.stderr
    status = git(root, "status", "--porcelain", "-uall")
    assert " M meetings/2026-12-01.md" in status and "?? meetings/2026-12-29.md" in status
    ids = [
        line for line in (root / "meetings/2026-12-29.md").read_text().splitlines() if "id:" in line
    ]
    assert len(ids) == 3
