"""new-meeting's own work done once: the template rendered once, its compiled code
kept between runs (and never trusted over the source it was made from), and the
carried items found without making a task of every closed item; the dates of
weekly series and time-zone rules worked out without dateutil."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest
from helpers import run_listing_modules
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog import api
from mentorlog.model import Partnership
from mentorlog.render import drafts, meeting_body, templates, vtimezone
from mentorlog.rules import carry, scaffold, schedule
from mentorlog.rules.followthrough import collect
from mentorlog.store import reading

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import generate  # noqa: E402

TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    api.demo(root, TODAY, git=False)
    return root


def draft_text(root: Path) -> str:
    """The text of the next meeting (with its carried items), rendered."""
    p = reading.load(root)
    made = scaffold.draft_meeting(p, TODAY, exists=drafts.exists_in(root))
    lines = carry.plan_carry(p, made.date).lines
    return drafts.meeting(scaffold.with_carried(made, lines), root).text


# ------------------------------------------------------------------ rendered once


def test_new_meeting_renders_its_template_once(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[str] = []
    real = drafts.render

    def counting(name: str, root: Path | None = None, **context: Any) -> str:
        rendered.append(name)
        return real(name, root, **context)

    monkeypatch.setattr(drafts, "render", counting)
    made = api.new_meeting(api.load(demo), TODAY, commit_files=False)
    assert made.carried == 4
    assert rendered == [f"meeting-{made.plan.kind}.md"]


def test_carried_items_given_to_a_draft_later_make_the_draft_made_with_them(demo: Path) -> None:
    p = reading.load(demo)
    exists = drafts.exists_in(demo)
    first = scaffold.draft_meeting(p, TODAY, exists=exists)
    lines = carry.plan_carry(p, first.date).lines
    assert len(lines) == 4 and any("due:" in line for line in lines)
    later = scaffold.with_carried(first, lines)
    at_once = scaffold.draft_meeting(p, TODAY, None, None, None, None, None, lines, exists=exists)
    assert vars(later.draft.context["m"]) == vars(at_once.draft.context["m"])
    assert later.draft.context == {**at_once.draft.context, "m": later.draft.context["m"]}
    assert drafts.meeting(later, demo) == drafts.meeting(at_once, demo)
    assert first.draft.context["carried"] == []  # the first draft is left as it was


# ------------------------------------------------------------------ compiled code kept


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("MENTORLOG_NO_CACHE", raising=False)
    # the meeting rendered by Jinja, as when its templates changed (else it takes none:
    # tests/unit/test_meeting_body.py)
    monkeypatch.setattr(meeting_body, "render", lambda *args: None)
    return tmp_path / "cache" / "mentorlog"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source."""
    names: list[str] = []
    real = jinja2.Environment.compile

    def counting(self: Any, source: Any, name: str | None = None, *args: Any, **kw: Any) -> Any:
        names.append(str(name))
        return real(self, source, name, *args, **kw)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("templates-*/*"))


