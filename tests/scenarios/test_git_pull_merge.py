"""Two writers: two clones of a bare remote merging with plain git pull through the driver;
join; actions --mine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import (
    INIT_BASE,
    git,
    identity,
    mentorlog,
    mentorlog_in,
)
from pair_fixtures import (
    MEETING,
    PATH,
    TODAY,
    commit_all,
    edit,
    exchange,
    no_markers,
)

from mentorlog.errors import EXIT_OK, EXIT_USAGE

ITEM = "- [ ] @mentor Introduce Ana to Priya\n"


@pytest.mark.parametrize("pull", ["--no-rebase", "--rebase"])
@pytest.mark.parametrize("first", ["ana", "sam"])
def test_plain_git_pull_keeps_both_new_items(
    pair: tuple[Path, Path, Path], first: str, pull: str
) -> None:
    _remote, ana, sam = pair
    edit(ana, ITEM, ITEM + "- [ ] @mentee Read chapter 3 due:2026-12-12\n")
    commit_all(ana, "ana's item")
    edit(sam, ITEM, ITEM + "- [ ] @mentor Send Ana the slides\n")
    commit_all(sam, "sam's item")
    one, other = (ana, sam) if first == "ana" else (sam, ana)
    exchange(one, other, pull)
    merged = (ana / PATH).read_text(encoding="utf-8")
    assert merged == (sam / PATH).read_text(encoding="utf-8")
    assert merged == MEETING.replace(ITEM, ITEM + "".join(_merging_side_line(other, ana, pull)))


def _merging_side_line(merger: Path, ana: Path, pull: str) -> list[str]:
    """The order of the two new lines: ours first, where 'ours' is the merging clone's
    commit in a merge, and the upstream's in a rebase (git replays our commit onto it)."""
    ana_line = "- [ ] @mentee Read chapter 3 due:2026-12-12\n"
    sam_line = "- [ ] @mentor Send Ana the slides\n"
    ours_is_ana = (merger == ana) == (pull == "--no-rebase")
    return [ana_line, sam_line] if ours_is_ana else [sam_line, ana_line]


@pytest.mark.parametrize("first", ["ana", "sam"])
def test_tick_and_edit_adjacent_lines_and_front_matter_merge(
    pair: tuple[Path, Path, Path], first: str
) -> None:
    _remote, ana, sam = pair
    edit(
        ana,
        "- [ ] @mentee Draft the project charter due:2026-12-10",
        "- [x] @mentee Draft the project charter due:2026-12-10 done:2026-12-04",
    )
    edit(ana, "We talked about the charter.", "We talked about the charter and its scope.")
    edit(ana, "status: held", "status: held\nlocation: Café Central")
    commit_all(ana, "ana")
    edit(
        sam,
        "- [ ] @mentee Draft the project charter due:2026-12-10",
        "- [ ] @mentee Draft the charter with Priya due:2026-12-14",
    )
    edit(sam, "Next time: the budget.", "Next time: the budget and the team.")
    edit(sam, "date: 2026-12-01", "date: 2026-12-01\ntime: '18:00'")
    commit_all(sam, "sam")
    one, other = (ana, sam) if first == "ana" else (sam, ana)
    exchange(one, other, "--no-rebase")
    expected = (
        MEETING.replace(
            "- [ ] @mentee Draft the project charter due:2026-12-10",
            "- [x] @mentee Draft the charter with Priya due:2026-12-14 done:2026-12-04",
        )
        .replace("We talked about the charter.", "We talked about the charter and its scope.")
        .replace("Next time: the budget.", "Next time: the budget and the team.")
        .replace("date: 2026-12-01\nstatus: held", "date: 2026-12-01\ntime: '18:00'\nstatus: held")
        .replace("status: held", "status: held\nlocation: Café Central")
    )
    assert (ana / PATH).read_text(encoding="utf-8") == expected
    assert (sam / PATH).read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("first", ["ana", "sam"])
