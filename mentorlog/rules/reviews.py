"""The compiled reviews' figures: meetings, goals, follow-through, roadmap and
check-ins counted from the files, and the partners' answers read from a review.

Pure: functions over a loaded :class:`Partnership` and texts; the CLI reads and
writes. The blocks' Markdown is :mod:`mentorlog.rules.review_blocks`; the marker
lines around them are :mod:`mentorlog.text.markers`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from mentorlog.model import CHECKIN_QUESTIONS, OWNERS, Goal, Meeting, Partnership, Progress, Topic
from mentorlog.rules import followthrough, goals, timeline
from mentorlog.text import checkin
from mentorlog.text.items import split_lines

#: The blocks each review holds, in file order.
BLOCKS: dict[str, tuple[str, ...]] = {
    "checkup": (
        "period",
        "suitability",
        "verdict",
        "meetings",
        "goals",
        "followthrough",
        "roadmap",
        "checkins",
    ),
    "midpoint": ("period", "meetings", "goals", "followthrough", "roadmap", "checkins"),
    "closing": ("period", "goals", "meetings", "followthrough", "roadmap", "checkins"),
}

#: The check-up's suitability questions the partners answer (yes or no each).
ENERGISED = "Do we leave our meetings energised?"
TIME_INVESTED = "Are we satisfied with the time we invest?"
#: The share of planned meetings held below which "how often have we met" is unfavourable.
MET_ENOUGH = 0.75
#: More cancellations in a row than this is unfavourable.
MAX_CANCELLED_RUN = 3

OBSTACLES = (
    "Lack of trust",
    "Lack of respect for differences",
    "No confidentiality agreement",
    "Personal issues",
    "Mentoring is not a priority",
    "Unclear goals",
    "Unrealistic expectations",
    "No supervisor support",
    "High workload",
    "Distance",
)


# ------------------------------------------------------------------ figures


@dataclass
class GoalRow:
    """One goal in a review's goals block."""

    goal: Goal
    activities_done: int
    activities_total: int
    latest: Progress | None


def goal_rows(p: Partnership, tasks: Sequence[followthrough.Task] | None = None) -> list[GoalRow]:
    """Each goal with its learning activities (a tick on any copy counts) and latest progress."""
    tasks = followthrough.collect(p, refs=False) if tasks is None else tasks
    by_file: dict[str, list[followthrough.Task]] = {}
    for t in tasks:  # one pass, not one per goal
        by_file.setdefault(t.origin.file, []).append(t)
    rows = []
    for g in p.goals:
        mine = by_file.get(g.path, [])
        rows.append(
            GoalRow(
                goal=g,
                activities_done=sum(1 for t in mine if t.status == "done"),
                activities_total=sum(1 for t in mine if t.status != "dropped"),
                latest=goals.last_progress(g),  # the newest entry, as goal list shows it
            )
        )
    return rows


@dataclass
class OwnerFigures:
    """Follow-through figures of one owner (or of all)."""

    created: int = 0
    done: int = 0
    open: int = 0
    overdue: int = 0
    dropped: int = 0  # [-]: neither done nor open
    done_on_time: int = 0  # done, with a due date, done on or before it
    days_to_done: list[int] = field(default_factory=list)

    @property
    def median_days(self) -> float | None:
        if not self.days_to_done:
            return None
        import statistics  # only the reviews' figures use it; status reads none of them

        return statistics.median(self.days_to_done)


def followthrough_figures(
    p: Partnership, today: dt.date, tasks: Sequence[followthrough.Task] | None = None
) -> dict[str, OwnerFigures]:
    """Follow-through items of meetings written up to ``today``, per owner and ``all``."""
    tasks = followthrough.collect(p, refs=False) if tasks is None else tasks
    out = {name: OwnerFigures() for name in (*OWNERS, "all")}
    for t in tasks:
        if t.source != "meeting" or (t.from_ is not None and t.from_ > today):
            continue
        for key in (t.owner or "unassigned", "all"):
            f = out[key]
            f.created += 1
            if t.status == "done":
                f.done += 1
                if t.due is not None and t.done is not None and t.done <= t.due:
                    f.done_on_time += 1
                if t.done is not None and t.from_ is not None:
                    # never negative (an item noted as done before the meeting), as in actions
                    f.days_to_done.append(max(0, (t.done - t.from_).days))
            elif t.status == "dropped":
                f.dropped += 1
            else:
                f.open += 1
                if t.overdue(today):
                    f.overdue += 1
    return out


