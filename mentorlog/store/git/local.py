"""sync's first steps, on this side: commit what is pending, then merge the edits saved
while an earlier sync ran."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

from mentorlog.errors import GitError
from mentorlog.store.git import record
from mentorlog.store.git.commits import conflict_marker_line, pending_files, verify_commit
from mentorlog.store.git.mergetree import merge_trees
from mentorlog.store.git.outcome import Conflict, Run
from mentorlog.store.git.plumbing import commit_tree, run, write_tree
from mentorlog.store.git.repository import detail
from mentorlog.store.git.worktree import advance

SYNC_MESSAGE = "mentorlog: sync"
KEPT_MESSAGE = "mentorlog: sync (edits saved while the last sync ran)"


def commit_pending(sync: Run) -> None:
    """Commit what is pending (never private/, never a file with conflict markers or a link,
    never a file holding edits saved while the last sync ran: those are merged next)."""
    import git

    repo = sync.repo
    kept: dict[str, str] = dict(sync.state.get("kept") or {})
    pending = pending_files(repo, sync.root)
    _refuse_pending(sync, pending)
    for path in list(kept):
        if path not in pending:
            kept.pop(path)  # the file holds what the branch holds: nothing left to merge
    sync.state["kept"] = kept
    ordinary = [p for p in pending if p not in kept]
    if ordinary:
        record.step("committing")
        parent = str(repo.head.commit.hexsha) if repo.head.is_valid() else None
        try:
            repo.git.add("-A", "--", *ordinary)
            record.step("staged")
            with repo.git.custom_environment(**sync.env):
                repo.git.commit("--only", "-q", "-m", SYNC_MESSAGE, "--", *ordinary)
        except git.GitCommandError as exc:
            raise GitError(f"git commit failed: {detail(exc)}; nothing was shared") from None
        record.step("committed")
        sync.result.committed = str(repo.head.commit.hexsha)
        sync.result.committed_files = [sync.named(p) for p in ordinary]
        # a hook that slipped other files (private ones) into it: undone, exit 2
        verify_commit(repo, sync.result.committed, parent, ordinary, sync.root.resolve())
    if not repo.head.is_valid():
        raise GitError("nothing to share yet: this repository has no commit")


def _refuse_pending(sync: Run, pending: Sequence[str]) -> None:
    """GitError for a pending file sync never commits: a link, a file with conflict markers."""
    for path in pending:
        if (sync.top / path).is_symlink():
            raise GitError(
                f"will not commit {sync.named(path)}: it is a symbolic link, and mentorlog never "
                "shares links; put the file itself there (or delete the link), then run "
                "mentorlog sync again; nothing was shared"
            )
        line = conflict_marker_line(sync.top / path)
        if line is not None:
            raise GitError(
                f"{sync.named(path)}:{line}: still holds a merge conflict marker; keep the lines "
                "you want, delete the marker lines, then run mentorlog sync again",
            )


def merge_kept(sync: Run) -> Conflict | None:
    """Edits saved while an earlier sync ran: merged now, against what they were based on."""
    kept: dict[str, str] = sync.state["kept"]
    if not kept:
        return None
    top, gitdir = sync.top, sync.gitdir
    head = str(sync.repo.head.commit.hexsha)
    by_base: dict[str, list[str]] = {}
    for path, base in kept.items():
        by_base.setdefault(base, []).append(path)
    for base, paths in sorted(by_base.items()):
        side = _side_commit(top, gitdir, base, paths, sync.env)
        names = sync.both(head)  # the branch side holds the partner's version here
        flipped = (names[1], names[0]) if names is not None else None
        merged = merge_trees(sync.repo, sync.prefix, head, side, flipped, sync.generated)
        if merged.tree is None:
            return sync.stopped(
                merged,
                head,
                theirs=head,
                look="git diff HEAD",
                their_commits=head,
                their_paths=paths,
                unsaved=True,
            )
        new = commit_tree(top, merged.tree, [head, side], KEPT_MESSAGE, sync.env)
        sync.result.kept_merged += [sync.named(p) for p in paths]
        expected = dict.fromkeys(paths, side)
        advance(top, gitdir, sync.state, sync.result.branch, head, new, KEPT_MESSAGE, expected)
        for path in paths:
            if path not in sync.state["kept"] or sync.state["kept"][path] != side:
                sync.state["kept"].pop(path, None)
        head = new
    record.save_state(gitdir, sync.state)
    return None


def _side_commit(
    top: Path, gitdir: Path, base: str, paths: Sequence[str], env: dict[str, str]
) -> str:
    """A commit on ``base`` holding the work tree's bytes of ``paths`` (kept user edits)."""
    index = gitdir / "mentorlog" / f"kept-index.{os.getpid()}"
    genv = {**env, "GIT_INDEX_FILE": str(index)}
    try:
        run(top, ["read-tree", base], env=genv)
        present = [p for p in paths if (top / p).is_file() and not (top / p).is_symlink()]
        gone = [p for p in paths if p not in present]
        if present:
            run(top, ["add", "-f", "--", *present], env=genv)
        if gone:
            run(top, ["rm", "-q", "--cached", "--ignore-unmatch", "--", *gone], env=genv)
        tree = write_tree(top, genv)
    finally:
        with contextlib.suppress(FileNotFoundError):
            index.unlink()
    return commit_tree(top, tree, [base], KEPT_MESSAGE, env)