def test_compiled_templates_are_kept_and_give_the_same_text(
    demo: Path, cache: Path, compiled: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        m.setenv("MENTORLOG_NO_CACHE", "1")
        expected = draft_text(demo)
    assert entries(cache) == []
    del compiled[:]
    assert draft_text(demo) == expected
    assert len(compiled) == 3 == len(entries(cache))  # the kind's, meeting.md, checkin.md
    del compiled[:]
    assert draft_text(demo) == expected
    assert compiled == []  # all three from the cache


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:30],  # inside the header
        lambda data: b"",
        lambda data: b"\x00" * 200,
        lambda data: data.replace(b"mentorlog jinja code", b"mentorlog jinja c0de"),
        lambda data: data.split(b"\n", 2)[0] + b"\n" + b"0" * 64 + b"\n" + data.split(b"\n", 2)[2],
        lambda data: data[:-8] + b"\xff" * 8,  # the code damaged at its end
    ],
)
def test_a_damaged_entry_is_compiled_again(
    demo: Path, cache: Path, compiled: list[str], damage: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        m.setenv("MENTORLOG_NO_CACHE", "1")
        expected = draft_text(demo)
    draft_text(demo)
    for entry in entries(cache):
        entry.write_bytes(damage(entry.read_bytes()))
    del compiled[:]
    assert draft_text(demo) == expected
    assert len(compiled) == 3  # none trusted ...
    del compiled[:]
    assert draft_text(demo) == expected
    assert compiled == []  # ... and each written again


def test_a_changed_template_is_never_served_from_the_cache(
    demo: Path, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / "shipped"
    shutil.copytree(templates.shipped_dir(), shipped)
    monkeypatch.setattr(templates, "shipped_dir", lambda: shipped)
    before = draft_text(demo)
    checkin = shipped / "checkin.md"
    checkin.write_text(checkin.read_text(encoding="utf-8") + "\nA new last line.\n")
    after = draft_text(demo)
    assert after == before.rstrip("\n") + "\n\nA new last line.\n"


def test_overrides_never_use_the_cache(
    demo: Path, cache: Path, compiled: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    draft_text(demo)  # the shipped templates' code is kept
    kept = {path: path.read_bytes() for path in entries(cache)}
    folder = demo / ".mentorlog" / "templates"
    folder.mkdir(parents=True)
    (folder / "checkin.md").write_text("## Check-in\n\nOur own questions.\n", encoding="utf-8")
    del compiled[:]
    text = draft_text(demo)
    assert text.rstrip("\n").endswith("## Check-in\n\nOur own questions.")
    assert len(compiled) == 3  # compiled under limits, each time: nothing from the cache
    assert {path: path.read_bytes() for path in entries(cache)} == kept


def test_the_folder_of_another_version_is_removed(demo: Path, cache: Path) -> None:
    old = cache / "templates-00000000"
    old.mkdir(parents=True)
    (old / "entry").write_bytes(b"old")
    draft_text(demo)
    assert not old.exists()
    assert len(entries(cache)) == 3


# ------------------------------------------------------------------ carried items


def carry_by_collect(p: Partnership, day: dt.date, suffix: int = 1) -> carry.CarryPlan:
    """plan_carry as it was: every task made by collect, then the open ones chosen."""
    new_key = (day, suffix)
    tasks = collect(p)
    used = {t.id for t in tasks if t.id}
    chosen = [
        t
        for t in tasks
        if t.source == "meeting"
        and t.is_open
        and any(
            k is not None and k < new_key
            for k in map(carry.meeting_key, (c.file for c in t.copies))
        )
    ]
    chosen.sort(key=lambda t: (t.from_ or dt.date.min, t.origin.file, t.origin.line))
    plan = carry.CarryPlan(tasks=chosen)
    for task in chosen:
        item_id = task.id
        if item_id is None:
            item_id = task.ref
            if item_id in used or not item_id.isalnum():
                item_id = carry.make_id(f"{task.origin.file}\x00{task.origin.text}", used)
            used.add(item_id)
            plan.additions.append(carry.IdAddition(task.origin, item_id))
        plan.lines.append(carry.carried_line(task, item_id))
    return plan


def reading_as(read: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files read ``"parsed"`` (no index), or through the index (``"from the index"``,
    every file old enough to be kept)."""
    from mentorlog.store import index

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    if read == "parsed":
        monkeypatch.setenv("MENTORLOG_NO_CACHE", "1")
    else:
        monkeypatch.delenv("MENTORLOG_NO_CACHE", raising=False)
        real = index.now_ns
        monkeypatch.setattr(index, "now_ns", lambda: real() + 3600 * 10**9)


@pytest.mark.parametrize("read", ["parsed", "from the index", "from the index, some made"])
def test_carried_items_are_those_of_every_task(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read: str
) -> None:
    """The same lines, ids and tasks as when every task is made first: on generated
    partnerships (carried, ticked and dropped items, goals), at every meeting date,
    with refs that clash (the same owner and words), and with two files of one name;
    with the files parsed, or read from the index (the items of every meeting, or
    of some, still packed)."""
    reading_as(read, tmp_path, monkeypatch)
    root = tmp_path / "gen"
    generate(root, meetings=14, items=6, goals=3)
    meeting = root / "meetings" / sorted(f.name for f in (root / "meetings").iterdir())[-3]
    text = meeting.read_text(encoding="utf-8")
    extra = "\n- [ ] @mentee Same words again\n- [ ] @mentee Same words again\n- [-] @mentor Gone\n"
    meeting.write_text(text + extra, encoding="utf-8")
    p = reading.load(root)
    if read != "parsed":
        p = reading.load(root)  # every meeting from the index, its items packed
        assert all("items" not in vars(m) for m in p.meetings)
        if read == "from the index, some made":
            for m in p.meetings[::3]:
                assert m.items is not None
    days = sorted({m.date for m in p.meetings})
    assert days
    for day in [days[0], days[len(days) // 2], days[-1], days[-1] + dt.timedelta(days=7)]:
        for suffix in (1, 2):
            mine, theirs = carry.plan_carry(p, day, suffix), carry_by_collect(p, day, suffix)
            assert mine.lines == theirs.lines
            assert mine.additions == theirs.additions
            assert mine.tasks == theirs.tasks
    assert carry.plan_carry(p, days[-1] + dt.timedelta(days=7)).additions  # ids were given
    (root / "goals" / f"{days[-1]}.md").write_text(
        "---\ntitle: A goal named like a meeting\n---\n\n## Learning activities\n\n"
        "- [ ] @mentee Read it\n- [ ] @mentee Write it\n- [ ] @mentee Say it\n",
        encoding="utf-8",
    )
    p = reading.load(root)
    if read != "parsed":
        p = reading.load(root)
    later = days[-1] + dt.timedelta(days=7)
    made: list[int] = []
    monkeypatch.setattr(carry, "collect", lambda p: made.append(1) or collect(p))
    assert carry.plan_carry(p, later) == carry_by_collect(p, later)
    assert made == [1]  # SOURCE#n of two files: the tasks as collect groups them


def colliding_words() -> tuple[str, str]:
    """Two different words of @mentee items whose refs would start the same."""
    from mentorlog.rules.refs import REF_MIN, ref_digest, ref_seed

    heads: dict[str, str] = {}
    for n in range(200_000):
        words = f"Collide {n}"
        head = ref_digest(ref_seed("mentee", words), REF_MIN)
        if head in heads:
            return heads[head], words
        heads[head] = words
    raise AssertionError("no two heads alike")


@pytest.mark.parametrize("read", ["parsed", "from the index"])
@pytest.mark.parametrize("case", ["plain", "an id like a ref", "two refs alike"])
def test_carried_refs_are_those_of_every_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, read: str
) -> None:
    """The refs carried items keep (as their new ids) are the ones every item's refs
    give: worked out from each item's own digest when no other item's and no id
    starts the same, else by putting every item in order (from the items, or from
    their rows when the partnership is read whole from the index)."""
    from mentorlog.rules import refs
    from mentorlog.rules.refs import REF_MIN, ref_digest, ref_seed

    reading_as(read, tmp_path, monkeypatch)
    root = tmp_path / "gen"
    generate(root, meetings=10, items=4, goals=2)
    meeting = root / "meetings" / sorted(f.name for f in (root / "meetings").iterdir())[-1]
    p = reading.load(root)
    day = max(m.date for m in p.meetings) + dt.timedelta(days=7)
    lines = ["- [ ] @mentee Same words again"] * 2
    if case == "an id like a ref":  # an old ticked item whose id is what a ref would be
        taken = ref_digest(ref_seed("mentee", "Same words again"), REF_MIN)
        lines.append(f"- [x] @mentor Done long ago id:{taken}")
    elif case == "two refs alike":
        lines += [f"- [ ] @mentee {words}" for words in colliding_words()]
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    p = reading.load(root)
    if read != "parsed":
        p = reading.load(root)
        assert p.kept is not None
    quick: list[object] = []
    real = refs.first_refs

    def spy(*args: Any) -> Any:
        quick.append(real(*args))
        return quick[-1]

    monkeypatch.setattr(refs, "first_refs", spy)
    mine, theirs = carry.plan_carry(p, day), carry_by_collect(p, day)
    assert (mine.lines, mine.additions, mine.tasks) == (
        theirs.lines,
        theirs.additions,
        theirs.tasks,
    )
    assert len(mine.additions) >= 2
    assert (quick[0] is None) == (case != "plain")


# ------------------------------------------------------------------ dates without dateutil


@settings(max_examples=120, deadline=None)
@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)),
    st.integers(min_value=-30, max_value=4000),
    st.one_of(st.integers(min_value=1, max_value=60), st.integers(min_value=61, max_value=10**12)),
)
def test_weekly_series_dates_are_dateutils(anchor: dt.date, span: int, interval: int) -> None:
    """Every N weeks, worked out by adding weeks: the dates of dateutil's WEEKLY rule
    (with the interval capped as it had to be there)."""
    from dateutil.rrule import WEEKLY, rrule

    until = anchor + dt.timedelta(days=span)
    cadence = schedule.Cadence(f"every {interval} weeks", "weeks", interval=interval)
    expected: list[dt.date] = []
    if until >= anchor:
        capped = min(interval, (until - anchor).days // 7 + 1)
        start, end = (dt.datetime.combine(d, dt.time()) for d in (anchor, until))
        expected = [m.date() for m in rrule(WEEKLY, dtstart=start, until=end, interval=capped)]
    assert schedule.cadence_dates(cadence, anchor, until) == expected


def test_a_time_zone_rules_day_is_dateutils() -> None:
    """The nth (or last) weekday of a month, for the VTIMEZONE's 1970 onsets and more."""
    from dateutil.relativedelta import relativedelta
    from dateutil.relativedelta import weekday as dateutil_weekday

    for year in (1970, 1999, 2000, 2024, 2100):
        for month in range(1, 13):
            for weekday in range(7):
                for nth in (1, 2, 3, 4, -1):
                    first = dt.date(year, month, 1)
                    expected = first + relativedelta(
                        day=31 if nth == -1 else 1, weekday=dateutil_weekday(weekday, nth)
                    )
                    assert vtimezone._rule_date(year, month, weekday, nth) == expected


# ------------------------------------------------------------------ what schedule imports


def test_printing_the_schedule_imports_no_calendar_library_nor_the_write_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """schedule -o - over a weekly partnership whose schedule.ics has a reminder: the
    same bytes as the file, without icalendar, dateutil, Jinja, git or the write path."""
    import time

    from mentorlog.store import index

    root = tmp_path / "gen"
    generate(root, meetings=8, items=2, goals=1)
    later = time.time_ns() + 10 * index.RACY_NS  # past the racy window: the files are kept
    monkeypatch.setattr(index, "now_ns", lambda: later)
    p = reading.load(root)  # fills the index: the run below reads it warm
    assert p.agreement.cadence == "weekly"
    assert api.write_schedule(p, alarm=30) == Path("schedule.ics")
    done, modules = run_listing_modules(
        ["-C", str(root), "schedule", "-o", "-"], tmp_path / "modules.json"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == (root / "schedule.ics").read_bytes()
    heavy = {"icalendar", "dateutil", "jinja2", "git", "markdown_it"}
    assert not heavy & {m.split(".")[0] for m in modules}
    assert not {"mentorlog.store.intent", "mentorlog.store.files"} & set(modules)


# ------------------------------------------------------------------ front-matter values


_OLD_PLAIN = re.compile(r"^[A-Za-z\u00c0-\uffff][^:#\n\r\t\"'\[\]{},&*!|>%@`]*$")
_OLD_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(),  # surrogates included
            st.sampled_from("\x00\x08\t\x0b\x1f\x7f\x84\x85\x86\x9f\xa0\xbf\xc0\ud7ff\ue000"),
            st.sampled_from("\ufffd\ufffe\uffff\U00010000\U0010ffff:#'\"[]{},&*!|>%@`aZ "),
        ),
        max_size=12,
    )
)
def test_front_matter_values_are_quoted_as_before(text: str) -> None:
    """The character classes of the front-matter writer, written to compile faster,
    decide as the classes they replace."""
    from mentorlog.text import frontmatter

    assert (frontmatter._NON_PRINTABLE.search(text) is None) == (
        _OLD_NON_PRINTABLE.search(text) is None
    )
    if text:
        assert frontmatter._plain(text) == (_OLD_PLAIN.match(text) is not None)
    for code in (0, 0x84, 0x85, 0xA0, 0xD7FF, 0xD800, 0xDFFF, 0xE000, 0xFFFD, 0xFFFE, 0x10000):
        char = chr(code)
        assert bool(frontmatter._NON_PRINTABLE.match(char)) == bool(_OLD_NON_PRINTABLE.match(char))


def test_front_matter_character_classes_agree_on_every_character() -> None:
    from mentorlog.text import frontmatter

    every = "".join(map(chr, range(0x110000)))
    assert [m.start() for m in frontmatter._NON_PRINTABLE.finditer(every)] == [
        m.start() for m in _OLD_NON_PRINTABLE.finditer(every)
    ]
    for char in every[:0x10100]:
        assert frontmatter._plain(char + "x") == (_OLD_PLAIN.match(char + "x") is not None)
