"""The compiled reviews: figures from the files, and the computed blocks of reviews/KIND.md.

Pure: functions over a loaded :class:`Partnership` and texts; the CLI reads
and writes. A review file keeps its computed parts between marker lines::

    <!-- mentorlog:begin meetings -->
    ...
    <!-- mentorlog:end meetings -->

:func:`refresh` replaces what stands between each pair and leaves every other
byte of the file (the partners' answers, line endings) as it was.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from mentorlog.errors import BadFile
from mentorlog.model import CHECKIN_QUESTIONS, Goal, Meeting, Partnership, Progress, Topic
from mentorlog.rules import followthrough, goals, timeline
from mentorlog.text import checkin
from mentorlog.text.items import split_lines

OWNERS = ("mentee", "mentor", "unassigned")

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
class MeetingFigures:
    planned: int  # cadence occurrences from start to the review date
    held: int  # meeting files with status held (extra meetings included)
    cancelled: int  # status cancelled, and not replaced by a moved meeting
    longest_run: int  # longest run of consecutive cancellations
    current_run: int  # cancellations in a row among the latest meetings
    meetings: list[Meeting] = field(default_factory=list)  # the files dated up to the review date
    moved: int = 0  # planned occurrences replaced by a meeting with moved_from
    numbers: dict[str, int] = field(default_factory=dict)  # path -> computed number
    states: dict[str, str] = field(default_factory=dict)  # path -> planned|held|cancelled|moved


def cancellation_runs(
    meetings: Sequence[Meeting], states: Mapping[str, str] | None = None
) -> tuple[int, int]:
    """``(longest, current)`` runs of cancelled meetings, in file date order.

    A held meeting ends a run; a file still marked planned, or the record of a
    meeting that was moved (``states``), neither ends nor extends one.
    """
    longest = current = 0
    for m in meetings:
        if m.status == "cancelled" and (states is None or states.get(m.path) != "moved"):
            current += 1
            longest = max(longest, current)
        elif m.status == "held":
            current = 0
    return longest, current


def meeting_figures(p: Partnership, today: dt.date) -> MeetingFigures:
    period = [m for m in p.meetings if m.date <= today]
    states = timeline.meeting_states(p)
    longest, current = cancellation_runs(period, states)
    counts = timeline.counts(p, today)
    return MeetingFigures(
        planned=counts.planned,
        held=counts.held,
        cancelled=counts.cancelled,
        longest_run=longest,
        current_run=current,
        meetings=period,
        moved=counts.moved,
        numbers=timeline.meeting_numbers(p),
        states=states,
    )


@dataclass
class GoalRow:
    goal: Goal
    activities_done: int
    activities_total: int
    latest: Progress | None


def goal_rows(p: Partnership, tasks: Sequence[followthrough.Task] | None = None) -> list[GoalRow]:
    """Each goal with its learning activities (a tick on any copy counts) and latest progress."""
    tasks = followthrough.collect(p) if tasks is None else tasks
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
    created: int = 0
    done: int = 0
    open: int = 0
    overdue: int = 0
    dropped: int = 0  # [-]: neither done nor open
    done_on_time: int = 0  # done, with a due date, done on or before it
    days_to_done: list[int] = field(default_factory=list)

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days_to_done) if self.days_to_done else None


def followthrough_figures(
    p: Partnership, today: dt.date, tasks: Sequence[followthrough.Task] | None = None
) -> dict[str, OwnerFigures]:
    """Follow-through items of meetings written up to ``today``, per owner and ``all``."""
    tasks = followthrough.collect(p) if tasks is None else tasks
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
    start: dt.date
    today: dt.date
    day: int
    days_total: int
    meetings: MeetingFigures
    goals: list[GoalRow]
    followthrough: dict[str, OwnerFigures]
    roadmap: RoadmapFigures
    checkins: dict[str, list[tuple[Meeting, str]]]


def compute(p: Partnership, today: dt.date) -> Figures:
    """Every figure of a review for the period from ``start`` to ``today``."""
    tasks = followthrough.collect(p)
    mf = meeting_figures(p, today)
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


# ------------------------------------------------------------------ markdown


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _first(name: str) -> str:
    from mentorlog.rules.prep import short_name

    return short_name(name)  # "Sam" for Sam Lee, "Dr. Lee" for Dr. Sam Lee


meeting_kinds = timeline.meeting_kinds


def render_period(p: Partnership, f: Figures) -> str:
    if f.today < f.start:
        return (
            f"Compiled from the files on {f.today}: the partnership starts {f.start}, "
            "so there is nothing to count yet; run the review again later."
        )
    return (
        f"Compiled from the files on {f.today} for the period {f.start} to {f.today} "
        f"(day {f.day} of {f.days_total})."
    )


def met_favourable(mf: MeetingFigures) -> bool:
    return mf.planned == 0 or mf.held >= MET_ENOUGH * mf.planned


def render_suitability(p: Partnership, f: Figures) -> str:
    mf = f.meetings
    share = f" ({round(100 * mf.held / mf.planned)}%)" if mf.planned else ""
    met = "favourable" if met_favourable(mf) else "unfavourable"
    many = mf.longest_run > MAX_CANCELLED_RUN
    return "\n".join(
        [
            f"- **How often have we met?** {mf.held} held of {mf.planned} planned{share}, "
            f"{mf.moved} moved, {mf.cancelled} cancelled: {met} (favourable from "
            f"{round(100 * MET_ENOUGH)}% held).",
            f"- **More than {MAX_CANCELLED_RUN} meetings cancelled in a row?** "
            f"{'Yes' if many else 'No'} (the longest run is {mf.longest_run}): "
            f"{'unfavourable' if many else 'favourable'}.",
        ]
    )


def render_verdict(p: Partnership, f: Figures, answers_text: str) -> str:
    """The check-up rule applied to the computed answers and the partners' yes/no lines."""
    lines = []
    unfavourable: list[str] = []
    open_questions: list[str] = []
    if not met_favourable(f.meetings):
        unfavourable.append("how often we met")
    if f.meetings.longest_run > MAX_CANCELLED_RUN:
        unfavourable.append("cancellations in a row")
    for label, question in (("energised", ENERGISED), ("time invested", TIME_INVESTED)):
        given = partner_answers(answers_text, question)
        noes = [who for who, a in given if a == "no"]
        if noes:
            unfavourable.append(f"{label} (no: {', '.join(noes)})")
        elif not any(a is not None for _, a in given):
            open_questions.append(label)
    count = len(unfavourable)
    listed = f": {'; '.join(unfavourable)}" if unfavourable else ""
    lines.append(f"- **Unfavourable answers:** {count} of 4{listed}.")
    if open_questions:
        lines.append(
            f"- **Not answered yet:** {', '.join(open_questions)} "
            "(keep yes or no after each name, then run the review again)."
        )
    if count > 2:
        lines.append(
            "- **More than two unfavourable answers:** go through the obstacle checklist together."
        )
    else:
        lines.append(
            "- **Two or fewer unfavourable answers:** the match looks suitable; "
            "still name anything in the checklist that gets in the way."
        )
    marked = obstacles_marked(answers_text)
    if marked:
        names = ", ".join(f"{n} ({OBSTACLES[n - 1].lower()})" for n in marked)
        lines.append(f"- **Obstacles we marked:** {names}.")
        if any(n <= 5 for n in marked):
            lines.append(
                "- **Obstacles 1–5 are about the relationship itself:** consider a no-fault "
                "close, and talk about what each of us has learned."
            )
        if any(n > 5 for n in marked):
            lines.append(
                "- **Obstacles 6–10 can be worked on:** name each one and agree a plan "
                "to overcome it (below)."
            )
    return "\n".join(lines)


