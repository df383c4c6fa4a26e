"""The fast paths give exactly what the general code they stand in for gives.

text/simple_blocks.py answers "which task lines are list items" without
markdown-it, text/simple_yaml.py reads plain front-matter without PyYAML; each
may decline (None), and whatever it answers must equal the reference. A task of
one copy (most items) is made by a shortcut in rules/followthrough.py.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mentorlog.model import Item
from mentorlog.rules import followthrough
from mentorlog.text import frontmatter_read, simple_blocks, simple_yaml, task_text
from mentorlog.text import items as itemsmod
from mentorlog.text.frontmatter_read import load_yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import generate  # noqa: E402

# ------------------------------------------------------------ task lines


def by_markdown_it(text: str) -> list[int]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(simple_blocks, "task_lines", lambda lines, candidates: None)
        return itemsmod.task_line_numbers(text)


def by_fast_path(text: str) -> list[int] | None:
    lines = itemsmod.split_lines(text)
    candidates = [i for i, line in enumerate(lines) if itemsmod.TASK_RE.match(line)]
    return simple_blocks.task_lines(lines, candidates)


LINES = [
    "- [ ] @mentee a task due:2026-01-02",
    "- [x] done one",
    "* [ ] star",
    "+ [-] dropped",
    "-  [ ] two spaces",
    "-    [ ] four spaces",
    "-     [ ] five spaces",
    "-\t[ ] tab",
    "- [ ]",
    "- [x]: /url",
    "1. [ ] ordered",
    "2) [ ] ordered two",
    "  - [ ] nested",
    "    - [ ] deeper",
    "\t- [ ] tabbed",
    "> - [ ] quoted",
    ">",
    "```",
    "```python",
    "``` `x`",
    "````",
    "~~~",
    "~~~ `ok`",
    "   ```",
    "    ```",
    "``",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "[x]: /url",
    "[x]",
    "text",
    "Text with - [ ] inside",
    "",
    "   ",
    "\t",
    "# Heading",
    "## Follow-through",
    "---",
    "***",
    "===",
    "- note",
    "-",
    "1. one",
    "- ```",
    "- <div>",
    "  continued",
    "    indented code",
    "\f- [ ] form feed",
    "\u00a0- [ ] no-break space",
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(LINES), max_size=14),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_plain_markdown_is_read_as_markdown_it_reads_it(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    fast = by_fast_path(text)
    if fast is not None:
        assert fast == by_markdown_it(text), text


# Lines the fast path reads itself, and the indented ones that may open or close a
# fence or continue a block: drawn together, most texts are decided by the fast path.
DECIDED = [line for line in LINES if line[:1] not in (" ", "\t", "<", ">", "[")] + [
    "   ```",
    "  ~~~",
    "    - [ ] deeper",
    "  continued",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(DECIDED), max_size=10))
def test_mostly_plain_markdown(lines: list[str]) -> None:
    text = "\n".join(lines)
    fast = by_fast_path(text)
    if fast is not None:
        assert fast == by_markdown_it(text), text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=" \t-*+[]x>`~<#1.\n\ra", max_size=60))
def test_any_text_of_markdown_characters(text: str) -> None:
    fast = by_fast_path(text)
    if fast is not None:
        assert fast == by_markdown_it(text), repr(text)


def test_the_fast_path_reads_what_mentorlog_writes(tmp_path: Path) -> None:
    """The generated meetings and goals (fenced code included) need no parser."""
    generate(tmp_path, meetings=6, items=5, goals=3)
    for path in sorted(tmp_path.glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        fast = by_fast_path(text)
        assert fast is not None, path
        assert fast == by_markdown_it(text)
        assert fast  # each file has items


@pytest.mark.parametrize(
    "text",
    [
        "```\n- [ ] in code\n```\n- [ ] out\n",
        "~~~~\n- [ ] in\n~~~\n- [ ] still in\n~~~~\n- [ ] out\n",
        "```\n- [ ] never closed\n",
        "Text\n- [ ] interrupts the paragraph\n",
        "Text\n```\n- [ ] in\n   ```\n- [ ] out\n",
        "- ```\n- [ ] a list item's fence ends with the item\n",
    ],
)
def test_fences(text: str) -> None:
    fast = by_fast_path(text)
    assert fast is not None
    assert fast == by_markdown_it(text)


@pytest.mark.parametrize(
    "text",
    [
        "   ```\n- [ ] in a fence indented by three\n```\n",
        "    ```\n- [ ] after indented code\n",
        "<div>\n- [ ] in an HTML block\n",
        "2. [ ] an ordered list from 2 does not interrupt a paragraph\n",
        "Text\n2. [ ] an ordered list from 2 does not interrupt a paragraph\n",
        "-     [ ] five spaces make indented code\n",
    ],
)
def test_what_the_fast_path_leaves_to_the_parser(text: str) -> None:
    assert by_fast_path(text) is None
    assert isinstance(by_markdown_it(text), list)


# ------------------------------------------------------------ front-matter

VALUES = [
    "plain words",
    "Ana Ruiz",
    "Europe/Berlin",
    "Room 4",
    "it's fine",
    "a, b",
    "a #b",
    "a#b",
    "a: b",
    "a:b",
    "yes",
    "No",
    "Nope",
    "on",
    "OFF",
    "y",
    "null",
    "Null",
    "~",
    "true",
    "True",
    "0",
    "7",
    "007",
    "10",
    "-5",
    "+5",
    "1_000",
    "0x1f",
    "0b101",
    "1.5",
    "1e5",
    "1.0e+5",
    ".inf",
    ".NaN",
    "1:30",
    "17:30",
    '"17:30"',
    "'17:30'",
    '"a \\" b"',
    "'it''s'",
    '"two "" quotes"',
    "2026-12-15",
    "2026-02-30",
    "0000-01-01",
    "2026-1-5",
    "2026-12-15 10:00:00",
    "2026-12-15T10",
    "01-lead-a-project",
    "1-2e3",
    "[01-lead-a-project]",
    "[a, b]",
    "[a,b]",
    "[]",
    "[ ]",
    "[2026-12-15, 3, 'x,y']",
    "[a, [b]]",
    "[a, ]",
    "[yes, no]",
    "{a: 1}",
    "&anchor x",
    "*alias",
    "!tag x",
    "| block",
    "> folded",
    "@at",
    "`tick",
    "%pct",
    "é accent",
    "Ünïcode wörds",
    "two  spaces",
    "x\u2028y",
    "x\u0085y",
    "tab\there",
    "- item",
    "? q",
    "=",
    "<<",
]
KEYS = ["date", "title", "goals", "yes", "No", "null", "on", "_x", "a1", "1a", "k-ey", "Key"]


def same(a: object, b: object) -> bool:
    return repr(a) == repr(b)  # types too: True is not 1, a date is not a datetime


def yaml_or_error(text: str) -> object:
    from mentorlog.errors import BadFile

    try:
        return load_yaml(text, "f.md", 2)
    except BadFile as exc:
        return exc


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(KEYS),
            st.sampled_from([": ", ":  ", ":", " : "]),
            st.sampled_from(VALUES),
        ),
        max_size=6,
    ),
    st.sampled_from(["", " ", "  "]),
)
def test_plain_front_matter_is_read_as_yaml_reads_it(
    pairs: list[tuple[str, str, str]], trailing: str
) -> None:
    text = "\n".join(f"{k}{sep}{v}{trailing}" for k, sep, v in pairs)
    fast = simple_yaml.load(text)
    if fast is not None:
        assert same(fast, yaml_or_error(text)), text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_value(value: str) -> None:
    text = f"title: {value}"
    fast = simple_yaml.load(text)
    if fast is not None:
        assert same(fast, yaml_or_error(text)), text


def test_the_front_matter_mentorlog_writes_needs_no_yaml(tmp_path: Path) -> None:
    generate(tmp_path, meetings=3, items=2, goals=2)
    for path in sorted(tmp_path.glob("**/*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        front = text.split("---\n")[1]
        fast = simple_yaml.load(front)
        assert fast is not None, path
        assert same(fast, load_yaml(front, "f.md", 2))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(KEYS), st.sampled_from(VALUES)),
        max_size=6,
    ),
)
def test_lines_read_before_give_what_reading_them_gives(pairs: list[tuple[str, str]]) -> None:
    """simple_yaml keeps each line it read: a line read again gives the same value,
    and each file gets lists of its own."""
    text = "\n".join(f"{k}: {v}" for k, v in pairs)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(simple_yaml, "_LINES", {})
        fresh = simple_yaml.load(text)
        again = simple_yaml.load(text)
        assert same(again, fresh), text
        if fresh is not None and again is not None:
            for key, value in fresh.items():
                if isinstance(value, list):
                    assert again[key] is not value
                    value.append("changed")  # a caller's change reaches no other file
            assert same(simple_yaml.load(text), again), text


# ------------------------------------------------------------ tasks

DAYS = st.one_of(st.none(), st.dates(dt.date(2018, 1, 1), dt.date(2018, 3, 1)))


@settings(max_examples=300, deadline=None)
@given(
    file=st.sampled_from(["meetings/2018-01-08.md", "meetings/2018-02-05-2.md", "goals/01-x.md"]),
    checked=st.booleans(),
    dropped=st.booleans(),
    owner=st.sampled_from([None, "mentee", "mentor"]),
    ident=st.sampled_from([None, "h2wd"]),
    due=DAYS,
    done=DAYS,
    from_=DAYS,
    dropped_on=DAYS,
)
def test_a_single_copy_makes_the_task_the_general_case_makes(
    file: str,
    checked: bool,
    dropped: bool,
    owner: str | None,
    ident: str | None,
    due: dt.date | None,
    done: dt.date | None,
    from_: dt.date | None,
    dropped_on: dt.date | None,
) -> None:
    item = Item(
        file=file,
        line=7,
        index=2,
        checked=checked,
        text="@mentee a task",
        description="a task",
        owner=owner,
        owner_token="@mentee" if owner else None,
        due=due,
        done=done,
        id=ident,
        from_=from_,
        tags=["x"],
        dropped=dropped and not checked,
        dropped_on=dropped_on,
    )
    assert followthrough._single_task(item) == followthrough._merged_task([item])


# ------------------------------------------------------------ the cold read's fast paths
# Each fast path of the cold read (parsing every file with no index) against the code
# it stands in for, on tricky inputs: the answers must be the same, always.


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a\r\n -", max_size=30))
def test_lines_split_as_markdown_it_counts_them(text: str) -> None:
    assert itemsmod.split_lines(text) == itemsmod.NEWLINE_RE.split(text)


def two_step(lines: list[str]) -> list[int] | None:
    candidates = [i for i, line in enumerate(lines) if itemsmod.TASK_RE.match(line)]
    return simple_blocks.task_lines(lines, candidates)


def one_pass(lines: list[str]) -> list[int] | None:
    found = simple_blocks.item_lines(lines, itemsmod.TASK_RE.match)
    if found is None:
        return None
    for n, m in found:
        assert m.group(0) == lines[n]  # the match of the task line itself
    return [n for n, _ in found]


MORE_LINES = LINES + [
    "1. [x] ordered at the margin",
    "12) [ ] ordered",
    "١. [ ] an Arabic-Indic digit",
    "- [x]",
    "- [ ]x no space after the box",
    "* [X] capital",
    "- [ ] a [link](x) inside",
    "- note with [brackets]",
    "Text [x] inside",
    "#tag [ ] line",
    "`` ` ``",
    "~~~~",
    "```` `",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(MORE_LINES), max_size=14))
def test_one_pass_finds_the_item_lines_the_two_steps_find(lines: list[str]) -> None:
    assert one_pass(lines) == two_step(lines), lines


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t-*+[]xX>`~<#1.\n\ra", max_size=60))
def test_one_pass_on_any_text_of_markdown_characters(text: str) -> None:
    lines = itemsmod.split_lines(text)
    assert one_pass(lines) == two_step(lines), repr(text)


TOKEN_WORDS = [
    "due:2026-12-01",
    "due:2026-12-02",
    "done:2026-12-04",
    "from:2026-11-25",
    "dropped:2026-12-20",
    "id:b2",
    "@mentor",
    "due:2026-02-30",
    "due:2026-1-01",
    "done:2026-12-03",
    "done:0000-00-00",
    "from:2026-11-24",
    "dropped:2026-12-19",
    "dropped:2026-13-01",
    "due:2026-12-01x",
    "xdue:2026-12-01",
    "due:٢٠٢٦-١٢-٠١",
    "id:q3xk",
    "id:Q3",
    "id:",
    "id:a-b",
    "@mentee",
    "@Ana.Ruiz",
    "@sam-",
    "@-",
    "@_",
    "@é",
    "a@b",
    "#doing",
    "#Stretch",
    "#",
    "#a#b",
    "##x",
    "x#y",
    "d",
    "f",
    "i",
    "from:",
    "fro:2026-12-01",
    "drom:2026-12-01",
    "Draft",
    "the",
    "idea",
    "during",
    "for",
    "e-mail",
    "a:b",
    "2026-12-01",
]
SPACES = st.sampled_from([" ", "  ", "\t", "\u00a0", "\u2003", "\x1c", "\x85", "\u3000"])


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(TOKEN_WORDS), SPACES), min_size=1, max_size=10),
)
def test_tokens_found_at_once_equal_tokens_found_word_by_word(
    words: list[tuple[str, str]],
) -> None:
    text = "".join(w + s for w, s in words).strip()
    if text:
        assert itemsmod._fields(text) == itemsmod._fields_by_word(text), repr(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="duefromnpid:@#-_.2016 \t\u00a0xé", min_size=1, max_size=40))
def test_tokens_in_any_text(text: str) -> None:
    text = text.strip()
    if text:
        assert itemsmod._fields(text) == itemsmod._fields_by_word(text), repr(text)


def parse_items_the_general_way(
    text: str, file: str, owners: dict[str, str], line_offset: int
) -> tuple[list[Item], list[tuple[int, str]]]:
    """Items as parse_items made them before its one pass: markdown-it's (or the
    two-step) item lines, each line parsed by parse_line."""
    lines = itemsmod.split_lines(text)
    items: list[Item] = []
    problems: list[tuple[int, str]] = []
    for n in itemsmod.task_line_numbers(text):
        p = itemsmod.parse_line(lines[n])
        if p is None:
            continue
        line = n + line_offset
        problems.extend((line, f"{value!r} is not a date (YYYY-MM-DD)") for value in p.bad_dates)
        items.append(
            Item(
                file=file,
                line=line,
                index=len(items) + 1,
                checked=p.checked,
                text=p.text,
                description=p.description,
                owner=itemsmod.resolve_owner(p.owner_token, owners),
                owner_token=p.owner_token,
                due=p.due,
                done=p.done,
                id=p.id,
                from_=p.from_,
                tags=list(p.tags),
                dropped=p.dropped,
                dropped_on=p.dropped_on,
            )
        )
    return items, problems


ITEM_LINES = [
    "- [ ] @mentee Draft the charter due:2026-12-01 id:h2wd",
    "- [x] @Ana done one done:2026-12-03 #Doing",
    "* [-] @sam dropped dropped:2026-12-19",
    "+ [X] Book the room 📅 2026-12-20 ✅ 2026-12-18",
    "- [ ] bad due:2026-02-30 due:2026-03-01",
    "- [ ]",
    "- [ ]   ",
    "1. [ ] ordered @mentor",
    "  - [ ] nested @priya",
    "> - [ ] quoted",
    "```",
    "text",
    "",
    "- a note",
]
OWNERS = itemsmod.owner_map("Ana Ruiz", "Sam Lee")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(ITEM_LINES), max_size=10),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.integers(1, 9),
)
def test_parse_items_gives_what_the_general_way_gives(
    lines: list[str], newline: str, offset: int
) -> None:
    text = newline.join(lines)
    file = "meetings/2026-12-01.md"
    assert itemsmod.parse_items(text, file, OWNERS, offset) == parse_items_the_general_way(
        text, file, OWNERS, offset
    ), text


def test_the_generated_repository_is_parsed_as_the_general_way_parses_it(
    tmp_path: Path,
) -> None:
    generate(tmp_path, meetings=8, items=6, goals=3)
    for path in sorted(tmp_path.glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        got = itemsmod.parse_items(text, "meetings/x.md", OWNERS, 1)
        assert got == parse_items_the_general_way(text, "meetings/x.md", OWNERS, 1)
        assert got[0]


def split_by_the_handler(text: str) -> tuple[str, str] | None | str:
    """What python-frontmatter's handler (with mentorlog's fences) makes of ``text``:
    None when it finds no front-matter, "unclosed" when it cannot split it."""
    handler = frontmatter_read._handler()
    if not handler.detect(text):
        return None
    try:
        return handler.split(text)
    except ValueError:
        return "unclosed"


def split_here(text: str) -> tuple[str, str, int] | None | str:
    """What split_front_matter makes of ``text``: the YAML text it loads, the body and
    the body's first line; None and "unclosed" as above."""
    from mentorlog.errors import BadFile

    seen: list[str] = []

    def load(yaml_text: str, shown: str, first_line: int) -> dict[str, int]:
        seen.append(yaml_text)
        return {"key": 1}

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(frontmatter_read, "load_yaml", load)
        try:
            meta, body, body_line = frontmatter_read.split_front_matter(text, "f.md")
        except BadFile as exc:
            assert exc.line == 1
            return "unclosed"
    if not seen:
        assert (meta, body, body_line) == ({}, text, 1)
        return None
    return seen[0], body, body_line


