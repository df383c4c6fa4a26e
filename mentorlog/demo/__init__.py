"""An example partnership, half-way through, for ``mentorlog demo``.

Everything is dated relative to ``today``: the partnership started 91 days ago
(so the 90-day check-up has just happened), runs for six months and meets
every second week. Of the seven meetings planned so far, six were held and one
was cancelled. The content is plain data below, written in day numbers (day 0
is the start); the helpers turn those into dates and carry open follow-through
items forward the way ``new-meeting`` does. The file bodies are written here,
not rendered from the templates, so the demo keeps working whatever the user's
template overrides say.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mentorlog.errors import RefuseOverwrite
from mentorlog.model import CHECKIN_QUESTIONS
from mentorlog.model.names import dated_name
from mentorlog.rules.schedule import Occurrence, end_from_months, plan
from mentorlog.store.files import write_new
from mentorlog.text.frontmatter import dump

DAYS_SO_FAR = 91  # today is day 91 of the partnership
MONTHS = 6
CADENCE = "biweekly"
TIME = "17:30"
CANCELLED = 5  # the planned occurrence that did not take place
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

AGREEMENT_META: dict[str, object] = {
    "id": "demo01",
    "mentee": "Ana Ruiz",
    "mentor": "Sam Lee",
    # start and end are filled in from today
    "cadence": CADENCE,
    "time": TIME,
    "duration": 60,
    "timezone": "Europe/Berlin",
    "location": "Café Central, 2nd floor (or the video link in the invite)",
    "initiator": "mentee",
    "contact": "email or chat, weekdays 9-18",
    "supervisor": "Priya Shah (Ana's manager)",
    "confidentiality": "What we talk about stays between the two of us "
    "unless we both agree to share it.",
    "no_fault_termination": True,
}


@dataclass(frozen=True)
class Task:
    """A follow-through item or a learning activity, dated in day numbers."""

    owner: str  # as written: @mentee, @mentor, @ana, @sam
    text: str
    due: int
    done: int | None = None  # the day it was done; None while open
    tag: str = ""  # learning activities only: doing | others | stretch


@dataclass(frozen=True)
class GoalSpec:
    stem: str
    title: str
    category: str
    target: int  # day number
    measure: str
    smart: tuple[str, str, str, str]  # Specific, Measurable, Achievable, Relevant
    activities: tuple[Task, ...]
    progress: tuple[tuple[int, str], ...]  # (day of a meeting, what moved)


@dataclass(frozen=True)
class HeldSpec:
    """One held meeting; the n-th held meeting takes the n-th roadmap topic."""

    goals: tuple[str, ...]  # goal stems in focus
    since: str  # the agenda's look back
    agenda: tuple[str, ...]  # further agenda bullets
    notes: tuple[str, ...]
    tasks: tuple[Task, ...]  # the new follow-through
    checkin: tuple[str, str, str, str, str]  # one answer per check-in question


# ------------------------------------------------------------------ roadmap

ROADMAP: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Getting acquainted and our agreement",
        (
            "our careers so far, what we share, how each of us likes to work",
            "draft the agreement: schedule, contact hours, feedback style, confidentiality",
        ),
    ),
    (
        "Goals and the action plan",
        (
            "cut the wish list down to three SMART goals",
            "a dated learning activity for each goal: the plan is due by day 30",
        ),
    ),
    ("Industry trends", ("what platform teams and AI coding assistants change for a tech lead",)),
    ("Time management", ("where Ana's week really goes; what to hand over, what only she can do",)),
    (
        "Running a cross-team kickoff",
        (
            "roles, decision rights and the first milestone for the billing migration",
            "Sam's checklist from kickoffs he has run",
        ),
    ),
    ("Giving feedback to peers", ("situation, behaviour, impact; rehearse one real conversation",)),
    (
        "Lessons learned from a failed launch",
        ("Sam's story of a relaunch that had to be rolled back, and what he would change",),
    ),
    (
        "Technical strategy documents",
        ("how to write one that people read; review a real example together",),
    ),
    (
        "Influencing without authority",
        (
            "getting commitments from teams that do not report to you",
            "bring one stalled request from the migration",
        ),
    ),
    (
        "Career paths beyond tech lead",
        ("staff engineer or engineering manager: what each job is like day to day",),
    ),
)

# -------------------------------------------------------------------- goals

GOALS: tuple[GoalSpec, ...] = (
    GoalSpec(
        stem="01-lead-a-cross-team-project",
        title="Lead a cross-team project",
        category="Navigate the organization",
        target=165,
        measure="Lead the billing migration, which spans three teams, from kickoff to launch",
        smart=(
            "Lead the billing migration as its tech lead: own the plan, the decisions "
            "that cross team lines, and the launch.",
            "The migration launches with payments, platform and data signed off, and the "
            "three team leads say they would work with me as lead again.",
            "Priya backs it, the project is scoped to one quarter, and Sam has led "
            "several projects like it.",
            "Leading across teams is the part of the tech-lead job I have never done.",
        ),
        activities=(
            Task("@ana", "Draft the project charter for the billing migration", 49, 48, "doing"),
            Task(
                "@mentee",
                "Shadow Sam in a quarterly planning session with three teams",
                56,
                52,
                "others",
            ),
            Task(
                "@mentee",
                "Run the weekly cross-team sync for the migration for six weeks",
                126,
                None,
                "doing",
            ),
            Task(
                "@mentee",
                "Present the migration's status at the engineering leadership meeting",
                140,
                None,
                "stretch",
            ),
        ),
        progress=(
            (42, "Priya confirmed that I lead the billing migration from next month."),
            (70, "Charter written and shared; kickoff plan reviewed with Sam."),
            (84, "Kickoff held with payments, platform and data; decision rights agreed."),
        ),
    ),
    GoalSpec(
        stem="02-give-candid-feedback",
        title="Give candid feedback",
        category="Build confidence",
        target=150,
        measure="Give a peer specific feedback at least every two weeks, and ask how it landed",
        smart=(
            "Tell peers plainly what works and what does not in their work, without "
            "softening the message until it disappears.",
            "At least one piece of specific feedback every two weeks, noted under "
            "Progress with how it landed.",
            "Start with small, low-stakes feedback, and rehearse the harder "
            "conversations with Sam first.",
            "A tech lead who cannot give feedback cannot raise a team's standards.",
        ),
        activities=(
            Task(
                "@mentee",
                "Read up on situation-behaviour-impact feedback and write three "
                "examples from my own work",
                42,
                40,
                "doing",
            ),
            Task(
                "@mentor", "Role-play a difficult feedback conversation with Ana", 84, 84, "others"
            ),
            Task(
                "@mentee",
                "Give feedback to one peer every two weeks and note how it landed",
                150,
                None,
                "doing",
            ),
            Task(
                "@mentee",
                "Facilitate the migration team's first retrospective",
                112,
                None,
                "stretch",
            ),
        ),
        progress=(
            (14, "Named the pattern: I soften feedback until the point gets lost."),
            (
                84,
                "Rehearsed the talk with Tomasz twice, Sam playing him; the second try "
                "named one concrete review comment.",
            ),
        ),
    ),
    GoalSpec(
        stem="03-build-a-network-beyond-my-team",
        title="Build a network beyond my team",
        category="Expand network",
        target=175,
        measure="Talk one to one with eight people outside my department, "
        "and stay in touch with at least three",
        smart=(
            "Get to know people outside my department: other engineering groups, "
            "product and finance.",
            "Eight one-to-one conversations, and three people I am still in touch with at the end.",
            "One coffee chat every two weeks; Sam makes the first introductions.",
            "Cross-team projects move faster when I know whom to ask.",
        ),
        activities=(
            Task("@mentee", "Sit in on the architecture guild's monthly meeting", 63, 61, "others"),
            Task(
                "@mentee",
                "Have a coffee chat every two weeks with someone outside my department",
                175,
                None,
                "doing",
            ),
            Task(
                "@mentee", "Give a lightning talk at the architecture guild", 133, None, "stretch"
            ),
        ),
        progress=(
            (70, "Met Jonas Weber from the architecture guild; three conversations so far."),
            (84, "Five conversations so far; the guild asked me for a lightning talk."),
        ),
    ),
)
GOAL_TITLES = {g.stem: g.title for g in GOALS}
ALL_GOALS = tuple(g.stem for g in GOALS)

# ----------------------------------------------------------------- meetings

HELD: tuple[HeldSpec, ...] = (
    HeldSpec(  # occurrence 1, first
        goals=(),
        since="",
        agenda=(
            "**Where Ana is going:** what she wants from the next six months",
            "**Top 3 goals:** a first list, to sharpen before we meet again",
        ),
        notes=(
            "- Sam was a backend engineer for eight years before he moved into management; "
            "Ana has been on the payments team for five.",
            "- Both of us joined through an acquisition, and both of us climb at weekends.",
            "- Ana's aim: by the end of the six months, be ready to lead a project across "
            "teams, not only her own team's work.",
            "- Sam likes candid feedback and asked Ana to push back when his advice does "
            "not fit her situation.",
            "- Every second week after work at Café Central, by video when one of us "
            "travels. Ana brings the agenda and keeps the notes here.",
        ),
        tasks=(
            Task("@mentee", "Write a first draft of three goals in SMART form", 10, 9),
            Task("@mentor", "Send Ana the one-page agreement draft to review", 5, 3),
            Task("@ana", "Brief Priya on the partnership and share the meeting calendar", 12, 16),
        ),
        checkin=(
            "How Sam went from engineer to lead: it made the goal feel concrete.",
            "Turn the wish list into three goals, and sign the agreement.",
            "Ana drafts the goals and briefs Priya; Sam sends the agreement draft.",
            "Ask for a table away from the counter: it was loud.",
            "The conversation came easily. Still unclear: how much Sam can help with the "
            "payments domain itself.",
        ),
    ),
    HeldSpec(  # occurrence 2
        goals=ALL_GOALS,
        since="the agreement draft, the goal drafts, the talk with Priya",
        agenda=(
            "Check each goal draft against SMART; pick the top three and order them",
            "Learning activities for each goal: by doing, from others, stretch",
        ),
        notes=(
            '- Ana brought seven goal ideas; we kept three and parked "learn Rust" for later.',
            "- The cross-team goal needs a real project: Sam suggested asking Priya about "
            "the billing migration.",
            "- Feedback: Ana softens it until the message is lost. We will count how often "
            "she gives it, not how it feels.",
            "- Network: include people outside engineering too, product and finance.",
            "- Action plan due by day 30, with a date on every activity. Agreement signed.",
        ),
        tasks=(
            Task(
                "@mentee", "Write the action plan with a date for every learning activity", 28, 27
            ),
            Task(
                "@mentor", "Share the tech-lead expectations document his department uses", 21, 20
            ),
            Task(
                "@mentee", "Ask Priya whether I can lead the billing migration next quarter", 26, 33
            ),
        ),
        checkin=(
            "Cutting seven goals down to three: for Ana, a relief.",
            "Finish the action plan; find out about the billing migration.",
            "Ana writes the plan and talks to Priya; Sam sends the expectations document.",
            "Send the agenda a day earlier so that Sam can prepare.",
            "The goals are clear now. The first twenty minutes drifted into office gossip.",
        ),
    ),
    HeldSpec(  # occurrence 3
        goals=("01-lead-a-cross-team-project", "03-build-a-network-beyond-my-team"),
        since="the action plan; the billing migration question is still open",
        agenda=(
            "A quick look at the action plan",
            "Which of the trends Sam sees matter for Ana's team",
        ),
        notes=(
            "- Action plan reviewed: solid, but the stretch assignments were vague. Ana "
            "will make them concrete.",
            "- Sam sees platform teams taking over work that product teams used to do: "
            "tech leads negotiate interfaces more and write less code.",
            "- AI coding assistants: for a lead the question is how reviews and onboarding "
            "change, not which tool wins.",
            "- Ana's team is piloting an assistant and nobody owns the pilot: a chance to "
            "lead something now.",
            "- Priya has not answered about the migration yet; Ana will ask again in "
            "their next one-to-one.",
        ),
        tasks=(
            Task(
                "@mentor",
                "Send the two articles on platform teams and the talk on developer experience",
                35,
                30,
            ),
            Task(
                "@mentee",
                "Write half a page on what the assistant pilot means for our code reviews",
                42,
                41,
            ),
            Task("@sam", "Introduce Ana to Jonas Weber from the architecture guild", 40, 47),
        ),
        checkin=(
            "Seeing our team's work from outside; the pilot idea came out of it.",
            "Make the stretch assignments concrete; meet the architecture guild.",
            "Ana writes the half page on the pilot; Sam sends the reading and the introduction.",
            "Less of Sam talking: keep the last fifteen minutes for Ana's own case.",
            "The reading list works. We ran ten minutes over.",
        ),
    ),
    HeldSpec(  # occurrence 4
        goals=("01-lead-a-cross-team-project",),
        since="the pilot write-up is done; the introduction to Jonas is still to come",
        agenda=(
            "Ana's calendar for the last two weeks: where the time went",
            "What to hand over once the migration starts",
        ),
        notes=(
            "- Priya said yes: Ana leads the billing migration from next month, with "
            "payments, platform and data involved.",
            "- About 40% of Ana's calendar is meetings, many of them status updates that "
            "could be written down.",
            "- Sam's rule: two long blocks a week for thinking work, defended like a "
            "meeting with your director.",
            "- Ana will hand the on-call rota and the sprint demos to Tomasz, who wants "
            "more visibility.",
            "- Ana reviews every pull request herself; she will try reviewing a sample instead.",
        ),
        tasks=(
            Task("@mentee", "Keep a time log for two weeks and mark what only I can do", 56, 60),
            Task(
                "@mentee",
                "Read the book on staff engineering that Sam lent me and bring three takeaways",
                105,
            ),
            Task("@mentor", "Send Ana his weekly planning template", 49, 45),
        ),
        checkin=(
            "The 40% figure was a shock; a rule for focus blocks helps.",
            "Start the time log, hand over the on-call rota, prepare the kickoff.",
            "Ana keeps the time log; Sam sends his planning template.",
            "Sam travels in two weeks: decide early whether to move that meeting.",
            "Concrete homework each time works. Ana's follow-through has slipped once already.",
        ),
    ),
    HeldSpec(  # occurrence 6 (occurrence 5 was cancelled)
        goals=("01-lead-a-cross-team-project",),
        since="the time log and the planning template; the book is still open",
        agenda=(
            "Catch up after the cancelled meeting",
            "Ana's kickoff plan for the billing migration",
        ),
        notes=(
            "- The cancellation cost us momentum. From now on we switch to video rather "
            "than cancel when one of us travels.",
            "- The time log worked: Ana kept both focus blocks last week.",
            "- Sam: agree on who decides what before agreeing on the timeline, or every "
            "date turns into a debate.",
            "- Each team sends one owner to the kickoff, not the whole team.",
            "- Risk: the data team is in the middle of a reorganisation; Ana will meet "
            "their manager before the kickoff.",
            "- Sam's worst kickoff: nobody owned the rollback plan. Name that owner on day one.",
        ),
        tasks=(
            Task(
                "@mentee",
                "Run the billing migration kickoff and ask the three teams for feedback",
                77,
                76,
            ),
            Task("@mentor", "Share his kickoff checklist and a sample decision table", 72, 71),
            Task(
                "@mentee",
                "List three pieces of feedback I owe peers and when I will give them",
                80,
                86,
            ),
        ),
        checkin=(
            "Decision rights before the timeline: Ana will open the kickoff with it.",
            "Hold the kickoff; prepare the feedback topic.",
            "Ana runs the kickoff and lists the feedback she owes; Sam sends his checklist.",
            "Switch to video instead of cancelling when one of us travels.",
            "The kickoff plan is much sharper than two weeks ago. The book is still unread.",
        ),
    ),
    HeldSpec(  # occurrence 7, the 90-day check-up
        goals=("02-give-candid-feedback", "03-build-a-network-beyond-my-team"),
        since="the kickoff happened; the feedback list is half done",
        agenda=(
            "**The 90-day check-up:** how often have we met, do we leave energised, is the "
            "time worth it, any obstacles?",
            "How the kickoff went",
        ),
        notes=(
            "- Check-up: six of seven planned meetings held, one cancelled. Both of us "
            "leave energised, and both find the time well spent.",
            "- One obstacle to watch: Ana's workload during the migration. None of the "
            "serious ones (trust, respect, confidentiality, priority).",
            "- The kickoff went well: decision rights agreed in twenty minutes; the data "
            "team asked for a written summary.",
            "- Role-play, with Sam playing Tomasz: his review comments come across as harsh. "
            "Ana's first try was too vague; the second named one comment and its effect.",
            "- Sam's tip: say the impact in one sentence, then stop and listen.",
            "- Network: five conversations so far; the architecture guild asked Ana for a "
            "lightning talk.",
        ),
        tasks=(
            Task("@sam", "Introduce Ana to Mei Chen, the platform team's lead", 89),
            Task("@ana", "Give Tomasz the feedback on his review comments", 95),
            Task("@mentee", "Compile the 90-day check-up review and add my answers", 94),
        ),
        checkin=(
            "The role-play: saying it aloud twice made the real conversation feel possible.",
            "Feedback to Tomasz this week, the check-up review, then the midpoint.",
            "Ana talks to Tomasz and writes up the check-up; Sam introduces Mei.",
            "Start with the follow-through list instead of leaving it for the end.",
            "Trust and the routine are working. The reading item keeps being carried over.",
        ),
    ),
)

CANCELLED_NOTE = (
    "Cancelled: Sam was travelling for a leadership offsite; by chat we agreed "
    "to carry on with the same topic next time."
)


# ------------------------------------------------------------------ helpers


def build(root: Path, today: dt.date) -> list[Path]:
    """Write a realistic example partnership half-way through into root (which exists and is
    empty or has no agreement.md); return the written paths (relative to root), in a stable
    order."""
    start = today - dt.timedelta(days=DAYS_SO_FAR)
    end = end_from_months(start, MONTHS)
    files: dict[str, str] = {
        "agreement.md": agreement_text(start, end),
        "roadmap.md": roadmap_text(),
    }
    for goal in GOALS:
        files[f"goals/{goal.stem}.md"] = goal_text(goal, start)
    past = [o for o in plan(start, end, CADENCE) if o.date <= today]
    files.update(meeting_texts(past, start))
    for name in files:  # refuse before writing anything
        if (root / name).exists():
            raise RefuseOverwrite(
                "exists already; the demo writes nothing over it (run it in an empty folder)",
                path=name,
            )
    for name, text in files.items():
        write_new(root / name, text, shown=name)
    return [Path(name) for name in files]


def agreement_text(start: dt.date, end: dt.date) -> str:
    items = list(AGREEMENT_META.items())
    at = [key for key, _ in items].index("cadence")  # start and end come before cadence
    meta = dict(items[:at] + [("start", start), ("end", end)] + items[at:])
    confidentiality = AGREEMENT_META["confidentiality"]
    signed = day(start, 14)  # at the second meeting, once the goals were clear
    body = f"""
