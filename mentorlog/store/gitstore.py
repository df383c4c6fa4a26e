"""Git: commits of exactly the files a command wrote, and sync.

The only module that imports GitPython, and only inside its functions, so
commands that do not commit never pay for it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from mentorlog.errors import GitError
from mentorlog.model.names import journal_entry

PRIVATE = "private"


def _git() -> Any:
    try:
        import git
    except ImportError as exc:  # GitPython raises ImportError when no git binary is found
        raise GitError(f"git is not available: {exc}; install git or use --no-commit") from None
    return git


def open_repo(root: Path) -> Any | None:
    """The git repository holding ``root``, or None when there is none."""
    git = _git()
    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def init(root: Path) -> Any:
    git = _git()
    try:
        return git.Repo.init(root, initial_branch="main")
    except git.GitCommandError:
        return git.Repo.init(root)


def ensure_own_repo(root: Path) -> bool:
    """Give ``root`` a git repository of its own unless it is the top of one already.

    A folder inside another repository (a home folder kept in git, a source
    checkout) gets its own: the partnership's commits and pushes must never
    reach the enclosing repository. Returns True when a repository was created.
    """
    repo = open_repo(root)
    if repo is not None and Path(repo.working_tree_dir).resolve() == root.resolve():
        return False
    init(root)
    return True


def is_private(relpath: str) -> bool:
    parts = Path(relpath).parts
    return bool(parts) and parts[0] == PRIVATE


def _config(repo: Any, key: str) -> str:
    """A git setting as git itself sees it (honouring GIT_CONFIG_GLOBAL and friends)."""
    git = _git()
    try:
        return str(repo.git.config("--get", key)).strip()
    except git.GitCommandError:
        return ""


def whoami(root: Path) -> tuple[str, str]:
    """``(mentorlog.me, the git identity's name)`` for the repository at ``root``
    ("" for what is not set; the name from GIT_AUTHOR_NAME first, as commits do)."""
    return get_me(root) or "", os.environ.get("GIT_AUTHOR_NAME") or identity_name(root)


def setting(repo: Any, key: str) -> str:
    """A git setting of ``repo`` ('' when unset)."""
    return _config(repo, key)


def identity_env(repo: Any, fallback_name: str) -> dict[str, str]:
    """Environment for a commit when no git identity is configured (empty otherwise)."""
    name = os.environ.get("GIT_AUTHOR_NAME") or _config(repo, "user.name")
    email = os.environ.get("GIT_AUTHOR_EMAIL") or _config(repo, "user.email")
    if name and email:
        return {}
    name = str(name or fallback_name or "mentorlog")
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "mentorlog"
    email = str(email or f"{slug}@mentorlog.invalid")
    print(
        f"mentorlog: note: no git identity is configured; committing as '{name} <{email}>'. "
        "Set yours with: git config --global user.name 'Your Name'; "
        "git config --global user.email you@example.org",
        file=sys.stderr,
    )
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }


def commit_files(root: Path, paths: Sequence[Path], message: str, fallback_name: str) -> str | None:
    """Commit exactly ``paths`` (never anything under private/); return the commit id.

    Other staged or unstaged changes in the repository are left as they were.
    Returns None when there is no git repository or nothing changed.
    """
    repo = open_repo(root)
    if repo is None:
        return None
    top = Path(repo.working_tree_dir).resolve()
    root_res = root.resolve()
    rels: list[str] = []
    for path in paths:
        full = (root_res / path) if not Path(path).is_absolute() else Path(path).resolve()
        inside_root = full.relative_to(root_res).as_posix()
        if is_private(inside_root):
            continue
        rels.append(full.relative_to(top).as_posix())
    if not rels:
        return None
    from mentorlog.store.safety import active, link_in
    from mentorlog.store.safety import step as safety_step

    def step(label: str) -> None:  # kill points of writing commands (not of sync)
        if active() is not None:
            safety_step(label)

    rels = [r for r in rels if link_in(top, r) is None]  # never a symbolic link
    # a file holding edits saved while the last sync ran is not yet merged with what that
    # sync brought in: committed as it is, it would undo the partner's change; the next
    # sync merges and commits it
    held = set(_load_state(Path(repo.git_dir)).get("kept") or {})
    for rel in sorted(held & set(rels)):
        print(
            f"mentorlog: note: {Path(top / rel).relative_to(root_res).as_posix()} holds edits "
            "saved while the last sync ran; it is committed, merged, by the next mentorlog sync",
            file=sys.stderr,
        )
    rels = [r for r in rels if r not in held]
    if not rels:
        return None
    git = _git()
    try:
        step("git add")
        repo.git.add("--", *rels)
        step("git added")
        if not repo.git.status("--porcelain", "--", *rels).strip():
            return None
        parent = str(repo.head.commit.hexsha) if repo.head.is_valid() else None
        env = identity_env(repo, fallback_name)
        with repo.git.custom_environment(**env):
            repo.git.commit("--only", "-q", "-m", message, "--", *rels)
        step("git committed")
    except git.GitCommandError as exc:
        raise GitError(
            f"git commit failed: {_detail(exc)}; the files are written but not committed"
        ) from None
    commit = str(repo.head.commit.hexsha)
    verify_commit(repo, commit, parent, rels, top, root_res)
    return commit


def verify_commit(
    repo: Any, commit: str, parent: str | None, rels: Sequence[str], top: Path, root: Path
) -> None:
    """The commit holds exactly ``rels`` (some of them), or it is undone: GitError.

    A hook (pre-commit running ``git add -A``, say) can sweep other files,
    private ones included, into mentorlog's commit. Then the branch is put
    back where it was and the index entries of ``rels`` with it; the work tree
    and every file in it stay as they are.
    """
    raw = repo.git.diff_tree("--no-commit-id", "--name-only", "-r", "-z", "--root", commit)
    extra = sorted({p for p in raw.split("\0") if p} - set(rels))
    if not extra:
        return
    if parent is not None:
        repo.git.update_ref("-m", "mentorlog: undo a commit a hook changed", "HEAD", parent, commit)
        repo.git.reset("-q", parent, "--", *rels)
    else:
        repo.git.update_ref("-d", "HEAD", commit)
        repo.git.rm("--cached", "-q", "-r", "--ignore-unmatch", "--", *rels)
    shown = []
    for p in extra:
        try:
            shown.append((top / p).relative_to(root).as_posix())
        except ValueError:
            shown.append(p)
    raise GitError(
        f"a git hook added other files to mentorlog's commit ({', '.join(shown)}); the commit "
        "is undone, your files are written and uncommitted, nothing else changed. "
        "Look at the repository's pre-commit hook (.git/hooks/), then run the command again"
    )


# ------------------------------------------------------------------- sharing

CONFLICT_MARKERS = (b"<<<<<<< ", b">>>>>>> ")
SYNC_MESSAGE = "mentorlog: sync"


@dataclass
class SyncResult:
    """What ``sync`` did, for the CLI to print (and ``--json``)."""

    remote: str
    branch: str
    committed: str | None = None  # the commit of pending changes, if any
    committed_files: list[str] = field(default_factory=list)
    pulled: list[str] = field(default_factory=list)  # commit ids brought in
    pulled_files: list[str] = field(default_factory=list)
    pushed: int = 0  # commits the remote did not have before
    # files changed while sync ran: they keep the user's bytes and go out with the next sync
    kept: list[str] = field(default_factory=list)
    kept_merged: list[str] = field(default_factory=list)  # such files merged by this sync
    resumed: bool = False  # an earlier sync was killed; this one finished its work
    locks_removed: list[str] = field(default_factory=list)  # stale git locks it left


@dataclass
class Conflict:
    """A sync stopped by a conflict; nothing changed since its commit of pending changes."""

    remote: str
    branch: str
    files: list[str]  # relative to the mentoring root
    local: str  # our commit (still on the branch)
    committed: str | None  # the commit sync made of pending changes, if any
    deleted: list[str] = field(default_factory=list)  # of files: deleted on one side
    theirs: str = ""  # the partner's commit
    look: str = ""  # a git command that shows both versions
    their_author: str = ""  # who wrote the partner's version (the newest commit's author)
    unsaved: bool = False  # ours: edits saved while the last sync ran, not yet committed

    @property
    def upstream(self) -> str:
        return f"{self.remote}/{self.branch}"


def _detail(exc: Any) -> str:
    """git's most telling line of an error."""
    lines = [ln.strip() for ln in str(getattr(exc, "stderr", "") or "").splitlines()]
    lines = [ln.removeprefix("stderr:").strip().strip("'\" ") for ln in lines]
    lines = [ln for ln in lines if ln]
    for ln in lines:
        if ln.startswith(("fatal:", "error:", "! [")):
            return ln
    return lines[-1] if lines else str(exc)


def _top_rel(repo: Any, root: Path) -> str:
    """The mentoring root relative to the git work tree ('' when they are the same)."""
    top = Path(repo.working_tree_dir).resolve()
    rel = root.resolve().relative_to(top).as_posix()
    return "" if rel == "." else rel


def _root_rel(prefix: str, path: str) -> str | None:
    """A work-tree path relative to the mentoring root, or None when outside it."""
    if not prefix:
        return path
    if path.startswith(prefix + "/"):
        return path[len(prefix) + 1 :]
    return None


def in_progress(repo: Any) -> str | None:
    """'rebase' / 'merge' / 'cherry-pick' when git is in the middle of one."""
    from mentorlog.store.safety import in_progress as git_state

    return git_state(Path(repo.git_dir), sequencer=False)


def pending_files(repo: Any, root: Path) -> list[str]:
    """Changed, new and deleted files under ``root`` (work-tree paths), never private/.

    Ignored files are not pending; files under private/ are left out even when
    .gitignore no longer ignores them.
    """
    prefix = _top_rel(repo, root)
    raw = repo.git.status("--porcelain=v1", "-z", "--untracked-files=all", "--", prefix or ".")
    entries = raw.split("\0")
    out: list[str] = []
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        paths = [entry[3:]]
        if entry[0] in "RC" and i < len(entries):  # a rename: the old name follows
            paths.append(entries[i])
            i += 1
        for path in paths:
            inside = _root_rel(prefix, path)
            if inside is not None and not is_private(inside) and path not in out:
                out.append(path)
    return out


def conflict_marker_line(path: Path) -> int | None:
    """The 1-based line of a left-over merge conflict marker in ``path``, if any."""
    try:
        if path.stat().st_size > 5 * 1024 * 1024:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    for n, line in enumerate(data.splitlines(), start=1):
        if line.startswith(CONFLICT_MARKERS) or line in (b"<<<<<<<", b">>>>>>>"):
            return n
    return None


def upstream_of(repo: Any) -> tuple[str, str]:
    """``(remote, branch)`` to sync with: the upstream, else origin (or the only remote)."""
    try:
        branch = repo.active_branch
    except TypeError:
        raise GitError(
            "not on a branch (detached HEAD): switch to your branch first (git switch main), "
            "then run mentorlog sync again"
        ) from None
    tracking = branch.tracking_branch()
    if tracking is not None and tracking.remote_name in [r.name for r in repo.remotes]:
        return str(tracking.remote_name), str(tracking.remote_head)
    names = [r.name for r in repo.remotes]
    if not names:
        raise GitError(
            "no remote to sync with: create an empty shared repository (on a git host or a "
            "server you both reach), then run: git remote add origin URL "
            "(or start with: mentorlog init --remote URL)"
        )
    if "origin" in names:
        return "origin", str(branch.name)
    if len(names) == 1:
        return str(names[0]), str(branch.name)
    raise GitError(
        f"several remotes ({', '.join(names)}) and none is set for this branch: "
        f"run git branch --set-upstream-to=REMOTE/{branch.name} once"
    )


def _network_env() -> dict[str, str]:
    # never hang waiting for a password nobody can type
    return {} if sys.stdin.isatty() else {"GIT_TERMINAL_PROMPT": "0"}


# ------------------------------------------------------------------- sync
#
# sync merges outside the working tree: it commits what is pending, fetches,
# merges with ``git merge-tree --write-tree`` (our merge driver does the
# files), moves the branch with a compare-and-swap, and only then brings the
# working tree and the index up to date, file by file, where a file still
# holds what sync committed. Nothing ever starts a rebase or a merge in the
# working tree, and no autostash is made. An intent record, .git/mentorlog/
# sync.json, lets the next sync finish one that was killed.

#: sync's intent record, in the repository's git folder
SYNC_STATE = Path("mentorlog") / "sync.json"
#: tests only: kill the sync process at its N-th step (1-based)
KILL_AT_ENV = "MENTORLOG_TEST_KILL_AT"
MERGE_MESSAGE = "mentorlog: sync (merge {upstream})"
KEPT_MESSAGE = "mentorlog: sync (edits saved while the last sync ran)"
ZERO = "0" * 40
# the locks a killed git can leave behind in the git folder
LOCKS = ("index.lock", "HEAD.lock", "packed-refs.lock", "config.lock", "shallow.lock")

_steps = 0
# never follow a link, never wait on a FIFO
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _step(name: str) -> None:
    """One step of sync, by name: the place where a test may kill it (MENTORLOG_TEST_KILL_AT=N
    kills the process at its N-th step)."""
    global _steps
    at = os.environ.get(KILL_AT_ENV, "")
    if not at:
        return
    _steps += 1
    if str(_steps) == at:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


class _GitFailed(Exception):
    """A git plumbing command failed; ``detail`` is its most telling line."""

    def __init__(self, args: Sequence[str], stderr: bytes, code: int):
        super().__init__(f"git {' '.join(args)}: exit {code}")
        self.code = code
        text = stderr.decode("utf-8", errors="replace")
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        chosen = next((ln for ln in lines if ln.startswith(("fatal:", "error:"))), None)
        self.detail = chosen or (lines[-1] if lines else f"git {args[0]} failed")


def _run(
    top: Path,
    args: Sequence[str],
    *,
    input: bytes | None = None,
    env: dict[str, str] | None = None,
    ok: Sequence[int] = (0,),
) -> tuple[int, bytes]:
    """Run git in ``top``: (exit code, standard output as bytes)."""
    import subprocess

    full = dict(os.environ)
    full.update(env or {})
    done = subprocess.run(
        ["git", *args], cwd=top, input=input, capture_output=True, env=full, check=False
    )
    if done.returncode not in ok:
        raise _GitFailed(args, done.stderr, done.returncode)
    return done.returncode, done.stdout


def _out(top: Path, *args: str) -> str:
    return _run(top, args)[1].decode("utf-8", errors="surrogateescape").strip()


def _rev(top: Path, ref: str) -> str | None:
    code, out = _run(top, ["rev-parse", "-q", "--verify", f"{ref}^{{commit}}"], ok=(0, 1, 128))
    return out.decode().strip() if code == 0 else None


def _ancestor(top: Path, older: str, newer: str) -> bool:
    return _run(top, ["merge-base", "--is-ancestor", older, newer], ok=(0, 1))[0] == 0


def _entries(top: Path, commit: str, under: str = "") -> dict[str, tuple[str, str]]:
    """path -> (mode, blob) of every file in ``commit`` (under a folder, if given)."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if under:
        args += ["--", under]
    out: dict[str, tuple[str, str]] = {}
    for entry in _run(top, args)[1].split(b"\0"):
        if entry:
            info, path = entry.split(b"\t", 1)
            mode, _kind, sha = info.decode().split()
            out[path.decode("utf-8", errors="surrogateescape")] = (mode, sha)
    return out


def _changes(
    top: Path, old: str, new: str
) -> list[tuple[str, tuple[str, str] | None, tuple[str, str] | None]]:
    """(path, old (mode, blob) or None, new (mode, blob) or None) for each file that differs."""
    raw = _run(top, ["diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", old, new])[1]
    tokens = raw.split(b"\0")
    out = []
    i = 0
    while i + 1 < len(tokens):
        meta = tokens[i].decode().strip()
        if not meta.startswith(":"):
            i += 1
            continue
        path = tokens[i + 1].decode("utf-8", errors="surrogateescape")
        old_mode, new_mode, old_sha, new_sha, _status = meta[1:].split()
        before = None if old_mode == "000000" else (old_mode, old_sha)
        after = None if new_mode == "000000" else (new_mode, new_sha)
        out.append((path, before, after))
        i += 2
    return out


def _worktree_bytes(
    top: Path, wanted: set[tuple[str, str]]
) -> tuple[dict[tuple[str, str], bytes], dict[str, bytes], set[str]]:
    """The bytes a checkout writes for each (blob, path): git's filters and line endings applied.

    Blobs come out of one ``cat-file --batch``; a path that git converts on checkout
    (core.autocrlf, or a text, eol, filter, ident or encoding attribute) is asked for
    on its own (``cat-file --batch --filters`` misreports the converted size).
    Returns those bytes, the blobs as they are, and the paths git converts.
    """
    if not wanted:
        return {}, {}, set()
    shas = sorted({sha for sha, _path in wanted})
    data = _run(top, ["cat-file", "--batch"], input="".join(f"{s}\n" for s in shas).encode())[1]
    raw: dict[str, bytes] = {}
    pos = 0
    for sha in shas:
        header_end = data.index(b"\n", pos)
        size = int(data[pos:header_end].split()[2])
        raw[sha] = data[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
    converting = _converted_paths(top, sorted({path for _sha, path in wanted}))
    out: dict[tuple[str, str], bytes] = {}
    for sha, path in wanted:
        if path in converting:
            out[(sha, path)] = _run(top, ["cat-file", "--filters", f"--path={path}", sha])[1]
        else:
            out[(sha, path)] = raw[sha]
    return out, raw, converting


def _converted_paths(top: Path, paths: Sequence[str]) -> set[str]:
    """Of ``paths``, those whose bytes git may change between the blob and the file."""
    autocrlf = _run(top, ["config", "--get", "core.autocrlf"], ok=(0, 1))[1].decode().strip()
    if autocrlf.lower() in ("true", "input", "yes", "on", "1"):
        return set(paths)
    attrs = ["text", "eol", "crlf", "filter", "ident", "working-tree-encoding"]
    request = "".join(f"{p}\0" for p in paths).encode("utf-8", errors="surrogateescape")
    found = _run(top, ["check-attr", "-z", "--stdin", *attrs], input=request)[1].split(b"\0")
    out: set[str] = set()
    for i in range(0, len(found) - 2, 3):
        path = found[i].decode("utf-8", errors="surrogateescape")
        value = found[i + 2].decode()
        if value not in ("unspecified", "unset"):
            out.add(path)
    return out


def _read_regular(path: Path) -> bytes | None | Literal[False]:
    """The bytes of a regular file; None when nothing is there; False for anything else."""
    import stat

    try:
        st = path.lstat()
    except FileNotFoundError:
        return None
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError:
        return False
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


def _inside_links(top: Path, path: Path) -> bool:
    """True when a folder between ``top`` and ``path`` is a symbolic link (never write there)."""
    for folder in path.relative_to(top).parents:
        if str(folder) != "." and (top / folder).is_symlink():
            return True
    return False


def _replace_if(
    path: Path, holds: Callable[[bytes | None], bool], data: bytes | None, mode: str
) -> bool:
    """Put ``data`` at ``path`` (None: delete it) if what it holds passes ``holds``.

    The file is read and replaced in one short step; if something was written into it
    between the read and the rename, what it held is put back (and False returned).
    """
    import tempfile

    flags = _READ_FLAGS
    tmp: str | None = None
    if data is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd_tmp, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".sync", dir=path.parent)
        with os.fdopen(fd_tmp, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o777 & ~_umask() if mode == "100755" else 0o666 & ~_umask())
    try:
        if not os.path.lexists(path):
            if not holds(None):
                return False
            if tmp is not None:
                try:
                    os.link(tmp, path)  # fails if something appeared meanwhile: never overwrite
                except FileExistsError:
                    return False
                except OSError:  # no hard links on this file system
                    if os.path.lexists(path):
                        return False
                    os.replace(tmp, path)
                    tmp = None
            return True
        try:
            fd = os.open(path, flags)
        except OSError:
            return False
        with os.fdopen(fd, "rb") as fh:
            held = fh.read()
            if not holds(held):
                return False
            if tmp is not None:
                os.replace(tmp, path)
                tmp = None
            else:
                os.unlink(path)
            late = fh.read()
            if late:  # written into the old file while we replaced it: the user's bytes win
                fh.seek(0)
                _put_back(path, fh.read())
                return False
        return True
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _put_back(path: Path, data: bytes) -> None:
    import tempfile

    fd_tmp, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".sync", dir=path.parent)
    with os.fdopen(fd_tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _update_files(
    top: Path,
    changes: Sequence[tuple[str, tuple[str, str] | None, tuple[str, str] | None]],
    expected: dict[str, tuple[str, str] | None],
) -> list[str]:
    """Write each change where the file holds its expected entry; return the paths kept."""
    wanted: set[tuple[str, str]] = set()
    for path, _before, after in changes:
        for entry in (expected[path], after):
            if entry is not None and entry[0] in ("100644", "100755"):
                wanted.add((entry[1], path))
    forms, raw, converting = _worktree_bytes(top, wanted)

    def holds(path: str, entry: tuple[str, str] | None) -> Callable[[bytes | None], bool]:
        def check(data: bytes | None) -> bool:
            if entry is None or data is None:
                return entry is None and data is None
            if entry[0] not in ("100644", "100755"):
                return False  # a link or submodule was there: not ours to replace
            sha = entry[1]
            if data in (forms[(sha, path)], raw[sha]):
                return True
            if path not in converting:
                return False
            cleaned = _run(top, ["hash-object", f"--path={path}", "--stdin"], input=data)[1]
            return cleaned.decode().strip() == sha  # the same to git (line endings differ)

        return check

    kept: list[str] = []
    for path, _before, after in changes:
        full = top / path
        if after is not None and after[0] in ("160000", "120000"):
            continue  # a submodule is git's business; a link is never made here
        current = _read_regular(full)
        if current is not False and holds(path, after)(current):
            continue  # there already (a sync finishing an interrupted one)
        new_bytes = forms[(after[1], path)] if after is not None else None
        try:
            done = not _inside_links(top, full) and _replace_if(
                full, holds(path, expected[path]), new_bytes, after[0] if after else ""
            )
        except OSError:  # a folder in the way, no permission: the file stays as it is
            done = False
        if not done:
            kept.append(path)
            continue
        if new_bytes is None:  # deleted: take empty folders with it
            for folder in full.relative_to(top).parents:
                if str(folder) == ".":
                    break
                try:
                    (top / folder).rmdir()
                except OSError:
                    break
    return kept


def _update_worktree(
    top: Path, old: str, new: str, expected_from: dict[str, str] | None = None
) -> dict[str, str]:
    """Bring the work tree and the index from commit ``old`` to ``new``, file by file.

    A file is rewritten only where it still holds what sync committed (its blob in
    ``old``, or in the commit ``expected_from`` names for it). A file changed
    meanwhile keeps the user's bytes; it is returned (path -> the commit its bytes
    were based on) so that the next sync merges it rather than committing it over
    the partner's changes. The index always ends at ``new``: the user's edits show
    as unstaged changes. Idempotent: a file that holds ``new`` already is left alone.
    """
    expected_from = expected_from or {}
    changes = _changes(top, old, new)
    if not changes:
        return {}
    expected: dict[str, tuple[str, str] | None] = {}
    for path, before, _after in changes:
        source = expected_from.get(path)
        if source is None:
            expected[path] = before
        else:
            expected[path] = _entries(top, source, path).get(path)
    kept: dict[str, str] = {}
    lines: list[str] = []
    # .gitattributes first: the other files are then converted as they now say
    first = [c for c in changes if c[0].rsplit("/", 1)[-1] == ".gitattributes"]
    for batch in (first, [c for c in changes if c not in first]):
        for path in _update_files(top, batch, expected):
            kept[path] = expected_from.get(path, old)
        lines += [f"{a[0]} {a[1]}\t{p}" if a else f"0 {ZERO}\t{p}" for p, _b, a in batch]
    _step("files written")
    info = "".join(f"{line}\0" for line in lines).encode("utf-8", errors="surrogateescape")
    _run(top, ["update-index", "-z", "--index-info"], input=info)
    _run(top, ["update-index", "-q", "--refresh"], ok=(0, 1))
    return kept


# ---- the intent record


def _state_file(gitdir: Path) -> Path:
    return gitdir / SYNC_STATE


def _load_state(gitdir: Path) -> dict[str, Any]:
    import json

    try:
        data = json.loads(_state_file(gitdir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_state(gitdir: Path, state: dict[str, Any]) -> None:
    import json

    path = _state_file(gitdir)
    if not state:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(state, fh, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


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


def _begin(top: Path, gitdir: Path, remote: str, branch: str, result: SyncResult) -> dict[str, Any]:
    """Start sync's intent record, first finishing whatever a killed sync left undone."""
    import time

    prev = _load_state(gitdir)
    pid = prev.get("pid")
    if isinstance(pid, int) and _pid_alive(pid, prev.get("proc_start")):
        raise GitError(
            f"another mentorlog sync is running in this repository (process {pid}): "
            "wait for it to finish, then run mentorlog sync again"
        )
    kept = dict(prev.get("kept") or {})
    if isinstance(pid, int):  # killed before it finished
        result.resumed = True
        started = float(prev.get("started") or 0)
        result.locks_removed = _clear_stale_locks(gitdir, started, remote, branch)
    update = prev.get("update")
    if isinstance(update, dict):  # the branch was to move: were the files brought along?
        result.resumed = True
        old, new = str(update["old"]), str(update["new"])
        head = _rev(top, "HEAD")
        if head is not None and head != old and _ancestor(top, new, head):
            # it moved, and the work tree was not (all) brought along: finish that
            kept.update(_update_worktree(top, old, new, dict(update.get("expected") or {})))
    for leftover in (gitdir / "mentorlog").glob("*-index.*"):  # a killed sync's scratch index
        with contextlib.suppress(OSError, ValueError):
            if not _pid_alive(int(leftover.suffix[1:]), None):
                leftover.unlink()
    state: dict[str, Any] = {
        "pid": os.getpid(),
        "proc_start": _proc_start(os.getpid()),
        "started": time.time(),
        "kept": kept,
    }
    _save_state(gitdir, state)
    return state


