"""Who is committing: the git identity, and who uses this clone (``mentorlog.me``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mentorlog.errors import GitError
from mentorlog.store.git.repository import open_repo, set_setting, setting

if TYPE_CHECKING:
    import git

ME_KEY = "mentorlog.me"

#: where the git layer says what the user should know (the CLI prints it as a note)
Note = Callable[[str], None]


def whoami(root: Path) -> tuple[str, str]:
    """``(mentorlog.me, the git identity's name)`` for the repository at ``root``
    ("" for what is not set; the name from GIT_AUTHOR_NAME first, as commits do)."""
    return get_me(root) or "", os.environ.get("GIT_AUTHOR_NAME") or identity_name(root)


def identity_env(repo: git.Repo, fallback_name: str, note: Note) -> dict[str, str]:
    """Environment for a commit when no git identity is configured (empty otherwise);
    ``note`` is told the identity used instead."""
    name = os.environ.get("GIT_AUTHOR_NAME") or setting(repo, "user.name")
    email = os.environ.get("GIT_AUTHOR_EMAIL") or setting(repo, "user.email")
    if name and email:
        return {}
    name = str(name or fallback_name or "mentorlog")
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "mentorlog"
    email = str(email or f"{slug}@mentorlog.invalid")
    note(
        f"no git identity is configured; committing as '{name} <{email}>'. "
        "Set yours with: git config --global user.name 'Your Name'; "
        "git config --global user.email you@example.org"
    )
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }


def identity_name(root: Path) -> str:
    """``user.name`` as git sees it in the repository of ``root`` ('' when unset)."""
    repo = open_repo(root)
    return "" if repo is None else setting(repo, "user.name")


def get_me(root: Path) -> str | None:
    """Who uses this clone (``mentorlog.me``: mentee or mentor), None when unset."""
    repo = open_repo(root)
    value = setting(repo, ME_KEY).strip().lower() if repo is not None else ""
    return value or None


def set_me(root: Path, role: str) -> None:
    repo = open_repo(root)
    if repo is None:
        raise GitError(f"{root} is not a git repository")
    set_setting(repo, ME_KEY, role)
