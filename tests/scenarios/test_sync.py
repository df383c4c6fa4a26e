"""sync between two clones of a bare remote; init --remote; private/ never shared."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import Result
from helpers import git, git_repo, isolate_git, make_pair, mentorlog, mentorlog_in

from mentorlog.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from mentorlog.text.merge import merge_bytes

TODAY = "2026-12-01"


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No git configuration at all: each clone gets its identity from helpers.identity()."""
    isolate_git(monkeypatch, tmp_path / "home", None)


def run(root: Path, *args: str) -> Result:
    return mentorlog_in(root, *args, today=TODAY)


def run_at(root: Path, today: str, *args: str) -> Result:
    return mentorlog_in(root, *args, today=today)


def init(root: Path, *extra: str) -> Result:
    """init with the fewest options: Ana and Sam from TODAY for six months."""
    args = ["--mentee", "Ana", "--mentor", "Sam", "--start", TODAY, "--months", "6"]
    return mentorlog(["init", str(root), *args, *extra])


def meeting_text(day: str, notes: str) -> str:
    return f"---\ndate: {day}\nstatus: held\n---\n\n# Meeting\n\n## Notes\n\n{notes}\n"


def meeting(clone: Path, day: str, notes: str) -> Path:
    path = clone / "meetings" / f"{day}.md"
    path.write_text(meeting_text(day, notes), encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A bare remote, Ana's repository (made with init --remote) and Sam's clone."""
    files = {
        "meetings/2026-12-01.md": meeting_text("2026-12-01", "We met."),
        "meetings/2026-12-15.md": meeting_text("2026-12-15", "Second meeting."),
    }
    return make_pair(tmp_path, files, today=TODAY)


def no_markers(root: Path) -> None:
    for path in root.rglob("*.md"):
        assert b"<<<<<<<" not in path.read_bytes(), path
        assert b">>>>>>>" not in path.read_bytes(), path


def test_init_remote_pushes_and_sets_upstream(pair: tuple[Path, Path, Path]) -> None:
    remote, ana, _sam = pair
    assert git(ana, "rev-parse", "HEAD") == git(remote, "rev-parse", "main")
    assert git(ana, "rev-parse", "--abbrev-ref", "@{upstream}").strip() == "origin/main"


def test_different_meetings_reach_both(pair: tuple[Path, Path, Path]) -> None:
    remote, ana, sam = pair
    meeting(ana, "2026-12-01", "Ana's notes on the first meeting.")
    meeting(sam, "2026-12-15", "Sam's notes on the second meeting.")
    first = run(ana, "sync")
    assert first.exit_code == EXIT_OK, first.output
    assert "Committed 1 changed file" in first.output
    assert "Pushed 1 commit to origin/main." in first.output
    second = run(sam, "sync")
    assert second.exit_code == EXIT_OK, second.output
    assert "Pulled 1 commit from origin/main:" in second.output
    assert "  meetings/2026-12-01.md" in second.output
    third = run(ana, "sync")
    assert third.exit_code == EXIT_OK, third.output
    for clone in (ana, sam):
        assert "Ana's notes" in (clone / "meetings/2026-12-01.md").read_text()
        assert "Sam's notes" in (clone / "meetings/2026-12-15.md").read_text()
    assert git(ana, "rev-parse", "HEAD") == git(sam, "rev-parse", "HEAD")
    assert git(ana, "rev-parse", "HEAD") == git(remote, "rev-parse", "main")
    assert git(ana, "log", "-1", "--format=%s").strip() == "mentorlog: sync (merge origin/main)"
    assert run(ana, "sync").output.strip() == "Already in step with origin/main."


def test_same_line_conflict_stops_and_loses_nothing(pair: tuple[Path, Path, Path]) -> None:
    remote, ana, sam = pair
    meeting(ana, "2026-12-15", "Ana: we agreed on Tuesdays.")
    meeting(sam, "2026-12-15", "Sam: we agreed on Thursdays.")
    (sam / "meetings/2026-12-01.md").write_text("---\ndate: 2026-12-01\n---\nSam only.\n")
    assert run(ana, "sync").exit_code == EXIT_OK
    remote_before = git(remote, "rev-parse", "main")

    head_before = git(sam, "rev-parse", "HEAD")
    result = run(sam, "sync")
    assert result.exit_code == EXIT_FINDINGS, result.output
    theirs = git(sam, "rev-parse", "origin/main").strip()
    assert result.output == (
        "mentorlog: sync stopped: you and Ana Ruiz both changed meetings/2026-12-15.md; "
        "nothing was merged and nothing was lost\n"
        f"  Your version is committed here ({git(sam, 'rev-parse', 'HEAD')[:7]}); Ana Ruiz's is "
        f"on origin/main ({theirs[:7]}). No file was changed.\n"
        "  Look at both:   git diff HEAD origin/main -- meetings/2026-12-15.md\n"
        "  Talk it through, then keep both versions, one after the other, each under its "
        "author's name:   mentorlog sync --keep-both\n"
    )
    # no rebase or merge in progress, no markers, the work tree as sync left it
    gitdir = sam / ".git"
    assert not (gitdir / "rebase-merge").exists()
    assert not (gitdir / "rebase-apply").exists()
    assert not (gitdir / "MERGE_HEAD").exists()
    no_markers(sam)
    assert git(sam, "status", "--porcelain") == ""
    assert "Sam: we agreed on Thursdays." in (sam / "meetings/2026-12-15.md").read_text()
    assert (sam / "meetings/2026-12-01.md").read_text().endswith("Sam only.\n")
    # Sam's pending edits are a commit on his branch; the remote is untouched
    assert git(sam, "log", "-1", "--format=%s").strip() == "mentorlog: sync"
    assert git(sam, "rev-parse", "HEAD~1") == head_before
    assert "Thursdays" in git(sam, "show", "HEAD:meetings/2026-12-15.md")
    assert git(remote, "rev-parse", "main") == remote_before
    assert "Tuesdays" in git(remote, "show", "main:meetings/2026-12-15.md")
    # a second try changes nothing either
    assert run(sam, "sync").exit_code == EXIT_FINDINGS
    assert git(sam, "log", "-1", "--format=%s").strip() == "mentorlog: sync"

    # the way out the message offers: keep both, each under its author's name
    base = git(sam, "show", "HEAD~1:meetings/2026-12-15.md", raw_newlines=True).encode()
    ours = git(sam, "show", "HEAD:meetings/2026-12-15.md", raw_newlines=True).encode()
    theirs_text = git(sam, "show", "origin/main:meetings/2026-12-15.md", raw_newlines=True)
    expected = merge_bytes(
        base, ours, theirs_text.encode(), "meetings/2026-12-15.md", ("Sam Lee", "Ana Ruiz")
    )
    assert expected.conflicts == 0
    again = run(sam, "sync", "--keep-both")
    assert again.exit_code == EXIT_OK, again.output
    assert run(ana, "sync").exit_code == EXIT_OK
    for clone in (ana, sam):
        text = (clone / "meetings/2026-12-15.md").read_bytes()
        assert text == expected.text
        assert b"<!-- mentorlog: Sam Lee's version -->" in text
        assert b"<!-- mentorlog: Ana Ruiz's version -->" in text
        assert text.count(b"Sam: we agreed on Thursdays.") == 1
        assert text.count(b"Ana: we agreed on Tuesdays.") == 1
        assert (clone / "meetings/2026-12-01.md").read_text().endswith("Sam only.\n")
        assert git(clone, "status", "--porcelain") == ""
        no_markers(clone)
    assert git(ana, "rev-parse", "HEAD") == git(sam, "rev-parse", "HEAD")


def test_conflict_resolved_by_hand(pair: tuple[Path, Path, Path]) -> None:
    _remote, ana, sam = pair
    meeting(ana, "2026-12-15", "Ana's line.")
    meeting(sam, "2026-12-15", "Sam's line.")
    assert run(ana, "sync").exit_code == EXIT_OK
    assert run(sam, "sync").exit_code == EXIT_FINDINGS
    git(sam, "merge", "-q", "origin/main", check=False)
    # sync refuses while a merge is under way
    busy = run(sam, "sync")
    assert busy.exit_code == EXIT_USAGE
    assert "a merge is in progress" in busy.output
    meeting(sam, "2026-12-15", "Ana's line.\nSam's line.")
    git(sam, "commit", "-q", "-a", "--no-edit")
    assert run(sam, "sync").exit_code == EXIT_OK
    assert run(ana, "sync").exit_code == EXIT_OK
    assert "Ana's line.\nSam's line." in (ana / "meetings/2026-12-15.md").read_text()


def test_left_over_markers_are_never_committed(pair: tuple[Path, Path, Path]) -> None:
    _remote, ana, _sam = pair
    path = ana / "meetings/2026-12-15.md"
    path.write_text("---\ndate: 2026-12-15\n---\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> x\n")
    head = git(ana, "rev-parse", "HEAD")
    result = run(ana, "sync")
    assert result.exit_code == EXIT_USAGE
    assert "meetings/2026-12-15.md:4: still holds a merge conflict marker" in result.output
    assert git(ana, "rev-parse", "HEAD") == head


def test_no_remote(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "solo", "Ana Ruiz")
    result = init(root)
    assert result.exit_code == EXIT_OK, result.output
    out = run(root, "sync")
    assert out.exit_code == EXIT_USAGE
    assert "no remote to sync with" in out.output
    assert "git remote add origin URL" in out.output
    assert "Traceback" not in out.output


def test_not_a_git_repository(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    result = init(root, "--no-git")
    assert result.exit_code == EXIT_OK, result.output
    out = run(root, "sync")
    assert out.exit_code == EXIT_USAGE
    assert "is not in a git repository" in out.output


def test_unreachable_remote_keeps_the_commit(pair: tuple[Path, Path, Path], tmp_path: Path) -> None:
    _remote, ana, _sam = pair
    git(ana, "remote", "set-url", "origin", (tmp_path / "gone.git").as_uri())
    meeting(ana, "2026-12-15", "Written offline.")
    out = run(ana, "sync")
    assert out.exit_code == EXIT_USAGE
    assert "cannot reach the remote 'origin'" in out.output
    assert "your changes are committed here" in out.output
    assert "Written offline." in git(ana, "show", "HEAD:meetings/2026-12-15.md")


def test_rejected_push_keeps_the_commit(pair: tuple[Path, Path, Path]) -> None:
    remote, ana, _sam = pair
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'read-only for now' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = git(remote, "rev-parse", "main")
    meeting(ana, "2026-12-15", "Pushed later.")
    out = run(ana, "sync")
    assert out.exit_code == EXIT_USAGE
    assert "the remote 'origin' refused the push" in out.output
    assert "your commits are safe here" in out.output
    assert git(remote, "rev-parse", "main") == before
    assert "Pushed later." in git(ana, "show", "HEAD:meetings/2026-12-15.md")


def all_committed_paths(root: Path) -> list[str]:
    out = git(root, "log", "--all", "--name-only", "--format=")
    return [line for line in out.splitlines() if line.strip()]


def test_private_never_committed_even_when_gitignore_lets_it(
    pair: tuple[Path, Path, Path],
) -> None:
    remote, ana, sam = pair
    (ana / ".gitignore").write_text("# private notes are fine to share, says someone\n")
    (ana / "private").mkdir(exist_ok=True)
    (ana / "private" / "thoughts.md").write_text("Not for Sam.\n")
    assert run(ana, "journal", "--private").exit_code == EXIT_OK
    # journal --private put private/ back into .gitignore; take it out again
    (ana / ".gitignore").write_text("# nothing ignored\n")
    (ana / "private" / "more.md").write_text("Still not for Sam.\n")
    meeting(ana, "2026-12-15", "Shared notes.")
    assert run(ana, "journal").exit_code == EXIT_OK
    result = run(ana, "sync")
    assert result.exit_code == EXIT_OK, result.output
    assert "private/" not in result.output
    assert run(sam, "sync").exit_code == EXIT_OK
    for repo_dir in (ana, remote, sam):
        paths = all_committed_paths(repo_dir)
        assert "journal/2026-12-01.md" in paths
        assert not [p for p in paths if p.startswith("private")], paths
    assert not (sam / "private" / "thoughts.md").exists()
    assert (ana / "private" / "journal" / "2026-12-01.md").is_file()


def test_private_commit_made_by_hand_is_not_pushed(pair: tuple[Path, Path, Path]) -> None:
    remote, ana, _sam = pair
    (ana / "private").mkdir(exist_ok=True)
    (ana / "private" / "diary.md").write_text("Secret.\n")
    git(ana, "add", "-f", "private/diary.md")
    git(ana, "commit", "-q", "-m", "oops")
    before = git(remote, "rev-parse", "main")
    out = run(ana, "sync")
    assert out.exit_code == EXIT_USAGE
    assert "will not push" in out.output
    assert "private/diary.md" in out.output
    assert git(remote, "rev-parse", "main") == before
    assert not [p for p in all_committed_paths(remote) if p.startswith("private")]


def test_private_staged_by_hand_is_left_out_of_the_sync_commit(
    pair: tuple[Path, Path, Path],
) -> None:
    remote, ana, _sam = pair
    (ana / "private").mkdir(exist_ok=True)
    (ana / "private" / "diary.md").write_text("Secret.\n")
    git(ana, "add", "-f", "private/diary.md")
    meeting(ana, "2026-12-15", "Shared.")
    out = run(ana, "sync")
    assert out.exit_code == EXIT_OK, out.output
    assert not [p for p in all_committed_paths(remote) if p.startswith("private")]
    # still staged, as the user left it
    assert "A  private/diary.md" in git(ana, "status", "--porcelain")


def test_init_remote_unreachable_is_a_note(tmp_path: Path) -> None:
    root = tmp_path / "ana"
    result = init(root, "--remote", (tmp_path / "missing.git").as_uri())
    assert result.exit_code == EXIT_OK, result.output
    assert "could not push to origin" in result.output
    assert "run mentorlog sync once the remote can be reached" in result.output
    assert (root / "agreement.md").is_file()


def test_init_remote_with_no_git_is_a_usage_error(tmp_path: Path) -> None:
    result = mentorlog(
        ["init", str(tmp_path / "x"), "--mentee", "A", "--mentor", "B", "--start", TODAY]
        + ["--months", "6", "--no-git", "--remote", "file:///nowhere"],
    )
    assert result.exit_code == EXIT_USAGE
    assert not (tmp_path / "x" / "agreement.md").exists()


def test_sync_json(pair: tuple[Path, Path, Path]) -> None:
    import json

    _remote, ana, _sam = pair
    meeting(ana, "2026-12-15", "JSON.")
    out = run(ana, "sync", "--json")
    assert out.exit_code == EXIT_OK, out.output
    data = json.loads(out.output)
    assert data["committed_files"] == ["meetings/2026-12-15.md"]
    assert data["pushed"] == 1
    assert data["pulled"] == 0
    assert data["conflict"] is None
    assert (data["remote"], data["branch"]) == ("origin", "main")


def test_first_sync_to_an_empty_remote(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(remote))
    root = git_repo(tmp_path / "ana", "Ana Ruiz")
    result = init(root)
    assert result.exit_code == EXIT_OK, result.output
    git(root, "remote", "add", "origin", remote.as_uri())
    meeting(root, "2026-12-01", "Before sharing.")
    out = run(root, "sync")
    assert out.exit_code == EXIT_OK, out.output
    assert "Pushed 2 commits to origin/main." in out.output
    assert git(root, "rev-parse", "HEAD") == git(remote, "rev-parse", "main")
    assert git(root, "rev-parse", "--abbrev-ref", "@{upstream}").strip() == "origin/main"


def test_unrelated_histories_are_refused(pair: tuple[Path, Path, Path], tmp_path: Path) -> None:
    remote, _ana, _sam = pair
    other = git_repo(tmp_path / "other", "Sam Lee")
    result = init(other)
    assert result.exit_code == EXIT_OK, result.output
    git(other, "remote", "add", "origin", remote.as_uri())
    head = git(other, "rev-parse", "HEAD")
    out = run(other, "sync")
    assert out.exit_code == EXIT_USAGE
    assert "share no history" in out.output
    assert git(other, "rev-parse", "HEAD") == head
    assert not (other / ".git" / "rebase-merge").exists()


def sam_merges_a_conflict_by_hand(ana: Path, sam: Path, ana_notes: str, sam_notes: str) -> None:
    """Both change one meeting, Sam's sync stops at the conflict, he merges keeping his.

    git's ``-X ours`` does not reach a merge driver: with mentorlog's (init, join and
    sync set it up) the merge stops with his version in the file, and he commits it.
    """
    meeting(ana, "2026-12-15", ana_notes)
    meeting(sam, "2026-12-15", sam_notes)
    assert run(ana, "sync").exit_code == EXIT_OK
    assert run(sam, "sync").exit_code == EXIT_FINDINGS
    git(sam, "merge", "-q", "--no-edit", "origin/main", check=False)
    git(sam, "checkout", "--ours", "--", "meetings/2026-12-15.md")
    git(sam, "add", "--", "meetings/2026-12-15.md")
    git(sam, "commit", "-q", "--no-edit")


def test_after_a_merge_by_hand_later_syncs_do_not_replay_the_conflict(
    pair: tuple[Path, Path, Path],
) -> None:
    _remote, ana, sam = pair
    sam_merges_a_conflict_by_hand(ana, sam, "Ana's version.", "Sam's version.")
    # Ana pushes again before Sam syncs his merge
    meeting(ana, "2026-12-01", "Ana, later.")
    assert run(ana, "sync").exit_code == EXIT_OK
    meeting(sam, "2026-12-29", "Sam, later.")
    out = run(sam, "sync")
    assert out.exit_code == EXIT_OK, out.output
    assert "Pulled 1 commit from origin/main:\n  meetings/2026-12-01.md\n" in out.output
    assert run(ana, "sync").exit_code == EXIT_OK
    for clone in (ana, sam):
        assert "Sam's version." in (clone / "meetings/2026-12-15.md").read_text()
        assert "Ana, later." in (clone / "meetings/2026-12-01.md").read_text()
        assert "Sam, later." in (clone / "meetings/2026-12-29.md").read_text()
    no_markers(ana)


def test_a_merge_conflict_is_undone_too(pair: tuple[Path, Path, Path]) -> None:
    _remote, ana, sam = pair
    sam_merges_a_conflict_by_hand(ana, sam, "Ana 1.", "Sam 1.")
    meeting(ana, "2026-12-15", "Ana 2.")
    assert run(ana, "sync").exit_code == EXIT_OK
    meeting(sam, "2026-12-15", "Sam 2.")
    head_before = git(sam, "rev-parse", "HEAD")
    out = run(sam, "sync")
    assert out.exit_code == EXIT_FINDINGS, out.output
    assert "both changed meetings/2026-12-15.md" in out.output
    assert not (sam / ".git" / "MERGE_HEAD").exists()
    no_markers(sam)
    assert git(sam, "rev-parse", "HEAD~1") == head_before  # sync's commit on top
    assert "Sam 2." in (sam / "meetings/2026-12-15.md").read_text()


def test_deletions_renames_and_odd_names_travel(pair: tuple[Path, Path, Path]) -> None:
    _remote, ana, sam = pair
    (ana / "meetings/2026-12-01.md").unlink()
    (ana / "meetings/2026-12-15.md").rename(ana / "meetings/2026-12-16.md")
    (ana / 'notes über "dies".md').write_text("Umlaut.\n")
    out = run(ana, "sync", "--json")
    assert out.exit_code == EXIT_OK, out.output
    import json

    assert sorted(json.loads(out.output)["committed_files"]) == [
        "meetings/2026-12-01.md",
        "meetings/2026-12-15.md",
        "meetings/2026-12-16.md",
        'notes über "dies".md',
        "schedule.ics",
    ]
    assert git(ana, "status", "--porcelain") == ""
    assert run(sam, "sync").exit_code == EXIT_OK
    assert not (sam / "meetings/2026-12-01.md").exists()
    assert (sam / "meetings/2026-12-16.md").is_file()
    assert (sam / 'notes über "dies".md').read_text() == "Umlaut.\n"


def test_both_partners_add_meetings_and_the_calendar_never_conflicts(
    pair: tuple[Path, Path, Path],
) -> None:
    """schedule.ics changes with every new meeting on both sides; sync rebuilds it."""
    from mentorlog.render.ics import build_calendar
    from mentorlog.store.reading import load

    remote, ana, sam = pair
    assert run(ana, "new-meeting", "2026-12-29").exit_code == EXIT_OK
    assert run(sam, "new-meeting", "2026-12-20", "--kind", "extra").exit_code == EXIT_OK
    assert run(ana, "sync").exit_code == EXIT_OK
    out = run(sam, "sync")
    assert out.exit_code == EXIT_OK, out.output
    assert (sam / "meetings/2026-12-29.md").exists()
    assert run(ana, "sync").exit_code == EXIT_OK
    assert (ana / "meetings/2026-12-20.md").exists()
    for clone in (ana, sam):
        assert git(clone, "status", "--porcelain") == ""
        assert not list(clone.rglob("*.orig"))
        text = (clone / "schedule.ics").read_bytes()
        assert b"<<<<<<<" not in text
        # the calendar is the one the merged files give: both meetings are in it
        assert build_calendar(load(clone), text) == text
        assert b"DTSTART;TZID=" in text and b"20261220" in text
    assert git(ana, "rev-parse", "HEAD") == git(sam, "rev-parse", "HEAD")
    assert git(remote, "rev-parse", "main") == git(ana, "rev-parse", "HEAD")


def test_unreadable_agreement_stops_sync(pair: tuple[Path, Path, Path]) -> None:
    remote, ana, _sam = pair
    before = git(ana, "rev-parse", "HEAD")
    (ana / "agreement.md").write_bytes(b"---\nstart: [\n---\n")
    meeting(ana, "2026-12-01", "Edited.")
    result = run(ana, "sync")
    assert result.exit_code == EXIT_USAGE
    assert result.output.startswith("mentorlog: agreement.md:")
    assert git(ana, "rev-parse", "HEAD") == before
    assert git(remote, "rev-parse", "main") == before
    assert git(ana, "status", "--porcelain").split() == [
        "M",
        "agreement.md",
        "M",
        "meetings/2026-12-01.md",
    ]


def test_both_partners_journal_on_the_same_day_and_both_entries_are_kept(
    pair: tuple[Path, Path, Path],
) -> None:
    _remote, ana, sam = pair
    day = "2026-12-03"
    for clone, words in ((ana, "Ana's reflection.\n"), (sam, "Sam's reflection.\n")):
        result = run_at(clone, day, "journal", "--no-commit")
        assert result.exit_code == EXIT_OK, result.output
        entry = clone / "journal" / f"{day}.md"
        entry.write_text(entry.read_text(encoding="utf-8") + words, encoding="utf-8")
    assert run(ana, "sync").exit_code == EXIT_OK
    out = run(sam, "sync")
    assert out.exit_code == EXIT_OK, out.output
    assert run(ana, "sync").exit_code == EXIT_OK
    for clone in (ana, sam):
        first = (clone / "journal" / f"{day}.md").read_text(encoding="utf-8")
        second = (clone / "journal" / f"{day}-2.md").read_text(encoding="utf-8")
        assert first.endswith("Ana's reflection.\n")  # shared first: keeps the name
        assert second.endswith("Sam's reflection.\n")
        assert git(clone, "status", "--porcelain") == ""
        assert not (Path(git(clone, "rev-parse", "--git-dir").strip()) / "rebase-merge").exists()
    assert git(ana, "rev-parse", "HEAD") == git(sam, "rev-parse", "HEAD")


def test_a_journal_clash_next_to_a_real_conflict_is_still_a_conflict(
    pair: tuple[Path, Path, Path],
) -> None:
    _remote, ana, sam = pair
    day = "2026-12-03"
    for clone, words in ((ana, "Ana.\n"), (sam, "Sam.\n")):
        run_at(clone, day, "journal", "--no-commit")
        (clone / "journal" / f"{day}.md").write_text(words, encoding="utf-8")
        meeting(clone, "2026-12-01", f"{words} edited the same line")
    assert run(ana, "sync").exit_code == EXIT_OK
    out = run(sam, "sync")
    assert out.exit_code == EXIT_FINDINGS
    assert "meetings/2026-12-01.md" in out.output
    no_markers(sam)
    assert (sam / "journal" / f"{day}.md").read_text(encoding="utf-8") == "Sam.\n"
    assert not (sam / "journal" / f"{day}-2.md").exists()
    # Sam's edits were committed by sync and are still on his branch
    committed = git(sam, "show", "--name-only", "--format=", "HEAD").split()
    assert f"journal/{day}.md" in committed and "meetings/2026-12-01.md" in committed


def test_sync_during_a_merge_writes_nothing_so_merge_abort_still_works(
    pair: tuple[Path, Path, Path],
) -> None:
    """A meeting deleted by Sam and edited by Ana: the merge the help offers stops on it;
    sync then refused, but only after rebuilding schedule.ics, and git merge --abort
    failed ("Entry 'schedule.ics' not uptodate")."""
    _remote, ana, sam = pair
    path = ana / "meetings/2026-12-15.md"
    path.write_text(path.read_text().replace("status: held\n", "status: held\ntopic: Trends\n"))
    assert run(ana, "sync").exit_code == EXIT_OK
    assert run(sam, "sync").exit_code == EXIT_OK
    git(sam, "rm", "-q", "meetings/2026-12-15.md")
    git(sam, "commit", "-q", "-m", "drop the second meeting")
    assert run(sam, "sync").exit_code == EXIT_OK
    with (ana / "meetings/2026-12-15.md").open("a", encoding="utf-8") as fh:
        fh.write("Ana adds a line.\n")
    assert run(ana, "sync").exit_code == EXIT_FINDINGS
    merge = subprocess.run(
        ["git", "merge", "-q", "--no-edit", "-X", "theirs", "origin/main"],
        cwd=ana,
        capture_output=True,
        check=False,
    )
    assert merge.returncode != 0  # modify/delete: -X theirs does not settle it
    status = git(ana, "status", "--porcelain")
    schedule = (ana / "schedule.ics").read_bytes()
    result = run(ana, "sync")
    assert result.exit_code == EXIT_USAGE
    assert "mentorlog: a merge is in progress in this repository" in result.output
    assert (ana / "schedule.ics").read_bytes() == schedule
    assert git(ana, "status", "--porcelain") == status
    git(ana, "merge", "--abort")
    assert git(ana, "status", "--porcelain") == ""


def test_a_failing_pre_commit_hook_is_named_in_one_clean_line(
    pair: tuple[Path, Path, Path],
) -> None:
    _remote, ana, _sam = pair
    hook = ana / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'hook says no' >&2\nexit 1\n")
    hook.chmod(0o755)
    meeting(ana, "2026-12-29", "Third meeting.")
    result = run(ana, "sync")
    assert result.exit_code == EXIT_USAGE
    assert result.output == "mentorlog: git commit failed: hook says no; nothing was shared\n"
    result = run(ana, "roadmap", "add", "Negotiation")
    assert result.output.endswith(
        "mentorlog: git commit failed: hook says no; the files are written but not committed\n"
    )


def test_a_new_branch_pushes_and_counts_only_the_commits_the_remote_lacks(
    pair: tuple[Path, Path, Path],
) -> None:
    """A branch without upstream counted every commit of its history as pushed."""
    remote, ana, _sam = pair
    git(ana, "switch", "-q", "-c", "notes")
    meeting(ana, "2026-12-29", "Third meeting.")
    result = run(ana, "sync")
    assert result.exit_code == EXIT_OK, result.output
    assert "Pushed 1 commit to origin/notes." in result.output
    assert git(remote, "rev-parse", "notes") == git(ana, "rev-parse", "HEAD")


def test_a_file_deleted_on_one_side_and_changed_on_the_other(
    pair: tuple[Path, Path, Path],
) -> None:
    """A stop names the file; --keep-both keeps the changed version (nothing is lost)."""
    _remote, ana, sam = pair
    git(sam, "rm", "-q", "meetings/2026-12-15.md")
    git(sam, "commit", "-q", "-m", "drop the second meeting")
    assert run(sam, "sync").exit_code == EXIT_OK
    with (ana / "meetings/2026-12-15.md").open("a", encoding="utf-8") as fh:
        fh.write("Ana adds a line.\n")
    changed = (ana / "meetings/2026-12-15.md").read_bytes()
    result = run(ana, "sync")
    assert result.exit_code == EXIT_FINDINGS
    assert (
        "  One of you deleted meetings/2026-12-15.md and the other changed it: "
        "keeping both keeps the changed version.\n"
    ) in result.output
    assert "you and Sam Lee both changed meetings/2026-12-15.md" in result.output
    result = run(ana, "sync", "--json")
    assert '"deleted": [\n      "meetings/2026-12-15.md"\n    ]' in result.stdout
    assert '"partner": "Sam Lee"' in result.stdout
    assert (ana / "meetings/2026-12-15.md").read_bytes() == changed
    out = run(ana, "sync", "--keep-both")
    assert out.exit_code == EXIT_OK, out.output
    assert run(sam, "sync").exit_code == EXIT_OK
    for clone in (ana, sam):
        assert (clone / "meetings/2026-12-15.md").read_bytes() == changed
        assert git(clone, "status", "--porcelain") == ""
    assert git(ana, "rev-parse", "HEAD") == git(sam, "rev-parse", "HEAD")
