"""DESIGN.md conformance: rules checked across commands (names, flags, commits)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import click
import pytest
from conftest import Invoke

from mentorlog import cli as climod
from mentorlog.cli import cli

# Every command that writes files (DESIGN section 4: "Every command that writes
# files accepts --no-commit"). sync is left out: committing is what it does.
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