FENCE_LINES = ["---", "--- ", "---\t", "----", "...", "... ", "a: 1", "", " ", "---x", "text"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(FENCE_LINES), max_size=8),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)
def test_front_matter_is_split_as_the_handler_splits_it(
    lines: list[str], newline: str, final: bool
) -> None:
    text = newline.join(lines) + (newline if final else "")
    expected = split_by_the_handler(text)
    got = split_here(text)
    if expected is None or expected == "unclosed":
        assert got == expected, repr(text)
        return
    fm, body = expected
    yaml_text = itemsmod.NEWLINE_RE.sub("\n", fm).removesuffix("\n")
    closing = 1 + len(itemsmod.NEWLINE_RE.findall(fm))
    assert got == (yaml_text, body, closing + 2), repr(text)


def test_every_character_the_prefilters_skip_for_is_unprintable() -> None:
    """one_line and simple_yaml look for control or unusual characters only in text that
    is not printable (str.isprintable, in C): each such character must be unprintable."""
    import re

    from mentorlog.model import schema

    ranges = [*range(0x00, 0xA0), 0x2028, 0x2029, *range(0xD800, 0xE000), 0xFEFF, 0xFFFE, 0xFFFF]
    unusual = re.compile(simple_yaml._UNUSUAL)
    found = [chr(c) for c in ranges if unusual.match(chr(c)) or schema.CONTROL_RE.match(chr(c))]
    assert len(found) > 100
    assert not [c for c in found if c.isprintable()]
    assert schema.one_line("a\u2028b\tc") == "a b c"
    assert simple_yaml.load("title: a\u2028b") is None


