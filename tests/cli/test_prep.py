"""Before the partnership: prep, prospect add/set, prospects, ask; and init adopting them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from helpers import git, mentorlog, mentorlog_in

from mentorlog.errors import EXIT_USAGE
from mentorlog.rules import prep, prospect_table, prospects
from mentorlog.store import prep_folder

TODAY = "2026-11-21"


def run(*args: str) -> Result:
    return mentorlog(args, today=TODAY)


INIT = ("--mentee", "Ana Ruiz", "--start", "2026-12-01", "--months", "6", "--timezone", "UTC")


# ------------------------------------------------------------------ prep


def test_prep_before_init_then_init_keeps_prep_and_prospects(tmp_path: Path) -> None:
    d = str(tmp_path)
    assert run("-C", d, "prep").exit_code == 0
    assert not (tmp_path / ".git").exists()  # no git repository yet: just written
    r = run("-C", d, "prospect", "add", "Sam Lee", "--experience", "5", "--status", "accepted")
    assert r.exit_code == 0, r.output
    assert run("-C", d, "prospect", "add", "Priya Shah", "--time", "4").exit_code == 0
    (tmp_path / "prep.md").write_bytes((tmp_path / "prep.md").read_bytes() + b"My own words\n")
    before = {n: (tmp_path / n).read_bytes() for n in ("prep.md", "prospects.md")}

    r = run("-C", d, "init", *INIT)  # no --mentor: the one accepted prospect
    assert r.exit_code == 0, r.output
    assert "Mentor: Sam Lee (accepted in prospects.md)" in r.stdout
    assert "From prep.md: --cadence biweekly\n" in r.stdout  # the template's "every two weeks"
    assert {n: (tmp_path / n).read_bytes() for n in before} == before

    from mentorlog.store import reading

    p = reading.load(tmp_path)
    assert (p.agreement.mentee, p.agreement.mentor) == ("Ana Ruiz", "Sam Lee")
    assert p.problems == []
    # init committed its own files and left prep.md / prospects.md to the user
    assert "prep.md" not in git(tmp_path, "ls-files")
    assert "?? prep.md" in git(tmp_path, "status", "--porcelain")
    # the repository works: a meeting can be scaffolded
    r = run("-C", d, "new-meeting", "--no-commit")
    assert r.exit_code == 0, r.output
    # and the prep commands still work inside it, from a subfolder too
    r = mentorlog(["prospects", "--json"], today=TODAY)
    assert r.exit_code == 0


def test_init_without_mentor_and_two_accepted_prospects_still_needs_the_flag(
    tmp_path: Path,
) -> None:
    d = str(tmp_path)
    run("-C", d, "prospect", "add", "Sam Lee", "--status", "accepted")
    run("-C", d, "prospect", "add", "Kim Ode", "--status", "accepted")
    r = run("-C", d, "init", *INIT)
    assert r.exit_code == EXIT_USAGE
    assert "missing --mentor" in r.stderr
    assert not (tmp_path / "agreement.md").exists()


def test_prep_in_a_git_repository_commits_and_init_adopts_it(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    r = run("-C", str(tmp_path), "prep")
    assert r.exit_code == 0, r.output
    assert "committed" in r.stdout
    assert git(tmp_path, "log", "--format=%s") == "mentorlog: prep\n"
    assert git(tmp_path, "ls-files") == "prep.md\n"
    prep_bytes = (tmp_path / "prep.md").read_bytes()
    r = run("-C", str(tmp_path), "init", *INIT, "--mentor", "Sam Lee")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "prep.md").read_bytes() == prep_bytes
    log = git(tmp_path, "log", "--format=%s").splitlines()
    assert log == ["mentorlog: start the partnership Ana Ruiz / Sam Lee", "mentorlog: prep"]


def test_prep_refuses_to_overwrite_and_no_commit(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    assert run("-C", str(tmp_path), "prep", "--no-commit").exit_code == 0
    assert git(tmp_path, "ls-files") == ""
    (tmp_path / "prep.md").write_text("mine\n", encoding="utf-8")
    r = run("-C", str(tmp_path), "prep")
    assert r.exit_code == EXIT_USAGE
    assert r.stderr == (
        "mentorlog: prep.md exists already; mentorlog never overwrites it "
        "(edit it, or remove it first)\n"
    )
    assert (tmp_path / "prep.md").read_text(encoding="utf-8") == "mine\n"


def test_prep_template_has_the_sections_no_task_items_and_a_readable_scope(
    tmp_path: Path,
) -> None:
    run("-C", str(tmp_path / "new"), "prep")  # -C names a folder that does not exist yet
    text = (tmp_path / "new" / "prep.md").read_text(encoding="utf-8")
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "Why I want a mentor",
        "What I bring",
        "What I expect",
        "My goals for the partnership",
        "Scope",
        "Qualities of my ideal mentor",
        "Readiness",
    ]
    assert "- [" not in text
    assert "Started 2026-11-21." in text
    parsed = prep.parse_prep(text)
    assert len(parsed.reasons) == 10 and parsed.reasons[0] == "Work/life balance"
    assert parsed.goals == []
    assert parsed.scope == prep.Scope("6 months", "every two weeks, about an hour", "", "")


def test_parse_prep_is_tolerant_of_hand_edits() -> None:
    text = (
        "# Me\r\n\r\n### Why a mentor?\r\n* Career strategy\r\n\r\n"
        "## Top goals\r\n<!-- a comment\r\n- not a goal\r\n-->\r\n"
        "1) **Lead** a project\r\n   across three teams\r\n2.\r\n"
        "## The scope I ask for\r\n- **Length of commitment:** one year\r\n"
        "- Frequency: monthly\r\n- where to meet: video\r\n- Feedback wanted: candid\r\n"
        "```\r\n- Length: ignored in code\r\n```\r\n"
    )
    parsed = prep.parse_prep(text)
    assert parsed.reasons == ["Career strategy"]
    assert parsed.goals == ["**Lead** a project across three teams"]
    assert parsed.scope == prep.Scope("one year", "monthly", "video", "candid")


def test_scope_lines_in_the_goals_section_when_there_is_no_scope_heading() -> None:
    parsed = prep.parse_prep("## My goals\n- Grow\n- Length: 9 months\n")
    assert parsed.goals == ["Grow"]
    assert parsed.scope.length == "9 months"


def test_prep_folder_is_the_partnership_root_from_a_subfolder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("-C", str(tmp_path), "init", *INIT, "--mentor", "Sam Lee", "--no-git")
    monkeypatch.chdir(tmp_path / "meetings")
    assert run("prep").exit_code == 0
    assert (tmp_path / "prep.md").is_file()
    assert prep_folder.find_prep_root(None, tmp_path / "meetings") == tmp_path
    # a folder holding prep.md is used as it is, even inside a partnership
    (tmp_path / "goals" / "prep.md").write_text("x\n", encoding="utf-8")
    assert prep_folder.find_prep_root(None, tmp_path / "goals") == tmp_path / "goals"
    outside = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    outside.mkdir()
    assert prep_folder.find_prep_root(None, outside) == outside.resolve()


# ------------------------------------------------------------- fit and rank


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({"experience": 5, "willingness": 5, "time": 5, "chemistry": 5}, 100),
        ({"experience": 1, "willingness": 1, "time": 1, "chemistry": 1}, 0),
        ({"experience": 5, "willingness": 4, "time": 4, "chemistry": 3}, 81),
        ({"experience": 1, "willingness": 3, "time": 1, "chemistry": 1}, 13),  # 12.5 rounds up
        ({"experience": 4, "time": 5}, 85),
        ({"chemistry": 3}, 50),
        ({}, None),
    ],
)
def test_fit(scores: dict[str, int | None], expected: int | None) -> None:
    assert prospects.fit(scores) == expected


TABLE = """\
# Prospects

