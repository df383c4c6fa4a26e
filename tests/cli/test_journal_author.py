"""Shared journal entries say who wrote them (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import INIT_BASE, git, mentorlog, mentorlog_in

from mentorlog.errors import EXIT_OK
from mentorlog.rules.journal import author_name

TODAY = "2026-12-02"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "p"
    assert mentorlog(["init", str(target), *INIT_BASE]).exit_code == EXIT_OK
    return target


def head_of(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[: text.index("\n---\n") + 5]


def test_shared_entries_carry_the_author(root: Path) -> None:
    # no mentorlog.me: the git identity (the hermetic one is "Test Mentee")
    assert mentorlog_in(root, "journal", today=TODAY).exit_code == EXIT_OK
    assert head_of(root / "journal" / "2026-12-02.md") == (
        "---\ndate: 2026-12-02\nauthor: Test Mentee\n---\n"
    )
    # the clone's mentorlog.me names a role: that partner's name in agreement.md
    git(root, "config", "mentorlog.me", "mentor")
    assert mentorlog_in(root, "journal", today=TODAY).exit_code == EXIT_OK
    assert head_of(root / "journal" / "2026-12-02-2.md") == (
        "---\ndate: 2026-12-02\nauthor: Sam Lee\n---\n"
    )
    assert "author: Sam Lee" in git(root, "show", "HEAD:journal/2026-12-02-2.md")
    r = mentorlog_in(root, "check", today=TODAY)  # author: is a key mentorlog knows
    assert r.exit_code == EXIT_OK and "author" not in r.output, r.output
    # a private entry names no one
    assert mentorlog_in(root, "journal", "--private", today=TODAY).exit_code == EXIT_OK
    assert head_of(root / "private" / "journal" / "2026-12-02.md") == "---\ndate: 2026-12-02\n---\n"


@pytest.mark.parametrize(
    ("me", "git_name", "expected"),
    [
        ("mentee", "Someone", "Ana Ruiz"),
        ("@Sam", "", "Sam Lee"),
        ("ana-ruiz", "", "Ana Ruiz"),
        ("Priya", "Ana", "Priya"),  # not a partner: as it is
        ("", "ana  ruiz", "Ana Ruiz"),  # the git name, in the agreement's spelling
        ("", "Ana", "Ana"),  # a first name alone is not taken as a partner's
        ("", "", ""),
    ],
)
def test_author_name(me: str, git_name: str, expected: str) -> None:
    assert author_name(me, git_name, "Ana Ruiz", "Sam Lee") == expected
