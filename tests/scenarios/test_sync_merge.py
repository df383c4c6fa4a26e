"""sync with two clones of a bare remote: what merges, what stops, --keep-both, refusals.

Every scenario runs from both sides (who syncs first must not matter) and checks the
exact bytes both clones end with.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import Result
from helpers import copy_pair, git, identity, isolate_git, make_pair, mentorlog, mentorlog_in

from mentorlog.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from mentorlog.text.merge import merge_bytes

TODAY = "2026-12-01"

BASE = (
    "---\n"
    "date: 2026-12-15\n"
    "status: planned\n"
    "topic: Trends\n"
    "---\n"
    "\n"
    "# Meeting\n"
    "\n"
    "## Notes\n"
    "\n"
    "Line one.\n"
    "Line two.\n"
    "\n"
    "## Follow-through\n"
    "\n"
    "- [ ] @mentee Draft the charter due:2026-12-20 id:a1b2\n"
)
MEETING = "meetings/2026-12-15.md"


@pytest.fixture(autouse=True)
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch, tmp_path / "home", None)


def run(root: Path, *args: str) -> Result:
    return mentorlog_in(root, *args, today=TODAY)


@pytest.fixture(scope="module")
def pair_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bare remote, Ana's repository (init --remote) and Sam's clone, both holding BASE."""
    base = tmp_path_factory.mktemp("pair")
    with pytest.MonkeyPatch.context() as mp:
        isolate_git(mp, base / "home", None)
        mp.setenv("MENTORLOG_TODAY", TODAY)
        make_pair(base, {MEETING: BASE}, today=TODAY)
    return base