# ------------------------------------------------------------ one search over the text
# simple_blocks.item_scan finds the item lines of a text (LF only) with one search that
# passes over other lines; parse_items reads the common shape of a task's text from that
# search's match. Both against the line-by-line pass and the general way.


def scanned(text: str) -> list[int] | None:
    found = simple_blocks.item_scan(text, task_text.ITEM_LINE)
    if found is None:
        return None
    lines = itemsmod.split_lines(text)
    for n, m in found:
        assert m.group(1) == lines[n]  # the match is the task line itself
    return [n for n, _ in found]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(MORE_LINES), max_size=14))
def test_the_search_finds_the_item_lines_the_one_pass_finds(lines: list[str]) -> None:
    lines = [line.replace("\r", "") for line in lines]
    assert scanned("\n".join(lines)) == one_pass(lines), lines


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t-*+[]xX>`~<#1.\na", max_size=60))
def test_the_search_on_any_text_of_markdown_characters(text: str) -> None:
    assert scanned(text) == one_pass(itemsmod.split_lines(text)), repr(text)


@pytest.mark.parametrize(
    "text",
    [
        "```\n- [ ] in code\n```\n- [ ] out\n",
        "~~~~\n- [ ] in\n~~~\n- [ ] still in\n~~~~\n- [ ] out",
        "```\n- [ ] never closed\n",
        "``` `x`\n- [ ] not plain\n",
        "``\n- [ ] after two backticks\n",
        "- [ ] first line\n\n   ```\n- [ ] in\n```\n- [ ] out\n",
        "text\n- [ ] x\n  indented\n",
        "- [ ]\n- [ ] \n-\t[ ] tab\n",
        "1. [ ] ordered\n",
    ],
)
def test_the_search_on_fences_and_stops(text: str) -> None:
    assert scanned(text) == one_pass(itemsmod.split_lines(text))


