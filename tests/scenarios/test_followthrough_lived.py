"""Issue 3's scenario: three meetings, items written by hand, carried, ticked, listed.

Every touched file is checked byte for byte: the original lines gain only
``id:``, a CRLF file without a final newline stays so, and ``done`` changes
only the ticked lines.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from item_fixtures import INIT, Run, changed_lines, git


def line_of(path: Path, needle: str) -> int:
    lines = re.split(r"\r\n|\r|\n", path.read_text(encoding="utf-8"))
    found = [n for n, line in enumerate(lines, start=1) if needle in line]
    assert len(found) == 1, (needle, found)
    return found[0]


M1_ITEMS = (
    "- [ ] @mentee Draft the project charter due:2026-12-08\n"
    "- [ ] @sam Introduce Ana to Priya \U0001f4c5 2026-12-20\n"
    "- [ ] Book a room for the kickoff\n"
    "\n"
    "```\n"
    "- [ ] @mentee This is an example in a code block, not an item\n"
    "```\n"
    "\n"
)
GOAL = (
    "---\n"
    "title: Lead a cross-team project\n"
    "status: active\n"
    "---\n"
    "\n"
    "## Learning activities\n"
    "\n"
    "- [ ] @mentee Shadow Priya's planning meeting #others due:2027-01-10\n"
)


def test_three_meetings_carry_tick_and_list(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "ana-sam"
    assert run("init", str(root), *INIT, today="2026-11-21").exit_code == 0
    c = ("-C", str(root))

    # ---- meeting 1: scaffold, then write items by hand (and a goal with an activity)
    r = run(*c, "new-meeting", today="2026-11-21")
    assert r.exit_code == 0, r.output
    assert "Carried" not in r.output
    m1 = root / "meetings" / "2026-12-01.md"
    text = m1.read_text(encoding="utf-8")
    assert "_Nothing carried over._" in text
    m1.write_text(text.replace("\n## Check-in\n", "\n" + M1_ITEMS + "## Check-in\n", 1), "utf-8")
    (root / "goals").mkdir(exist_ok=True)
    (root / "goals" / "01-lead-a-cross-team-project.md").write_text(GOAL, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "meeting 1 notes")
    m1_before = m1.read_bytes()

    # ---- meeting 2 carries the three open items of meeting 1
    r = run(*c, "new-meeting", today="2026-12-02")
    assert r.exit_code == 0, r.output
    assert "Carried 3 open follow-through items; new ids added in meetings/2026-12-01.md" in (
        r.output
    )
    m2 = root / "meetings" / "2026-12-15.md"
    m2_text = m2.read_text(encoding="utf-8")
    ids = re.findall(r" id:([a-z0-9]+) from:2026-12-01$", m2_text, re.MULTILINE)
    assert len(ids) == 3 and len(set(ids)) == 3
    assert all(re.fullmatch(r"[a-z][a-z0-9]{3}", i) for i in ids)
    charter, intro, room = ids
    assert (
        "## Follow-through from earlier meetings\n\n"
        "<!-- Tick what is done ([x]), here or with `mentorlog done ID`: "
        "ticking any copy counts. -->\n\n"
        f"- [ ] @mentee Draft the project charter due:2026-12-08 id:{charter} from:2026-12-01\n"
        "  - _overdue since 2026-12-08_\n"
        f"- [ ] @sam Introduce Ana to Priya \U0001f4c5 2026-12-20 id:{intro} from:2026-12-01\n"
        f"- [ ] Book a room for the kickoff id:{room} from:2026-12-01\n\n"
        "## Notes\n"
    ) in m2_text
    assert "code block" not in m2_text
    assert "Shadow" not in m2_text.split("## Follow-through from earlier")[1]
    # the originals gained their id and nothing else
    m1_expected = (
        m1_before.replace(
            b"charter due:2026-12-08\n", f"charter due:2026-12-08 id:{charter}\n".encode()
        )
        .replace(b"2026-12-20\n", f"2026-12-20 id:{intro}\n".encode())
        .replace(b"kickoff\n", f"kickoff id:{room}\n".encode())
    )
    assert m1.read_bytes() == m1_expected
    assert git(root, "log", "-1", "--format=%s").strip() == "mentorlog: new meeting 2026-12-15"
    assert sorted(git(root, "show", "--name-only", "--format=", "HEAD").split()) == [
        "meetings/2026-12-01.md",
        "meetings/2026-12-15.md",
        "schedule.ics",
    ]
    assert git(root, "status", "--porcelain") == ""

    # by hand in meeting 2: a CRLF file without a final newline; the Priya intro
    # ticked in its carried copy (Obsidian style), the charter's wording edited,
    # two new items (one owned by a first name)
    m2_text = m2_text.replace(
        f"- [ ] @sam Introduce Ana to Priya \U0001f4c5 2026-12-20 id:{intro} from:2026-12-01",
        f"- [x] @sam Introduce Ana to Priya \U0001f4c5 2026-12-20 id:{intro} from:2026-12-01"
        " \u2705 2026-12-14",
    ).replace(
        f"- [ ] @mentee Draft the project charter due:2026-12-08 id:{charter}",
        f"- [ ] @mentee Draft the project charter, second version due:2026-12-22 id:{charter}",
    )
    m2_text = m2_text.replace(
        "\n## Check-in\n",
        "\n- [ ] @mentor Send the article on team topologies due:2026-12-20\n"
        "- [ ] @ana Write a one-page summary\n\n## Check-in\n",
        1,
    )
    m2.write_bytes(m2_text.rstrip("\n").replace("\n", "\r\n").encode())
    git(root, "commit", "-q", "-am", "meeting 2 notes")
    m1_before, m2_before = m1.read_bytes(), m2.read_bytes()
    assert not m2_before.endswith(b"\n") and b"\r\n" in m2_before

    # ---- meeting 3 carries from both earlier meetings, each open item once
    r = run(*c, "new-meeting", today="2026-12-16")
    assert r.exit_code == 0, r.output
    assert "Carried 4 open follow-through items; new ids added in meetings/2026-12-15.md" in (
        r.output
    )
    m3 = root / "meetings" / "2026-12-29.md"
    m3_text = m3.read_text(encoding="utf-8")
    new_ids = re.findall(r" id:([a-z0-9]+) from:2026-12-15$", m3_text, re.MULTILINE)
    assert len(new_ids) == 2
    article, summary = new_ids
    assert len({*ids, *new_ids}) == 5
    assert (
        "ticking any copy counts. -->\n\n"
        "- [ ] @mentee Draft the project charter, second version due:2026-12-22 "
        f"id:{charter} from:2026-12-01\n"
        "  - _overdue since 2026-12-22_\n"
        f"- [ ] Book a room for the kickoff id:{room} from:2026-12-01\n"
        "- [ ] @mentor Send the article on team topologies due:2026-12-20 "
        f"id:{article} from:2026-12-15\n"
        "  - _overdue since 2026-12-20_\n"
        f"- [ ] @ana Write a one-page summary id:{summary} from:2026-12-15\n\n"
        "## Notes\n"
    ) in m3_text
    assert m1.read_bytes() == m1_before  # every open item there has its id already
    assert m2.read_bytes() == (
        m2_before.replace(
            b"topologies due:2026-12-20\r\n",
            f"topologies due:2026-12-20 id:{article}\r\n".encode(),
        ).replace(b"summary\r\n", f"summary id:{summary}\r\n".encode())
    )
    assert sorted(git(root, "show", "--name-only", "--format=", "HEAD").split()) == [
        "meetings/2026-12-15.md",
        "meetings/2026-12-29.md",
        "schedule.ics",
    ]

    # ---- done: every copy of the article is ticked; only those lines change
    m2_before = m2.read_bytes()
    r = run(*c, "done", article[:3], today="2026-12-18")  # a unique prefix is enough
    assert r.exit_code == 0, r.output
    assert git(root, "log", "-1", "--format=%s").strip() == f"mentorlog: done {article}"
    assert changed_lines(root, "show", "--format=", "HEAD") == [
        f"-- [ ] @mentor Send the article on team topologies due:2026-12-20 id:{article}\r",
        f"+- [x] @mentor Send the article on team topologies due:2026-12-20 id:{article}"
        " done:2026-12-18\r",
        "-- [ ] @mentor Send the article on team topologies due:2026-12-20 "
        f"id:{article} from:2026-12-15",
        "+- [x] @mentor Send the article on team topologies due:2026-12-20 "
        f"id:{article} from:2026-12-15 done:2026-12-18",
    ]
    assert m2.read_bytes() == m2_before.replace(
        f"- [ ] @mentor Send the article on team topologies due:2026-12-20 id:{article}".encode(),
        f"- [x] @mentor Send the article on team topologies due:2026-12-20 id:{article} "
        "done:2026-12-18".encode(),
    )
    assert git(root, "status", "--porcelain") == ""

    # ---- actions --json: open items, soonest due first, goal activity included
    goal_file = "goals/01-lead-a-cross-team-project.md"
    r = run(*c, "actions", "--json", today="2026-12-23")
    assert r.exit_code == 0, r.output
    got = json.loads(r.output)
    m1_name, m2_name, m3_name = (f"meetings/{p.name}" for p in (m1, m2, m3))
    assert got == [
        {
            "ref": charter,
            "id": charter,
            "text": "Draft the project charter, second version",
            "raw": "@mentee Draft the project charter, second version due:2026-12-22 "
            f"id:{charter} from:2026-12-01",
            "owner": "mentee",
            "due": "2026-12-22",
            "done": None,
            "status": "open",
            "dropped": None,
            "overdue": True,
            "days_overdue": 1,
            "age": 22,
            "file": m1_name,
            "line": line_of(m1, "Draft the project charter"),
            "from": "2026-12-01",
            "source": "meeting",
            "tags": [],
            "copies": [
                f"{m1_name}:{line_of(m1, 'Draft the project charter')}",
                f"{m2_name}:{line_of(m2, 'Draft the project charter')}",
                f"{m3_name}:{line_of(m3, 'Draft the project charter')}",
            ],
        },
        {
            "ref": "hzkq",  # derived from owner and text: it has no id
            "id": None,
            "text": "Shadow Priya's planning meeting",
            "raw": "@mentee Shadow Priya's planning meeting #others due:2027-01-10",
            "owner": "mentee",
            "due": "2027-01-10",
            "done": None,
            "status": "open",
            "dropped": None,
            "overdue": False,
            "days_overdue": None,
            "age": None,
            "file": goal_file,
            "line": 8,
            "from": None,
            "source": "goal",
            "tags": ["others"],
            "copies": [f"{goal_file}:8"],
        },
        {
            "ref": room,
            "id": room,
            "text": "Book a room for the kickoff",
            "raw": f"Book a room for the kickoff id:{room} from:2026-12-01",
            "owner": None,
            "due": None,
            "done": None,
            "status": "open",
            "dropped": None,
            "overdue": False,
            "days_overdue": None,
            "age": 22,
            "file": m1_name,
            "line": line_of(m1, "Book a room"),
            "from": "2026-12-01",
            "source": "meeting",
            "tags": [],
            "copies": [
                f"{m1_name}:{line_of(m1, 'Book a room')}",
                f"{m2_name}:{line_of(m2, 'Book a room')}",
                f"{m3_name}:{line_of(m3, 'Book a room')}",
            ],
        },
        {
            "ref": summary,
            "id": summary,
            "text": "Write a one-page summary",
            "raw": f"@ana Write a one-page summary id:{summary} from:2026-12-15",
            "owner": "mentee",
            "due": None,
            "done": None,
            "status": "open",
            "dropped": None,
            "overdue": False,
            "days_overdue": None,
            "age": 8,
            "file": m2_name,
            "line": line_of(m2, "one-page summary"),
            "from": "2026-12-15",
            "source": "meeting",
            "tags": [],
            "copies": [
                f"{m2_name}:{line_of(m2, 'one-page summary')}",
                f"{m3_name}:{line_of(m3, 'one-page summary')}",
            ],
        },
    ]

    # the done ones: the intro ticked by hand in a copy (counted once), the article
    r = run(*c, "actions", "--done", "--json", today="2026-12-23")
    done = {d["ref"]: d for d in json.loads(r.output)}
    assert sorted(done) == sorted([intro, article])
    assert (done[intro]["done"], done[intro]["status"], done[intro]["age"]) == (
        "2026-12-14",
        "done",
        13,
    )
    assert (done[article]["done"], done[article]["owner"], done[article]["age"]) == (
        "2026-12-18",
        "mentor",
        3,
    )
    assert done[article]["overdue"] is False

    # text output marks the overdue item
    r = run(*c, "actions", "--owner", "ana", today="2026-12-23")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].split() == ["REF", "OWNER", "DUE", "STATUS", "AGE", "ORIGIN", "ITEM"]
    assert lines[1].split()[:6] == [
        charter,
        "mentee",
        "2026-12-22",
        "OVERDUE",
        "1d",
        "22d",
    ]
    assert [ln.split()[0] for ln in lines[1:4]] == [charter, "hzkq", summary]
    assert lines[-1] == "3 items: 3 open, 1 overdue"

    # reopen the intro: the hand-ticked copy loses its check and its ✅ date, 📅 stays
    r = run(*c, "reopen", intro, today="2026-12-23")
    assert r.exit_code == 0, r.output
    assert changed_lines(root, "show", "--format=", "HEAD") == [
        f"-- [x] @sam Introduce Ana to Priya \U0001f4c5 2026-12-20 id:{intro} from:2026-12-01"
        " \u2705 2026-12-14\r",
        f"+- [ ] @sam Introduce Ana to Priya \U0001f4c5 2026-12-20 id:{intro} from:2026-12-01\r",
    ]
