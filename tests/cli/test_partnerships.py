"""Several partnerships: the user's list, `partnerships`, -P NAME and `schedule --all`."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from helpers import INIT_BASE, git, icaljs_rows, mentorlog
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.cli.partnerships import Row, table
from mentorlog.errors import EXIT_USAGE
from mentorlog.store import partnerships, reading

UTC = dt.UTC


def config() -> Path:
    return Path(os.environ["MENTORLOG_CONFIG_DIR"]) / "partnerships.toml"


def init(folder: Path, *extra: str, git_too: bool = True) -> None:
    args = ["init", str(folder), *extra]
    if not git_too:
        args.append("--no-git")
    result = mentorlog(args)
    assert result.exit_code == 0, result.output


def ok(*args: str) -> str:
    result = mentorlog(list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def listing() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(ok("partnerships", "--json"))["partnerships"]
    return rows


BEN = ("--mentee", "Ben Ode", "--mentor", "Sam Lee", "--start", "2026-10-05", "--months", "4")
CHLOE = ("--mentee", "Chloé Dubois", "--mentor", "Sam Lee", "--start", "2027-01-10")


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path]:
    """Sam mentors Ana (Berlin, git, mentorlog.me = mentor) and Ben (New York, no git)."""
    ana, ben = tmp_path / "ana", tmp_path / "work" / "ben"
    init(ana, *INIT_BASE, "--timezone", "Europe/Berlin", "--time", "17:30")
    git(ana, "config", "mentorlog.me", "mentor")
    init(ben, *BEN, "--timezone", "America/New_York", "--time", "08:00", "--cadence", "weekly",
         git_too=False)  # fmt: skip
    return ana, ben


# ------------------------------------------------------------------ the list


def test_init_lists_the_new_partnership_under_its_folder_name(two: tuple[Path, Path]) -> None:
    ana, ben = two
    assert config().read_text(encoding="utf-8") == (
        "# mentorlog: your partnerships (mentorlog partnerships)\n"
        f'\n[[partnership]]\nname = "ana"\nfolder = "{ana.resolve()}"\n'
        f'\n[[partnership]]\nname = "ben"\nfolder = "{ben.resolve()}"\n'
    )
    assert not (ana / "partnerships.toml").exists()
    assert "partnerships.toml" not in git(ana, "ls-files")


def test_a_second_folder_of_the_same_name_gets_a_unique_name(tmp_path: Path) -> None:
    init(tmp_path / "a" / "mentee", *INIT_BASE, git_too=False)
    result = mentorlog(["demo", str(tmp_path / "b" / "mentee"), "--no-git"])
    assert result.exit_code == 0, result.output
    assert "listed as mentee-2 in your partnerships" in result.stdout
    assert [e.name for e in partnerships.read()] == ["mentee", "mentee-2"]


def test_join_lists_the_clone(tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--bare", "-b", "main", str(origin))
    init(tmp_path / "ana", *INIT_BASE, "--remote", str(origin))
    result = mentorlog(["join", str(origin), str(tmp_path / "sam" / "ana"), "--as", "mentor"])
    assert result.exit_code == 0, result.output
    entries = partnerships.read()
    assert [(e.name, e.folder) for e in entries] == [
        ("ana", (tmp_path / "ana").resolve()),
        ("ana-2", (tmp_path / "sam" / "ana").resolve()),
    ]
    rows = listing()
    assert [(r["name"], r["role"], r["role_from"]) for r in rows] == [
        ("ana", "mentee", "default"),  # the test identity, "Test Mentee", is neither name
        ("ana-2", "mentor", "git config"),
    ]


def test_add_and_remove(tmp_path: Path, two: tuple[Path, Path]) -> None:
    ana, ben = two
    other = tmp_path / "other"
    init(other, *INIT_BASE, git_too=False)
    assert ok("partnerships", "remove", "other") == (
        f"Removed other from your list ({other.resolve()} is left as it is)\n"
    )
    assert (other / "agreement.md").is_file()
    assert ok("partnerships", "add", str(other), "--name", "Olga") == (
        f"Listed {other.resolve()} as Olga (in {config()})\n"
    )
    assert [e.name for e in partnerships.read()] == ["ana", "ben", "Olga"]
    refusals = [
        (["add", str(tmp_path)], f"no agreement.md in {tmp_path.resolve()}: not a partnership"),
        (["add", str(other), "--name", "x"], f"{other.resolve()} is listed already, as Olga"),
        (["remove", "nobody"], "no partnership named 'nobody'; known: ana, ben, Olga"),
    ]
    shutil.copytree(other, tmp_path / "copy")
    refusals.append(
        (
            ["add", str(tmp_path / "copy"), "--name", "ana"],
            f"the name 'ana' is taken (by {ana.resolve()}); choose another with --name",
        )
    )
    before = config().read_bytes()
    for args, message in refusals:
        result = mentorlog(["partnerships", *args])
        assert result.exit_code == EXIT_USAGE, result.output
        assert result.stderr == f"mentorlog: {message}\n"
    assert config().read_bytes() == before


def test_a_broken_list_is_an_error_for_partnerships_and_a_warning_for_init(
    tmp_path: Path,
) -> None:
    config().parent.mkdir(parents=True, exist_ok=True)
    config().write_text('[[partnership]]\nname = "ana"\nfolder = \n', encoding="utf-8")
    before = config().read_bytes()
    result = mentorlog(["init", str(tmp_path / "ana"), *INIT_BASE, "--no-git"])
    assert result.exit_code == 0
    assert (tmp_path / "ana" / "agreement.md").is_file()
    assert result.stderr.startswith(f"mentorlog: warning: {config()}:3: is not valid TOML: ")
    assert "was not added to your partnerships" in result.stderr
    assert config().read_bytes() == before
    for args in (
        ["partnerships"],
        ["partnerships", "add", str(tmp_path / "ana")],
        ["-P", "ana", "status"],
        ["schedule", "--all", "-o", "-"],
    ):
        result = mentorlog(args)
        assert result.exit_code == EXIT_USAGE
        assert result.stderr.startswith(f"mentorlog: {config()}:3: is not valid TOML: ")
        assert result.stderr.count("\n") == 1
    assert config().read_bytes() == before
    config().write_text('[[partnership]]\nname = "ana"\n', encoding="utf-8")
    result = mentorlog(["partnerships"])
    assert result.stderr == (
        f"mentorlog: {config()}: partnership 'ana' has no folder (folder = \"...\")\n"
    )


def test_the_role_comes_from_the_git_user_name_when_mentorlog_me_is_unset(
    tmp_path: Path,
) -> None:
    init(tmp_path / "sam", "--mentee", "Ana Ruiz", "--mentor", "Test Mentee", "--start",
         "2026-12-01", "--months", "6")  # fmt: skip
    assert [(r["role"], r["role_from"]) for r in listing()] == [("mentor", "git config")]
    git(tmp_path / "sam", "config", "--unset", "mentorlog.me")  # set by init: a clone from before
    assert [(r["role"], r["role_from"]) for r in listing()] == [("mentor", "git user.name")]


def test_the_list_is_never_written_inside_a_partnership(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init(tmp_path / "ana", *INIT_BASE, git_too=False)
    inside = tmp_path / "ana" / "private" / "config"
    monkeypatch.setenv("MENTORLOG_CONFIG_DIR", str(inside))
    result = mentorlog(["partnerships", "add", str(tmp_path / "ana")])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == (
        f"mentorlog: {inside / 'partnerships.toml'} would be inside the partnership in "
        f"{tmp_path / 'ana'}: the list of your partnerships is never shared; "
        "set MENTORLOG_CONFIG_DIR to a folder outside it\n"
    )
    assert not inside.exists()


def test_a_relative_folder_is_taken_from_the_config_folder(tmp_path: Path) -> None:
    config().parent.mkdir(parents=True, exist_ok=True)
    config().write_text(
        '[[partnership]]\nname = "a"\nfolder = "mentees/a"\n'
        '[[partnership]]\nname = "b"\nfolder = "~/b"\n',
        encoding="utf-8",
    )
    assert partnerships.read() == [
        partnerships.Entry("a", config().parent / "mentees" / "a"),
        partnerships.Entry("b", Path.home() / "b"),
    ]


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=4, unique=True),
    folder=st.text(min_size=1, max_size=20).filter(lambda s: "\x00" not in s),
)
def test_the_file_reads_back_what_was_written(names: list[str], folder: str) -> None:
    import tomllib

    entries = [partnerships.Entry(n, Path("/x") / folder) for n in names]
    text = partnerships.render(entries)
    data = tomllib.loads(text)
    assert [(r["name"], r["folder"]) for r in data["partnership"]] == [
        (e.name, str(e.folder)) for e in entries
    ]


# ------------------------------------------------------------------ `partnerships`


def test_the_listing_is_what_status_says_of_each(two: tuple[Path, Path]) -> None:
    ana, ben = two
    rows = listing()
    for row, folder in zip(rows, two, strict=True):
        status = json.loads(ok("-C", str(folder), "status", "--json"))
        assert row["day"] == status["day"] and row["days_total"] == status["days_total"]
        assert row["phase"] == status["phase"]
        assert row["next_meeting"] == status["next_meeting"]
        assert row["state"] == "ok" and row["error"] is None
    assert rows[1] == {
        "name": "ben",
        "folder": str(ben.resolve()),
        "state": "ok",
        "error": None,
        "role": "mentee",
        "role_from": "default",
        "mentee": "Ben Ode",
        "mentor": "Sam Lee",
        "day": 47,
        "days_total": 122,
        "phase": "enabling growth",
        "next_meeting": {
            "date": "2026-11-23",
            "time": "08:00",
            "kind": "regular",
            "topic": "Getting acquainted and our agreement",
            "number": 1,  # the first meeting that has a number: none is held yet
            "file": None,
        },
        "items": {"mine": {"open": 0, "overdue": 0}, "theirs": {"open": 0, "overdue": 0}},
    }
    assert rows[0]["role"] == "mentor" and rows[0]["role_from"] == "git config"
    assert rows[1]["role"] == "mentee" and rows[1]["role_from"] == "default"  # no git at all
    assert ok("partnerships") == (
        "NAME  ROLE    DAY      PHASE            NEXT MEETING      OPEN  OVERDUE  FOLDER\n"
        "ana   mentor  -10/181  negotiating      2026-12-01 17:30  0/0   0/0      "
        f"{ana.resolve()}\n"
        "ben   mentee  47/122   enabling growth  2026-11-23 08:00  0/0   0/0      "
        f"{ben.resolve()}\n"
    )


def test_five_partnerships_one_gone_items_mine_and_theirs(tmp_path: Path) -> None:
    """Sam mentors five; one folder was deleted; the demo has open and overdue items."""
    folders = [tmp_path / n for n in ("ana", "ben", "chloe", "demo", "gone")]
    init(folders[0], *INIT_BASE, git_too=False)
    init(folders[1], *BEN, "--timezone", "America/New_York", git_too=False)
    init(folders[2], *CHLOE, "--months", "6", "--timezone", "Asia/Tokyo", git_too=False)
    assert mentorlog(["demo", str(folders[3])]).exit_code == 0
    git(folders[3], "config", "mentorlog.me", "mentor")
    init(folders[4], *INIT_BASE, git_too=False)
    shutil.rmtree(folders[4])
    result = mentorlog(["partnerships", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)["partnerships"]
    assert [r["name"] for r in rows] == ["ana", "ben", "chloe", "demo", "gone"]
    assert [r["state"] for r in rows] == ["ok", "ok", "ok", "ok", "gone"]
    assert rows[4]["error"] == "the folder is gone" and rows[4]["day"] is None
    assert rows[4]["items"] is None and rows[4]["role"] is None
    demo_items = json.loads(ok("-P", "demo", "status", "--json"))["items"]
    assert rows[3]["items"] == {
        "mine": {k: demo_items["mentor"][k] for k in ("open", "overdue")},
        "theirs": {k: demo_items["mentee"][k] for k in ("open", "overdue")},
    }
    assert rows[3]["items"]["mine"]["overdue"] >= 1  # the demo's overdue item is the mentor's
    text = mentorlog(["partnerships"])
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert len(lines) == 6
    assert lines[5].split()[:8] == ["gone", "-", "-", "FOLDER", "GONE", "-", "-", "-"]
    assert text.stderr == (
        f"mentorlog: note: gone: the folder is gone ({folders[4].resolve()}); "
        "mentorlog partnerships remove gone drops it from the list\n"
    )


def test_an_unreadable_agreement_is_shown_as_such(two: tuple[Path, Path]) -> None:
    ana, _ = two
    (ana / "agreement.md").write_text("---\nmentee: [\n---\n", encoding="utf-8")
    rows = listing()
    assert rows[0]["state"] == "unreadable"
    assert str(rows[0]["error"]).startswith("agreement.md:")
    assert rows[1]["state"] == "ok"


def test_a_narrow_terminal_shortens_the_folder() -> None:
    row = Row("ana", Path("/home/sam/mentoring/2026/a/very/long/path/ana"), "gone", "gone")
    wide = table([row])
    assert wide[1].endswith("/home/sam/mentoring/2026/a/very/long/path/ana")
    narrow = table([row], width=len(wide[1]) - 10)
    assert max(len(line) for line in narrow) <= len(wide[1]) - 10
    assert narrow[1].endswith(["", "/very/long/path/ana"][1])
    assert "…" in narrow[1]


# ------------------------------------------------------------------ -P NAME


def test_dash_p_runs_any_command_on_that_partnership(
    two: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ana, ben = two
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert ok("-P", "ben", "status") == ok("-C", str(ben), "status")
    result = mentorlog(["-P", "ana", "new-meeting"])
    assert result.exit_code == 0, result.output
    assert (ana / "meetings" / "2026-12-01.md").is_file()
    assert "2026-12-01.md" in git(ana, "log", "--name-only", "-1", "--format=")


def test_dash_p_errors(two: tuple[Path, Path]) -> None:
    ana, _ = two
    result = mentorlog(["-P", "anna", "status"])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == "mentorlog: no partnership named 'anna'; known: ana, ben\n"
    result = mentorlog(["-P", "ana", "-C", str(ana), "status"])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == (
        "mentorlog: give -C DIR or -P NAME, not both (see 'mentorlog --help')\n"
    )
    shutil.rmtree(ana)
    result = mentorlog(["-P", "ana", "status"])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.startswith(f"mentorlog: -P ana: its folder {ana.resolve()} is gone")


def test_dash_p_completes_the_listed_names(two: tuple[Path, Path]) -> None:
    from click.shell_completion import ShellComplete

    from mentorlog.cli import cli

    complete = ShellComplete(cli, {}, "mentorlog", "_MENTORLOG_COMPLETE")
    assert [c.value for c in complete.get_completions(["-P"], "")] == ["ana", "ben"]
    assert [c.value for c in complete.get_completions(["-P"], "b")] == ["ben"]
    done = subprocess.run(
        [sys.executable, "-m", "mentorlog"],
        env={
            **os.environ,
            "_MENTORLOG_COMPLETE": "bash_complete",
            "COMP_WORDS": "mentorlog -P a",
            "COMP_CWORD": "2",
        },  # fmt: skip
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.split() == ["plain,ana"]
    config().write_text("not toml", encoding="utf-8")
    assert complete.get_completions(["-P"], "") == []  # no names, no error


# ------------------------------------------------------------------ schedule --all


def occurrences(data: bytes) -> set[tuple[str, dt.datetime, str]]:
    """(UID, UTC start, SUMMARY) of every timed occurrence, 2026 to 2029."""
    cal = icalendar.Calendar.from_ical(data)
    for component in cal.walk():
        assert component.errors == [], (component.name, component.errors)
    out = set()
    for event in recurring_ical_events.of(cal).between(dt.date(2026, 1, 1), dt.date(2030, 1, 1)):
        when = event["DTSTART"].dt
        if isinstance(when, dt.datetime) and event.get("STATUS") != "CANCELLED":
            out.add((str(event["UID"]), when.astimezone(UTC), str(event["SUMMARY"])))
    return out


def icaljs(data: bytes) -> set[tuple[str, dt.datetime, str]]:
    rows = icaljs_rows(data, "2030-01-01")
    return {(r[0], dt.datetime.fromtimestamp(r[1], UTC), r[2]) for r in rows}


def events_by_uid(data: bytes) -> dict[tuple[str, str], bytes]:
    """Each VEVENT's bytes, by (UID, RECURRENCE-ID)."""
    cal = icalendar.Calendar.from_ical(data)
    return {
        (str(e["UID"]), e["RECURRENCE-ID"].to_ical().decode() if "RECURRENCE-ID" in e else ""): (
            e.to_ical()
        )
        for e in cal.walk("VEVENT")
    }


