"""The roadmap: projection of topics onto the cadence, and roadmap add --at N."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from helpers import agreement_text, mentorlog_in

from mentorlog.errors import EXIT_OK, EXIT_USAGE, UsageError
from mentorlog.rules import documents
from mentorlog.rules.roadmap import roadmap_insert
from mentorlog.store import reading, refusals

# biweekly from 2026-12-01 to 2027-05-31: 2026-12-01 first, 12-15 … 02-09 regular,
# 2027-02-23 checkup, 03-09 midpoint, 03-23 … 05-04 regular, 05-18 closing
AGREEMENT = agreement_text(duration=False, body="")

TOPICS = [f"Topic {n}" for n in range(1, 11)]


def make_repo(root: Path, roadmap: bytes | None) -> Path:
    root.mkdir(parents=True)
    (root / "agreement.md").write_text(AGREEMENT, encoding="utf-8")
    (root / "meetings").mkdir()
    if roadmap is not None:
        (root / "roadmap.md").write_bytes(roadmap)
    return root


def meeting(root: Path, name: str, **meta: str) -> None:
    lines = "".join(f"{k}: {v}\n" for k, v in meta.items())
    (root / "meetings" / name).write_text(f"---\n{lines}---\n", encoding="utf-8")


def run(root: Path, *args: str, today: str = "2026-12-20") -> Result:
    return mentorlog_in(root, *args, today=today)


def numbered(topics: list[str]) -> bytes:
    body = "".join(f"{n}. {t}\n" for n, t in enumerate(topics, start=1))
    return ("# Roadmap\n\n" + body).encode()


# ----------------------------------------------------------- projection


def test_roadmap_json_projects_untaken_topics_onto_the_cadence(tmp_path: Path) -> None:
    roadmap = numbered(TOPICS).replace(b"3. Topic 3\n", b"3. Topic 3\n   - bring the org chart\n")
    root = make_repo(tmp_path / "r", roadmap)
    meeting(root, "2026-12-01.md", status="held", topic="Topic 1")
    meeting(root, "2026-12-15.md", status="held", topic="Topic 2")
    meeting(root, "2026-12-29.md", status="cancelled")  # no topic, and its date is gone
    # moved from 01-12; takes a later topic out of order (case and spaces do not matter)
    meeting(root, "2027-01-14.md", status="planned", moved_from="2027-01-12", topic="topic   5")
    result = run(root, "roadmap", "--json")
    assert result.exit_code == EXIT_OK, result.output
    rows = json.loads(result.stdout)
    assert [(r["position"], r["topic"], r["meeting"], r["planned"]) for r in rows] == [
        (1, "Topic 1", "2026-12-01", None),
        (2, "Topic 2", "2026-12-15", None),
        (3, "Topic 3", None, "2027-01-26"),
        (4, "Topic 4", None, "2027-02-09"),
        (5, "Topic 5", "2027-01-14", None),
        # 2027-02-23 (checkup) and 2027-03-09 (midpoint) take no topic
        (6, "Topic 6", None, "2027-03-23"),
        (7, "Topic 7", None, "2027-04-06"),
        (8, "Topic 8", None, "2027-04-20"),
        (9, "Topic 9", None, "2027-05-04"),
        # 2027-05-18 is the closing meeting: no free meeting is left
        (10, "Topic 10", None, None),
    ]
    assert rows[2]["notes"] == ["- bring the org chart"]
    assert set(rows[0]) == {"position", "topic", "meeting", "planned", "notes"}

    text = run(root, "roadmap")
    assert text.exit_code == EXIT_OK
    lines = text.stdout.splitlines()
    assert lines[0] == "  1. Topic 1  — taken by meeting 2026-12-01"
    assert lines[2] == "  3. Topic 3  — planned 2027-01-26"
    assert lines[9] == " 10. Topic 10  — not planned (no free meeting left)"


def test_projection_starts_today_and_includes_todays_meeting(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", numbered(TOPICS[:3]))
    rows = json.loads(run(root, "roadmap", "--json", today="2027-02-09").stdout)
    assert [r["planned"] for r in rows] == ["2027-02-09", "2027-03-23", "2027-04-06"]
    # before the partnership starts, the first meeting takes the first topic
    rows = json.loads(run(root, "roadmap", "--json", today="2026-11-01").stdout)
    assert [r["planned"] for r in rows] == ["2026-12-01", "2026-12-15", "2026-12-29"]


def test_roadmap_empty(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", None)
    assert run(root, "roadmap", "--json").stdout == "[]\n"
    assert run(root, "roadmap").stdout == (
        'The roadmap is empty. Add topics with: mentorlog roadmap add "Topic"\n'
    )


# ----------------------------------------------------------- roadmap add


@pytest.mark.parametrize(
    ("before", "args", "after"),
    [
        # --at 1 in a list numbered in sequence: the numbers after it rise by one
        (
            b"# Roadmap\n\n1. A\n   - note\n2. B\n3. C\n",
            ["New", "--at", "1"],
            b"# Roadmap\n\n1. New\n2. A\n   - note\n3. B\n4. C\n",
        ),
        # last + 1 goes after the last topic's notes, blank lines between them too
        (
            b"1. A\n2. B\n   - n1\n\n   - n2\n\nA closing paragraph.\n",
            ["New", "--at", "3"],
            b"1. A\n2. B\n   - n1\n\n   - n2\n3. New\n\nA closing paragraph.\n",
        ),
        # no --at: last
        (b"1. A\n2. B\n", ["New"], b"1. A\n2. B\n3. New\n"),
        # CRLF line endings are kept
        (b"1. A\r\n2. B\r\n", ["New", "--at", "2"], b"1. A\r\n2. New\r\n3. B\r\n"),
        # a bullet list keeps its bullet
        (b"* A\n* B\n", ["New", "--at", "2"], b"* A\n* New\n* B\n"),
        # an ordered list not numbered in sequence: nothing is renumbered
        (b"1. A\n1. B\n1. C\n", ["New", "--at", "2"], b"1. A\n1. New\n1. B\n1. C\n"),
        (b"1. A\n5. B\n", ["New"], b"1. A\n5. B\n5. New\n"),
        # a list that starts at another number, and ")" delimiters
        (b"3) A\n4) B\n", ["New", "--at", "2"], b"3) A\n4) New\n5) B\n"),
        (b"9. A\n10. B\n", ["New", "--at", "1"], b"9. New\n10. A\n11. B\n"),
        # a missing final newline is added to the line before the new one only
        (b"1. A\n2. B", ["New"], b"1. A\n2. B\n3. New\n"),
        # front-matter, fenced code and odd characters do not move the lines
        (
            b"---\ntitle: plan\n---\n```\n1. not a topic\n```\n1. A\x0cB\n2. C\n",
            ["New", "--at", "2"],
            b"---\ntitle: plan\n---\n```\n1. not a topic\n```\n1. A\x0cB\n2. New\n3. C\n",
        ),
        # an empty roadmap starts a numbered list
        (b"# Roadmap\n", ["First", "topic"], b"# Roadmap\n\n1. First topic\n"),
        (b"# Roadmap\r\n\r\n", ["First"], b"# Roadmap\r\n\r\n1. First\r\n"),
        (b"# Roadmap", ["First"], b"# Roadmap\n\n1. First\n"),
        (b"", ["First"], b"1. First\n"),
        # white space in the topic is tidied
        (b"1. A\n", ["  Spaced \t  out  "], b"1. A\n2. Spaced out\n"),
        # a byte-order mark survives
        (b"\xef\xbb\xbf1. A\r\n", ["New", "--at", "1"], b"\xef\xbb\xbf1. New\r\n2. A\r\n"),
    ],
)
def test_roadmap_add(tmp_path: Path, before: bytes, args: list[str], after: bytes) -> None:
    root = make_repo(tmp_path / "r", before)
    result = run(root, "roadmap", "add", *args, "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    assert (root / "roadmap.md").read_bytes() == after
    position = int(args[args.index("--at") + 1]) if "--at" in args else None
    titles = [t.title for t in documents.parse_roadmap(refusals.read_text(root / "roadmap.md"))]
    new = " ".join(" ".join(a for a in args if a != "--at" and not a.isdigit()).split())
    assert titles[(position or len(titles)) - 1] == new
    assert result.stdout == f"Added topic {position or len(titles)}: {new}\n"


def test_roadmap_add_without_a_roadmap_file(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", None)
    result = run(root, "roadmap", "add", "Industry trends", "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    assert (root / "roadmap.md").read_bytes() == b"# Roadmap\n\n1. Industry trends\n"


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("4", "mentorlog: --at 4 is out of range: the roadmap has 2 topics (use 1 to 3)\n"),
        ("99", "mentorlog: --at 99 is out of range: the roadmap has 2 topics (use 1 to 3)\n"),
        ("0", None),
        ("-1", None),
        ("two", None),
    ],
)
def test_roadmap_add_out_of_range(tmp_path: Path, at: str, message: str | None) -> None:
    before = b"1. A\r\n2. B\r\n"
    root = make_repo(tmp_path / "r", before)
    result = run(root, "roadmap", "add", "New", "--at", at, "--no-commit")
    assert result.exit_code == EXIT_USAGE
    if message is not None:
        assert result.stderr == message
    else:
        assert "--at" in result.stderr
    assert (root / "roadmap.md").read_bytes() == before


def test_roadmap_add_empty_topic(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", b"1. A\n")
    result = run(root, "roadmap", "add", " ", "--no-commit")
    assert (result.exit_code, result.stderr) == (EXIT_USAGE, "mentorlog: the topic is empty\n")
    with pytest.raises(UsageError):
        roadmap_insert("1. A\n", "\t", None)


def test_new_meeting_takes_the_projected_topic(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", numbered(TOPICS[:4]))
    meeting(root, "2026-12-01.md", status="held", topic="Topic 1")
    planned = json.loads(run(root, "roadmap", "--json", today="2026-12-02").stdout)[1]["planned"]
    result = run(root, "new-meeting", "--no-commit", today="2026-12-02")
    assert result.exit_code == EXIT_OK, result.output
    assert planned == "2026-12-15"
    text = (root / "meetings" / "2026-12-15.md").read_text(encoding="utf-8")
    assert "\ntopic: Topic 2\n" in text
    rows = json.loads(run(root, "roadmap", "--json", today="2026-12-02").stdout)
    assert [(r["meeting"], r["planned"]) for r in rows] == [
        ("2026-12-01", None),
        ("2026-12-15", None),
        (None, "2026-12-29"),
        (None, "2027-01-12"),
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("# Roadmap\r", "# Roadmap\r\r1. New\r"),
        ("# Roadmap\r\r1. A\r2. B", "# Roadmap\r\r1. A\r2. B\r3. New\r"),
    ],
)
def test_roadmap_add_keeps_cr_only_line_endings(before: str, after: str) -> None:
    # a file whose lines end in a lone CR gets a new line ending in CR, not LF
    assert roadmap_insert(before, "New", None) == after


@pytest.mark.parametrize("topic", ["Esc\x1bape", "Bad\udcffbyte"])
def test_text_from_the_command_line_is_made_one_clean_line(tmp_path: Path, topic: str) -> None:
    # a control character made new-meeting write front-matter YAML refuses, and
    # an undecodable byte (a lone surrogate) ended both commands with exit 70
    root = make_repo(tmp_path / "r", b"1. A\n")
    result = run(root, "roadmap", "add", topic, "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    clean = topic.replace("\x1b", "").replace("\udcff", "")
    assert (root / "roadmap.md").read_bytes() == f"1. A\n2. {clean}\n".encode()
    result = run(root, "new-meeting", "2026-12-01", "--topic", topic, "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    p = reading.load(root)
    assert p.problems == []
    assert p.meetings[0].topic == clean


def test_new_meeting_takes_a_roadmap_topic_with_a_control_character(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r", b"1. T\x1bZ\n")
    result = run(root, "new-meeting", "2026-12-01", "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    p = reading.load(root)
    assert p.problems == []
    assert p.meetings[0].topic == "T Z"  # a topic is one line of text: the control is a space


def test_roadmap_add_to_a_list_numbered_from_zero() -> None:
    assert roadmap_insert("0. A\n1. B\n", "New", None) == "0. A\n1. B\n2. New\n"
    assert roadmap_insert("0. A\n1. B\n", "New", 1) == "0. New\n1. A\n2. B\n"


def test_new_meeting_copies_task_boxes_of_roadmap_notes_as_text(tmp_path: Path) -> None:
    # the agenda must not turn a roadmap note into a new follow-through item
    roadmap = b"1. Topic 1\n   - [ ] read the chapter\n   * [x] watched the talk\n   - plain note\n"
    root = make_repo(tmp_path / "r", roadmap)
    result = run(root, "new-meeting", "2026-12-15", "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    text = (root / "meetings" / "2026-12-15.md").read_text(encoding="utf-8")
    assert (
        "- **Topic: Topic 1**\n  - \\[ ] read the chapter\n  * \\[x] watched the talk\n"
        "  - plain note\n" in text
    )
    assert list(reading.load(root).items()) == []