def kept_files(root: Path) -> list[str]:
    """Files (work-tree paths) holding edits saved while the last sync ran.

    They are not yet merged with what that sync brought in: committing one as it
    is (rather than through the next sync) would undo the partner's change in it.
    """
    repo = open_repo(root)
    if repo is None:
        return []
    return sorted(_load_state(Path(repo.git_dir)).get("kept") or {})


def _finish(gitdir: Path, state: dict[str, Any]) -> None:
    """sync ends (done, stopped or failed): keep only what the next sync still needs."""
    rest = {key: state[key] for key in ("kept", "update") if state.get(key)}
    _save_state(gitdir, rest)


def _advance(
    top: Path,
    gitdir: Path,
    state: dict[str, Any],
    branch: str,
    old: str,
    new: str,
    message: str,
    expected_from: dict[str, str] | None = None,
) -> list[str]:
    """Move the branch from ``old`` to ``new`` (compare-and-swap), then the work tree."""
    state["update"] = {"old": old, "new": new, "expected": expected_from or {}}
    _save_state(gitdir, state)
    _step("intent recorded")
    try:
        _run(top, ["update-ref", "-m", message, f"refs/heads/{branch}", new, old])
    except _GitFailed:
        state.pop("update", None)
        _save_state(gitdir, state)
        raise GitError(
            "the branch moved while sync was merging (another command committed meanwhile); "
            "nothing was lost: run mentorlog sync again"
        ) from None
    _step("branch moved")
    kept = _update_worktree(top, old, new, expected_from)
    state.pop("update", None)
    state.setdefault("kept", {}).update(kept)
    _save_state(gitdir, state)
    _step("work tree brought along")
    return sorted(kept)


