"""Tasks kept beside the index answer exactly as tasks computed from the items do."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import mentorlog_in

from mentorlog.model import Partnership
from mentorlog.rules import followthrough, goals, status, task_table
from mentorlog.store import index, reading

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import generate  # noqa: E402

HOUR = 3600 * 10**9
TODAY = dt.date(2018, 6, 1)
FIELDS = [f.name for f in dataclasses.fields(followthrough.Task) if f.name != "kept"]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("MENTORLOG_NO_CACHE", raising=False)
    real = index.now_ns
    monkeypatch.setattr(index, "now_ns", lambda: real() + HOUR)  # no file is too new
    return folder


@pytest.fixture
def repo(tmp_path: Path, cache: Path) -> Path:
    root = tmp_path / "repo"
    generate(root, meetings=30, items=8, goals=5)
    # items of every kind: dropped, an id carried and ticked, owners by name, tags
    (root / "meetings" / "2018-03-05.md").write_text(
        "---\ndate: 2018-03-05\nstatus: held\n---\n"
        "- [-] @ana dropped one dropped:2018-03-06 #doing\n"
        "- [ ] @sam carried id:kp01 due:2018-03-10\n"
        "- [ ] @mentee same words\n- [ ] @mentee same words\n",
        encoding="utf-8",
    )
    (root / "meetings" / "2018-03-12.md").write_text(
        "---\ndate: 2018-03-12\nstatus: held\n---\n"
        "- [x] @sam carried id:kp01 due:2018-03-10 done:2018-03-11 from:2018-03-05\n",
        encoding="utf-8",
    )
    return root


def fields(t: followthrough.Task) -> tuple[Any, ...]:
    return tuple(getattr(t, name) for name in FIELDS)


def computed(root: Path, refs: bool, monkeypatch: pytest.MonkeyPatch) -> list[followthrough.Task]:
    with monkeypatch.context() as m:
        m.setenv("MENTORLOG_NO_CACHE", "1")
        p = reading.load(root)
        assert p.kept is None
        return followthrough.collect(p, refs=refs)


def no_grouping(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(p: Partnership) -> None:
        raise AssertionError("the tasks were computed, not taken from the kept table")

    monkeypatch.setattr(followthrough, "group_copies", fail)


@pytest.mark.parametrize("order", [(False, True), (True, False), (True, True), (False, False)])
def test_kept_tasks_equal_computed_ones(
    repo: Path, cache: Path, order: tuple[bool, bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = order
    followthrough.collect(reading.load(repo), refs=first)  # computes them, keeps them
    assert list((cache / "mentorlog").glob("index-*-tasks.bin"))
    if second and not first:  # kept without derived refs: computed (and kept) again
        followthrough.collect(reading.load(repo), refs=True)
    with monkeypatch.context() as m:
        no_grouping(m)
        kept = followthrough.collect(reading.load(repo), refs=second)
    expected = computed(repo, second, monkeypatch)
    assert [fields(t) for t in kept] == [fields(t) for t in expected]
    assert kept == expected
    assert repr(kept) == repr(expected)  # types too
    assert any(t.status == "dropped" for t in kept) and any(len(t.copies) > 1 for t in kept)


@pytest.mark.parametrize("status", ["open", "done", "dropped"])
def test_the_tasks_of_one_status_are_those_of_all_with_it(
    repo: Path, cache: Path, status: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked for one status, the kept table gives those tasks of all, and so does the
    computed path."""
    everything = computed(repo, True, monkeypatch)
    expected = [t for t in everything if t.status == status]
    assert expected and len(expected) < len(everything)
    followthrough.collect(reading.load(repo))  # computes them, keeps them
    with monkeypatch.context() as m:
        no_grouping(m)
        kept = followthrough.collect(reading.load(repo), status=status)
    assert [fields(t) for t in kept] == [fields(t) for t in expected] and kept == expected
    with monkeypatch.context() as m:
        m.setenv("MENTORLOG_NO_CACHE", "1")
        assert followthrough.collect(reading.load(repo), status=status) == expected


