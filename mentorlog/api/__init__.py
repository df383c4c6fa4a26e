"""mentorlog as a library: the use cases the commands run, callable from Python.

Each use case takes a loaded partnership (:func:`load`), does the whole
operation (plan, write all or nothing, refresh schedule.ics, commit) and returns
what it did; it never prints. Errors are :mod:`mentorlog.errors` exceptions;
notes on the way (a file left for the next sync, the identity a commit used)
go to the ``mentorlog`` logger, or to the callables in
``mentorlog.api.base.listeners`` when there are any. The ``mentorlog`` command
is a thin layer over these calls (mentorlog.cli).

    >>> import datetime as dt
    >>> from mentorlog import api
    >>> p = api.load(api.find(Path("ana-sam")))
    >>> made = api.new_meeting(p, dt.date.today())
    >>> made.plan.path, made.carried, made.commit

``commit_files=False`` writes without committing (the commands' --no-commit).
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mentorlog.api.base import BeforeCommit, find, load
    from mentorlog.api.committing import commit
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
        refreshed_review,
        report,
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
    from mentorlog.api.sharing import Synced, sync
    from mentorlog.api.standing import existing_reviews, status, when
    from mentorlog.store.git.outcome import Conflict, SyncResult
    from mentorlog.text.merge import MergeResult
    from mentorlog.text.merge import merge_bytes as merge  # merge-file's merge, as it is

# Where each name lives: a name is imported on first use, so a command imports only the
# use cases it runs (importing them all would cost every command as much as click does).
_HOMES: dict[str, tuple[str, str]] = {
    "BeforeCommit": ("mentorlog.api.base", "BeforeCommit"),
    "Changed": ("mentorlog.api.items", "Changed"),
    "Checked": ("mentorlog.api.reviews", "Checked"),
    "Conflict": ("mentorlog.store.git.outcome", "Conflict"),
    "Draft": ("mentorlog.api.prep", "Draft"),
    "GoalFields": ("mentorlog.api.plans", "GoalFields"),
    "MergeResult": ("mentorlog.text.merge", "MergeResult"),
    "NewMeeting": ("mentorlog.api.meetings", "NewMeeting"),
    "Page": ("mentorlog.api.reviews", "Page"),
    "PrepWritten": ("mentorlog.api.prep", "PrepWritten"),
    "Prospect": ("mentorlog.api.prep", "Prospect"),
    "Review": ("mentorlog.api.reviews", "Review"),
    "Shared": ("mentorlog.api.setup", "Shared"),
    "Started": ("mentorlog.api.setup", "Started"),
    "SyncResult": ("mentorlog.store.git.outcome", "SyncResult"),
    "Written": ("mentorlog.api.plans", "Written"),
    "add_goal": ("mentorlog.api.plans", "add_goal"),
    "add_prospect": ("mentorlog.api.prep", "add_prospect"),
    "add_topic": ("mentorlog.api.plans", "add_topic"),
    "assign": ("mentorlog.api.items", "assign"),
    "check": ("mentorlog.api.reviews", "check"),
    "commit": ("mentorlog.api.committing", "commit"),
    "compile_review": ("mentorlog.api.reviews", "compile_review"),
    "demo": ("mentorlog.api.setup", "demo"),
    "describe_changes": ("mentorlog.api.prep", "describe_changes"),
    "draft_request": ("mentorlog.api.prep", "draft_request"),
    "existing_reviews": ("mentorlog.api.standing", "existing_reviews"),
    "find": ("mentorlog.api.base", "find"),
    "init": ("mentorlog.api.setup", "init"),
    "load": ("mentorlog.api.base", "load"),
    "mark": ("mentorlog.api.items", "mark"),
    "merge": ("mentorlog.text.merge", "merge_bytes"),
    "new_meeting": ("mentorlog.api.meetings", "new_meeting"),
    "read_prospects": ("mentorlog.api.prep", "read_prospects"),
    "read_quietly": ("mentorlog.api.prep", "read_quietly"),
    "refreshed_review": ("mentorlog.api.reviews", "refreshed_review"),
    "refuse_nested": ("mentorlog.api.setup", "refuse_nested"),
    "report": ("mentorlog.api.reviews", "report"),
    "resolve": ("mentorlog.api.items", "resolve"),
    "set_prospect": ("mentorlog.api.prep", "set_prospect"),
    "share": ("mentorlog.api.setup", "share"),
    "start_prep": ("mentorlog.api.prep", "start_prep"),
    "status": ("mentorlog.api.standing", "status"),
    "sync": ("mentorlog.api.sharing", "sync"),
    "Synced": ("mentorlog.api.sharing", "Synced"),
    "unshared_prep_files": ("mentorlog.api.setup", "unshared_prep_files"),
    "when": ("mentorlog.api.standing", "when"),
    "write_page": ("mentorlog.api.reviews", "write_page"),
    "write_schedule": ("mentorlog.api.schedule", "write_schedule"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attr = _HOMES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


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
    "Synced",
    "unshared_prep_files",
    "when",
    "write_page",
    "write_schedule",
]