# Mentoring agreement: Ana Ruiz and Sam Lee

## Why this partnership

Ana wants to grow from senior engineer into a tech lead within the next year.
Sam made that move himself and now runs engineering teams that work across the
company; he wants to stay close to how engineers experience leadership today.

## Our top 3 goals

1. [{GOALS[0].title}](goals/{GOALS[0].stem}.md)
2. [{GOALS[1].title}](goals/{GOALS[1].stem}.md)
3. [{GOALS[2].title}](goals/{GOALS[2].stem}.md)

## Roles and responsibilities

- **Ana Ruiz, mentee:** drives the partnership: proposes the agenda, keeps the notes in
  this repository, and does what she takes on or says early that she cannot.
- **Sam Lee, mentor:** shares experience, contacts and reading; asks questions; gives
  honest feedback; keeps his own promises too.

## Meetings

- **Where:** Café Central, 2nd floor; by video when one of us travels
- **When:** every second {WEEKDAYS[start.weekday()]} at {TIME} (Europe/Berlin), \
from {start.isoformat()} to {end.isoformat()}
- **How long:** 60 minutes
- **How often:** every two weeks, with a check-up after 90 days and a midpoint review
- **Who initiates:** Ana sends the invitation and the agenda two days ahead.
- **Who takes notes:** Ana, in the meeting file; Sam adds his own below hers.

