"""Reading follow-through items: tokens, owners, and what is not an item."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from mentorlog.text.items import owner_map, parse_items, parse_line

OWNERS = owner_map("Ana Ruiz", "Sam Lee")


def test_tokens() -> None:
    p = parse_line("- [x] @mentor Introduce Ana to Priya due:2026-12-05 done:2026-12-03 id:q3xk")
    assert p is not None
    assert p.checked and p.owner_token == "@mentor"
    assert (p.due, p.done, p.id) == (dt.date(2026, 12, 5), dt.date(2026, 12, 3), "q3xk")
    assert p.description == "Introduce Ana to Priya"
    p = parse_line("  * [ ] @ana Draft it #doing from:2026-11-24 due:2026-12-01")
    assert p is not None and not p.checked
    assert (p.from_, p.tags, p.prefix) == (dt.date(2026, 11, 24), ["doing"], "  * ")


def test_obsidian_dates() -> None:
    p = parse_line("- [x] Book the room 📅 2026-12-20 ✅ 2026-12-18")
    assert p is not None
    assert (p.due, p.done, p.owner_token) == (dt.date(2026, 12, 20), dt.date(2026, 12, 18), None)


def test_dropped_items() -> None:
    p = parse_line("- [-] @mentor Book the room dropped:2026-12-18 id:q3xk")
    assert p is not None
    assert (p.dropped, p.checked, p.dropped_on) == (True, False, dt.date(2026, 12, 18))
    assert p.description == "Book the room"
    p = parse_line("- [-] Book the room 📅 2026-12-20 ❌ 2026-12-18")
    assert p is not None
    assert (p.dropped, p.due, p.dropped_on) == (True, dt.date(2026, 12, 20), dt.date(2026, 12, 18))
    items, _ = parse_items("- [-] gone\n- [x] done\n- [ ] open\n", "meetings/x.md", OWNERS)
    assert [(i.dropped, i.checked) for i in items] == [(True, False), (False, True), (False, False)]


def test_not_items() -> None:
    for line in (
        "- [ ]",
        "- [] nope",
        "[ ] no bullet",
        "-[ ] no space",
        "- [y] odd",
        "text - [ ] in the middle",
    ):
        assert parse_line(line) is None, line


def test_owners_map_to_roles() -> None:
    assert OWNERS["ana"] == "mentee" and OWNERS["sam"] == "mentor"
    assert OWNERS["ana-ruiz"] == "mentee" and OWNERS["samlee"] == "mentor"
    text = "- [ ] @Ana one\n- [ ] @sam two\n- [ ] @priya three\n- [ ] four\n"
    items, _ = parse_items(text, "meetings/2026-12-01.md", OWNERS)
    assert [i.owner for i in items] == ["mentee", "mentor", None, None]
    assert items[2].owner_token == "@priya"


def test_code_is_not_items_quotes_and_nesting_are() -> None:
    text = (
        "---\n"  # lines are counted from line_offset
        "# Notes\n"
        "\n"
        "```\n"
        "- [ ] @mentee in a fence\n"
        "```\n"
        "\n"
        "    - [ ] @mentee indented code\n"
        "\n"
        "> - [ ] @mentor quoted\n"
        "\n"
        "- [ ] @mentee outer\n"
        "  - [x] @mentor nested done:2026-12-01\n"
        "1. [ ] @ana ordered\n"
    )
    items, problems = parse_items(text, "meetings/2026-12-01.md", OWNERS, line_offset=1)
    assert problems == []
    assert [(i.line, i.index, i.description) for i in items] == [
        (10, 1, "quoted"),
        (12, 2, "outer"),
        (13, 3, "nested"),
        (14, 4, "ordered"),
    ]
    assert [i.ref for i in items] == [
        "2026-12-01#1",
        "2026-12-01#2",
        "2026-12-01#3",
        "2026-12-01#4",
    ]


def test_crlf_lines_and_bad_dates() -> None:
    text = "- [ ] @sam a due:2026-02-30\r\n- [ ] @ana b\r\n"
    items, problems = parse_items(text, "goals/01-x.md", OWNERS, line_offset=5)
    assert [i.line for i in items] == [5, 6]
    assert items[0].due is None
    assert problems == [(5, "'2026-02-30' is not a date (YYYY-MM-DD)")]
    assert items[1].ref == "01-x#2"


_DATE = r"\d{4}-\d{2}-\d{2}"
# The token grammar as one regex: what the word-at-a-time parser must equal.
TOKEN_RE = re.compile(
    r"(?<!\S)(?:"
    rf"(?P<key>due|done|dropped|from):(?P<kdate>{_DATE})"
    r"|id:(?P<id>[a-z0-9]+)"
    rf"|(?P<emoji>\U0001F4C5|\u2705|\u274c)\ufe0f?[ \t]*(?P<edate>{_DATE})"
    r"|@(?P<owner>[\w.-]*\w)"
    r"|#(?P<tag>[\w-]+)"
    r")(?!\S)"
)


def reference_parse(text: str) -> tuple[object, ...]:
    """The token grammar read with :data:`TOKEN_RE`: what the fast parser must equal."""
    due = done = ident = frm = owner = dropped = None
    tags: list[str] = []
    for t in TOKEN_RE.finditer(text):
        if t.group("key"):
            value = t.group("kdate")
            if t.group("key") == "due" and due is None:
                due = value
            elif t.group("key") == "done" and done is None:
                done = value
            elif t.group("key") == "from" and frm is None:
                frm = value
            elif t.group("key") == "dropped" and dropped is None:
                dropped = value
        elif t.group("emoji"):
            if t.group("emoji") == "\U0001f4c5" and due is None:
                due = t.group("edate")
            elif t.group("emoji") == "\u2705" and done is None:
                done = t.group("edate")
            elif t.group("emoji") == "\u274c" and dropped is None:
                dropped = t.group("edate")
        elif t.group("id"):
            ident = ident or t.group("id")
        elif t.group("owner"):
            owner = owner or "@" + t.group("owner")
        elif t.group("tag"):
            tags.append(t.group("tag").lower())
    description = " ".join(TOKEN_RE.sub("", text).split())
    return due, done, ident, frm, owner, tags, dropped, description


WORDS = st.sampled_from(
    [
        "due:2026-12-01",
        "done:2026-12-03",
        "from:2026-11-24",
        "id:q3xk",
        "id:Q3",
        "@mentee",
        "@ana.ruiz",
        "@sam-",
        "#doing",
        "#Stretch",
        "\U0001f4c5",
        "\U0001f4c5 2026-12-20",
        "\u2705 2026-12-18",
        "\u27052026-12-18",
        "\u274c 2026-12-19",
        "dropped:2026-12-19",
        "dropped:later",
        "\U0001f4c5\ufe0f 2026-12-20",
        "due:soon",
        "word",
        "Draft",
        "the",
        "charter",
        "e-mail",
        "a:b",
        "x@y",
        "2026-12-01",
        "##",
        "@",
    ]
)


@given(st.lists(WORDS, min_size=1, max_size=10))
def test_fast_parser_equals_the_token_grammar(words: list[str]) -> None:
    text = " ".join(words)
    p = parse_line(f"- [ ] {text}")
    assert p is not None
    got = (
        p.due.isoformat() if p.due else None,
        p.done.isoformat() if p.done else None,
        p.id,
        p.from_.isoformat() if p.from_ else None,
        p.owner_token,
        p.tags,
        p.dropped_on.isoformat() if p.dropped_on else None,
        p.description,
    )
    assert got == reference_parse(text.strip())


def test_long_runs_of_spaces_are_read_in_linear_time() -> None:
    # a line of 20 000 blanks took seconds (the prefix pattern backtracked
    # quadratically); every line of every file passes through it on load
    import time

    from mentorlog.rules.documents import parse_roadmap
    from mentorlog.text.items import parse_items

    blanks = " " * 20_000
    text = f"{blanks}x\n- {blanks}\n> {blanks}x\n- [ ] real item{blanks}\n"
    started = time.perf_counter()
    found, _ = parse_items(text, "meetings/2026-12-01.md", {})
    topics = parse_roadmap(f"1. Topic\n- {blanks}\n")
    assert time.perf_counter() - started < 1.0
    assert [(item.line, item.description) for item in found] == [(4, "real item")]
    assert [t.title for t in topics] == ["Topic"]