def render_meetings(p: Partnership, f: Figures) -> str:
    mf = f.meetings
    lines = [
        "| meetings | count |",
        "|---|---:|",
        f"| planned (on the cadence, up to {f.today}) | {mf.planned} |",
        f"| held (extra meetings included) | {mf.held} |",
        f"| moved (to another date) | {mf.moved} |",
        f"| cancelled | {mf.cancelled} |",
        f"| longest run of cancellations in a row | {mf.longest_run} |",
    ]
    if mf.meetings:
        lines.append("")
        kinds = meeting_kinds(p)
        numbers = mf.numbers or timeline.meeting_numbers(p)
        states = mf.states or timeline.meeting_states(p)
        replaced = timeline.replacements(p)
        for m in mf.meetings:
            st = states.get(m.path, m.status)
            number = "" if m.cancelled else f"#{numbers[m.path]} "
            moved = f", moved from {m.moved_from}" if m.moved_from else ""
            what = st
            day = timeline.planned_date(m)
            if st == "moved" and day is not None and day in replaced:
                what = f"moved to {replaced[day].date}"
            topic = f": {m.topic}" if m.topic else ""
            lines.append(f"- {m.date} {number}{kinds[m.path]}, {what}{moved}{topic}")
    return "\n".join(lines)


def render_goals(p: Partnership, f: Figures) -> str:
    if not f.goals:
        return '_No goals yet: add them with `mentorlog goal add "TITLE"`._'
    lines = [
        "| goal | status | target | activities done | latest progress |",
        "|---|---|---|---:|---|",
    ]
    for r in f.goals:
        g = r.goal
        latest = "–"
        if r.latest is not None:
            latest = f"{r.latest.date}: {r.latest.text}" if r.latest.date else r.latest.text
        lines.append(
            f"| [{_cell(g.title)}](../{g.path}) | {g.status} | {g.target or '–'} | "
            f"{r.activities_done}/{r.activities_total} | {_cell(latest)} |"
        )
    return "\n".join(lines)


