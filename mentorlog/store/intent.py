"""The intent record of a writing command, and the checks before each write.

Before the first write, a writing command records each file it is about to
write (``.git/mentorlog/intent-PID.json``) with the hash of what it holds and
the bytes it will hold; the record is removed once the command has committed
(or failed cleanly). A command killed in between leaves it behind, and
:mod:`mentorlog.store.recovery` rolls it forward. Every file is checked first
(:func:`check_targets`): a link or non-regular file on the way, a file git has
not merged, a file holding conflict markers is never written.
"""

from __future__ import annotations

import binascii
import contextlib
import json
import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypedDict

from mentorlog.errors import BadFile
from mentorlog.model.names import is_generated
from mentorlog.store.durable import write_durably
from mentorlog.store.gitstate import git_dir, unmerged
from mentorlog.store.refusals import conflict_marker_line, read_regular, refuse_path
from mentorlog.text import digests

INTENT_DIR = "mentorlog"
INTENT_PREFIX = "intent-"  # intent-PID.json: one record per running command

# ------------------------------------------------------------- the test hook

_steps = 0


def step(label: str) -> None:
    """A point between two file or git steps of a writing command.

    Test hook: with MENTORLOG_TEST_KILL_AT=N the process kills itself (SIGKILL)
    at the N-th step, as a power cut would; MENTORLOG_TEST_STEPS=FILE appends
    each step's label to FILE. Neither is for users.
    """
    global _steps
    _steps += 1
    log = os.environ.get("MENTORLOG_TEST_STEPS")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{_steps} {label}\n")
    if os.environ.get("MENTORLOG_TEST_KILL_AT") == str(_steps):
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def check_targets(root: Path, rels: Sequence[str]) -> None:
    """Refuse (exit 2, nothing written) to write any of ``rels`` (relative to root):
    a link or non-regular file on the way, an unmerged file, conflict markers."""
    for rel in rels:
        refused = refuse_path(root, rel)
        if refused is not None:
            raise BadFile(f"{refused}; nothing was written", path=rel, line=1)
    found = git_dir(root)
    if found is not None:
        top = found[0]
        base = root.absolute()
        wt = [os.path.relpath(base / r, top).replace(os.sep, "/") for r in rels]
        stuck = unmerged_among(top, found[1], wt)
        if stuck:
            shown = os.path.relpath(top / stuck[0], base).replace(os.sep, "/")
            raise BadFile(
                "git has not merged this file yet, so mentorlog writes nothing: keep the lines "
                f"you want, delete the conflict marker lines, then git add {shown}",
                path=shown,
                line=1,
            )
    for rel in rels:
        if is_generated(rel):  # rebuilt whole: conflict markers in it are simply replaced
            continue
        try:
            data = read_regular(root / rel, rel)
        except BadFile:
            continue  # missing: a new file
        line = conflict_marker_line(data)
        if line is not None:
            raise BadFile(
                "holds a merge conflict marker, so mentorlog writes nothing: keep the lines "
                "you want and delete the marker lines (<<<<<<<, =======, >>>>>>>), "
                "then run the command again",
                path=rel,
                line=line,
            )


def unmerged_among(top: Path, gitdir: Path, rels: Sequence[str]) -> list[str]:
    """Those of ``rels`` (relative to ``top``) that git has not merged.

    Within a writing command, ``git ls-files -u`` runs once for every file, and
    again only when git's index changed (its stat: git replaces it whole), so a
    command that writes twice (the meeting files, then schedule.ics) starts git
    once. Git's answer is in that file alone; with ``GIT_INDEX_FILE`` set, or
    outside a command, git is asked each time."""
    session = _session
    try:
        info = os.stat(gitdir / "index")
    except OSError:
        return unmerged(top, rels)
    if session is None or "GIT_INDEX_FILE" in os.environ:
        return unmerged(top, rels)
    key = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, str(top))
    if session.unmerged is None or session.unmerged[0] != key:
        session.unmerged = (key, unmerged(top))
    wanted = set(rels)
    return [path for path in session.unmerged[1] if path in wanted]


# ------------------------------------------------------------------ intent record


def digest(data: bytes | None) -> str | None:
    return None if data is None else digests.sha256()(data).hexdigest()


