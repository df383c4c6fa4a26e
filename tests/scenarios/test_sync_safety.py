"""sync under pressure: typing while it runs, killed at every step, stale git locks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import Result
from helpers import copy_pair, git, isolate_git, make_pair, mentorlog_in

from mentorlog.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from mentorlog.store.git.record import KILL_AT_ENV, SYNC_STATE

TODAY = "2026-12-01"
TYPED = "meetings/2026-12-01.md"
PARTNER = "meetings/2026-12-15.md"


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch, tmp_path / "home", None)


def run(root: Path, *args: str) -> Result:
    return mentorlog_in(root, *args, today=TODAY)


def meeting(day: str, body: str) -> str:
    return f"---\ndate: {day}\nstatus: held\n---\n\n# Meeting\n\n## Notes\n\n{body}"


@pytest.fixture(scope="module")
def pair_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bare remote, Ana's repository (init --remote) and Sam's clone, both synced."""
    base = tmp_path_factory.mktemp("pair")
    with pytest.MonkeyPatch.context() as mp:
        isolate_git(mp, base / "home", None)
        mp.setenv("MENTORLOG_TODAY", TODAY)
        files = {
            TYPED: meeting("2026-12-01", "First.\n"),
            PARTNER: meeting("2026-12-15", "Second.\n"),
        }
        _remote, _ana, sam = make_pair(base, files, today=TODAY)
        assert run(sam, "sync").exit_code == EXIT_OK  # defines the driver, as join would
    return base


@pytest.fixture
def pair(pair_template: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of the template's remote and clones (cheaper than making them anew)."""
    return copy_pair(pair_template, tmp_path)


def partner_commits(ana: Path, path: str, line: str) -> None:
    """Ana adds ``line`` to ``path`` and pushes it with plain git."""
    git(ana, "pull", "-q", "--ff-only", "origin", "main")
    with (ana / path).open("a", encoding="utf-8") as fh:
        fh.write(line)
    git(ana, "commit", "-q", "-am", f"ana: {line.strip()}")
    git(ana, "push", "-q", "origin", "main")


def no_operation_left(clone: Path) -> None:
    gitdir = clone / ".git"
    for name in ("rebase-merge", "rebase-apply", "MERGE_HEAD", "CHERRY_PICK_HEAD", "index.lock"):
        assert not (gitdir / name).exists(), name
    assert git(clone, "stash", "list") == ""


class Typist(threading.Thread):
    """Appends a numbered line to a file every few milliseconds, as an editor saving would."""

    def __init__(self, path: Path, prefix: str):
        super().__init__(daemon=True)
        self.path, self.prefix = path, prefix
        self.lines: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            line = f"{self.prefix} typed line {n}\n"
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line)
            self.lines.append(line)
            n += 1
            time.sleep(0.003)


def sync_killed_at(clone: Path, step: int) -> int:
    """Run sync in a forked copy of this process, to be killed at its ``step``-th step;
    its exit code, or minus the signal that ended it. (A fork spares the start-up of a
    new interpreter for each of the many runs.)"""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 70
        try:
            os.environ[KILL_AT_ENV] = str(step)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            code = run(clone, "sync").exit_code
        finally:
            os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def test_lines_typed_while_sync_pulls_are_never_lost(pair: tuple[Path, Path, Path]) -> None:
    """Issue #13, finding 2: an editor appending during sync lost lines or left a rebase."""
    _remote, ana, sam = pair
    for round_ in range(3):
        partner_commits(ana, PARTNER, f"Ana's note {round_}.\n")
        typist = Typist(sam / TYPED, f"round {round_}")
        typist.start()
        time.sleep(0.01)
        try:
            done = run(sam, "sync")
        finally:
            typist.stop.set()
            typist.join()
        assert done.exit_code == EXIT_OK, done.output
        text = (sam / TYPED).read_text(encoding="utf-8")
        assert all(text.count(line) == 1 for line in typist.lines), round_
        assert len(typist.lines) > 3
        assert f"Ana's note {round_}." in (sam / PARTNER).read_text(encoding="utf-8")
        no_operation_left(sam)
    # the typed lines go out with the next sync
    assert run(sam, "sync").exit_code == EXIT_OK
    assert run(ana, "sync").exit_code == EXIT_OK
    assert (ana / TYPED).read_bytes() == (sam / TYPED).read_bytes()
    assert git(ana, "rev-parse", "HEAD") == git(sam, "rev-parse", "HEAD")