def test_counting_and_goal_refs_from_the_kept_tasks(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    followthrough.collect(reading.load(repo))  # keeps the tasks, refs derived
    goals.done_ids(reading.load(repo))  # keeps the ids
    p = reading.load(repo)
    with monkeypatch.context() as m:
        no_grouping(m)
        m.setattr(Partnership, "items", lambda self: pytest.fail("items unpacked"))
        states = followthrough.states(p)
        ids = goals.done_ids(p), goals.dropped_ids(p)
    with monkeypatch.context() as m:
        no_grouping(m)
        rows = [r.to_json() for r in goals.goal_rows(p)]
        figures = status.compute(p, TODAY)
    tasks = computed(repo, True, monkeypatch)
    assert states == (
        [t.owner for t in tasks],
        [t.status for t in tasks],
        [t.due.toordinal() if t.due else 0 for t in tasks],
    )
    with monkeypatch.context() as m:
        m.setenv("MENTORLOG_NO_CACHE", "1")
        plain = reading.load(repo)
        assert ids == (goals.done_ids(plain), goals.dropped_ids(plain))
        assert "kp01" in ids[0]
        assert rows == [r.to_json() for r in goals.goal_rows(plain)]
        assert figures == status.compute(plain, TODAY)
    assert any(r["next_activity"] and r["next_activity"]["ref"] for r in rows)


def test_counting_alone_keeps_only_what_it_counts(
    repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = followthrough.states(reading.load(repo))  # computed, and kept on its own
    names = [f.name for f in (cache / "mentorlog").glob("index-*-*.bin")]
    assert len(names) == 1 and names[0].endswith("-states.bin")
    with monkeypatch.context() as m:
        no_grouping(m)
        again = followthrough.states(reading.load(repo))
    tasks = computed(repo, False, monkeypatch)
    expected = (
        [t.owner for t in tasks],
        [t.status for t in tasks],
        [t.due.toordinal() if t.due else 0 for t in tasks],
    )
    assert first == again == expected
    path = repo / "meetings" / "2018-03-05.md"
    path.write_text(path.read_text(encoding="utf-8") + "- [ ] @sam one more\n", encoding="utf-8")
    changed = followthrough.states(reading.load(repo))
    assert len(changed[0]) == len(expected[0]) + 1


def test_a_changed_file_is_never_answered_from_kept_tasks(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    followthrough.collect(reading.load(repo))
    goals.done_ids(reading.load(repo))
    path = repo / "meetings" / "2018-03-12.md"
    path.write_text(path.read_text(encoding="utf-8").replace("[x]", "[ ]"), encoding="utf-8")
    p = reading.load(repo)
    assert task_table.kept_states(p) is None
    assert followthrough.collect(p) == computed(repo, True, monkeypatch)
    assert "kp01" not in goals.done_ids(reading.load(repo))
    (repo / "meetings" / "2018-03-05.md").unlink()
    assert followthrough.collect(reading.load(repo)) == computed(repo, True, monkeypatch)


def test_damaged_foreign_or_other_kept_tables_are_ignored(
    repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    followthrough.collect(reading.load(repo))
    (kept_file,) = (cache / "mentorlog").glob("index-*-tasks.bin")
    expected = computed(repo, True, monkeypatch)
    data = bytearray(kept_file.read_bytes())
    data[-10] ^= 0xFF  # damaged: the checksum fails
    kept_file.write_bytes(bytes(data))
    assert followthrough.collect(reading.load(repo)) == expected
    # kept for another repository (its path in the header): not this one's
    other = repo.parent / "other"
    generate(other, meetings=3, items=2, goals=1)
    followthrough.collect(reading.load(other))
    (theirs,) = [f for f in (cache / "mentorlog").glob("index-*-tasks.bin") if f != kept_file]
    kept_file.write_bytes(theirs.read_bytes())
    assert followthrough.collect(reading.load(repo)) == expected
    # a table of other files (or another shape) gives nothing
    p = reading.load(repo)
    table = task_table.pack(p, followthrough.collect(p), derived=True)
    fewer = dataclasses.replace(p, meetings=p.meetings[:-1])
    assert task_table.unpack(fewer, table, True) is None
    assert task_table.unpack(p, (99, *table[1:]), True) is None
    assert task_table.unpack(p, "junk", False) is None
    assert task_table.unpack(p, table, True) == expected


def test_a_changed_partnership_keeps_nothing(repo: Path) -> None:
    p = reading.load(repo)
    assert p.kept is not None
    assert dataclasses.replace(p, meetings=p.meetings[:3]).kept is None


def test_a_ref_set_on_a_kept_task_stays(repo: Path) -> None:
    followthrough.collect(reading.load(repo))
    tasks = followthrough.collect(reading.load(repo))
    plain = next(t for t in tasks if t.id is None)
    plain.ref = "mine"  # as carry gives refs of its own
    assert plain.text and plain.origin.file and plain.ref == "mine"
    with pytest.raises(AttributeError):
        plain.nothing  # noqa: B018


def test_commands_answer_the_same_with_kept_tasks(repo: Path, cache: Path) -> None:
    today = "2018-06-01"
    commands = [
        ("status", "--json"),
        ("actions", "--all", "--json"),
        ("actions",),
        ("actions", "--done", "--json"),
        ("actions", "--dropped"),
        ("goal", "list", "--json"),
    ]
    plain = [mentorlog_in(repo, *c, today=today, MENTORLOG_NO_CACHE="1") for c in commands]
    for _ in range(3):  # the first computes and keeps, the next ones read what was kept
        again = [mentorlog_in(repo, *c, today=today) for c in commands]
        assert [r.output for r in again] == [r.output for r in plain]
        assert all(r.exit_code == 0 for r in again)
        kept = sorted(f.name.rsplit("-", 1)[1] for f in (cache / "mentorlog").glob("index-*-*.bin"))
        assert kept == ["ids.bin", "states.bin", "tasks.bin"]
    assert json.loads(plain[1].output)


def test_a_command_about_to_write_keeps_nothing_on_disk(
    repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = reading.load(repo)
    assert p.kept is not None
    p.kept.hold()
    tasks = followthrough.collect(p)
    assert not list((cache / "mentorlog").glob("index-*-*.bin"))
    with monkeypatch.context() as m:  # still given back within the command
        no_grouping(m)
        assert followthrough.collect(p) == tasks
    # new-meeting and the item edits hold it
    result = mentorlog_in(repo, "new-meeting", "--no-commit", today="2018-07-30")
    assert result.exit_code == 0, result.output
    assert not list((cache / "mentorlog").glob("index-*-*.bin"))
    result = mentorlog_in(repo, "reopen", "kp01", "--no-commit", today="2018-07-30")
    assert result.exit_code == 0, result.output
    assert not list((cache / "mentorlog").glob("index-*-*.bin"))


def unpacked(table: Any) -> tuple[Any, ...]:
    import marshal

    version, derived, files, columns, words, refs = table
    return version, derived, files, columns, marshal.loads(words), marshal.loads(refs)


@pytest.mark.parametrize("derived", [True, False])
@pytest.mark.parametrize("how", ["parsed", "from the index", "items made"])
def test_the_table_made_from_rows_is_the_one_packed_from_the_tasks(
    repo: Path, cache: Path, derived: bool, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made from the rows (meetings parsed, or read back from the index, or with their
    items made already), the table holds what packing the computed tasks gives."""
    from mentorlog.rules import task_rows

    # a file with CR line ends: its items are read the other way, and kept all the same
    (repo / "meetings" / "2018-03-19.md").write_bytes(
        b"---\r\ndate: 2018-03-19\r\n---\r\n- [ ] @ana cr line ends\r\n- [x] done\r\n"
    )
    # a goal's activity carried into a meeting: goal copies come first
    goal = next((repo / "goals").glob("*.md"))
    goal.write_text(goal.read_text(encoding="utf-8") + "\n- [ ] @ana a goal task id:gl01\n")
    (repo / "meetings" / "2018-03-26.md").write_text(
        "---\ndate: 2018-03-26\n---\n- [ ] @ana a goal task id:gl01 from:2018-03-01\n",
        encoding="utf-8",
    )
    if how == "from the index":
        reading.load(repo)
    p = reading.load(repo)
    if how == "items made":
        p.items()
    table = task_rows.table(p, derived)
    assert table is not None
    expected = task_table.pack(p, followthrough.collect(p, refs=derived, keep=False), derived)
    assert unpacked(table) == unpacked(expected)
    assert unpacked(table)[5] if derived else not unpacked(table)[5]
    ticked = {i.id for i in p.items() if i.id and i.checked}
    assert task_rows.id_sets(p) == (ticked, {i.id for i in p.items() if i.id and i.dropped})
    tasks = followthrough.collect(p, keep=False)
    counted = ([t.owner for t in tasks], [t.status for t in tasks])
    assert task_rows.states(p) == (*counted, [t.due.toordinal() if t.due else 0 for t in tasks])


def test_files_of_one_name_leave_the_tasks_to_be_computed(repo: Path, cache: Path) -> None:
    """goals/2018-03-05.md and meetings/2018-03-05.md: their SOURCE#n would be one key."""
    from mentorlog.rules import task_rows

    (repo / "goals" / "2018-03-05.md").write_text(
        "---\ntitle: Same name\n---\n- [ ] @ana in a goal\n", encoding="utf-8"
    )
    p = reading.load(repo)
    assert task_rows.table(p, True) is None and task_rows.states(p) is None
    kept = followthrough.collect(p)
    with pytest.MonkeyPatch.context() as m:
        m.setenv("MENTORLOG_NO_CACHE", "1")
        assert kept == followthrough.collect(reading.load(repo))


def test_carrying_takes_the_open_tasks_from_the_kept_ones(
    repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentorlog.rules import carry

    with monkeypatch.context() as m:
        m.setenv("MENTORLOG_NO_CACHE", "1")
        expected = carry.open_tasks(reading.load(repo))
    followthrough.collect(reading.load(repo))  # computes them, keeps them
    with monkeypatch.context() as m:
        no_grouping(m)
        found = carry.open_tasks(reading.load(repo))
    assert found == expected and [fields(t) for t in found[0]] == [fields(t) for t in expected[0]]
    assert found[0] and all(t.is_open for t in found[0]) and "kp01" in found[1]
