"""Drafts of new files: a meeting, and what every draft shares (:class:`Draft`, the
agreement as templates see it).

Pure: functions here compute a new file's path, front matter and what its template
sees (a :class:`Draft`); :mod:`mentorlog.render.drafts` renders the template, and
the caller writes the file (never over one a user may have written) and commits.
Goal files are drafted in :mod:`mentorlog.rules.goal_files`, a partnership's own
(agreement, roadmap, .gitignore) in :mod:`mentorlog.rules.init_files`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from mentorlog.errors import RefuseOverwrite, UsageError
from mentorlog.model import CHECKIN_QUESTIONS, Agreement, Goal, Partnership, names
from mentorlog.rules import timeline
from mentorlog.rules.goals import action_plan_status, done_ids, dropped_ids, open_activities
from mentorlog.rules.schedule import parse_cadence
from mentorlog.text import frontmatter as frontmatter_text
from mentorlog.text.checkin import parse_checkin
from mentorlog.text.items import not_a_task, parse_line

#: Whether a file is there (a path relative to the partnership's root).
Exists = Callable[[Path], bool]


@dataclass
class Draft:
    """A new file before its template is rendered: ``front`` (the front-matter block,
    "" for none) + a blank line + ``template`` rendered with ``context``."""

    front: str
    template: str
    context: dict[str, Any]


def agreement_context(a: Agreement) -> SimpleNamespace:
    """What templates see as ``a``."""
    fields = {k: getattr(a, k) for k in a.__dataclass_fields__ if k != "meta"}
    return SimpleNamespace(**fields, cadence_words=parse_cadence(a.cadence).describe())


def one_line(text: str) -> str:
    """``text`` on one line: runs of white space become one space; control
    characters, lone surrogates and non-characters (which YAML refuses) go."""
    kept = "".join(
        ch
        for ch in text
        if unicodedata.category(ch) not in ("Cc", "Cs")
        or ch in "\t\n\r\x0b\x0c"  # white space: split below
    )
    kept = "".join(ch for ch in kept if ch not in "\ufeff\ufffe\uffff")
    return " ".join(kept.split())


# ------------------------------------------------------------ new-meeting


@dataclass
class NewMeeting:
    """What a new meeting is: its file, date, time, number, kind and topic."""

    path: Path  # relative to the root
    date: dt.date
    time: str
    number: int
    kind: str
    topic: str | None


@dataclass
class MeetingPlan(NewMeeting):
    """A new meeting with its file's text (:func:`mentorlog.render.drafts.meeting`)."""

    text: str


@dataclass
class MeetingDraft(NewMeeting):
    """A new meeting before its template is rendered (:func:`draft_meeting`)."""

    draft: Draft

    def plan(self, text: str) -> MeetingPlan:
        """The plan of the meeting whose rendered file is ``text``."""
        head = {f.name: getattr(self, f.name) for f in dataclasses.fields(NewMeeting)}
        return MeetingPlan(**head, text=text)


class MeetingExists(RefuseOverwrite):
    """The meeting file for that day exists (a second one that day is an extra meeting)."""

    def __init__(self, path: Path):
        super().__init__(f"{path.as_posix()} exists already; mentorlog never overwrites a meeting")
        self.meeting = path


def meeting_path(exists: Exists, day: dt.date, second: bool) -> tuple[Path, int]:
    """``(path, suffix)`` of the new meeting file: meetings/DAY.md (1), or with
    ``second`` the first free meetings/DAY-n.md (n) when that exists.

    Raises MeetingExists when meetings/DAY.md exists and ``second`` is not set.
    """
    path, n = first_free(exists, Path("meetings"), day)
    if n > 1 and not second:
        raise MeetingExists(Path("meetings") / names.dated_name(day))
    return path, n


def first_free(exists: Exists, folder: Path, day: dt.date) -> tuple[Path, int]:
    """``(folder/DAY.md, 1)``, or when that exists the first free ``(folder/DAY-n.md, n)``."""
    n = 1
    while exists(folder / names.dated_name(day, n)):
        n += 1
    return folder / names.dated_name(day, n), n


def overdue_lines(carried: list[str], day: dt.date) -> dict[str, str]:
    """Carried line -> its due date (ISO), for the lines already overdue on ``day``."""
    out: dict[str, str] = {}
    for line in carried:
        parsed = parse_line(line)
        if parsed is not None and parsed.due is not None and parsed.due < day:
            out[line] = parsed.due.isoformat()
    return out


