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
from mentorlog.api.items import Changed, assign, mark, resolve
from mentorlog.api.meetings import NewMeeting, new_meeting
from mentorlog.api.plans import GoalFields, Written, add_goal, add_topic
from mentorlog.api.prep import (
    Draft,
    PrepWritten,
    Prospect,
    add_prospect,
    describe_changes,
    draft_request,
    read_prospects,
    read_quietly,
    set_prospect,
    start_prep,
)
from mentorlog.api.reviews import (
    Checked,
    Page,
    Review,
    check,
    compile_review,
    existing_reviews,
    refreshed_review,
    report,
    status,
    when,
    write_page,
)
from mentorlog.api.schedule import write_schedule
from mentorlog.api.setup import (
    Shared,
    Started,
    demo,
    init,
    refuse_nested,
    share,
    unshared_prep_files,
)
from mentorlog.api.sharing import sync
from mentorlog.store.git.outcome import Conflict, SyncResult
from mentorlog.text.merge import MergeResult
from mentorlog.text.merge import merge_bytes as merge  # merge-file's merge, as it is

__all__ = [
    "BeforeCommit",
    "Changed",
    "Checked",
    "Conflict",
    "Draft",
    "GoalFields",
    "MergeResult",
    "NewMeeting",
    "Page",
    "PrepWritten",
    "Prospect",
    "Review",
    "Shared",
    "Started",
    "SyncResult",
    "Written",
    "add_goal",
    "add_prospect",
    "add_topic",
    "assign",
    "check",
    "commit",
    "compile_review",
    "demo",
    "describe_changes",
    "draft_request",
    "existing_reviews",
    "find",
    "init",
    "load",
    "mark",
    "merge",
    "new_meeting",
    "read_prospects",
    "read_quietly",
    "refreshed_review",
    "refuse_nested",
    "report",
    "resolve",
    "set_prospect",
    "share",
    "start_prep",
    "status",
    "sync",
    "unshared_prep_files",
    "when",
    "write_page",
    "write_schedule",
]
