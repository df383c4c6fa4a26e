"""A user's .mentorlog/templates/ overrides the shipped templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Invoke

from mentorlog.errors import EXIT_USAGE
from mentorlog.render.templates import shipped_dir


def test_templates_ship_with_the_package() -> None:
    names = {p.name for p in shipped_dir().glob("*.md")}
    for kind in ("first", "regular", "checkup", "midpoint", "closing", "extra"):
        assert f"meeting-{kind}.md" in names
    assert {"meeting.md", "checkin.md", "agreement.md", "roadmap.md", "goal.md"} <= names


def test_user_override_of_the_checkin(partnership: Path, invoke: Invoke) -> None:
    overrides = partnership / ".mentorlog" / "templates"
    overrides.mkdir(parents=True)
    (overrides / "checkin.md").write_text(
        "{% for q in checkin %}\n- **{{ q }}**\n{% endfor %}\n- **Our own question?**\n",
        encoding="utf-8",
    )
    result = invoke("-C", str(partnership), "new-meeting")
    assert result.exit_code == 0, result.output
    text = (partnership / "meetings" / "2026-12-01.md").read_text(encoding="utf-8")
    assert "- **What was useful about today?**" in text
    assert "- **Our own question?**" in text
    assert "### What was useful" not in text


def test_broken_override_is_a_clear_error(partnership: Path, invoke: Invoke) -> None:
    overrides = partnership / ".mentorlog" / "templates"
    overrides.mkdir(parents=True)
    (overrides / "meeting-first.md").write_text("{% if %}\n", encoding="utf-8")
    result = invoke("-C", str(partnership), "new-meeting")
    assert result.exit_code == EXIT_USAGE
    assert "meeting-first.md:1: template error" in result.output
    assert not (partnership / "meetings" / "2026-12-01.md").exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ 1 / 0 }}", "template error: division by zero"),
        ('{% include "meeting.md" %}', "template error: it includes or extends itself without end"),
        ('{% extends "meeting.md" %}', "template error: it includes or extends itself without end"),
        (
            "{{ cycler.__init__.__globals__.os.getcwd() }}",
            "template error: access to attribute '__init__' of 'type' object is unsafe.",
        ),
        (
            "{{ range(10 ** 8) | length }}",
            "template error: Range too big. The sandbox blocks ranges larger than "
            "MAX_RANGE (100000).",
        ),
        (
            "{{ no_such_name }}",
            "template uses something mentorlog does not provide: 'no_such_name' is undefined",
        ),
    ],
    ids=["zero", "include-self", "extends-self", "python", "range", "undefined"],
)
def test_an_override_that_fails_while_rendering_names_its_line_and_runs_no_code(
    partnership: Path, invoke: Invoke, body: str, message: str
) -> None:
    """These were internal errors (exit 70), or, for the python attributes, ran code:
    an override arrives with the partner's commits."""
    overrides = partnership / ".mentorlog" / "templates"
    overrides.mkdir(parents=True)
    (overrides / "meeting.md").write_text(f"# Meeting\n{body}\n", encoding="utf-8")
    result = invoke("-C", str(partnership), "new-meeting")
    assert result.exit_code == EXIT_USAGE
    assert result.output == f"mentorlog: .mentorlog/templates/meeting.md:2: {message}\n"
    assert not (partnership / "meetings" / "2026-12-01.md").exists()
