"""Shared fixtures: a hermetic git environment and a CLI runner."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mentorlog.cli import cli

TODAY = "2026-11-21"


@pytest.fixture(autouse=True)
def hermetic_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test sees the same git identity and none of the machine's git settings."""
    home = tmp_path_factory.mktemp("home")
    config = home / ".gitconfig"
    config.write_text(
        "[user]\n\tname = Test Mentee\n\temail = mentee@example.org\n"
        "[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "MENTORLOG_DEBUG",
        "EDITOR",
        "VISUAL",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("MENTORLOG_TODAY", TODAY)


Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Iterator[Invoke]:
    runner = CliRunner()

    def run(*args: str, today: str | None = None, input: str | None = None) -> Result:
        env = {"MENTORLOG_TODAY": today} if today else {}
        return runner.invoke(cli, list(args), env=env, input=input, catch_exceptions=False)

    yield run


INIT_ARGS = (
    "--mentee",
    "Ana Ruiz",
    "--mentor",
    "Sam Lee",
    "--start",
    "2026-12-01",
    "--months",
    "6",
    "--cadence",
    "biweekly",
    "--time",
    "17:30",
    "--timezone",
    "Europe/Berlin",
    "--location",
    "Café Central",
)


@pytest.fixture
def partnership(tmp_path: Path, invoke: Invoke) -> Path:
    """A freshly initialised partnership (committed), today 2026-11-21."""
    root = tmp_path / "ana-sam"
    result = invoke("init", str(root), *INIT_ARGS)
    assert result.exit_code == 0, result.output
    return root


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout
