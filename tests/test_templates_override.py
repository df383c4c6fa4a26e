"""A user's .mentorlog/templates/ overrides the shipped templates."""

from __future__ import annotations

from pathlib import Path

from conftest import Invoke

from mentorlog.errors import EXIT_USAGE
from mentorlog.templates import shipped_dir


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
