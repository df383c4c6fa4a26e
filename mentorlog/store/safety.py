"""Safety of every write: links, file types, git states, conflict markers, crash recovery.

What a writing command (and ``sync``) checks before it touches a file, and the
intent record that makes a command writing several files all-or-nothing as
the user sees it:

- :func:`link_in` / :func:`refuse_path`: mentorlog never reads or writes
  through a symbolic link inside the repository, and reads regular files only
  (:func:`read_regular` never waits on a named pipe or a device);
- :func:`state_refusal`: no writing on a detached HEAD or while a rebase,
  merge, cherry-pick or revert is in progress;
- :func:`unmerged` and :func:`conflict_marker_line`: a file git has not
  merged, or that holds conflict markers, is never written;
- the intent record (``.git/mentorlog/intent-PID.json``): before the first write,
  a writing command records each file it is about to write with the hash of
  what it holds and the bytes it will hold; it is removed once the command
  has committed (or failed cleanly). A command killed in between leaves it
  behind, and :func:`recover` (run by the next writing command, and by
  ``sync``) rolls it forward: files still holding the old bytes get the new
  ones, files the user changed since are left alone and named, and the
  files are committed.

Only the standard library is imported here (git runs as a subprocess), so the
checks cost little.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import signal
import stat
import subprocess
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentorlog.errors import BadFile, GitError, MentorlogError
from mentorlog.store.durable import write_durably

MAX_FILE_BYTES = 5 * 1024 * 1024
CONFLICT_MARKERS = (b"<<<<<<< ", b">>>>>>> ")
#: Files rebuilt whole from the others: conflict markers in them are simply replaced.
GENERATED = ("schedule.ics",)
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
        os.kill(os.getpid(), signal.SIGKILL)


# ------------------------------------------------------------- links and files


def link_in(root: Path, rel: str | Path) -> str | None:
    """The first part of ``rel`` (below ``root``) that is a symbolic link, as a
    root-relative path; None when there is none (missing parts are no links)."""
    here = root
    parts = Path(rel).parts
    for n, part in enumerate(parts):
        here = here / part
        try:
            mode = os.lstat(here).st_mode
        except OSError:
            return None
        if stat.S_ISLNK(mode):
            return Path(*parts[: n + 1]).as_posix()
    return None


def refuse_path(root: Path, rel: str | Path) -> str | None:
    """Why mentorlog will not read or write ``root/rel``, or None.

    A symbolic link anywhere on the way (the file itself or a folder above it)
    is refused: what it leads to could be private text that would end up in a
    review or a commit. An existing file that is not a regular file (a folder,
    a named pipe, a device) is refused too.
    """
    link = link_in(root, rel)
    if link is not None:
        what = "is" if Path(link) == Path(rel) else f"is inside {link}, which is"
        return (
            f"{what} a symbolic link; mentorlog never reads or writes through links "
            "(replace it with the file itself)"
        )
    try:
        mode = os.lstat(root / rel).st_mode
    except OSError:
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(mode):
        return "is not a regular file (a named pipe or a device?); mentorlog reads only files"
    return None


def read_regular(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, never following a link in its last part and never
    waiting on a named pipe or a device: BadFile otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if os.path.islink(path):
            raise BadFile(
                "is a symbolic link; mentorlog never reads through links", path=shown, line=1
            ) from None
        raise BadFile(f"cannot read: {exc.strerror or exc}", path=shown) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "a named pipe or a device"
            raise BadFile(
                f"is {what}, not a regular file; mentorlog reads only files", path=shown, line=1
            )
        if info.st_size > limit:
            raise BadFile(
                f"file too large ({info.st_size // 1024} KiB; the limit is "
                f"{limit // 1024 // 1024} MiB)",
                path=shown,
                line=1,
            )
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise BadFile(
                    f"file too large (the limit is {limit // 1024 // 1024} MiB)",
                    path=shown,
                    line=1,
                )
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise BadFile(f"cannot read: {exc.strerror or exc}", path=shown) from None
    finally:
        os.close(fd)


# ------------------------------------------------------------------ git state


def git_dir(start: Path) -> tuple[Path, Path] | None:
    """``(work-tree top, git dir)`` of the repository holding ``start``, or None.

    Found by looking for ``.git`` (a folder, or a file naming the git dir of a
    linked worktree) from ``start`` up; no git process is started.
    """
    here = start.absolute()
    for folder in (here, *here.parents):
        dot = folder / ".git"
        if dot.is_dir():
            return folder, dot
        if dot.is_file():
            try:
                text = dot.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                return None
            if text.startswith("gitdir:"):
                target = Path(text[len("gitdir:") :].strip())
                return folder, target if target.is_absolute() else (folder / target)
            return None
    return None


def in_progress(gitdir: Path, *, sequencer: bool = True) -> str | None:
    """'rebase' / 'merge' / 'cherry-pick' / 'revert' when git is in the middle of one.

    ``sequencer=False``: only a rebase, a merge or a single cherry-pick count (a revert
    or a sequence of picks is left to :func:`state_refusal`).
    """
    if (gitdir / "rebase-merge").exists() or (gitdir / "rebase-apply").exists():
        return "rebase"
    if (gitdir / "MERGE_HEAD").exists():
        return "merge"
    if (gitdir / "CHERRY_PICK_HEAD").exists():
        return "cherry-pick"
    if not sequencer:
        return None
    if (gitdir / "REVERT_HEAD").exists():
        return "revert"
    seq = gitdir / "sequencer" / "todo"
    if seq.exists():
        return "cherry-pick"
    return None


def state_refusal(root: Path) -> str | None:
    """Why no file may be written now (a detached HEAD, an unfinished rebase,
    merge, cherry-pick or revert), or None. Outside git there is no reason."""
    found = git_dir(root)
    if found is None:
        return None
    _top, gitdir = found
    state = in_progress(gitdir)
    if state is not None:
        verb = {"rebase": "rebasing", "merge": "merging"}.get(state, f"a {state}")
        advice = merge_advice(_top, state)
        if advice is not None:
            return (
                f"git is in the middle of {verb} in this repository, so mentorlog writes "
                f"nothing now: {advice}, then run the command again"
            )
        return (
            f"git is in the middle of {verb} in this repository, so mentorlog writes nothing "
            f"now: finish it first (resolve the files git names in 'git status', then "
            f"git {state} --continue), then run the command again"
        )
    try:
        head = (gitdir / "HEAD").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if head and not head.startswith("ref:"):
        return (
            "HEAD is detached (not on a branch), so mentorlog writes nothing now: a commit "
            "here would belong to no branch. Make a branch where you are "
            "(git switch -c NAME, which keeps every commit), or switch back to your "
            "branch if you made no commits here, then run the command again"
        )
    return None


def _git(top: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=top,
        capture_output=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    if done.returncode != 0:
        raise GitError(f"git {args[0]} failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout.decode("utf-8", "surrogateescape")


def merge_advice(top: Path, state: str) -> str | None:
    """How to finish a git merge or rebase (a plain git pull) stopped on a file, keeping
    both sides' lines: the merge driver leaves one version in the file and no marker
    (in a merge ours, in a rebase the one rebased onto, the partner's), so 'git add'
    alone would drop the other. None for another state or when no file is unmerged."""
    if state not in ("merge", "rebase"):
        return None
    paths = unmerged(top)
    if not paths:
        return None
    path = paths[0]
    more = f" (and {len(paths) - 1} more: git status names them)" if len(paths) > 1 else ""
    try:
        marked = conflict_marker_line((top / path).read_bytes()) is not None
    except OSError:
        marked = False
    if state == "merge":
        only, other, head = "only your version", "your partner's", "MERGE_HEAD"
    else:  # git pull --rebase: HEAD is the partner's commit, REBASE_HEAD yours being replayed
        only, other, head = "only your partner's version", "yours", "REBASE_HEAD"
    holds = "holds both versions between conflict markers" if marked else f"holds {only}"
    return (
        f"{path}{more} {holds}: git diff HEAD {head} -- {path} shows {other}; "
        f"keep the lines you agreed on in {path}"
        f"{' and delete the markers' if marked else ''}, git add {path} and "
        f"git {state} --continue"
    )


def unmerged(top: Path, rels: Sequence[str] = ()) -> list[str]:
    """Work-tree paths (relative to ``top``) that git has not merged (among ``rels``)."""
    try:
        out = _git(top, "ls-files", "-u", "-z", "--", *rels)
    except (GitError, OSError):
        return []
    found = []
    for entry in out.split("\0"):
        if "\t" in entry:
            path = entry.split("\t", 1)[1]
            if path not in found:
                found.append(path)
    return found


def conflict_marker_line(data: bytes) -> int | None:
    """The 1-based line of a left-over merge conflict marker, if any."""
    if b"<<<<<<<" not in data and b">>>>>>>" not in data:
        return None
    for n, line in enumerate(data.splitlines(), start=1):
        if line.startswith(CONFLICT_MARKERS) or line in (b"<<<<<<<", b">>>>>>>"):
            return n
    return None


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
        stuck = unmerged(top, wt)
        if stuck:
            shown = os.path.relpath(top / stuck[0], base).replace(os.sep, "/")
            raise BadFile(
                "git has not merged this file yet, so mentorlog writes nothing: keep the lines "
                f"you want, delete the conflict marker lines, then git add {shown}",
                path=shown,
                line=1,
            )
    for rel in rels:
        if Path(rel).name in GENERATED:
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


# ------------------------------------------------------------------ intent record


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def intent_folder(root: Path) -> Path:
    """Where the intent records of the repository holding ``root`` live."""
    found = git_dir(root)
    if found is None:
        return root / ".mentorlog"
    return found[1] / INTENT_DIR  # per work tree: they name work-tree files


def intent_path(root: Path, pid: int | None = None) -> Path:
    """The intent record of process ``pid`` (this one by default)."""
    return intent_folder(root) / f"{INTENT_PREFIX}{pid or os.getpid()}.json"


@dataclass
class Session:
    """The writing command running in this process, and the files it has written."""

    root: Path
    label: str
    commit: bool
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    started: float = field(default_factory=time.time)
    checked: bool = False

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
        write_durably(intent_path(self.root), json.dumps(data).encode("utf-8"))
        step("intent recorded")


_session: Session | None = None


def begin(root: Path, label: str, commit: bool) -> list[str]:
    """Start a writing command on ``root``: refuse (GitError) when git's state forbids
    writing, then finish an interrupted command (its messages are returned)."""
    global _session
    refusal = state_refusal(root)
    if refusal is not None:
        raise GitError(refusal)
    messages = recover(root)
    _session = Session(root=root, label=label, commit=commit, checked=True)
    return messages


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
        if entry is not None and entry["new"] == _digest(new):
            continue
        fresh.append((rel, new))
    if not fresh:
        return recorded
    if not session.checked:
        refusal = state_refusal(session.root)
        if refusal is not None:
            raise GitError(refusal)
        session.checked = True
    check_targets(session.root, [rel for rel, _ in fresh if rel not in session.entries])
    for rel, new in fresh:
        previous = session.entries.get(rel)
        if previous is not None:
            old = previous["old"]
        else:
            try:
                old = _digest(read_regular(session.root / rel, rel))
            except BadFile:
                old = None
        session.entries[rel] = {
            "path": rel,
            "old": old,
            "new": _digest(new),
            "data": base64.b64encode(new).decode("ascii"),
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
    folder = intent_folder(root)
    try:
        names = sorted(p.name for p in folder.iterdir() if p.name.startswith(INTENT_PREFIX))
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
        if _digest(current) == entry["new"]:
            kept.append(rel)
        elif _digest(current) == entry["old"]:
            write_durably(base / rel, new)
            step(f"recovered {rel}")
            written.append(rel)
        else:
            changed.append(rel)
    done = written + kept
    what = f"'{label}'"
    note = f"finished the interrupted {what}"
    if written:
        note += f": wrote {', '.join(written)}"
    committed = None
    if commit and done:
        from mentorlog.store.gitstore import commit_files

        try:
            committed = commit_files(
                base,
                [Path(r) for r in done],
                f"mentorlog: {label} (finished after an interruption)",
                "",
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
    return messages
