"""Crash recovery: finish the writing commands that were killed before they committed.

A killed command leaves its intent record (:mod:`mentorlog.store.intent`);
the next writing command (and ``sync``) rolls it forward: files still holding
the old bytes get the new ones, files the user changed since are left alone
and named, and the files are committed.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path

from mentorlog.errors import BadFile, GitError, MentorlogError
from mentorlog.store import intent
from mentorlog.store.durable import write_durably
from mentorlog.store.gitstate import git_dir, state_refusal
from mentorlog.store.refusals import read_regular, refuse_path


def begin(root: Path, label: str, commit: bool) -> list[str]:
    """Start a writing command on ``root``: refuse (GitError) when git's state forbids
    writing, then finish an interrupted command (its messages are returned)."""
    refusal = state_refusal(root)
    if refusal is not None:
        raise GitError(refusal)
    messages = recover(root)
    intent.start(root, label, commit)
    return messages


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        with contextlib.suppress(OSError):
            return b"mentorlog" in cmdline.read_bytes()
    return True


def clear_stale_lock(root: Path, since: float) -> str | None:
    """Remove ``index.lock`` left by a git that a killed mentorlog started.

    Only a lock made after ``since`` (the interrupted command's start) that
    nobody touches for a second is taken for stale; git itself removes its
    lock when it finishes, so a live git is waited for, never interrupted.
    """
    found = git_dir(root)
    if found is None:
        return None
    lock = found[1] / "index.lock"
    for _ in range(20):
        try:
            info = os.stat(lock)
        except FileNotFoundError:
            return None
        if time.time() - info.st_mtime > 1.0:
            break
        time.sleep(0.1)
    else:
        return None
    if info.st_mtime + 1.0 < since:
        return None  # older than the command: not ours, leave it to the user
    with contextlib.suppress(FileNotFoundError):
        lock.unlink()
    return "removed git's index.lock, left by the interrupted command"


def recover(root: Path) -> list[str]:
    """Finish the writing commands that were killed on ``root``'s repository.

    For each intent record whose process is gone (oldest first): files that
    still hold what they held before it get what it meant to write; files
    that already hold it are kept; files changed since are left alone and
    named. Then the files are committed (when the command was to commit) and
    the record is removed. The record of a command still running (an editor
    open for ``--edit``) is left to it. Returns messages for the user (empty
    when nothing was interrupted).
    """
    folder = intent.intent_folder(root)
    try:
        names = sorted(p.name for p in folder.iterdir() if p.name.startswith(intent.INTENT_PREFIX))
    except OSError:
        return []
    records = []
    for name in names:
        try:
            raw = (folder / name).read_bytes()
        except OSError:
            continue
        records.append((folder / name, raw))
    records.sort(key=lambda r: _started(r[1]))
    messages: list[str] = []
    for path, raw in records:
        messages += _recover_one(root, path, raw)
    return messages


def _started(raw: bytes) -> float:
    try:
        return float(json.loads(raw).get("started", 0.0))
    except (ValueError, TypeError, AttributeError):
        return 0.0


def _recover_one(root: Path, path: Path, raw: bytes) -> list[str]:
    import base64  # (these only when a command was interrupted)

    from mentorlog.store.git.commits import commit_files

    try:
        data = json.loads(raw)
        files = list(data["files"])
        label = str(data.get("label") or "mentorlog")
        commit = bool(data.get("commit", True))
        pid = int(data.get("pid", 0))
        started = float(data.get("started", 0.0))
        base = Path(str(data.get("root") or root))
    except (ValueError, KeyError, TypeError):
        with contextlib.suppress(OSError):
            path.unlink()
        return ["an unreadable record of an interrupted command was removed"]
    if _alive(pid):
        return []  # still running: its record is its own
    if not base.is_dir():
        base = root
    messages: list[str] = []
    lock_note = clear_stale_lock(base, started)
    written: list[str] = []
    kept: list[str] = []
    changed: list[str] = []
    for entry in files:
        rel = str(entry["path"])
        new = base64.b64decode(entry["data"])
        if refuse_path(base, rel) is not None:
            changed.append(rel)
            continue
        try:
            current: bytes | None = read_regular(base / rel, rel)
        except BadFile:
            current = None
        if intent.digest(current) == entry["new"]:
            kept.append(rel)
        elif intent.digest(current) == entry["old"]:
            write_durably(base / rel, new)
            intent.step(f"recovered {rel}")
            written.append(rel)
        else:
            changed.append(rel)
    done = written + kept
    what = f"'{label}'"
    note = f"finished the interrupted {what}"
    if written:
        note += f": wrote {', '.join(written)}"
    committed = None
    told: list[str] = []  # what committing said (the identity used), before the rest
    if commit and done:
        try:
            committed = commit_files(
                base,
                [Path(r) for r in done],
                f"mentorlog: {label} (finished after an interruption)",
                "",
                told.append,
            )
        except MentorlogError as exc:
            messages.append(f"{note}; {exc}")
            committed = None
        else:
            if committed:
                note += f"; committed {committed[:7]} ({', '.join(done)})"
    if not messages and (written or committed):
        messages.append(note)
    if changed:
        messages.append(
            f"{', '.join(changed)} changed since the interrupted {what}; left as they are "
            "(check them: mentorlog check)"
        )
    if lock_note:
        messages.append(lock_note)
    with contextlib.suppress(OSError):
        path.unlink()
    return told + messages
