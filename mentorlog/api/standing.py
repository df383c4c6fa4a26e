"""status as a use case: where a partnership stands (the read commands' module).

Apart from api.reviews so that ``status`` imports none of check, report, the
templates or the write path.
"""

from __future__ import annotations

import datetime as dt

from mentorlog.model import Partnership
from mentorlog.rules import status as statusmod
from mentorlog.rules.status import Status
from mentorlog.rules.timeline import REVIEW_KINDS


def existing_reviews(p: Partnership) -> set[str]:
    """The review kinds that have their file in reviews/."""
    return {k for k in REVIEW_KINDS if (p.root / "reviews" / f"{k}.md").is_file()}


def status(p: Partnership, today: dt.date) -> Status:
    """Where the partnership stands on ``today``."""
    return statusmod.compute(p, today, existing_reviews(p))


def when(s: Status) -> str:
    """Before the start or after the end, how far off it is: 'Day -30' alone puzzles."""
    if s.day < 0:
        n = -s.day
        return f" (starts in {n} day{'s' if n != 1 else ''})"
    if s.day > s.days_total:
        n = s.day - s.days_total
        return f" (ended {s.end}, {n} day{'s' if n != 1 else ''} ago)"
    return ""
