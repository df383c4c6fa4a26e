"""Where a repository is and which of its paths may be read or written: the path sandbox.

:func:`find_root` finds the repository; :func:`inside` refuses a user-given name
that would lead outside it; :func:`refuse_reading` says why a file a pattern found
is not read (a link, a pipe, a folder named like a file).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from mentorlog.errors import NotARepository, UsageError
from mentorlog.model.names import AGREEMENT
from mentorlog.store.refusals import refuse_path


def find_root(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """The repository root: ``explicit`` (``-C``) or the nearest folder up with agreement.md."""
    if explicit is not None:
        root = explicit.expanduser()
        if not (root / AGREEMENT).is_file():
            hint = plain_clone_hint(root)
            if hint:
                raise NotARepository(f"no {AGREEMENT} in {root}: {hint}")
            raise NotARepository(
                f"no {AGREEMENT} in {root}: run 'mentorlog init' there first, "
                "or point -C at your mentoring repository"
            )
        return root.resolve()  # as found by searching: paths joined to it work from any folder
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / AGREEMENT).is_file():
            return folder
    hint = plain_clone_hint(here)
    if hint:
        raise NotARepository(f"no {AGREEMENT} here: {hint}")
    raise NotARepository(
        f"no {AGREEMENT} here or in any folder above: run 'mentorlog init', "
        "'mentorlog demo', or use -C DIR"
    )


def plain_clone_hint(folder: Path) -> str:
    """What to do in a plain ``git clone`` of a shared partnership that checked out
    nothing (the remote's HEAD names another branch than main); '' otherwise.

    Reads .git's files only: no git command runs while looking for a repository.
    """
    gitdir = folder / ".git"
    if not gitdir.is_dir():
        return ""
    try:
        packed = (gitdir / "packed-refs").read_text(encoding="utf-8", errors="replace")
    except OSError:
        packed = ""
    try:  # nothing checked out: HEAD names a branch that has no commit
        head = (gitdir / "HEAD").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    branch = head.removeprefix("ref: ")
    if branch == head or (gitdir / branch).exists() or f" {branch}" in packed:
        return ""
    remotes = gitdir / "refs" / "remotes"
    has_main = any(
        line.endswith("/main") and " refs/remotes/" in line for line in packed.splitlines()
    ) or (remotes.is_dir() and any(remotes.glob("*/main")))
    if not has_main:
        return ""
    url = "URL"
    try:
        config = (gitdir / "config").read_text(encoding="utf-8", errors="replace")
        found = re.search(r"^\s*url\s*=\s*(\S+)\s*$", config, re.MULTILINE)
        url = found.group(1) if found else url
    except OSError:
        pass
    return (
        "this git clone checked out nothing (the shared repository's HEAD names another "
        f"branch than main); join the partnership instead: mentorlog join {url}"
    )


def refuse_reading(root: Path, path: Path) -> str | None:
    """Why a file that a pattern found is not read, or None to read it.

    A folder named like a file is no file, a named pipe or a device would block
    the read, and a symbolic link (the file or a folder on its way) is never
    followed, wherever it leads: what it holds could end up in a review or a commit.
    """
    try:
        relpath = path.relative_to(root)
    except ValueError:
        relpath = Path(os.path.relpath(path, root))
    return refuse_path(root, relpath)


def inside(root: Path, relpath: str | Path, what: str = "path") -> Path:
    """``root / relpath``, refusing anything that would land outside the repository.

    Names that come from users (dates, slugs, kinds...) pass through here before
    they become paths: an absolute path, ``..`` or a symlink pointing out of
    the repository is a UsageError.
    """
    rel_path = Path(relpath)
    if rel_path.is_absolute() or ".." in rel_path.parts:
        raise UsageError(f"{what} {str(relpath)!r} would be outside the repository")
    base = root.resolve()
    full = (base / rel_path).resolve()
    if full != base and base not in full.parents:
        raise UsageError(
            f"{what} {rel_path.as_posix()!r} leads outside the repository "
            "(through a symbolic link); mentorlog writes only inside it"
        )
    return root / rel_path
