"""The folder ``prep``, ``prospect`` and ``ask`` work in (before a partnership, or in one)."""

from __future__ import annotations

from pathlib import Path

from mentorlog.errors import NotARepository
from mentorlog.rules.prep import PREP
from mentorlog.rules.prospect_table import PROSPECTS
from mentorlog.store.paths import find_root


def find_prep_root(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """The folder prep, prospect and ask work in.

    ``-C DIR`` when given; else the current folder when it holds prep.md or
    prospects.md; else the nearest folder up that holds agreement.md (a
    partnership prepared before ``init``); else the current folder.
    """
    if explicit is not None:
        return explicit.expanduser()
    here = (cwd or Path.cwd()).resolve()
    if (here / PREP).is_file() or (here / PROSPECTS).is_file():
        return here
    try:
        return find_root(None, here)
    except NotARepository:
        return here
