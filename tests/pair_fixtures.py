"""Two clones of one partnership, made once per module: Ana (init --remote) and Sam
(join --as mentor), with a first meeting; and the plain-git moves between them."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    INIT_BASE,
    TEST_IDENTITY,
    copy_pair,
    git,
    identity,
    isolate_git,
    mentorlog,
)

from mentorlog.errors import EXIT_OK

TODAY = "2026-12-01"

MEETING = """\
---
date: 2026-12-01
status: held
---
# Meeting 1

## Follow-through

- [ ] @mentee Draft the project charter due:2026-12-10
- [ ] @mentor Introduce Ana to Priya

## Notes

We talked about the charter.
Next time: the budget.
"""
PATH = "meetings/2026-12-01.md"


def commit_all(clone: Path, message: str) -> None:
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", message)


@pytest.fixture(scope="module")
def pair_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Made once: a bare remote; Ana's partnership (init --remote) holding MEETING; Sam's
    clone (join --as mentor)."""
    top = tmp_path_factory.mktemp("pair")
    with pytest.MonkeyPatch.context() as mp:
        isolate_git(mp, top / "home", TEST_IDENTITY)
        remote = top / "remote.git"
        git(top, "init", "-q", "--bare", "--initial-branch=main", str(remote))
        ana = top / "ana"
        args = [*INIT_BASE, "--timezone", "Europe/Berlin", "--remote", remote.as_uri()]
        result = mentorlog(["init", str(ana), *args], today=TODAY)
        assert result.exit_code == EXIT_OK, result.output
        identity(ana, "Ana Ruiz")
        (ana / PATH).write_text(MEETING, encoding="utf-8")
        commit_all(ana, "meeting 1")
        git(ana, "push", "-q")
        sam = top / "sam"
        result = mentorlog(["join", remote.as_uri(), str(sam), "--as", "mentor"], today=TODAY)
        assert result.exit_code == EXIT_OK, result.output
        identity(sam, "Sam Lee")
    return top


@pytest.fixture
def pair(pair_template: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A fresh copy of the template for each test (remote, Ana's clone, Sam's clone)."""
    return copy_pair(pair_template, tmp_path)


def edit(clone: Path, old: str, new: str) -> None:
    path = clone / PATH
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def no_markers(clone: Path) -> None:
    for path in clone.rglob("*.md"):
        data = path.read_bytes()
        assert b"<<<<<<<" not in data and b">>>>>>>" not in data, path


def exchange(first: Path, second: Path, pull: str) -> None:
    """``first`` pushes; ``second`` pulls (merging through the driver) and pushes; ``first``
    pulls. Both end on the same commit."""
    git(first, "push", "-q")
    git(second, "pull", "-q", pull)
    git(second, "push", "-q")
    git(first, "pull", "-q", "--ff-only")
    assert git(first, "rev-parse", "HEAD") == git(second, "rev-parse", "HEAD")
    assert git(first, "status", "--porcelain") == "" == git(second, "status", "--porcelain")
    no_markers(first)
    no_markers(second)