def render_followthrough(p: Partnership, f: Figures) -> str:
    names = {
        "mentee": f"{_first(p.agreement.mentee)} (mentee)",
        "mentor": f"{_first(p.agreement.mentor)} (mentor)",
        "unassigned": "unassigned",
        "all": "**all**",
    }
    lines = [
        "| owner | created | done | open | overdue | dropped | done on time "
        "| median days to done |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, label in names.items():
        o = f.followthrough[key]
        lines.append(
            f"| {label} | {o.created} | {o.done} | {o.open} | {o.overdue} | {o.dropped} | "
            f"{o.done_on_time} | {_number(o.median_days)} |"
        )
    lines += [
        "",
        "Items written in meetings up to today, each counted once however often it was "
        "carried. Dropped: marked `[-]`, neither done nor open. Done on time: done on or "
        "before its due date. Days to done: from the meeting where it was written to its "
        "`done:` date.",
    ]
    return "\n".join(lines)


def render_roadmap(p: Partnership, f: Figures) -> str:
    rf = f.roadmap
    if not p.roadmap:
        return "_The roadmap is empty._"
    lines = [f"Covered ({len(rf.covered)} of {len(p.roadmap)}):", ""]
    lines += [f"- {t.title} ({m.date})" for t, m in rf.covered] or ["- _none yet_"]
    lines += ["", f"Remaining ({len(rf.remaining)}):", ""]
    lines += [f"- {t.title}" for t in rf.remaining] or ["- _none_"]
    return "\n".join(lines)


_TASK_BOX_RE = re.compile(r"^([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[([ xX])\]")


def quote(answer: str) -> list[str]:
    """An answer as quoted lines; task boxes escaped so a quote is never a task item."""
    out = []
    for line in answer.split("\n"):
        line = _TASK_BOX_RE.sub(lambda m: f"{m.group(1)}\\[{m.group(2)}]", line)
        out.append(f"  > {line}".rstrip())
    return out


def render_checkins(p: Partnership, f: Figures) -> str:
    lines: list[str] = []
    for question in CHECKIN_QUESTIONS:
        answers = f.checkins.get(question, [])
        lines += [f"### {question}", ""]
        if not answers:
            lines += ["_No answers written yet._", ""]
            continue
        for m, answer in answers:
            lines.append(f"- **{m.date}**")
            lines += quote(answer)
        lines.append("")
    return "\n".join(lines).rstrip("\n")


Renderer = Callable[[Partnership, Figures], str]
RENDERERS: dict[str, Renderer] = {
    "period": render_period,
    "suitability": render_suitability,
    "meetings": render_meetings,
    "goals": render_goals,
    "followthrough": render_followthrough,
    "roadmap": render_roadmap,
    "checkins": render_checkins,
}


def block_contents(kind: str, p: Partnership, f: Figures, answers_text: str) -> dict[str, str]:
    """The Markdown of each computed block of review ``kind``.

    ``answers_text`` is the review file without its blocks (the partners'
    answers), which the check-up's verdict reads.
    """
    out = {}
    for name in BLOCKS[kind]:
        if name == "verdict":
            out[name] = render_verdict(p, f, answers_text)
        else:
            out[name] = RENDERERS[name](p, f)
        out[name] = defuse_markers(out[name])
    return out


def defuse_markers(text: str) -> str:
    """User text (a goal title, an answer) that looks like a block marker, made harmless:
    ``<!--`` before ``mentorlog:`` becomes ``&lt;!--`` (it shows the same in Markdown),
    so the next refresh still finds the blocks."""
    return LOOSE_MARKER_RE.sub(lambda m: "&lt;" + m.group(0)[1:], text)


# ------------------------------------------------------------------ markers

MARKER_RE = re.compile(r"^[ \t]*<!--[ \t]*mentorlog:(begin|end)[ \t]+([\w.-]+)[ \t]*-->[ \t]*$")
LOOSE_MARKER_RE = re.compile(r"<!--[ \t]*mentorlog:(?:begin|end)\b")
LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def lines_keepends(text: str) -> list[str]:
    """Lines with their endings (CRLF, CR or LF), so joining them gives ``text`` back."""
    return LINE_RE.findall(text)


@dataclass
class Block:
    name: str
    begin: int  # 0-based index of the begin marker line
    end: int  # 0-based index of the end marker line


def find_blocks(text: str, shown: str) -> list[Block]:
    """The marker pairs of a review text; BadFile naming the line of the first unbalanced one."""
    blocks: list[Block] = []
    open_: tuple[str, int] | None = None
    for n, raw in enumerate(lines_keepends(text)):
        line = raw.rstrip("\r\n")
        m = MARKER_RE.match(line)
        if m is None:
            if LOOSE_MARKER_RE.search(line):
                raise BadFile(
                    "malformed marker: write '<!-- mentorlog:begin NAME -->' or "
                    "'<!-- mentorlog:end NAME -->' on a line of its own; nothing written",
                    path=shown,
                    line=n + 1,
                )
            continue
        what, name = m.groups()
        if what == "begin":
            if open_ is not None:
                raise BadFile(
                    f"unbalanced markers: 'mentorlog:begin {name}' before the end of "
                    f"'{open_[0]}' (begun at line {open_[1] + 1}); fix the markers, "
                    "nothing written",
                    path=shown,
                    line=n + 1,
                )
            open_ = (name, n)
        else:
            if open_ is None or open_[0] != name:
                raise BadFile(
                    f"unbalanced markers: 'mentorlog:end {name}' has no matching "
                    f"'mentorlog:begin {name}' above it; fix the markers, nothing written",
                    path=shown,
                    line=n + 1,
                )
            blocks.append(Block(name, open_[1], n))
            open_ = None
    if open_ is not None:
        raise BadFile(
            f"unbalanced markers: 'mentorlog:begin {open_[0]}' is never ended; add "
            f"'<!-- mentorlog:end {open_[0]} -->' after it, nothing written",
            path=shown,
            line=open_[1] + 1,
        )
    return blocks


def outside_blocks(text: str, shown: str) -> str:
    """``text`` without the contents of its blocks (markers kept): the partners' part."""
    lines = lines_keepends(text)
    inside = {i for b in find_blocks(text, shown) for i in range(b.begin + 1, b.end)}
    return "".join(line for i, line in enumerate(lines) if i not in inside)


@dataclass
class Refreshed:
    text: str
    refreshed: list[str]  # blocks filled in
    missing: list[str]  # blocks of this review that the file no longer has
    unknown: list[str]  # blocks in the file that this review does not compute (left alone)


def refresh(text: str, contents: Mapping[str, str], shown: str) -> Refreshed:
    """Fill every known block of ``text`` with ``contents``; keep every other byte.

    A block's lines take the line ending of its begin marker. Raises BadFile
    (and changes nothing) when the markers are unbalanced.
    """
    blocks = find_blocks(text, shown)
    lines = lines_keepends(text)
    out: list[str] = []
    done: list[str] = []
    unknown: list[str] = []
    position = 0
    for b in blocks:
        out.extend(lines[position : b.begin + 1])
        if b.name in contents:
            begin = lines[b.begin]
            nl = begin[len(begin.rstrip("\r\n")) :] or "\n"
            body = contents[b.name].split("\n")
            out.extend(line + nl for line in ["", *body, ""])
            done.append(b.name)
            position = b.end
        else:
            unknown.append(b.name)
            position = b.begin + 1
    out.extend(lines[position:])
    missing = [name for name in contents if name not in done]
    return Refreshed("".join(out), done, missing, unknown)


def placeholder(name: str) -> str:
    """An empty block, for templates: ``{{ block("meetings") }}``."""
    return f"<!-- mentorlog:begin {name} -->\n<!-- mentorlog:end {name} -->"


def template_context(kind: str, p: Partnership) -> dict[str, object]:
    a = p.agreement
    return {
        "a": a,
        "kind": kind,
        "title": timeline.REVIEW_TOPICS[kind],
        "mentee_name": defuse_markers(_first(a.mentee)),
        "mentor_name": defuse_markers(_first(a.mentor)),
        "block": placeholder,
        "energised": ENERGISED,
        "time_invested": TIME_INVESTED,
        "obstacles": OBSTACLES,
        "max_run": MAX_CANCELLED_RUN,
    }
