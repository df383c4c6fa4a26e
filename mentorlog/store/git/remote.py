"""The remote: which one sync talks to, adding it, the first push, and cloning (join)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mentorlog.errors import GitError
from mentorlog.store.git.repository import detail, network_env, open_repo, require_git

if TYPE_CHECKING:
    import git

JOIN_BRANCH = "main"


def clone(url: str, dest: Path, branch: str = JOIN_BRANCH) -> None:
    """Clone ``url`` into ``dest`` on ``branch``, whatever the remote's HEAD names."""
    require_git()
    import git

    try:
        git.Repo.clone_from(url, str(dest), env=network_env(), branch=branch)
    except git.GitCommandError as exc:
        raise GitError(f"cannot clone {url} (branch {branch}): {detail(exc)}") from None


def upstream_of(repo: git.Repo) -> tuple[str, str]:
    """``(remote, branch)`` to sync with: the upstream, else origin (or the only remote)."""
    try:
        branch = repo.active_branch
    except TypeError:
        raise GitError(
            "not on a branch (detached HEAD): switch to your branch first (git switch main), "
            "then run mentorlog sync again"
        ) from None
    tracking = branch.tracking_branch()
    names = [r.name for r in repo.remotes]
    if tracking is not None and tracking.remote_name in names:
        return str(tracking.remote_name), str(tracking.remote_head)
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


def add_remote(root: Path, url: str, name: str = "origin") -> None:
    repo = open_repo(root)
    if repo is None:
        raise GitError(f"{root} is not a git repository")
    import git

    try:
        repo.create_remote(name, url)
    except git.GitCommandError as exc:
        raise GitError(f"cannot add the remote {name} ({url}): {detail(exc)}") from None


def push(repo: git.Repo, remote: str, branch: str) -> None:
    """Push HEAD to ``remote``'s ``branch`` and make that the upstream (GitCommandError
    when the remote refuses)."""
    with repo.git.custom_environment(**network_env()):
        repo.git.push("-q", "--set-upstream", remote, f"HEAD:refs/heads/{branch}")


def push_first(root: Path, name: str = "origin") -> str:
    """Push the current branch to ``name``, make it the branch's upstream; return its name."""
    repo = open_repo(root)
    if repo is None or not repo.head.is_valid():
        raise GitError("nothing to push yet")
    import git

    branch = repo.active_branch.name
    try:
        push(repo, name, branch)
    except git.GitCommandError as exc:
        raise GitError(f"could not push to {name}: {detail(exc)}") from None
    return str(branch)
