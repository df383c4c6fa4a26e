"""The file-name grammar of a mentoring repository: which names its files have.

The agreement is agreement.md. A meeting is meetings/DATE.md, or DATE-N.md for
the N-th meeting of a day (N >= 2); a journal entry is named the same way in
journal/. A goal is goals/NN-slug.md. Every part of mentorlog that reads or
makes such a name does it here.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

AGREEMENT = "agreement.md"
#: The meeting schedule, generated from the files (never merged: rebuilt).
SCHEDULE_FILE = "schedule.ics"
#: The files mentorlog rebuilds whole from the others (a merge rebuilds them too).
GENERATED = (SCHEDULE_FILE,)
#: A dated file (a meeting, a journal entry): DATE.md or DATE-N.md; groups: DATE, N.
MEETING_NAME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-(\d+))?\.md$")
#: A goal file: NN-slug.md; groups: NN, slug.
GOAL_NAME_RE = re.compile(r"^(\d+)-(.+)\.md$")


def dated_name(day: dt.date, n: int = 1) -> str:
    """``2026-12-15.md`` for the first file of a day, ``2026-12-15-2.md`` for the second."""
    return f"{day.isoformat()}.md" if n == 1 else f"{day.isoformat()}-{n}.md"


@functools.lru_cache(maxsize=4096)
def meeting_key(file: str) -> tuple[dt.date, int] | None:
    """``(date, n)`` of meetings/DATE.md (n = 1) or meetings/DATE-n.md; None otherwise."""
    folder, _, name = file.rpartition("/")
    m = MEETING_NAME_RE.match(name) if folder == "meetings" else None
    if m is None:
        return None
    try:
        day = dt.date.fromisoformat(m.group(1))
    except ValueError:
        return None
    return day, int(m.group(2) or 1)


def meeting_suffix(name: str) -> int:
    """2 for ``2026-12-15-2.md``, 1 for ``2026-12-15.md``."""
    key = meeting_key(f"meetings/{name}")
    return key[1] if key else 1


def journal_entry(path: str, *, nested: bool = False) -> re.Match[str] | None:
    """journal/DATE.md or journal/DATE-N.md (groups: DATE, N); None for any other path.

    With ``nested``, such a file in any folder named journal (a partnership in a
    folder of a bigger repository, as the merge driver sees its paths).
    """
    folder, _, name = path.rpartition("/")
    inside = folder == "journal" or (nested and folder.endswith("/journal"))
    return MEETING_NAME_RE.match(name) if inside else None


def goal_filename(order: int, slug: str) -> str:
    """``01-lead-a-project.md``: the order with at least two digits, then the slug."""
    return f"{order:02d}-{slug}.md"


def goal_order(name: str) -> int | None:
    """NN of a goal file name ``NN-slug.md``; None for another name."""
    m = GOAL_NAME_RE.match(name)
    return int(m.group(1)) if m else None


def is_generated(path: str) -> bool:
    """Whether ``path`` (any folder, either slash) is a file mentorlog rebuilds whole."""
    return path.replace("\\", "/").rsplit("/", 1)[-1] in GENERATED
