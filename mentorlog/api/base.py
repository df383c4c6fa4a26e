"""What every use case shares: finding and loading a repository, committing what it wrote."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from mentorlog.model import Partnership
from mentorlog.store import paths, reading, safety
from mentorlog.store.gitstore import commit_files

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
    committed = commit_files(root, paths, message, fallback_name)
    safety.committed()  # nothing left for the next command to finish
    return committed