# ---- merging


@dataclass
class _Merged:
    tree: str | None  # None: conflicts remain
    conflicts: list[str] = field(default_factory=list)  # mentoring-root-relative
    deleted: list[str] = field(default_factory=list)  # of conflicts: deleted on one side


def _merge_trees(
    top: Path,
    gitdir: Path,
    prefix: str,
    ours: str,
    theirs: str,
    keep_both: tuple[str, str] | None,
    generated: Sequence[str],
) -> _Merged:
    """Merge commit ``theirs`` into ``ours`` without touching the work tree or the index.

    ``git merge-tree --write-tree`` does it, with the mentorlog merge driver routed
    to *.md and schedule.ics through an attributes file of sync's own (so a
    repository with an old .gitattributes, or none, merges the same way). Then:
    journal entries both partners wrote on the same day are both kept (the shared
    one keeps its name, ours moves to the next free DATE-N.md); generated files
    never conflict (they are rebuilt); with ``keep_both`` a file deleted on one
    side and changed on the other keeps the changed version.
    """
    import json

    from mentorlog.text import merge

    attrs = gitdir / "mentorlog" / "attributes"
    attrs.parent.mkdir(parents=True, exist_ok=True)
    if not attrs.is_file() or attrs.read_text(encoding="utf-8") != merge.GITATTRIBUTES:
        attrs.write_text(merge.GITATTRIBUTES, encoding="utf-8")
    env = {}
    if keep_both is not None:
        env[merge.KEEP_BOTH_ENV] = json.dumps(list(keep_both))
    options = [
        *("-c", f"core.attributesFile={attrs}"),
        *("-c", f"merge.{merge.DRIVER}.name=mentorlog: merge the partners' versions"),
        *("-c", f"merge.{merge.DRIVER}.driver={driver_command()}"),
    ]
    try:
        code, raw = _run(
            top,
            [*options, "merge-tree", "--write-tree", "-z", "--no-messages", ours, theirs],
            env=env,
            ok=(0, 1),
        )
    except _GitFailed as exc:
        if exc.code == 129:  # an option this git does not know
            version = _out(top, "--version")
            raise GitError(
                f"sync needs git 2.38 or newer (for git merge-tree --write-tree); "
                f"this is {version}: update git, then run mentorlog sync again"
            ) from None
        raise
    tokens = raw.split(b"\0")
    tree = tokens[0].decode().strip()
    stages: dict[str, dict[int, tuple[str, str]]] = {}
    if code == 1:
        for token in tokens[1:]:
            if not token:
                break
            info, path_b = token.split(b"\t", 1)
            mode, sha, stage = info.decode().split()
            path = path_b.decode("utf-8", errors="surrogateescape")
            stages.setdefault(path, {})[int(stage)] = (mode, sha)
    edits: dict[str, tuple[str, str] | None] = {}

    # journal entries of the same day, written by both: keep both
    folder = f"{prefix}/journal" if prefix else "journal"
    ours_j, theirs_j = _entries(top, ours, folder), _entries(top, theirs, folder)
    both_wrote = [p for p in set(ours_j) & set(theirs_j) if ours_j[p][1] != theirs_j[p][1]]
    if both_wrote:
        base = _run(top, ["merge-base", ours, theirs], ok=(0, 1))[1].decode().split()
        base_j = _entries(top, base[0], folder) if base else {}
        taken = set(_entries(top, tree, folder)) | set(ours_j) | set(theirs_j)
        for path in sorted(set(both_wrote) - set(base_j)):
            entry = journal_entry(_root_rel(prefix, path) or "")
            if entry is None:
                continue
            stem = path[: -len(".md")]
            if entry.group(2):
                stem = stem[: -len(entry.group(2)) - 1]
            n = int(entry.group(2) or 1) + 1
            while f"{stem}-{n}.md" in taken or os.path.lexists(top / f"{stem}-{n}.md"):
                n += 1
            taken.add(f"{stem}-{n}.md")
            edits[path] = theirs_j[path]
            edits[f"{stem}-{n}.md"] = ours_j[path]
            stages.pop(path, None)

    conflicts: list[str] = []
    deleted: list[str] = []
    for path, found in sorted(stages.items()):
        rel = _root_rel(prefix, path) or path
        if rel in generated:
            continue  # rebuilt after the merge
        if 1 in found and (2 in found) != (3 in found):  # deleted on one side, changed on the other
            if keep_both is not None:
                edits[path] = found.get(2) or found[3]
                continue
            deleted.append(rel)
        conflicts.append(rel)
    if conflicts:
        return _Merged(None, conflicts, deleted)
    if edits:
        index = gitdir / "mentorlog" / f"merge-index.{os.getpid()}"
        genv = {"GIT_INDEX_FILE": str(index)}
        try:
            _run(top, ["read-tree", tree], env=genv)
            lines = "".join(
                f"{e[0]} {e[1]}\t{p}\0" if e else f"0 {ZERO}\t{p}\0" for p, e in edits.items()
            )
            _run(
                top,
                ["update-index", "-z", "--index-info"],
                input=lines.encode("utf-8", errors="surrogateescape"),
                env=genv,
            )
            tree = _run(top, ["write-tree"], env=genv)[1].decode().strip()
        finally:
            with contextlib.suppress(FileNotFoundError):
                index.unlink()
    return _Merged(tree)


