"""Rules that hold across every command: names, --no-commit, --json, commits and exit codes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import click
import pytest
from conftest import Invoke
from helpers import mentorlog, mentorlog_in

from mentorlog import cli as climod
from mentorlog.cli import cli

# Every command that writes files accepts --no-commit (docs/format.md). sync is
# left out: committing is what it does.
WRITING_COMMANDS = [
    ("init",),
    ("demo",),
    ("new-meeting",),
    ("done",),
    ("reopen",),
    ("goal", "add"),
    ("roadmap", "add"),
    ("schedule",),
    ("review",),
    ("journal",),
    ("prep",),
    ("prospect", "add"),
    ("prospect", "set"),
    ("ask",),
]


def command(path: tuple[str, ...]) -> click.Command:
    climod.load_all()
    ctx = click.Context(cli)
    cmd: click.Command | None = cli
    for name in path:
        assert isinstance(cmd, click.Group)
        cmd = cmd.get_command(ctx, name)
        assert cmd is not None, path
    assert cmd is not None
    return cmd


def option_names(cmd: click.Command) -> set[str]:
    return {opt for p in cmd.params for opt in getattr(p, "opts", [])}


@pytest.mark.parametrize("path", WRITING_COMMANDS, ids=lambda p: " ".join(p))
def test_every_writing_command_takes_no_commit(path: tuple[str, ...]) -> None:
    assert "--no-commit" in option_names(command(path))


def commits(root: Path) -> list[str]:
    out = subprocess.run(
        ["git", "-C", str(root), "log", "--format=%s"], capture_output=True, text=True
    )
    return out.stdout.splitlines() if out.returncode == 0 else []


def test_demo_no_commit_writes_but_does_not_commit(tmp_path: Path, invoke: Invoke) -> None:
    result = invoke("demo", str(tmp_path / "d"), "--no-commit")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "d" / "agreement.md").is_file()
    assert (tmp_path / "d" / ".git").is_dir()
    assert commits(tmp_path / "d") == []


# ---------------------------------------------------------------- JSON shapes

DATE_RE = r"^\d{4}-\d{2}-\d{2}$"


def is_date_or_null(value: object) -> bool:
    import re

    return value is None or (isinstance(value, str) and re.match(DATE_RE, value) is not None)


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("conf") / "d"
    result = mentorlog(["demo", str(root), "--no-git"], today="2026-11-21")
    assert result.exit_code == 0, result.output
    return root


def json_of(root: Path, *args: str) -> object:
    import json

    result = mentorlog_in(root, *args, "--json", today="2026-11-21")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_actions_json_shape(demo_root: Path) -> None:
    data = json_of(demo_root, "actions", "--all")
    assert isinstance(data, list) and data
    keys = {"ref", "id", "text", "owner", "due", "done", "status", "overdue", "file", "line"}
    for item in data:
        assert keys | {"from"} <= set(item)
        assert item["owner"] in ("mentee", "mentor", None)
        assert all(is_date_or_null(item[k]) for k in ("due", "done", "from"))
        assert item["status"] in ("open", "done")
        assert isinstance(item["overdue"], bool)
        assert not (item["overdue"] and item["status"] != "open")
        assert isinstance(item["line"], int) and isinstance(item["file"], str)
        assert item["ref"] == (item["id"] or item["ref"])
    assert {i["status"] for i in data} == {"open", "done"}
    # no filter: open items only
    assert {i["status"] for i in json_of(demo_root, "actions")} == {"open"}  # type: ignore[union-attr]


def test_status_json_shape(demo_root: Path) -> None:
    data = json_of(demo_root, "status")
    assert isinstance(data, dict)
    fixed = {"mentee", "mentor", "start", "end", "day", "days_total", "phase", "next_meeting"}
    assert fixed | {"milestones", "items", "goals", "warnings"} <= set(data)
    assert isinstance(data["day"], int) and isinstance(data["days_total"], int)
    nm = data["next_meeting"]
    assert nm is None or {"date", "time", "kind", "topic", "number"} <= set(nm)
    for m in data["milestones"]:
        assert {"name", "date", "status"} <= set(m)
    assert set(data["items"]) >= {"mentee", "mentor", "unassigned"}
    for counts in data["items"].values():
        assert {"open", "overdue", "done"} <= set(counts)
    for g in data["goals"]:
        assert {"file", "title", "status"} <= set(g)
    assert all(isinstance(w, str) for w in data["warnings"])


def test_goal_list_json_shape(demo_root: Path) -> None:
    data = json_of(demo_root, "goal", "list")
    assert isinstance(data, list) and data
    for g in data:
        fixed = {"file", "title", "priority", "status", "target", "measure", "activities"}
        assert fixed | {"next_activity", "last_progress"} <= set(g)
        assert {"total", "done", "doing", "others", "stretch"} <= set(g["activities"])
        assert all(isinstance(v, int) for v in g["activities"].values())
        assert is_date_or_null(g["target"])


def test_roadmap_json_shape(demo_root: Path) -> None:
    data = json_of(demo_root, "roadmap")
    assert isinstance(data, list) and data
    for n, t in enumerate(data, start=1):
        assert {"position", "topic", "meeting", "planned"} <= set(t)
        assert t["position"] == n
        assert is_date_or_null(t["meeting"]) and is_date_or_null(t["planned"])


def test_prospects_json_shape(tmp_path: Path, invoke: Invoke) -> None:
    assert (
        invoke("-C", str(tmp_path), "prospect", "add", "Sam Lee", "--experience", "5").exit_code
        == 0
    )
    data = json_of(tmp_path, "prospects")
    assert isinstance(data, list) and len(data) == 1
    keys = {"name", "experience", "willingness", "time", "chemistry", "fit", "status"}
    assert keys <= set(data[0])
    assert data[0]["experience"] == 5 and data[0]["willingness"] is None


def test_abort_at_a_question_is_not_exit_1(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit 1 means findings (check) or a sync conflict; an abort is neither."""
    from mentorlog.cli import setup
    from mentorlog.errors import EXIT_FINDINGS, EXIT_INTERRUPTED

    monkeypatch.setattr(setup, "interactive", lambda: True)
    result = invoke("init", str(tmp_path / "p"), input="")  # end of input at the first question
    assert result.exit_code == EXIT_INTERRUPTED != EXIT_FINDINGS
    assert "mentorlog: aborted" in result.output
    assert not (tmp_path / "p" / "agreement.md").exists()
