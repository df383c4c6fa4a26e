"""The merge engine (mentorlog.text.merge) and merge-file: exact bytes, and properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import mentorlog
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from mentorlog.text.merge import MergeResult, merge_bytes, version_comment
from mentorlog.text.merge_items import merge_item

BOTH = ("Ana Ruiz", "Sam Lee")

MEETING = """\
---
date: 2026-12-01
status: planned
time: "17:30"  # after work
---
# Meeting 2

## Follow-through

- [ ] @mentee Draft the project charter due:2026-12-10
- [ ] @mentor Introduce Ana to Priya

## Notes

We talked about the charter.
Next time: the budget.

## Check-in

- What worked? continue / change / close
"""


def merged(base: str, ours: str, theirs: str, path: str = "meetings/2026-12-01.md") -> str:
    """The clean merge, checked from both sides: who merges first must not matter
    beyond the order of lines both added at one place."""
    one = merge_bytes(base.encode(), ours.encode(), theirs.encode(), path)
    other = merge_bytes(base.encode(), theirs.encode(), ours.encode(), path)
    assert one.conflicts == 0 and other.conflicts == 0
    assert sorted(one.text.splitlines()) == sorted(other.text.splitlines())
    return one.text.decode()


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# ------------------------------------------------------------------ body


def test_both_add_an_item_at_the_end_of_the_same_list_keeps_both_ours_first() -> None:
    item = "- [ ] @mentor Introduce Ana to Priya\n"
    ours = edit(MEETING, item, item + "- [ ] @mentee Read chapter 3\n")
    theirs = edit(MEETING, item, item + "- [ ] @mentor Send the slides\n")
    assert merged(MEETING, ours, theirs) == edit(
        MEETING,
        item,
        item + "- [ ] @mentee Read chapter 3\n- [ ] @mentor Send the slides\n",
    )


def test_an_item_both_added_identically_is_kept_once() -> None:
    item = "- [ ] @mentor Introduce Ana to Priya\n"
    ours = edit(MEETING, item, item + "- [ ] @mentee Read chapter 3\n- [ ] @mentee Book a room\n")
    theirs = edit(MEETING, item, item + "- [ ] @mentee Book a room\n")
    assert merged(MEETING, ours, theirs) == ours


def test_adjacent_lines_changed_on_each_side_both_apply() -> None:
    ours = edit(MEETING, "We talked about the charter.", "We talked about the charter and scope.")
    theirs = edit(MEETING, "Next time: the budget.", "Next time: the budget and the team.")
    assert merged(MEETING, ours, theirs) == edit(
        ours, "Next time: the budget.", "Next time: the budget and the team."
    )


def test_tick_on_one_side_and_text_and_due_edit_on_the_other_both_apply() -> None:
    line = "- [ ] @mentee Draft the project charter due:2026-12-10"
    ours = edit(
        MEETING, line, "- [x] @mentee Draft the project charter due:2026-12-10 done:2026-12-03"
    )
    theirs = edit(MEETING, line, "- [ ] @mentee Draft the charter with Priya due:2026-12-12")
    assert merged(MEETING, ours, theirs) == edit(
        MEETING, line, "- [x] @mentee Draft the charter with Priya due:2026-12-12 done:2026-12-03"
    )


def test_ticked_on_both_sides_keeps_one_tick_with_the_earlier_done() -> None:
    line = "- [ ] @mentor Introduce Ana to Priya"
    ours = edit(MEETING, line, "- [x] @mentor Introduce Ana to Priya done:2026-12-04")
    theirs = edit(MEETING, line, "- [x] @mentor Introduce Ana to Priya done:2026-12-02")
    assert merged(MEETING, ours, theirs) == theirs


def test_items_are_matched_by_id_even_when_moved_and_edited() -> None:
    base = "- [ ] @mentee Old text id:q3xk\n- [ ] @mentor Other\n"
    ours = "- [ ] @mentor Other\n- [ ] @mentee Old text id:q3xk due:2026-12-20\n"
    theirs = "- [x] @mentee New text id:q3xk done:2026-12-05\n- [ ] @mentor Other\n"
    # ours moved the other item up and gave this one a due date; theirs ticked it and
    # changed its text: all three apply
    assert merged(base, ours, theirs) == (
        "- [ ] @mentor Other\n- [x] @mentee New text id:q3xk done:2026-12-05 due:2026-12-20\n"
    )


def test_item_gaining_an_id_on_one_side_and_a_tick_on_the_other() -> None:
    base = "- [ ] @mentee Draft id\n- [ ] @mentee Read the book\n"
    ours = "- [ ] @mentee Draft id\n- [ ] @mentee Read the book id:h2wd\n"
    theirs = "- [ ] @mentee Draft id\n- [x] @mentee Read the book done:2026-12-02\n"
    assert merged(base, ours, theirs) == (
        "- [ ] @mentee Draft id\n- [x] @mentee Read the book id:h2wd done:2026-12-02\n"
    )


def test_an_item_replaced_by_another_is_not_the_same_item() -> None:
    base = "- [ ] @mentee Draft the project charter\n"
    ours = "- [ ] @mentee Book the offsite venue\n"  # deleted, and another item written
    theirs = "- [x] @mentee Draft the project charter done:2026-12-02\n"
    assert merge_bytes(base.encode(), ours.encode(), theirs.encode()).conflicts == 1
    assert merge_bytes(base.encode(), theirs.encode(), ours.encode()).conflicts == 1


def test_the_same_line_changed_to_two_texts_is_a_conflict_and_ours_is_kept() -> None:
    ours = edit(MEETING, "Next time: the budget.", "Next time: the hiring plan.")
    theirs = edit(MEETING, "Next time: the budget.", "Next time: the offsite.")
    result = merge_bytes(MEETING.encode(), ours.encode(), theirs.encode(), "meetings/x.md")
    assert result == MergeResult(ours.encode(), 1)
    assert b"<<<<<<<" not in result.text


def test_keep_both_keeps_both_versions_each_after_its_author() -> None:
    ours = edit(MEETING, "Next time: the budget.", "Next time: the hiring plan.")
    theirs = edit(MEETING, "Next time: the budget.", "Next time: the offsite.")
    result = merge_bytes(MEETING.encode(), ours.encode(), theirs.encode(), keep_both=BOTH)
    assert result.conflicts == 0 and result.kept_both == 1
    assert result.text.decode() == edit(
        MEETING,
        "Next time: the budget.\n",
        "<!-- mentorlog: Ana Ruiz's version -->\nNext time: the hiring plan.\n"
        "<!-- mentorlog: Sam Lee's version -->\nNext time: the offsite.\n",
    )


def test_an_item_deleted_on_one_side_and_ticked_on_the_other_is_a_conflict() -> None:
    line = "- [ ] @mentor Introduce Ana to Priya\n"
    ours = edit(MEETING, line, "")
    theirs = edit(MEETING, line, "- [x] @mentor Introduce Ana to Priya done:2026-12-02\n")
    assert merge_bytes(MEETING.encode(), ours.encode(), theirs.encode()).conflicts == 1
    assert merge_bytes(MEETING.encode(), theirs.encode(), ours.encode()).conflicts == 1
    kept = merge_bytes(MEETING.encode(), ours.encode(), theirs.encode(), keep_both=BOTH)
    assert kept.text.decode() == edit(
        MEETING,
        line,
        "<!-- mentorlog: Ana Ruiz's version -->\n<!-- mentorlog: Sam Lee's version -->\n"
        "- [x] @mentor Introduce Ana to Priya done:2026-12-02\n",
    )


def test_a_deletion_and_an_unrelated_addition_inside_it_both_apply() -> None:
    base = "a\nb\nc\nd\n"
    assert merged(base, "a\nd\n", "a\nb\nnew\nc\nd\n") == "a\nnew\nd\n"


def test_both_deleting_the_same_line() -> None:
    assert merged("a\nb\nc\n", "a\nc\n", "a\nc\nd\n") == "a\nc\nd\n"


def test_both_answer_the_same_check_in_question() -> None:
    q = "- What worked? continue / change / close\n"
    ours = edit(MEETING, q, q + "  - Ana: continue, the pace is right\n")
    theirs = edit(MEETING, q, q + "  - Sam: continue\n")
    assert merged(MEETING, ours, theirs) == edit(
        MEETING, q, q + "  - Ana: continue, the pace is right\n  - Sam: continue\n"
    )


def test_both_add_sections_at_the_end_each_keeps_its_blank_lines() -> None:
    ours = MEETING + "\n## Ana's notes\n\nGood.\n"
    theirs = MEETING + "\n## Sam's notes\n\nFine.\n"
    assert merged(MEETING, ours, theirs) == (
        MEETING + "\n## Ana's notes\n\nGood.\n\n## Sam's notes\n\nFine.\n"
    )


def test_items_in_fenced_code_are_plain_lines() -> None:
    base = "```\n- [ ] @mentee Not an item\n```\n"
    ours = "```\n- [x] @mentee Not an item\n```\n"
    theirs = "```\n- [ ] @mentee Not an item, edited\n```\n"
    assert merge_bytes(base.encode(), ours.encode(), theirs.encode()).conflicts == 1


# ------------------------------------------------------------------ front-matter


def test_front_matter_keys_merge_key_by_key_keeping_formatting() -> None:
    ours = edit(MEETING, "status: planned", "status: held")
    theirs = edit(MEETING, 'time: "17:30"  # after work', 'time: "18:00"  # after work')
    assert merged(MEETING, ours, theirs) == edit(
        ours, 'time: "17:30"  # after work', 'time: "18:00"  # after work'
    )


def test_front_matter_keys_added_on_both_sides() -> None:
    ours = edit(MEETING, "status: planned\n", "status: planned\nlocation: Café\n")
    theirs = edit(MEETING, "date: 2026-12-01\n", "date: 2026-12-01\nnumber: 2\n")
    assert merged(MEETING, ours, theirs) == edit(
        MEETING,
        "date: 2026-12-01\nstatus: planned\n",
        "date: 2026-12-01\nnumber: 2\nstatus: planned\nlocation: Café\n",
    )


def test_a_list_value_is_one_key() -> None:
    base = "---\ntags:\n  - a\nstatus: planned\n---\nbody\n"
    ours = "---\ntags:\n  - a\n  - b\nstatus: planned\n---\nbody\n"
    theirs = "---\ntags:\n  - a\nstatus: held\n---\nbody\n"
    assert merged(base, ours, theirs) == "---\ntags:\n  - a\n  - b\nstatus: held\n---\nbody\n"
    both = "---\ntags:\n  - a\n  - c\nstatus: planned\n---\nbody\n"
    assert merge_bytes(base.encode(), ours.encode(), both.encode()).conflicts == 1


def test_the_same_key_changed_to_two_values_is_a_conflict() -> None:
    ours = edit(MEETING, "status: planned", "status: held")
    theirs = edit(MEETING, "status: planned", "status: cancelled")
    assert merge_bytes(MEETING.encode(), ours.encode(), theirs.encode()).conflicts == 1
    kept = merge_bytes(MEETING.encode(), ours.encode(), theirs.encode(), keep_both=BOTH)
    # YAML holds one value: ours stays in force, theirs is kept as a comment under its name
    assert kept.text.decode() == edit(
        MEETING,
        "status: planned\n",
        "# <!-- mentorlog: Ana Ruiz's version -->\nstatus: held\n"
        "# <!-- mentorlog: Sam Lee's version -->\n# status: cancelled\n",
    )


def test_a_key_deleted_on_one_side_and_unchanged_on_the_other_goes() -> None:
    ours = edit(MEETING, "status: planned\n", "")
    theirs = edit(MEETING, "Next time: the budget.", "Next time: money.")
    assert merged(MEETING, ours, theirs) == edit(
        ours, "Next time: the budget.", "Next time: money."
    )


# ------------------------------------------------------------------ bytes


def test_crlf_bom_and_missing_final_newline_are_kept() -> None:
    base = "\ufeffa\r\nb\r\nc"
    ours = "\ufeffA\r\nb\r\nc"
    theirs = "\ufeffa\r\nb\r\nC"
    result = merge_bytes(base.encode(), ours.encode(), theirs.encode())
    assert result.text == "\ufeffA\r\nb\r\nC".encode()


def test_their_lf_lines_take_our_crlf() -> None:
    base = b"a\r\nb\r\n"
    ours = b"a\r\nx\r\nb\r\n"
    theirs = b"a\nb\ny\n"
    assert merge_bytes(base, ours, theirs).text == b"a\r\nx\r\nb\r\ny\r\n"


def test_lines_added_after_a_last_line_without_newline() -> None:
    assert merge_bytes(b"a\nb", b"a\nb\nc", b"a\nB").text == b"a\nB\nc"


def test_bytes_that_are_not_utf8_survive() -> None:
    base = b"caf\xe9\nb\n"
    assert merge_bytes(base, b"caf\xe9\nB\n", b"CAF\xe9\nb\n").text == b"CAF\xe9\nB\n"


def test_schedule_ics_never_conflicts() -> None:
    result = merge_bytes(b"A\n", b"B\n", b"C\n", "schedule.ics")
    assert result == MergeResult(b"B\n", 0)


def test_both_added_the_same_new_file() -> None:
    assert merge_bytes(b"", b"a\nb\n", b"a\nc\n", "goals/01-x.md").text == b"a\nb\nc\n"
    assert merge_bytes(b"", b"same\n", b"same\n").text == b"same\n"


def test_two_journal_entries_of_one_day_conflict_so_that_sync_keeps_two_files() -> None:
    ana = "---\ndate: 2026-12-01\n---\n\n# Journal\n\nAna wrote this.\n"
    sam = "---\ndate: 2026-12-01\n---\n\n# Journal\n\nSam wrote this.\n"
    result = merge_bytes(b"", ana.encode(), sam.encode(), "journal/2026-12-01.md")
    assert result == MergeResult(ana.encode(), 1)
    kept = merge_bytes(b"", ana.encode(), sam.encode(), "journal/2026-12-01.md", BOTH)
    assert kept.text.decode() == (
        "---\ndate: 2026-12-01\n---\n<!-- mentorlog: Ana Ruiz's version -->\n"
        "\n# Journal\n\nAna wrote this.\n<!-- mentorlog: Sam Lee's version -->\n"
        "\n# Journal\n\nSam wrote this.\n"
    )


def test_merge_item_keeps_the_box_as_written_and_reopen_drops_done() -> None:
    base = "- [X] @mentee Task done:2026-12-01"
    # an unchanged [X] stays as written; the text edit applies
    assert merge_item(base, "- [X] @mentee Task two done:2026-12-01", base + " due:2026-12-09") == (
        "- [X] @mentee Task two done:2026-12-01 due:2026-12-09"
    )
    # reopened on one side, its done date moved on the other: open, without a date
    assert merge_item(base, "- [ ] @mentee Task", "- [X] @mentee Task done:2026-12-03") == (
        "- [ ] @mentee Task"
    )


def test_merge_item_field_by_field() -> None:
    base = "- [ ] @mentee Task due:2026-12-10"
    assert merge_item(base, "- [ ] @mentee Task due:2026-12-11", base) == (
        "- [ ] @mentee Task due:2026-12-11"
    )
    # both moved the due date, differently: a conflict
    assert (
        merge_item(base, "- [ ] @mentee Task due:2026-12-11", "- [ ] @mentee Task due:2026-12-12")
        is None
    )
    # both changed the text differently: a conflict
    assert (
        merge_item(
            base, "- [ ] @mentee Task A due:2026-12-10", "- [ ] @mentee Task B due:2026-12-10"
        )
        is None
    )
    # reopened on one side, the due date moved on the other
    ticked = "- [x] @mentee Task due:2026-12-10 done:2026-12-09"
    assert merge_item(
        ticked,
        "- [ ] @mentee Task due:2026-12-10",
        "- [x] @mentee Task due:2026-12-20 done:2026-12-09",
    ) == ("- [ ] @mentee Task due:2026-12-20")
    # Obsidian's emoji dates keep their form
    emoji = "- [ ] @mentee Task 📅 2026-12-10"
    assert merge_item(
        emoji, "- [ ] @mentee Task 📅 2026-12-11", "- [x] @mentee Task 📅 2026-12-10 ✅ 2026-12-05"
    ) == ("- [x] @mentee Task 📅 2026-12-11 ✅ 2026-12-05")


# ------------------------------------------------------------------ properties

WORDS = [
    "alpha",
    "beta",
    "gamma",
    "",
    "## Notes",
    "- [ ] @mentee Read",
    "- [x] @mentor Call done:2026-12-02",
]
line = st.sampled_from(WORDS) | st.text(alphabet="abc -[]x@", min_size=0, max_size=8)
lines = st.lists(line, max_size=8)


@st.composite
def edited(draw: st.DrawFn, base: list[str]) -> list[str]:
    """``base`` with some lines deleted, changed or added."""
    out: list[str] = []
    for text in base:
        action = draw(st.sampled_from(["keep", "keep", "keep", "drop", "change", "add"]))
        if action == "keep":
            out.append(text)
        elif action == "change":
            out.append(draw(line))
        elif action == "add":
            out += [text, *draw(st.lists(line, min_size=1, max_size=3))]
    if draw(st.booleans()):
        out += draw(st.lists(line, min_size=1, max_size=3))
    return out


def as_bytes(rows: list[str]) -> bytes:
    return "".join(f"{r}\n" for r in rows).encode()


@st.composite
def three(draw: st.DrawFn) -> tuple[list[str], list[str], list[str]]:
    base = draw(lines)
    return base, draw(edited(base)), draw(edited(base))


def out_lines(result: MergeResult) -> list[str]:
    return result.text.decode().splitlines()


@settings(max_examples=150, deadline=None)
@given(three())
def test_merging_never_drops_a_line_only_one_side_added(
    case: tuple[list[str], list[str], list[str]],
) -> None:
    base, ours, theirs = case
    result = merge_bytes(as_bytes(base), as_bytes(ours), as_bytes(theirs), keep_both=BOTH)
    got = out_lines(result)
    for side, other in ((ours, theirs), (theirs, ours)):
        for text in side:
            if text not in base and text not in other:
                assert text in got, (text, got)
    plain = merge_bytes(as_bytes(base), as_bytes(ours), as_bytes(theirs))
    if plain.conflicts == 0:
        assert plain.text == result.text
    else:
        assert plain.text == as_bytes(ours)


@settings(max_examples=150, deadline=None)
@given(three())
def test_merging_is_symmetric_up_to_order(case: tuple[list[str], list[str], list[str]]) -> None:
    base, ours, theirs = case
    one = merge_bytes(as_bytes(base), as_bytes(ours), as_bytes(theirs), keep_both=("A", "B"))
    other = merge_bytes(as_bytes(base), as_bytes(theirs), as_bytes(ours), keep_both=("B", "A"))
    assert one.kept_both == other.kept_both
    assert set(out_lines(one)) == set(out_lines(other))


@settings(max_examples=100, deadline=None)
@given(lines, lines)
def test_one_sided_and_identical_changes(base: list[str], x: list[str]) -> None:
    b, v = as_bytes(base), as_bytes(x)
    assert merge_bytes(b, v, b) == MergeResult(v, 0)
    assert merge_bytes(b, b, v) == MergeResult(v, 0)
    assert merge_bytes(b, v, v) == MergeResult(v, 0)


@settings(max_examples=100, deadline=None)
@given(three())
def test_no_conflict_marker_ever(case: tuple[list[str], list[str], list[str]]) -> None:
    base, ours, theirs = case
    for keep in (None, BOTH):
        text = merge_bytes(as_bytes(base), as_bytes(ours), as_bytes(theirs), keep_both=keep).text
        assert b"<<<<<<<" not in text and b">>>>>>>" not in text


# ------------------------------------------------------------------ merge-file


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode())
    return path


def test_merge_file_writes_the_merged_file_into_ours(tmp_path: Path) -> None:
    item = "- [ ] @mentor Introduce Ana to Priya\n"
    base = write(tmp_path / "base", MEETING)
    ours = write(tmp_path / "ours", edit(MEETING, item, item + "- [ ] @mentee A\n"))
    theirs = write(tmp_path / "theirs", edit(MEETING, item, item + "- [ ] @mentee B\n"))
    result = mentorlog(["merge-file", str(base), str(ours), str(theirs), "meetings/x.md"])
    assert result.exit_code == EXIT_OK, result.output
    assert ours.read_text() == edit(MEETING, item, item + "- [ ] @mentee A\n- [ ] @mentee B\n")


def test_merge_file_conflict_exits_1_and_keeps_ours(tmp_path: Path) -> None:
    base = write(tmp_path / "base", "a\n")
    ours = write(tmp_path / "ours", "b\n")
    theirs = write(tmp_path / "theirs", "c\n")
    result = mentorlog(["merge-file", str(base), str(ours), str(theirs)])
    assert result.exit_code == EXIT_FINDINGS
    assert ours.read_text() == "b\n"
    kept = mentorlog(
        ["merge-file", str(base), str(ours), str(theirs)],
        env={"MENTORLOG_MERGE_KEEP_BOTH": '["Ana Ruiz", "Sam Lee"]'},
    )
    assert kept.exit_code == EXIT_OK
    assert ours.read_text() == (
        f"{version_comment('Ana Ruiz')}\nb\n{version_comment('Sam Lee')}\nc\n"
    )


@pytest.mark.parametrize("missing", ["base", "theirs"])
def test_merge_file_unreadable_input_is_one_line_exit_2(tmp_path: Path, missing: str) -> None:
    files = {name: write(tmp_path / name, "x\n") for name in ("base", "ours", "theirs")}
    files[missing].unlink()
    result = mentorlog(["merge-file", *(str(files[n]) for n in ("base", "ours", "theirs"))])
    assert result.exit_code == EXIT_USAGE
    assert result.output.count("\n") == 1 and missing in result.output
    assert "cannot read" in result.output
    assert files["ours"].read_text() == "x\n"


def test_the_example_in_docs_format_md_is_what_the_engine_does() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "format.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Merging two partners' edits") :]
    base, expected = section.split("```markdown\n")[1:3]
    base, expected = base.split("```")[0], expected.split("```")[0]
    ana = (
        edit(base, "status: planned", "status: held")
        .replace(
            "- [ ] @mentee Draft the project charter due:2026-12-10",
            "- [x] @mentee Draft the project charter due:2026-12-10 done:2026-12-04",
        )
        .replace(
            "Introduce Ana to Priya\n", "Introduce Ana to Priya\n- [ ] @mentee Read chapter 3\n"
        )
        .replace("We talked about the charter.", "We talked about the charter and its scope.")
    )
    sam = (
        edit(
            base,
            "- [ ] @mentee Draft the project charter due:2026-12-10",
            "- [ ] @mentee Draft the charter with Priya due:2026-12-14",
        )
        .replace(
            "Introduce Ana to Priya\n",
            "Introduce Ana to Priya\n- [ ] @mentor Send Ana the slides\n",
        )
        .replace("Next time: the budget.", "Next time: the budget and the team.")
    )
    assert merge_bytes(base.encode(), ana.encode(), sam.encode()).text.decode() == expected


@settings(max_examples=100, deadline=None)
@given(three())
def test_crlf_files_merge_as_lf_files_do(case: tuple[list[str], list[str], list[str]]) -> None:
    base, ours, theirs = case

    def crlf(data: bytes) -> bytes:
        return data.replace(b"\n", b"\r\n")

    lf = merge_bytes(as_bytes(base), as_bytes(ours), as_bytes(theirs), keep_both=BOTH)
    got = merge_bytes(
        crlf(as_bytes(base)), crlf(as_bytes(ours)), crlf(as_bytes(theirs)), keep_both=BOTH
    )
    assert got.text == crlf(lf.text)
