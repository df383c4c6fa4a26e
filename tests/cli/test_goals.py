"""Goals: goal add (slugs, numbers, collisions), goal list, goal check, the action plan."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import Result
from helpers import GIT_AS_ANA, INIT_BASE, agreement_text, git, mentorlog, mentorlog_in
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, BadValue, UsageError
from mentorlog.model import Partnership, names
from mentorlog.render import drafts
from mentorlog.rules import documents, goals, scaffold
from mentorlog.rules import goal_files as goalfile
from mentorlog.store import reading

AGREEMENT = agreement_text(location="Café Central", body="\n# Our mentoring agreement\n")


def make_repo(root: Path, roadmap: str | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "agreement.md").write_text(AGREEMENT, encoding="utf-8")
    for folder in ("goals", "meetings", "reviews"):
        (root / folder).mkdir(exist_ok=True)
    if roadmap is not None:
        (root / "roadmap.md").write_text(roadmap, encoding="utf-8")
    return root


def run(root: Path, *args: str, today: str = "2026-12-02", **env: str) -> Result:
    return mentorlog_in(root, *args, today=today, **env)


def write_goal(root: Path, name: str, text: str) -> None:
    (root / "goals" / name).write_text(text, encoding="utf-8")


def goal_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))


# --------------------------------------------------------------- slugs


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Lead a cross-team project", "lead-a-cross-team-project"),
        ("Café: öffentlich reden!", "cafe-offentlich-reden"),
        ("Straße & Œuvre: Ærø", "strasse-oeuvre-aero"),
        ("../../etc", "etc"),
        ("..\\..\\windows\\system32", "windows-system32"),
        ("!!! ??? ... ---", "goal"),
        ("日本語で話す", "goal"),
        ("  -Lead-  the   TEAM-- ", "lead-the-team"),
        ("C++ & Rust 2027", "c-rust-2027"),
        (
            "Become the person who runs the quarterly planning for all of engineering",
            "become-the-person-who-runs-the-quarterly",
        ),
        ("x" * 100, "x" * 48),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert goalfile.slugify(title) == slug


@given(st.text(max_size=200))
def test_slugify_is_always_a_safe_name(title: str) -> None:
    slug = goalfile.slugify(title)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)
    assert len(slug) <= goalfile.MAX_SLUG


def test_next_order_and_file_name() -> None:
    assert goalfile.next_order([]) == 1
    assert goalfile.next_order(["01-a.md", "07-b.md", "notes.md", "x-3.md"]) == 8
    assert names.goal_filename(8, "lead") == "08-lead.md"
    assert names.goal_filename(100, "lead") == "100-lead.md"


# --------------------------------------------------------------- goal add

CAFE_GOAL = """\
---
title: "Café: öffentlich reden!"
category: Build confidence
priority: 1
status: active
created: 2026-12-02
target: 2027-04-30
measure: Give two talks of 20 minutes in German
---

# Café: öffentlich reden!

## Specific

<!-- What exactly will be different when this goal is reached? What will you do, with whom, and where? -->

## Measurable

Give two talks of 20 minutes in German

## Achievable

<!-- Is it within reach, with the time you really have? What is the first action, and what help do you need, from Sam Lee or anyone else? -->

## Relevant

<!-- Why this goal, and why now? How does it serve where you want to go? -->

## Time-bound

Target: 2027-04-30

## Learning activities

