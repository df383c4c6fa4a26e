"""Three-way merge of mentorlog files: the engine behind ``mentorlog merge-file``.

Pure: bytes in, bytes out, no I/O. ``sync`` and git (through the merge driver
that ``init``, ``join`` and ``sync`` configure) both come here.

- :func:`merge_bytes` merges BASE, OURS and THEIRS into one text and counts the
  real conflicts that remain. With ``keep_both=(our_author, their_author)``
  every real conflict is resolved by keeping both versions one after the
  other, each introduced by ``<!-- mentorlog: NAME's version -->``.
- ``schedule.ics`` never conflicts: it is rebuilt from the merged files after
  the merge, so the driver keeps ours.

How it merges (docs/format.md, "Merging two partners' edits", says the same for users):

- Front-matter merges key by key: a key changed on one side takes that side's
  lines; the same key changed (or added) to two different values is a
  conflict. Keys keep their order and formatting.
- The body merges line by line. Each side is compared with BASE
  (:class:`difflib.SequenceMatcher`), task items compared by their ``id:``,
  else by owner and text, every other line by its text. Changes to different
  base lines never conflict, even when the lines are adjacent; lines both
  sides add at the same place are all kept, ours first (a line both added
  identically once). An item changed on both sides is merged field by field
  (its box, ``due:``, ``done:``, ``dropped:``, the rest of the text); a tick on
  both sides keeps the earlier ``done:``; an item edited in place is paired
  with its base line when at least half of its text is alike. Two different
  journal entries added at one path conflict (sync keeps them as two files).
  Everything else both sides changed differently is a conflict: that region
  is then either left as ours (no ``keep_both``: the whole of OURS is
  returned unchanged, the caller stops) or holds both versions.
- No git conflict marker is ever written.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

from mentorlog.model.names import SCHEDULE_FILE, is_generated, journal_entry
from mentorlog.text.merge_body import merge_body
from mentorlog.text.merge_front import front_end, merge_front
from mentorlog.text.merge_lines import (
    Line,
    convert,
    decode,
    finish,
    newline,
    split_lines,
    uniform,
)

#: set by ``sync --keep-both`` for the driver: a JSON list ``[our_author, their_author]``
KEEP_BOTH_ENV = "MENTORLOG_MERGE_KEEP_BOTH"

#: the driver's name in .gitattributes and git config (``merge.mentorlog.driver``)
DRIVER = "mentorlog"

#: what ``init`` writes into .gitattributes
GITATTRIBUTES = f"*.md merge={DRIVER}\n{SCHEDULE_FILE} merge={DRIVER}\n"

#: what :func:`version_comment` writes, found again (``check`` warns while it remains)
VERSION_COMMENT_RE = re.compile(r"<!-- mentorlog: (?P<name>.*)'s version -->")

BOM = "\ufeff"


@dataclass(frozen=True)
class MergeResult:
    text: bytes
    conflicts: int  # real conflicts left in ``text`` (0: clean)
    kept_both: int = 0  # conflicts resolved by keeping both versions (``keep_both``)


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


def is_journal_entry(path: str) -> bool:
    """A shared journal entry (journal/DATE.md, DATE-N.md): two different ones added at
    the same path conflict, so that ``sync`` keeps both as two files."""
    return journal_entry(path.replace("\\", "/"), nested=True) is not None


def merge_bytes(
    base: bytes,
    ours: bytes,
    theirs: bytes,
    path: str = "",
    keep_both: tuple[str, str] | None = None,
) -> MergeResult:
    """Merge THEIRS into OURS against BASE (three-way, mentorlog's rules).

    With conflicts and no ``keep_both``, OURS is returned unchanged with the
    number of conflicts: the caller stops (no conflict marker is ever written).
    """
    if ours == theirs or theirs == base:
        return MergeResult(ours, 0)
    if ours == base:
        return MergeResult(theirs, 0)
    if is_generated(path):
        return MergeResult(ours, 0)
    bom_b, text_b = decode(base)
    bom_o, text_o = decode(ours)
    bom_t, text_t = decode(theirs)
    merger = _Merger(keep_both)
    if not text_b and is_journal_entry(path) and text_o != text_t:
        # two partners' entries of the same day: not one file, but two (sync
        # renames one to DATE-N.md); kept in one file only when asked to keep both
        lines = merger.added_twice(split_lines(text_o), split_lines(text_t))
    else:
        lines = merger.merge(split_lines(text_b), split_lines(text_o), split_lines(text_t))
    if merger.conflicts and keep_both is None:
        return MergeResult(ours, merger.conflicts)
    bom = bom_o or (bom_t and not bom_b)
    text = (BOM if bom else "") + "".join(line.text + line.end for line in lines)
    return MergeResult(text.encode("utf-8", "surrogateescape"), 0, merger.conflicts)


class _Merger:
    """One merge: counts conflicts, renders them kept both when asked."""

    def __init__(self, keep_both: tuple[str, str] | None):
        self.keep_both = keep_both
        self.conflicts = 0

    def conflict(
        self, ours: list[Line], theirs: list[Line], nl: str, prefix: str = ""
    ) -> list[Line]:
        """A conflicting region: ours (the caller stops) or, kept both, the two versions,
        each after a comment naming its author (``prefix`` comments them in YAML:
        theirs is then kept as a comment, ours stays in force)."""
        self.conflicts += 1
        if self.keep_both is None:
            return ours
        nl = nl or "\n"
        ours = [ln if ln.end else Line(ln.text, nl) for ln in ours]
        if prefix:
            theirs = [Line(f"{prefix}{ln.text}".rstrip(), nl) for ln in theirs]
        our_name, their_name = self.keep_both
        return [
            Line(prefix + version_comment(our_name), nl),
            *ours,
            Line(prefix + version_comment(their_name), nl),
            *theirs,
        ]

    def added_twice(self, ours: list[Line], theirs: list[Line]) -> list[Line]:
        """Two different files added at one path, that must not blend into one: their
        front-matter merged, their bodies one conflict."""
        nl = newline(ours) or newline(theirs) or "\n"
        if uniform(ours):
            theirs = convert(theirs, nl)
        fo, ft = front_end(ours), front_end(theirs)
        front = merge_front([], ours[1:fo], theirs[1:ft], nl, self.conflict) if fo and ft else None
        if front is None:
            return finish(self.conflict(ours, theirs, nl), nl)
        body = self.conflict(ours[fo + 1 :], theirs[ft + 1 :], nl)
        return finish([ours[0], *front, ours[fo], *body], nl)

    def merge(self, base: list[Line], ours: list[Line], theirs: list[Line]) -> list[Line]:
        nl = newline(ours) or newline(theirs) or newline(base) or "\n"
        if uniform(ours):
            base, theirs = convert(base, nl), convert(theirs, nl)
        out: list[Line] | None = None
        fo, ft, fb = front_end(ours), front_end(theirs), front_end(base)
        if fo and ft and (fb or not base):
            front = merge_front(
                base[1:fb] if fb else [], ours[1:fo], theirs[1:ft], nl, self.conflict
            )
            if front is not None:
                body = merge_body(
                    base[fb + 1 :] if fb else [],
                    ours[fo + 1 :],
                    theirs[ft + 1 :],
                    nl,
                    self.conflict,
                )
                out = [ours[0], *front, ours[fo], *body]
        if out is None:
            out = merge_body(base, ours, theirs, nl, self.conflict)
        return finish(out, nl)
