"""Three-way merge of mentorlog files: the engine behind ``mentorlog merge-file``.

Pure: bytes in, bytes out, no I/O. ``sync`` and git (through the merge driver
that ``init``, ``join`` and ``sync`` configure) both come here.

Interface (stable; the engine behind it is being built):

- :func:`merge_bytes` merges BASE, OURS and THEIRS into one text and counts the
  real conflicts that remain. With ``keep_both=(our_author, their_author)``
  every real conflict is resolved by keeping both versions one after the
  other, each introduced by ``<!-- mentorlog: NAME's version -->``.
- ``schedule.ics`` never conflicts: it is rebuilt from the merged files after
  the merge, so the driver keeps ours.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

#: set by ``sync --keep-both`` for the driver: a JSON list ``[our_author, their_author]``
KEEP_BOTH_ENV = "MENTORLOG_MERGE_KEEP_BOTH"

#: the driver's name in .gitattributes and git config (``merge.mentorlog.driver``)
DRIVER = "mentorlog"

#: what ``init`` writes into .gitattributes
GITATTRIBUTES = f"*.md merge={DRIVER}\nschedule.ics merge={DRIVER}\n"

GENERATED = ("schedule.ics",)


@dataclass(frozen=True)
class MergeResult:
    text: bytes
    conflicts: int  # real conflicts left in ``text`` (0: clean)


def version_comment(author: str) -> str:
    """The comment that introduces one partner's version under ``sync --keep-both``."""
    return f"<!-- mentorlog: {author}'s version -->"


def keep_both_from_env() -> tuple[str, str] | None:
    raw = os.environ.get(KEEP_BOTH_ENV, "")
    if not raw:
        return None
    try:
        ours, theirs = json.loads(raw)
    except (ValueError, TypeError):
        return None
    return str(ours), str(theirs)


def is_generated(path: str) -> bool:
    return path.replace("\\", "/").rsplit("/", 1)[-1] in GENERATED


def merge_bytes(
    base: bytes,
    ours: bytes,
    theirs: bytes,
    path: str = "",
    keep_both: tuple[str, str] | None = None,
) -> MergeResult:
    """Merge THEIRS into OURS against BASE (a first version: whole files only)."""
    if ours == theirs or theirs == base:
        return MergeResult(ours, 0)
    if ours == base:
        return MergeResult(theirs, 0)
    if is_generated(path):
        return MergeResult(ours, 0)
    if keep_both is None:
        return MergeResult(ours, 1)
    nl = b"\r\n" if b"\r\n" in ours else b"\n"
    ours_part = ours if ours.endswith((b"\n", b"\r")) or not ours else ours + nl
    text = (
        version_comment(keep_both[0]).encode()
        + nl
        + ours_part
        + version_comment(keep_both[1]).encode()
        + nl
        + theirs
    )
    return MergeResult(text, 0)
