"""Committing what a use case wrote (the writing commands' last step).

Apart from api.base so that a read (find, load, status) does not import the intent
record, git and the merge engine it never uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mentorlog.api.base import note
from mentorlog.store import intent
from mentorlog.store.git.commits import commit_files


def commit(root: Path, paths: Sequence[Path], message: str, fallback_name: str = "") -> str | None:
    """Commit exactly ``paths`` (relative to ``root``); the commit id, or None when
    there is no git repository or nothing changed."""
    if not paths:
        return None
    committed = commit_files(root, paths, message, fallback_name, note)
    intent.committed()  # nothing left for the next command to finish
    return committed