def test_other_space_is_every_white_space_but_the_space() -> None:
    import re

    other = re.compile(f"[{task_text.OTHER_SPACE}]")
    for code in range(0x110000):
        c = chr(code)
        assert bool(other.match(c)) == (c.isspace() and c != " "), hex(code)


# a task's text: an owner, words, then tokens (in mentorlog's order or not), near-tokens
# among them, words apart by a space or by other white space
OWNER_WORDS = [None, "@mentee", "@Ana", "@sam-lee.x", "@mentee", None] + ["@-", "@", "@ana,"]
PLAIN_WORDS = ["Draft", "the", "idea", "during", "for", "e-mail", "é", "Ünïcode", "d", "duex"] * 3
PLAIN_WORDS += ["2026-12-01", "x:y", "a@b", "x#y", "\U0001f4c5", "\u2705 2026-12-18", "@sam"]
ORDER = ["#", "due:", "id:", "from:", "done:", "dropped:"]
SHAPE_TOKENS = ["#doing", "#Two", "#a-b", "due:2026-12-01", "id:b2", "from:2026-11-25"] * 3
SHAPE_TOKENS += ["done:2026-12-04", "dropped:2026-12-20"] * 3
SHAPE_TOKENS += ["due:2026-02-30", "due:٢٠٢٦-١٢-٠١", "id:Q3", "from:2026-13-01"]
SHAPE_TOKENS += ["due:2026-12-01x", "#", "\u274c 2026-12-19"]
SPACE = [" "] * 12 + ["  ", "\t", "\u00a0", "\u3000"]


