"""A new meeting's body is written without Jinja while the shipped templates are
unchanged (mentorlog.render.meeting_body): the same text as Jinja renders from
them, for every kind and any context; a changed or overridden template goes to
Jinja (tests/unit/test_write_path.py: new-meeting imports no Jinja at all)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import shutil
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog import api
from mentorlog.model import CHECKIN_QUESTIONS
from mentorlog.render import meeting_body, templates

TODAY = dt.date(2026, 11, 21)
SHIPPED = Path(__file__).resolve().parents[2] / "templates"


@functools.cache
def environment() -> Any:
    """The tool's own Jinja environment for the shipped templates."""
    return templates._environment(None, [])


def jinja(name: str, context: dict[str, Any]) -> str:
    """What Jinja renders from the shipped template ``name``."""
    return str(environment().get_template(name).render(**context))


def test_the_digests_are_those_of_the_shipped_templates() -> None:
    """A template edited without meeting_body (and its digest) would silently go to
    Jinja: change both together."""
    for name, digest in meeting_body.SHIPPED.items():
        data = (SHIPPED / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, (
            f"templates/{name} changed: write the change into mentorlog/render/"
            "meeting_body.py too, then its digest in SHIPPED"
        )
    kinds = {p.name for p in SHIPPED.glob("meeting-*.md")}
    assert kinds == {f"meeting-{kind}.md" for kind in meeting_body.KINDS}


# ------------------------------------------------------------------ contexts

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
words = st.one_of(text, st.sampled_from(["Ana Ruiz", "", " ", "a\nb", "{{ x }}", "100%"]))
dates = st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31))