def test_typing_into_the_file_the_partner_changed_keeps_every_line(
    pair: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file sync would update changed meanwhile: it keeps the typed bytes, sync names it,
    and the next sync merges it with the partner's change (or stops and keeps both)."""
    from mentorlog.store.git import record

    _remote, ana, sam = pair
    partner_commits(ana, TYPED, "Ana's line.\n")
    typist = Typist(sam / TYPED, "sam")
    step = record.step

    def typing_starts_once_the_branch_moved(name: str) -> None:
        step(name)
        if name == "branch moved":  # merged and committed; the files are next
            typist.start()
            while len(typist.lines) < 3:
                time.sleep(0.001)

    monkeypatch.setattr(record, "step", typing_starts_once_the_branch_moved)
    try:
        done = run(sam, "sync")
    finally:
        typist.stop.set()
        if typist.is_alive():
            typist.join()
    monkeypatch.undo()
    assert done.exit_code == EXIT_OK, done.output
    assert f"Kept your unsaved edits in {TYPED}; they go out with the next sync." in done.output
    typed = (sam / TYPED).read_text(encoding="utf-8")
    assert all(typed.count(line) == 1 for line in typist.lines)
    assert "Ana's line." not in typed  # the typed bytes stay as they were
    assert git(sam, "status", "--porcelain").split() == ["M", TYPED]
    no_operation_left(sam)

    again = run(sam, "sync")
    stopped = again.exit_code == EXIT_FINDINGS
    if stopped:  # the whole-file engine: both changed the file
        assert "the edits you saved while the last sync ran" in again.output
        again = run(sam, "sync", "--keep-both")
    assert again.exit_code == EXIT_OK, again.output
    if stopped:  # each version under its author's name: the typed lines are Sam's
        text = (sam / TYPED).read_text(encoding="utf-8")
        ana_at = text.index("<!-- mentorlog: Ana Ruiz's version -->")
        sam_at = text.index("<!-- mentorlog: Sam Lee's version -->")
        owner = {ana_at: "ana", sam_at: "sam"}

        def whose(position: int) -> str:
            return owner[max(at for at in owner if at < position)]

        assert whose(text.index("Ana's line.")) == "ana"
        assert whose(text.index(typist.lines[-1])) == "sam"
    assert run(ana, "sync").exit_code == EXIT_OK
    for clone in (ana, sam):
        text = (clone / TYPED).read_text(encoding="utf-8")
        assert all(text.count(line) == 1 for line in typist.lines)
        assert text.count("Ana's line.") == 1
        assert git(clone, "status", "--porcelain") == ""
        no_operation_left(clone)
    assert git(ana, "rev-parse", "HEAD") == git(sam, "rev-parse", "HEAD")


def test_killed_at_every_step_the_next_sync_completes(pair: tuple[Path, Path, Path]) -> None:
    """SIGKILL sync at its N-th step, N = 1, 2, ... until it runs to the end; after each
    kill the next sync finishes: nothing lost or duplicated, the repository sound."""
    remote, ana, sam = pair
    step = 1
    while True:
        # an extra meeting of Ana's changes the calendar too: sync rebuilds and commits it
        extra = ana / "meetings" / f"2027-01-{step:02d}.md"
        extra.write_text(f"---\ndate: 2027-01-{step:02d}\nkind: extra\n---\n", encoding="utf-8")
        git(ana, "add", extra.relative_to(ana).as_posix())
        partner_commits(ana, PARTNER, f"Ana {step}.\n")
        with (sam / TYPED).open("a", encoding="utf-8") as fh:
            fh.write(f"Sam {step}.\n")
        code = sync_killed_at(sam, step)
        if code == EXIT_OK:
            break
        assert code == -9, code
        after = run(sam, "sync")
        assert after.exit_code == EXIT_OK, (step, after.output)
        assert after.output.startswith("Finished the work of an interrupted sync")
        assert git(sam, "status", "--porcelain") == "", step
        no_operation_left(sam)
        step += 1
        assert step < 60
    assert step == 16  # every step of a sync that commits, merges, rebuilds and pushes
    assert run(ana, "sync").exit_code == EXIT_OK  # (commits the calendar plain git left stale)
    assert run(sam, "sync").exit_code == EXIT_OK
    for clone in (ana, sam):
        typed = (clone / TYPED).read_text(encoding="utf-8")
        partner = (clone / PARTNER).read_text(encoding="utf-8")
        for n in range(1, step + 1):
            assert typed.count(f"Sam {n}.\n") == 1, (clone.name, n)
            assert partner.count(f"Ana {n}.\n") == 1, (clone.name, n)
        no_operation_left(clone)
        fsck = subprocess.run(["git", "fsck", "--strict"], cwd=clone, capture_output=True)
        assert fsck.returncode == 0, fsck.stderr
    assert git(ana, "rev-parse", "HEAD") == git(sam, "rev-parse", "HEAD")
    assert git(remote, "rev-parse", "main") == git(ana, "rev-parse", "HEAD")


def test_a_stale_index_lock_of_a_killed_sync_is_removed(pair: tuple[Path, Path, Path]) -> None:
    _remote, ana, sam = pair
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    record = sam / ".git" / SYNC_STATE
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"pid": int(dead.stdout), "started": time.time() - 5}))
    (sam / ".git" / "index.lock").write_bytes(b"")
    (sam / ".git" / "refs" / "remotes" / "origin").mkdir(parents=True, exist_ok=True)
    (sam / ".git" / "refs" / "remotes" / "origin" / "main.lock").write_bytes(b"")
    partner_commits(ana, PARTNER, "Ana.\n")
    out = run(sam, "sync")
    assert out.exit_code == EXIT_OK, out.output
    assert out.output.startswith(
        "Finished the work of an interrupted sync; removed the stale .git/index.lock; "
        "removed the stale .git/refs/remotes/origin/main.lock.\n"
    )
    assert "Ana." in (sam / PARTNER).read_text(encoding="utf-8")
    no_operation_left(sam)
    assert not record.exists()


