"""new-meeting's own work done once: the template rendered once, its compiled code
kept between runs (and never trusted over the source it was made from)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import jinja2
import pytest

from mentorlog import api
from mentorlog.render import drafts, templates
from mentorlog.rules import carry, scaffold
from mentorlog.store import reading

TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    api.demo(root, TODAY, git=False)
    return root


def draft_text(root: Path) -> str:
    """The text of the next meeting (with its carried items), rendered."""
    p = reading.load(root)
    made = scaffold.draft_meeting(p, TODAY, exists=drafts.exists_in(root))
    lines = carry.plan_carry(p, made.date).lines
    return drafts.meeting(scaffold.with_carried(made, lines), root).text


# ------------------------------------------------------------------ rendered once


def test_new_meeting_renders_its_template_once(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[str] = []
    real = drafts.render

    def counting(name: str, root: Path | None = None, **context: Any) -> str:
        rendered.append(name)
        return real(name, root, **context)

    monkeypatch.setattr(drafts, "render", counting)
    made = api.new_meeting(api.load(demo), TODAY, commit_files=False)
    assert made.carried == 4
    assert rendered == [f"meeting-{made.plan.kind}.md"]


def test_carried_items_given_to_a_draft_later_make_the_draft_made_with_them(demo: Path) -> None:
    p = reading.load(demo)
    exists = drafts.exists_in(demo)
    first = scaffold.draft_meeting(p, TODAY, exists=exists)
    lines = carry.plan_carry(p, first.date).lines
    assert len(lines) == 4 and any("due:" in line for line in lines)
    later = scaffold.with_carried(first, lines)
    at_once = scaffold.draft_meeting(p, TODAY, None, None, None, None, None, lines, exists=exists)
    assert vars(later.draft.context["m"]) == vars(at_once.draft.context["m"])
    assert later.draft.context == {**at_once.draft.context, "m": later.draft.context["m"]}
    assert drafts.meeting(later, demo) == drafts.meeting(at_once, demo)
    assert first.draft.context["carried"] == []  # the first draft is left as it was


# ------------------------------------------------------------------ compiled code kept


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("MENTORLOG_NO_CACHE", raising=False)
    return tmp_path / "cache" / "mentorlog"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source."""
    names: list[str] = []
    real = jinja2.Environment.compile

    def counting(self: Any, source: Any, name: str | None = None, *args: Any, **kw: Any) -> Any:
        names.append(str(name))
        return real(self, source, name, *args, **kw)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("templates-*/*"))


def test_compiled_templates_are_kept_and_give_the_same_text(
    demo: Path, cache: Path, compiled: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        m.setenv("MENTORLOG_NO_CACHE", "1")
        expected = draft_text(demo)
    assert entries(cache) == []
    del compiled[:]
    assert draft_text(demo) == expected
    assert len(compiled) == 3 == len(entries(cache))  # the kind's, meeting.md, checkin.md
    del compiled[:]
    assert draft_text(demo) == expected
    assert compiled == []  # all three from the cache


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:30],  # inside the header
        lambda data: b"",
        lambda data: b"\x00" * 200,
        lambda data: data.replace(b"mentorlog jinja code", b"mentorlog jinja c0de"),
        lambda data: data.split(b"\n", 2)[0] + b"\n" + b"0" * 64 + b"\n" + data.split(b"\n", 2)[2],
        lambda data: data[:-8] + b"\xff" * 8,  # the code damaged at its end
    ],
)
def test_a_damaged_entry_is_compiled_again(
    demo: Path, cache: Path, compiled: list[str], damage: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        m.setenv("MENTORLOG_NO_CACHE", "1")
        expected = draft_text(demo)
    draft_text(demo)
    for entry in entries(cache):
        entry.write_bytes(damage(entry.read_bytes()))
    del compiled[:]
    assert draft_text(demo) == expected
    assert len(compiled) == 3  # none trusted ...
    del compiled[:]
    assert draft_text(demo) == expected
    assert compiled == []  # ... and each written again


def test_a_changed_template_is_never_served_from_the_cache(
    demo: Path, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / "shipped"
    shutil.copytree(templates.shipped_dir(), shipped)
    monkeypatch.setattr(templates, "shipped_dir", lambda: shipped)
    before = draft_text(demo)
    checkin = shipped / "checkin.md"
    checkin.write_text(checkin.read_text(encoding="utf-8") + "\nA new last line.\n")
    after = draft_text(demo)
    assert after == before.rstrip("\n") + "\n\nA new last line.\n"


def test_overrides_never_use_the_cache(
    demo: Path, cache: Path, compiled: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    draft_text(demo)  # the shipped templates' code is kept
    kept = {path: path.read_bytes() for path in entries(cache)}
    folder = demo / ".mentorlog" / "templates"
    folder.mkdir(parents=True)
    (folder / "checkin.md").write_text("## Check-in\n\nOur own questions.\n", encoding="utf-8")
    del compiled[:]
    text = draft_text(demo)
    assert text.rstrip("\n").endswith("## Check-in\n\nOur own questions.")
    assert len(compiled) == 3  # compiled under limits, each time: nothing from the cache
    assert {path: path.read_bytes() for path in entries(cache)} == kept


def test_the_folder_of_another_version_is_removed(demo: Path, cache: Path) -> None:
    old = cache / "templates-00000000"
    old.mkdir(parents=True)
    (old / "entry").write_bytes(b"old")
    draft_text(demo)
    assert not old.exists()
    assert len(entries(cache)) == 3
