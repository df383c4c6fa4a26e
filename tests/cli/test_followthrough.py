"""Refs, filters, carry-over rules and refusals of actions / done / reopen / new-meeting."""

# The fixture `run` comes from the scenario module.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from item_fixtures import INIT, Run, changed_lines, git

from mentorlog.errors import EXIT_OK, EXIT_USAGE, BadFile, FileChanged, UnknownRef
from mentorlog.rules import carry, followthrough
from mentorlog.store import files, reading
from mentorlog.text import item_edits, items


def meeting(status: str = "held") -> str:
    return f"---\nstatus: {status}\n---\n\n## Follow-through\n\n"


@pytest.fixture
def root(tmp_path: Path, run: Run) -> Path:
    """A partnership with two held meetings and a cancelled one, committed."""
    root = tmp_path / "p"
    assert run("init", str(root), *INIT, today="2026-11-21").exit_code == 0
    (root / "meetings" / "2026-12-01.md").write_text(
        meeting()
        + "- [ ] @mentee Draft the charter due:2026-12-10\n"
        + "- [ ] @mentor Send the article id:abc1\n"
        + "- [ ] @priya Review the plan due:2026-12-30\n",
        encoding="utf-8",
    )
    (root / "meetings" / "2026-12-15.md").write_text(
        meeting("cancelled") + "- [ ] @sam Introduce Ana to Priya id:abc2 due:2026-12-12\n",
        encoding="utf-8",
    )
    (root / "meetings" / "2026-12-29.md").write_text(
        meeting() + "- [x] @ana Read the book done:2026-12-20\n- [ ] @ana Later item\n",
        encoding="utf-8",
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "by hand")
    return root


def refs(run: Run, root: Path, *args: str, today: str = "2026-12-20") -> list[str]:
    r = run("-C", str(root), "actions", "--json", *args, today=today)
    assert r.exit_code == EXIT_OK, r.output
    return [d["ref"] for d in json.loads(r.output)]


def test_actions_filters(run: Run, root: Path) -> None:
    # sorted by due date, no due date last; refs without an id are derived from owner and text
    assert refs(run, root) == ["v69u", "abc2", "ykdr", "abc1", "sah0"]
    assert refs(run, root, "--overdue") == ["v69u", "abc2"]
    assert refs(run, root, "--owner", "mentor") == ["abc2", "abc1"]
    assert refs(run, root, "--owner", "sam") == ["abc2", "abc1"]
    assert refs(run, root, "--owner", "@Ana") == ["v69u", "sah0"]
    assert refs(run, root, "--owner", "unassigned") == ["ykdr"]  # @priya is nobody
    assert refs(run, root, "--done") == ["asmr"]
    assert len(refs(run, root, "--all")) == 6
    assert refs(run, root, "--overdue", "--owner", "mentor") == ["abc2"]
    r = run("-C", str(root), "actions", "--owner", "boss", today="2026-12-20")
    assert r.exit_code == EXIT_USAGE
    assert "--owner 'boss' is not mentee, mentor, unassigned or a first name" in r.output
    r = run("-C", str(root), "actions", "--overdue", "--done", today="2026-12-20")
    assert r.exit_code == EXIT_USAGE


def test_actions_text_marks_overdue(run: Run, root: Path) -> None:
    r = run("-C", str(root), "actions", today="2026-12-20")
    lines = r.output.splitlines()
    assert lines[1].split()[:6] == ["v69u", "mentee", "2026-12-10", "OVERDUE", "10d", "19d"]
    assert lines[1].endswith("meetings/2026-12-01.md:7  Draft the charter")
    assert lines[-1] == "5 items: 5 open, 2 overdue"
    r = run("-C", str(root), "actions", "--done", "--owner", "mentor", today="2026-12-20")
    assert r.output == "No done items.\n"