def test_a_lock_held_by_a_running_git_is_left_alone(pair: tuple[Path, Path, Path]) -> None:
    _remote, _ana, sam = pair
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    record = sam / ".git" / SYNC_STATE
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"pid": int(dead.stdout), "started": time.time() - 5}))
    lock = sam / ".git" / "index.lock"
    with lock.open("wb"):  # held open, as a git command that is running holds it
        (sam / TYPED).write_text("changed\n")
        out = run(sam, "sync")
        assert lock.exists()
    assert out.exit_code == EXIT_USAGE
    assert "index.lock" in out.output
    assert "Traceback" not in out.output


def test_a_second_sync_while_one_runs_is_refused(pair: tuple[Path, Path, Path]) -> None:
    _remote, _ana, sam = pair
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        record = sam / ".git" / SYNC_STATE
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps({"pid": sleeper.pid, "started": time.time()}))
        out = run(sam, "sync")
    finally:
        sleeper.kill()
        sleeper.wait()
    assert out.exit_code == EXIT_USAGE
    assert f"another mentorlog sync is running in this repository (process {sleeper.pid})" in (
        out.output
    )


def test_a_record_whose_process_number_was_reused_does_not_block_sync(
    pair: tuple[Path, Path, Path],
) -> None:
    """The killed sync's process number now belongs to another program: sync goes on."""
    _remote, _ana, sam = pair
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        record = sam / ".git" / SYNC_STATE
        record.parent.mkdir(parents=True, exist_ok=True)
        started = {"pid": sleeper.pid, "proc_start": "1", "started": time.time() - 60}
        record.write_text(json.dumps(started))
        out = run(sam, "sync")
    finally:
        sleeper.kill()
        sleeper.wait()
    assert out.exit_code == EXIT_OK, out.output
    assert out.output.startswith("Finished the work of an interrupted sync.")