def test_schedule_all_holds_every_own_schedule(tmp_path: Path, two: tuple[Path, Path]) -> None:
    ana, ben = two
    ok("-P", "ana", "schedule", "--alarm", "30")  # its own reminder, kept in the combined one
    target = tmp_path / "all.ics"
    assert ok("schedule", "--all", "-o", str(target)) == f"Wrote {target} (2 of 2 partnerships)\n"
    data = target.read_bytes()
    own = [(f / "schedule.ics").read_bytes() for f in two]
    assert occurrences(data) == occurrences(own[0]) | occurrences(own[1])
    assert len(occurrences(own[0])) == 13 and len(occurrences(own[1])) > 13
    combined = events_by_uid(data)
    for one in own:
        for key, event in events_by_uid(one).items():
            assert combined[key] == event  # the same VEVENT: UID, SEQUENCE, DTSTAMP, alarm
    zones = [str(z["TZID"]) for z in icalendar.Calendar.from_ical(data).walk("VTIMEZONE")]
    assert zones == ["America/New_York", "Europe/Berlin"]
    assert ok("schedule", "--all", "-o", str(target)) == (
        f"{target} is up to date (2 of 2 partnerships)\n"
    )
    assert icaljs(data) == occurrences(data)


def test_schedule_all_with_five_one_gone_and_a_copy(tmp_path: Path) -> None:
    folders = [tmp_path / n for n in ("ana", "ben", "chloe", "dora", "gone")]
    init(folders[0], *INIT_BASE, "--timezone", "Europe/Berlin", git_too=False)
    init(folders[1], *BEN, "--timezone", "America/New_York", "--cadence", "weekly", git_too=False)
    init(folders[2], *CHLOE, "--months", "9", "--timezone", "Asia/Tokyo", git_too=False)
    init(folders[3], *CHLOE, "--months", "20", "--timezone", "Europe/Berlin", git_too=False)
    init(folders[4], *INIT_BASE, git_too=False)
    shutil.rmtree(folders[4])
    shutil.copytree(folders[0], tmp_path / "copy")
    ok("partnerships", "add", str(tmp_path / "copy"))
    result = mentorlog(["schedule", "--all", "-o", "-"])
    assert result.exit_code == 0, result.output
    ana_id = reading.load(folders[0]).agreement.id
    assert result.stderr == (
        f"mentorlog: note: gone: left out: its folder {folders[4].resolve()} is gone\n"
        "mentorlog: note: copy: left out, its events have the UIDs of ana's "
        f"(the same agreement id {ana_id!r}: a copy?)\n"
    )
    data = result.stdout_bytes
    expected: set[tuple[str, dt.datetime, str]] = set()
    for folder in folders[:4]:
        own = (folder / "schedule.ics").read_bytes()
        assert events_by_uid(own).items() <= events_by_uid(data).items()
        expected |= occurrences(own)
    assert occurrences(data) == expected
    cal = icalendar.Calendar.from_ical(data)
    zones = [str(z["TZID"]) for z in cal.walk("VTIMEZONE")]
    assert zones == ["America/New_York", "Asia/Tokyo", "Europe/Berlin"]  # Berlin once
    assert "X-WR-TIMEZONE" not in cal
    assert icaljs(data) == expected


def test_schedule_all_is_never_written_inside_a_partnership(two: tuple[Path, Path]) -> None:
    ana, _ = two
    result = mentorlog(["schedule", "--all", "-o", str(ana / "private" / "all.ics")])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == (
        f"mentorlog: -o {ana / 'private' / 'all.ics'}: is inside the partnership in {ana}, "
        "whose partner would get every other partnership's meetings with the next sync; "
        "write it outside your partnerships, e.g. -o ~/mentoring.ics\n"
    )
    assert not (ana / "private" / "all.ics").exists()


def test_schedule_all_refusals(tmp_path: Path) -> None:
    for args, message in [
        (["schedule", "--all"], "--all needs -o FILE (or -o - to print the calendar)"),
        (
            ["schedule", "--all", "-o", "-"],
            f"no partnerships are listed in {config()}: "
            "add them with mentorlog partnerships add DIR",
        ),
        (
            ["schedule", "--all", "-o", "-", "--alarm", "5"],
            "--all keeps each partnership's own reminder: drop --alarm / --no-alarm",
        ),  # fmt: skip
    ]:
        result = mentorlog(args)
        assert result.exit_code == EXIT_USAGE, result.output
        assert result.stderr == f"mentorlog: {message}\n"
