"""mentorlog journal: shared entries are committed, private ones never are."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import Result
from helpers import INIT_BASE, git, isolate_git, mentorlog, mentorlog_in

from mentorlog.errors import EXIT_OK, EXIT_USAGE
from mentorlog.render import drafts
from mentorlog.rules import journal as journalmod

TODAY = "2026-12-02"


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(
        monkeypatch, tmp_path / "home", "[user]\n\tname = Ana Ruiz\n\temail = ana@example.org\n"
    )


def run(root: Path, *args: str) -> Result:
    return mentorlog_in(root, *args, today=TODAY)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "p"
    result = mentorlog(
        ["init", str(target), *INIT_BASE, "--timezone", "Europe/Berlin"],
    )
    assert result.exit_code == EXIT_OK, result.output
    return target


def test_shared_entry_is_written_and_committed(root: Path) -> None:
    result = run(root, "journal")
    assert result.exit_code == EXIT_OK, result.output
    assert result.output == "Wrote journal/2026-12-02.md\n"
    text = (root / "journal/2026-12-02.md").read_text()
    assert text.startswith(
        "---\ndate: 2026-12-02\nauthor: Ana Ruiz\n---\n\n# Journal: Wednesday 2026-12-02\n"
    )
    assert "## What to bring to the next meeting" in text
    assert git(root, "log", "-1", "--format=%s").strip() == "mentorlog: journal 2026-12-02"
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [
        "journal/2026-12-02.md"
    ]


def test_second_entry_the_same_day(root: Path) -> None:
    assert run(root, "journal", "--no-commit").exit_code == EXIT_OK
    second = run(root, "journal", "--no-commit")
    assert second.output == "Wrote journal/2026-12-02-2.md\n"
    third = run(root, "journal", "--no-commit")
    assert third.output == "Wrote journal/2026-12-02-3.md\n"
    assert "journal/" in git(root, "status", "--porcelain", "--untracked-files=all")
    assert git(root, "log", "-1", "--format=%s").strip().startswith("mentorlog: start")


def test_private_entry_is_never_committed(root: Path) -> None:
    head = git(root, "rev-parse", "HEAD")
    result = run(root, "journal", "--private")
    assert result.exit_code == EXIT_OK, result.output
    assert result.output == "Wrote private/journal/2026-12-02.md (private: never committed)\n"
    text = (root / "private/journal/2026-12-02.md").read_text()
    assert "## What I am still thinking about" in text
    assert git(root, "rev-parse", "HEAD") == head
    assert git(root, "status", "--porcelain") == ""  # ignored by .gitignore


def test_private_entry_puts_private_back_into_gitignore(root: Path) -> None:
    (root / ".gitignore").write_bytes(b"*.tmp")
    result = run(root, "journal", "--private")
    assert result.exit_code == EXIT_OK
    assert "added 'private/' to it" in result.output
    assert (root / ".gitignore").read_bytes() == b"*.tmp\nprivate/\n"
    assert "private" not in git(root, "log", "--all", "--name-only", "--format=")


def test_repaired_gitignore_is_committed_alone(root: Path) -> None:
    (root / ".gitignore").write_bytes(b"*.tmp\n")
    git(root, "commit", "-qam", "no private")
    result = run(root, "journal", "--private")
    assert result.exit_code == EXIT_OK, result.output
    assert git(root, "log", "-1", "--format=%s").strip() == "mentorlog: keep private/ out of git"
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [".gitignore"]
    assert git(root, "show", "HEAD:.gitignore") == "*.tmp\nprivate/\n"
    assert git(root, "status", "--porcelain") == ""


def test_repaired_gitignore_no_commit(root: Path) -> None:
    (root / ".gitignore").write_bytes(b"*.tmp\n")
    git(root, "commit", "-qam", "no private")
    result = run(root, "journal", "--private", "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    assert git(root, "log", "-1", "--format=%s").strip() == "no private"
    assert git(root, "status", "--porcelain") == " M .gitignore\n"


def test_commands_never_commit_private_paths(root: Path) -> None:
    from mentorlog.store.git.commits import commit_files

    (root / ".gitignore").write_text("")
    (root / "private").mkdir(exist_ok=True)
    (root / "private/x.md").write_text("secret\n")
    (root / "journal").mkdir()
    (root / "journal/a.md").write_text("shared\n")
    notes: list[str] = []
    commit_files(root, [Path("private/x.md"), Path("journal/a.md")], "m", "Ana", notes.append)
    assert git(root, "log", "--all", "--name-only", "--format=").split().count("private/x.md") == 0
    assert "journal/a.md" in git(root, "show", "--name-only", "--format=", "HEAD")


def test_edit_opens_the_editor(root: Path, tmp_path: Path) -> None:
    seen = tmp_path / "seen"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\necho "$1" > {seen}\n')
    editor.chmod(0o755)
    result = mentorlog(
        ["-C", str(root), "journal", "--private", "--edit"],
        env={"MENTORLOG_TODAY": TODAY, "EDITOR": str(editor), "VISUAL": ""},
    )
    assert result.exit_code == EXIT_OK, result.output
    assert seen.read_text().strip().endswith("private/journal/2026-12-02.md")


def test_existing_entry_is_never_overwritten(root: Path) -> None:
    (root / "journal").mkdir()
    (root / "journal/2026-12-02.md").write_bytes(b"mine\r\n")
    day = dt.date(2026, 12, 2)
    assert journalmod.entry_path(drafts.exists_in(root), day, False) == Path(
        "journal/2026-12-02-2.md"
    )
    assert run(root, "journal", "--no-commit").exit_code == EXIT_OK
    assert (root / "journal/2026-12-02.md").read_bytes() == b"mine\r\n"


def test_outside_a_repository(tmp_path: Path) -> None:
    result = mentorlog(["-C", str(tmp_path), "journal"])
    assert result.exit_code == EXIT_USAGE
    assert "no agreement.md" in result.output