def test_a_commit_made_while_sync_merges_is_never_overwritten(
    pair: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The branch moves only from what sync merged (compare-and-swap): a commit made
    meanwhile stays, sync says so, and the next sync merges it."""
    from mentorlog.store.git import record

    _remote, ana, sam = pair
    partner_commits(ana, PARTNER, "Ana's line.\n")
    step = record.step

    def another_command_commits(name: str) -> None:
        step(name)
        if name == "intent recorded":
            (sam / "meetings" / "2026-12-29.md").write_text("Written meanwhile.\n")
            git(sam, "add", "meetings/2026-12-29.md")
            git(sam, "commit", "-q", "-m", "meanwhile")

    monkeypatch.setattr(record, "step", another_command_commits)
    out = run(sam, "sync")
    monkeypatch.undo()
    assert out.exit_code == EXIT_USAGE
    assert out.output == (
        "mentorlog: the branch moved while sync was merging (another command committed "
        "meanwhile); nothing was lost: run mentorlog sync again\n"
    )
    assert git(sam, "log", "-1", "--format=%s").strip() == "meanwhile"
    assert git(sam, "status", "--porcelain") == ""
    again = run(sam, "sync")
    assert again.exit_code == EXIT_OK, again.output
    assert "interrupted" not in again.output
    assert "Ana's line." in (sam / PARTNER).read_text(encoding="utf-8")
    assert (sam / "meetings" / "2026-12-29.md").read_text() == "Written meanwhile.\n"
    assert git(sam, "status", "--porcelain") == ""
    no_operation_left(sam)


def test_kept_files_are_listed_for_other_commands(
    pair: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentorlog.store.git import record

    _remote, ana, sam = pair
    partner_commits(ana, TYPED, "Ana's line.\n")
    step = record.step

    def save_once_the_branch_moved(name: str) -> None:
        step(name)
        if name == "branch moved":
            with (sam / TYPED).open("a", encoding="utf-8") as fh:
                fh.write("Saved during sync.\n")

    monkeypatch.setattr(record, "step", save_once_the_branch_moved)
    assert run(sam, "sync").exit_code == EXIT_OK
    monkeypatch.undo()
    assert record.kept_files(sam) == [TYPED]
    (sam / TYPED).write_bytes(git(sam, "show", f"HEAD:{TYPED}", raw_newlines=True).encode())
    assert run(sam, "sync").exit_code == EXIT_OK
    assert record.kept_files(sam) == []


def test_sync_finishes_a_writing_command_that_was_killed_first(
    pair: tuple[Path, Path, Path],
) -> None:
    """A writing command killed before it committed: sync commits its files and says so."""
    _remote, ana, sam = pair
    killed = subprocess.run(
        [sys.executable, "-m", "mentorlog", "-C", str(sam), "roadmap", "add", "Negotiation"],
        env={**os.environ, "MENTORLOG_TODAY": TODAY, KILL_AT_ENV: "2"},
        capture_output=True,
        check=False,
    )
    assert killed.returncode == -9, killed.stderr
    out = run(sam, "sync")
    assert out.exit_code == EXIT_OK, out.output
    assert out.output.startswith("mentorlog: note: ")
    # committed as the roadmap command's own commit, not swept into sync's
    assert "mentorlog: roadmap add" in git(sam, "log", "--format=%s")
    assert run(ana, "sync").exit_code == EXIT_OK
    assert "Negotiation" in (ana / "roadmap.md").read_text(encoding="utf-8")
    assert git(sam, "status", "--porcelain") == ""


def test_a_command_never_commits_a_kept_file_over_the_partners_change(
    pair: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`done` on an item in a file sync kept: committed as it was, it would undo the
    partner's change sync had merged; it waits for the next sync, which merges it."""
    from mentorlog.store.git import record

    _remote, ana, sam = pair
    partner_commits(ana, TYPED, "Ana's line.\n")
    step = record.step

    def an_item_saved_once_the_branch_moved(name: str) -> None:
        step(name)
        if name == "branch moved":
            with (sam / TYPED).open("a", encoding="utf-8") as fh:
                fh.write("- [ ] @mentee Call Priya id:zz11\n")

    monkeypatch.setattr(record, "step", an_item_saved_once_the_branch_moved)
    assert run(sam, "sync").exit_code == EXIT_OK
    monkeypatch.undo()
    assert record.kept_files(sam) == [TYPED]
    done = run(sam, "done", "zz11", "--on", "2026-12-02")
    assert done.exit_code == EXIT_OK, done.output
    assert "Ana's line." in git(sam, "show", f"HEAD:{TYPED}")  # not undone by a commit
    again = run(sam, "sync")
    if again.exit_code == EXIT_FINDINGS:  # the whole-file engine: keep both
        again = run(sam, "sync", "--keep-both")
    assert again.exit_code == EXIT_OK, again.output
    assert run(ana, "sync").exit_code == EXIT_OK
    for clone in (ana, sam):
        text = (clone / TYPED).read_text(encoding="utf-8")
        assert text.count("Ana's line.") == 1
        assert text.count("- [x] @mentee Call Priya id:zz11 done:2026-12-02") == 1
        assert git(clone, "status", "--porcelain") == ""