<!-- The action plan for this goal: a few task items, each with an owner, one tag and a due date (together the dates are the plan's timeline). Three kinds:
  #doing    learning by doing: a project, a memo, a presentation
  #others   learning from others: shadowing someone, asking someone who has done it
  #stretch  stretch assignments: work outside your department, a leadership role
For example: -->
<!-- - [ ] @mentee Write a one-page proposal for the project #doing due:YYYY-MM-DD -->
<!-- - [ ] @mentee Shadow Sam Lee in a planning meeting #others due:YYYY-MM-DD -->
<!-- - [ ] @mentee Lead the next cross-team retrospective #stretch due:YYYY-MM-DD -->

## Progress

<!-- One dated bullet each time something moves (or stalls), newest last, e.g. "- 2026-12-02: Agreed the scope with my manager." -->
"""  # noqa: E501


def test_goal_add_writes_the_file_and_prints_its_path(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    result = run(
        root,
        "goal",
        "add",
        "Café: öffentlich",
        "reden!",
        "--category",
        "Build confidence",
        "--target",
        "2027-04-30",
        "--measure",
        "Give two talks of 20 minutes in German",
        "--no-commit",
    )
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout == "goals/01-cafe-offentlich-reden.md\n"
    path = root / "goals" / "01-cafe-offentlich-reden.md"
    assert path.read_bytes() == CAFE_GOAL.encode("utf-8")
    p = reading.load(root)
    assert p.problems == []
    (g,) = p.goals
    assert (g.title, g.priority, g.status, g.created, g.target) == (
        "Café: öffentlich reden!",
        1,
        "active",
        dt.date(2026, 12, 2),
        dt.date(2027, 4, 30),
    )
    # the file states itself SMART except for its (still missing) activities
    check = run(root, "goal", "check")
    assert check.exit_code == EXIT_FINDINGS
    assert check.stdout == (
        "goals/01-cafe-offentlich-reden.md:33: no learning activities: add task items "
        "tagged #doing, #others or #stretch, each with a due date, under "
        "'Learning activities'\n"
    )


@pytest.mark.parametrize(
    ("title", "path"),
    [
        ("../../etc", "goals/01-etc.md"),
        ("/etc/passwd", "goals/01-etc-passwd.md"),
        ("?!…", "goals/01-goal.md"),
        ("Ω" * 3, "goals/01-goal.md"),
        (
            "Become the person who runs the quarterly planning for all of engineering",
            "goals/01-become-the-person-who-runs-the-quarterly.md",
        ),
    ],
)
def test_goal_add_odd_titles_stay_inside_goals(tmp_path: Path, title: str, path: str) -> None:
    root = make_repo(tmp_path / "r")
    result = run(root, "goal", "add", title, "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout == path + "\n"
    assert goal_files(tmp_path) == ["r/agreement.md", f"r/{path}"]
    (g,) = reading.load(root).goals
    assert g.title == title


def test_goal_add_collisions(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    assert run(root, "goal", "add", "Lead a project", "--no-commit").stdout == (
        "goals/01-lead-a-project.md\n"
    )
    # the same slug from another title: still a new file, the number differs
    assert run(root, "goal", "add", "Lead: a project!", "--no-commit").stdout == (
        "goals/02-lead-a-project.md\n"
    )
    # the same title (case and spacing aside) is refused, nothing written
    result = run(root, "goal", "add", "lead a   PROJECT", "--no-commit")
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == (
        "mentorlog: goals/01-lead-a-project.md already holds the goal 'Lead a project'; "
        "edit that file, or choose a different title\n"
    )
    assert goal_files(root) == [
        "agreement.md",
        "goals/01-lead-a-project.md",
        "goals/02-lead-a-project.md",
    ]


def test_goal_add_numbers_after_the_highest_even_unreadable_file(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    write_goal(root, "05-broken.md", "---\ntitle: [unclosed\n---\n")
    write_goal(root, "notes.md", "# not a numbered goal\n")
    result = run(root, "goal", "add", "Next one", "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout == "goals/06-next-one.md\n"


def test_goal_add_default_priority_follows_the_active_goals(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    write_goal(root, "01-a.md", "---\ntitle: A\npriority: 2\nstatus: active\n---\n")
    write_goal(root, "02-b.md", "---\ntitle: B\npriority: 7\nstatus: proposed\n---\n")
    write_goal(root, "03-c.md", "---\ntitle: C\nstatus: active\n---\n")
    assert run(root, "goal", "add", "D", "--no-commit").exit_code == EXIT_OK
    text = (root / "goals" / "04-d.md").read_text(encoding="utf-8")
    assert "\npriority: 3\nstatus: active\n" in text
    assert run(root, "goal", "add", "E", "--priority", "1", "--status", "proposed",
               "--no-commit").exit_code == EXIT_OK  # fmt: skip
    text = (root / "goals" / "05-e.md").read_text(encoding="utf-8")
    expected = '\ncategory: ""\npriority: 1\nstatus: proposed\ncreated: 2026-12-02\ntarget: ""\n'
    assert expected in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--target", "2027-02-30"], "'2027-02-30' is not a date (YYYY-MM-DD)"),
        (["--status", "done"], "'done' is not one of"),
        (["--priority", "0"], "0 is not in the range x>=1"),
    ],
)
def test_goal_add_bad_values(tmp_path: Path, args: list[str], message: str) -> None:
    root = make_repo(tmp_path / "r")
    result = run(root, "goal", "add", "A goal", *args, "--no-commit")
    assert result.exit_code == EXIT_USAGE
    assert message in result.stderr
    assert goal_files(root) == ["agreement.md"]


def test_goal_add_empty_title(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    result = run(root, "goal", "add", "  ", "--no-commit")
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == "mentorlog: the goal's title is empty\n"


def test_a_refused_value_says_what_is_wrong_and_the_cli_names_the_flag(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    p = reading.load(root)
    with pytest.raises(BadValue) as caught:
        goalfile.draft_goal(p, [], "A goal", dt.date(2026, 12, 2), status="done")
    wanted = "'done' is not one of: proposed, active, achieved, dropped"
    assert str(caught.value) == f"status {wanted}"
    assert (caught.value.name, caught.value.value) == ("status", "done")
    assert str(caught.value.for_flag("--status")) == f"--status {wanted}"
    run(root, "new-meeting", "2026-12-15", "--no-commit")
    result = run(root, "new-meeting", "2026-12-15", "--no-commit")
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == (
        "mentorlog: meetings/2026-12-15.md exists already; mentorlog never overwrites a "
        "meeting (for a second meeting that day, add --kind extra)\n"
    )
    with pytest.raises(scaffold.MeetingExists, match="never overwrites a meeting$"):
        scaffold.draft_meeting(
            reading.load(root),
            dt.date(2026, 12, 2),
            dt.date(2026, 12, 15),
            exists=drafts.exists_in(root),
        )


def test_goal_add_edit_needs_an_editor_before_writing(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    result = run(root, "goal", "add", "A goal", "--edit", "--no-commit", EDITOR="", VISUAL="")
    assert result.exit_code == EXIT_USAGE
    assert "EDITOR" in result.stderr
    assert goal_files(root) == ["agreement.md"]


def test_goal_add_edit_then_commit(tmp_path: Path) -> None:
    root = tmp_path / "r"
    init = mentorlog(["init", str(root), *INIT_BASE], today="2026-12-01", env=GIT_AS_ANA)
    assert init.exit_code == EXIT_OK, init.output
    editor = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'a').write('edited\\n')\""
    result = run(
        root,
        "goal",
        "add",
        "Lead a project",
        "--edit",
        EDITOR=editor,
        **GIT_AS_ANA,
    )
    assert result.exit_code == EXIT_OK, result.output
    log = git(root, "log", "-1", "--format=%s", "--name-only")
    assert log == "mentorlog: new goal Lead a project\n\ngoals/01-lead-a-project.md\n"
    committed = git(root, "show", "HEAD:goals/01-lead-a-project.md")
    assert committed.endswith("-->\nedited\n")
    assert git(root, "status", "--porcelain") == ""


# --------------------------------------------------------------- goal check

SMART_GOAL = """\
---
title: Lead a cross-team project
category: Build confidence
priority: 1
status: active
created: 2026-12-01
target: 2027-04-30
measure: Lead one project spanning at least three teams through launch
---

# Lead a cross-team project

## Learning activities

- [ ] @mentee Write the project charter #doing due:2027-01-15
- [x] @mentee Shadow Priya in a launch review #others due:2026-12-20 done:2026-12-18
"""


def test_goal_check_clean(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    write_goal(root, "01-lead.md", SMART_GOAL)
    write_goal(root, "02-old.md", "---\ntitle: Old\nstatus: dropped\n---\n")
    result = run(root, "goal", "check")
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout == "All goals are SMART (1 active of 2).\n"


def test_goal_check_no_goals(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    result = run(root, "goal", "check")
    assert (result.exit_code, result.stdout) == (
        EXIT_OK,
        'No goals yet. Add one with: mentorlog goal add "TITLE"\n',
    )


def _variant(old: str, new: str) -> str:
    assert old in SMART_GOAL
    return SMART_GOAL.replace(old, new)


@pytest.mark.parametrize(
    ("text", "today", "findings"),
    [
        (
            SMART_GOAL.replace(
                "measure: Lead one project spanning at least three teams through launch\n", ""
            ),
            "2026-12-02",
            ["1: no measure: write in 'measure:' how you both will know the goal is reached"],
        ),
        (
            _variant(
                "measure: Lead one project spanning at least three teams through launch",
                'measure: ""',
            ),  # fmt: skip
            "2026-12-02",
            ["8: no measure: write in 'measure:' how you both will know the goal is reached"],
        ),
        (
            _variant("target: 2027-04-30", "target:"),
            "2026-12-02",
            [
                "7: no target date: set 'target: YYYY-MM-DD' (on or before 2027-05-31, "
                "when the partnership ends)"
            ],
        ),
        (
            _variant("target: 2027-04-30", "target: 2027-06-01"),
            "2026-12-02",
            [
                "7: target 2027-06-01 is after the partnership ends (2027-05-31): "
                "bring it forward, or split the goal"
            ],
        ),
        (
            _variant("target: 2027-04-30", "target: 2026-11-30"),
            "2026-12-02",
            ["7: warning: target 2026-11-30 is before the goal was created (2026-12-01)"],
        ),
        (
            SMART_GOAL,
            "2027-05-01",
            [
                "7: warning: target 2027-04-30 has passed and the goal is still active: "
                "set 'status: achieved' or 'dropped', or move the target"
            ],
        ),
        (
            SMART_GOAL.split("- [ ]")[0],
            "2026-12-02",
            [
                "13: no learning activities: add task items tagged #doing, #others or "
                "#stretch, each with a due date, under 'Learning activities'"
            ],
        ),
        (
            _variant(" #doing due:2027-01-15", ""),
            "2026-12-02",
            [
                "15: learning activity has no due date (add due:YYYY-MM-DD)",
                "15: warning: learning activity has no kind: tag it #doing, #others or #stretch",
            ],
        ),
    ],
)
def test_goal_check_each_finding(
    tmp_path: Path, text: str, today: str, findings: list[str]
) -> None:
    root = make_repo(tmp_path / "r")
    write_goal(root, "01-lead.md", text)
    result = run(root, "goal", "check", today=today)
    assert result.exit_code == EXIT_FINDINGS, result.output
    assert result.stdout.splitlines() == [f"goals/01-lead.md:{f}" for f in findings]
    n = len(findings)
    assert result.stderr == f"mentorlog: {n} finding{'s' if n > 1 else ''} in 1 goal file\n"


def test_goal_check_more_than_three_active_goals(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    for n, priority in ((1, 4), (2, 1), (3, 3), (4, 2), (5, 5)):
        write_goal(root, f"0{n}-g.md", _variant("priority: 1", f"priority: {priority}"))
    write_goal(root, "06-p.md", _variant("status: active", "status: proposed"))
    result = run(root, "goal", "check")
    assert result.exit_code == EXIT_FINDINGS
    assert result.stdout == (
        "goals/01-g.md:5: more than 3 active goals (this is number 4 by priority): choose "
        "your top 3, and set the others to 'status: proposed' (or dropped)\n"
        "goals/05-g.md:5: more than 3 active goals (this is number 5 by priority): choose "
        "your top 3, and set the others to 'status: proposed' (or dropped)\n"
    )


def test_goal_check_proposed_and_closed_goals(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    # proposed: needs measure and target, not yet activities
    write_goal(root, "01-p.md", "---\ntitle: P\nstatus: proposed\ntarget: 2027-03-01\n---\n")
    # achieved and dropped goals are not checked at all
    write_goal(root, "02-a.md", "---\ntitle: A\nstatus: achieved\n---\n")
    write_goal(root, "03-d.md", "---\ntitle: D\nstatus: dropped\ntarget: 2030-01-01\n---\n")
    result = run(root, "goal", "check")
    assert result.exit_code == EXIT_FINDINGS
    assert result.stdout == (
        "goals/01-p.md:1: no measure: write in 'measure:' how you both will know the goal "
        "is reached\n"
    )


def test_goal_check_reports_unreadable_goal_files(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    write_goal(root, "01-lead.md", SMART_GOAL)
    write_goal(root, "02-bad.md", "---\ntitle: Bad\ntarget: soon\n---\n")
    result = run(root, "goal", "check")
    assert result.exit_code == EXIT_FINDINGS
    assert result.stdout == "goals/02-bad.md:3: 'target: soon' is not a date (YYYY-MM-DD)\n"
    assert result.stderr == "mentorlog: 1 finding in 1 goal file\n"


# --------------------------------------------------------------- goal list

LIST_GOAL_1 = """\
---
title: Lead a cross-team project
category: Build confidence
priority: 1
status: active
created: 2026-12-01
target: 2027-04-30
measure: Lead one project spanning at least three teams
---

## Learning activities

- [x] @mentee Shadow Priya in a launch review #others due:2026-12-20 done:2026-12-18
- [ ] @mentee Write the project charter #doing due:2027-01-31
- [ ] @mentee Ask Sam how the reorg was run #others due:2027-01-10 id:k2pq
- [ ] @mentee Run the cross-team retrospective #stretch due:2027-03-01
- [ ] @mentee Read a book on facilitation
- [x] @mentee Draft a memo #doing

## Progress

- 2027-01-05: Agreed the scope with my manager
- 2026-12-20: Found a sponsor
"""

LIST_GOAL_2 = """\
---
title: Speak up in leadership meetings
priority: 2
status: proposed
---

Nothing planned yet.
"""

MEETING = """\
---
date: {date}
status: {status}
goals: {goals}
---

## Follow-through

{items}
"""


def test_goal_list_json(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    write_goal(root, "01-lead.md", LIST_GOAL_1)
    write_goal(root, "02-speak.md", LIST_GOAL_2)
    meetings = root / "meetings"
    meetings.joinpath("2026-12-15.md").write_text(
        MEETING.format(date="2026-12-15", status="held", goals="[01-lead]", items="")
    )
    meetings.joinpath("2026-12-29.md").write_text(
        MEETING.format(date="2026-12-29", status="cancelled", goals="[01-lead]", items="")
    )
    meetings.joinpath("2027-01-12.md").write_text(
        MEETING.format(
            date="2027-01-12",
            status="held",
            goals="[goals/01-lead.md, 02-speak]",
            # a ticked copy of the goal's activity counts for the goal
            items="- [x] @mentee Ask Sam how the reorg was run id:k2pq done:2027-01-09",
        )
    )
    result = run(root, "goal", "list", "--json", today="2027-01-13")
    assert result.exit_code == EXIT_OK, result.output
    assert json.loads(result.stdout) == [
        {
            "file": "goals/01-lead.md",
            "title": "Lead a cross-team project",
            "category": "Build confidence",
            "priority": 1,
            "status": "active",
            "created": "2026-12-01",
            "target": "2027-04-30",
            "measure": "Lead one project spanning at least three teams",
            "activities": {
                "total": 6,
                "done": 3,
                "dropped": 0,
                "doing": 2,
                "others": 2,
                "stretch": 1,
                "untagged": 1,
            },
            "by_kind": {
                "doing": {"total": 2, "done": 1},
                "others": {"total": 2, "done": 2},
                "stretch": {"total": 1, "done": 0},
                "untagged": {"total": 1, "done": 0},
            },
            "next_activity": {
                "text": "@mentee Write the project charter #doing due:2027-01-31",
                "description": "Write the project charter",
                "due": "2027-01-31",
                "ref": "cxgc",  # as actions lists it: derived from owner and text
                "kind": "doing",
                "owner": "mentee",
            },
            "last_progress": {"date": "2027-01-05", "text": "Agreed the scope with my manager"},
            "meetings": ["2026-12-15", "2027-01-12"],
        },
        {
            "file": "goals/02-speak.md",
            "title": "Speak up in leadership meetings",
            "category": "",
            "priority": 2,
            "status": "proposed",
            "created": None,
            "target": None,
            "measure": "",
            "activities": {
                "total": 0,
                "done": 0,
                "dropped": 0,
                "doing": 0,
                "others": 0,
                "stretch": 0,
                "untagged": 0,
            },
            "by_kind": {
                "doing": {"total": 0, "done": 0},
                "others": {"total": 0, "done": 0},
                "stretch": {"total": 0, "done": 0},
                "untagged": {"total": 0, "done": 0},
            },
            "next_activity": None,
            "last_progress": None,
            "meetings": ["2027-01-12"],
        },
    ]
    # keys are sorted, so the output is stable for scripts
    assert result.stdout.index('"activities"') < result.stdout.index('"by_kind"')

    text = run(root, "goal", "list", today="2027-01-13")
    assert text.exit_code == EXIT_OK
    assert text.stdout == (
        " 1. Lead a cross-team project  [active, target 2027-04-30]  goals/01-lead.md\n"
        "    activities 3/6 done (doing 1/2, others 2/2, stretch 0/1, untagged 0/1)\n"
        "    next: Write the project charter (due 2027-01-31)\n"
        "    last progress: 2027-01-05: Agreed the scope with my manager\n"
        " 2. Speak up in leadership meetings  [proposed, no target]  goals/02-speak.md\n"
        "    activities 0/0 done (doing 0/0, others 0/0, stretch 0/0)\n"
    )


def test_goal_list_empty(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    assert run(root, "goal", "list", "--json").stdout == "[]\n"
    assert run(root, "goal", "list").stdout == (
        'No goals yet. Add one with: mentorlog goal add "TITLE"\n'
    )


# --------------------------------------------------------------- action plan


def test_action_plan_status(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    due = dt.date(2026, 12, 31)
    p = reading.load(root)
    assert goals.action_plan_status(p, dt.date(2026, 12, 31)).to_json() == {
        "due": "2026-12-31",
        "exists": False,
        "status": "due",
        "missing": [],
    }
    assert goals.action_plan_status(p, due + dt.timedelta(days=1)).status == "overdue"
    write_goal(root, "01-lead.md", SMART_GOAL)
    write_goal(root, "02-speak.md", _variant("- [ ]", "- [x]").replace(" due:", " on:"))
    write_goal(root, "03-later.md", LIST_GOAL_2)  # proposed: not part of the plan yet
    plan = goals.action_plan_status(reading.load(root), dt.date(2027, 1, 5))
    assert (plan.exists, plan.status, [g.path for g in plan.missing]) == (
        False,
        "overdue",
        ["goals/02-speak.md"],
    )
    (root / "goals" / "02-speak.md").unlink()
    plan = goals.action_plan_status(reading.load(root), dt.date(2027, 1, 5))
    assert (plan.exists, plan.status, plan.missing) == (True, "done", [])


AGENDA_GOAL_2 = """\
---
title: Speak up in leadership meetings
priority: 2
status: active
created: 2026-12-01
target: 2027-03-31
measure: Speak in five leadership meetings
---

## Learning activities

- [ ] @mentee Prepare one point before each meeting #doing
"""


def agenda(root: Path, date: str, today: str) -> str:
    result = run(root, "new-meeting", date, "--no-commit", today=today)
    assert result.exit_code == EXIT_OK, result.output
    text = (root / "meetings" / f"{date}.md").read_text(encoding="utf-8")
    return text.split("## Agenda\n\n", 1)[1].split("\n\n## ", 1)[0]


def test_agenda_lists_goals_in_focus_and_the_missing_action_plan(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", roadmap="1. Industry trends\n   - bring the org chart\n")
    write_goal(root, "01-lead.md", LIST_GOAL_1)
    write_goal(root, "02-speak.md", AGENDA_GOAL_2)
    write_goal(root, "03-later.md", LIST_GOAL_2)
    assert agenda(root, "2026-12-15", "2026-12-10") == (
        "- **Since last time:** what has each of us done, tried or noticed since we last met?\n"
        "- **Action plan:** due by 2026-12-31 (day 30). Still needs learning activities with "
        "due dates: Speak up in leadership meetings. `mentorlog goal check` shows what is "
        "missing.\n"
        "- **Topic: Industry trends**\n"
        "  - bring the org chart\n"
        "- **Goals in focus:**\n"
        "  - [Lead a cross-team project](../goals/01-lead.md), target 2027-04-30\n"
        "    - next: @mentee Ask Sam how the reorg was run #others due:2027-01-10 id:k2pq\n"
        "    - next: @mentee Write the project charter #doing due:2027-01-31\n"
        "  - [Speak up in leadership meetings](../goals/02-speak.md), target 2027-03-31\n"
        "    - next: @mentee Prepare one point before each meeting #doing\n"
        "- **Check-in:** keep the last ten minutes for the questions at the end."
    )
    front = (root / "meetings" / "2026-12-15.md").read_text(encoding="utf-8").split("---")[1]
    assert "\ngoals: [01-lead, 02-speak]\n" in front


def test_agenda_drops_the_reminder_once_the_plan_exists(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    write_goal(root, "01-lead.md", SMART_GOAL)
    text = agenda(root, "2027-01-12", "2027-01-10")
    assert "Action plan" not in text
    assert "    - next: @mentee Write the project charter #doing due:2027-01-15\n" in text


def test_agenda_says_when_the_plan_is_overdue(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    text = agenda(root, "2027-01-12", "2027-01-10")
    assert (
        "- **Action plan:** overdue since 2026-12-31 (day 30). Agree our goals and give each "
        "learning activities with due dates. `mentorlog goal check` shows what is missing.\n"
    ) in text
    # the first meeting has its own action-plan line; the closing meeting none
    first = agenda(root, "2026-12-01", "2026-12-01")
    assert first.count("Action plan") == 1
    assert "Action plan" not in agenda(root, "2027-05-18", "2027-05-01")


# --------------------------------------------------------------- any title


@pytest.fixture(scope="module")
def partnership(tmp_path_factory: pytest.TempPathFactory) -> Partnership:
    return reading.load(make_repo(tmp_path_factory.mktemp("any-title")))


@settings(max_examples=60, deadline=None)
@given(title=st.text(max_size=80), measure=st.text(max_size=40))
def test_any_title_and_measure_read_back_as_written(
    partnership: Partnership, title: str, measure: str
) -> None:
    try:
        draft = goalfile.draft_goal(partnership, [], title, dt.date(2026, 12, 2), measure=measure)
        new = drafts.goal(draft, partnership.root)
    except UsageError as exc:
        assert exc.message == "the goal's title is empty"
        assert scaffold.one_line(title) == ""
        return
    assert re.fullmatch(r"goals/01-[a-z0-9]+(?:-[a-z0-9]+)*\.md", new.path.as_posix())
    g, problems = documents.parse_goal(new.text, new.path.as_posix(), {})
    assert problems == []
    assert (g.title, g.measure) == (scaffold.one_line(title), scaffold.one_line(measure))
    assert g.title and g.title == " ".join(g.title.split())


def test_control_characters_are_dropped_from_titles(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    result = run(root, "goal", "add", "Lead\x1b[31m a\x7f\x85 team\udcff", "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout == "goals/01-lead-31m-a-team.md\n"
    (g,) = reading.load(root).goals
    assert g.title == "Lead[31m a team"


def test_goal_check_lines_in_a_crlf_file_with_a_bom(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    text = SMART_GOAL.replace("target: 2027-04-30\n", "").split("- [ ]")[0]
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    (root / "goals" / "01-lead.md").write_bytes(data)
    result = run(root, "goal", "check")
    assert result.exit_code == EXIT_FINDINGS
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == [
        "goals/01-lead.md:1",  # no target: the key is missing
        "goals/01-lead.md:12",  # the Learning activities heading
    ]


def test_goal_check_skips_an_activity_ticked_in_a_meeting_copy(tmp_path: Path) -> None:
    # goal list counts it done, so goal check must not ask for its due date or kind
    root = make_repo(tmp_path / "r")
    goal = SMART_GOAL + "- [ ] @mentee Read the book id:abc123\n"
    write_goal(root, "01-lead.md", goal)
    (root / "meetings" / "2026-12-01.md").write_text(
        "---\ndate: 2026-12-01\nstatus: held\n---\n## Follow-through\n\n"
        "- [x] @mentee Read the book id:abc123 done:2026-12-01\n",
        encoding="utf-8",
    )
    result = run(root, "goal", "check")
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout == "All goals are SMART (1 active of 1).\n"


def test_goal_list_reads_progress_under_sub_headings_of_progress(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    write_goal(
        root,
        "01-lead.md",
        SMART_GOAL
        + "\n## Progress\n\n### December\n\n- 2026-12-10: Charter drafted\n"
        + "\n### January\n\n- 2027-01-05: Kickoff held\n\n## Notes\n\n- 2027-02-01: not progress\n",
    )
    result = run(root, "goal", "list", "--json")
    assert result.exit_code == EXIT_OK, result.output
    [row] = json.loads(result.stdout)
    assert row["last_progress"] == {"date": "2027-01-05", "text": "Kickoff held"}


def test_goal_add_measure_like_a_task_item_makes_no_learning_activity(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    result = run(root, "goal", "add", "Talks", "--measure", "- [ ] give a talk", "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    text = (root / "goals" / "01-talks.md").read_text(encoding="utf-8")
    assert 'measure: "- [ ] give a talk"\n' in text
    assert "## Measurable\n\n- \\[ ] give a talk\n" in text
    [goal] = reading.load(root).goals
    assert (goal.measure, goal.items) == ("- [ ] give a talk", [])


@pytest.mark.parametrize(
    ("folder", "args"),
    [("goals", ["goal", "add", "New one"]), ("meetings", ["new-meeting", "2026-12-15"])],
)
def test_goal_add_and_new_meeting_refuse_a_folder_linked_out_of_the_repository(
    tmp_path: Path, folder: str, args: list[str]
) -> None:
    root = make_repo(tmp_path / "r")
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / folder).rmdir()
    (root / folder).symlink_to(outside)
    result = run(root, *args, "--no-commit")
    assert result.exit_code == EXIT_USAGE
    assert "leads outside the repository (through a symbolic link)" in result.stderr
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_goal_title_from_the_heading_of_a_crlf_or_cr_file(tmp_path: Path, newline: str) -> None:
    root = make_repo(tmp_path / "r")
    text = "---\nmeasure: m\n---\n# Heading Title\n\n## Learning activities\n"
    (root / "goals" / "01-t.md").write_bytes(text.replace("\n", newline).encode())
    result = run(root, "goal", "list", "--json")
    assert result.exit_code == EXIT_OK, result.output
    assert [g["title"] for g in json.loads(result.stdout)] == ["Heading Title"]


def test_agenda_next_activities_match_goal_list_for_an_unticked_item_with_done(
    tmp_path: Path,
) -> None:
    root = make_repo(tmp_path / "r")
    write_goal(
        root,
        "01-t.md",
        "---\ntitle: T\nmeasure: m\ntarget: 2027-04-01\n---\n## Learning activities\n"
        "- [ ] @mentee A #doing due:2026-12-20 done:2026-12-01\n"
        "- [ ] @mentee B #doing due:2026-12-22\n"
        "- [ ] @mentee C #doing due:2026-12-24\n",
    )
    listed = json.loads(run(root, "goal", "list", "--json").stdout)
    assert listed[0]["next_activity"]["description"] == "A"
    result = run(root, "new-meeting", "2026-12-15", "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    text = (root / "meetings" / "2026-12-15.md").read_text(encoding="utf-8")
    assert (
        "    - next: @mentee A #doing due:2026-12-20 done:2026-12-01\n"
        "    - next: @mentee B #doing due:2026-12-22\n" in text
    )


def test_agenda_next_activities_leave_out_one_dropped_in_a_meeting(tmp_path: Path) -> None:
    # goal list and the agenda read "open" and the order the same way: an activity
    # whose copy in a meeting is dropped is no next activity for either
    root = make_repo(tmp_path / "r")
    write_goal(
        root,
        "01-t.md",
        "---\ntitle: T\nmeasure: m\ntarget: 2027-04-01\n---\n## Learning activities\n"
        "- [ ] @mentee B #doing due:2026-12-22\n"
        "- [ ] @mentee A #doing due:2026-12-20 id:aaaa\n"
        "- [ ] @mentee U #doing\n"
        "- [ ] @mentee C #doing due:2026-12-24\n",
    )
    (root / "meetings" / "2026-12-01.md").write_text(
        "---\ndate: 2026-12-01\nstatus: held\n---\n- [-] @mentee A #doing id:aaaa\n",
        encoding="utf-8",
    )
    listed = json.loads(run(root, "goal", "list", "--json").stdout)
    assert listed[0]["next_activity"]["description"] == "B"
    result = run(root, "new-meeting", "2026-12-15", "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    text = (root / "meetings" / "2026-12-15.md").read_text(encoding="utf-8")
    assert (
        "    - next: @mentee B #doing due:2026-12-22\n"
        "    - next: @mentee C #doing due:2026-12-24\n" in text
    )
