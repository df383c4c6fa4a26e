"""mentorlog as a library: the use cases the commands run, callable from Python.

Each use case takes a loaded partnership (:func:`load`), does the whole
operation (plan, write all or nothing, refresh schedule.ics, commit) and returns
what it did; it never prints. Errors are :mod:`mentorlog.errors` exceptions.
The ``mentorlog`` command is a thin layer over these calls (mentorlog.cli).

    >>> import datetime as dt
    >>> from mentorlog import api
    >>> p = api.load(api.find(Path("ana-sam")))
    >>> made = api.new_meeting(p, dt.date.today())
    >>> made.plan.path, made.carried, made.commit

``commit_files=False`` writes without committing (the commands' --no-commit).
"""

from mentorlog.api.base import BeforeCommit, commit, find, load
from mentorlog.api.items import Changed, assign, drop, mark_done, reopen, resolve
from mentorlog.api.meetings import NewMeeting, new_meeting
from mentorlog.api.plans import Written, add_goal, add_topic
from mentorlog.api.reviews import (
    Review,
    compile_review,
    existing_reviews,
    refreshed_review,
    report,
    status,
    when,
)
from mentorlog.api.setup import Started, demo, init, refuse_nested
from mentorlog.api.sharing import merge, sync, write_schedule

__all__ = [
    "BeforeCommit",
    "Changed",
    "NewMeeting",
    "Review",
    "Started",
    "Written",
    "add_goal",
    "add_topic",
    "assign",
    "commit",
    "compile_review",
    "demo",
    "drop",
    "existing_reviews",
    "find",
    "init",
    "load",
    "mark_done",
    "merge",
    "new_meeting",
    "refuse_nested",
    "refreshed_review",
    "reopen",
    "report",
    "resolve",
    "status",
    "sync",
    "when",
    "write_schedule",
]
