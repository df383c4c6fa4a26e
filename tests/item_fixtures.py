"""Shared by the follow-through tests: the init arguments, a CLI runner with a
pinned day, and git's view of what a command changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import helpers
import pytest
from click.testing import Result
from helpers import INIT_BASE, INIT_SCHEDULE, mentorlog

Run = Callable[..., Result]

INIT = [*INIT_BASE, *INIT_SCHEDULE]


@pytest.fixture
def run() -> Run:
    def invoke(*args: str, today: str) -> Result:
        return mentorlog(args, today=today)

    return invoke


def git(root: Path, *args: str) -> str:
    """git's output as it is (no newline translation, so CRLF shows as \r\n)."""
    return helpers.git(root, *args, raw_newlines=True)


def changed_lines(root: Path, *args: str) -> list[str]:
    """The +/- lines of a diff, without the file headers."""
    out = git(root, *args, "-U0", "--no-color")
    return [
        line
        for line in out.split("\n")
        if line[:1] in ("+", "-") and not line.startswith(("+++", "---"))
    ]