def mentorlog_order(token: str) -> int:
    return next((i for i, key in enumerate(ORDER) if token.startswith(key)), len(ORDER))


@settings(max_examples=800, deadline=None)
@given(
    st.sampled_from(OWNER_WORDS),
    st.lists(st.sampled_from(PLAIN_WORDS), max_size=4),
    st.lists(st.sampled_from(SHAPE_TOKENS), max_size=5),
    st.sampled_from([True, True, True, False]),
    st.lists(st.sampled_from(SPACE), min_size=10, max_size=10),
    st.sampled_from(["- [ ] ", "- [x] ", "* [-] ", "-  [X] ", "- [ ] "] * 3 + ["- [ ]", "-\t[ ] "]),
    st.sampled_from(["", "", "", "", " ", "\t"]),
)
def test_the_common_shape_is_read_as_the_general_way_reads_it(
    owner: str | None,
    words: list[str],
    tokens: list[str],
    in_order: bool,
    spaces: list[str],
    box: str,
    end: str,
) -> None:
    if in_order:
        tokens = sorted(tokens, key=mentorlog_order)
    parts = ([owner] if owner else []) + words + tokens
    task = "".join(word + space for word, space in zip(parts, spaces, strict=False))
    task = task.rstrip(" \t\u00a0\u3000")
    text = f"# Title\n{box}{task}{end}\n- [ ] @mentee due:2026-12-01 id:a1\n"
    file = "meetings/2026-12-01.md"
    got = itemsmod.parse_items(text, file, OWNERS, 3)
    assert got == parse_items_the_general_way(text, file, OWNERS, 3), repr(text)


