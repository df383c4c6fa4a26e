"""The mentorlog merge driver in git's config, and the .gitattributes that routes files to it.

With both in place a plain ``git pull`` merges the way ``mentorlog sync`` does.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from mentorlog.errors import GitError
from mentorlog.store import files
from mentorlog.store.git.repository import open_repo, set_setting, setting
from mentorlog.text.merge import DRIVER, GITATTRIBUTES

GITATTRIBUTES_FILE = ".gitattributes"
DRIVER_NAME = "mentorlog: merge the partners' versions"


def driver_command() -> str:
    """The merge driver's command line: the running mentorlog, git's %O %A %B %P."""
    return f"{shlex.quote(sys.executable)} -m mentorlog merge-file %O %A %B %P"


def driver_config() -> dict[str, str]:
    """The git settings that define the driver."""
    return {f"merge.{DRIVER}.name": DRIVER_NAME, f"merge.{DRIVER}.driver": driver_command()}


def ensure_merge_driver(root: Path) -> bool:
    """Define the ``mentorlog`` merge driver in the repository's own git config.

    .gitattributes routes *.md and schedule.ics to it; with it defined, a plain
    ``git pull`` merges the way ``mentorlog sync`` does. Returns True when the
    config changed; False when it was already right or there is no repository.
    """
    repo = open_repo(root)
    if repo is None:
        return False
    changed = False
    for key, value in driver_config().items():
        if setting(repo, key) != value:
            set_setting(repo, key, value)
            changed = True
    return changed


def ensure_gitattributes(root: Path) -> bool:
    """Make sure ``root/.gitattributes`` routes mentorlog's files to the merge driver.

    A missing file is written with :data:`mentorlog.text.merge.GITATTRIBUTES`; an
    existing one gains only the lines it lacks (its other lines, line endings
    and a missing final newline before them are kept). Returns True when the
    file was written: the caller commits it (``init`` with its first commit,
    ``join`` and ``sync`` for older repositories).
    """
    path = root / GITATTRIBUTES_FILE
    wanted = GITATTRIBUTES.splitlines()
    if not path.exists() and not path.is_symlink():
        header = "# mentorlog: merge the partners' versions (mentorlog merge-file)\n"
        files.atomic_write(path, (header + GITATTRIBUTES).encode())
        return True
    if path.is_symlink() or not path.is_file():
        raise GitError(f"{GITATTRIBUTES_FILE} is not a regular file; mentorlog leaves it alone")
    data = path.read_bytes()
    have = {" ".join(ln.split()) for ln in data.decode("utf-8", "replace").splitlines()}
    missing = [ln for ln in wanted if ln not in have]
    if not missing:
        return False
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    sep = b"" if not data or data.endswith(b"\n") else newline
    added = b"".join(ln.encode() + newline for ln in missing)
    files.replace_bytes(path, data, data + sep + added, GITATTRIBUTES_FILE)
    return True
