"""Render every shipped template with realistic contexts and check the Markdown.

The templates live in the repository's templates/ folder and are rendered
with the same Jinja settings as the tool. These tests guard the contract the
rest of mentorlog relies on: the fixed headings (docs/format.md), clean Markdown
(no double blank lines, exactly one final newline), carried items copied
verbatim, check-in questions as ### headings, and no phantom task items.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

import jinja2
import pytest
from helpers import AGREEMENT_HEADINGS, GOAL_HEADINGS
from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin

TEMPLATES = Path(__file__).parents[2] / "templates"

TASK_ITEM = re.compile(r"^\s*[-*+] \[[ xX]\]")

CHECKIN = [
    "What was useful about today?",
    "What are the next steps?",
    "What will each of us do before the next meeting?",
    "What should change for next time?",
    "What is working, and what is not?",
]

MEETING_KINDS = ["first", "regular", "checkup", "midpoint", "closing", "extra"]

MEETING_HEADINGS = [
    "Agenda",
    "Follow-through from earlier meetings",
    "Notes",
    "Follow-through",
    "Check-in",
]

CARRIED = [
    "- [ ] @mentee Draft the project charter due:2026-12-01 id:h2wd from:2026-11-24",
    "- [ ] @mentor Introduce Ana to Priya due:2026-12-10 id:q3xk from:2026-12-01",
]


# --------------------------------------------------------------------------
# environment and sample contexts


def make_env(*override_dirs: Path) -> jinja2.Environment:
    loader: jinja2.BaseLoader = jinja2.FileSystemLoader(str(TEMPLATES))
    if override_dirs:
        loader = jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader([str(d) for d in override_dirs]), loader]
        )
    return jinja2.Environment(
        loader=loader,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
    )


ENV = make_env()


def render(name: str, env: jinja2.Environment = ENV, **context: Any) -> str:
    return env.get_template(name).render(**context)


def agreement(**changes: Any) -> NS:
    values: dict[str, Any] = dict(
        mentee="Ana Ruiz",
        mentor="Sam Lee",
        start=dt.date(2026, 12, 1),
        end=dt.date(2027, 5, 31),
        cadence="biweekly",
        cadence_words="every 2 weeks",
        time="17:30",
        duration=60,
        timezone="Europe/Berlin",
        location="Café Central",
        initiator="mentee",
        contact="email, weekdays 9-18",
        supervisor="",
        confidentiality=(
            "What we discuss stays between the two of us unless we both agree otherwise."
        ),
        no_fault_termination=True,
    )
    values.update(changes)
    return NS(**values)


GOALS = [
    NS(
        title="Lead a cross-team project",
        file="01-lead-a-cross-team-project",
        target=dt.date(2027, 4, 30),
        measure="Lead one project spanning at least three teams through launch",
        next_activities=[
            "@mentee Shadow a launch review #others due:2027-01-15",
            "@mentee Write the project charter #doing due:2027-01-31",
        ],
    ),
    NS(
        title="Speak up in leadership meetings",
        file="02-speak-up-in-leadership-meetings",
        target=None,
        measure="",
        next_activities=[],
    ),
]

# (variant name, meeting attributes, carried, review)
MEETING_VARIANTS: list[tuple[str, dict[str, Any], list[str], bool]] = [
    (
        "full",
        dict(
            topic="Industry trends",
            topic_notes=["- bring the org chart", "- ask about the Q1 reorg"],
            goals=GOALS,
        ),
        CARRIED,
        True,
    ),
    ("empty", dict(topic=None, topic_notes=[], goals=[]), [], False),
    (
        "mixed",
        dict(topic="Time management", topic_notes=[], goals=GOALS[1:]),
        CARRIED[:1],
        False,
    ),
]


def meeting_context(kind: str, variant: str) -> dict[str, Any]:
    _, attrs, carried, with_review = next(v for v in MEETING_VARIANTS if v[0] == variant)
    m = NS(
        date=dt.date(2026, 12, 15),
        time="17:30",
        number=1 if kind == "first" else 4,
        kind=kind,
        **attrs,
    )
    review = None
    if with_review and kind in ("checkup", "midpoint", "closing"):
        review = f"reviews/{kind}.md"
    return dict(
        a=agreement(),
        m=m,
        carried=list(carried),
        checkin=list(CHECKIN),
        review=review,
        owners=["@mentee", "@mentor"],
    )


def goal(**changes: Any) -> NS:
    values: dict[str, Any] = dict(
        title="Lead a cross-team project",
        category="Build confidence",
        priority=1,
        target=dt.date(2027, 4, 30),
        measure="Lead one project spanning at least three teams through launch",
        created=dt.date(2026, 12, 1),
    )
    values.update(changes)
    return NS(**values)


# --------------------------------------------------------------------------
# helpers


def outside_comments(text: str) -> list[str]:
    """The lines of `text` that are not inside an HTML comment."""
    lines, inside = [], False
    for line in text.splitlines():
        if inside:
            if "-->" in line:
                inside = False
            continue
        if line.lstrip().startswith("<!--"):
            inside = "-->" not in line
            continue
        lines.append(line)
    return lines


def headings(text: str, level: int) -> list[str]:
    prefix = "#" * level + " "
    return [ln[len(prefix) :] for ln in outside_comments(text) if ln.startswith(prefix)]


def section(text: str, heading: str) -> str:
    """The text under `## heading` up to the next `## ` heading."""
    lines = text.splitlines()
    start = lines.index(f"## {heading}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start:end])


def assert_clean_markdown(text: str) -> None:
    assert text.endswith("\n"), "must end with a newline"
    assert not text.endswith("\n\n"), "must end with exactly one newline"
    assert not text.startswith("\n"), "must not start with a blank line"
    assert "\n\n\n" not in text, "no runs of more than one blank line"
    for line in text.splitlines():
        assert line == line.rstrip(), f"trailing whitespace: {line!r}"
        assert "\t" not in line, f"tab: {line!r}"
    for leftover in ("{{", "}}", "{%", "%}", "{#", "#}"):
        assert leftover not in text, f"template syntax left in output: {leftover}"
    assert text.count("<!--") == text.count("-->"), "unbalanced HTML comment"


def assert_no_phantom_items(text: str, allowed: Sequence[str] = ()) -> None:
    """No task item except the given (carried) lines, by line pattern and by parser."""
    allowed_set = set(allowed)
    for line in text.splitlines():
        if TASK_ITEM.match(line):
            assert line in allowed_set, f"phantom task item: {line!r}"
    md = MarkdownIt("commonmark").use(tasklists_plugin)
    items = [
        t for t in md.parse(text) if t.type == "list_item_open" and "task-list-item" in str(t.attrs)
    ]
    assert len(items) == len(allowed), "a Markdown parser sees task items the template made"


def assert_headings_in_order(text: str, expected: list[str]) -> None:
    assert headings(text, 2) == expected
    # A real Markdown parser agrees (nothing hidden in comments or code).
    tokens = MarkdownIt("commonmark").parse(text)
    parsed = [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == "h2"
    ]
    assert parsed == expected


# --------------------------------------------------------------------------
# agreement.md


AGREEMENT_VARIANTS = {
    "defaults": {},
    "supervisor-mentor-initiates": dict(
        supervisor="Maria Keller", initiator="mentor", no_fault_termination=False
    ),
    "sparse": dict(location="", contact="", confidentiality="", supervisor=""),
}


@pytest.mark.parametrize("variant", AGREEMENT_VARIANTS)
def test_agreement(variant: str) -> None:
    a = agreement(**AGREEMENT_VARIANTS[variant])
    text = render("agreement.md", a=a)
    assert_clean_markdown(text)
    assert_no_phantom_items(text)
    assert text.splitlines()[0] == "# Mentoring agreement: Ana Ruiz and Sam Lee"
    assert_headings_in_order(text, AGREEMENT_HEADINGS)

    goals = section(text, "Our top 3 goals")
    assert re.search(r"^1\. .+\n2\. .+\n3\. .+$", goals, re.M)
    assert "goals/" in goals

    meetings = section(text, "Meetings")
    if a.location:
        assert a.location in meetings
    for fact in ("17:30", "Europe/Berlin", "60 minutes", "every 2 weeks", "2026-12-01"):
        assert fact in meetings
    initiator = a.mentee if a.initiator == "mentee" else a.mentor
    assert f"**Who initiates:** {initiator}" in meetings
    assert "Who takes notes:" in meetings

    if a.contact:
        assert a.contact in section(text, "Communication and boundaries")
    feedback = section(text, "Feedback")
    for style in ("candid", "challenging", "listening ear"):
        assert style in feedback
    assert "personal" in section(text, "When we hit an obstacle")

    if a.confidentiality:
        assert a.confidentiality in section(text, "Confidentiality")

    no_fault = section(text, "No-fault termination")
    if a.no_fault_termination:
        assert "no one is at fault" in no_fault
    else:
        assert "not agreed" in no_fault

    supervisor = section(text, "Supervisor support")
    if a.supervisor:
        assert "Maria Keller is briefed" in supervisor
    else:
        assert "supervisor:" in supervisor  # the prompt names the front-matter key

    signed = section(text, "Signed")
    assert "**Ana Ruiz** (mentee), date:" in signed
    assert "**Sam Lee** (mentor), date:" in signed


# --------------------------------------------------------------------------
# roadmap.md


def test_roadmap() -> None:
    text = render("roadmap.md", a=agreement())
    assert_clean_markdown(text)
    assert_no_phantom_items(text)
    assert text.splitlines()[0] == "# Roadmap"
    assert "mentorlog roadmap add" in text

    body = [ln for ln in outside_comments(text)[1:] if ln.strip()]
    topics = [ln for ln in body if re.match(r"^\d+\. \S", ln)]
    notes = [ln for ln in body if ln.startswith("   - ")]
    assert len(body) == len(topics) + len(notes), "only topics and notes in the list"
    assert 5 <= len(topics) <= 8
    assert [int(t.split(".")[0]) for t in topics] == list(range(1, len(topics) + 1))
    # Every topic is followed by at least one note, nested with three spaces.
    for i, line in enumerate(body):
        if line in topics:
            assert body[i + 1].startswith("   - "), line
    assert "2026-12-31" in text  # the action plan's day-30 date

    # A Markdown parser sees one ordered list, each item with a nested bullet list.
    tokens = MarkdownIt("commonmark").parse(text)
    assert [t.type for t in tokens].count("ordered_list_open") == 1
    assert [t.type for t in tokens].count("bullet_list_open") == len(topics)


# --------------------------------------------------------------------------
# meetings


@pytest.mark.parametrize("variant", [v[0] for v in MEETING_VARIANTS])
@pytest.mark.parametrize("kind", MEETING_KINDS)
def test_meeting(kind: str, variant: str) -> None:
    ctx = meeting_context(kind, variant)
    m, carried = ctx["m"], ctx["carried"]
    text = render(f"meeting-{kind}.md", **ctx)
    assert_clean_markdown(text)
    assert_no_phantom_items(text, allowed=carried)

    lines = text.splitlines()
    assert re.fullmatch(rf"# Meeting {m.number}: \S.*", lines[0])
    assert lines[1] == ""
    for fact in ("2026-12-15", "17:30", "Café Central", "Europe/Berlin", "60 minutes"):
        assert fact in lines[2]
    assert_headings_in_order(text, MEETING_HEADINGS)

    # Agenda: topic and notes, goals in focus, the standing items.
    agenda = section(text, "Agenda")
    if m.topic:
        assert m.topic in agenda
        for note in m.topic_notes:
            assert f"  {note}" in agenda.splitlines()
    for g in m.goals:
        assert f"[{g.title}](../goals/{g.file}.md)" in agenda
        if g.target:
            assert g.target.isoformat() in agenda
        for activity in g.next_activities:
            assert activity in agenda
    if m.goals:
        assert "Goals in focus:" in agenda
    elif kind not in ("first", "extra"):
        assert "mentorlog goal add" in agenda
    if kind not in ("first", "extra"):
        assert "Since last time" in agenda
    assert "Check-in" in agenda

    # Carried items: verbatim, each on its own line, or the italic note.
    earlier = section(text, "Follow-through from earlier meetings").splitlines()
    if carried:
        for line in carried:
            assert line in earlier
        assert "_Nothing carried over._" not in earlier
    else:
        assert "_Nothing carried over._" in earlier
        assert not any(TASK_ITEM.match(ln) for ln in earlier)

    # New follow-through: only a commented example of the syntax.
    follow = section(text, "Follow-through")
    assert "<!-- - [ ] @mentee " in follow
    assert "<!-- - [ ] @mentor " in follow
    assert not outside_comments(follow.strip("\n"))

    # Check-in: every question as a ### heading, in order, each followed by a
    # blank line (or the end of the file).
    checkin = section(text, "Check-in")
    assert headings(checkin, 3) == CHECKIN
    assert headings(text, 3) == CHECKIN  # no other ### headings anywhere
    for i, line in enumerate(lines):
        if line.startswith("### "):
            assert i == len(lines) - 1 or lines[i + 1] == ""


def test_meeting_kind_specifics() -> None:
    def full(kind: str) -> str:
        return render(f"meeting-{kind}.md", **meeting_context(kind, "full"))

    def empty(kind: str) -> str:
        return render(f"meeting-{kind}.md", **meeting_context(kind, "empty"))

    first = full("first")
    for part in ("common", "unique", "top 3 goals", "agreement.md", "schedule", "2026-12-31"):
        assert part in first
    assert "Topic:** nothing left" not in empty("first")

    assert empty("regular").startswith("# Meeting 4: ")
    assert "mentorlog roadmap add" in empty("regular")
    assert full("regular").startswith("# Meeting 4: Industry trends\n")

    for kind in ("checkup", "midpoint", "closing"):
        assert f"[reviews/{kind}.md](../reviews/{kind}.md)" in full(kind)
        assert f"mentorlog review {kind}" in full(kind)
        assert f"mentorlog review {kind}" in empty(kind)
        assert f"reviews/{kind}.md" in empty(kind)
    assert "energised" in full("checkup") and "obstacle" in full("checkup")
    assert "agreement.md" in full("midpoint")
    assert "Celebrate" in full("closing") and "stay in touch" in full("closing")

    assert empty("extra").startswith("# Meeting 4: Extra meeting\n")
    assert "What came up" in full("extra")


def test_checkin_template_alone() -> None:
    text = render("checkin.md", checkin=CHECKIN)
    assert_clean_markdown(text)
    assert headings(text, 3) == CHECKIN


def test_checkin_can_be_overridden_alone(tmp_path: Path) -> None:
    (tmp_path / "checkin.md").write_text(
        "{% for q in checkin %}\n- {{ q }}\n{% endfor %}\n", encoding="utf-8"
    )
    env = make_env(tmp_path)
    text = render("meeting-regular.md", env=env, **meeting_context("regular", "full"))
    assert_clean_markdown(text)
    assert_headings_in_order(text, MEETING_HEADINGS)
    assert section(text, "Check-in").strip().splitlines() == [f"- {q}" for q in CHECKIN]


# --------------------------------------------------------------------------
# goal.md and journal.md


@pytest.mark.parametrize(
    "changes", [{}, {"target": None, "measure": ""}], ids=["complete", "unfinished"]
)
def test_goal(changes: dict[str, Any]) -> None:
    g = goal(**changes)
    text = render("goal.md", g=g, a=agreement())
    assert_clean_markdown(text)
    assert_no_phantom_items(text)
    assert text.splitlines()[0] == f"# {g.title}"
    assert_headings_in_order(text, GOAL_HEADINGS)

    if g.measure:
        assert g.measure in section(text, "Measurable")
    if g.target:
        assert g.target.isoformat() in section(text, "Time-bound")
    else:
        assert "target:" in section(text, "Time-bound")

    activities = section(text, "Learning activities")
    for tag in ("#doing", "#others", "#stretch"):
        assert tag in activities
    assert not outside_comments(activities.strip("\n")), "examples stay in comments"
    progress = section(text, "Progress")
    assert re.search(r"- \d{4}-\d\d-\d\d: ", progress)
    assert not outside_comments(progress.strip("\n"))


@pytest.mark.parametrize("private", [False, True], ids=["shared", "private"])
def test_journal(private: bool) -> None:
    text = render("journal.md", date=dt.date(2026, 12, 20), private=private)
    assert_clean_markdown(text)
    assert_no_phantom_items(text)
    assert text.splitlines()[0].startswith("# ")
    assert "2026-12-20" in text.splitlines()[0]
    assert headings(text, 2)[:2] == ["What happened", "What I learned"]
    if private:
        assert "this machine" in text
        assert "next meeting" not in text
    else:
        assert "What to bring to the next meeting" in headings(text, 2)


# --------------------------------------------------------------------------
# StrictUndefined: the templates use only the documented context


@pytest.mark.parametrize(
    "name, missing",
    [
        ("agreement.md", "a"),
        ("meeting-regular.md", "carried"),
        ("meeting-regular.md", "owners"),
        ("meeting-checkup.md", "review"),
        ("checkin.md", "checkin"),
        ("goal.md", "g"),
        ("journal.md", "private"),
    ],
)
def test_strict_undefined_is_in_force(name: str, missing: str) -> None:
    contexts: dict[str, dict[str, Any]] = {
        "agreement.md": dict(a=agreement()),
        "meeting-regular.md": meeting_context("regular", "full"),
        "meeting-checkup.md": meeting_context("checkup", "full"),
        "checkin.md": dict(checkin=CHECKIN),
        "goal.md": dict(g=goal(), a=agreement()),
        "journal.md": dict(date=dt.date(2026, 12, 20), private=False),
    }
    ctx = dict(contexts[name])
    del ctx[missing]
    with pytest.raises(jinja2.UndefinedError):
        render(name, **ctx)
