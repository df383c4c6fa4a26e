"""What the report page shows: the partnership's reading, gathered for people.

Pure: a function of the loaded partnership, today, the review files' texts
and which exist (passed in by the caller). Every figure comes from the modules
that compute it for status and the reviews (:mod:`mentorlog.rules.timeline`,
:mod:`mentorlog.rules.status`, :mod:`mentorlog.rules.reviews`), so the page cannot
disagree with them. Charts are drawn by :mod:`mentorlog.render.charts`, the page by
:mod:`mentorlog.render.pages`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from mentorlog.errors import BadFile
from mentorlog.model import OWNERS, Partnership
from mentorlog.rules import followthrough, reviews, timeline
from mentorlog.rules.status import Status
from mentorlog.text import markers
from mentorlog.text.lines import lines_keepends

#: How each meeting state is called on the page, in the order of the chart's rows.
STATES = ("held", "moved", "cancelled", "planned")
MILESTONE_LABELS = {
    "action-plan": "action plan (day 30)",
    "checkup": "90-day check-up",
    "midpoint": "midpoint review",
    "closing": "closing",
}
#: The blocks of the latest review that the report shows (goals are shown on their own).
REVIEW_BLOCKS = ("period", "suitability", "verdict", "meetings", "followthrough")
#: Days between two points of the follow-through chart.
FOLLOW_STEP = 7


@dataclass
class TimelineEntry:
    date: dt.date
    state: str  # held | moved | cancelled | planned
    label: str  # "#3 regular: Industry trends"
    file: str | None  # the meeting file, or None for a planned date without one


@dataclass
class FollowPoint:
    date: dt.date
    counts: dict[str, tuple[int, int]]  # owner -> (open, done) on that day


@dataclass
class LatestReview:
    kind: str
    title: str
    file: str
    blocks: list[tuple[str, str]]  # (name, Markdown) as the file holds them
    problem: str | None = None  # why the blocks could not be read


@dataclass
class Report:
    status: Status
    cadence: str
    today: dt.date
    meetings: list[TimelineEntry]
    follow: list[FollowPoint]
    owners: list[str]  # the owners the follow-through chart shows
    followthrough: dict[str, reviews.OwnerFigures]  # as the reviews count them, up to today
    goals: list[reviews.GoalRow]
    review: LatestReview | None
    names: dict[str, str] = field(default_factory=dict)  # owner -> "Ana (mentee)"
    when: str = ""  # before the start or after the end: " (starts in 10 days)", as status says


def meeting_timeline(p: Partnership) -> list[TimelineEntry]:
    """Every meeting file with its state (moved included), and every planned date
    that has no file yet, by date."""
    states = timeline.meeting_states(p)
    numbers = timeline.meeting_numbers(p)
    kinds = timeline.meeting_kinds(p)
    out: list[TimelineEntry] = []
    for m in p.meetings:
        st = states[m.path]
        number = "" if m.cancelled else f"#{numbers[m.path]} "
        topic = f": {m.topic}" if m.topic else ""
        out.append(TimelineEntry(m.date, st, f"{number}{kinds[m.path]}{topic}", m.path))
    taken = timeline.taken_dates(p)
    for occ in timeline.occurrences(p.agreement):
        if occ.date not in taken:
            out.append(TimelineEntry(occ.date, "planned", f"{occ.kind} (no file yet)", None))
    out.sort(key=lambda e: (e.date, e.file or ""))
    return out


def follow_days(start: dt.date, today: dt.date) -> list[dt.date]:
    """The days the follow-through chart counts on: weekly from the start, and today."""
    last = today
    if last < start:
        return []
    days = [start + dt.timedelta(days=n) for n in range(0, (last - start).days + 1, FOLLOW_STEP)]
    if days[-1] != last:
        days.append(last)
    return days


def follow_over_time(
    p: Partnership, today: dt.date, tasks: list[followthrough.Task] | None = None
) -> list[FollowPoint]:
    """Open and done follow-through items per owner, on each of :func:`follow_days`
    (a dropped item counts as open until the day it was dropped, then not at all).

    The items are those the reviews count (written in meetings, each once however
    often it was carried): an item counts from the meeting where it was written,
    and as done from its ``done:`` date (from that meeting when ticked without a
    date). On the last day the counts equal the review's follow-through figures.
    """
    tasks = followthrough.collect(p) if tasks is None else tasks
    start = p.agreement.start
    mine = [t for t in tasks if t.source == "meeting"]
    out: list[FollowPoint] = []
    for day in follow_days(start, today):
        counts = {o: [0, 0] for o in OWNERS}
        for t in mine:
            written = t.from_ or start
            if written > day:
                continue
            if t.status == "dropped" and min(t.dropped or written, today) <= day:
                continue  # dropped: neither open nor done from then on, as in the reviews
            done_at = min(t.done or written, today) if t.status == "done" else None
            closed = done_at is not None and done_at <= day
            counts[t.owner or "unassigned"][1 if closed else 0] += 1
        out.append(FollowPoint(day, {o: (c[0], c[1]) for o, c in counts.items()}))
    return out


def latest_review(p: Partnership, texts: Mapping[str, str | BadFile]) -> LatestReview | None:
    """The latest review with a file (closing, else midpoint, else check-up), with the
    computed blocks as it was last compiled. ``texts``: kind -> the file's text, or
    why it could not be read (the page says so, and shows the rest)."""
    kind = next((k for k in reversed(timeline.REVIEW_KINDS) if k in texts), None)
    if kind is None:
        return None
    shown = f"reviews/{kind}.md"
    text = texts[kind]
    title = timeline.REVIEW_TOPICS[kind]
    if isinstance(text, BadFile):
        return LatestReview(kind, title, shown, [], problem=str(text))
    try:
        found = markers.find_blocks(text, shown)
    except BadFile as exc:
        return LatestReview(kind, title, shown, [], problem=str(exc))
    lines = lines_keepends(text)
    by_name = {b.name: "".join(lines[b.begin + 1 : b.end]).strip() for b in found}
    blocks = [(name, by_name[name]) for name in REVIEW_BLOCKS if by_name.get(name)]
    return LatestReview(kind, title, shown, blocks)


def owner_names(p: Partnership) -> dict[str, str]:
    a = p.agreement
    return {
        "mentee": f"{a.mentee} (mentee)",
        "mentor": f"{a.mentor} (mentor)",
        "unassigned": "unassigned",
    }


def build(
    p: Partnership,
    today: dt.date,
    status: Status,
    cadence: str,
    review_texts: Mapping[str, str | BadFile],
    when: str = "",
) -> Report:
    tasks = followthrough.collect(p)
    follow = follow_over_time(p, today, tasks)
    owners = [o for o in OWNERS if o != "unassigned" or any(sum(pt.counts[o]) for pt in follow)]
    return Report(
        status=status,
        cadence=cadence,
        today=today,
        meetings=meeting_timeline(p),
        follow=follow,
        owners=owners,
        followthrough=reviews.followthrough_figures(p, today, tasks),
        goals=reviews.goal_rows(p, tasks),
        review=latest_review(p, review_texts),
        names=owner_names(p),
        when=when,
    )
