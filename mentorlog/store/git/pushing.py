"""sync's last step: push, never a commit that adds a symbolic link or a private/ file."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from mentorlog.errors import GitError
from mentorlog.store.git import record
from mentorlog.store.git.outcome import Run
from mentorlog.store.git.plumbing import run
from mentorlog.store.git.remote import push
from mentorlog.store.git.repository import detail, is_private, root_rel


def push_outgoing(sync: Run, theirs: str | None) -> None:
    """Push what the remote lacks (refusing a link or a private/ file); without anything to
    push, make the remote's branch the upstream if it is not yet."""
    import git

    repo, remote, branch = sync.repo, sync.result.remote, sync.result.branch
    has_upstream = theirs is not None
    outgoing_revs = (
        [f"{theirs}..HEAD"] if has_upstream else ["HEAD", "--not", f"--remotes={remote}"]
    )
    refusal = _outgoing_refusal(sync.top, sync.prefix, outgoing_revs)
    if refusal is not None:
        commit, why = refusal
        raise GitError(
            f"will not push: commit {commit[:7]} adds {why}; take it out of that commit "
            "first (git rm -r --cached PATH, then git commit --amend if it is the last "
            "commit); nothing was pushed"
        )
    outgoing = repo.git.rev_list("--count", *outgoing_revs)
    sync.result.pushed = int(outgoing or 0)
    if sync.result.pushed:
        record.step("pushing")
        try:
            push(repo, remote, branch)
        except git.GitCommandError as exc:
            raise GitError(
                f"the remote '{remote}' refused the push: {detail(exc)}; your commits are safe "
                "here; if your partner pushed meanwhile, run mentorlog sync again"
            ) from None
        record.step("pushed")
    elif repo.active_branch.tracking_branch() is None:
        with contextlib.suppress(git.GitCommandError):
            repo.git.branch(f"--set-upstream-to={sync.upstream}")


def _unshareable(path: str, mode: str, prefix: str) -> str | None:
    rel = root_rel(prefix, path)
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
    raw = run(
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
