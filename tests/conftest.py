"""Shared fixtures: a hermetic git environment and a CLI runner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from helpers import INIT_ARGS, TEST_IDENTITY, isolate_git, mentorlog

# fixtures shared by the tests of several folders
pytest_plugins = ["item_fixtures", "pair_fixtures"]

TODAY = "2026-11-21"


@pytest.fixture(autouse=True)
def hermetic_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test sees the same git identity and none of the machine's git settings."""
    isolate_git(monkeypatch, tmp_path_factory.mktemp("home"), TEST_IDENTITY)
    for var in ("MENTORLOG_DEBUG", "EDITOR", "VISUAL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("MENTORLOG_TODAY", TODAY)
    # the user's list of partnerships (init, demo, join add to it): never the machine's
    monkeypatch.setenv("MENTORLOG_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Iterator[Invoke]:
    def run(*args: str, today: str | None = None, input: str | None = None) -> Result:
        return mentorlog(args, today=today or None, input=input, catch_exceptions=False)

    yield run


@pytest.fixture
def partnership(tmp_path: Path, invoke: Invoke) -> Path:
    """A freshly initialised partnership (committed), today 2026-11-21."""
    root = tmp_path / "ana-sam"
    result = invoke("init", str(root), *INIT_ARGS)
    assert result.exit_code == 0, result.output
    return root
