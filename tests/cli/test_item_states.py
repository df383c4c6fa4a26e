"""Issue 15: dropped items, handing items over, refs that never move, Obsidian style kept."""

# The fixture `run` comes from the scenario module.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from item_fixtures import INIT, Run, changed_lines, git

from mentorlog.errors import EXIT_OK, EXIT_USAGE

HEAD = "---\nstatus: held\n---\n\n## Follow-through\n\n"


@pytest.fixture
def root(tmp_path: Path, run: Run) -> Path:
    """A partnership with one held meeting of three items, committed."""
    root = tmp_path / "p"
    assert run("init", str(root), *INIT, today="2026-11-21").exit_code == 0
    (root / "meetings" / "2026-12-01.md").write_text(
        HEAD
        + "- [ ] @mentee Draft the charter due:2026-12-10\n"
        + "- [ ] @sam Introduce Ana to Priya \U0001f4c5 2026-12-12\n"
        + "- [ ] @ana Book a room\n",
        encoding="utf-8",
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "by hand")
    return root


def rows(run: Run, root: Path, *args: str, today: str = "2026-12-20") -> list[dict[str, object]]:
    r = run("-C", str(root), "actions", "--json", *args, today=today)
    assert r.exit_code == EXIT_OK, r.output
    data: list[dict[str, object]] = json.loads(r.output)
    return data


def ref_of(run: Run, root: Path, words: str) -> str:
    found = [r["ref"] for r in rows(run, root, "--all") if r["text"] == words]
    assert len(found) == 1, found
    return str(found[0])


# ------------------------------------------------------------------ drop


def test_drop_marks_every_copy_and_the_item_is_neither_open_nor_carried(
    run: Run, root: Path
) -> None:
    c = ("-C", str(root))
    charter = ref_of(run, root, "Draft the charter")
    assert run(*c, "new-meeting", "2026-12-15", today="2026-12-14").exit_code == 0
    m1, m2 = root / "meetings" / "2026-12-01.md", root / "meetings" / "2026-12-15.md"
    before1, before2 = m1.read_bytes(), m2.read_bytes()
    r = run(*c, "drop", charter, "--on", "2026-12-16", today="2026-12-20")
    assert r.exit_code == EXIT_OK, r.output
    assert r.output.startswith(f"Dropped {charter}: Draft the charter (")
    old = f"- [ ] @mentee Draft the charter due:2026-12-10 id:{charter}"
    assert m1.read_bytes() == before1.replace(
        old.encode(),
        f"- [-] @mentee Draft the charter due:2026-12-10 id:{charter} dropped:2026-12-16".encode(),
    )
    assert m2.read_bytes() == before2.replace(
        f"{old} from:2026-12-01".encode(),
        f"- [-] @mentee Draft the charter due:2026-12-10 id:{charter} from:2026-12-01 "
        "dropped:2026-12-16".encode(),
    )
    assert git(root, "log", "-1", "--format=%s").strip() == f"mentorlog: drop {charter}"
    # not open, never overdue (its due date is long past), listed with --dropped
    assert charter not in [r["ref"] for r in rows(run, root)]
    assert charter not in [r["ref"] for r in rows(run, root, "--overdue")]
    (dropped,) = rows(run, root, "--dropped")
    assert (dropped["ref"], dropped["status"], dropped["dropped"], dropped["overdue"]) == (
        charter,
        "dropped",
        "2026-12-16",
        False,
    )
    text = run(*c, "actions", "--dropped", today="2026-12-20").output
    assert "dropped 2026-12-16" in text and text.endswith("1 item: 0 open, 0 overdue, 1 dropped\n")
    # the next meeting does not carry it
    assert run(*c, "new-meeting", "2026-12-29", today="2026-12-20").exit_code == 0
    m3 = (root / "meetings" / "2026-12-29.md").read_text(encoding="utf-8")
    assert "Draft the charter" not in m3 and "Book a room" in m3
    # dropping again changes nothing; reopen takes it back on every copy
    r = run(*c, "drop", charter, today="2026-12-21")
    assert f"{charter} is dropped already; nothing changed" in r.output
    assert run(*c, "reopen", charter, today="2026-12-21").exit_code == EXIT_OK
    assert m1.read_bytes() == before1
    assert charter in [r["ref"] for r in rows(run, root)]


