"""sync: commit what is pending, merge the partner's commits, push; as named steps.

sync merges outside the working tree: it commits what is pending, fetches,
merges with ``git merge-tree --write-tree`` (our merge driver does the
files), moves the branch with a compare-and-swap, and only then brings the
working tree and the index up to date, file by file, where a file still
holds what sync committed. Nothing ever starts a rebase or a merge in the
working tree, and no autostash is made. An intent record, .git/mentorlog/
sync.json, lets the next sync finish one that was killed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mentorlog.errors import GitError
from mentorlog.store import gitstate
from mentorlog.store.git import record, resume
from mentorlog.store.git.driver import ensure_merge_driver
from mentorlog.store.git.identity import Note, identity_env
from mentorlog.store.git.local import commit_pending, merge_kept
from mentorlog.store.git.outcome import Conflict, Run, SyncResult
from mentorlog.store.git.plumbing import GitFailed
from mentorlog.store.git.pulling import fetch, pull, rebuild_generated
from mentorlog.store.git.pushing import push_outgoing
from mentorlog.store.git.remote import upstream_of
from mentorlog.store.git.repository import open_repo, top_rel, work_tree

if TYPE_CHECKING:
    import git

#: rebuilds the generated files once the merge is done; returns the paths it wrote
AfterPull = Callable[[], Sequence[Path]]


def ready_to_sync(root: Path) -> git.Repo:
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
    state = gitstate.in_progress(Path(repo.git_dir), sequencer=False)
    if state is not None:
        advice = gitstate.merge_advice(work_tree(repo), state)
        if advice is not None:
            raise GitError(
                f"a {state} is in progress in this repository (a git pull, say) and {advice}, "
                "then run mentorlog sync again"
            )
        raise GitError(
            f"a {state} is in progress in this repository: finish it "
            f"(git {state} --continue) or undo it (git {state} --abort), "
            "then run mentorlog sync again"
        )
    upstream_of(repo)
    return repo


def sync(
    root: Path,
    note: Note,
    fallback_name: str = "",
    after_pull: AfterPull | None = None,
    generated: Sequence[str] = (),
    keep_both: tuple[str, str | None] | None = None,
) -> SyncResult | Conflict:
    """Commit pending changes (never private/), merge the partner's, push.

    The merge happens outside the work tree (see the module's docstring); on a real
    conflict nothing changes (the branch, the index and the work tree are as
    after the commit of pending changes) and a :class:`Conflict` names the files.
    ``keep_both=(our_name, their_name)`` resolves every real conflict by keeping
    both versions (their_name None: the author of the partner's newest commit).
    Other failures (no remote, unreachable remote, rejected push) raise GitError
    and leave the local commits in place. ``note`` is told what the user should
    know on the way (the commit identity used when none is configured).

    ``generated`` names files (relative to root) that are rebuilt from the
    others: they never conflict; ``after_pull`` rebuilds them once the merge
    is done and returns the paths it wrote, which are committed before the push.
    """
    try:
        return _sync(root, note, fallback_name, after_pull, generated, keep_both)
    except GitFailed as exc:
        raise GitError(
            f"git failed: {exc.detail}; what sync did so far is kept, and the next "
            "mentorlog sync carries on from there"
        ) from None


def _sync(
    root: Path,
    note: Note,
    fallback_name: str,
    after_pull: AfterPull | None,
    generated: Sequence[str],
    keep_both: tuple[str, str | None] | None,
) -> SyncResult | Conflict:
    record.restart_steps()
    repo = ready_to_sync(root)
    remote, branch = upstream_of(repo)
    result = SyncResult(remote=remote, branch=branch)
    env = identity_env(repo, fallback_name, note)
    ensure_merge_driver(root)
    begun = resume.begin(repo, remote, branch)
    result.resumed, result.locks_removed = begun.resumed, begun.locks_removed
    top = work_tree(repo)
    prefix = top_rel(repo, root)
    run = Run(repo, root, top, prefix, result, begun.state, env, generated, keep_both)
    try:
        return _steps(run, after_pull)
    finally:  # not reached when the process is killed: then the record says so
        record.finish(run.gitdir, run.state)


def _steps(sync: Run, after_pull: AfterPull | None) -> SyncResult | Conflict:
    """The steps, in order; a Conflict stops them, nothing changed since the first."""
    record.step("begun")
    commit_pending(sync)
    stopped = merge_kept(sync)
    if stopped is not None:
        return stopped
    theirs = fetch(sync)
    stopped = pull(sync, theirs)
    if stopped is not None:
        return stopped
    rebuild_generated(sync, after_pull)
    push_outgoing(sync, theirs)
    record.finish(sync.gitdir, sync.state)
    sync.result.kept = sorted(sync.named(p) for p in sync.state.get("kept", {}))
    return sync.result