def _commit_tree(
    top: Path, tree: str, parents: Sequence[str], message: str, env: dict[str, str]
) -> str:
    args = ["commit-tree", tree]
    for parent in parents:
        args += ["-p", parent]
    return _run(top, [*args, "-m", message], env=env)[1].decode().strip()


# ---- what sync will not share


def _unshareable(path: str, mode: str, prefix: str) -> str | None:
    rel = _root_rel(prefix, path)
    if rel is not None and is_private(rel):
        return f"{rel} (under private/: private notes never leave this machine)"
    if mode == "120000":
        return f"{rel or path} (a symbolic link: mentorlog never shares links)"
    return None


def _outgoing_refusal(top: Path, prefix: str, revs: Sequence[str]) -> tuple[str, str] | None:
    """An outgoing commit that adds a link or a private/ file: (commit, why), else None.

    A merge adds a path only if it differs from every parent (what the partner
    added reaches a merge too, but is not ours to refuse).
    """
    raw = _run(
        top,
        ["log", "-m", "--no-renames", "--raw", "-z", "--no-abbrev", "--format=%x01%H", *revs],
    )[1]
    blocks: dict[str, list[dict[str, str]]] = {}
    current: dict[str, str] | None = None
    tokens = raw.split(b"\0")
    i = 0
    while i < len(tokens):
        token = tokens[i].decode("utf-8", errors="surrogateescape").strip("\n")
        i += 1
        if token.startswith("\x01"):
            current = {}
            blocks.setdefault(token[1:].strip(), []).append(current)
        elif token.startswith(":") and current is not None and i < len(tokens):
            old_mode, new_mode, _old, _new, status = token[1:].split()
            path = tokens[i].decode("utf-8", errors="surrogateescape")
            i += 1
            if not status.startswith("D"):
                current[path] = new_mode
    for commit, parts in blocks.items():
        first = parts[0]
        for path, mode in sorted(first.items()):
            why = _unshareable(path, mode, prefix)
            if why is not None and all(path in part for part in parts[1:]):
                return commit, why
    return None