## Communication and boundaries

- **How to reach each other:** email or chat, weekdays 9-18
- We answer within two working days; no evening or weekend calls unless arranged.

## Feedback

- **Ana would like:** candid and specific, including when she is off track.
- **Sam would like:** to hear when his advice does not fit Ana's situation.

## When we hit an obstacle

1. Whoever notices it says so at the next check-in, or sooner by chat.
2. We name it together and agree one change to try.
3. After two meetings we look again; if it still does not work, we talk about
   whether to go on. Having a process means it is never personal.

## Confidentiality

{confidentiality}

The one exception: Ana tells Priya what the goals are and how the partnership
is going, never what we discussed.

## No-fault termination

Either of us may end the partnership at any time, for any reason, without
blame. We would still meet once more to close it and say what we learned.

## Supervisor support

Priya Shah, Ana's manager, knows the goals and has the meeting calendar. She
supports the billing migration as Ana's stretch assignment. Ana updates her
after the check-up and the midpoint review.

## Signed

- **Ana Ruiz** (mentee), date: {signed.isoformat()}
- **Sam Lee** (mentor), date: {signed.isoformat()}
"""
    return dump(meta) + body


def roadmap_text() -> str:
    lines = ["# Roadmap", ""]
    for n, (topic, notes) in enumerate(ROADMAP, start=1):
        marker = f"{n}. "
        lines.append(marker + topic)
        # nested notes line up with the topic's text (3 spaces for "1. ", 4 for "10. ")
        lines.extend(" " * len(marker) + "- " + note for note in notes)
    return "\n".join(lines) + "\n"


def goal_text(goal: GoalSpec, start: dt.date) -> str:
    meta = {
        "title": goal.title,
        "category": goal.category,
        "priority": GOALS.index(goal) + 1,
        "status": "active",
        "created": day(start, 14),
        "target": day(start, goal.target),
        "measure": goal.measure,
    }
    specific, measurable, achievable, relevant = goal.smart
    lines = [
        "",
        f"# {goal.title}",
        "",
        "## Specific",
        "",
        specific,
        "",
        "## Measurable",
        "",
        measurable,
        "",
        "## Achievable",
        "",
        achievable,
        "",
        "## Relevant",
        "",
        relevant,
        "",
        "## Time-bound",
        "",
        f"Target: {day(start, goal.target).isoformat()}",
        "",
        "## Learning activities",
        "",
    ]
    lines.extend(task_line(t, start) for t in goal.activities)
    lines += ["", "## Progress", ""]
    lines.extend(f"- {day(start, n).isoformat()}: {text}" for n, text in goal.progress)
    return dump(meta) + "\n".join(lines) + "\n"


@dataclass
class Written:
    """A follow-through item as the meetings hold it: where it was written, where it went."""

    task: Task
    origin: dt.date
    copies: list[dt.date]  # the held meetings it appears in, the origin first
    id: str


def meeting_texts(past: Sequence[Occurrence], start: dt.date) -> dict[str, str]:
    """meetings/DATE.md for each past occurrence, items carried as new-meeting does."""
    held = [o for o in past if o.number != CANCELLED]
    if len(held) != len(HELD) or len(past) != len(HELD) + 1:
        raise RuntimeError(f"the demo expects {len(HELD) + 1} past meetings, not {len(past)}")
    # Which held meetings each item appears in: its own, then every later one it was
    # still open at (it was ticked at or after that meeting, or not at all).
    written: list[Written] = []
    for occ, spec in zip(held, HELD, strict=True):
        for task in spec.tasks:
            done = day(start, task.done) if task.done is not None else None
            copies = [occ.date] + [
                o.date for o in held if o.date > occ.date and (done is None or done >= o.date)
            ]
            written.append(Written(task, occ.date, copies, item_id(task.text)))
    if len({w.id for w in written}) != len(written):
        raise RuntimeError("two demo items share an id")

    out: dict[str, str] = {}
    number = 0
    for occ in past:
        name = f"meetings/{dated_name(occ.date)}"
        if occ.number == CANCELLED:
            meta: dict[str, object] = {
                "date": occ.date,
                "time": TIME,
                "kind": occ.kind,
                "status": "cancelled",
            }
            out[name] = dump(meta) + "\n" + CANCELLED_NOTE + "\n"
            continue
        spec = HELD[number]
        number += 1
        topic_notes: Sequence[str]
        if occ.kind == "checkup":  # review meetings take their review as topic
            topic, topic_notes = "90-day check-up", ()
        else:
            topic, topic_notes = ROADMAP[number - 1]
        meta = {
            "date": occ.date,
            "time": TIME,
            "number": number,
            "kind": occ.kind,
            "status": "held",
            "topic": topic,
            "goals": list(spec.goals),
        }
        carried = [
            line(w, occ.date, start)
            for w in written
            if w.origin < occ.date and occ.date in w.copies
        ]
        new = [line(w, occ.date, start) for w in written if w.origin == occ.date]
        title = topic
        out[name] = dump(meta) + meeting_body(
            occ, number, title, topic, topic_notes, spec, carried, new
        )
    return out


def meeting_body(
    occ: Occurrence,
    number: int,
    title: str,
    topic: str,
    topic_notes: Sequence[str],
    spec: HeldSpec,
    carried: Sequence[str],
    new: Sequence[str],
) -> str:
    place = AGREEMENT_META["location"]
    lines = [
        "",
        f"# Meeting {number}: {title}",
        "",
        f"{WEEKDAYS[occ.date.weekday()]} {occ.date.isoformat()}, {TIME} (Europe/Berlin) "
        f"· 60 minutes · {place}",
        "",
        "## Agenda",
        "",
    ]
    if spec.since:
        lines.append(f"- **Since last time:** {spec.since}")
    lines.append(f"- **Topic: {topic}**")
    lines.extend(f"  - {note}" for note in topic_notes)
    lines.extend(f"- {item}" for item in spec.agenda)
    if spec.goals:
        lines.append("- **Goals in focus:**")
        lines.extend(f"  - [{GOAL_TITLES[g]}](../goals/{g}.md)" for g in spec.goals)
    lines += ["", "## Follow-through from earlier meetings", ""]
    lines.extend(carried or ["_Nothing carried over._"])
    lines += ["", "## Notes", "", *spec.notes, "", "## Follow-through", "", *new, "", "## Check-in"]
    for question, answer in zip(CHECKIN_QUESTIONS, spec.checkin, strict=True):
        lines += ["", f"### {question}", "", answer]
    return "\n".join(lines) + "\n"


def line(w: Written, here: dt.date, start: dt.date) -> str:
    """The item as it stands in the meeting of ``here``.

    Only its latest copy is ticked; the id appears once the item has been carried,
    and ``from:`` on the carried copies.
    """
    ticked = w.task.done is not None and here == w.copies[-1]
    text = task_line(w.task, start, ticked=ticked)
    if len(w.copies) > 1:
        text += f" id:{w.id}"
    if here != w.origin:
        text += f" from:{w.origin.isoformat()}"
    return text


def task_line(task: Task, start: dt.date, ticked: bool | None = None) -> str:
    """``- [x] @owner text #tag due:DATE done:DATE``; ticked defaults to "is done"."""
    if ticked is None:
        ticked = task.done is not None
    parts = [f"- [{'x' if ticked else ' '}]", task.owner, task.text]
    if task.tag:
        parts.append(f"#{task.tag}")
    parts.append(f"due:{day(start, task.due).isoformat()}")
    if ticked and task.done is not None:
        parts.append(f"done:{day(start, task.done).isoformat()}")
    return " ".join(parts)


def item_id(text: str) -> str:
    """A stable 4-character id (lower-case letters and digits) for an item's text."""
    value = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    chars = []
    for _ in range(4):
        value, rest = divmod(value, 36)
        chars.append(alphabet[rest])
    return "".join(chars)


def day(start: dt.date, n: int) -> dt.date:
    """Day ``n`` of the partnership (day 0 is the start)."""
    return start + dt.timedelta(days=n)