@st.composite
def contexts(draw: Any) -> tuple[str, dict[str, Any]]:
    kind = draw(st.sampled_from(meeting_body.KINDS))
    a = NS(
        mentee=draw(words),
        mentor=draw(words),
        start=draw(dates),
        end=draw(dates),
        cadence_words=draw(words),
        time=draw(words),
        duration=draw(st.integers(0, 600)),
        timezone=draw(words),
        location=draw(words),
    )
    goals = [
        NS(
            title=draw(words),
            file=draw(words),
            target=draw(st.none() | dates),
            measure=draw(words),
            next_activities=draw(st.lists(words, max_size=2)),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    carried = draw(st.lists(words, max_size=4))
    m = NS(
        date=draw(dates),
        time=draw(words),
        number=draw(st.integers(1, 999)),
        kind=kind,
        topic=draw(st.none() | words),
        topic_notes=draw(st.lists(words, max_size=3)),
        goals=goals,
        action_plan=draw(
            st.none()
            | st.builds(
                NS,
                due=dates,
                status=st.sampled_from(["due", "overdue"]),
                missing=st.lists(words, max_size=3),
            )
        ),
        overdue={line: draw(words) for line in carried if draw(st.booleans())},
        last_change=draw(
            st.none() | st.builds(NS, date=dates, lines=st.lists(words, min_size=1, max_size=3))
        ),
    )
    context = {
        "a": a,
        "m": m,
        "carried": carried,
        "checkin": draw(st.sampled_from([list(CHECKIN_QUESTIONS), [], ["One?"]])),
        "review": draw(st.sampled_from([None, f"reviews/{kind}.md"])),
        "owners": draw(st.sampled_from([["@mentee", "@mentor"], ["@ana"], []])),
    }
    return f"meeting-{kind}.md", context


@settings(max_examples=300, deadline=None)
@given(contexts())
def test_the_plain_body_is_what_jinja_renders(case: tuple[str, dict[str, Any]]) -> None:
    name, context = case
    assert meeting_body.render(name, SHIPPED, context) == jinja(name, context)


def test_each_kind_of_the_demo_as_jinja_renders_it(tmp_path: Path) -> None:
    from mentorlog.render import drafts
    from mentorlog.rules import carry, scaffold

    root = tmp_path / "demo"
    api.demo(root, TODAY, git=False)
    p = api.load(root)
    made = scaffold.draft_meeting(p, TODAY, exists=drafts.exists_in(root))
    full = scaffold.with_carried(made, carry.plan_carry(p, made.date).lines)
    assert full.draft.context["m"].overdue  # the demo has overdue items
    for kind in meeting_body.KINDS:
        name = f"meeting-{kind}.md"
        for context in (
            dict(full.draft.context, review=f"reviews/{kind}.md"),
            dict(made.draft.context, review=None),
        ):
            assert meeting_body.render(name, SHIPPED, context) == jinja(name, context)


# ------------------------------------------------------------------ when Jinja renders


def sample() -> dict[str, Any]:
    """A meeting's context (number 4, carried items, a goal)."""
    a = NS(
        mentee="Ana Ruiz",
        mentor="Sam Lee",
        start=dt.date(2026, 12, 1),
        end=dt.date(2027, 5, 31),
        cadence_words="every 2 weeks",
        time="17:30",
        duration=60,
        timezone="Europe/Berlin",
        location="Room 4",
    )
    goal = NS(title="Speak up", file="01-speak-up", target=None, measure="", next_activities=[])
    carried = ["- [ ] @mentee Draft the charter id:h2wd from:2026-11-24"]
    m = NS(
        date=dt.date(2026, 12, 15),
        time="17:30",
        number=4,
        kind="regular",
        topic="Industry trends",
        topic_notes=["- bring the org chart"],
        goals=[goal],
        action_plan=None,
        overdue={},
        last_change=None,
    )
    return {
        "a": a,
        "m": m,
        "carried": carried,
        "checkin": list(CHECKIN_QUESTIONS),
        "review": None,
        "owners": ["@mentee", "@mentor"],
    }


def test_a_changed_shipped_template_is_rendered_by_jinja(tmp_path: Path) -> None:
    shipped = tmp_path / "shipped"
    shutil.copytree(SHIPPED, shipped)
    context = sample()
    for name in ("meeting.md", "checkin.md", "meeting-regular.md"):
        path = shipped / name
        before = path.read_bytes()
        path.write_bytes(before + b"\n")
        assert meeting_body.render("meeting-regular.md", shipped, context) is None
        path.write_bytes(before)
    assert meeting_body.render("meeting-regular.md", shipped, context) is not None
    (shipped / "checkin.md").unlink()
    assert meeting_body.render("meeting-regular.md", shipped, context) is None


def test_other_templates_and_missing_values_are_left_to_jinja() -> None:
    context = sample()
    for name in ("meeting.md", "checkin.md", "goal.md", "meeting-other.md", "meeting-.md"):
        assert meeting_body.render(name, SHIPPED, context) is None
    lacking = {k: v for k, v in context.items() if k != "owners"}
    assert meeting_body.render("meeting-regular.md", SHIPPED, lacking) is None
    with pytest.raises(Exception, match="owners"):  # Jinja names what is missing
        templates.render("meeting-regular.md", None, **lacking)


OURS = {
    "meeting.md": ("Ours, {{ m.number }}.\n", "Ours, 4.\n"),
    "checkin.md": ("Our own check-in.\n", "## Check-in\n\nOur own check-in.\n"),
    "meeting-regular.md": (
        "{% extends 'meeting.md' %}{% block notes %}Ours.{% endblock %}",
        "## Notes\n\nOurs.\n",
    ),
}


@pytest.mark.parametrize("override", sorted(OURS))
def test_an_override_of_a_template_it_uses_is_rendered_by_jinja(
    tmp_path: Path, override: str
) -> None:
    folder = tmp_path / templates.USER_TEMPLATES
    folder.mkdir(parents=True)
    source, shown = OURS[override]
    (folder / override).write_text(source, encoding="utf-8")
    text = templates.render("meeting-regular.md", tmp_path, **sample())
    assert shown in text
    assert text != templates.render("meeting-regular.md", None, **sample())


def test_an_override_of_another_template_leaves_the_plain_body(tmp_path: Path) -> None:
    folder = tmp_path / templates.USER_TEMPLATES
    folder.mkdir(parents=True)
    (folder / "goal.md").write_text("Our goal.\n")
    name, context = "meeting-closing.md", sample()
    assert templates.render(name, tmp_path, **context) == templates.tidy(jinja(name, context))