# ---- sync


def ready_to_sync(root: Path) -> Any:
    """The git repository of ``root`` when sync can start; GitError otherwise.

    Not a git repository, a rebase or merge in progress, a detached HEAD, no
    remote: each stops sync before anything is written (schedule.ics is
    rebuilt first; rebuilt in the middle of a merge, it made ``git merge
    --abort`` fail).
    """
    repo = open_repo(root)
    if repo is None:
        raise GitError(
            f"{root} is not in a git repository, so there is nothing to share: "
            "run git init there, then git remote add origin URL"
        )
    state = in_progress(repo)
    if state is not None:
        from mentorlog.store.safety import merge_advice

        advice = merge_advice(Path(repo.working_tree_dir), state)
        if advice is not None:
            raise GitError(
                f"a {state} is in progress in this repository (a git pull, say) and {advice}, "
                "then run mentorlog sync again"
            )
    if state is not None:
        raise GitError(
            f"a {state} is in progress in this repository: finish it "
            f"(git {state} --continue) or undo it (git {state} --abort), "
            "then run mentorlog sync again"
        )
    upstream_of(repo)
    return repo


def sync(
    root: Path,
    fallback_name: str = "",
    after_pull: Callable[[], Sequence[Path]] | None = None,
    generated: Sequence[str] = (),
    keep_both: tuple[str, str | None] | None = None,
) -> SyncResult | Conflict:
    """Commit pending changes (never private/), merge the partner's, push.

    The merge happens outside the work tree (see the comment above); on a real
    conflict nothing changes (the branch, the index and the work tree are as
    after the commit of pending changes) and a :class:`Conflict` names the files.
    ``keep_both=(our_name, their_name)`` resolves every real conflict by keeping
    both versions (their_name None: the author of the partner's newest commit).
    Other failures (no remote, unreachable remote, rejected push) raise GitError
    and leave the local commits in place.

    ``generated`` names files (relative to root) that are rebuilt from the
    others: they never conflict; ``after_pull`` rebuilds them once the merge
    is done and returns the paths it wrote, which are committed before the push.
    """
    try:
        return _sync(root, fallback_name, after_pull, generated, keep_both)
    except _GitFailed as exc:
        raise GitError(
            f"git failed: {exc.detail}; what sync did so far is kept, and the next "
            "mentorlog sync carries on from there"
        ) from None


