"""New files rendered from their drafts: a meeting, a goal, a journal entry, a
partnership's agreement and roadmap.

The rules (:mod:`mentorlog.rules.scaffold`, :mod:`mentorlog.rules.goal_files`,
:mod:`mentorlog.rules.journal`) say what a new file holds; here its template is
rendered (the partnership's own override when it has one). Nothing is written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from mentorlog.render.templates import render
from mentorlog.rules import scaffold

if TYPE_CHECKING:  # imported where used: new-meeting builds none of their classes
    from mentorlog.rules import goal_files, init_files, journal


def text_of(draft: scaffold.Draft, root: Path) -> str:
    """The file's text: the front matter, a blank line, the rendered template."""
    body = render(draft.template, root, **draft.context)
    return draft.front + "\n" + body if draft.front else body


def meeting(draft: scaffold.MeetingDraft, root: Path) -> scaffold.MeetingPlan:
    """The new meeting of :func:`mentorlog.rules.scaffold.draft_meeting`, rendered."""
    return draft.plan(text_of(draft.draft, root))


def goal(draft: goal_files.GoalDraft, root: Path) -> goal_files.NewGoal:
    """The new goal of :func:`mentorlog.rules.goal_files.draft_goal`, rendered;
    refused (UsageError) when it would not read back as written."""
    return draft.plan(text_of(draft.draft, root))


def plan_init(
    target: Path, values: init_files.InitValues, prep: SimpleNamespace | None = None
) -> init_files.InitPlan:
    """The files ``init`` writes in ``target`` (agreement.md, roadmap.md), without
    writing them; the templates may be overridden in ``target``."""
    from mentorlog.rules import init_files

    agreement, roadmap = init_files.draft_init(values, prep)
    return init_files.InitPlan(text_of(agreement, target), text_of(roadmap, target))


def plan_entry(root: Path, day: dt.date, private: bool, author: str = "") -> journal.JournalPlan:
    """What ``mentorlog journal`` will write, without writing it (``author``: for
    a shared entry's ``author:``)."""
    from mentorlog.rules import journal

    text = text_of(journal.draft_entry(day, private, author), root)
    path = journal.entry_path(exists_in(root), day, private)
    return journal.JournalPlan(path, day, private, text)


def exists_in(root: Path) -> scaffold.Exists:
    """Whether a path (relative to ``root``) is there, as the drafts ask it."""
    return lambda rel: (root / rel).exists()