| Name | Experience | Willingness | Time | Chemistry | Status | Notes |
|---|---|---|---|---|---|---|
| Zoe Park | 4 | 4 | 4 | 4 | idea | |
| Al Stone | 4 | | | | asked | only met once |
| Cy | | | | | | |
| Bea Cruz | 4 | 4 | 4 | 4 | idea | |
| Dee Ray | 5 | 5 | 5 | 5 | declined | |
| Eve Ng | 2 | 7 | ? | - | maybe | |
"""


def test_ranking_with_ties_and_missing_scores(tmp_path: Path) -> None:
    (tmp_path / "prospects.md").write_text(TABLE, encoding="utf-8")
    r = run("-C", str(tmp_path), "prospects", "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [(x["rank"], x["name"], x["fit"], x["missing"]) for x in rows] == [
        (1, "Dee Ray", 100, []),
        (2, "Bea Cruz", 75, []),  # ties: more scores first, then by name
        (3, "Zoe Park", 75, []),
        (4, "Al Stone", 75, ["willingness", "time", "chemistry"]),
        (5, "Eve Ng", 25, ["willingness", "time", "chemistry"]),
        (6, "Cy", None, ["experience", "willingness", "time", "chemistry"]),
    ]
    assert r.stderr == (
        "mentorlog: prospects.md:10: warning: Willingness '7' of Eve Ng is not a score "
        "from 1 to 5; it is left out of the fit\n"
        "mentorlog: prospects.md:10: warning: status 'maybe' of Eve Ng is not one of: "
        "idea, asked, accepted, declined\n"
    )
    text = run("-C", str(tmp_path), "prospects").stdout.splitlines()
    assert text[0] == "#  fit  scored  Name      exp  will  time  chem  status"
    assert text[1] == "1  100     4/4  Dee Ray     5     5     5     5  declined"
    assert text[4] == (
        "4   75     1/4  Al Stone    4     -     -     -  asked"
        "     (no willingness, time, chemistry)"
    )
    assert text[6] == "6    -     0/4  Cy          -     -     -     -  idea"


def test_two_high_scores_do_not_outrank_a_prospect_scored_fully(tmp_path: Path) -> None:
    d = str(tmp_path)
    run("-C", d, "prospect", "add", "Kim", "--experience", "5", "--willingness", "5")
    run("-C", d, "prospect", "add", "Lou", "--experience", "4", "--willingness", "4",
        "--time", "4", "--chemistry", "4")  # fmt: skip
    run("-C", d, "prospect", "add", "Max", "--experience", "2", "--willingness", "2",
        "--time", "2", "--chemistry", "2")  # fmt: skip
    rows = json.loads(run("-C", d, "prospects", "--json").stdout)
    assert [(x["name"], x["fit"], x["coverage"], x["rank_fit"]) for x in rows] == [
        ("Lou", 75, 4, 75),
        ("Kim", 100, 2, 63),  # what is known is excellent, but half is unknown
        ("Max", 25, 4, 25),
    ]
    text = run("-C", d, "prospects").stdout.splitlines()
    assert [line.split()[:4] for line in text[1:]] == [
        ["1", "75", "4/4", "Lou"],
        ["2", "100", "2/4", "Kim"],
        ["3", "25", "4/4", "Max"],
    ]


def test_json_shape(tmp_path: Path) -> None:
    d = str(tmp_path)
    run("-C", d, "prospect", "add", "Sam", "Lee", "--experience", "5", "--willingness", "4",
        "--time", "3", "--chemistry", "4", "--notes", "Led the migration")  # fmt: skip
    r = run("-C", d, "prospects", "--json")
    assert json.loads(r.stdout) == [
        {
            "name": "Sam Lee",
            "experience": 5,
            "willingness": 4,
            "time": 3,
            "chemistry": 4,
            "fit": 78,
            "coverage": 4,
            "rank_fit": 78,
            "status": "idea",
            "notes": "Led the migration",
            "rank": 1,
            "missing": [],
            "line": 17,
        }
    ]
    assert r.stdout == json.dumps(json.loads(r.stdout), indent=2, sort_keys=True) + "\n"
    assert json.loads(run("-C", str(tmp_path / "none"), "prospects", "--json").stdout) == []


# ------------------------------------------------------- editing the table


HAND = (
    "\ufeff# People I could ask\r\n"
    "\r\n"
    "Status | Name      |  Time | Experience | Met at   | Notes\r\n"
    ":---|---|:-:|---|---|---\r\n"
    "idea   | Sam Lee   |   3   | 5          | RustConf | kind \\| sharp\r\n"
    "asked  | Priya Shah|   4\r\n"
    "\r\n"
    "Some text after the table.\r\n"
)


def test_hand_edited_table_parses_by_header_names() -> None:
    parsed = prospects.parse_prospects(HAND.lstrip("\ufeff"))
    sam, priya = parsed.prospects
    assert (sam.name, sam.scores, sam.status, sam.notes, sam.extra, sam.line) == (
        "Sam Lee",
        {"experience": 5, "willingness": None, "time": 3, "chemistry": None},
        "idea",
        "kind | sharp",
        {"Met at": "RustConf"},
        5,
    )
    assert (priya.name, priya.scores["time"], priya.status, priya.notes) == (
        "Priya Shah",
        4,
        "asked",
        "",
    )
    assert parsed.problems == []


def test_a_table_is_what_markdown_reads_as_one() -> None:
    # an indented block is code, not a table; the table read is the first real one
    text = (
        "Example:\n\n"
        "    | Name | Experience |\n    |---|---|\n    | Example Person | 5 |\n\n"
        "| Name | Experience |\n|---|---|\n| Sam Lee | 4 |\nSam is kind.\n"
    )
    parsed = prospects.parse_prospects(text)
    assert [(p.name, p.scores["experience"], p.line) for p in parsed.prospects] == [
        ("Sam Lee", 4, 9)
    ]
    assert parsed.table is not None and parsed.table.rows == [8]


def test_a_separator_line_with_other_cells_than_the_header_is_no_table() -> None:
    text = "# People\n\n| Name | Experience |\n|---|\n| Sam Lee | 4 |\n"
    parsed = prospects.parse_prospects(text)
    assert (parsed.table, parsed.prospects) == (None, [])
    assert [str(problem) for problem in parsed.problems] == [
        "prospects.md:3: warning: this header row has 2 cells and the separator line below "
        "it 1, so it starts no table and its rows are not read; give them the same number "
        "of cells"
    ]


def test_set_one_score_changes_only_that_row_keeping_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "prospects.md"
    path.write_bytes(HAND.encode("utf-8"))
    r = run("-C", str(tmp_path), "prospect", "set", "Sam", "--time", "4", "--no-commit")
    assert r.exit_code == 0, r.output
    assert r.stdout == "Updated Sam Lee: time 4 (fit 90)\n"
    expected = HAND.replace(
        "idea   | Sam Lee   |   3   | 5 ", "idea   | Sam Lee   |   4   | 5 "
    ).encode("utf-8")
    assert path.read_bytes() == expected


def test_set_extends_a_short_row_and_clears_a_score(tmp_path: Path) -> None:
    path = tmp_path / "prospects.md"
    path.write_bytes(HAND.encode("utf-8"))
    r = run("-C", str(tmp_path), "prospect", "set", "priya shah", "--experience", "2",
            "--time", "-", "--notes", "a|b", "--no-commit")  # fmt: skip
    assert r.exit_code == 0, r.output
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    assert lines[5] == "asked  | Priya Shah|     | 2 | | a\\|b"
    assert path.read_bytes().decode("utf-8").split("\r\n")[:5] == HAND.split("\r\n")[:5]
    assert lines[6:] == HAND.split("\r\n")[6:]
    parsed = prospects.parse_prospects(path.read_text(encoding="utf-8-sig"))
    assert parsed.prospects[1].scores["time"] is None
    assert parsed.prospects[1].notes == "a|b"


def test_set_a_column_the_table_lacks_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "prospects.md"
    path.write_bytes(HAND.encode("utf-8"))
    r = run("-C", str(tmp_path), "prospect", "set", "Sam", "--chemistry", "4")
    assert r.exit_code == EXIT_USAGE
    assert r.stderr == (
        "mentorlog: prospects.md has no Chemistry column; add it to the table's header row\n"
    )
    assert path.read_bytes() == HAND.encode("utf-8")


def test_add_appends_after_the_last_row_in_the_tables_style(tmp_path: Path) -> None:
    path = tmp_path / "prospects.md"
    path.write_bytes(HAND.encode("utf-8"))
    r = run("-C", str(tmp_path), "prospect", "add", "Kim", "--time", "2", "--no-commit")
    assert r.exit_code == 0, r.output
    lines = HAND.split("\r\n")
    lines.insert(6, "idea   | Kim       |  2")
    assert path.read_bytes() == "\r\n".join(lines).encode("utf-8")


def test_add_refuses_a_name_that_is_there_and_set_needs_a_change(tmp_path: Path) -> None:
    (tmp_path / "prospects.md").write_text(TABLE, encoding="utf-8")
    r = run("-C", str(tmp_path), "prospect", "add", "zoe  park")
    assert r.exit_code == EXIT_USAGE
    assert "Zoe Park is already in prospects.md:5" in r.stderr
    r = run("-C", str(tmp_path), "prospect", "set", "Zoe")
    assert r.exit_code == EXIT_USAGE
    r = run("-C", str(tmp_path), "prospect", "set", "Nobody", "--time", "3")
    assert r.exit_code == EXIT_USAGE
    assert "no prospect named 'Nobody'" in r.stderr
    r = run("-C", str(tmp_path), "prospect", "add", "X", "--time", "6")
    assert r.exit_code == EXIT_USAGE
    assert (tmp_path / "prospects.md").read_text(encoding="utf-8") == TABLE


def test_first_add_writes_the_template_and_commits(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    r = run("-C", str(tmp_path), "prospect", "add", "Sam Lee", "--experience", "4")
    assert r.exit_code == 0, r.output
    text = (tmp_path / "prospects.md").read_text(encoding="utf-8")
    assert text.endswith(
        "| Name | Experience | Willingness | Time | Chemistry | Status | Notes |\n"
        "|------|------------|-------------|------|-----------|--------|-------|\n"
        "| Sam Lee | 4          |             |      |           | idea   |       |\n"
    )
    assert git(tmp_path, "log", "--format=%s") == "mentorlog: prospect add Sam Lee\n"


# ------------------------------------------------------------------ ask


PREP_FILLED = """\
# Preparing for a mentor