def _sync(
    root: Path,
    fallback_name: str,
    after_pull: Callable[[], Sequence[Path]] | None,
    generated: Sequence[str],
    keep_both: tuple[str, str | None] | None,
) -> SyncResult | Conflict:
    global _steps
    _steps = 0
    repo = ready_to_sync(root)
    remote, branch = upstream_of(repo)
    result = SyncResult(remote=remote, branch=branch)
    top = Path(repo.working_tree_dir)
    gitdir = Path(repo.git_dir)
    env = identity_env(repo, fallback_name)
    ensure_merge_driver(root)
    state = _begin(top, gitdir, remote, branch, result)
    try:
        return _sync_steps(repo, root, result, state, env, after_pull, generated, keep_both)
    finally:  # not reached when the process is killed: then the record says so
        _finish(gitdir, state)


def _sync_steps(
    repo: Any,
    root: Path,
    result: SyncResult,
    state: dict[str, Any],
    env: dict[str, str],
    after_pull: Callable[[], Sequence[Path]] | None,
    generated: Sequence[str],
    keep_both: tuple[str, str | None] | None,
) -> SyncResult | Conflict:
    git = _git()
    remote, branch = result.remote, result.branch
    prefix = _top_rel(repo, root)
    top = Path(repo.working_tree_dir)
    gitdir = Path(repo.git_dir)
    _step("begun")
    upstream = f"{remote}/{branch}"

    def named(path: str) -> str:
        return _root_rel(prefix, path) or path

    def both(their_commit: str) -> tuple[str, str] | None:
        if keep_both is None:
            return None
        theirs = keep_both[1] or _out(top, "log", "-1", "--format=%an", their_commit)
        return keep_both[0], theirs or "your partner"

    def stopped(
        merged: _Merged,
        head: str,
        *,
        theirs: str,
        look: str,
        their_commits: str,
        their_paths: Sequence[str],
        unsaved: bool = False,
    ) -> Conflict:
        """The Conflict of a merge that left conflicts: ``look`` shows both versions of
        them, the author is the newest of ``their_commits`` touching ``their_paths``."""
        return Conflict(
            remote,
            branch,
            merged.conflicts,
            head,
            result.committed,
            merged.deleted,
            theirs=theirs,
            look=f"{look} -- " + " ".join(merged.conflicts),
            their_author=_out(top, "log", "-1", "--format=%an", their_commits, "--", *their_paths),
            unsaved=unsaved,
        )

    # 1. commit what is pending (never private/, never a file with conflict markers or a link)
    kept: dict[str, str] = dict(state.get("kept") or {})
    pending = pending_files(repo, root)
    for path in pending:
        if (top / path).is_symlink():
            raise GitError(
                f"will not commit {named(path)}: it is a symbolic link, and mentorlog never "
                "shares links; put the file itself there (or delete the link), then run "
                "mentorlog sync again; nothing was shared"
            )
        line = conflict_marker_line(top / path)
        if line is not None:
            raise GitError(
                f"{named(path)}:{line}: still holds a merge conflict marker; keep the lines you "
                "want, delete the marker lines, then run mentorlog sync again",
            )
    for path in list(kept):
        if path not in pending:
            kept.pop(path)  # the file holds what the branch holds: nothing left to merge
    state["kept"] = kept
    ordinary = [p for p in pending if p not in kept]
    if ordinary:
        _step("committing")
        parent = str(repo.head.commit.hexsha) if repo.head.is_valid() else None
        try:
            repo.git.add("-A", "--", *ordinary)
            _step("staged")
            with repo.git.custom_environment(**env):
                repo.git.commit("--only", "-q", "-m", SYNC_MESSAGE, "--", *ordinary)
        except git.GitCommandError as exc:
            raise GitError(f"git commit failed: {_detail(exc)}; nothing was shared") from None
        _step("committed")
        result.committed = str(repo.head.commit.hexsha)
        result.committed_files = [named(p) for p in ordinary]
        # a hook that slipped other files (private ones) into it: undone, exit 2
        verify_commit(repo, result.committed, parent, ordinary, top, root.resolve())
    if not repo.head.is_valid():
        raise GitError("nothing to share yet: this repository has no commit")

    # 1b. edits saved while an earlier sync ran: merged now, against what they were based on
    if kept:
        head = str(repo.head.commit.hexsha)
        by_base: dict[str, list[str]] = {}
        for path, base in kept.items():
            by_base.setdefault(base, []).append(path)
        for base, paths in sorted(by_base.items()):
            side = _side_commit(top, gitdir, base, paths, env)
            names = both(head)  # the branch side holds the partner's version here
            flipped = (names[1], names[0]) if names is not None else None
            merged = _merge_trees(top, gitdir, prefix, head, side, flipped, generated)
            if merged.tree is None:
                return stopped(
                    merged,
                    head,
                    theirs=head,
                    look="git diff HEAD",
                    their_commits=head,
                    their_paths=paths,
                    unsaved=True,
                )
            new = _commit_tree(top, merged.tree, [head, side], KEPT_MESSAGE, env)
            result.kept_merged += [named(p) for p in paths]
            _advance(
                top, gitdir, state, branch, head, new, KEPT_MESSAGE, dict.fromkeys(paths, side)
            )
            for path in paths:
                if path not in state["kept"] or state["kept"][path] != side:
                    state["kept"].pop(path, None)
            head = new
        _save_state(gitdir, state)

    # 2. fetch, then merge theirs into ours (outside the work tree)
    url = ""
    try:
        url = repo.remote(remote).url
        _step("fetching")
        with repo.git.custom_environment(**_network_env()):
            repo.git.fetch("-q", remote)
        _step("fetched")
    except (git.GitCommandError, ValueError) as exc:
        raise GitError(
            f"cannot reach the remote '{remote}' ({url}): {_detail(exc)}; nothing was pulled or "
            "pushed; your changes are committed here and go out with the next mentorlog sync"
        ) from None
    theirs = _rev(top, f"refs/remotes/{upstream}")
    head = str(repo.head.commit.hexsha)
    code, found = (
        _run(top, ["merge-base", head, theirs], ok=(0, 1)) if theirs is not None else (0, b"")
    )
    base = found.decode().strip()
    if code != 0:
        raise GitError(
            f"this repository and {upstream} share no history (each of you started one?): "
            "keep one of them; the other partner moves their files into a fresh "
            "git clone URL and runs mentorlog sync there; nothing was changed here"
        )
    if theirs is not None and base != theirs:  # theirs has commits we lack
        incoming = _out(top, "rev-list", "--reverse", f"{head}..{theirs}").split()
        if base == head:
            new = theirs  # fast-forward
        else:
            merged = _merge_trees(top, gitdir, prefix, head, theirs, both(theirs), generated)
            if merged.tree is None:
                return stopped(
                    merged,
                    head,
                    theirs=theirs,
                    look=f"git diff HEAD {upstream}",
                    their_commits=f"{head}..{theirs}",
                    their_paths=[f"{prefix}/{c}" if prefix else c for c in merged.conflicts],
                )
            new = _commit_tree(
                top, merged.tree, [head, theirs], MERGE_MESSAGE.format(upstream=upstream), env
            )
        _advance(top, gitdir, state, branch, head, new, f"mentorlog: sync {upstream}")
        result.pulled = incoming
        changed = _out(top, "diff", "--name-only", f"{head}...{theirs}", "--")
        result.pulled_files = sorted({named(f) for f in changed.splitlines() if f})

    # 2b. rebuild the generated files from the merged sources
    if after_pull is not None and result.pulled:
        rebuilt = [p for p in after_pull() if not is_private(Path(p).as_posix())]
        _step("generated rebuilt")
        rels = [f"{prefix}/{Path(p).as_posix()}" if prefix else Path(p).as_posix() for p in rebuilt]
        rels = [r for r in rels if r not in state.get("kept", {})]
        if rels:
            try:
                repo.git.add("--", *rels)
                if repo.git.status("--porcelain", "--", *rels).strip():
                    _step("generated staged")
                    with repo.git.custom_environment(**env):
                        repo.git.commit("--only", "-q", "-m", "mentorlog: schedule", "--", *rels)
                    _step("generated committed")
            except git.GitCommandError as exc:
                raise GitError(f"git commit failed: {_detail(exc)}; nothing was pushed") from None

    # 3. push (never a commit that adds a link or a private/ file)
    has_upstream = theirs is not None
    outgoing_revs = (
        [f"{theirs}..HEAD"] if has_upstream else ["HEAD", "--not", f"--remotes={remote}"]
    )
    refusal = _outgoing_refusal(top, prefix, outgoing_revs)
    if refusal is not None:
        commit, why = refusal
        raise GitError(
            f"will not push: commit {commit[:7]} adds {why}; take it out of that commit "
            "first (git rm -r --cached PATH, then git commit --amend if it is the last "
            "commit); nothing was pushed"
        )
    outgoing = repo.git.rev_list("--count", *outgoing_revs)
    result.pushed = int(outgoing or 0)
    if result.pushed:
        _step("pushing")
        try:
            with repo.git.custom_environment(**_network_env()):
                repo.git.push("-q", "--set-upstream", remote, f"HEAD:refs/heads/{branch}")
        except git.GitCommandError as exc:
            raise GitError(
                f"the remote '{remote}' refused the push: {_detail(exc)}; your commits are safe "
                "here; if your partner pushed meanwhile, run mentorlog sync again"
            ) from None
        _step("pushed")
    elif branch_upstream_missing(repo):
        with contextlib.suppress(git.GitCommandError):
            repo.git.branch(f"--set-upstream-to={upstream}")
    _finish(gitdir, state)
    result.kept = sorted(named(p) for p in state.get("kept", {}))
    return result


