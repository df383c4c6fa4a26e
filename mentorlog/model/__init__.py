"""Plain dataclasses for what a mentoring repository holds (the big ones write their
``__init__`` out and take repr and equality from :mod:`mentorlog.model.records`).

Nothing here reads files or imports a third-party library: :mod:`mentorlog.store.reading`
fills these in, and the pure modules (text/, rules/) compute on them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from mentorlog.model.records import Record, by_fields

MEETING_KINDS = ("first", "regular", "checkup", "midpoint", "closing", "extra")
MEETING_STATUSES = ("planned", "held", "cancelled")
GOAL_STATUSES = ("proposed", "active", "achieved", "dropped")
#: Whose an item is, in the order figures show them.
OWNERS = ("mentee", "mentor", "unassigned")


#: The Mentoring Action Plan is due on this day of the partnership (start + 30 days).
ACTION_PLAN_DAY = 30

CHECKIN_QUESTIONS = (
    "What was useful about today?",
    "What are the next steps?",
    "What will each of us do before the next meeting?",
    "What should change for next time?",
    "What is working, and what is not?",
)


@dataclass
class Problem:
    """Something wrong in a file: ``path:line: message``."""

    path: str
    line: int
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@by_fields
@dataclass(init=False, repr=False, eq=False, slots=True)
class Item(Record):
    """One follow-through item (a task-list line) in a meeting or goal file."""

    file: str  # repository-relative, forward slashes
    line: int  # 1-based line in the file
    index: int  # 1-based position among the task items of its file
    checked: bool
    text: str  # everything after the checkbox, tokens included, as written
    description: str  # the text without owner, dates, id, from and tags
    owner: str | None  # "mentee" | "mentor" | None
    owner_token: str | None  # the @word as written, e.g. "@ana"
    due: dt.date | None = None
    done: dt.date | None = None
    id: str | None = None
    from_: dt.date | None = None
    tags: list[str] = field(default_factory=list)
    dropped: bool = False  # "- [-]": dropped, not to be done (checked is False then)
    dropped_on: dt.date | None = None  # dropped:DATE (or Obsidian's ❌ DATE)

    def __init__(
        self,
        file: str,
        line: int,
        index: int,
        checked: bool,
        text: str,
        description: str,
        owner: str | None,
        owner_token: str | None,
        due: dt.date | None = None,
        done: dt.date | None = None,
        id: str | None = None,
        from_: dt.date | None = None,
        tags: list[str] | None = None,
        dropped: bool = False,
        dropped_on: dt.date | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.index = index
        self.checked = checked
        self.text = text
        self.description = description
        self.owner = owner
        self.owner_token = owner_token
        self.due = due
        self.done = done
        self.id = id
        self.from_ = from_
        self.tags = [] if tags is None else tags
        self.dropped = dropped
        self.dropped_on = dropped_on

    @property
    def source(self) -> str:
        """``2026-12-15`` for meetings/2026-12-15.md, ``01-slug`` for goals/01-slug.md."""
        name = self.file.rsplit("/", 1)[-1]
        return name[:-3] if name.endswith(".md") else name

    @property
    def ref(self) -> str:
        return self.id if self.id else f"{self.source}#{self.index}"


@by_fields
@dataclass(init=False, repr=False, eq=False)
class Agreement(Record):
    """agreement.md: who, from when to when, how often, where."""

    path: str
    id: str
    mentee: str
    mentor: str
    start: dt.date
    end: dt.date
    cadence: str
    time: str  # "HH:MM"
    duration: int  # minutes
    timezone: str
    location: str = ""
    initiator: str = "mentee"
    contact: str = ""
    supervisor: str = ""
    confidentiality: str = ""
    no_fault_termination: bool = True
    cadence_changes: list[tuple[dt.date, str]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def __init__(
        self,
        path: str,
        id: str,
        mentee: str,
        mentor: str,
        start: dt.date,
        end: dt.date,
        cadence: str,
        time: str,
        duration: int,
        timezone: str,
        location: str = "",
        initiator: str = "mentee",
        contact: str = "",
        supervisor: str = "",
        confidentiality: str = "",
        no_fault_termination: bool = True,
        cadence_changes: list[tuple[dt.date, str]] | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.path = path
        self.id = id
        self.mentee = mentee
        self.mentor = mentor
        self.start = start
        self.end = end
        self.cadence = cadence
        self.time = time
        self.duration = duration
        self.timezone = timezone
        self.location = location
        self.initiator = initiator
        self.contact = contact
        self.supervisor = supervisor
        self.confidentiality = confidentiality
        self.no_fault_termination = no_fault_termination
        self.cadence_changes = [] if cadence_changes is None else cadence_changes
        self.meta = {} if meta is None else meta

    @property
    def days_total(self) -> int:
        """The day number of ``end`` ("day N" is start + N days)."""
        return (self.end - self.start).days


@dataclass
class Topic:
    """One topic of roadmap.md, in order."""

    position: int  # 1-based
    title: str
    notes: list[str]  # the nested lines, dedented, as Markdown
    line: int  # 1-based line of the topic in roadmap.md


@by_fields
@dataclass(init=False, repr=False, eq=False)
class Meeting(Record):
    """One meetings/YYYY-MM-DD[-n].md: its front-matter, body and items."""

    path: str
    date: dt.date
    suffix: int  # 1 for YYYY-MM-DD.md, 2 for YYYY-MM-DD-2.md, ...
    time: str | None
    number: int | None  # as written in the file, if it is
    kind: str | None  # as written in the file, if it is
    status: str
    topic: str | None
    goals: list[str]
    moved_from: dt.date | None
    meta: dict[str, Any]
    body: str  # the text after the front-matter
    body_line: int  # 1-based line where ``body`` starts
    items: list[Item] = field(default_factory=list)

    def __init__(
        self,
        path: str,
        date: dt.date,
        suffix: int,
        time: str | None,
        number: int | None,
        kind: str | None,
        status: str,
        topic: str | None,
        goals: list[str],
        moved_from: dt.date | None,
        meta: dict[str, Any],
        body: str,
        body_line: int,
        items: list[Item] | None = None,
    ) -> None:
        self.path = path
        self.date = date
        self.suffix = suffix
        self.time = time
        self.number = number
        self.kind = kind
        self.status = status
        self.topic = topic
        self.goals = goals
        self.moved_from = moved_from
        self.meta = meta
        self.body = body
        self.body_line = body_line
        self.items = [] if items is None else items

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    # A meeting read from the reading index (mentorlog.store.index_codec) may have no
    # ``items`` (or ``meta``) yet but an ``_items_later`` (``_meta_later``) that makes
    # them when they are first used: a command that never looks at them (roadmap,
    # schedule) never unpacks them.

    if not TYPE_CHECKING:  # (hidden from the type checker: it would make any name valid)

        def __getattr__(self, name):
            # called only for an attribute that is not set: one left for later
            make = self.__dict__.pop(_LATER[name], None) if name in _LATER else None
            if make is None:
                raise AttributeError(f"'Meeting' object has no attribute {name!r}")
            value = make()
            setattr(self, name, value)
            return value


#: A meeting's fields that may be made when first used, and what makes them.
_LATER = {"items": "_items_later", "meta": "_meta_later"}


@dataclass
class Progress:
    """One dated line of a goal's progress log."""

    date: dt.date | None
    text: str
    line: int


