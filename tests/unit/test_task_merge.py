"""The one-pass merge of an item's copies gives what the rules say, copy by copy.

``reference`` below is the rule written the plain way (each part of the task
chosen by its own pass over the copies, as the code had it before it was made
faster); random sets of copies must give the same task both ways.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.model import Item
from mentorlog.model.names import meeting_key
from mentorlog.rules import followthrough, refs
from mentorlog.rules.followthrough import Task
from mentorlog.store import reading

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import generate  # noqa: E402

FILES = [
    "meetings/2026-01-05.md",
    "meetings/2026-01-05-2.md",
    "meetings/2026-01-12.md",
    "meetings/2026-02-02.md",
    "goals/01-speak.md",
    "goals/02-write.md",
]
DAYS = st.none() | st.dates(dt.date(2025, 12, 1), dt.date(2026, 3, 1))


def file_date(file: str) -> dt.date | None:
    key = meeting_key(file)
    return key[0] if key else None


def reference(copies: list[Item]) -> Task:
    def origin_rank(item: Item) -> tuple[int, dt.date, int, str, int]:
        written_here = item.from_ is None or item.from_ == file_date(item.file)
        return (
            0 if item.file.startswith("goals/") else 1 if written_here else 2,
            file_date(item.file) or dt.date.max,
            0,
            item.file,
            item.line,
        )

    origin = min(copies, key=origin_rank)
    latest = max(copies, key=lambda i: (meeting_key(i.file) or (dt.date.min, 0), i.line))
    ticked = [i for i in copies if i.checked]
    done_dates = [i.done for i in ticked if i.done is not None]
    dropped = [i for i in copies if i.dropped] if not ticked else []
    dropped_dates = [i.dropped_on for i in dropped if i.dropped_on is not None]
    starts = [d for i in copies for d in (i.from_, file_date(i.file)) if d is not None]
    from_ = min(starts) if starts else None
    return Task(
        ref=origin.id or origin.ref,
        id=origin.id,
        text=latest.text,
        description=latest.description,
        owner=latest.owner or origin.owner,
        due=latest.due or origin.due,
        done=min(done_dates) if done_dates else None,
        status="done" if ticked else "dropped" if dropped else "open",
        origin=origin,
        copies=[origin] + [i for i in copies if i is not origin],
        source="meeting" if origin.file.startswith("meetings/") else "goal",
        from_=from_ if origin.file.startswith("meetings/") else None,
        dropped=min(dropped_dates) if dropped_dates else None,
    )


@st.composite
def copies(draw: st.DrawFn) -> list[Item]:
    out = []
    for n in range(draw(st.integers(2, 6))):
        checked = draw(st.booleans())
        owner = draw(st.sampled_from([None, "mentee", "mentor"]))
        out.append(
            Item(
                file=draw(st.sampled_from(FILES)),
                line=draw(st.integers(1, 4)),
                index=n + 1,
                checked=checked,
                text=f"copy {n}",
                description=f"task {n}",
                owner=owner,
                owner_token=None if owner is None else f"@{owner}",
                due=draw(DAYS),
                done=draw(DAYS),
                id="k3x9",
                from_=draw(DAYS),
                tags=[],
                dropped=not checked and draw(st.booleans()),
                dropped_on=draw(DAYS),
            )
        )
    return out


@settings(max_examples=400, deadline=None)
@given(copies())
def test_merging_copies_in_one_pass_gives_the_task_the_rules_give(found: list[Item]) -> None:
    assert followthrough._merged_task(found) == reference(found)


@settings(max_examples=400, deadline=None)
@given(copies())
def test_merging_rows_gives_what_merging_the_items_gives(found: list[Item]) -> None:
    """The kept table merges a carried item's copies from their rows, without items."""
    from mentorlog.model.item_rows import row
    from mentorlog.rules.task_rows import merged_row

    task = followthrough._merged_task(found)
    at, last, ticked, dropped, done, dropped_on, from_ = merged_row(
        [(item.file, row(item)) for item in found]
    )

    def day(ordinal: int | None) -> dt.date | None:
        return None if ordinal is None else dt.date.fromordinal(ordinal)

    assert task.origin is found[at] and task.text == found[last].text
    assert task.status == ("done" if ticked else "dropped" if dropped else "open")
    assert task.done == (day(done) if ticked else None)
    assert task.dropped == (day(dropped_on) if dropped else None)
    assert task.from_ == (day(from_) if task.source == "meeting" else None)


def test_ties_keep_the_first_copy_as_origin_and_as_latest() -> None:
    one = Item("meetings/2026-01-05.md", 3, 1, False, "a", "a", None, None, id="k3x9")
    two = Item("meetings/2026-01-05.md", 3, 2, False, "b", "b", None, None, id="k3x9")
    task = followthrough._merged_task([one, two])
    assert task.origin is one and task.text == "a"
    assert task == reference([one, two])