def test_obsidian_style_is_kept_and_read(run: Run, root: Path) -> None:
    c = ("-C", str(root))
    intro = ref_of(run, root, "Introduce Ana to Priya")
    m1 = root / "meetings" / "2026-12-01.md"
    assert run(*c, "drop", intro, "--on", "2026-12-11", today="2026-12-20").exit_code == 0
    assert changed_lines(root, "show", "--format=", "HEAD") == [
        "-- [ ] @sam Introduce Ana to Priya \U0001f4c5 2026-12-12",
        "+- [-] @sam Introduce Ana to Priya \U0001f4c5 2026-12-12 \u274c 2026-12-11",
    ]
    (row,) = rows(run, root, "--dropped")
    assert (row["ref"], row["dropped"]) == (intro, "2026-12-11")  # ❌ read as dropped:
    assert run(*c, "done", intro, "--on", "2026-12-13", today="2026-12-20").exit_code == 0
    assert "- [x] @sam Introduce Ana to Priya \U0001f4c5 2026-12-12 \u2705 2026-12-13\n" in (
        m1.read_text(encoding="utf-8")
    )


def test_reviews_and_status_count_dropped_items_per_owner(run: Run, root: Path) -> None:
    c = ("-C", str(root))
    room = ref_of(run, root, "Book a room")
    assert run(*c, "drop", room, today="2026-12-20").exit_code == 0
    status = json.loads(run(*c, "status", "--json", today="2026-12-20").output)
    assert status["items"]["mentee"] == {"open": 1, "overdue": 1, "done": 0, "dropped": 1}
    assert status["items"]["mentor"] == {"open": 1, "overdue": 1, "done": 0, "dropped": 0}
    text = run(*c, "status", today="2026-12-20").output
    assert "Items:                open  overdue  done  dropped\n" in text
    assert "        Ana (mentee)     1        1     0        1\n" in text
    r = run(*c, "review", "checkup", today="2027-02-20")
    assert r.exit_code == EXIT_OK, r.output
    review = (root / "reviews" / "checkup.md").read_text(encoding="utf-8")
    assert "| owner | created | done | open | overdue | dropped | done on time |" in review
    assert "| Ana (mentee) | 2 | 0 | 1 | 1 | 1 | 0 | – |" in review
    assert "| Sam (mentor) | 1 | 0 | 1 | 1 | 0 | 0 | – |" in review


# ---------------------------------------------------------------- assign


def test_assign_hands_every_copy_over_and_keeps_the_ref(run: Run, root: Path) -> None:
    c = ("-C", str(root))
    m1 = root / "meetings" / "2026-12-01.md"
    m1.write_bytes(m1.read_bytes().replace(b"\n", b"\r\n"))  # CRLF stays CRLF
    git(root, "commit", "-q", "-am", "crlf")
    room = ref_of(run, root, "Book a room")
    before = m1.read_bytes()
    r = run(*c, "assign", room, "Sam", today="2026-12-20")
    assert r.exit_code == EXIT_OK, r.output
    assert r.output.startswith(f"Assigned {room} to @sam (mentor): Book a room")
    assert m1.read_bytes() == before.replace(
        b"- [ ] @ana Book a room\r\n", f"- [ ] @sam Book a room id:{room}\r\n".encode()
    )
    assert git(root, "log", "-1", "--format=%s").strip() == f"mentorlog: assign {room} to @sam"
    (row,) = [r for r in rows(run, root) if r["ref"] == room]  # same ref, new owner
    assert row["owner"] == "mentor"
    # carried copies are all handed over
    assert run(*c, "new-meeting", "2026-12-15", today="2026-12-14").exit_code == 0
    assert run(*c, "assign", room, "mentee", today="2026-12-20").exit_code == EXIT_OK
    for name in ("2026-12-01.md", "2026-12-15.md"):
        text = (root / "meetings" / name).read_text(encoding="utf-8")
        assert f"- [ ] @mentee Book a room id:{room}" in text, name
    # an owner that is nobody, an unknown ref: exit 2, nothing written; the same owner: nothing
    head = git(root, "rev-parse", "HEAD")
    r = run(*c, "assign", room, "@Mentee", today="2026-12-20")
    assert r.output == f"{room} is @mentee's already; nothing changed\n"
    for args, message in (
        ((room, "priya"), "OWNER 'priya' is not mentee, mentor or a first name"),
        (("zzzz", "mentor"), "no item has the ref 'zzzz'"),
    ):
        r = run(*c, "assign", *args, today="2026-12-20")
        assert r.exit_code == EXIT_USAGE and message in r.output, r.output
    assert git(root, "rev-parse", "HEAD") == head and git(root, "status", "--porcelain") == ""


# ------------------------------------------------------------------ refs