def test_done_by_position_and_by_prefix_and_errors(run: Run, root: Path) -> None:
    c = ("-C", str(root))
    m1 = root / "meetings" / "2026-12-01.md"
    before = m1.read_bytes()
    r = run(*c, "done", "2026-12-01#1", "--on", "2026-12-19", today="2026-12-20")
    assert r.exit_code == EXIT_OK, r.output
    assert m1.read_bytes() == before.replace(
        b"- [ ] @mentee Draft the charter due:2026-12-10\n",
        b"- [x] @mentee Draft the charter due:2026-12-10 done:2026-12-19\n",
    )
    assert git(root, "log", "-1", "--format=%s").strip() == "mentorlog: done v69u"

    # ambiguous: abc matches abc1 and abc2; the candidates are listed
    r = run(*c, "done", "abc", today="2026-12-20")
    assert r.exit_code == EXIT_USAGE
    assert "the ref 'abc' is ambiguous: it starts 2 item refs: abc1 (Send the article); " in (
        r.output
    )
    assert "abc2 (Introduce Ana to Priya)" in r.output
    # too short to be a prefix; unknown; a position past the end
    for ref, message in [
        ("ab", "no item has the ref 'ab'"),
        ("zzzz", "no item has the ref 'zzzz'"),
        ("2026-12-01#4", "no item 2026-12-01#4: meetings/2026-12-01.md has 3 task items"),
        ("2027-01-01#1", "no item 2027-01-01#1: no meeting or goal file named 2027-01-01.md"),
    ]:
        r = run(*c, "done", ref, today="2026-12-20")
        assert r.exit_code == EXIT_USAGE, ref
        assert message in r.output, (ref, r.output)
    # nothing was written by the failed commands
    assert git(root, "status", "--porcelain") == ""

    # several refs in one command, one commit; an item from a cancelled meeting
    r = run(*c, "done", "abc1", "ABC2", today="2026-12-20")
    assert r.exit_code == EXIT_OK, r.output
    assert git(root, "log", "-1", "--format=%s").strip() == "mentorlog: done abc1, abc2"
    assert sorted(git(root, "show", "--name-only", "--format=", "HEAD").split()) == [
        "meetings/2026-12-01.md",
        "meetings/2026-12-15.md",
    ]
    # done again: nothing changes, no commit
    head = git(root, "rev-parse", "HEAD")
    r = run(*c, "done", "abc1", today="2026-12-21")
    assert r.exit_code == EXIT_OK
    assert "abc1 is done already; nothing changed" in r.output
    assert git(root, "rev-parse", "HEAD") == head

    # reopen removes done: and unticks
    r = run(*c, "reopen", "abc1", today="2026-12-21")
    assert r.exit_code == EXIT_OK, r.output
    assert changed_lines(root, "show", "--format=", "HEAD") == [
        "-- [x] @mentor Send the article id:abc1 done:2026-12-20",
        "+- [ ] @mentor Send the article id:abc1",
    ]


def test_done_refuses_when_a_copy_is_in_a_file_that_cannot_be_parsed(run: Run, root: Path) -> None:
    broken = root / "meetings" / "2027-01-12.md"
    broken.write_text("---\nstatus: [held\n---\n- [ ] @mentor Send the article id:abc1\n", "utf-8")
    before = (root / "meetings" / "2026-12-01.md").read_bytes()
    r = run("-C", str(root), "done", "abc1", today="2026-12-20")
    assert r.exit_code == EXIT_USAGE
    assert "meetings/2027-01-12.md: holds a copy of abc1 but cannot be parsed" in r.output
    assert (root / "meetings" / "2026-12-01.md").read_bytes() == before
    r = run("-C", str(root), "done", "2027-01-12#1", today="2026-12-20")
    assert r.exit_code == EXIT_USAGE
    assert "meetings/2027-01-12.md: cannot be parsed, so 2027-01-12#1 cannot be found" in r.output


def test_new_meeting_carries_from_all_earlier_meetings_only(run: Run, root: Path) -> None:
    # an extra meeting between: carries from 12-01 and the cancelled 12-15, not from 12-29
    m1 = root / "meetings" / "2026-12-01.md"
    m1.write_bytes(b"\xef\xbb\xbf" + m1.read_bytes().replace(b"\n", b"\r\n"))  # BOM + CRLF
    git(root, "commit", "-q", "-am", "bom")
    before = m1.read_bytes()
    r = run("-C", str(root), "new-meeting", "2026-12-22", today="2026-12-20")
    assert r.exit_code == EXIT_OK, r.output
    text = (root / "meetings" / "2026-12-22.md").read_text(encoding="utf-8")
    carried = [ln for ln in text.splitlines() if ln.startswith("- [")]
    p = reading.load(root)
    tasks = followthrough.collect(p)
    charter = followthrough.find(tasks, "2026-12-01#1").id
    review = followthrough.find(tasks, "2026-12-01#3").id
    assert charter and review and charter != review
    assert carried == [
        f"- [ ] @mentee Draft the charter due:2026-12-10 id:{charter} from:2026-12-01",
        "- [ ] @mentor Send the article id:abc1 from:2026-12-01",
        f"- [ ] @priya Review the plan due:2026-12-30 id:{review} from:2026-12-01",
        "- [ ] @sam Introduce Ana to Priya id:abc2 due:2026-12-12 from:2026-12-15",
    ]
    assert m1.read_bytes() == before.replace(
        b"due:2026-12-10\r\n", f"due:2026-12-10 id:{charter}\r\n".encode()
    ).replace(b"due:2026-12-30\r\n", f"due:2026-12-30 id:{review}\r\n".encode())
    assert m1.read_bytes().startswith(b"\xef\xbb\xbf")
    # the cancelled meeting's file already had its id: untouched, not committed
    assert sorted(git(root, "show", "--name-only", "--format=", "HEAD").split()) == [
        "meetings/2026-12-01.md",
        "meetings/2026-12-22.md",
        "schedule.ics",
    ]


