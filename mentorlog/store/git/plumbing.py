"""git's plumbing commands as sync runs them: bytes in, bytes out, outside the work tree.

sync needs exact bytes (blobs, NUL-separated listings, a scratch index through
GIT_INDEX_FILE), so it runs these git commands itself rather than through
GitPython's string interface; ancestry comes from GitPython. Every failure is
a :class:`GitFailed`.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import git

ZERO = "0" * 40

#: a file's entry in a tree: (mode, blob id)
Entry = tuple[str, str]


class GitFailed(Exception):
    """A git plumbing command failed; ``detail`` is its most telling line."""

    def __init__(self, args: Sequence[str], stderr: bytes, code: int):
        super().__init__(f"git {' '.join(args)}: exit {code}")
        self.code = code
        text = stderr.decode("utf-8", errors="replace")
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        chosen = next((ln for ln in lines if ln.startswith(("fatal:", "error:"))), None)
        self.detail = chosen or (lines[-1] if lines else f"git {args[0]} failed")


def run(
    top: Path,
    args: Sequence[str],
    *,
    input: bytes | None = None,
    env: dict[str, str] | None = None,
    ok: Sequence[int] = (0,),
) -> tuple[int, bytes]:
    """Run git in ``top``: (exit code, standard output as bytes)."""
    full = dict(os.environ)
    full.update(env or {})
    done = subprocess.run(
        ["git", *args], cwd=top, input=input, capture_output=True, env=full, check=False
    )
    if done.returncode not in ok:
        raise GitFailed(args, done.stderr, done.returncode)
    return done.returncode, done.stdout


def out(top: Path, *args: str) -> str:
    return run(top, args)[1].decode("utf-8", errors="surrogateescape").strip()


def rev(top: Path, ref: str) -> str | None:
    code, found = run(top, ["rev-parse", "-q", "--verify", f"{ref}^{{commit}}"], ok=(0, 1, 128))
    return found.decode().strip() if code == 0 else None


def entries(top: Path, commit: str, under: str = "") -> dict[str, Entry]:
    """path -> (mode, blob) of every file in ``commit`` (under a folder, if given)."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if under:
        args += ["--", under]
    found: dict[str, Entry] = {}
    for entry in run(top, args)[1].split(b"\0"):
        if entry:
            info, path = entry.split(b"\t", 1)
            mode, _kind, sha = info.decode().split()
            found[path.decode("utf-8", errors="surrogateescape")] = (mode, sha)
    return found


#: a file that differs between two commits: (path, old entry or None, new entry or None)
Change = tuple[str, Entry | None, Entry | None]


def changes(top: Path, old: str, new: str) -> list[Change]:
    """(path, old (mode, blob) or None, new (mode, blob) or None) for each file that differs."""
    raw = run(top, ["diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", old, new])[1]
    tokens = raw.split(b"\0")
    found: list[Change] = []
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
        found.append((path, before, after))
        i += 2
    return found


def index_info(edits: Sequence[tuple[str, Entry | None]]) -> bytes:
    """``git update-index -z --index-info`` input setting each path to its entry (None:
    removed)."""
    lines = "".join(f"{e[0]} {e[1]}\t{p}\0" if e else f"0 {ZERO}\t{p}\0" for p, e in edits)
    return lines.encode("utf-8", errors="surrogateescape")


def write_tree(top: Path, env: dict[str, str]) -> str:
    return run(top, ["write-tree"], env=env)[1].decode().strip()


def commit_tree(
    top: Path, tree: str, parents: Sequence[str], message: str, env: dict[str, str]
) -> str:
    args = ["commit-tree", tree]
    for parent in parents:
        args += ["-p", parent]
    return run(top, [*args, "-m", message], env=env)[1].decode().strip()


def merge_base(repo: git.Repo, ours: str, theirs: str) -> str | None:
    """The best common ancestor of two commits, None when they share no history."""
    import git

    try:
        found = repo.merge_base(ours, theirs)
    except git.GitCommandError as exc:
        raise GitFailed(["merge-base"], str(exc.stderr).encode(), 128) from None
    return str(found[0].hexsha) if found else None


def is_ancestor(repo: git.Repo, older: str, newer: str) -> bool:
    """Whether commit ``older`` is ``newer`` or one of its ancestors."""
    import git

    try:
        return repo.is_ancestor(repo.commit(older), repo.commit(newer))
    except (ValueError, git.BadName, git.GitCommandError) as exc:
        raise GitFailed(["merge-base"], str(exc).encode(), 128) from None