@pytest.mark.parametrize(
    "task",
    [
        "@mentee Draft the charter due:2026-12-01 id:h2wd from:2026-11-24 done:2026-12-02",
        "@mentee Activity 1 #Doing due:2026-12-01",
        "@sam-lee.x dropped it dropped:2026-12-19",
        "@mentor",
        "@mentor due:2026-12-01",
        "due:2026-12-01",
        "#a",
        "plain words only",
        "@mentee bad due:2026-02-30 from:2026-13-01",
        "@mentee twice due:2026-12-01 due:2026-12-02",
        "@mentee out of order id:ab due:2026-12-01",
        "@mentee two tags #a #b",
        "@mentee xdue:2026-12-01",
        "@mentee due:2026-12-01x",
        "@mentee ends with a space due:2026-12-01 ",
        "@mentee Read: chapter 3",
        "@ana, hello",
        "Ask @sam",
        "@mentee \U0001f4c5 2026-12-20",
        "@mentee id:ABC",
    ],
)
def test_task_texts_read_by_the_search(task: str) -> None:
    text = f"intro\n- [ ] {task}\n"
    file = "goals/01-x.md"
    assert itemsmod.parse_items(text, file, OWNERS, 1) == parse_items_the_general_way(
        text, file, OWNERS, 1
    )