@dataclass
class RoadmapFigures:
    """How much of the roadmap was covered."""

    covered: list[tuple[Topic, Meeting]]  # topics taken by a held meeting, with it
    remaining: list[Topic]


def roadmap_figures(p: Partnership, today: dt.date) -> RoadmapFigures:
    held: dict[str, Meeting] = {}
    for m in p.meetings:
        if m.status == "held" and m.date <= today and m.topic:
            held.setdefault(timeline.topic_key(m.topic), m)
    covered: list[tuple[Topic, Meeting]] = []
    remaining: list[Topic] = []
    for t in p.roadmap:
        taker = held.get(timeline.topic_key(t.title))
        if taker is not None:
            covered.append((t, taker))
        else:
            remaining.append(t)
    return RoadmapFigures(covered, remaining)


def checkin_answers(
    meetings: Sequence[Meeting],
) -> dict[str, list[tuple[Meeting, str]]]:
    """question -> [(meeting, answer)] over the meetings that were not cancelled."""
    out: dict[str, list[tuple[Meeting, str]]] = {q: [] for q in CHECKIN_QUESTIONS}
    for m in meetings:
        if m.cancelled:
            continue
        for question, answer in checkin.parse_checkin(m.body):
            out[question].append((m, answer))
    return out


@dataclass
class Figures:
    """Everything a review compiles."""

    start: dt.date
    today: dt.date
    day: int
    days_total: int
    meetings: timeline.MeetingFigures
    goals: list[GoalRow]
    followthrough: dict[str, OwnerFigures]
    roadmap: RoadmapFigures
    checkins: dict[str, list[tuple[Meeting, str]]]


def compute(p: Partnership, today: dt.date) -> Figures:
    """Every figure of a review for the period from ``start`` to ``today``."""
    tasks = followthrough.collect(p, refs=False)  # the figures count tasks, name none
    mf = timeline.meeting_figures(p, today)
    return Figures(
        start=p.agreement.start,
        today=today,
        day=(today - p.agreement.start).days,
        days_total=p.agreement.days_total,
        meetings=mf,
        goals=goal_rows(p, tasks),
        followthrough=followthrough_figures(p, today, tasks),
        roadmap=roadmap_figures(p, today),
        checkins=checkin_answers(mf.meetings),
    )


# ------------------------------------------------------------ check-up answers


def classify(answer: str) -> str | None:
    """ "yes", "no", or None (both, neither: not answered yet)."""
    words = set(re.findall(r"[a-z]+", answer.casefold()))
    yes, no = "yes" in words, "no" in words
    if yes and not no:
        return "yes"
    if no and not yes:
        return "no"
    return None


_HEADING_RE = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")
_PARTNER_RE = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?\*\*(.+?)\*\*[ \t]*:?[ \t]*(.*)$")
_OBSTACLE_RE = re.compile(r"^[ \t]*(\d{1,2})[.)][ \t]+(.+?)[ \t]*:[ \t]*(.*?)[ \t]*$")


def partner_answers(text: str, question: str) -> list[tuple[str, str | None]]:
    """``(who, yes/no/None)`` lines under the heading ``question`` in ``text``."""
    out: list[tuple[str, str | None]] = []
    inside = False
    for line in split_lines(checkin.strip_comments(text)):
        heading = _HEADING_RE.match(line)
        if heading:
            inside = checkin.normalize(heading.group(1)) == checkin.normalize(question)
            continue
        if inside:
            m = _PARTNER_RE.match(line)
            if m:
                out.append((m.group(1).strip().rstrip(":"), classify(m.group(2))))
    return out


def obstacles_marked(text: str) -> list[int]:
    """Numbers (1-10) of the checklist's obstacles answered yes."""
    found = []
    for line in split_lines(checkin.strip_comments(text)):
        m = _OBSTACLE_RE.match(line)
        if not m:
            continue
        n = int(m.group(1))
        if (
            1 <= n <= len(OBSTACLES)
            and checkin.normalize(m.group(2)) == checkin.normalize(OBSTACLES[n - 1])
            and classify(m.group(3)) == "yes"
        ):
            found.append(n)
    return sorted(set(found))