def test_new_meeting_writes_nothing_when_an_older_file_cannot_be_changed(
    run: Run, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def changed(*args: object) -> None:
        raise FileChanged("changed on disk", path="meetings/2026-12-01.md")

    monkeypatch.setattr(files, "replace_many", changed)
    before = (root / "meetings" / "2026-12-01.md").read_bytes()
    r = run("-C", str(root), "new-meeting", "2027-01-12", today="2026-12-20")
    assert r.exit_code == EXIT_USAGE
    assert not (root / "meetings" / "2027-01-12.md").exists()
    assert (root / "meetings" / "2026-12-01.md").read_bytes() == before


def test_plan_line_edits_refuses_a_stale_line(root: Path) -> None:
    owners = items.owner_map("Ana Ruiz", "Sam Lee")
    edit = item_edits.LineEdit(7, "@mentee Draft the charter", item_edits.line_mark_open)
    with pytest.raises(FileChanged):
        files.plan_line_edits(root, {"meetings/2026-12-01.md": [edit]}, owners)


def test_replace_many_is_all_or_nothing(tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_bytes(b"a\n")
    b.write_bytes(b"b\n")
    with pytest.raises(FileChanged):
        files.replace_many([(a, b"a\n", b"A\n", "a.md"), (b, b"old\n", b"B\n", "b.md")])
    assert (a.read_bytes(), b.read_bytes()) == (b"a\n", b"b\n")
    files.replace_many([(a, b"a\n", b"A\n", "a.md"), (b, b"b\n", b"B\n", "b.md")])
    assert (a.read_bytes(), b.read_bytes()) == (b"A\n", b"B\n")


def test_ids_are_stable_and_unique() -> None:
    taken = {carry.make_id("seed", set())}
    first = carry.make_id("seed", set())
    assert first == next(iter(taken))
    second = carry.make_id("seed", taken)
    assert second != first
    for value in (first, second):
        assert len(value) == 4 and value[0].isalpha() and value.isalnum() and value.islower()


def test_find_prefers_an_exact_id(root: Path) -> None:
    p = reading.load(root)
    tasks = followthrough.collect(p)
    assert followthrough.find(tasks, "abc1").id == "abc1"
    assert followthrough.find(tasks, "id:abc2").id == "abc2"
    assert followthrough.find(tasks, "meetings/2026-12-15.md#1").id == "abc2"
    with pytest.raises(UnknownRef):
        followthrough.find(tasks, "abc")
    assert followthrough.select(tasks, dt.date(2026, 12, 20), "open", "mentee", True)[0].ref == (
        "v69u"
    )
    assert followthrough.find(tasks, "v69u").origin.line == 7
    assert followthrough.find(tasks, "2026-12-01#1").ref == "v69u"


def test_goal_activities_are_listed_and_ticked_but_never_carried(run: Run, root: Path) -> None:
    goal = root / "goals" / "01-lead.md"
    goal.write_text(
        "---\ntitle: Lead\n---\n\n- [ ] @mentee Shadow a planning meeting #others due:2027-01-10\n",
        encoding="utf-8",
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "goal")
    r = run("-C", str(root), "actions", "--json", "--owner", "mentee", today="2026-12-20")
    goal_rows = [d for d in json.loads(r.output) if d["source"] == "goal"]
    assert [(d["ref"], d["from"], d["age"], d["tags"]) for d in goal_rows] == [
        ("l80t", None, None, ["others"])
    ]
    r = run("-C", str(root), "done", "01#1", today="2026-12-20")  # NN#n names the goal's item
    assert r.exit_code == EXIT_OK, r.output
    assert goal.read_text(encoding="utf-8").endswith(
        "- [x] @mentee Shadow a planning meeting #others due:2027-01-10 done:2026-12-20\n"
    )
    r = run("-C", str(root), "reopen", "01-lead#1", today="2026-12-20")
    r = run("-C", str(root), "new-meeting", "2027-01-12", today="2026-12-20")
    assert r.exit_code == EXIT_OK, r.output
    text = (root / "meetings" / "2027-01-12.md").read_text(encoding="utf-8")
    assert "next: @mentee Shadow" in text  # in the agenda, not as an item
    assert "- [ ] @mentee Shadow" not in text


def test_new_meeting_warns_about_a_meeting_it_cannot_read(run: Run, root: Path) -> None:
    (root / "meetings" / "2026-12-08.md").write_text("---\nstatus: [held\n---\n", "utf-8")
    r = run("-C", str(root), "new-meeting", "2027-01-12", today="2026-12-20")
    assert r.exit_code == EXIT_OK, r.output
    assert (
        "mentorlog: warning: meetings/2026-12-08.md cannot be parsed; "
        "its open items were not carried"
    ) in r.output


def test_plan_line_edits_refuses_a_file_that_cannot_be_parsed(root: Path) -> None:
    owners = items.owner_map("Ana Ruiz", "Sam Lee")
    m1 = root / "meetings" / "2026-12-01.md"
    m1.write_text(m1.read_text(encoding="utf-8").replace("status: held", "status: [held"), "utf-8")
    edit = item_edits.LineEdit(
        7, "@mentee Draft the charter due:2026-12-10", item_edits.line_mark_open
    )
    with pytest.raises(BadFile, match="cannot be parsed .*; fix it first, nothing was written"):
        files.plan_line_edits(root, {"meetings/2026-12-01.md": [edit]}, owners)


def test_text_level_edits() -> None:
    text = "intro\r\n- [ ] A due:2026-12-01\r\n"

    def edit(text: str, change: Callable[[str], str]) -> str:
        return item_edits.edit_lines_bytes(text.encode(), [(2, change)]).decode()

    done = edit(text, lambda line: item_edits.line_mark_done(line, dt.date(2026, 12, 3)))
    assert done == "intro\r\n- [x] A due:2026-12-01 done:2026-12-03\r\n"
    assert edit(done, item_edits.line_mark_open) == text
    no_due = edit(text, lambda line: item_edits.line_remove_token(line, "due"))
    assert no_due == "intro\r\n- [ ] A\r\n"


def test_a_goal_activity_copied_into_a_meeting_stays_a_learning_activity(
    run: Run, root: Path
) -> None:
    # a partner pastes a goal's activity (with its id) into a meeting: it is still
    # the goal's activity (listed from the goal, counted under it, never carried)
    (root / "goals" / "01-lead.md").write_text(
        "---\ntitle: Lead\n---\n\n- [ ] @mentee Shadow a planning meeting due:2027-01-10 id:gx01\n",
        encoding="utf-8",
    )
    with (root / "meetings" / "2026-12-15.md").open("a", encoding="utf-8") as f:
        f.write("- [ ] @mentee Shadow a planning meeting due:2027-01-10 id:gx01\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "goal")
    r = run("-C", str(root), "actions", "--json", today="2026-12-20")
    [row] = [d for d in json.loads(r.output) if d["id"] == "gx01"]
    assert (row["source"], row["file"], row["from"]) == ("goal", "goals/01-lead.md", None)
    p = reading.load(root)
    task = followthrough.find(followthrough.collect(p), "gx01")
    assert task.source == "goal"
    assert "gx01" not in "\n".join(carry.plan_carry(p, dt.date(2027, 1, 12)).lines)


def test_actions_table_fits_a_narrow_terminal() -> None:
    import datetime as dt

    from mentorlog.cli.actions import table
    from mentorlog.model import Item
    from mentorlog.rules.followthrough import make_task

    item = Item(
        file="goals/03-build-a-network-beyond-my-team.md",
        line=37,
        index=1,
        checked=False,
        text="@mentee Give a lightning talk at the architecture guild about the migration",
        description="Give a lightning talk at the architecture guild about the migration",
        owner="mentee",
        owner_token="@mentee",
        due=dt.date(2027, 1, 2),
    )
    tasks = [make_task([item])]
    today = dt.date(2026, 11, 21)
    full = table(tasks, today)
    assert "goals/03-build-a-network-beyond-my-team.md:37" in full[1]
    assert full[1].endswith("about the migration")
    assert table(tasks, today, width=200) == full  # wide enough: unchanged
    narrow = table(tasks, today, width=100)
    assert all(len(line) <= 100 for line in narrow)
    assert "ORIGIN" not in narrow[0] and ".md:37" not in narrow[1]
    assert narrow[1].startswith("03-build-a-network-beyond-my-team#1")  # the ref stays whole
    assert narrow[1].endswith("…")
