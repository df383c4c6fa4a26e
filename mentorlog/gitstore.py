"""Git: commits of exactly the files a command wrote, and sync.

The only module that imports GitPython, and only inside its functions, so
commands that do not commit never pay for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import GitError

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
    git = _git()
    try:
        repo.git.add("--", *rels)
        if not repo.git.status("--porcelain", "--", *rels).strip():
            return None
        env = identity_env(repo, fallback_name)
        with repo.git.custom_environment(**env):
            repo.git.commit("--only", "-q", "-m", message, "--", *rels)
    except git.GitCommandError as exc:
        detail = (exc.stderr or "").strip().splitlines()
        raise GitError(
            f"git commit failed: {detail[-1] if detail else exc}; "
            "the files are written but not committed"
        ) from None
    return str(repo.head.commit.hexsha)
