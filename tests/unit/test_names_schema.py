"""The file-name grammar (model/names.py) and the front-matter key table (model/schema.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorlog.errors import BadFile
from mentorlog.model import Goal, Meeting, names, schema
from mentorlog.rules import check_file, documents
from mentorlog.text import frontmatter_read

DAY = dt.date(2026, 12, 15)


@given(st.dates(min_value=dt.date(1900, 1, 1)), st.integers(min_value=1, max_value=99))
def test_a_dated_name_reads_back_as_its_date_and_number(day: dt.date, n: int) -> None:
    name = names.dated_name(day, n)
    assert names.meeting_key(f"meetings/{name}") == (day, n)
    assert names.meeting_suffix(name) == n
    m = names.journal_entry(f"journal/{name}")
    assert m is not None and m.group(1) == day.isoformat()


def test_dated_names() -> None:
    assert names.dated_name(DAY) == "2026-12-15.md"
    assert names.dated_name(DAY, 2) == "2026-12-15-2.md"


@pytest.mark.parametrize(
    "file",
    [
        "goals/2026-12-15.md",  # not a meeting folder
        "meetings/2026-02-30.md",  # no such day
        "meetings/notes.md",
        "meetings/2026-12-15-x.md",
        "meetings/2026-12-15.txt",
    ],
)
def test_meeting_key_is_none_for_what_is_no_meeting_file(file: str) -> None:
    assert names.meeting_key(file) is None


def test_journal_entry_only_in_journal() -> None:
    assert names.journal_entry("journal/2026-12-15-3.md").group(2) == "3"  # type: ignore[union-attr]
    assert names.journal_entry("private/journal/2026-12-15.md") is None
    assert names.journal_entry("meetings/2026-12-15.md") is None
    assert names.journal_entry("journal/notes.md") is None
    assert names.journal_entry("team/journal/2026-12-15.md") is None
    assert names.journal_entry("team/journal/2026-12-15.md", nested=True) is not None
    assert names.journal_entry("team/myjournal/2026-12-15.md", nested=True) is None


def test_goal_names() -> None:
    assert names.goal_filename(3, "lead") == "03-lead.md"
    assert names.goal_order("12-lead-a-project.md") == 12
    assert names.goal_order("notes.md") is None
    assert names.goal_order("01-.md") is None  # no slug: not a goal name


def test_meeting_and_goal_keys_are_the_fields_they_fill() -> None:
    for schema_of, cls in ((schema.MEETING_SCHEMA, Meeting), (schema.GOAL_SCHEMA, Goal)):
        fields = {f.name for f in dataclasses.fields(cls)}
        assert set(schema_of.names) <= fields, set(schema_of.names) - fields


def test_check_lists_the_keys_of_the_table() -> None:
    text = "---\ntitle: Lead\nowner: me\n---\n"
    meta, _body, _line = frontmatter_read.split_front_matter(text, "goals/01-lead.md")
    found = check_file.file_problems("goal", "goals/01-lead.md", text, meta)
    assert [str(p) for p in found] == [
        "goals/01-lead.md:3: warning: unknown key 'owner' (mentorlog reads: "
        + ", ".join(schema.GOAL_SCHEMA.names)
        + ")"
    ]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("time", "25:00"),
        ("number", "two"),
        ("kind", "party"),
        ("status", "done"),
        ("goals", "{a: 1}"),
        ("moved_from", "2026-13-01"),
        ("date", "0001-01-01"),
    ],
)
def test_parser_and_check_refuse_the_same_meeting_value(key: str, value: str) -> None:
    """One table: what the parser refuses, check reports, with the same words and line."""
    shown = "meetings/2026-12-15.md"
    text = f"---\ntopic: x\n{key}: {value}\n---\n"
    with pytest.raises(BadFile) as refused:
        documents.parse_meeting(text, shown, {})
    meta, _body, _line = frontmatter_read.split_front_matter(text, shown)
    errors = [
        p for p in check_file.file_problems("meeting", shown, text, meta) if p.severity != "warning"
    ]
    assert (errors[0].line, errors[0].message) == (3, refused.value.message)
    assert refused.value.line == 3