## Why I want a mentor

- Leadership development

## What I bring

- Five years of data engineering

## My goals for the partnership

1. Lead a cross-team project
2. Speak up in leadership meetings

## Scope

- Length: 6 months
- How often: every two weeks, about an hour
- Where: Café Central or video
- Feedback: candid and direct
"""


def test_ask_drafts_the_request_with_scope_and_goals(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    d = str(tmp_path)
    (tmp_path / "prep.md").write_text(PREP_FILLED, encoding="utf-8")
    run("-C", d, "prospect", "add", "Sam Lee", "--experience", "5", "--notes", "Led the migration")
    run("-C", d, "prospect", "add", "Priya Shah")
    before = (tmp_path / "prospects.md").read_text(encoding="utf-8")
    r = run("-C", d, "ask", "Sam")
    assert r.exit_code == 0, r.output
    draft = (tmp_path / "prospects" / "sam-lee.md").read_text(encoding="utf-8")
    assert r.stdout == draft
    assert draft.startswith("# Request to Sam Lee\n")
    assert "Dear Sam,\n" in draft
    assert "## Why you\n\nLed the migration\n" in draft
    assert (
        "## What I hope to learn\n\n1. Lead a cross-team project\n"
        "2. Speak up in leadership meetings\n"
    ) in draft
    assert (
        "- **Length of commitment:** 6 months\n"
        "- **How often we would meet:** every two weeks, about an hour\n"
        "- **Where:** Café Central or video\n"
        "- **Feedback:** candid and direct\n"
    ) in draft
    assert "## What I bring\n\n- Five years of data engineering\n" in draft
    assert "- [" not in draft
    # the status went from idea to asked, on that row only
    after = (tmp_path / "prospects.md").read_text(encoding="utf-8")
    assert after == before.replace(
        "| Sam Lee | 5          |             |      |           | idea   |",
        "| Sam Lee | 5          |             |      |           | asked  |",
    )
    assert r.stderr.startswith(
        "mentorlog: saved the draft to prospects/sam-lee.md; Sam Lee's status is now asked"
    )
    assert git(tmp_path, "show", "--name-only", "--format=%s", "HEAD").split() == [
        "mentorlog:", "draft", "the", "request", "to", "Sam", "Lee",
        "prospects.md", "prospects/sam-lee.md",
    ]  # fmt: skip

    # a second ask prints the saved draft and never overwrites it
    (tmp_path / "prospects" / "sam-lee.md").write_text("my edited draft\n", encoding="utf-8")
    r = run("-C", d, "ask", "Sam Lee")
    assert r.exit_code == 0
    assert r.stdout == "my edited draft\n"
    assert "exists already" in r.stderr
    assert (tmp_path / "prospects" / "sam-lee.md").read_text(encoding="utf-8") == (
        "my edited draft\n"
    )


def test_ask_without_prep_and_for_an_asked_prospect(tmp_path: Path) -> None:
    d = str(tmp_path)
    run("-C", d, "prospect", "add", "José Núñez", "--status", "asked", "--no-commit")
    before = (tmp_path / "prospects.md").read_bytes()
    r = run("-C", d, "ask", "josé", "--no-commit")
    assert r.exit_code == 0, r.output
    assert "no prep.md here" in r.stderr
    draft = (tmp_path / "prospects" / "jose-nunez.md").read_text(encoding="utf-8")
    assert "- **Length of commitment:** to be agreed\n" in draft
    assert (tmp_path / "prospects.md").read_bytes() == before  # asked stays asked


@pytest.mark.parametrize(
    ("name", "greeting"),
    [
        ("Dr. Priya Raman", "Dear Dr. Raman,\n"),
        ("prof Mei Chen", "Dear prof Chen,\n"),
        ("Ms Lee", "Dear Ms Lee,\n"),
        ("Drew Barry", "Dear Drew,\n"),
    ],
)
def test_ask_greets_a_titled_name_by_title_and_surname(
    tmp_path: Path, name: str, greeting: str
) -> None:
    d = str(tmp_path)
    run("-C", d, "prospect", "add", name, "--no-commit")
    r = run("-C", d, "ask", name, "--no-commit")
    assert r.exit_code == 0, r.output
    assert greeting in r.stdout
    assert "Dear Dr.,\n" not in r.stdout


def test_ask_unknown_or_ambiguous_name(tmp_path: Path) -> None:
    (tmp_path / "prospects.md").write_text(TABLE, encoding="utf-8")
    r = run("-C", str(tmp_path), "ask", "Nobody")
    assert r.exit_code == EXIT_USAGE
    (tmp_path / "prospects.md").write_text(TABLE + "| Sam A | | | | | | |\n| Sam B |\n")
    r = run("-C", str(tmp_path), "ask", "sam")
    assert r.exit_code == EXIT_USAGE
    assert "'sam' matches Sam A, Sam B" in r.stderr
    r = run("-C", str(tmp_path / "empty"), "ask", "Sam")
    assert r.exit_code == EXIT_USAGE
    assert not (tmp_path / "prospects").exists()


def test_slugify() -> None:
    assert prospects.slugify("Sam Lee") == "sam-lee"
    assert prospects.slugify("  José  Núñez ") == "jose-nunez"
    assert prospects.slugify("Ο Γιώργος") == "ο-γιώργος"
    assert prospects.slugify("!!!") == "prospect"


def test_init_takes_the_scope_from_prep(tmp_path: Path) -> None:
    d = str(tmp_path)
    (tmp_path / "prep.md").write_text(PREP_FILLED, encoding="utf-8")
    run("-C", d, "prospect", "add", "Sam Lee", "--status", "accepted", "--no-commit")
    r = run("-C", d, "init", "--mentee", "Ana Ruiz", "--start", "2026-12-01", "--timezone", "UTC")
    assert r.exit_code == 0, r.output
    assert "From prep.md: --months 6, --cadence biweekly, --location Café Central or video\n" in (
        r.stdout
    )
    from mentorlog.store import reading

    a = reading.load(tmp_path).agreement
    assert (a.mentor, a.end.isoformat(), a.cadence, a.location) == (
        "Sam Lee",
        "2027-05-31",
        "biweekly",
        "Café Central or video",
    )
    # flags win over prep.md (in a folder beside the partnership: init refuses one inside)
    other = tmp_path.with_name(tmp_path.name + "-other")
    other.mkdir()
    (other / "prep.md").write_text(PREP_FILLED, encoding="utf-8")
    r = run("-C", str(other), "init", *INIT, "--mentor", "Kim", "--cadence", "weekly", "--no-git")
    assert r.exit_code == 0, r.output
    assert "From prep.md: --location Café Central or video\n" in r.stdout
    assert reading.load(other).agreement.cadence == "weekly"


def test_init_puts_prep_goals_and_feedback_into_the_agreement(tmp_path: Path) -> None:
    d = str(tmp_path)
    (tmp_path / "prep.md").write_text(
        PREP_FILLED.replace("2. Speak up", "2. [ ] Speak up"), encoding="utf-8"
    )
    r = run("-C", d, "init", *INIT, "--mentor", "Sam Lee", "--no-git")
    assert r.exit_code == 0, r.output
    assert "From prep.md: goals and feedback (into agreement.md)\n" in r.stdout
    text = (tmp_path / "agreement.md").read_text(encoding="utf-8")
    goals = text[text.index("## Our top 3 goals") : text.index("## Roles")]
    assert goals.endswith(
        "<!-- From prep.md: agree them together, and reword them as SMART goals. -->\n\n"
        "1. Lead a cross-team project\n2. \\[ ] Speak up in leadership meetings\n\n"
    )
    assert "_First goal_" not in text
    assert "- **Ana Ruiz would like:** candid and direct\n- **Sam Lee would like:**\n" in text
    # without prep.md: the placeholders, as before
    other = tmp_path.with_name(tmp_path.name + "-other")
    assert run("init", str(other), *INIT, "--mentor", "Sam Lee", "--no-git").exit_code == 0
    text = (other / "agreement.md").read_text(encoding="utf-8")
    assert "1. _First goal_\n2. _Second goal_\n3. _Third goal_\n" in text
    assert "- **Ana Ruiz would like:**\n" in text


@pytest.mark.parametrize(
    ("length", "months"),
    [("6 months", 6), ("six months", 6), ("a year", 12), ("2 years", 24), ("12-month", 12),
     ("", None), ("until spring", None), ("0 months", None)],
)  # fmt: skip
def test_scope_months(length: str, months: int | None) -> None:
    assert prep.scope_months(length) == months


@pytest.mark.parametrize(
    ("how_often", "cadence"),
    [("every two weeks, about an hour", "biweekly"), ("every other week", "biweekly"),
     ("Every 3 weeks", "every 3 weeks"), ("once a month", "monthly"), ("weekly", "weekly"),
     ("Monthly on the first Tuesday", "monthly on the first tuesday"), ("often", None),
     ("", None)],
)  # fmt: skip
def test_scope_cadence(how_often: str, cadence: str | None) -> None:
    assert prep.scope_cadence(how_often) == cadence


def test_gitignored_prospects_are_written_but_never_committed(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("prospects.md\nprospects/\n", encoding="utf-8")
    d = str(tmp_path)
    assert run("-C", d, "prep").exit_code == 0
    r = run("-C", d, "prospect", "add", "Sam Lee", "--experience", "4")
    assert (r.exit_code, r.stdout) == (0, "Added Sam Lee to prospects.md (fit 75)\n")
    assert run("-C", d, "prospect", "set", "Sam", "--time", "3").exit_code == 0
    r = run("-C", d, "ask", "Sam")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "prospects" / "sam-lee.md").is_file()
    assert git(tmp_path, "log", "--format=%s") == "mentorlog: prep\n"
    assert git(tmp_path, "ls-files") == "prep.md\n"


def test_set_on_a_row_without_trailing_pipe_keeps_its_other_cells() -> None:
    text = "Name | Time | Status\n--|--|--\nSam | 3 | idea \nKim | 2\n"
    table = prospect_table.find_table(text)
    assert table is not None
    assert prospect_table.set_cells(text, table, 3, {"time": "5"}) == text.replace("| 3 |", "| 5 |")
    assert prospect_table.set_cells(text, table, 3, {"status": "asked"}) == text.replace(
        "idea \n", "asked\n"
    )
    assert prospect_table.set_cells(text, table, 4, {"status": "asked"}) == text.replace(
        "Kim | 2\n", "Kim | 2 | asked\n"
    )


def test_prep_edit_opens_the_editor(tmp_path: Path) -> None:
    log = tmp_path / "edited"
    editor = f"sh -c 'echo \"$0\" > {log}'"
    r = mentorlog_in(tmp_path, "prep", "--edit", today=TODAY, EDITOR=editor)
    assert r.exit_code == 0, r.output
    assert log.read_text(encoding="utf-8").strip() == str(tmp_path / "prep.md")


def test_parse_prep_nested_details_and_bare_scope_lines() -> None:
    text = (
        "## My goals\n1. Lead a project\n   - by March\n   - three teams\n2. Speak up\n"
        "## Scope\nLength: a year\nHow often: monthly\n"
    )
    parsed = prep.parse_prep(text)
    assert parsed.goals == ["Lead a project; by March; three teams", "Speak up"]
    assert (parsed.scope.length, parsed.scope.how_often) == ("a year", "monthly")


def test_a_header_row_without_its_separator_line_is_a_warning(tmp_path: Path) -> None:
    """Without the |---| line the rows were skipped in silence: prospects said
    "No prospects yet" and check found nothing."""
    text = "# Prospects\n\n| Name | Experience | Status |\n| Kim | 4 | asked |\n"
    warning = (
        "prospects.md:3: warning: this header row has no separator line below it "
        "(| --- | --- |), so it starts no table and its rows are not read; add that line"
    )
    assert [p.line for p in prospects.parse_prospects(text).problems] == [3]
    assert [p.line for p in prospects.parse_prospects(text + "|---|---|---|\n").problems] == [3]
    fixed = text.replace("|\n| Kim", "|\n|---|---|---|\n| Kim")
    assert prospects.parse_prospects(fixed).problems == []
    (tmp_path / "prospects.md").write_text(text)
    r = run("-C", str(tmp_path), "prospects")
    assert r.exit_code == 0
    assert f"mentorlog: {warning}" in r.output
    (tmp_path / "agreement.md").write_text(
        "---\nmentee: Ana\nmentor: Sam\nstart: 2026-12-01\nend: 2027-05-31\n"
        'cadence: biweekly\ntime: "17:30"\ntimezone: UTC\n---\n'
    )
    r = run("-C", str(tmp_path), "check")
    assert r.exit_code == 0
    assert r.output.splitlines()[0] == warning


def test_prep_files_linked_out_of_the_folder_are_not_read(tmp_path: Path) -> None:
    # a link committed by the partner must not pull an outside file into a commit
    outside = tmp_path / "outside.md"
    outside.write_text("SECRET\n\n| Name | Status |\n|---|---|\n| Kim | idea |\n", "utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / "prospects.md").symlink_to(outside)
    d = str(home)
    r = run("-C", d, "prospect", "add", "Lee", "--no-commit")
    assert r.exit_code == EXIT_USAGE
    assert "prospects.md:1: is a symbolic link; mentorlog never reads" in r.stderr
    assert (home / "prospects.md").is_symlink()
    assert run("-C", d, "prospects").exit_code == EXIT_USAGE
    (home / "prospects.md").unlink()
    (home / "prospects.md").write_text("| Name | Status |\n|---|---|\n| Kim | idea |\n", "utf-8")
    (home / "prep.md").symlink_to(outside)
    r = run("-C", d, "ask", "Kim", "--no-commit")
    assert r.exit_code == EXIT_USAGE
    assert "prep.md:1: is a symbolic link; mentorlog never reads" in r.stderr
    (home / "prep.md").unlink()
    (home / "prospects").mkdir()
    (home / "prospects" / "kim.md").symlink_to(outside)
    r = run("-C", d, "ask", "Kim", "--no-commit")
    assert r.exit_code == EXIT_USAGE
    assert "SECRET" not in r.stdout


def test_ask_refuses_a_prospects_folder_linked_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    (home / "prospects.md").write_text("| Name | Status |\n|---|---|\n| Kim | idea |\n", "utf-8")
    (home / "prospects").symlink_to(outside)
    r = run("-C", str(home), "ask", "Kim", "--no-commit")
    assert r.exit_code == EXIT_USAGE
    assert "leads outside the repository" in r.stderr
    assert list(outside.iterdir()) == []


def test_prep_inside_another_repository_commits_nothing_there(tmp_path: Path) -> None:
    # a home folder kept in git must not receive prep.md or the scores of real people
    git(tmp_path, "init", "-q")
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "base")
    d = str(tmp_path / "prep")
    r = run("-C", d, "prep")
    assert r.exit_code == 0, r.output
    assert "committed" not in r.stdout
    assert "not committed: this folder is inside the git repository" in r.stderr
    assert run("-C", d, "prospect", "add", "Kim", "--experience", "3").exit_code == 0
    assert git(tmp_path, "log", "--format=%s") == "base\n"
    assert git(tmp_path, "ls-files") == ""
