"""What every use case shares: finding and loading a repository, committing what it wrote."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from mentorlog.model import Partnership
from mentorlog.store import intent, paths, reading
from mentorlog.store.git.commits import commit_files

#: Notes on the way (the git identity a commit used, a file left for the next sync).
#: A program using the api sees them through logging; the command prints them as
#: ``mentorlog: note: ...``.
log = logging.getLogger("mentorlog")


def note(message: str) -> None:
    log.warning(message)


#: Called with a file a use case wrote, before it is committed (the CLI opens the editor).
BeforeCommit = Callable[[Path], None]


def find(directory: Path | None = None) -> Path:
    """The root of the mentoring repository at ``directory`` (default: the nearest
    folder up from the current one that holds agreement.md)."""
    return paths.find_root(directory)


def load(root: Path) -> Partnership:
    """Everything in the repository at ``root``; problems in files other than
    agreement.md are in ``.problems`` (a broken agreement.md raises BadFile)."""
    return reading.load(root)


def commit(root: Path, paths: Sequence[Path], message: str, fallback_name: str = "") -> str | None:
    """Commit exactly ``paths`` (relative to ``root``); the commit id, or None when
    there is no git repository or nothing changed."""
    if not paths:
        return None
    committed = commit_files(root, paths, message, fallback_name, note)
    intent.committed()  # nothing left for the next command to finish
    return committed
