"""mentorlog.api from Python: the use cases do what the commands do, without the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import git, mentorlog_in

import mentorlog
from mentorlog import api
from mentorlog.store import reading

TODAY = dt.date(2026, 11, 21)


def test_new_meeting_writes_what_the_command_writes_and_loads_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_hand, by_command = tmp_path / "api", tmp_path / "cli"
    api.demo(by_hand, TODAY, git=False)
    api.demo(by_command, TODAY, git=False)
    assert mentorlog_in(by_command, "new-meeting", "--no-commit", today=TODAY).exit_code == 0

    p = api.load(by_hand)
    loads: list[Path] = []
    real_load = reading.load
    monkeypatch.setattr(reading, "load", lambda root: loads.append(root) or real_load(root))
    made = api.new_meeting(p, TODAY, commit_files=False)

    assert loads == []  # the partnership given is the only reading of the repository
    assert made.plan.path == Path(f"meetings/{TODAY + dt.timedelta(days=7)}.md")
    assert made.carried == 4 and made.original is None and made.commit is None
    assert made.gained == ["meetings/2026-11-14.md"]  # its three new items gain ids
    assert sorted(f.relative_to(by_hand) for f in by_hand.rglob("*") if f.is_file()) == sorted(
        f.relative_to(by_command) for f in by_command.rglob("*") if f.is_file()
    )
    for path in by_command.rglob("*"):
        if path.is_file():
            here = by_hand / path.relative_to(by_command)
            assert here.read_bytes() == path.read_bytes(), path.relative_to(by_command)


def test_the_calendar_is_made_from_the_meeting_as_edited_before_the_commit(
    tmp_path: Path,
) -> None:
    root = tmp_path / "demo"
    api.demo(root, TODAY)

    def edit(path: Path) -> None:  # what a partner does in the editor: another time
        path.write_text(path.read_text(encoding="utf-8").replace('"17:30"', '"08:15"'))

    made = api.new_meeting(api.load(root), TODAY, before_commit=edit)
    day = made.plan.date.strftime("%Y%m%d")
    calendar = (root / "schedule.ics").read_text(encoding="utf-8")
    assert f"DTSTART;TZID=Europe/Berlin:{day}T081500" in calendar
    assert f"DTSTART;TZID=Europe/Berlin:{day}T173000" not in calendar
    assert git(root, "status", "--porcelain") == ""  # the edit and the calendar: committed
    assert made.commit == git(root, "rev-parse", "HEAD").strip()


def test_mark_done_then_open_again(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    api.demo(root, TODAY, git=False)
    p = api.load(root)
    (task,) = api.resolve(p, ["yrtt"])
    before = {c.file: (root / c.file).read_bytes() for c in task.copies}

    copies = ["meetings/2026-10-03.md", "meetings/2026-10-31.md", "meetings/2026-11-14.md"]
    assert sorted(before) == copies
    done = api.mark(p, ["yrtt"], TODAY, commit_files=False)
    assert done.files == set(copies) and done.commit is None
    latest = (root / copies[-1]).read_text(encoding="utf-8")
    assert (
        "- [x] @mentee Read the book on staff engineering that Sam lent me and bring three "
        f"takeaways due:2026-12-05 id:yrtt from:2026-10-03 done:{TODAY}\n"
    ) in latest

    again = api.mark(api.load(root), ["yrtt"], TODAY, state="open", commit_files=False)
    assert again.files == done.files
    assert {f: (root / f).read_bytes() for f in before} == before


def test_the_package_is_typed() -> None:
    assert (Path(mentorlog.__file__).parent / "py.typed").is_file()


def test_share_sync_schedule_and_merge(tmp_path: Path) -> None:
    root, remote = tmp_path / "demo", tmp_path / "shared.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    api.demo(root, TODAY)
    shared = api.share(root, str(remote))
    assert (shared.remote, shared.branch, shared.error) == (True, "main", None)

    (root / "schedule.ics").unlink()
    assert api.write_schedule(api.load(root)) == Path("schedule.ics")
    assert api.write_schedule(api.load(root)) is None  # up to date: not written again
    roadmap = root / "roadmap.md"
    roadmap.write_text(roadmap.read_text(encoding="utf-8") + "11. Saying no\n", encoding="utf-8")
    synced = api.sync(api.load(root))
    result = synced.result
    assert synced.partner is None  # no mentorlog.me in this clone, no partner commit yet
    assert not isinstance(result, api.Conflict)
    assert result.committed_files == ["roadmap.md"]
    assert result.pushed == 1
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "mentorlog: sync"

    merged = api.merge(b"a\nb\nc\n", b"A\nb\nc\n", b"a\nb\nC\n", "notes.md")
    assert (merged.text, merged.conflicts) == (b"A\nb\nC\n", 0)
