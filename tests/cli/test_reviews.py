"""Reviews: the check-in parser, the figures, and reviews/KIND.md refreshed in place."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import Result
from helpers import mentorlog_in
from review_fixtures import MEETINGS, TODAY, build, meeting

from mentorlog.errors import EXIT_OK, EXIT_USAGE, BadFile
from mentorlog.rules import review_blocks, reviews, timeline
from mentorlog.store import reading
from mentorlog.text import markers
from mentorlog.text.checkin import parse_checkin

D = dt.date


def run(root: Path, *args: str, today: dt.date = TODAY) -> Result:
    return mentorlog_in(root, *args, today=today)


def block(text: str, name: str) -> str:
    m = re.search(
        rf"<!-- mentorlog:begin {name} -->\r?\n(.*?)<!-- mentorlog:end {name} -->", text, re.S
    )
    assert m, f"no block {name}"
    return m.group(1).replace("\r\n", "\n").strip("\n")


def outside(text: str) -> str:
    return re.sub(
        r"(<!-- mentorlog:begin (\S+) -->).*?(<!-- mentorlog:end \2 -->)", r"\1\3", text, flags=re.S
    )


# ------------------------------------------------------------------ check-in


def test_checkin_headings_lists_bold_and_comments() -> None:
    body = (
        "# M\n\n## Notes\n\n### What was useful about today?\n\nNot in the check-in.\n\n"
        "## Check-in\n\n<!-- prompt -->\n\n"
        "### What was useful about today?\n\nLine one\nline two\n\n"
        "### What are the next steps\n\n<!-- only a comment -->\n\n"
        "- **What will each of us do before the next meeting?** Ana drafts.\n"
        "* what should change for next time:\n"
        "  - shorter\n"
        "  - earlier\n"
        "1. __What is working, and what is not?__\n"
        "#### An aside\n\nnot an answer\n"
        "## After\n\n### What are the next steps?\n\nnot in the section\n"
    )
    assert parse_checkin(body) == [
        ("What was useful about today?", "Line one\nline two"),
        ("What will each of us do before the next meeting?", "Ana drafts."),
        ("What should change for next time?", "- shorter\n- earlier"),
    ]


def test_checkin_crlf_any_level_and_no_section() -> None:
    body = "# Check-in\r\n\r\n- What are the next steps?\r\n  Ship it.\r\n"
    assert parse_checkin(body) == [("What are the next steps?", "Ship it.")]
    assert parse_checkin("# Notes\n\n### What are the next steps?\n\nx\n") == []
    fenced = "## Check-in\n\n### What are the next steps?\n\n```\n## not a heading\n```\n"
    assert parse_checkin(fenced) == [("What are the next steps?", "```\n## not a heading\n```")]


# ------------------------------------------------------------------ figures


def test_figures_match_the_files(tmp_path: Path) -> None:
    p = reading.load(build(tmp_path))
    f = reviews.compute(p, TODAY)
    mf = f.meetings
    # occurrences up to 02-20: 12-01, 12-15, 12-29, 01-12, 01-26, 02-09
    assert (mf.planned, mf.held, mf.cancelled) == (6, 4, 3)
    # C(12-29) H(01-14) C(01-26) C(02-09) H(02-16 extra)
    assert (mf.longest_run, mf.current_run) == (2, 0)
    assert [m.date for m in mf.meetings][-1] == D(2027, 2, 16)  # the planned 02-23 is later

    g1, g2 = f.goals
    assert (g1.goal.title, g1.activities_done, g1.activities_total) == (
        "Lead a cross-team project",
        1,
        2,
    )
    assert g1.latest is not None and (g1.latest.date, g1.latest.text) == (
        D(2027, 1, 20),
        "Kickoff held",
    )
    assert (g2.activities_total, g2.latest) == (0, None)

    ft = f.followthrough
    # Ana: goals written 12-01 (done 12-08, due 12-10: on time, 7 days), charter bbbb
    # from 12-15 (done 01-14 on the carried copy, due 01-05: late, 30 days), shadowing
    # day open, due 02-01: overdue. Goal activities are not follow-through.
    ana = ft["mentee"]
    assert (ana.created, ana.done, ana.open, ana.overdue, ana.done_on_time) == (3, 2, 1, 1, 1)
    assert ana.median_days == 18.5
    sam = ft["mentor"]  # reading list done 12-20, due 12-12 (late, 19 days); intro open, no due
    assert (sam.created, sam.done, sam.open, sam.overdue, sam.done_on_time) == (2, 1, 1, 0, 0)
    assert sam.median_days == 19
    none = ft["unassigned"]
    assert (none.created, none.done, none.median_days) == (1, 1, 5)
    everyone = ft["all"]
    assert (everyone.created, everyone.done, everyone.open, everyone.overdue) == (6, 4, 2, 1)
    assert everyone.median_days == 13  # median of 5, 7, 19, 30

    assert [t.title for t, _ in f.roadmap.covered] == [
        "Getting acquainted",
        "Industry trends",
        "Time management",
    ]
    assert [t.title for t in f.roadmap.remaining] == ["Lessons learned"]

    useful = f.checkins["What was useful about today?"]
    assert [(m.date, a) for m, a in useful] == [
        (D(2026, 12, 1), "Hearing how Sam chose\nbetween two offers."),
        (D(2026, 12, 15), "The map of who decides what."),
        (D(2027, 1, 14), "The charter review."),
        (D(2027, 2, 16), "Quick unblock."),
    ]
    assert f.checkins["What are the next steps?"] == []


def test_cancellation_runs_ignore_planned_files(tmp_path: Path) -> None:
    meetings = {
        "2026-12-01": meeting("2026-12-01", "held"),
        "2026-12-15": meeting("2026-12-15", "cancelled"),
        "2026-12-29": meeting("2026-12-29", "planned"),
        "2027-01-12": meeting("2027-01-12", "cancelled"),
        "2027-01-26": meeting("2027-01-26", "cancelled"),
        "2027-02-09": meeting("2027-02-09", "cancelled"),
    }
    p = reading.load(build(tmp_path, meetings))
    mf = timeline.meeting_figures(p, TODAY)
    assert (mf.longest_run, mf.current_run, mf.held, mf.cancelled) == (4, 4, 1, 4)


# ------------------------------------------------------------------ the command


def test_checkup_written_with_figures_and_questions(tmp_path: Path) -> None:
    root = build(tmp_path)
    result = run(root, "review", "checkup", "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    text = (root / "reviews" / "checkup.md").read_text(encoding="utf-8")
    assert text.startswith("# 90-day check-up: Ana Ruiz and Sam Lee\n")
    assert block(text, "period") == (
        "Compiled from the files on 2027-02-20 for the period 2026-12-01 to 2027-02-20 "
        "(day 81 of 181)."
    )
    assert block(text, "suitability") == (
        "- **How often have we met?** 4 held of 6 planned (67%), 1 moved, 3 cancelled: "
        "unfavourable "
        "(favourable from 75% held).\n"
        "- **More than 3 meetings cancelled in a row?** No (the longest run is 2): favourable."
    )
    assert block(text, "meetings").splitlines()[2:7] == [
        "| planned (on the cadence, up to 2027-02-20) | 6 |",
        "| held (extra meetings included) | 4 |",
        "| moved (to another date) | 1 |",
        "| cancelled | 3 |",
        "| longest run of cancellations in a row | 2 |",
    ]
    assert "- 2027-01-14 #3 regular, held, moved from 2027-01-12: Time management" in text
    assert "- 2027-02-16 #4 extra, held: A question about the launch" in text
    assert "| Ana (mentee) | 3 | 2 | 1 | 1 | 0 | 1 | 18.5 |" in block(text, "followthrough")
    assert "| **all** | 6 | 4 | 2 | 1 | 0 | 1 | 13 |" in block(text, "followthrough")
    assert (
        "| [Lead a cross-team project](../goals/01-lead-a-cross-team-project.md) | active | "
        "2027-04-30 | 1/2 | 2027-01-20: Kickoff held |"
    ) in block(text, "goals")
    assert block(text, "roadmap").endswith("Remaining (1):\n\n- Lessons learned")
    assert (
        "### What was useful about today?\n\n- **2026-12-01**\n  > Hearing how Sam chose\n"
        "  > between two offers.\n- **2026-12-15**\n  > The map of who decides what.\n"
    ) in block(text, "checkins")
    # the partners' questions, yes/no lines (never task items) and the obstacle checklist
    assert (
        "### Do we leave our meetings energised?\n\n- **Ana:** yes / no\n- **Sam:** yes / no\n"
        in text
    )
    assert "1. Lack of trust: yes / no\n" in text and "10. Distance: yes / no\n" in text
    assert not re.search(r"^\s*[-*+] \[[ xX]\]", text, re.M)
    verdict = block(text, "verdict")
    assert verdict.startswith("- **Unfavourable answers:** 1 of 4: how often we met.")
    assert "energised, time invested" in verdict
    assert "Wrote reviews/checkup.md (8 computed blocks" in result.output


def test_rerun_keeps_answers_byte_for_byte_and_updates_figures(tmp_path: Path) -> None:
    root = build(tmp_path)
    assert run(root, "review", "checkup", "--no-commit").exit_code == EXIT_OK
    path = root / "reviews" / "checkup.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "### Do we leave our meetings energised?\n\n- **Ana:** yes / no\n- **Sam:** yes / no",
        "### Do we leave our meetings energised?\n\n- **Ana:** yes, mostly\n- **Sam:** no",
    )
    text = text.replace(
        "### Are we satisfied with the time we invest?\n\n- **Ana:** yes / no",
        "### Are we satisfied with the time we invest?\n\n- **Ana:** no  ",
    )
    text = text.replace(
        "2. Lack of respect for differences: yes / no", "2. Lack of respect for differences: yes"
    )
    text = text.replace("9. High workload: yes / no", "9. High workload: YES")
    text = text.replace(
        "### Our plan\n\n- **Ana:**", "### Our plan\n\n- **Ana:** Block Tuesdays.\n\nExtra words"
    )
    path.write_bytes(text.encode("utf-8"))
    edited = path.read_bytes()

    # two more meetings are held; a planned one is cancelled
    (root / "meetings" / "2027-02-23.md").write_text(
        meeting(
            "2027-02-23",
            "held",
            "## Check-in\n\n### What are the next steps?\n\nPlan the launch.\n",
            kind="checkup",
        ),
        encoding="utf-8",
    )
    (root / "meetings" / "2027-03-09.md").write_text(
        meeting("2027-03-09", "cancelled"), encoding="utf-8"
    )
    result = run(root, "review", "checkup", "--no-commit", today=D(2027, 3, 10))
    assert result.exit_code == EXIT_OK, result.output
    assert "Refreshed 8 computed blocks in reviews/checkup.md" in result.output
    after = path.read_bytes()
    assert outside(after.decode()) == outside(edited.decode())
    new = after.decode()
    assert "| held (extra meetings included) | 5 |" in new
    assert "| planned (on the cadence, up to 2027-03-10) | 8 |" in new
    assert "| cancelled | 4 |" in new
    assert "- **2027-02-23**\n  > Plan the launch." in new
    verdict = block(new, "verdict")
    assert verdict.splitlines()[0] == (
        "- **Unfavourable answers:** 3 of 4: how often we met; energised (no: Sam); "
        "time invested (no: Ana)."
    )
    assert "More than two unfavourable answers" in verdict
    assert "2 (lack of respect for differences), 9 (high workload)" in verdict
    assert "consider a no-fault close" in verdict and "plan to overcome it" in verdict
    # a third run with nothing new changes nothing
    again = run(root, "review", "checkup", "--no-commit", today=D(2027, 3, 10))
    assert "reviews/checkup.md is up to date." in again.output
    assert path.read_bytes() == after


def test_crlf_and_bom_review_file_keeps_its_bytes(tmp_path: Path) -> None:
    root = build(tmp_path)
    assert run(root, "review", "midpoint", "--no-commit").exit_code == EXIT_OK
    path = root / "reviews" / "midpoint.md"
    text = path.read_text(encoding="utf-8").replace("- **Ana:**\n", "- **Ana:** On track.\n", 1)
    crlf = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(crlf)
    (root / "meetings" / "2027-02-23.md").write_text(
        meeting("2027-02-23", "held"), encoding="utf-8"
    )
    result = run(root, "review", "midpoint", "--no-commit", today=D(2027, 3, 1))
    assert result.exit_code == EXIT_OK, result.output
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf# Midpoint review")
    assert b"\n" not in after.replace(b"\r\n", b"")  # every line still ends in CRLF
    assert outside(after.decode("utf-8")) == outside(crlf.decode("utf-8"))
    assert "| held (extra meetings included) | 5 |" in after.decode("utf-8")


@pytest.mark.parametrize(
    ("removed", "at", "message"),
    [
        (
            "<!-- mentorlog:begin goals -->",
            "<!-- mentorlog:end goals -->",
            "'mentorlog:end goals' has no matching 'mentorlog:begin goals' above it",
        ),
        (
            "<!-- mentorlog:end meetings -->",
            "<!-- mentorlog:begin goals -->",
            "'mentorlog:begin goals' before the end of 'meetings' (begun at line ",
        ),
    ],
)
def test_unbalanced_markers_refused_file_unchanged(
    tmp_path: Path, removed: str, at: str, message: str
) -> None:
    root = build(tmp_path)
    assert run(root, "review", "midpoint", "--no-commit").exit_code == EXIT_OK
    path = root / "reviews" / "midpoint.md"
    text = path.read_text(encoding="utf-8").replace(removed + "\n", "")
    path.write_bytes(text.encode("utf-8"))
    expected_line = text.split("\n").index(at) + 1
    before = path.read_bytes()
    result = run(root, "review", "midpoint", "--no-commit")
    assert result.exit_code == EXIT_USAGE
    assert path.read_bytes() == before
    err = result.output.strip()
    assert err.startswith(f"mentorlog: reviews/midpoint.md:{expected_line}: unbalanced markers: ")
    assert message in err
    assert len(err.splitlines()) == 1


def test_unclosed_marker_names_its_line() -> None:
    with pytest.raises(BadFile) as info:
        markers.find_blocks("a\n<!-- mentorlog:begin x -->\nb\n", "reviews/closing.md")
    assert str(info.value).startswith("reviews/closing.md:2: unbalanced markers")
    with pytest.raises(BadFile) as info:
        markers.find_blocks("<!-- mentorlog:begin -->\n", "r.md")
    assert str(info.value).startswith("r.md:1: malformed marker")


def test_deleted_block_stays_out_and_unknown_block_is_left_alone(tmp_path: Path) -> None:
    root = build(tmp_path)
    assert run(root, "review", "closing", "--no-commit").exit_code == EXIT_OK
    path = root / "reviews" / "closing.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r"<!-- mentorlog:begin checkins -->.*?<!-- mentorlog:end checkins -->\n",
        "",
        text,
        flags=re.S,
    )
    text += "\n<!-- mentorlog:begin mine -->\nkeep me\n<!-- mentorlog:end mine -->\n"
    path.write_text(text, encoding="utf-8")
    (root / "meetings" / "2027-02-23.md").write_text(
        meeting("2027-02-23", "held"), encoding="utf-8"
    )
    result = run(root, "review", "closing", "--no-commit", today=D(2027, 3, 1))
    assert result.exit_code == EXIT_OK, result.output
    after = path.read_text(encoding="utf-8")
    assert "mentorlog:begin checkins" not in after
    assert "<!-- mentorlog:begin mine -->\nkeep me\n<!-- mentorlog:end mine -->\n" in after
    assert "note: reviews/closing.md has no 'checkins' block (deleted?): left out." in result.output
    assert "'mine' is not a block mentorlog computes; left as it is." in result.output
    assert "Refreshed 5 computed blocks" in result.output


def test_closing_and_midpoint_questions(tmp_path: Path) -> None:
    root = build(tmp_path)
    assert run(root, "review", "closing", "--no-commit").exit_code == EXIT_OK
    assert run(root, "review", "midpoint", "--no-commit").exit_code == EXIT_OK
    closing = (root / "reviews" / "closing.md").read_text(encoding="utf-8")
    for q in (
        "### Did we accomplish our goals?",
        "### What have we appreciated about each other?",
        "### What are Sam's particular strengths as a mentor",
        "### What did we learn, and how will it be applied elsewhere?",
        "### What is the next logical step?",
        "### Who else could Ana learn from next?",
        "### How will we stay in touch",
        "### Continue, or close?\n",
    ):
        assert q in closing
    midpoint = (root / "reviews" / "midpoint.md").read_text(encoding="utf-8")
    assert midpoint.count("- **Ana:**\n- **Sam:**\n") == 10
    assert "until 2027-05-31" in midpoint
    for text in (closing, midpoint):
        assert not re.search(r"^\s*[-*+] \[[ xX]\]", text, re.M)
        assert "mentorlog:begin suitability" not in text


def test_review_commits_exactly_its_file(tmp_path: Path) -> None:
    import git

    root = build(tmp_path)
    g = git.Repo.init(root)
    with g.config_writer() as cw:
        cw.set_value("user", "name", "Ana Ruiz")
        cw.set_value("user", "email", "ana@example.org")
    g.index.add(["agreement.md"])
    g.index.commit("start")
    result = run(root, "review", "midpoint")
    assert result.exit_code == EXIT_OK, result.output
    head = g.head.commit
    assert head.message.strip() == "mentorlog: review midpoint"
    assert sorted(head.stats.files) == ["reviews/midpoint.md"]


def test_quoted_task_items_are_escaped() -> None:
    assert review_blocks.quote("- [ ] @mentee Send it\nplain") == [
        "  > - \\[ ] @mentee Send it",
        "  > plain",
    ]


def test_meetings_untouched_by_review(tmp_path: Path) -> None:
    root = build(tmp_path)
    before = {p.name: p.read_bytes() for p in (root / "meetings").iterdir()}
    assert run(root, "review", "checkup", "--no-commit").exit_code == EXIT_OK
    assert {p.name: p.read_bytes() for p in (root / "meetings").iterdir()} == before
    assert set(MEETINGS) == {n[:-3] for n in before}


def test_latest_progress_is_the_newest_entry_as_in_goal_list(tmp_path: Path) -> None:
    # entries written newest first: the review showed the oldest one as "latest"
    root = build(tmp_path)
    goal = root / "goals" / "01-lead-a-cross-team-project.md"
    text = goal.read_text(encoding="utf-8")
    newest_first = "- 2027-01-20: Kickoff held\n- 2026-12-18: Proposal accepted\n"
    goal.write_text(
        text.replace("- 2026-12-18: Proposal accepted\n- 2027-01-20: Kickoff held\n", newest_first),
        encoding="utf-8",
    )
    g1 = reviews.compute(reading.load(root), TODAY).goals[0]
    assert g1.latest is not None and (g1.latest.date, g1.latest.text) == (
        D(2027, 1, 20),
        "Kickoff held",
    )


def test_days_to_done_are_never_negative(tmp_path: Path) -> None:
    # an item noted in a meeting as done days before it (done:12-28 in the
    # meeting of 12-30) is done in 0 days, as actions' AGE counts it, not -2
    body = "## Follow-through\n\n- [x] @ana Sent the slides done:2026-12-28\n"
    root = build(tmp_path, {"2026-12-30": meeting("2026-12-30", "held", body)})
    ft = reviews.compute(reading.load(root), TODAY).followthrough
    assert (ft["mentee"].days_to_done, ft["mentee"].median_days) == ([0], 0)


def test_a_review_before_the_start_says_there_is_nothing_to_count_yet(tmp_path: Path) -> None:
    from helpers import INIT_ARGS, mentorlog

    root = tmp_path / "p"
    assert mentorlog(["init", str(root), *INIT_ARGS], today="2026-11-21").exit_code == 0
    result = mentorlog(["-C", str(root), "review", "checkup"], today="2026-11-21")
    assert result.exit_code == 0, result.output
    assert "the partnership starts 2026-12-01: no figures yet" in result.output
    text = (root / "reviews" / "checkup.md").read_text(encoding="utf-8")
    assert "the partnership starts 2026-12-01, so there is nothing to count yet" in text
    assert "2026-12-01 to 2026-11-21" not in text


def test_review_names_a_titled_partner_by_title_and_surname(tmp_path: Path) -> None:
    root = build(tmp_path)
    agreement = (root / "agreement.md").read_text(encoding="utf-8")
    assert "mentor: Sam Lee\n" in agreement
    (root / "agreement.md").write_text(
        agreement.replace("mentor: Sam Lee\n", "mentor: Dr. Sam Lee\n"), encoding="utf-8"
    )
    assert run(root, "review", "closing", "--no-commit").exit_code == EXIT_OK
    closing = (root / "reviews" / "closing.md").read_text(encoding="utf-8")
    assert "### What are Dr. Lee's particular strengths as a mentor" in closing
    assert "- **Ana:**\n- **Dr. Lee:**\n" in closing
    assert "Dr.:" not in closing