def _side_commit(
    top: Path, gitdir: Path, base: str, paths: Sequence[str], env: dict[str, str]
) -> str:
    """A commit on ``base`` holding the work tree's bytes of ``paths`` (kept user edits)."""
    index = gitdir / "mentorlog" / f"kept-index.{os.getpid()}"
    genv = {**env, "GIT_INDEX_FILE": str(index)}
    try:
        _run(top, ["read-tree", base], env=genv)
        present = [p for p in paths if (top / p).is_file() and not (top / p).is_symlink()]
        gone = [p for p in paths if p not in present]
        if present:
            _run(top, ["add", "-f", "--", *present], env=genv)
        if gone:
            _run(top, ["rm", "-q", "--cached", "--ignore-unmatch", "--", *gone], env=genv)
        tree = _run(top, ["write-tree"], env=genv)[1].decode().strip()
    finally:
        with contextlib.suppress(FileNotFoundError):
            index.unlink()
    return _commit_tree(top, tree, [base], KEPT_MESSAGE, env)


def branch_upstream_missing(repo: Any) -> bool:
    return repo.active_branch.tracking_branch() is None


def add_remote(root: Path, url: str, name: str = "origin") -> None:
    git = _git()
    repo = open_repo(root)
    if repo is None:
        raise GitError(f"{root} is not a git repository")
    try:
        repo.create_remote(name, url)
    except git.GitCommandError as exc:
        raise GitError(f"cannot add the remote {name} ({url}): {_detail(exc)}") from None