def test_refs_do_not_move_when_lines_are_added_above_or_reordered(run: Run, root: Path) -> None:
    c = ("-C", str(root))
    m1 = root / "meetings" / "2026-12-01.md"
    before = {r["text"]: r["ref"] for r in rows(run, root, "--all")}
    table = run(*c, "actions", today="2026-12-20").output
    shown = {line.split()[0] for line in table.splitlines()[1:-2]}
    assert shown == set(before.values())
    assert all(len(str(ref)) >= 4 and str(ref).isalnum() for ref in before.values())
    # the partner adds items and prose above, and the lines are reordered
    lines = m1.read_text(encoding="utf-8").split("\n")
    start = lines.index("## Follow-through") + 2
    old_items = lines[start : start + 3]
    lines[start : start + 3] = [
        "A note first.",
        "- [ ] @mentor Share the slides due:2026-12-18",
        "- [ ] @mentee Read the book",
        *reversed(old_items),
    ]
    m1.write_text("\n".join(lines), encoding="utf-8")
    after = {r["text"]: r["ref"] for r in rows(run, root, "--all")}
    assert {k: after[k] for k in before} == before
    assert len(set(after.values())) == 5
    table = run(*c, "actions", today="2026-12-20").output
    for words, ref in before.items():
        (line,) = [ln for ln in table.splitlines() if ln.endswith(str(words))]
        assert line.split()[0] == ref
    # DATE#n still names the n-th item as the file is now
    r = run(*c, "done", "2026-12-01#2", today="2026-12-20")
    assert r.exit_code == EXIT_OK and r.output.startswith(f"Done {after['Read the book']}:")
    # carried, an item keeps its ref: it becomes its id
    charter = before["Draft the charter"]
    assert run(*c, "new-meeting", "2026-12-15", today="2026-12-14").exit_code == 0
    assert f"id:{charter} from:2026-12-01" in (root / "meetings" / "2026-12-15.md").read_text(
        encoding="utf-8"
    )
    assert {r["text"]: r["ref"] for r in rows(run, root, "--all")}["Draft the charter"] == charter


def test_goal_activities_take_nn_refs(run: Run, root: Path) -> None:
    goal = root / "goals" / "03-build-a-network-beyond-my-team.md"
    goal.write_text(
        "---\ntitle: Build a network\n---\n\n"
        "- [ ] @mentee Go to the meetup #others due:2027-01-10\n"
        "- [ ] @mentee Ask Priya for lunch #doing due:2027-01-20\n"
        "- [ ] @mentee Write to three people #stretch due:2027-01-30\n",
        encoding="utf-8",
    )
    c = ("-C", str(root))
    r = run(*c, "done", "03#3", today="2026-12-20")
    assert r.exit_code == EXIT_OK, r.output
    assert "- [x] @mentee Write to three people #stretch due:2027-01-30 done:2026-12-20" in (
        goal.read_text(encoding="utf-8")
    )
    assert run(*c, "drop", "3#1", today="2026-12-20").exit_code == EXIT_OK  # 3 = 03
    r = run(*c, "done", "04#1", today="2026-12-20")
    assert r.exit_code == EXIT_USAGE and "no goal or meeting file" not in r.output
    assert "04.md" in r.output
    # goal check: a dropped activity needs no due date or kind, and is no activity
    goal.write_text(
        goal.read_text(encoding="utf-8") + "- [-] @mentee Someday, maybe\n", encoding="utf-8"
    )
    r = run(*c, "goal", "check", today="2026-12-20")
    assert "Someday" not in r.output and ":8:" not in r.output, r.output
    listed = json.loads(run(*c, "goal", "list", "--json", today="2026-12-20").output)
    assert listed[0]["activities"]["total"] == 2 and listed[0]["activities"]["dropped"] == 2
    assert listed[0]["next_activity"]["ref"] == ref_of(run, root, "Ask Priya for lunch")


# ---------------------------------------------------------------- agendas


def test_text_copied_into_an_agenda_never_becomes_an_item() -> None:
    from mentorlog.text.items import not_a_task

    assert not_a_task("- [-] dropped") == "- \\[-] dropped"
    assert not_a_task("  * [x] done") == "  * \\[x] done"


