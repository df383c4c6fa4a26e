"""New files rendered from their drafts: a meeting, a goal, a journal entry, a
partnership's agreement and roadmap.

The rules (:mod:`mentorlog.rules.scaffold`, :mod:`mentorlog.rules.goal_files`,
:mod:`mentorlog.rules.journal`) say what a new file holds; here its template is
rendered (the partnership's own override when it has one). Nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from types import SimpleNamespace

from mentorlog.model import Partnership
from mentorlog.render.templates import render
from mentorlog.rules import goal_files, journal, scaffold


def text_of(draft: scaffold.Draft, root: Path) -> str:
    """The file's text: the front matter, a blank line, the rendered template."""
    body = render(draft.template, root, **draft.context)
    return draft.front + "\n" + body if draft.front else body


def plan_meeting(
    p: Partnership,
    today: dt.date,
    day: dt.date | None = None,
    time: str | None = None,
    kind: str | None = None,
    topic: str | None = None,
    moved_from: dt.date | None = None,
    carried: list[str] | None = None,
) -> scaffold.MeetingPlan:
    """Everything new-meeting will write, without writing it (see
    :func:`mentorlog.rules.scaffold.draft_meeting`)."""
    draft = scaffold.draft_meeting(
        p, today, day, time, kind, topic, moved_from, carried, exists=exists_in(p.root)
    )
    return draft.plan(text_of(draft.draft, p.root))


def plan_goal(
    p: Partnership,
    existing_names: Iterable[str],
    title: str,
    today: dt.date,
    category: str = "",
    priority: int | None = None,
    target: dt.date | None = None,
    measure: str = "",
    status: str = "active",
) -> goal_files.NewGoal:
    """The file ``goal add`` will write, without writing it (see
    :func:`mentorlog.rules.goal_files.draft_goal`)."""
    draft = goal_files.draft_goal(
        p, existing_names, title, today, category, priority, target, measure, status
    )
    return draft.plan(text_of(draft.draft, p.root))


def plan_init(
    target: Path, values: scaffold.InitValues, prep: SimpleNamespace | None = None
) -> scaffold.InitPlan:
    """The files ``init`` writes in ``target`` (agreement.md, roadmap.md), without
    writing them; the templates may be overridden in ``target``."""
    agreement, roadmap = scaffold.draft_init(values, prep)
    return scaffold.InitPlan(text_of(agreement, target), text_of(roadmap, target))


def plan_entry(root: Path, day: dt.date, private: bool, author: str = "") -> journal.JournalPlan:
    """What ``mentorlog journal`` will write, without writing it (``author``: for
    a shared entry's ``author:``)."""
    text = text_of(journal.draft_entry(day, private, author), root)
    path = journal.entry_path(exists_in(root), day, private)
    return journal.JournalPlan(path, day, private, text)


def exists_in(root: Path) -> scaffold.Exists:
    """Whether a path (relative to ``root``) is there, as the drafts ask it."""
    return lambda rel: (root / rel).exists()