def last_change(p: Partnership, day: dt.date, suffix: int = 1) -> SimpleNamespace | None:
    """The latest earlier meeting's answer to "What should change for next time?"
    (meetings not cancelled, before meetings/DAY.md or DAY-suffix.md), or None.

    Its lines come with task boxes escaped, so quoting it adds no item.
    """
    question = CHECKIN_QUESTIONS[3]
    earlier = [m for m in p.meetings if (m.date, m.suffix) < (day, suffix) and not m.cancelled]
    for m in reversed(earlier):
        for asked, answer in parse_checkin(m.body):
            if asked == question:
                return SimpleNamespace(
                    date=m.date, lines=[not_a_task(line) for line in answer.split("\n")]
                )
    return None


def goals_in_focus(p: Partnership) -> list[Goal]:
    return [g for g in p.goals if g.status == "active"]


def action_plan_reminder(p: Partnership, day: dt.date, kind: str) -> SimpleNamespace | None:
    """What the agenda says about the action plan while it does not exist (else None).

    The first meeting's template speaks of it anyway, and a closing meeting is
    past planning, so neither gets the reminder.
    """
    if kind in ("first", "closing"):
        return None
    plan = action_plan_status(p, day)
    if plan.exists:
        return None
    return SimpleNamespace(
        due=plan.due, status=plan.status, missing=[g.title for g in plan.missing]
    )


def draft_meeting(
    p: Partnership,
    today: dt.date,
    day: dt.date | None = None,
    time: str | None = None,
    kind: str | None = None,
    topic: str | None = None,
    moved_from: dt.date | None = None,
    carried: list[str] | None = None,
    *,
    exists: Exists,
) -> MeetingDraft:
    """Everything new-meeting will write, without rendering or writing it.

    ``exists``: whether a file is there (a path relative to the root), for the
    name of a second meeting on one day.
    """
    a = p.agreement
    if day is None:
        occ = timeline.next_planned(p, today)
        if occ is None:
            raise UsageError(
                f"no planned meeting is left on or after {today} without a meeting file "
                f"(the partnership ends {a.end}); give a DATE"
            )
        day = occ.date
    path, suffix = meeting_path(exists, day, second=kind == "extra")
    kind = kind or timeline.planned_kind(p, day, moved_from, suffix)
    number = timeline.number_for(p, day, suffix)
    notes: list[str] = []
    review_topic = False
    replaced = [
        m for m in p.meetings if moved_from is not None and m.date == moved_from and m.cancelled
    ]
    if topic is None and replaced and replaced[0].topic and timeline.takes_topic(kind):
        topic = replaced[0].topic  # the meeting moved here keeps the cancelled one's topic
    if topic is None:
        if timeline.takes_topic(kind):
            t = timeline.next_topic(p)
            if t is not None:
                topic, notes = t.title, t.notes
        else:
            topic = timeline.REVIEW_TOPICS.get(kind)
            review_topic = True
    else:
        for t in p.roadmap:
            if timeline.topic_key(t.title) == timeline.topic_key(topic):
                notes = t.notes
    notes = [not_a_task(note) for note in notes]
    clock = time or a.time
    focus = goals_in_focus(p)
    ticked, dropped = done_ids(p), dropped_ids(p)
    meta: dict[str, Any] = {
        "date": day,
        "time": clock,
        "number": number,
        "kind": kind,
        "status": "planned",
        "topic": topic or "",
        "goals": [g.stem for g in focus],
    }
    if moved_from is not None:
        meta["moved_from"] = moved_from
    m = SimpleNamespace(
        date=day,
        time=clock,
        number=number,
        kind=kind,
        topic=None if review_topic else topic,  # the review's own agenda item says it
        topic_notes=notes,
        goals=[
            SimpleNamespace(
                title=g.title,
                file=g.stem,
                target=g.target,
                measure=g.measure,
                next_activities=[i.text for i in open_activities(g, ticked, dropped)[:2]],
            )
            for g in focus
        ],
    )
    m.action_plan = action_plan_reminder(p, day, kind)
    m.overdue = overdue_lines(carried or [], day)
    m.last_change = last_change(p, day, suffix)
    review = f"reviews/{kind}.md" if kind in timeline.REVIEW_KINDS else None
    context = {
        "a": agreement_context(a),
        "m": m,
        "carried": carried or [],
        "checkin": list(CHECKIN_QUESTIONS),
        "review": review,
        "owners": ["@mentee", "@mentor"],
    }
    draft = Draft(frontmatter_text.dump(meta), f"meeting-{kind}.md", context)
    return MeetingDraft(path, day, clock, number, kind, topic, draft)


def with_carried(made: MeetingDraft, carried: list[str]) -> MeetingDraft:
    """``made`` (drafted without carried items) with ``carried``: what
    :func:`draft_meeting` gives when called with them, without planning it again."""
    m = SimpleNamespace(**vars(made.draft.context["m"]))
    m.overdue = overdue_lines(carried, made.date)
    context = {**made.draft.context, "m": m, "carried": list(carried)}
    return dataclasses.replace(made, draft=dataclasses.replace(made.draft, context=context))