def test_agenda_marks_overdue_carried_items_and_brings_the_change_answer(
    run: Run, root: Path
) -> None:
    m1 = root / "meetings" / "2026-12-01.md"
    m1.write_text(
        m1.read_text(encoding="utf-8")
        + "\n## Check-in\n\n### What should change for next time?\n\n"
        + "Start on time.\n- [ ] @mentee phone off\n",
        encoding="utf-8",
    )
    git(root, "commit", "-q", "-am", "check-in")
    r = run("-C", str(root), "new-meeting", "2026-12-15", today="2026-12-11")
    assert r.exit_code == EXIT_OK, r.output
    text = (root / "meetings" / "2026-12-15.md").read_text(encoding="utf-8")
    agenda = text[text.index("## Agenda") : text.index("## Follow-through from")]
    assert "2 are overdue: finish, hand over (`mentorlog assign REF OWNER`) or drop" in agenda
    assert (
        "- **What we said should change** (check-in of 2026-12-01):\n"
        "  > Start on time.\n"
        "  > - \\[ ] @mentee phone off\n"
    ) in agenda
    carried = text[text.index("## Follow-through from") : text.index("## Notes")]
    lines = carried.splitlines()
    charter = next(i for i, ln in enumerate(lines) if "Draft the charter" in ln)
    intro = next(i for i, ln in enumerate(lines) if "Introduce Ana" in ln)
    room = next(i for i, ln in enumerate(lines) if "Book a room" in ln)
    assert lines[charter + 1] == "  - _overdue since 2026-12-10_"
    assert lines[intro + 1] == "  - _overdue since 2026-12-12_"
    assert not lines[room + 1].startswith("  - _overdue")  # no due date: never overdue
    # the marks are notes, not items: the new meeting holds exactly the carried items
    r = run("-C", str(root), "actions", "--json", "--all", today="2026-12-15")
    copies = [c for row in json.loads(r.output) for c in row["copies"]]
    assert sum(c.startswith("meetings/2026-12-15.md") for c in copies) == 4


WORDS = ["send", "the", "draft", "notes", "book", "a", "room", "call", "Priya", "plan"]
item_words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
owners = st.sampled_from(["@mentee", "@mentor", ""])  # the same owner and words: one seed


def derived(lines: list[str]) -> dict[str, str]:
    """Line -> its derived ref, for the items of a meeting file made of ``lines``."""
    from mentorlog.rules.followthrough import derive_refs, make_task
    from mentorlog.text.items import owner_map, parse_items

    text = "\n".join(lines) + "\n"
    found, _ = parse_items(text, "meetings/2026-12-01.md", owner_map("Ana Ruiz", "Sam Lee"))
    tasks = [make_task([item]) for item in found]
    derive_refs(tasks)
    return {t.origin.text: t.ref for t in tasks}


@settings(max_examples=40, deadline=None)
@given(
    old=st.lists(st.tuples(owners, item_words), min_size=1, max_size=6, unique=True),
    new=st.lists(st.tuples(owners, item_words), max_size=6, unique=True),
    seed=st.randoms(use_true_random=False),
)
def test_adding_or_reordering_lines_never_moves_a_ref(
    old: list[tuple[str, str]], new: list[tuple[str, str]], seed: random.Random
) -> None:
    def line(owner: str, words: str) -> str:
        return f"- [ ] {owner} {words}".replace("  ", " ")

    before = derived([line(*o) for o in old])
    added = [line(*n) for n in new if line(*n) not in {line(*o) for o in old}]
    lines = [line(*o) for o in old] + added + ["Some prose.", "- not an item"]
    seed.shuffle(lines)
    after = derived(lines)
    assert {text: after[text] for text in before} == before
    assert all(len(ref) >= 4 and ref[0].isalpha() and ref.isalnum() for ref in after.values())
    assert len(set(after.values())) == len(after)


def test_dropped_activities_do_not_make_an_action_plan(run: Run, root: Path) -> None:
    from mentorlog.rules import goals
    from mentorlog.store import reading

    goal = root / "goals" / "01-lead.md"
    goal.write_text(
        "---\ntitle: Lead\nstatus: active\n---\n\n- [-] @mentee Shadow a launch #others "
        "due:2027-01-10 dropped:2026-12-02\n",
        encoding="utf-8",
    )
    plan = goals.action_plan_status(reading.load(root), dt.date(2026, 12, 20))
    assert not plan.exists and [g.title for g in plan.missing] == ["Lead"]
    r = run("-C", str(root), "goal", "check", today="2026-12-20")
    assert "goals/01-lead.md:1: no learning activities" in r.output, r.output


def test_the_report_chart_leaves_dropped_items_out_from_their_day(run: Run, root: Path) -> None:
    from mentorlog.rules import followthrough, report
    from mentorlog.store import reading

    room = ref_of(run, root, "Book a room")
    r = run("-C", str(root), "drop", room, "--on", "2026-12-10", today="2026-12-20")
    assert r.exit_code == EXIT_OK, r.output
    p = reading.load(root)
    points = report.follow_over_time(p, dt.date(2026, 12, 20), followthrough.collect(p))
    mentee = {pt.date: pt.counts["mentee"] for pt in points}
    assert mentee[max(mentee)] == (1, 0)  # the charter is open; the room is dropped
    before = [c for d, c in mentee.items() if dt.date(2026, 12, 1) <= d < dt.date(2026, 12, 10)]
    assert before and all(c == (2, 0) for c in before)  # open until the day it was dropped
