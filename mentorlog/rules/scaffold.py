"""Create files: a new partnership, a meeting from its template, a roadmap topic.

Functions here compute text and write it through :mod:`mentorlog.store.files`; they
never commit (the CLI does) and never overwrite a file a user may have written.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import string
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from mentorlog.errors import RefuseOverwrite, UsageError
from mentorlog.model import CHECKIN_QUESTIONS, Agreement, Goal, Item, Partnership, names
from mentorlog.render.templates import render
from mentorlog.rules import documents, timeline
from mentorlog.rules.schedule import parse_cadence
from mentorlog.store import files
from mentorlog.text import frontmatter as frontmatter_text

DEFAULT_CONFIDENTIALITY = (
    "What we discuss stays between the two of us unless we both agree otherwise."
)
GITIGNORE_LINE = "private/"
#: Pages `mentorlog report` and `review --html` write at the root: made from the files,
#: never committed.
REPORT_IGNORE_LINES = ("report.html", "review-*.html")
REPORT_IGNORE_COMMENT = "# mentorlog: pages made from the files (report, review --html)"


def new_id(length: int = 6) -> str:
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def agreement_context(a: Agreement) -> SimpleNamespace:
    """What templates see as ``a``."""
    fields = {k: getattr(a, k) for k in a.__dataclass_fields__ if k != "meta"}
    return SimpleNamespace(**fields, cadence_words=parse_cadence(a.cadence).describe())


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


def init_repository(
    target: Path, values: InitValues, prep: SimpleNamespace | None = None
) -> list[Path]:
    """Write agreement.md, roadmap.md, the folders and .gitignore; return written paths.

    ``prep``: what prep.md says for the agreement (``goals``, ``feedback``).
    Refuses (and writes nothing) when target already holds an agreement.
    """
    if (target / names.AGREEMENT).exists():
        raise RefuseOverwrite(
            f"{target / names.AGREEMENT} exists already: this folder holds a partnership; "
            "mentorlog init never overwrites one"
        )
    meta = values.front_matter()
    text = frontmatter_text.dump(meta)
    # validate exactly as every later command will read it, before writing anything
    agreement = documents.parse_agreement(text + "\n")
    ctx = agreement_context(agreement)
    prep = prep or SimpleNamespace(goals=[], feedback="")
    agreement_text = text + "\n" + render("agreement.md", target, a=ctx, prep=prep)
    roadmap_text = render("roadmap.md", target, a=ctx)

    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    files.write_new(target / names.AGREEMENT, agreement_text, names.AGREEMENT)
    written.append(Path(names.AGREEMENT))
    if not (target / "roadmap.md").exists():
        files.write_new(target / "roadmap.md", roadmap_text, "roadmap.md")
        written.append(Path("roadmap.md"))
    for folder in ("goals", "meetings", "reviews", "private"):
        (target / folder).mkdir(exist_ok=True)
    if ensure_gitignore(target):
        written.append(Path(".gitignore"))
    return written


def ensure_gitignore(root: Path) -> bool:
    """Make sure .gitignore keeps private/ out; True when the file was written."""
    path = root / ".gitignore"
    if not path.exists():
        report = "".join(f"{line}\n" for line in (REPORT_IGNORE_COMMENT, *REPORT_IGNORE_LINES))
        files.atomic_write(
            path,
            f"# mentorlog: never share what is private\n{GITIGNORE_LINE}\n{report}".encode(),
        )
        return True
    data = path.read_bytes()
    lines = [ln.strip() for ln in data.decode("utf-8", "replace").splitlines()]
    if any(ln in ("private/", "/private/", "private", "/private") for ln in lines):
        return False
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    sep = b"" if not data or data.endswith(b"\n") else newline
    files.replace_bytes(path, data, data + sep + GITIGNORE_LINE.encode() + newline, ".gitignore")
    return True


def ensure_report_ignored(root: Path) -> bool:
    """Make sure .gitignore keeps the report pages out of git (a repository made before
    they existed); True when the file was written."""
    path = root / ".gitignore"
    data = path.read_bytes() if path.exists() else b""
    lines = {ln.strip() for ln in data.decode("utf-8", "replace").splitlines()}
    missing = [ln for ln in REPORT_IGNORE_LINES if ln not in lines and f"/{ln}" not in lines]
    if not missing:
        return False
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    sep = b"" if not data or data.endswith(b"\n") else newline
    added = b"".join(ln.encode() + newline for ln in (REPORT_IGNORE_COMMENT, *missing))
    if path.exists():
        files.replace_bytes(path, data, data + sep + added, ".gitignore")
    else:
        files.atomic_write(path, added)
    return True


# ------------------------------------------------------------ new-meeting


@dataclass
class MeetingPlan:
    path: Path  # relative to the root
    date: dt.date
    time: str
    number: int
    kind: str
    topic: str | None
    text: str


def meeting_path(p: Partnership, day: dt.date, second: bool) -> tuple[Path, int]:
    base = Path("meetings") / names.dated_name(day)
    if not (p.root / base).exists():
        return base, 1
    if not second:
        raise RefuseOverwrite(
            f"{base.as_posix()} exists already; mentorlog never overwrites a meeting "
            "(for a second meeting that day, add --kind extra)"
        )
    n = 2
    while (p.root / "meetings" / names.dated_name(day, n)).exists():
        n += 1
    return Path("meetings") / names.dated_name(day, n), n


# a task box at the start of a list item (the prefix items.TASK_RE reads)
_TASK_BOX_RE = re.compile(r"^([ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[([ xX-])\]")


def not_a_task(line: str) -> str:
    """``line`` with a leading task box escaped (``- \\[ ] x``): text copied into a
    template never becomes a new task item."""
    return _TASK_BOX_RE.sub(r"\1\\[\2]", line)


def next_activities(goal: Goal, limit: int = 2, ticked: set[str] | None = None) -> list[Item]:
    """The goal's open learning activities, soonest due first.

    ``ticked``: ids of items ticked anywhere (a ticked copy in a meeting counts).
    """
    done = ticked or set()
    # open as everywhere else (goal list, actions): unticked, whatever done: date it holds
    open_items = [
        i for i in goal.items if not i.checked and not i.dropped and not (i.id and i.id in done)
    ]
    open_items.sort(key=lambda i: (i.due or dt.date.max, i.line))
    return open_items[:limit]


def overdue_lines(carried: list[str], day: dt.date) -> dict[str, str]:
    """Carried line -> its due date (ISO), for the lines already overdue on ``day``."""
    from mentorlog.text.items import parse_line

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
    from mentorlog.text.checkin import parse_checkin

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
    from mentorlog.rules.goals import action_plan_status

    if kind in ("first", "closing"):
        return None
    plan = action_plan_status(p, day)
    if plan.exists:
        return None
    return SimpleNamespace(
        due=plan.due, status=plan.status, missing=[g.title for g in plan.missing]
    )


def plan_meeting(
    p: Partnership,
    today: dt.date,
    day: dt.date | None = None,
    time: str | None = None,
    kind: str | None = None,
    topic: str | None = None,
    moved_from: dt.date | None = None,
    carried: list[str] | None = None,
) -> MeetingPlan:
    """Everything new-meeting will write, without writing it."""
    a = p.agreement
    if day is None:
        occ = timeline.next_planned(p, today)
        if occ is None:
            raise UsageError(
                f"no planned meeting is left on or after {today} without a meeting file "
                f"(the partnership ends {a.end}); give a DATE"
            )
        day = occ.date
    path, suffix = meeting_path(p, day, second=kind == "extra")
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
    ticked = {i.id for i in p.items() if i.checked and i.id}
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
                next_activities=[i.text for i in next_activities(g, ticked=ticked)],
            )
            for g in focus
        ],
    )
    m.action_plan = action_plan_reminder(p, day, kind)
    m.overdue = overdue_lines(carried or [], day)
    m.last_change = last_change(p, day, suffix)
    review = f"reviews/{kind}.md" if kind in timeline.REVIEW_KINDS else None
    body = render(
        f"meeting-{kind}.md",
        p.root,
        a=agreement_context(a),
        m=m,
        carried=carried or [],
        checkin=list(CHECKIN_QUESTIONS),
        review=review,
        owners=["@mentee", "@mentor"],
    )
    text = frontmatter_text.dump(meta) + "\n" + body
    return MeetingPlan(path, day, clock, number, kind, topic, text)


# ---------------------------------------------------------------- roadmap

LIST_ITEM_RE = re.compile(r"^(?P<marker>[-*+]|(?P<num>\d{1,9})(?P<delim>[.)]))(?P<space>[ \t]+)")


def _lines_with_ends(text: str) -> list[str]:
    """Lines with their endings, split exactly where :func:`items.split_lines` splits."""
    parts = re.split(r"(\r\n|\r|\n)", text)
    out = [parts[i] + parts[i + 1] for i in range(0, len(parts) - 1, 2)]
    if parts[-1]:
        out.append(parts[-1])
    return out


def roadmap_insert(text: str, topic: str, at: int | None) -> str:
    """``text`` of roadmap.md with ``topic`` inserted as item ``at`` (1-based; None: last).

    Only the new line is added, except that a sequentially numbered list has
    the numbers after the new item raised by one.
    """
    topic = " ".join(topic.split())
    if not topic:
        raise UsageError("the topic is empty")
    topics = documents.parse_roadmap(text)
    for t in topics:
        if timeline.topic_key(t.title) == timeline.topic_key(topic):
            raise UsageError(
                f"roadmap.md:{t.line}: '{t.title}' is topic {t.position} already, and one "
                "meeting would take both; word the new one differently"
            )
    if at is not None and not 1 <= at <= len(topics) + 1:
        raise UsageError(
            f"--at {at} is out of range: the roadmap has {len(topics)} topics "
            f"(use 1 to {len(topics) + 1})"
        )
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text and "\n" not in text else "\n"
    lines = _lines_with_ends(text)
    if not topics:
        # the list starts after a blank line (none needed at the top of the file)
        if text.strip() and lines and lines[-1].strip():
            sep = newline if lines[-1].endswith(("\n", "\r")) else newline * 2
        else:
            sep = "" if not text or text.endswith(("\n", "\r")) else newline
        return text + sep + f"1. {topic}{newline}"
    first = LIST_ITEM_RE.match(lines[topics[0].line - 1])
    assert first is not None
    ordered = first.group("num") is not None
    numbers = [_item_number(lines[t.line - 1]) for t in topics]
    base = (1 if numbers[0] is None else numbers[0]) - 1  # a list may start at any number
    sequential = ordered and all(
        n == base + t.position for n, t in zip(numbers, topics, strict=True)
    )
    position = at or len(topics) + 1
    if position <= len(topics):
        insert_at = topics[position - 1].line - 1
    else:
        insert_at = topics[-1].line  # after the last topic's line ...
        for j in range(insert_at, len(lines)):
            if not lines[j].strip():
                continue
            if lines[j][:1] not in (" ", "\t"):
                break
            insert_at = j + 1  # ... and its nested notes, blank lines between them too
    if ordered:
        # in a list numbered in sequence, the new item takes its place in the sequence;
        # otherwise (1. 1. 1. …) it copies the number of the item it goes before (or after)
        neighbour = numbers[min(position, len(topics)) - 1]
        number = base + position if sequential else (neighbour or 1)
        marker = f"{number}{first.group('delim')}"
    else:
        marker = first.group("marker")
    if insert_at > 0 and not lines[insert_at - 1].endswith(("\n", "\r")):
        lines[insert_at - 1] += newline
    lines.insert(insert_at, f"{marker}{first.group('space')}{topic}{newline}")
    if sequential:
        for t in topics[position - 1 :]:
            idx = t.line if t.line - 1 >= insert_at else t.line - 1
            mm = LIST_ITEM_RE.match(lines[idx])
            assert mm is not None
            lines[idx] = (
                f"{base + t.position + 1}{mm.group('delim')}"
                + lines[idx][len(mm.group("num")) + 1 :]
            )
    return "".join(lines)


def _item_number(line: str) -> int | None:
    m = LIST_ITEM_RE.match(line)
    return int(m.group("num")) if m and m.group("num") is not None else None
