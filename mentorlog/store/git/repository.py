"""Opening the partnership's git repository and reading its settings and paths."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mentorlog.errors import GitError

if TYPE_CHECKING:
    import git

PRIVATE = "private"


def require_git() -> None:
    """GitError when GitPython cannot run (it raises ImportError when no git binary is found)."""
    try:
        import git  # noqa: F401
    except ImportError as exc:
        raise GitError(f"git is not available: {exc}; install git or use --no-commit") from None


def open_repo(root: Path) -> git.Repo | None:
    """The git repository holding ``root``, or None when there is none."""
    require_git()
    import git

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def init(root: Path) -> git.Repo:
    require_git()
    import git

    try:
        return git.Repo.init(root, initial_branch="main")
    except git.GitCommandError:
        return git.Repo.init(root)


def work_tree(repo: git.Repo) -> Path:
    """The top of ``repo``'s work tree (GitError for a bare repository: nothing to write in)."""
    if repo.working_tree_dir is None:
        raise GitError(f"{repo.git_dir} is a bare git repository; mentorlog needs a work tree")
    return Path(repo.working_tree_dir)


def ensure_own_repo(root: Path) -> bool:
    """Give ``root`` a git repository of its own unless it is the top of one already.

    A folder inside another repository (a home folder kept in git, a source
    checkout) gets its own: the partnership's commits and pushes must never
    reach the enclosing repository. Returns True when a repository was created.
    """
    repo = open_repo(root)
    if repo is not None and work_tree(repo).resolve() == root.resolve():
        return False
    init(root)
    return True


def is_private(relpath: str) -> bool:
    parts = Path(relpath).parts
    return bool(parts) and parts[0] == PRIVATE


def setting(repo: git.Repo, key: str) -> str:
    """A git setting as git itself sees it (honouring GIT_CONFIG_GLOBAL and friends), ''
    when unset."""
    import git

    try:
        return str(repo.git.config("--get", key)).strip()
    except git.GitCommandError:
        return ""


def set_setting(repo: git.Repo, key: str, value: str) -> None:
    """Set ``key`` in the repository's own git config (GitError when git refuses)."""
    import git

    try:
        repo.git.config("--local", key, value)
    except git.GitCommandError as exc:
        raise GitError(f"cannot set {key} in the git config: {detail(exc)}") from None


def detail(exc: Exception) -> str:
    """git's most telling line of an error."""
    lines = [ln.strip() for ln in str(getattr(exc, "stderr", "") or "").splitlines()]
    lines = [ln.removeprefix("stderr:").strip().strip("'\" ") for ln in lines]
    lines = [ln for ln in lines if ln]
    for ln in lines:
        if ln.startswith(("fatal:", "error:", "! [")):
            return ln
    return lines[-1] if lines else str(exc)


def network_env() -> dict[str, str]:
    """Environment for git talking to a remote: never hang waiting for a password nobody
    can type."""
    return {} if sys.stdin.isatty() else {"GIT_TERMINAL_PROMPT": "0"}


def top_rel(repo: git.Repo, root: Path) -> str:
    """The mentoring root relative to the git work tree ('' when they are the same)."""
    rel = root.resolve().relative_to(work_tree(repo).resolve()).as_posix()
    return "" if rel == "." else rel


def root_rel(prefix: str, path: str) -> str | None:
    """A work-tree path relative to the mentoring root, or None when outside it."""
    if not prefix:
        return path
    if path.startswith(prefix + "/"):
        return path[len(prefix) + 1 :]
    return None
