"""A sync begins: it refuses to run beside another one, and first finishes what a killed
sync left undone (the work tree it did not bring along, git's stale locks)."""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mentorlog.errors import GitError
from mentorlog.store.git import record
from mentorlog.store.git.plumbing import is_ancestor, rev
from mentorlog.store.git.repository import work_tree
from mentorlog.store.git.worktree import update_worktree

if TYPE_CHECKING:
    import git

# the locks a killed git can leave behind in the git folder
LOCKS = ("index.lock", "HEAD.lock", "packed-refs.lock", "config.lock", "shallow.lock")


@dataclass
class Begun:
    """sync's fresh intent record, and what it finished of a killed sync."""

    state: record.State
    resumed: bool = False  # an earlier sync was killed; this one finished its work
    locks_removed: list[str] = field(default_factory=list)  # stale git locks it left


def _proc_start(pid: int) -> str | None:
    """When process ``pid`` started (in clock ticks since boot), where the system says."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[19] if len(fields) > 19 and fields[0] != "Z" else None


def _pid_alive(pid: int, started: str | None) -> bool:
    """Whether the sync that wrote the record (process ``pid``) still runs.

    A process of that number that started at another time is another program
    (the number was reused), and a zombie has finished.
    """
    if pid == os.getpid():
        return False  # an earlier sync of this same process (tests run the CLI in-process)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    now = _proc_start(pid)
    if Path("/proc/self/stat").exists():
        return now is not None and (started is None or now == started)
    return True


def _held_open(path: Path) -> bool | None:
    """Whether a running process has ``path`` open (None: this system cannot tell)."""
    proc = Path("/proc")
    if not (proc / "self" / "fd").is_dir():
        return None
    target = os.path.realpath(path)
    for fd_dir in proc.glob("[0-9]*/fd"):
        try:
            for fd in fd_dir.iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) == target:
                        return True
        except OSError:
            continue
    return False


def _clear_stale_locks(gitdir: Path, started: float, remote: str, branch: str) -> list[str]:
    """Remove the lock files a killed sync's git left behind; return their names.

    A lock is removed only when the sync that was running is gone (checked by the
    caller), the lock was made after that sync started, and no running process
    has it open: a lock held by a git command running now is never touched.
    """
    candidates = [gitdir / name for name in LOCKS]
    candidates += [
        gitdir / "refs" / "heads" / f"{branch}.lock",
        gitdir / "refs" / "remotes" / remote / f"{branch}.lock",
    ]
    removed = []
    for lock in candidates:
        try:
            made = lock.lstat().st_mtime
        except OSError:
            continue
        if made + 2 < started or _held_open(lock) is not False:
            continue
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()
            removed.append(lock.relative_to(gitdir).as_posix())
    return removed


def begin(repo: git.Repo, remote: str, branch: str) -> Begun:
    """Start sync's intent record, first finishing whatever a killed sync left undone."""
    top, gitdir = work_tree(repo), Path(repo.git_dir)
    prev = record.load_state(gitdir)
    pid = prev.get("pid")
    if isinstance(pid, int) and _pid_alive(pid, prev.get("proc_start")):
        raise GitError(
            f"another mentorlog sync is running in this repository (process {pid}): "
            "wait for it to finish, then run mentorlog sync again"
        )
    begun = Begun({})
    kept = dict(prev.get("kept") or {})
    if isinstance(pid, int):  # killed before it finished
        begun.resumed = True
        started = float(prev.get("started") or 0)
        begun.locks_removed = _clear_stale_locks(gitdir, started, remote, branch)
    update = prev.get("update")
    if isinstance(update, dict):  # the branch was to move: were the files brought along?
        begun.resumed = True
        old, new = str(update["old"]), str(update["new"])
        head = rev(top, "HEAD")
        if head is not None and head != old and is_ancestor(repo, new, head):
            # it moved, and the work tree was not (all) brought along: finish that
            kept.update(update_worktree(top, old, new, dict(update.get("expected") or {})))
    for leftover in (gitdir / "mentorlog").glob("*-index.*"):  # a killed sync's scratch index
        with contextlib.suppress(OSError, ValueError):
            if not _pid_alive(int(leftover.suffix[1:]), None):
                leftover.unlink()
    begun.state = {
        "pid": os.getpid(),
        "proc_start": _proc_start(os.getpid()),
        "started": time.time(),
        "kept": kept,
    }
    record.save_state(gitdir, begun.state)
    return begun