# ------------------------------------------------------------ front-matter values

SCHEMA_VALUES = [
    None,
    "",
    True,
    False,
    0,
    1,
    1050,
    1500,
    "1",
    1.0,
    "17:30",
    "7:05",
    "25:00",
    "regular",
    "Held",
    "nope",
    "Topic\there",
    dt.date(2026, 12, 1),
    dt.date(1800, 1, 1),
    dt.datetime(2026, 12, 1, 10, 0),
    "2026-12-01",
    "2026-02-30",
    ["01-x", "02-y"],
    "01-x, 02-y",
    {"a": 1},
]


def read_the_plain_way(schema: object, meta: dict[str, object]) -> object:
    from mentorlog.model.schema import Schema, ValueProblem

    assert isinstance(schema, Schema)
    try:
        return {k.name: k.convert(meta, k.name) for k in schema.keys if k.convert is not None}
    except ValueProblem as exc:
        return ("problem", exc.key, exc.message)


def read_by_schema(schema: object, meta: dict[str, object]) -> object:
    from mentorlog.model.schema import Schema, ValueProblem

    assert isinstance(schema, Schema)
    try:
        return schema.read(meta)
    except ValueProblem as exc:
        return ("problem", exc.key, exc.message)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["meeting", "goal"]),
    st.lists(
        st.dictionaries(
            st.sampled_from(["date", "time", "number", "kind", "status", "topic", "goals"]),
            st.sampled_from(SCHEMA_VALUES),
        )
        | st.dictionaries(
            st.sampled_from(["title", "priority", "status", "created", "target", "measure"]),
            st.sampled_from(SCHEMA_VALUES),
        ),
        min_size=1,
        max_size=4,
    ),
)
@example("meeting", [{"number": 1}, {"number": True}])  # equal values, two types
@example("goal", [{"priority": 0}, {"priority": False}])
@example("meeting", [{"date": dt.date(2026, 12, 1)}, {"date": dt.datetime(2026, 12, 1)}])
@example("meeting", [{"goals": "01-x"}, {"goals": "01-x"}])
def test_values_converted_before_are_what_converting_gives(
    kind: str, metas: list[dict[str, object]]
) -> None:
    """Schema.read keeps the answers for values that recur: the same answers (and the
    same problems) as converting each value, whatever was read before (True is not 1)."""
    from mentorlog.model import schema

    table = schema.SCHEMAS[kind]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(schema, "_CONVERTED", {})
        for meta in metas + metas:  # converted, then kept
            got = read_by_schema(table, meta)
            assert same(got, read_the_plain_way(table, meta)), meta
            for value in got.values() if isinstance(got, dict) else ():
                if isinstance(value, list):
                    value.append("changed")  # a caller's change reaches no other file
