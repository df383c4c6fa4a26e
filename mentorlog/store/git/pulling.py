"""sync's middle steps: fetch, decide what the partner's commits need, merge them outside
the work tree, move the branch; then rebuild the generated files from the merged ones."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from mentorlog.errors import GitError
from mentorlog.store.git import record
from mentorlog.store.git.mergetree import merge_trees
from mentorlog.store.git.outcome import Conflict, Run
from mentorlog.store.git.plumbing import commit_tree, merge_base, out, rev
from mentorlog.store.git.repository import detail, is_private, network_env
from mentorlog.store.git.worktree import advance

MERGE_MESSAGE = "mentorlog: sync (merge {upstream})"

#: what the partner's commits need: nothing, moving our branch to theirs, or a merge
Decision = Literal["in step", "fast-forward", "merge"]


def fetch(sync: Run) -> str | None:
    """Fetch the remote; the upstream's commit (None when the remote lacks the branch)."""
    import git

    remote = sync.result.remote
    url = ""
    try:
        url = sync.repo.remote(remote).url
        record.step("fetching")
        with sync.repo.git.custom_environment(**network_env()):
            sync.repo.git.fetch("-q", remote)
        record.step("fetched")
    except (git.GitCommandError, ValueError) as exc:
        raise GitError(
            f"cannot reach the remote '{remote}' ({url}): {detail(exc)}; nothing was pulled or "
            "pushed; your changes are committed here and go out with the next mentorlog sync"
        ) from None
    return rev(sync.top, f"refs/remotes/{sync.upstream}")


def decide(sync: Run, head: str, theirs: str | None) -> Decision:
    """What bringing in ``theirs`` takes (GitError when the two share no history)."""
    if theirs is None:
        return "in step"
    base = merge_base(sync.repo, head, theirs)
    if base is None:
        raise GitError(
            f"this repository and {sync.upstream} share no history (each of you started one?): "
            "keep one of them; the other partner moves their files into a fresh "
            "git clone URL and runs mentorlog sync there; nothing was changed here"
        )
    if base == theirs:
        return "in step"  # theirs holds nothing we lack
    return "fast-forward" if base == head else "merge"


def pull(sync: Run, theirs: str | None) -> Conflict | None:
    """Bring in the partner's commits: decide, merge outside the work tree, move the
    branch (compare-and-swap) and the work tree with it."""
    head = str(sync.repo.head.commit.hexsha)
    decision = decide(sync, head, theirs)
    if theirs is None or decision == "in step":
        return None
    incoming = out(sync.top, "rev-list", "--reverse", f"{head}..{theirs}").split()
    new = theirs
    if decision == "merge":
        merged = merge_trees(
            sync.repo, sync.prefix, head, theirs, sync.both(theirs), sync.generated
        )
        if merged.tree is None:
            return sync.stopped(
                merged,
                head,
                theirs=theirs,
                look=f"git diff HEAD {sync.upstream}",
                their_commits=f"{head}..{theirs}",
                their_paths=[f"{sync.prefix}/{c}" if sync.prefix else c for c in merged.conflicts],
            )
        message = MERGE_MESSAGE.format(upstream=sync.upstream)
        new = commit_tree(sync.top, merged.tree, [head, theirs], message, sync.env)
    message = f"mentorlog: sync {sync.upstream}"
    advance(sync.top, sync.gitdir, sync.state, sync.result.branch, head, new, message)
    sync.result.pulled = incoming
    changed = out(sync.top, "diff", "--name-only", f"{head}...{theirs}", "--")
    sync.result.pulled_files = sorted({sync.named(f) for f in changed.splitlines() if f})
    return None


def rebuild_generated(sync: Run, after_pull: Callable[[], Sequence[Path]] | None) -> None:
    """Rebuild the generated files from the merged sources, and commit them."""
    import git

    if after_pull is None or not sync.result.pulled:
        return
    rebuilt = [p for p in after_pull() if not is_private(Path(p).as_posix())]
    record.step("generated rebuilt")
    prefix = sync.prefix
    rels = [f"{prefix}/{Path(p).as_posix()}" if prefix else Path(p).as_posix() for p in rebuilt]
    rels = [r for r in rels if r not in sync.state.get("kept", {})]
    if not rels:
        return
    repo = sync.repo
    try:
        repo.git.add("--", *rels)
        if repo.git.status("--porcelain", "--", *rels).strip():
            record.step("generated staged")
            with repo.git.custom_environment(**sync.env):
                repo.git.commit("--only", "-q", "-m", "mentorlog: schedule", "--", *rels)
            record.step("generated committed")
    except git.GitCommandError as exc:
        raise GitError(f"git commit failed: {detail(exc)}; nothing was pushed") from None
