"""The Markdown of a review's computed blocks (period, meetings, goals, ...) and
what the review templates see.

Pure: functions over a loaded :class:`Partnership` and its :class:`Figures`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mentorlog.model import CHECKIN_QUESTIONS, Partnership
from mentorlog.rules import timeline
from mentorlog.rules.prospects import short_name
from mentorlog.rules.reviews import (
    BLOCKS,
    ENERGISED,
    MAX_CANCELLED_RUN,
    MET_ENOUGH,
    OBSTACLES,
    TIME_INVESTED,
    Figures,
    obstacles_marked,
    partner_answers,
)
from mentorlog.text.markers import defuse_markers, placeholder


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _first(name: str) -> str:
    return short_name(name)  # "Sam" for Sam Lee, "Dr. Lee" for Dr. Sam Lee


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


def met_favourable(mf: timeline.MeetingFigures) -> bool:
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
        kinds = timeline.meeting_kinds(p)
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


def template_context(kind: str, p: Partnership) -> dict[str, object]:
    """What the review templates see (``block(NAME)`` writes an empty block)."""
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
