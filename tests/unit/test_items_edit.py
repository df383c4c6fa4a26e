"""Item lines: parse/format round trips and one-line edits that keep every other byte."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.text import item_edits, items

D = dt.date


def chunks(text: str) -> list[str]:
    """Lines with their endings, as separate chunks: ["a", "\\r\\n", "b", ""]."""
    return re.split(r"(\r\n|\r|\n)", text)


def edit(text: str, number: int, change: Callable[[str], str]) -> str:
    """``text`` with line ``number`` (1-based) changed, through the file-level edit."""
    return item_edits.edit_lines_bytes(text.encode(), [(number, change)]).decode()


def format_item(
    description: str,
    *,
    checked: bool = False,
    owner: str | None = None,
    due: dt.date | None = None,
    done: dt.date | None = None,
    id: str | None = None,
    from_: dt.date | None = None,
    tags: Sequence[str] = (),
    prefix: str = "- ",
) -> str:
    """One task line in mentorlog's own token order (no line ending): what the
    property tests write, to read back."""
    words = [f"@{owner}"] if owner else []
    words.append(" ".join(description.split()))
    words.extend(f"#{t}" for t in tags)
    for key, value in (("due", due), ("done", done)):
        if value is not None:
            words.append(f"{key}:{value.isoformat()}")
    if id:
        words.append(f"id:{id}")
    if from_ is not None:
        words.append(f"from:{from_.isoformat()}")
    return f"{prefix}[{'x' if checked else ' '}] " + " ".join(w for w in words if w)


def one_edit(raw: bytes, number: int, change: Callable[[str], str]) -> bytes:
    """A reference for one edit of UTF-8 bytes: the BOM kept, one chunk changed."""
    text = raw.decode()
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    parts = chunks(text[len(bom) :])
    if not 1 <= number <= (len(parts) + 1) // 2:
        raise IndexError(number)
    parts[2 * (number - 1)] = change(parts[2 * (number - 1)])
    return (bom + "".join(parts)).encode()


# ------------------------------------------------------------ examples


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "- [ ] @mentee Draft due:2026-12-01",
            "- [x] @mentee Draft due:2026-12-01 done:2026-12-03",
        ),
        ("* [ ] Draft  ", "* [x] Draft done:2026-12-03  "),
        ("  1. [ ] Draft", "  1. [x] Draft done:2026-12-03"),
        ("> - [ ] quoted", "> - [x] quoted done:2026-12-03"),
        ("- [X] Draft", "- [X] Draft done:2026-12-03"),
        ("- [x] Draft done:2026-11-30 id:q3xk", "- [x] Draft done:2026-12-03 id:q3xk"),
        ("- [x] Draft \u2705 2026-11-30 id:q3xk", "- [x] Draft \u2705 2026-12-03 id:q3xk"),
        (
            "- [ ] @sam Intro \U0001f4c5 2026-12-20",
            "- [x] @sam Intro \U0001f4c5 2026-12-20 \u2705 2026-12-03",
        ),
        # a dropped item that turns out done: ticked, its dropped date gone
        ("- [-] Draft dropped:2026-12-01 id:q3xk", "- [x] Draft id:q3xk done:2026-12-03"),
    ],
)
def test_mark_done(line: str, expected: str) -> None:
    assert item_edits.line_mark_done(line, D(2026, 12, 3)) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "- [ ] @mentee Draft due:2026-12-01",
            "- [-] @mentee Draft due:2026-12-01 dropped:2026-12-03",
        ),
        ("- [x] Draft done:2026-11-30 id:q3xk", "- [-] Draft id:q3xk dropped:2026-12-03"),
        ("- [-] Draft dropped:2026-11-30  ", "- [-] Draft dropped:2026-12-03  "),
        (
            "- [ ] @sam Intro \U0001f4c5 2026-12-20",
            "- [-] @sam Intro \U0001f4c5 2026-12-20 \u274c 2026-12-03",
        ),
    ],
)
def test_mark_dropped(line: str, expected: str) -> None:
    assert item_edits.line_mark_dropped(line, D(2026, 12, 3)) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- [ ] @mentee Draft due:2026-12-01", "- [ ] @mentor Draft due:2026-12-01"),
        ("- [ ] Draft @ana due:2026-12-01", "- [ ] Draft @mentor due:2026-12-01"),
        ("- [ ] Draft  ", "- [ ] @mentor Draft  "),
        ("> * [x]  Draft", "> * [x]  @mentor Draft"),
        ("- [ ] mail a@b.c", "- [ ] @mentor mail a@b.c"),
    ],
)
def test_set_owner(line: str, expected: str) -> None:
    assert item_edits.line_set_owner(line, "mentor") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- [x] Draft done:2026-12-03", "- [ ] Draft"),
        ("- [x] Draft done:2026-12-03 id:q3xk", "- [ ] Draft id:q3xk"),
        ("- [x] done:2026-12-03 Draft", "- [ ] Draft"),
        ("- [x] Draft done:2026-12-03  ", "- [ ] Draft  "),
        (
            "- [X] Intro \U0001f4c5 2026-12-20 \u2705 2026-12-03",
            "- [ ] Intro \U0001f4c5 2026-12-20",
        ),
        ("- [x] A \u2705 2026-12-03 done:2026-12-04 B", "- [ ] A B"),
        ("- [ ] Not done yet", "- [ ] Not done yet"),
        ("- [-] Dropped dropped:2026-12-03 id:q3xk", "- [ ] Dropped id:q3xk"),
        (
            "- [-] Dropped \U0001f4c5 2026-12-20 \u274c 2026-12-03",
            "- [ ] Dropped \U0001f4c5 2026-12-20",
        ),
    ],
)
def test_mark_open(line: str, expected: str) -> None:
    assert item_edits.line_mark_open(line) == expected


def test_set_token_replaces_in_place_or_appends() -> None:
    line = "- [ ] Draft id:old1 due:2026-12-01"
    assert item_edits.line_set_token(line, "id", "q3xk") == "- [ ] Draft id:q3xk due:2026-12-01"
    assert item_edits.line_set_token("- [ ] Draft", "from", "2026-11-24") == (
        "- [ ] Draft from:2026-11-24"
    )
    assert item_edits.line_set_token("- [ ] Draft \U0001f4c5 2026-12-01", "due", "2026-12-09") == (
        "- [ ] Draft \U0001f4c5 2026-12-09"
    )
    # a word that only contains "id:" is not a token
    assert item_edits.line_set_token("- [ ] paid:yes", "id", "abcd") == "- [ ] paid:yes id:abcd"


@pytest.mark.parametrize(
    ("line", "edit", "expected"),
    [
        # words the parser keeps as text are not tokens, and edits leave them alone
        ("- [ ] Work from:home", ("from", "2026-11-24"), "- [ ] Work from:home from:2026-11-24"),
        ("- [ ] Renew id:CARD", ("id", "q3xk"), "- [ ] Renew id:CARD id:q3xk"),
        ("- [ ] Get done:soon", ("done", "2026-12-03"), "- [ ] Get done:soon done:2026-12-03"),
        # a date-shaped value that is no date is a (bad) token: it is replaced
        ("- [ ] A due:2026-02-30", ("due", "2026-03-02"), "- [ ] A due:2026-03-02"),
    ],
)
def test_set_token_touches_only_what_the_parser_reads_as_a_token(
    line: str, edit: tuple[str, str], expected: str
) -> None:
    assert item_edits.line_set_token(line, *edit) == expected
    before, after = items.parse_line(line), items.parse_line(expected)
    assert before is not None and after is not None
    assert after.description == before.description


def test_reopen_keeps_a_done_word_that_is_no_token() -> None:
    assert item_edits.line_mark_open("- [x] Get done:soon done:2026-12-03") == "- [ ] Get done:soon"


def test_editing_a_line_that_is_no_item_is_refused() -> None:
    with pytest.raises(item_edits.NotAnItem):
        item_edits.line_set_checked("Just prose", True)
    with pytest.raises(item_edits.NotAnItem):
        item_edits.line_set_token("- [ ]", "id", "abcd")
    with pytest.raises(ValueError):
        item_edits.line_set_token("- [ ] x", "id", "two words")


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_edit_keeps_line_endings_and_a_missing_final_newline(ending: str) -> None:
    text = ending.join(["---", "date: 2026-12-01", "---", "- [ ] A", "- [ ] B"])
    assert not text.endswith(ending)
    new = edit(text, 5, lambda line: item_edits.line_set_checked(line, True))
    assert new == ending.join(["---", "date: 2026-12-01", "---", "- [ ] A", "- [x] B"])
    new = edit(text, 4, lambda line: item_edits.line_set_token(line, "id", "q3xk"))
    assert new == ending.join(["---", "date: 2026-12-01", "---", "- [ ] A id:q3xk", "- [ ] B"])


def test_edit_keeps_mixed_endings() -> None:
    text = "a\r\n- [ ] A\nb\r- [ ] B\r\n"
    tick = functools.partial(item_edits.line_set_checked, checked=True)
    assert edit(text, 2, tick) == "a\r\n- [x] A\nb\r- [ ] B\r\n"
    assert edit(text, 4, tick) == "a\r\n- [ ] A\nb\r- [x] B\r\n"
    with pytest.raises(IndexError):
        edit(text, 6, tick)


def test_edit_bytes_keeps_a_byte_order_mark() -> None:
    data = "\ufeff- [ ] First\r\n- [ ] Zweite Aufgabe für Sam\r\n".encode()
    new = item_edits.edit_lines_bytes(
        data, [(1, lambda line: item_edits.line_mark_done(line, D(2026, 12, 3)))]
    )
    assert new == "\ufeff- [x] First done:2026-12-03\r\n- [ ] Zweite Aufgabe für Sam\r\n".encode()
    new = item_edits.edit_lines_bytes(
        data, [(2, lambda line: item_edits.line_set_token(line, "id", "ab12"))]
    )
    assert new == "\ufeff- [ ] First\r\n- [ ] Zweite Aufgabe für Sam id:ab12\r\n".encode()


def test_an_edit_may_not_add_a_line() -> None:
    with pytest.raises(ValueError):
        edit("- [ ] a\n", 1, lambda line: line + "\n- [ ] b")


# ---------------------------------------------------------- properties

WORD_CHARS = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S"),
    exclude_characters="@#[]\u2705\U0001f4c5\ufe0f",
)
WORD = st.text(WORD_CHARS, min_size=1, max_size=8).filter(
    lambda w: not re.match(r"(?:due|done|from|id):", w)
)
DATES = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31))
IDS = st.from_regex(r"[a-z][a-z0-9]{3}", fullmatch=True)
TAGS = st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True), max_size=2)


@st.composite
def item_fields(draw: st.DrawFn) -> dict[str, object]:
    return {
        "description": " ".join(draw(st.lists(WORD, min_size=1, max_size=6))),
        "checked": draw(st.booleans()),
        "owner": draw(st.sampled_from([None, "mentee", "mentor", "ana", "sam-lee"])),
        "due": draw(st.none() | DATES),
        "done": draw(st.none() | DATES),
        "id": draw(st.none() | IDS),
        "from_": draw(st.none() | DATES),
        "tags": draw(TAGS),
        "prefix": draw(st.sampled_from(["- ", "* ", "+ ", "  - ", "1. ", "> - "])),
    }


@given(item_fields())
@settings(max_examples=200, deadline=None)
def test_parse_of_format_round_trips(f: dict[str, object]) -> None:
    line = format_item(**f)  # type: ignore[arg-type]
    parsed = items.parse_line(line)
    assert parsed is not None
    assert parsed.checked == f["checked"]
    assert parsed.description == " ".join(str(f["description"]).split())
    assert parsed.owner_token == (f"@{f['owner']}" if f["owner"] else None)
    assert (parsed.due, parsed.done, parsed.id, parsed.from_) == (
        f["due"],
        f["done"],
        f["id"],
        f["from_"],
    )
    assert parsed.tags == f["tags"]
    assert parsed.prefix == f["prefix"]


SURROUNDING = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def file_with_item(draw: st.DrawFn) -> tuple[str, int]:
    before = draw(SURROUNDING)
    if before and not before.endswith(("\n", "\r")):
        before += draw(ENDINGS)
    line = format_item(**draw(item_fields()))  # type: ignore[arg-type]
    after = draw(st.none() | SURROUNDING)
    text = before + line + ("" if after is None else draw(ENDINGS) + after)
    return text, len(items.split_lines(before))


EDITS = [
    lambda line: item_edits.line_set_checked(line, True),
    lambda line: item_edits.line_set_checked(line, False),
    lambda line: item_edits.line_mark_done(line, D(2026, 12, 3)),
    item_edits.line_mark_open,
    lambda line: item_edits.line_set_token(line, "id", "zz99"),
    lambda line: item_edits.line_set_token(line, "from", "2026-11-24"),
    lambda line: item_edits.line_remove_token(line, "due"),
    lambda line: item_edits.line_remove_token(line, "id"),
    lambda line: item_edits.line_mark_dropped(line, D(2026, 12, 4)),
    lambda line: item_edits.line_set_owner(line, "mentor"),
]


@given(file_with_item(), st.sampled_from(range(len(EDITS))))
@settings(max_examples=300, deadline=None)
def test_an_edit_changes_exactly_one_line(case: tuple[str, int], which: int) -> None:
    text, number = case
    new = edit(text, number, EDITS[which])
    old_chunks, new_chunks = chunks(text), chunks(new)
    assert len(old_chunks) == len(new_chunks)
    index = 2 * (number - 1)
    for i, (a, b) in enumerate(zip(old_chunks, new_chunks, strict=True)):
        if i != index:
            assert a == b
    # and the edited line is still the same item, with what the edit means
    parsed = items.parse_line(new_chunks[index])
    assert parsed is not None
    if which == 2:
        assert parsed.checked and parsed.done == D(2026, 12, 3)
    if which == 3:
        assert not parsed.checked and parsed.done is None
    if which == 4:
        assert parsed.id == "zz99"
    if which == 8:
        assert parsed.dropped and not parsed.checked and parsed.done is None
        assert parsed.dropped_on == D(2026, 12, 4)
        reopened = items.parse_line(item_edits.line_mark_open(new_chunks[index]))
        assert reopened is not None and not reopened.dropped and reopened.dropped_on is None
    if which == 9:
        before = items.parse_line(old_chunks[index])
        assert before is not None and parsed.owner_token == "@mentor"
        assert (parsed.description, parsed.due, parsed.id) == (
            before.description,
            before.due,
            before.id,
        )


@given(file_with_item())
@settings(max_examples=100, deadline=None)
def test_bytes_edit_with_bom_keeps_the_rest(case: tuple[str, int]) -> None:
    text, number = case
    data = ("\ufeff" + text).encode()
    set_id = functools.partial(item_edits.line_set_token, key="id", value="q3xk")
    new = item_edits.edit_lines_bytes(data, [(number, set_id)])
    assert new.startswith(b"\xef\xbb\xbf")
    assert new.decode()[1:] == edit(text, number, set_id)
    assert new == one_edit(data, number, set_id)


@given(
    st.lists(
        st.sampled_from(["- [ ] @a x", "- [x] y done:2026-12-01", "text", ""]),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
    st.booleans(),
    st.data(),
)
@settings(max_examples=100, deadline=None)
def test_several_edits_in_one_pass_equal_one_at_a_time(
    lines: list[str], ending: str, bom: bool, final: bool, data: st.DataObject
) -> None:
    """edit_lines_bytes (new-meeting adding many ids to one file) gives exactly the
    bytes of one edit at a time, the same line twice included."""
    text = ending.join(lines) + (ending if final else "")
    raw = (("\ufeff" if bom else "") + text).encode()
    count = len(items.split_lines(text))
    numbers = data.draw(st.lists(st.integers(1, count), max_size=6))
    changes = [(n, lambda line, k=k: line + f" #t{k}") for k, n in enumerate(numbers)]
    one_at_a_time = raw
    for n, change in changes:
        one_at_a_time = one_edit(one_at_a_time, n, change)
    assert item_edits.edit_lines_bytes(raw, changes) == one_at_a_time
    with pytest.raises(IndexError):
        item_edits.edit_lines_bytes(raw, [(count + 1, str.upper)])
    with pytest.raises(IndexError):
        item_edits.edit_lines_bytes(raw, [(0, str.upper)])
    with pytest.raises(ValueError, match="line break"):
        item_edits.edit_lines_bytes(raw, [(1, lambda line: line + "\n")])