def test_digests_are_hashlibs_own() -> None:
    """BLAKE2b (refs) and SHA-256 (carried ids, the intent record) come from Python's
    own modules without importing hashlib; the digests are hashlib's."""
    import hashlib

    from mentorlog.text import digests

    for seed in ("", "mentee\x00write the plan", "ünïcode \U0001f600"):
        data = seed.encode("utf-8", "surrogatepass")
        assert (
            digests.blake2b()(data, digest_size=9).digest()
            == hashlib.blake2b(data, digest_size=9).digest()
        )
        assert digests.sha256()(data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_the_refs_of_some_items_are_those_all_refs_give_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``goal list`` derives only the refs it shows (a goal's activities come first in
    the order refs are given): they must be the ones deriving every ref gives."""
    monkeypatch.setenv("MENTORLOG_NO_CACHE", "1")
    generate(tmp_path, meetings=30, items=6, goals=6)
    for path in (tmp_path / "goals").glob("*.md"):  # activities without ids
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r" id:\S+", "", text), encoding="utf-8")
    p = reading.load(tmp_path)
    every = refs.plain_refs(p)
    activities = [i for g in p.goals for i in g.items if not i.id]
    assert activities
    for wanted in (activities[:1], activities[-2:], activities):
        some = refs.plain_refs(p, wanted)
        assert {(i.file, i.line) for i in wanted} <= set(some)
        assert all(every[k] == v for k, v in some.items())
    assert len(refs.plain_refs(p, activities[:1])) < len(every)


def reference_refs(plain: list[Item], taken: set[str]) -> dict[int, str]:
    """The refs rule written the plain way (as the code had it before it was made
    faster): every item sorted by age, each digest made to full length when needed."""
    taken = set(taken)
    seen: dict[str, int] = {}
    seeds: dict[int, str] = {}
    for item in plain:
        seed = refs.ref_seed(item.owner or item.owner_token, item.description)
        n = seen[seed] = seen.get(seed, 0) + 1
        seeds[id(item)] = seed if n == 1 else f"{seed}\x00{n}"

    def age(item: Item) -> tuple[int, dt.date, str, int]:
        key = meeting_key(item.file)
        return ((0, dt.date.min) if key is None else (1, key[0])) + (item.file, item.line)

    out: dict[int, str] = {}
    for item in sorted(plain, key=age):
        seed = seeds[id(item)]
        digest = refs.ref_digest(seed, refs.REF_MIN)
        length = refs.REF_MIN
        while digest[:length] in taken:
            length += 1
            if length > len(digest):
                digest = refs.ref_digest(seed, 13) if len(digest) < 13 else digest
                if length > len(digest):
                    digest += refs.ref_digest(digest, 13)
        out[id(item)] = digest[:length]
        taken.add(out[id(item)])
    return out


@st.composite
def plain_items(draw: st.DrawFn) -> tuple[list[Item], set[str]]:
    """Items in any order (lines out of order within a file, the same line twice),
    with words that repeat, and taken ids that clash with their first characters."""
    words = draw(
        st.lists(
            st.sampled_from(["Call Li", "call  li", "Send notes", "Read"]), min_size=1, max_size=14
        )
    )
    out = []
    for n, text in enumerate(words):
        owner = draw(st.sampled_from([None, "mentee", "mentee", "mentor"]))
        out.append(
            Item(
                file=draw(st.sampled_from(FILES)),
                line=draw(st.integers(1, 5)),
                index=n + 1,
                checked=False,
                text=text,
                description=text,
                owner=owner,
                owner_token=None if owner is None else f"@{owner}",
            )
        )
    clashes = draw(st.lists(st.sampled_from(out), max_size=4))
    taken = set()
    for item in clashes:  # the first 4 to 14 characters of some item's digest
        digest = refs.ref_digest(refs.ref_seed(item.owner, item.description), 13)
        taken.update(digest[:k] for k in range(refs.REF_MIN, draw(st.integers(4, 14))))
    return out, taken


@settings(max_examples=300, deadline=None)
@given(plain_items())
def test_refs_made_the_quick_way_are_the_refs_the_rule_gives(
    found: tuple[list[Item], set[str]],
) -> None:
    plain, taken = found
    assert refs.item_refs(plain, taken) == reference_refs(plain, taken)


def test_the_words_paired_above_share_their_first_characters() -> None:
    for one, two in (("task 443", "task 1854"), ("task 2501", "task 2514")):
        heads = {refs.ref_digest(refs.ref_seed("mentee", w), refs.REF_MIN) for w in (one, two)}
        assert len(heads) == 1


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_a_refs_first_characters_made_the_quick_way_are_the_digests(seed: str) -> None:
    assert refs.REF_MIN == 4  # what the quick way is made for
    assert refs._first_chars([seed, seed + "x"]) == [
        refs.ref_digest(seed, refs.REF_MIN),
        refs.ref_digest(seed + "x", refs.REF_MIN),
    ]


def test_of_two_items_whose_refs_begin_alike_the_older_keeps_the_short_one() -> None:
    """Higher in the file is older, whatever order the items come in; goals are older
    than meetings, and an older meeting than a newer one."""

    def item(file: str, line: int, words: str) -> Item:
        return Item(file, line, 1, False, words, words, "mentee", "@ana")

    cases = [
        (
            item("meetings/2026-01-12.md", 9, "task 443"),
            item("meetings/2026-01-12.md", 4, "task 1854"),
        ),
        (item("meetings/2026-01-12.md", 2, "task 443"), item("goals/01-speak.md", 30, "task 1854")),
        (
            item("meetings/2026-02-02.md", 1, "task 443"),
            item("meetings/2026-01-05.md", 8, "task 1854"),
        ),
    ]
    for newer, older in cases:
        for plain in ([newer, older], [older, newer]):
            found = refs.item_refs(plain, set())
            assert len(found[id(older)]) == refs.REF_MIN
            assert len(found[id(newer)]) == refs.REF_MIN + 1
            assert found == reference_refs(plain, set())
