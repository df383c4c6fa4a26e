"""Drafts of new files: a partnership's agreement and roadmap, .gitignore, a meeting.

Pure: functions here compute a new file's path, front matter and what its template
sees (a :class:`Draft`); :mod:`mentorlog.render.drafts` renders the template, and
the caller writes the file (never over one a user may have written) and commits.
Goal files are drafted in :mod:`mentorlog.rules.goal_files`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from mentorlog.errors import RefuseOverwrite, UsageError
from mentorlog.model import CHECKIN_QUESTIONS, Agreement, Goal, Partnership, names
from mentorlog.rules import documents, timeline
from mentorlog.rules.goals import action_plan_status, done_ids, dropped_ids, open_activities
from mentorlog.rules.schedule import parse_cadence
from mentorlog.text import frontmatter as frontmatter_text
from mentorlog.text.checkin import parse_checkin
from mentorlog.text.items import not_a_task, parse_line

DEFAULT_CONFIDENTIALITY = (
    "What we discuss stays between the two of us unless we both agree otherwise."
)
GITIGNORE_LINE = "private/"
#: Pages `mentorlog report` and `review --html` write at the root: made from the files,
#: never committed.
REPORT_IGNORE_LINES = ("report.html", "review-*.html")
REPORT_IGNORE_COMMENT = "# mentorlog: pages made from the files (report, review --html)"
#: .gitignore's bytes (None: no file) -> its new bytes, or None when they can stay.
GitignoreUpdate = Callable[[bytes | None], bytes | None]
#: Whether a file is there (a path relative to the partnership's root).
Exists = Callable[[Path], bool]
#: The folders of a partnership, made by ``init``.
FOLDERS = ("goals", "meetings", "reviews", "private")


@dataclass
class Draft:
    """A new file before its template is rendered: ``front`` (the front-matter block,
    "" for none) + a blank line + ``template`` rendered with ``context``."""

    front: str
    template: str
    context: dict[str, Any]


def new_id(length: int = 6) -> str:
    import secrets  # brings hashlib and OpenSSL along: only init needs it

    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


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


# ------------------------------------------------------------------- init


@dataclass
class InitValues:
    mentee: str
    mentor: str
    start: dt.date
    end: dt.date
    cadence: str = "biweekly"
    time: str = "17:30"
    duration: int = 60
    timezone: str = "UTC"
    location: str = ""
    initiator: str = "mentee"
    contact: str = ""
    supervisor: str = ""
    id: str = ""

    def front_matter(self) -> dict[str, Any]:
        return {
            "id": self.id or new_id(),
            "mentee": self.mentee,
            "mentor": self.mentor,
            "start": self.start,
            "end": self.end,
            "cadence": self.cadence,
            "time": self.time,
            "duration": self.duration,
            "timezone": self.timezone,
            "location": self.location,
            "initiator": self.initiator,
            "contact": self.contact,
            "supervisor": self.supervisor,
            "confidentiality": DEFAULT_CONFIDENTIALITY,
            "no_fault_termination": True,
        }


@dataclass
class InitPlan:
    """What ``init`` writes: agreement.md and roadmap.md (roadmap.md only where there is
    none), the folders :data:`FOLDERS`, and .gitignore (:func:`gitignore_with_private`)."""

    agreement: str
    roadmap: str


def draft_init(values: InitValues, prep: SimpleNamespace | None = None) -> tuple[Draft, Draft]:
    """The drafts of agreement.md and roadmap.md for ``init``.

    ``prep``: what prep.md says for the agreement (``goals``, ``feedback``).
    The agreement is read back exactly as every later command will read it, so a
    value it cannot hold (an unknown time zone) is refused (BadFile) here.
    """
    meta = values.front_matter()
    text = frontmatter_text.dump(meta)
    agreement = documents.parse_agreement(text + "\n")
    ctx = agreement_context(agreement)
    prep = prep or SimpleNamespace(goals=[], feedback="")
    return Draft(text, "agreement.md", {"a": ctx, "prep": prep}), Draft(
        "", "roadmap.md", {"a": ctx}
    )


def gitignore_with_private(data: bytes | None) -> bytes | None:
    """.gitignore's new bytes so that it keeps private/ out of git (a new file also
    keeps the report pages out); None when it does already. ``data``: the file's
    bytes, None when there is none."""
    if data is None:
        report = "".join(f"{line}\n" for line in (REPORT_IGNORE_COMMENT, *REPORT_IGNORE_LINES))
        return f"# mentorlog: never share what is private\n{GITIGNORE_LINE}\n{report}".encode()
    lines = [ln.strip() for ln in data.decode("utf-8", "replace").splitlines()]
    if any(ln in ("private/", "/private/", "private", "/private") for ln in lines):
        return None
    return _appended(data, [GITIGNORE_LINE])


def gitignore_with_report(data: bytes | None) -> bytes | None:
    """.gitignore's new bytes so that it keeps the report pages out of git (a
    repository made before they existed); None when it does already."""
    data = data or b""
    lines = {ln.strip() for ln in data.decode("utf-8", "replace").splitlines()}
    missing = [ln for ln in REPORT_IGNORE_LINES if ln not in lines and f"/{ln}" not in lines]
    if not missing:
        return None
    return _appended(data, [REPORT_IGNORE_COMMENT, *missing])


def _appended(data: bytes, lines: list[str]) -> bytes:
    """``data`` with ``lines`` added at its end, in the file's own line ending."""
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    sep = b"" if not data or data.endswith(b"\n") else newline
    return data + sep + b"".join(ln.encode() + newline for ln in lines)


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
