"""Tests for mentorlog.demo: the example partnership is valid, consistent and dated from today."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from helpers import AGREEMENT_HEADINGS, GOAL_HEADINGS

from mentorlog import demo
from mentorlog.errors import RefuseOverwrite
from mentorlog.model import CHECKIN_QUESTIONS, Item, Partnership
from mentorlog.rules import carry
from mentorlog.rules.schedule import plan
from mentorlog.store import reading

TODAYS = [dt.date(2026, 3, 10), dt.date(2027, 11, 30)]
DATE_RE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
Built = tuple[dt.date, list[Path], Partnership]


def build_and_load(root: Path, today: dt.date) -> tuple[list[Path], Partnership]:
    root.mkdir(parents=True, exist_ok=True)
    written = demo.build(root, today)
    return written, reading.load(root)


def by_item(p: Partnership) -> dict[str, list[Item]]:
    """Every copy of each item, under its ref (copies share an id)."""
    out: dict[str, list[Item]] = {}
    for item in p.items():
        out.setdefault(item.ref, []).append(item)
    return out


@pytest.fixture(params=TODAYS, ids=[d.isoformat() for d in TODAYS])
def built(request: pytest.FixtureRequest, tmp_path: Path) -> Built:
    today: dt.date = request.param
    written, p = build_and_load(tmp_path / "demo", today)
    return today, written, p


def test_loads_without_problems(built: Built) -> None:
    today, written, p = built
    assert p.problems == []
    a = p.agreement
    assert (a.id, a.mentee, a.mentor) == ("demo01", "Ana Ruiz", "Sam Lee")
    assert a.start == today - dt.timedelta(days=91)
    assert a.cadence == "biweekly" and a.time == "17:30" and a.duration == 60
    assert a.timezone == "Europe/Berlin" and a.no_fault_termination
    assert a.supervisor and a.confidentiality and a.contact and a.location
    on_disk = sorted(
        path.relative_to(p.root).as_posix() for path in p.root.rglob("*") if path.is_file()
    )
    assert sorted(path.as_posix() for path in written) == on_disk
    assert all(not path.is_absolute() for path in written)


def test_time_is_quoted(built: Built) -> None:
    _today, _written, p = built
    assert 'time: "17:30"' in (p.root / "agreement.md").read_text(encoding="utf-8")
    for path in (p.root / "meetings").glob("*.md"):
        assert 'time: "17:30"' in path.read_text(encoding="utf-8")


def test_agreement_headings(built: Built) -> None:
    _today, _written, p = built
    text = (p.root / "agreement.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == AGREEMENT_HEADINGS
    keys = re.findall(r"^(\w+):", text.split("\n---\n", 1)[0], re.MULTILINE)
    assert keys == [
        "id",
        "mentee",
        "mentor",
        "start",
        "end",
        "cadence",
        "time",
        "duration",
        "timezone",
        "location",
        "initiator",
        "contact",
        "supervisor",
        "confidentiality",
        "no_fault_termination",
    ]


def test_goals_and_roadmap(built: Built) -> None:
    today, _written, p = built
    assert [g.stem for g in p.goals] == [
        "01-lead-a-cross-team-project",
        "02-give-candid-feedback",
        "03-build-a-network-beyond-my-team",
    ]
    for n, g in enumerate(p.goals, start=1):
        assert g.priority == n and g.status == "active" and g.measure and g.category
        assert g.created == p.agreement.start + dt.timedelta(days=14)
        assert g.target is not None and today < g.target <= p.agreement.end
        assert 3 <= len(g.items) <= 4
        assert all(len(set(i.tags) & {"doing", "others", "stretch"}) == 1 for i in g.items)
        assert all(i.owner in ("mentee", "mentor") and i.due for i in g.items)
        assert g.progress
        meeting_dates = {m.date for m in p.meetings if m.status == "held"}
        assert all(entry.date in meeting_dates for entry in g.progress)
        headings = re.findall(r"^#{1,2} (.+)$", g.body, re.MULTILINE)
        assert headings == [g.title, *GOAL_HEADINGS]
    assert len(p.roadmap) == 10
    assert all(1 <= len(t.notes) <= 2 for t in p.roadmap)


def test_meetings_follow_the_plan(built: Built) -> None:
    today, _written, p = built
    a = p.agreement
    planned = {o.date: o for o in plan(a.start, a.end, a.cadence)}
    assert len(p.meetings) == 7
    assert [m.date for m in p.meetings] == sorted(d for d in planned if d <= today)
    assert all(m.date <= today for m in p.meetings)
    assert all(dt.date.fromisoformat(Path(m.path).stem) <= today for m in p.meetings)
    assert [m.kind for m in p.meetings] == [planned[m.date].kind for m in p.meetings]
    assert p.meetings[-1].kind == "checkup"
    cancelled = [m for m in p.meetings if m.status == "cancelled"]
    held = [m for m in p.meetings if m.status == "held"]
    assert len(cancelled) == 1 and len(held) == 6
    assert planned[cancelled[0].date].number == 5
    assert [m.number for m in held] == [1, 2, 3, 4, 5, 6]
    for m in held:  # number = 1 + earlier meeting files that are not cancelled
        assert m.number == 1 + sum(1 for o in p.meetings if o.date < m.date and not o.cancelled)
    titles = [t.title for t in p.roadmap]
    regular = [m for m in held if m.kind in ("first", "regular")]
    assert [m.topic for m in regular] == titles[: len(regular)]
    assert [m.topic for m in held if m.kind == "checkup"] == ["90-day check-up"]


def test_meeting_bodies(built: Built) -> None:
    _today, _written, p = built
    goal_stems = {g.stem for g in p.goals}
    for m in p.meetings:
        if m.cancelled:
            assert m.body.strip() and len(m.body.strip().splitlines()) == 1
            continue
        assert set(m.goals) <= goal_stems
        lines = m.body.splitlines()
        assert lines[1].startswith(f"# Meeting {m.number}: ")
        sections = [line[3:] for line in lines if line.startswith("## ")]
        assert sections == [
            "Agenda",
            "Follow-through from earlier meetings",
            "Notes",
            "Follow-through",
            "Check-in",
        ]
        checkin = m.body.split("## Check-in", 1)[1]
        questions = re.findall(r"^### (.+)$", checkin, re.MULTILINE)
        assert questions == list(CHECKIN_QUESTIONS)
        answers = re.split(r"^### .+$", checkin, flags=re.MULTILINE)[1:]
        assert all(answer.strip() for answer in answers)
        notes = m.body.split("## Notes", 1)[1].split("## Follow-through", 1)[0]
        assert 4 <= len([line for line in notes.splitlines() if line.strip()]) <= 8
        new = [i for i in m.items if i.from_ is None]
        assert 2 <= len(new) <= 3
        assert {i.owner for i in new} == {"mentee", "mentor"}
        assert all(i.due is not None for i in m.items)


def test_items_and_carry_over(built: Built) -> None:
    today, _written, p = built
    items = by_item(p)
    done = {ref for ref, copies in items.items() if any(c.checked for c in copies)}
    open_ = set(items) - done
    due = {ref: copies[0].due for ref, copies in items.items()}
    overdue = {ref for ref in open_ if (when := due[ref]) is not None and when < today}
    assert len(overdue) == 1
    assert done and len(open_) > 1
    for ref in open_ - overdue:
        assert all(c.due is not None and c.due >= today for c in items[ref])

    carried = [i for m in p.meetings for i in m.items if i.from_ is not None]
    assert carried
    for copy in carried:
        assert copy.id is not None and re.fullmatch(r"[a-z0-9]{4}", copy.id)
        originals = [c for c in items[copy.id] if c.from_ is None]
        assert len(originals) == 1
        original = originals[0]
        assert copy.from_ is not None
        assert original.file == f"meetings/{copy.from_.isoformat()}.md"
        assert original.text.replace(f" id:{copy.id}", "") == re.sub(
            r" (done|id|from):\S+", "", copy.text
        )
    held = [m for m in p.meetings if not m.cancelled]
    for ref, copies in items.items():
        if ref in done:  # done: ticked in its latest copy only, with a done date
            ticked = [c for c in copies if c.checked]
            assert ticked == [copies[-1]] and ticked[0].done is not None
            assert ticked[0].done <= today
        if not copies[0].file.startswith("meetings/"):
            continue
        # carried into every later held meeting it was still open at, and no other
        origin = dt.date.fromisoformat(copies[0].source)
        finished = copies[-1].done
        expect = [
            m.path
            for m in held
            if m.date >= origin and (m.date == origin or finished is None or finished >= m.date)
        ]
        assert [c.file for c in copies] == expect


def test_nothing_dated_after_today_but_plans(built: Built) -> None:
    today, _written, p = built
    allowed = {p.agreement.end} | {g.target for g in p.goals if g.target}
    allowed |= {
        i.due
        for copies in by_item(p).values()
        for i in copies
        if i.due and not any(c.checked for c in copies)
    }
    for path in p.root.rglob("*.md"):
        for found in DATE_RE.findall(path.read_text(encoding="utf-8")):
            when = dt.date.fromisoformat(found)
            assert when <= today or when in allowed, (path, found)


def test_same_today_same_bytes(tmp_path: Path) -> None:
    today = TODAYS[0]
    first, _ = build_and_load(tmp_path / "a", today)
    second, _ = build_and_load(tmp_path / "b", today)
    assert first == second
    for rel in first:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    third, _ = build_and_load(tmp_path / "c", TODAYS[1])
    assert third != first  # the dates move with today


def test_refuses_an_existing_file_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "meetings").mkdir()
    clash = tmp_path / "meetings" / f"{TODAYS[0] - dt.timedelta(days=91)}.md"
    clash.write_text("mine\n", encoding="utf-8")
    with pytest.raises(RefuseOverwrite):
        demo.build(tmp_path, TODAYS[0])
    assert clash.read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(["meetings", clash.name])


def test_carried_as_new_meeting_carries(built: Built) -> None:
    """The data files carry items as rules.carry does: before each held meeting, the
    real carry over the meetings before it yields that meeting's carried lines."""
    _today, _written, p = built
    count = 0
    for m in (m for m in p.meetings if not m.cancelled):
        before = dataclasses.replace(p, meetings=[o for o in p.meetings if o.date < m.date])
        plan = carry.plan_carry(before, m.date)
        assert plan.additions == []  # the originals have their ids already
        carried = [i for i in m.items if i.from_ is not None]
        shown = [
            "- [ ] " + re.sub(r" done:\S+", "", i.text) if i.checked else f"- [ ] {i.text}"
            for i in carried
        ]
        assert plan.lines == shown, m.path
        count += len(shown)
    assert count >= 5