@pytest.fixture
def pair(pair_template: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of the template's remote and clones (cheaper than making them anew)."""
    return copy_pair(pair_template, tmp_path)


def edit(clone: Path, old: str, new: str) -> None:
    path = clone / MEETING
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def in_step(remote: Path, ana: Path, sam: Path, expected: str) -> None:
    """Both clones and the remote at one commit, the meeting holding ``expected`` exactly."""
    assert git(ana, "rev-parse", "HEAD") == git(sam, "rev-parse", "HEAD")
    assert git(ana, "rev-parse", "HEAD") == git(remote, "rev-parse", "main")
    for clone in (ana, sam):
        assert (clone / MEETING).read_bytes() == expected.encode(), clone.name
        assert git(clone, "status", "--porcelain") == ""
        for path in clone.rglob("*.md"):
            assert b"<<<<<<<" not in path.read_bytes()
            assert b"=======\n" not in path.read_bytes()


def both_sync(pair: tuple[Path, Path, Path], first: str) -> tuple[Result, Result, Result]:
    _remote, ana, sam = pair
    one, two = (ana, sam) if first == "ana" else (sam, ana)
    return run(one, "sync"), run(two, "sync"), run(one, "sync")


SIDES = pytest.mark.parametrize("first", ["ana", "sam"])


@SIDES
def test_both_add_follow_through_items(pair: tuple[Path, Path, Path], first: str) -> None:
    remote, ana, sam = pair
    ana_item = "- [ ] @mentor Introduce Ana to Priya due:2026-12-22\n"
    sam_item = "- [ ] @mentee Read the negotiation chapter\n"
    for clone, item in ((ana, ana_item), (sam, sam_item)):
        with (clone / MEETING).open("a", encoding="utf-8") as fh:
            fh.write(item)
    results = both_sync(pair, first)
    assert [r.exit_code for r in results] == [EXIT_OK] * 3, [r.output for r in results]
    # the one who syncs second merges: ours first, then theirs
    added = ana_item + sam_item if first == "sam" else sam_item + ana_item
    in_step(remote, ana, sam, BASE + added)


@SIDES
def test_adjacent_lines_edited(pair: tuple[Path, Path, Path], first: str) -> None:
    remote, ana, sam = pair
    edit(ana, "Line one.\n", "Line one, as Ana put it.\n")
    edit(sam, "Line two.\n", "Line two, as Sam put it.\n")
    results = both_sync(pair, first)
    assert [r.exit_code for r in results] == [EXIT_OK] * 3, [r.output for r in results]
    expected = BASE.replace("Line one.", "Line one, as Ana put it.").replace(
        "Line two.", "Line two, as Sam put it."
    )
    in_step(remote, ana, sam, expected)


@SIDES
def test_front_matter_keys_edited(pair: tuple[Path, Path, Path], first: str) -> None:
    remote, ana, sam = pair
    edit(ana, "status: planned\n", "status: held\n")
    edit(sam, "topic: Trends\n", "topic: Industry trends\n")
    results = both_sync(pair, first)
    assert [r.exit_code for r in results] == [EXIT_OK] * 3, [r.output for r in results]
    expected = BASE.replace("status: planned", "status: held").replace(
        "topic: Trends", "topic: Industry trends"
    )
    in_step(remote, ana, sam, expected)


@SIDES
def test_tick_on_one_side_text_edit_on_the_other(pair: tuple[Path, Path, Path], first: str) -> None:
    remote, ana, sam = pair
    assert run(ana, "done", "a1b2", "--on", "2026-12-18", "--no-commit").exit_code == EXIT_OK
    edit(sam, "Draft the charter", "Draft the project charter")
    results = both_sync(pair, first)
    assert [r.exit_code for r in results] == [EXIT_OK] * 3, [r.output for r in results]
    expected = BASE.replace(
        "- [ ] @mentee Draft the charter due:2026-12-20 id:a1b2",
        "- [x] @mentee Draft the project charter due:2026-12-20 id:a1b2 done:2026-12-18",
    )
    in_step(remote, ana, sam, expected)


@SIDES
def test_different_files_merge_into_a_merge_commit(
    pair: tuple[Path, Path, Path], first: str
) -> None:
    """Each side changed its own file: a merge commit with both parents, no rebase."""
    remote, ana, sam = pair
    edit(ana, "Line one.\n", "Line one, as Ana put it.\n")
    (sam / "meetings/2026-12-29.md").write_text("---\ndate: 2026-12-29\n---\nSam.\n")
    one, two, three = both_sync(pair, first)
    assert (one.exit_code, two.exit_code, three.exit_code) == (EXIT_OK,) * 3, two.output
    in_step(remote, ana, sam, BASE.replace("Line one.", "Line one, as Ana put it."))
    for clone in (ana, sam):
        assert (
            clone / "meetings/2026-12-29.md"
        ).read_text() == "---\ndate: 2026-12-29\n---\nSam.\n"
    second = sam if first == "ana" else ana
    head = git(second, "rev-parse", "HEAD").strip()
    parents = git(second, "rev-list", "--parents", "-n", "1", head).split()[1:]
    assert len(parents) == 2  # a merge with both parents, no rebase
    assert git(second, "log", "-1", "--format=%s", head).strip().startswith("mentorlog: sync")


@SIDES
def test_same_line_stops_then_keep_both(pair: tuple[Path, Path, Path], first: str) -> None:
    remote, ana, sam = pair
    edit(ana, "Line one.\n", "Line one: we meet on Tuesdays.\n")
    edit(sam, "Line one.\n", "Line one: we meet on Thursdays.\n")
    one, two = (ana, sam) if first == "ana" else (sam, ana)
    names = {ana: "Ana Ruiz", sam: "Sam Lee"}
    assert run(one, "sync").exit_code == EXIT_OK
    remote_before = git(remote, "rev-parse", "main")
    head_before = git(two, "rev-parse", "HEAD")
    mine = (two / MEETING).read_bytes()
    stopped = run(two, "sync")
    assert stopped.exit_code == EXIT_FINDINGS, stopped.output
    assert f"you and {names[one]} both changed {MEETING}" in stopped.output
    assert f"git diff HEAD origin/main -- {MEETING}" in stopped.output
    assert "mentorlog sync --keep-both" in stopped.output
    assert "-X" not in stopped.output and "<<<<<<<" not in stopped.output
    # nothing changed but sync's own commit of the pending edit
    assert git(two, "rev-parse", "HEAD~1") == head_before
    assert (two / MEETING).read_bytes() == mine
    assert git(two, "status", "--porcelain") == ""
    assert git(remote, "rev-parse", "main") == remote_before
    assert not (two / ".git" / "MERGE_HEAD").exists()
    assert git(two, "stash", "list") == ""

    base = BASE.encode()
    theirs = git(two, "show", f"origin/main:{MEETING}", raw_newlines=True).encode()
    expected = merge_bytes(base, mine, theirs, MEETING, (names[two], names[one]))
    resolved = run(two, "sync", "--keep-both")
    assert resolved.exit_code == EXIT_OK, resolved.output
    assert run(one, "sync").exit_code == EXIT_OK
    in_step(remote, ana, sam, expected.text.decode())
    text = expected.text.decode()
    assert f"<!-- mentorlog: {names[two]}'s version -->" in text
    assert f"<!-- mentorlog: {names[one]}'s version -->" in text
    assert text.count("Tuesdays") == 1 and text.count("Thursdays") == 1
    # the partner's name comes from the agreement, not from git: mentorlog.me says who I am
    assert run(two, "sync").output.strip() == "Already in step with origin/main."


def test_sync_names_the_file_that_holds_both_versions(pair: tuple[Path, Path, Path]) -> None:
    """--keep-both and the partner's next sync say where the two versions are and what to do."""
    _remote, ana, sam = pair
    edit(ana, "Line two.\n", "Line two by Ana.\n")
    edit(sam, "Line two.\n", "Line two by Sam.\n")
    assert run(ana, "sync").exit_code == EXIT_OK
    assert run(sam, "sync").exit_code == EXIT_FINDINGS
    told = (
        f"Both versions are in {MEETING}:12, each under its author's name: keep what you "
        "agreed on, delete the comments, then run mentorlog sync\n"
    )
    resolved = run(sam, "sync", "--keep-both")
    assert resolved.exit_code == EXIT_OK
    assert resolved.output.endswith("Pushed 2 commits to origin/main.\n" + told)
    pulled = run(ana, "sync")
    assert pulled.output == f"Pulled 2 commits from origin/main:\n  {MEETING}\n" + told
    text = (ana / MEETING).read_text(encoding="utf-8")
    edit(ana, text[text.index("<!-- mentorlog: Sam") : text.index("\n## Follow")], "Line two.\n")
    done = run(ana, "sync")
    short = git(ana, "rev-parse", "--short=7", "HEAD").strip()
    assert done.output == (
        f"Committed 1 changed file ({short}):\n  {MEETING}\nPushed 1 commit to origin/main.\n"
    )


def test_keep_both_names_come_from_mentorlog_me(pair: tuple[Path, Path, Path]) -> None:
    """A clone whose git user.name is not in the agreement: mentorlog.me says who it is."""
    remote, ana, sam = pair
    identity(sam, "slee")
    git(sam, "config", "mentorlog.me", "mentor")
    edit(ana, "Line two.\n", "Line two by Ana.\n")
    edit(sam, "Line two.\n", "Line two by Sam.\n")
    assert run(ana, "sync").exit_code == EXIT_OK
    stopped = run(sam, "sync", "--json")
    assert stopped.exit_code == EXIT_FINDINGS
    assert json.loads(stopped.stdout)["conflict"]["partner"] == "Ana Ruiz"
    assert run(sam, "sync", "--keep-both").exit_code == EXIT_OK
    text = (sam / MEETING).read_text(encoding="utf-8")
    assert "<!-- mentorlog: Sam Lee's version -->" in text
    assert "<!-- mentorlog: Ana Ruiz's version -->" in text
    assert run(ana, "sync").exit_code == EXIT_OK
    assert (ana / MEETING).read_text(encoding="utf-8") == text
    assert git(remote, "rev-parse", "main") == git(ana, "rev-parse", "HEAD")


def test_the_driver_is_defined_and_routes_files(pair: tuple[Path, Path, Path]) -> None:
    """sync defines the driver in the clone's config and merges through it, even when the
    repository's .gitattributes is an old one that says nothing about merging."""
    _remote, ana, sam = pair
    assert run(sam, "sync").exit_code == EXIT_OK
    driver = git(sam, "config", "--local", "merge.mentorlog.driver").strip()
    assert driver.endswith("-m mentorlog merge-file %O %A %B %P")
    (ana / ".gitattributes").write_text("*.ics text eol=crlf\n")
    edit(ana, "Line one.\n", "Line one by Ana.\n")
    edit(sam, "Line one.\n", "Line one by Sam.\n")
    assert run(ana, "sync").exit_code == EXIT_OK
    assert run(sam, "sync").exit_code == EXIT_FINDINGS
    # only the mentorlog driver writes version comments: git's own merge cannot
    assert run(sam, "sync", "--keep-both").exit_code == EXIT_OK
    assert "<!-- mentorlog: Sam Lee's version -->" in (sam / MEETING).read_text()
    assert (sam / ".gitattributes").read_text() == "*.ics text eol=crlf\n"


def test_the_demo_routes_files_to_the_driver_like_init(tmp_path: Path) -> None:
    """A demo cloned by a second person merges the way init's partnership does."""
    demo = tmp_path / "demo"
    assert mentorlog(["demo", str(demo)], today=TODAY).exit_code == EXIT_OK
    assert (
        (demo / ".gitattributes")
        .read_text(encoding="utf-8")
        .endswith("*.md merge=mentorlog\nschedule.ics merge=mentorlog\n")
    )
    assert ".gitattributes" in git(demo, "show", "--name-only", "--format=", "HEAD").split()
    assert git(demo, "status", "--porcelain") == ""
    driver = git(demo, "config", "--local", "merge.mentorlog.driver").strip()
    assert driver.endswith(" -m mentorlog merge-file %O %A %B %P")


def test_a_symbolic_link_is_never_committed(pair: tuple[Path, Path, Path]) -> None:
    remote, ana, _sam = pair
    (ana / "private").mkdir(exist_ok=True)
    (ana / "private" / "diary.md").write_text("Secret.\n")
    (ana / "meetings" / "2026-12-29.md").symlink_to("../private/diary.md")
    head, before = git(ana, "rev-parse", "HEAD"), git(remote, "rev-parse", "main")
    out = run(ana, "sync")
    assert out.exit_code == EXIT_USAGE
    assert out.output.endswith(  # (a note about the calendar may come first)
        "mentorlog: will not commit meetings/2026-12-29.md: it is a symbolic link, and "
        "mentorlog never shares links; put the file itself there (or delete the link), then "
        "run mentorlog sync again; nothing was shared\n"
    )
    assert git(ana, "rev-parse", "HEAD") == head
    assert git(remote, "rev-parse", "main") == before
    # a refusal is not an interruption: the next sync just syncs
    (ana / "meetings" / "2026-12-29.md").unlink()
    again = run(ana, "sync")
    assert again.exit_code == EXIT_OK, again.output
    assert "interrupted" not in again.output
    assert not (ana / ".git" / "mentorlog" / "sync.json").exists()


def test_a_link_or_private_file_committed_by_hand_is_not_pushed(
    pair: tuple[Path, Path, Path],
) -> None:
    remote, ana, _sam = pair
    before = git(remote, "rev-parse", "main")
    (ana / "goals").mkdir(exist_ok=True)
    (ana / "goals" / "01-x.md").symlink_to("../agreement.md")
    git(ana, "add", "goals/01-x.md")
    git(ana, "commit", "-q", "-m", "a link")
    out = run(ana, "sync")
    assert out.exit_code == EXIT_USAGE
    commit = git(ana, "rev-parse", "--short=7", "HEAD").strip()
    assert out.output.startswith(
        f"mentorlog: will not push: commit {commit} adds goals/01-x.md (a symbolic link: "
        "mentorlog never shares links)"
    )
    assert git(remote, "rev-parse", "main") == before


def test_a_hook_that_sweeps_private_files_into_the_commit_is_undone(
    pair: tuple[Path, Path, Path],
) -> None:
    remote, ana, _sam = pair
    (ana / "private").mkdir(exist_ok=True)
    (ana / "private" / "diary.md").write_text("Secret.\n")
    hook = ana / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\ngit add -f private/diary.md\n")
    hook.chmod(0o755)
    head, before = git(ana, "rev-parse", "HEAD"), git(remote, "rev-parse", "main")
    edit(ana, "Line one.\n", "Line one, edited.\n")
    out = run(ana, "sync")
    assert out.exit_code == EXIT_USAGE
    assert out.output.startswith(
        "mentorlog: a git hook added other files to mentorlog's commit (private/diary.md); "
        "the commit is undone"
    )
    assert git(ana, "rev-parse", "HEAD") == head
    assert git(remote, "rev-parse", "main") == before
    assert "Line one, edited." in (ana / MEETING).read_text()


def test_a_link_the_partner_pushed_is_never_made_here(pair: tuple[Path, Path, Path]) -> None:
    """A template override committed as a link into private/ (with plain git) must not
    become a link in the other clone, through which mentorlog would read private text."""
    _remote, ana, sam = pair
    templates = ana / ".mentorlog" / "templates"
    templates.mkdir(parents=True)
    (templates / "checkin.md").symlink_to("../../private/journal/2026-12-01.md")
    git(ana, "add", ".mentorlog/templates/checkin.md")
    git(ana, "commit", "-q", "-m", "a link, by hand")
    git(ana, "push", "-q", "origin", "main")
    out = run(sam, "sync")
    assert out.exit_code == EXIT_OK, out.output
    link = sam / ".mentorlog" / "templates" / "checkin.md"
    assert not link.is_symlink() and not link.exists()


def test_files_git_converts_on_checkout_are_updated_as_git_would(
    pair: tuple[Path, Path, Path],
) -> None:
    """`*.md text eol=crlf`: the blob has LF, the file CRLF; sync compares and writes the
    file's form (it crashed on git's misreported size of converted content)."""
    remote, ana, sam = pair
    one, two = ana, sam
    (one / ".gitattributes").write_text("*.md text eol=crlf\n")
    crlf = BASE.replace("\n", "\r\n").replace("Line one.", "Line one, in CRLF.")
    (one / MEETING).write_bytes(crlf.encode())
    assert run(one, "sync").exit_code == EXIT_OK
    assert run(two, "sync").exit_code == EXIT_OK  # a fast-forward that converts the file
    (two / "meetings" / "2026-12-29.md").write_bytes(b"---\r\ndate: 2026-12-29\r\n---\r\n")
    (one / MEETING).write_bytes(crlf.replace("Line two.", "Line two, too.").encode())
    assert run(one, "sync").exit_code == EXIT_OK
    out = run(two, "sync")  # a merge, then the same conversion
    assert out.exit_code == EXIT_OK, out.output
    assert "Kept" not in out.output
    assert run(one, "sync").exit_code == EXIT_OK
    expected = crlf.replace("Line two.", "Line two, too.").encode()
    for clone in (ana, sam):
        assert (clone / MEETING).read_bytes() == expected
        assert git(clone, "status", "--porcelain") == ""
    assert git(ana, "rev-parse", "HEAD") == git(sam, "rev-parse", "HEAD")
    assert git(remote, "rev-parse", "main") == git(ana, "rev-parse", "HEAD")


def test_a_git_without_merge_tree_write_tree_is_named(
    pair: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git before 2.38 has no `merge-tree --write-tree`: one clear line, nothing changed."""
    _remote, ana, sam = pair
    edit(ana, "Line one.\n", "Line one by Ana.\n")
    assert run(ana, "sync").exit_code == EXIT_OK
    (sam / "meetings" / "2026-12-29.md").write_text("Sam.\n")
    real = shutil.which("git")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text(
        '#!/bin/sh\nfor a in "$@"; do [ "$a" = merge-tree ] && '
        "{ echo 'error: unknown option' >&2; exit 129; }; done\n"
        f'exec {real} "$@"\n'
    )
    (fake / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    out = run(sam, "sync")
    monkeypatch.undo()
    assert out.exit_code == EXIT_USAGE
    assert out.output.startswith(
        "mentorlog: sync needs git 2.38 or newer (for git merge-tree --write-tree); this is "
    )
    assert (sam / MEETING).read_text(encoding="utf-8") == BASE
    assert git(sam, "status", "--porcelain") == ""