@by_fields
@dataclass(init=False, repr=False, eq=False)
class Goal(Record):
    """One goals/NN-slug.md: the SMART goal, its activities and progress."""

    path: str
    order: int  # NN of goals/NN-slug.md (0 when the name has no number)
    slug: str
    title: str
    category: str
    priority: int | None
    status: str
    created: dt.date | None
    target: dt.date | None
    measure: str
    meta: dict[str, Any]
    body: str
    body_line: int
    items: list[Item] = field(default_factory=list)
    progress: list[Progress] = field(default_factory=list)
    meta_lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> 1-based line

    def __init__(
        self,
        path: str,
        order: int,
        slug: str,
        title: str,
        category: str,
        priority: int | None,
        status: str,
        created: dt.date | None,
        target: dt.date | None,
        measure: str,
        meta: dict[str, Any],
        body: str,
        body_line: int,
        items: list[Item] | None = None,
        progress: list[Progress] | None = None,
        meta_lines: dict[str, int] | None = None,
    ) -> None:
        self.path = path
        self.order = order
        self.slug = slug
        self.title = title
        self.category = category
        self.priority = priority
        self.status = status
        self.created = created
        self.target = target
        self.measure = measure
        self.meta = meta
        self.body = body
        self.body_line = body_line
        self.items = [] if items is None else items
        self.progress = [] if progress is None else progress
        self.meta_lines = {} if meta_lines is None else meta_lines

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1][:-3]


class Kept(Protocol):
    """What a loaded repository can keep between commands: derived answers (the
    tasks, say) stored beside the reading index and valid while no file changes.
    :mod:`mentorlog.store.reading` gives one to a partnership it loaded whole from
    disk; the pure modules ask it before computing and hand it what they computed."""

    def get(self, name: str) -> Any:
        """What was put under ``name`` for these very files, or None."""

    def put(self, name: str, value: Any) -> None:
        """Keep ``value`` (marshal-able) under ``name`` for these files."""

    def hold(self) -> None:
        """Keep nothing more on disk (what is put is still given back in this process):
        the command is about to change these files, so it would be kept for nothing."""


@by_fields
@dataclass(init=False, repr=False, eq=False)
class Partnership(Record):
    """Everything loaded from one mentoring repository."""

    root: Path  # the folder holding agreement.md
    agreement: Agreement
    roadmap: list[Topic]
    goals: list[Goal]
    meetings: list[Meeting]  # sorted by (date, suffix)
    problems: list[Problem] = field(default_factory=list)
    #: Derived answers kept for exactly these files; None for a partnership built or
    #: changed in memory (``dataclasses.replace`` leaves it out: it is not an init field).
    kept: Kept | None = field(default=None, init=False, repr=False, compare=False)

    def __init__(
        self,
        root: Path,
        agreement: Agreement,
        roadmap: list[Topic],
        goals: list[Goal],
        meetings: list[Meeting],
        problems: list[Problem] | None = None,
    ) -> None:
        self.root = root
        self.agreement = agreement
        self.roadmap = roadmap
        self.goals = goals
        self.meetings = meetings
        self.problems = [] if problems is None else problems
        self.kept = None

    def items(self) -> list[Item]:
        out: list[Item] = []
        for m in self.meetings:
            out.extend(m.items)
        for g in self.goals:
            out.extend(g.items)
        return out