def intent_folder(root: Path) -> Path:
    """Where the intent records of the repository holding ``root`` live."""
    found = git_dir(root)
    if found is None:
        return root / ".mentorlog"
    return found[1] / INTENT_DIR  # per work tree: they name work-tree files


def intent_path(root: Path) -> Path:
    """The intent record of this process."""
    return intent_folder(root) / f"{INTENT_PREFIX}{os.getpid()}.json"


class Written(TypedDict):
    """A file the command writes, as its intent record holds it."""

    path: str  # relative to the repository root
    old: str | None  # the hash of what it held (None: no file)
    new: str | None  # the hash of what it will hold
    data: str  # what it will hold, in base64


class Session:
    """The writing command running in this process, and the files it has written.

    (A plain class: a dataclass is built anew at each start, for nothing here.)"""

    def __init__(self, root: Path, label: str, commit: bool) -> None:
        self.root = root
        self.label = label
        self.commit = commit
        self.entries: dict[str, Written] = {}
        self.started = time.time()
        # git's unmerged files, and the stat of its index when it said so
        self.unmerged: tuple[tuple[int, int, int, int, str], list[str]] | None = None

    def record(self) -> None:
        data = {
            "version": 1,
            "pid": os.getpid(),
            "started": self.started,
            "root": str(self.root.absolute()),
            "label": self.label,
            "commit": self.commit,
            "files": list(self.entries.values()),
        }
        write_durably(intent_path(self.root), record_json(data).encode("utf-8"))
        step("intent recorded")


def record_json(data: dict[str, Any]) -> str:
    """``json.dumps(data)`` for an intent record (``files`` last, each entry's ``data``
    last in it), without passing the files' base64 text through the JSON encoder: it
    needs no escaping, and a calendar's is a few hundred kilobytes."""
    head = json.dumps({**data, "files": []})
    files = [
        f"{json.dumps({k: v for k, v in entry.items() if k != 'data'})[:-1]}, "
        f'"data": "{entry["data"]}"}}'
        for entry in data["files"]
    ]
    return f"{head[:-3]}[{', '.join(files)}]}}"


_session: Session | None = None


def start(root: Path, label: str, commit: bool) -> None:
    """A writing command starts on ``root`` (its git state checked already)."""
    global _session
    _session = Session(root=root, label=label, commit=commit)


def active() -> Session | None:
    return _session


def before_write(targets: Iterable[tuple[Path, bytes]]) -> bool:
    """Called before files are written: check them and record them in the intent record.

    ``targets`` are ``(path, new bytes)``. Paths outside the active command's
    repository (a calendar written elsewhere, the cache) are not recorded.
    Without an active writing command nothing is checked (init, demo).
    Returns whether any target is recorded.
    """
    session = _session
    if session is None:
        return False
    base = session.root.absolute()
    fresh: list[tuple[str, bytes]] = []
    recorded = False
    for path, new in targets:
        try:
            rel = Path(path).absolute().relative_to(base).as_posix()
        except ValueError:
            continue
        recorded = True
        entry = session.entries.get(rel)
        if entry is not None and entry["new"] == digest(new):
            continue
        fresh.append((rel, new))
    if not fresh:
        return recorded
    check_targets(session.root, [rel for rel, _ in fresh if rel not in session.entries])
    for rel, new in fresh:
        previous = session.entries.get(rel)
        if previous is not None:
            old = previous["old"]
        else:
            try:
                old = digest(read_regular(session.root / rel, rel))
            except BadFile:
                old = None
        session.entries[rel] = {
            "path": rel,
            "old": old,
            "new": digest(new),
            "data": binascii.b2a_base64(new, newline=False).decode("ascii"),  # base64
        }
    session.record()
    return True


def committed() -> None:
    """What the command wrote is committed: its intent record goes (it keeps
    checking and recording what it writes next, if anything)."""
    session = _session
    if session is None or not session.entries:
        return
    session.entries.clear()
    with contextlib.suppress(OSError):
        intent_path(session.root).unlink()
    step("intent removed")


def end() -> None:
    """The command is over (committed, or stopped by an error it reported): forget
    its intent record. Only a killed command leaves one behind."""
    global _session
    committed()
    _session = None
