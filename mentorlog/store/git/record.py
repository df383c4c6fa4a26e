"""sync's intent record (``.git/mentorlog/sync.json``) and its kill points.

The record says what a running sync has begun (its process, the branch move it
is making) and which files hold edits saved while a sync ran (``kept``: each
with the commit its bytes were based on). The next sync reads it to finish
one that was killed; writing commands read ``kept`` to leave those files to
the next sync.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
from pathlib import Path
from typing import TypedDict, cast

from mentorlog.store.durable import write_durably
from mentorlog.store.git.repository import open_repo

#: sync's intent record, in the repository's git folder
SYNC_STATE = Path("mentorlog") / "sync.json"
#: tests only: kill the sync process at its N-th step (1-based)
KILL_AT_ENV = "MENTORLOG_TEST_KILL_AT"


class Update(TypedDict):
    """A branch move under way: from ``old`` to ``new``; ``expected`` names, for a file,
    the commit whose version of it the work tree holds (else ``old``'s)."""

    old: str
    new: str
    expected: dict[str, str]


class State(TypedDict, total=False):
    """The record (read back from JSON: each part may be missing)."""

    pid: int  # the sync running (gone when it ended)
    proc_start: str | None  # when that process started, to tell a reused number
    started: float  # when it began (time.time())
    kept: dict[str, str]  # work-tree path -> the commit its bytes were based on
    update: Update


_steps = 0


def restart_steps() -> None:
    """A sync begins: its steps are counted from 1."""
    global _steps
    _steps = 0


def step(name: str) -> None:
    """One step of sync, by name: the place where a test may kill it (MENTORLOG_TEST_KILL_AT=N
    kills the process at its N-th step). Called as ``record.step`` so a test can wrap it."""
    global _steps
    at = os.environ.get(KILL_AT_ENV, "")
    if not at:
        return
    _steps += 1
    if str(_steps) == at:
        os.kill(os.getpid(), signal.SIGKILL)


def load_state(gitdir: Path) -> State:
    try:
        data = json.loads((gitdir / SYNC_STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return cast(State, data) if isinstance(data, dict) else {}


def save_state(gitdir: Path, state: State) -> None:
    path = gitdir / SYNC_STATE
    if not state:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    write_durably(path, json.dumps(state, sort_keys=True).encode("utf-8"))


def finish(gitdir: Path, state: State) -> None:
    """sync ends (done, stopped or failed): keep only what the next sync still needs."""
    rest: State = {}
    if state.get("kept"):
        rest["kept"] = state["kept"]
    if state.get("update"):
        rest["update"] = state["update"]
    save_state(gitdir, rest)


def held_by_sync(gitdir: Path) -> set[str]:
    """Work-tree paths holding edits saved while the last sync ran."""
    return set(load_state(gitdir).get("kept") or {})


def kept_files(root: Path) -> list[str]:
    """Files (work-tree paths) holding edits saved while the last sync ran.

    They are not yet merged with what that sync brought in: committing one as it
    is (rather than through the next sync) would undo the partner's change in it.
    """
    repo = open_repo(root)
    if repo is None:
        return []
    return sorted(held_by_sync(Path(repo.git_dir)))