def push_first(root: Path, name: str = "origin") -> str:
    """Push the current branch to ``name``, make it the branch's upstream; return its name."""
    git = _git()
    repo = open_repo(root)
    if repo is None or not repo.head.is_valid():
        raise GitError("nothing to push yet")
    branch = repo.active_branch.name
    try:
        with repo.git.custom_environment(**_network_env()):
            repo.git.push("-q", "--set-upstream", name, f"HEAD:refs/heads/{branch}")
    except git.GitCommandError as exc:
        raise GitError(f"could not push to {name}: {_detail(exc)}") from None
    return str(branch)


# ------------------------------------------------------------- merge driver


def driver_command() -> str:
    """The merge driver's command line: the running mentorlog, git's %O %A %B %P."""
    import shlex

    return f"{shlex.quote(sys.executable)} -m mentorlog merge-file %O %A %B %P"


def ensure_merge_driver(root: Path) -> bool:
    """Define the ``mentorlog`` merge driver in the repository's own git config.

    .gitattributes routes *.md and schedule.ics to it; with it defined, a plain
    ``git pull`` merges the way ``mentorlog sync`` does. Returns True when the
    config changed; False when it was already right or there is no repository.
    """
    from mentorlog.text.merge import DRIVER

    repo = open_repo(root)
    if repo is None:
        return False
    wanted = {
        f"merge.{DRIVER}.name": "mentorlog: merge the partners' versions",
        f"merge.{DRIVER}.driver": driver_command(),
    }
    changed = False
    git = _git()
    for key, value in wanted.items():
        if _config(repo, key) != value:
            try:
                repo.git.config("--local", key, value)
            except git.GitCommandError as exc:
                raise GitError(f"cannot set {key} in the git config: {_detail(exc)}") from None
            changed = True
    return changed


GITATTRIBUTES_FILE = ".gitattributes"


def ensure_gitattributes(root: Path) -> bool:
    """Make sure ``root/.gitattributes`` routes mentorlog's files to the merge driver.

    A missing file is written with :data:`mentorlog.text.merge.GITATTRIBUTES`; an
    existing one gains only the lines it lacks (its other lines, line endings
    and a missing final newline before them are kept). Returns True when the
    file was written: the caller commits it (``init`` with its first commit,
    ``join`` and ``sync`` for older repositories).
    """
    from mentorlog.store import files
    from mentorlog.text.merge import GITATTRIBUTES

    path = root / GITATTRIBUTES_FILE
    wanted = GITATTRIBUTES.splitlines()
    if not path.exists() and not path.is_symlink():
        header = "# mentorlog: merge the partners' versions (mentorlog merge-file)\n"
        files.atomic_write(path, (header + GITATTRIBUTES).encode())
        return True
    if path.is_symlink() or not path.is_file():
        raise GitError(f"{GITATTRIBUTES_FILE} is not a regular file; mentorlog leaves it alone")
    data = path.read_bytes()
    have = {" ".join(ln.split()) for ln in data.decode("utf-8", "replace").splitlines()}
    missing = [ln for ln in wanted if ln not in have]
    if not missing:
        return False
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    sep = b"" if not data or data.endswith(b"\n") else newline
    added = b"".join(ln.encode() + newline for ln in missing)
    files.replace_bytes(path, data, data + sep + added, GITATTRIBUTES_FILE)
    return True


# ------------------------------------------------------------------- joining

ME_KEY = "mentorlog.me"
JOIN_BRANCH = "main"


def clone(url: str, dest: Path, branch: str = JOIN_BRANCH) -> None:
    """Clone ``url`` into ``dest`` on ``branch``, whatever the remote's HEAD names."""
    git = _git()
    try:
        git.Repo.clone_from(url, str(dest), env=_network_env(), branch=branch)
    except git.GitCommandError as exc:
        raise GitError(f"cannot clone {url} (branch {branch}): {_detail(exc)}") from None


def identity_name(root: Path) -> str:
    """``user.name`` as git sees it in the repository of ``root`` ('' when unset)."""
    repo = open_repo(root)
    return "" if repo is None else _config(repo, "user.name")


def get_me(root: Path) -> str | None:
    """Who uses this clone (``mentorlog.me``: mentee or mentor), None when unset."""
    repo = open_repo(root)
    value = _config(repo, ME_KEY).strip().lower() if repo is not None else ""
    return value or None


def set_me(root: Path, role: str) -> None:
    git = _git()
    repo = open_repo(root)
    if repo is None:
        raise GitError(f"{root} is not a git repository")
    try:
        repo.git.config("--local", ME_KEY, role)
    except git.GitCommandError as exc:
        raise GitError(f"cannot set {ME_KEY} in the git config: {_detail(exc)}") from None
