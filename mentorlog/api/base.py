"""What every use case shares: finding and loading a repository, notes on the way.

Committing is in api.committing (a read imports none of git or the intent record)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mentorlog.model import Partnership
from mentorlog.store import paths, reading

#: Who hears the api's notes (the git identity a commit used, a file left for the
#: next sync) instead of the logger ``mentorlog``: the command adds one that prints
#: ``mentorlog: note: ...``. A program using the api sees them through logging.
listeners: list[Callable[[str], None]] = []


def note(message: str) -> None:
    for listen in listeners:
        listen(message)
    import logging  # only when there is something to say: a read imports none of it

    log = logging.getLogger("mentorlog")
    if not listeners or log.handlers:  # a listener said it: logging only to its own handlers
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