def test_double_tick_keeps_the_earlier_day(pair: tuple[Path, Path, Path], first: str) -> None:
    _remote, ana, sam = pair
    edit(ana, ITEM, "- [x] @mentor Introduce Ana to Priya done:2026-12-05\n")
    commit_all(ana, "ana ticks")
    edit(sam, ITEM, "- [x] @mentor Introduce Ana to Priya done:2026-12-03\n")
    commit_all(sam, "sam ticks")
    one, other = (ana, sam) if first == "ana" else (sam, ana)
    exchange(one, other, "--no-rebase")
    expected = MEETING.replace(ITEM, "- [x] @mentor Introduce Ana to Priya done:2026-12-03\n")
    assert (ana / PATH).read_text(encoding="utf-8") == expected


def test_a_real_conflict_under_plain_git_pull_keeps_our_version_without_markers(
    pair: tuple[Path, Path, Path],
) -> None:
    _remote, ana, sam = pair
    edit(ana, "Next time: the budget.", "Next time: the hiring plan.")
    commit_all(ana, "ana")
    git(ana, "push", "-q")
    edit(sam, "Next time: the budget.", "Next time: the offsite.")
    commit_all(sam, "sam")
    done = subprocess.run(
        ["git", "pull", "-q", "--no-rebase"], cwd=sam, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "CONFLICT" in done.stdout + done.stderr
    assert (sam / PATH).read_text(encoding="utf-8") == MEETING.replace(
        "Next time: the budget.", "Next time: the offsite."
    )
    no_markers(sam)
    git(sam, "merge", "--abort")
    assert git(sam, "status", "--porcelain") == ""


def test_after_a_stopped_git_pull_the_advice_keeps_the_partners_lines(
    pair: tuple[Path, Path, Path],
) -> None:
    """The file holds only our version and no marker, so 'resolve, git add, git merge
    --continue' would have dropped Ana's line: sync and the writing commands say where her
    version is; following their advice keeps both lines."""
    _remote, ana, sam = pair
    edit(ana, "Next time: the budget.", "Next time: the hiring plan.")
    commit_all(ana, "ana")
    git(ana, "push", "-q")
    edit(sam, "Next time: the budget.", "Next time: the offsite.")
    commit_all(sam, "sam")
    subprocess.run(["git", "pull", "-q", "--no-rebase"], cwd=sam, capture_output=True)
    where = (
        f"{PATH} holds only your version: git diff HEAD MERGE_HEAD -- {PATH} shows your "
        f"partner's; keep the lines you agreed on in {PATH}, git add {PATH} and git merge "
        "--continue"
    )
    synced = mentorlog_in(sam, "sync", today=TODAY)
    assert synced.exit_code == EXIT_USAGE
    assert synced.stderr == (
        "mentorlog: a merge is in progress in this repository (a git pull, say) and "
        f"{where}, then run mentorlog sync again\n"
    )
    ticked = mentorlog_in(sam, "done", "2026-12-01#2", today=TODAY)
    assert ticked.exit_code == EXIT_USAGE
    assert ticked.stderr == (
        "mentorlog: git is in the middle of merging in this repository, so mentorlog writes "
        f"nothing now: {where}, then run the command again\n"
    )
    partners = git(sam, "diff", "HEAD", "MERGE_HEAD", "--", PATH)
    assert "+Next time: the hiring plan." in partners
    edit(sam, "Next time: the offsite.", "Next time: the offsite.\nNext time: the hiring plan.")
    git(sam, "add", PATH)
    git(sam, "-c", "core.editor=true", "merge", "--continue")
    assert mentorlog_in(sam, "sync", today=TODAY).exit_code == EXIT_OK
    assert mentorlog_in(ana, "sync", today=TODAY).exit_code == EXIT_OK
    both = MEETING.replace(
        "Next time: the budget.", "Next time: the offsite.\nNext time: the hiring plan."
    )
    assert (ana / PATH).read_text(encoding="utf-8") == both
    assert (sam / PATH).read_text(encoding="utf-8") == both


def test_after_a_stopped_git_pull_rebase_the_advice_keeps_your_lines(
    pair: tuple[Path, Path, Path],
) -> None:
    """In a rebase the file holds the partner's version (the one rebased onto): 'git add,
    git rebase --continue' would have dropped Sam's own line."""
    _remote, ana, sam = pair
    edit(ana, "Next time: the budget.", "Next time: the hiring plan.")
    commit_all(ana, "ana")
    git(ana, "push", "-q")
    edit(sam, "Next time: the budget.", "Next time: the offsite.")
    commit_all(sam, "sam")
    subprocess.run(["git", "pull", "-q", "--rebase"], cwd=sam, capture_output=True)
    assert "Next time: the hiring plan." in (sam / PATH).read_text(encoding="utf-8")
    where = (
        f"{PATH} holds only your partner's version: git diff HEAD REBASE_HEAD -- {PATH} "
        f"shows yours; keep the lines you agreed on in {PATH}, git add {PATH} and git "
        "rebase --continue"
    )
    synced = mentorlog_in(sam, "sync", today=TODAY)
    assert synced.stderr == (
        "mentorlog: a rebase is in progress in this repository (a git pull, say) and "
        f"{where}, then run mentorlog sync again\n"
    )
    ticked = mentorlog_in(sam, "done", "2026-12-01#2", today=TODAY)
    assert ticked.stderr == (
        "mentorlog: git is in the middle of rebasing in this repository, so mentorlog writes "
        f"nothing now: {where}, then run the command again\n"
    )
    assert "+Next time: the offsite." in git(sam, "diff", "HEAD", "REBASE_HEAD", "--", PATH)
    edit(sam, "Next time: the hiring plan.", "Next time: the hiring plan.\nNext time: the offsite.")
    git(sam, "add", PATH)
    git(sam, "-c", "core.editor=true", "rebase", "--continue")
    assert mentorlog_in(sam, "sync", today=TODAY).exit_code == EXIT_OK
    assert mentorlog_in(ana, "sync", today=TODAY).exit_code == EXIT_OK
    both = MEETING.replace(
        "Next time: the budget.", "Next time: the hiring plan.\nNext time: the offsite."
    )
    assert (ana / PATH).read_text(encoding="utf-8") == both
    assert (sam / PATH).read_text(encoding="utf-8") == both


def test_a_clone_without_the_driver_is_told_to_delete_the_markers(
    pair: tuple[Path, Path, Path],
) -> None:
    """A plain git clone (no driver defined): git's own merge writes markers; sync says so."""
    _remote, ana, sam = pair
    git(sam, "config", "--remove-section", "merge.mentorlog")
    edit(ana, "Next time: the budget.", "Next time: the hiring plan.")
    commit_all(ana, "ana")
    git(ana, "push", "-q")
    edit(sam, "Next time: the budget.", "Next time: the offsite.")
    commit_all(sam, "sam")
    subprocess.run(["git", "pull", "-q", "--no-rebase"], cwd=sam, capture_output=True)
    synced = mentorlog_in(sam, "sync", today=TODAY)
    assert synced.exit_code == EXIT_USAGE
    assert synced.stderr == (
        "mentorlog: a merge is in progress in this repository (a git pull, say) and "
        f"{PATH} holds both versions between conflict markers: git diff HEAD MERGE_HEAD -- "
        f"{PATH} shows your partner's; keep the lines you agreed on in {PATH} and delete the "
        f"markers, git add {PATH} and git merge --continue, then run mentorlog sync again\n"
    )


def test_schedule_ics_never_conflicts_under_plain_git_pull(pair: tuple[Path, Path, Path]) -> None:
    _remote, ana, sam = pair
    (ana / "schedule.ics").write_text("ana's\n", encoding="utf-8")
    commit_all(ana, "ana")
    (sam / "schedule.ics").write_text("sam's\n", encoding="utf-8")
    commit_all(sam, "sam")
    git(ana, "push", "-q")
    git(sam, "pull", "-q", "--no-rebase")
    assert (sam / "schedule.ics").read_text(encoding="utf-8") == "sam's\n"


# ------------------------------------------------------------------ join


def test_join_sets_up_the_clone(pair: tuple[Path, Path, Path]) -> None:
    remote, _ana, sam = pair
    assert git(sam, "config", "--get", "mentorlog.me").strip() == "mentor"
    driver = git(sam, "config", "--get", "merge.mentorlog.driver").strip()
    assert driver.endswith("-m mentorlog merge-file %O %A %B %P")
    assert git(sam, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    assert git(sam, "remote", "get-url", "origin").strip() == remote.as_uri()


def test_join_prints_the_status(tmp_path: Path, pair: tuple[Path, Path, Path]) -> None:
    remote, _ana, _sam = pair
    result = mentorlog(["join", remote.as_uri(), str(tmp_path / "again"), "--as", "mentee"])
    assert result.exit_code == EXIT_OK, result.output
    first = result.output.splitlines()[0]
    assert (
        first
        == f"Joined the partnership Ana Ruiz / Sam Lee in {tmp_path / 'again'} as Ana Ruiz (mentee)"
    )
    assert "Day " in result.output or "day " in result.output


def test_join_clones_main_whatever_the_remote_head_says(
    tmp_path: Path, pair: tuple[Path, Path, Path]
) -> None:
    remote, _ana, _sam = pair
    git(remote, "symbolic-ref", "HEAD", "refs/heads/master")
    plain = tmp_path / "plain"
    subprocess.run(["git", "clone", "-q", remote.as_uri(), str(plain)], capture_output=True)
    result = mentorlog_in(plain, "status")
    assert result.exit_code == EXIT_USAGE
    assert f"mentorlog join {remote.as_uri()}" in result.output
    assert result.output.count("\n") == 1
    joined = tmp_path / "joined"
    result = mentorlog(["join", remote.as_uri(), str(joined), "--as", "mentor"])
    assert result.exit_code == EXIT_OK, result.output
    assert (joined / "agreement.md").is_file()


def test_join_refuses_a_repository_without_agreement_and_leaves_nothing(tmp_path: Path) -> None:
    remote = tmp_path / "other.git"
    git(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(remote))
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", remote.as_uri(), str(work))
    (work / "README.md").write_text("not a partnership\n", encoding="utf-8")
    commit_all(work, "readme")
    git(work, "push", "-q", "origin", "HEAD:main")
    target = tmp_path / "joined"
    result = mentorlog(["join", remote.as_uri(), str(target), "--as", "mentor"])
    assert result.exit_code == EXIT_USAGE
    assert "holds no agreement.md" in result.output and result.output.count("\n") == 1
    assert not target.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    result = mentorlog(["join", remote.as_uri(), str(empty), "--as", "mentor"])
    assert result.exit_code == EXIT_USAGE
    assert list(empty.iterdir()) == []


def test_join_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, pair: tuple[Path, Path, Path]
) -> None:
    remote, _ana, _sam = pair
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = mentorlog(["join", remote.as_uri(), str(busy), "--as", "mentor"])
    assert result.exit_code == EXIT_USAGE
    assert [p.name for p in busy.iterdir()] == ["notes.txt"]


def test_join_takes_the_role_from_the_git_identity_or_asks_for_as(
    tmp_path: Path, pair: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    remote, _ana, _sam = pair
    monkeypatch.setenv("CI", "1")  # never a terminal to ask on
    git(tmp_path, "config", "--global", "user.name", "Sam Lee")
    result = mentorlog(["join", remote.as_uri(), str(tmp_path / "by-name")])
    assert result.exit_code == EXIT_OK, result.output
    assert git(tmp_path / "by-name", "config", "--get", "mentorlog.me").strip() == "mentor"
    git(tmp_path, "config", "--global", "user.name", "Someone Else")
    result = mentorlog(["join", remote.as_uri(), str(tmp_path / "unknown")])
    assert result.exit_code == EXIT_USAGE
    assert "--as mentee or --as mentor" in result.output
    assert not (tmp_path / "unknown").exists()


def test_join_an_unreachable_url_is_one_line(tmp_path: Path) -> None:
    result = mentorlog(["join", (tmp_path / "nowhere.git").as_uri(), str(tmp_path / "x")])
    assert result.exit_code == EXIT_USAGE
    assert result.output.startswith("mentorlog: cannot clone") and result.output.count("\n") == 1
    assert not (tmp_path / "x").exists()


def test_actions_mine(pair: tuple[Path, Path, Path]) -> None:
    _remote, ana, sam = pair
    result = mentorlog_in(sam, "actions", "--mine", "--json", today=TODAY)
    assert result.exit_code == EXIT_OK, result.output
    assert [t["text"] for t in json.loads(result.output)] == ["Introduce Ana to Priya"]
    result = mentorlog_in(ana, "actions", "--mine", today=TODAY)
    assert result.exit_code == EXIT_USAGE
    assert "git config mentorlog.me" in result.output and result.output.count("\n") == 1
    result = mentorlog_in(sam, "actions", "--mine", "--owner", "mentee", today=TODAY)
    assert result.exit_code == EXIT_USAGE


def test_init_records_who_you_are_when_git_knows_your_name(tmp_path: Path) -> None:
    """Ana starts the partnership under her own git name: --mine works for her as for Sam;
    a git name that is neither partner's records nothing (--mine then says what to set)."""
    ana = tmp_path / "ana"
    ana.mkdir()
    git(ana, "init", "-q", "--initial-branch=main")
    identity(ana, "Ana Ruiz")
    assert mentorlog(["init", str(ana), *INIT_BASE], today=TODAY).exit_code == EXIT_OK
    assert git(ana, "config", "--local", "mentorlog.me").strip() == "mentee"
    (ana / PATH).write_text(MEETING, encoding="utf-8")
    mine = mentorlog_in(ana, "actions", "--mine", "--json", today=TODAY)
    assert [t["text"] for t in json.loads(mine.output)] == ["Draft the project charter"]
    other = tmp_path / "other"
    assert mentorlog(["init", str(other), *INIT_BASE], today=TODAY).exit_code == EXIT_OK
    assert git(other, "config", "--local", "mentorlog.me", check=False).strip() == ""


# ------------------------------------------------------------------ --edit commits what was written


def appending_editor(text: str) -> str:
    """An EDITOR command that appends ``text`` to the file it is given."""
    return f"{sys.executable} -c \"import sys; open(sys.argv[1], 'a').write({text!r})\""


def test_journal_edit_commits_what_the_user_wrote(partnership: Path) -> None:
    result = mentorlog_in(
        partnership, "journal", "--edit", today=TODAY, EDITOR=appending_editor("I wrote this.\n")
    )
    assert result.exit_code == EXIT_OK, result.output
    committed = git(partnership, "show", f"HEAD:journal/{TODAY}.md")
    assert committed.endswith("I wrote this.\n")
    assert git(partnership, "status", "--porcelain") == ""


def test_journal_edit_without_an_editor_writes_nothing(partnership: Path) -> None:
    result = mentorlog_in(partnership, "journal", "--edit", today=TODAY, EDITOR="", VISUAL="")
    assert result.exit_code == EXIT_USAGE
    assert "EDITOR" in result.output and result.output.count("\n") == 1
    assert not (partnership / "journal" / f"{TODAY}.md").exists()


def test_new_meeting_edit_commits_what_the_user_wrote(partnership: Path) -> None:
    result = mentorlog_in(
        partnership, "new-meeting", "--edit", today=TODAY, EDITOR=appending_editor("Agenda note.\n")
    )
    assert result.exit_code == EXIT_OK, result.output
    committed = git(partnership, "show", f"HEAD:meetings/{TODAY}.md")
    assert committed.endswith("Agenda note.\n")
    assert git(partnership, "status", "--porcelain") == ""


def test_new_meeting_edit_without_an_editor_writes_nothing(partnership: Path) -> None:
    result = mentorlog_in(partnership, "new-meeting", "--edit", today=TODAY, EDITOR="", VISUAL="")
    assert result.exit_code == EXIT_USAGE
    assert not (partnership / "meetings" / f"{TODAY}.md").exists()


# ------------------------------------------------------------------ check


def test_check_warns_while_kept_versions_remain(partnership: Path) -> None:
    path = partnership / "meetings" / "2026-12-01.md"
    path.write_text(
        "---\ndate: 2026-12-01\nstatus: held\n# <!-- mentorlog: Ana Ruiz's version -->\n---\n"
        "# Meeting\n\n<!-- mentorlog: Ana Ruiz's version -->\nNext: hiring.\n"
        "<!-- mentorlog: Sam Lee's version -->\nNext: offsite.\n",
        encoding="utf-8",
    )
    result = mentorlog_in(partnership, "check", today=TODAY)
    assert result.exit_code == EXIT_OK, result.output
    advice = "kept by sync --keep-both: keep what you agreed on, then delete these comments"
    where = "meetings/2026-12-01.md"
    assert result.output.splitlines()[:-1] == [
        f"{where}:4: warning: Ana Ruiz's version, {advice}",
        f"{where}:8: warning: Ana Ruiz's version, {advice}",
        f"{where}:10: warning: Sam Lee's version, {advice}",
    ]
    assert result.output.splitlines()[-1].endswith("0 errors, 3 warnings in 3 files")


# ------------------------------------------------------------------ small parts


def test_ensure_gitattributes_adds_only_the_missing_lines(tmp_path: Path) -> None:
    from mentorlog.store.git import driver

    path = tmp_path / ".gitattributes"
    path.write_bytes(b"*.png binary\r\n*.md merge=mentorlog")
    assert driver.ensure_gitattributes(tmp_path) is True
    assert path.read_bytes() == (
        b"*.png binary\r\n*.md merge=mentorlog\r\nschedule.ics merge=mentorlog\r\n"
    )
    assert driver.ensure_gitattributes(tmp_path) is False
    path.unlink()
    assert driver.ensure_gitattributes(tmp_path) is True
    assert path.read_text(encoding="utf-8").endswith(
        "*.md merge=mentorlog\nschedule.ics merge=mentorlog\n"
    )


def test_a_clone_with_files_but_no_agreement_gets_the_usual_message(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    git(work, "init", "-q", "--initial-branch=main")
    (work / "README.md").write_text("x\n", encoding="utf-8")
    commit_all(work, "readme")
    git(work, "update-ref", "refs/remotes/origin/main", "HEAD")
    result = mentorlog_in(work, "status")
    assert result.exit_code == EXIT_USAGE
    assert "join" not in result.output and "mentorlog init" in result.output


def test_crlf_meeting_merges_under_plain_git_pull(pair: tuple[Path, Path, Path]) -> None:
    _remote, ana, sam = pair
    crlf = MEETING.replace("\n", "\r\n").encode()
    (ana / PATH).write_bytes(crlf)
    commit_all(ana, "crlf")
    git(ana, "push", "-q")
    git(sam, "pull", "-q", "--ff-only")
    item = ITEM.replace("\n", "\r\n").encode()
    (ana / PATH).write_bytes(crlf.replace(item, item + b"- [ ] @mentee A\r\n"))
    commit_all(ana, "a")
    (sam / PATH).write_bytes(crlf.replace(b"Next time: the budget.", b"Next time: money."))
    commit_all(sam, "b")
    exchange(ana, sam, "--no-rebase")
    expected = crlf.replace(item, item + b"- [ ] @mentee A\r\n").replace(
        b"Next time: the budget.", b"Next time: money."
    )
    assert (ana / PATH).read_bytes() == expected == (sam / PATH).read_bytes()


def test_join_asks_on_a_terminal(
    tmp_path: Path, pair: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentorlog.cli import setup

    remote, _ana, _sam = pair
    monkeypatch.setattr(setup, "interactive", lambda: True)
    git(tmp_path, "config", "--global", "user.name", "Sam Lee")
    result = mentorlog(["join", remote.as_uri(), str(tmp_path / "asked")], input="mentee\n")
    assert result.exit_code == EXIT_OK, result.output
    assert "Are you the mentee (Ana Ruiz) or the mentor (Sam Lee)? (mentee, mentor) [mentor]: " in (
        result.output
    )
    assert git(tmp_path / "asked", "config", "--get", "mentorlog.me").strip() == "mentee"


def test_same_day_journal_entries_stop_a_plain_pull_with_ours_in_place(
    pair: tuple[Path, Path, Path],
) -> None:
    _remote, ana, sam = pair
    for clone, words in ((ana, "Ana wrote.\n"), (sam, "Sam wrote.\n")):
        result = mentorlog_in(
            clone, "journal", "--edit", today=TODAY, EDITOR=appending_editor(words)
        )
        assert result.exit_code == EXIT_OK, result.output
    git(ana, "push", "-q")
    done = subprocess.run(["git", "pull", "-q", "--no-rebase"], cwd=sam, capture_output=True)
    assert done.returncode != 0
    entry = (sam / "journal" / f"{TODAY}.md").read_text(encoding="utf-8")
    assert entry.endswith("Sam wrote.\n") and "Ana wrote." not in entry
    no_markers(sam)


def test_an_editor_command_with_an_open_quote_is_one_line(partnership: Path) -> None:
    result = mentorlog_in(partnership, "journal", "--edit", today=TODAY, EDITOR="vi 'oops")
    assert result.exit_code == EXIT_USAGE
    assert "cannot read the editor command" in result.output
    assert result.output.splitlines()[-1].startswith("mentorlog: cannot read the editor command")


@pytest.mark.parametrize(
    ("url", "folder"),
    [
        ("git@example.org:ana/mentoring.git", "mentoring"),
        ("git@example.org:mentoring.git", "mentoring"),
        ("https://example.org/ana/ana-sam/", "ana-sam"),
        ("/srv/git/shared.git", "shared"),
    ],
)
def test_join_names_the_folder_as_git_clone_would(url: str, folder: str) -> None:
    from mentorlog.cli.joining import default_folder

    assert default_folder(url) == folder


def test_keep_both_reaches_the_driver_through_git(pair: tuple[Path, Path, Path]) -> None:
    """What sync --keep-both relies on: the variable set for git reaches the driver."""
    _remote, ana, sam = pair
    edit(ana, "Next time: the budget.", "Next time: the hiring plan.")
    commit_all(ana, "ana")
    git(ana, "push", "-q")
    edit(sam, "Next time: the budget.", "Next time: the offsite.")
    commit_all(sam, "sam")
    done = subprocess.run(
        ["git", "pull", "-q", "--no-rebase"],
        cwd=sam,
        capture_output=True,
        env={**os.environ, "MENTORLOG_MERGE_KEEP_BOTH": '["Sam Lee", "Ana Ruiz"]'},
    )
    assert done.returncode == 0, done.stderr
    assert (sam / PATH).read_text(encoding="utf-8") == MEETING.replace(
        "Next time: the budget.\n",
        "<!-- mentorlog: Sam Lee's version -->\nNext time: the offsite.\n"
        "<!-- mentorlog: Ana Ruiz's version -->\nNext time: the hiring plan.\n",
    )
