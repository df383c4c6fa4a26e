"""The repository index makes reading faster and never changes what is read."""

from __future__ import annotations

import datetime as dt
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.model import item_rows
from mentorlog.rules import documents
from mentorlog.store import index, index_codec, reading

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import generate  # noqa: E402

HOUR = 3600 * 10**9


def snapshot(root: Path) -> object:
    p = reading.load(root)
    return (p.agreement, p.roadmap, p.goals, p.meetings, [str(x) for x in p.problems])


def index_files(cache: Path) -> list[Path]:
    return sorted((cache / "mentorlog").glob("index-*.bin"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("MENTORLOG_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """An hour from now: the files just written are no longer too new to be kept."""
    real = index.now_ns
    monkeypatch.setattr(index, "now_ns", lambda: real() + HOUR)


@pytest.fixture
def bench_repo(tmp_path: Path, cache: Path) -> Path:
    root = tmp_path / "repo"
    generate(root, meetings=12, items=6, goals=4)
    (root / "meetings" / "2018-01-08.md").write_text(
        "---\ndate: 2018-01-08\nodd: {1: one}\nwhen: 2018-01-08 10:00:00\n"
        "pairs: !!omap [{a: 1}]\n---\n"
        "- [ ] @mentee an item due:2018-01-10\n  - [x] @ana nested done:2018-02-30\n",
        encoding="utf-8",
    )
    (root / "meetings" / "2018-01-22.md").write_text(
        "---\ndate: [unclosed\n---\n", encoding="utf-8"
    )
    (root / "goals" / "09-crlf.md").write_bytes(
        b"---\r\ntitle: CRLF\r\ncreated: 2018-01-02\r\n---\r\n- [ ] @mentor one\r\n"
    )
    (root / "goals" / "10-binary.md").write_bytes(b"\x00\x01")
    return root


def just_written(root: Path, monkeypatch: pytest.MonkeyPatch, later_ns: int = 0) -> None:
    """Set the index's clock to just after the newest file of ``root`` changed (plus
    ``later_ns``), whatever time the test really takes."""
    newest = max(
        max(p.stat().st_mtime_ns, p.stat().st_ctime_ns) for p in root.rglob("*") if p.is_file()
    )
    monkeypatch.setattr(index, "now_ns", lambda: newest + 1_000_000 + later_ns)


def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed from now on (not taken from the index)."""
    seen: list[str] = []
    for name in ("parse_meeting", "parse_goal", "parse_roadmap"):
        real: Callable[..., Any] = getattr(documents, name)

        def counting(text: str, shown: str, *rest: Any, _real: Any = real) -> Any:
            seen.append(shown)
            return _real(text, shown, *rest)

        monkeypatch.setattr(documents, name, counting)
    return seen


def fresh(root: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as m:
        m.setenv("MENTORLOG_NO_CACHE", "1")
        return snapshot(root)


@pytest.mark.usefixtures("later")
def test_indexed_reads_equal_fresh_reads(
    bench_repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = fresh(bench_repo, monkeypatch)
    assert not index_files(cache)
    first = snapshot(bench_repo)  # fills the index
    assert len(index_files(cache)) == 1
    parsed = parses(monkeypatch)
    second = snapshot(bench_repo)  # reads from it
    assert expected == first == second
    assert repr(expected) == repr(second)  # types too (a date is not a datetime)
    # files whose front-matter marshal cannot hold exactly are parsed each time; the
    # rest (a broken file and a binary one included) came from the index
    assert sorted(parsed) == ["meetings/2018-01-08.md"]
    # nothing was written inside the repository
    assert not [p for p in bench_repo.rglob("*") if p.suffix in (".bin", ".json", ".tmp")]


@pytest.mark.usefixtures("later")
def test_a_changed_file_is_read_again(bench_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot(bench_repo)
    path = bench_repo / "meetings" / "2018-01-01.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: held", "status: cancelled"),
        encoding="utf-8",
    )
    parsed = parses(monkeypatch)
    p = reading.load(bench_repo)
    assert parsed == ["meetings/2018-01-01.md", "meetings/2018-01-08.md"]
    assert next(m for m in p.meetings if m.path.endswith("2018-01-01.md")).status == "cancelled"
    assert snapshot(bench_repo) == fresh(bench_repo, monkeypatch)
    path.unlink()
    assert snapshot(bench_repo) == fresh(bench_repo, monkeypatch)


def test_a_file_changed_within_the_same_tick_is_read_again(
    bench_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Racy git: a rewrite of the same size that keeps every stat field (a coarse clock,
    a file system without ctime) is caught, because an entry whose file changed just
    before it was read is never kept."""
    monkeypatch.setattr(reading, "stat_key", lambda info: (info.st_size, info.st_mtime_ns, 0, 0))
    path = bench_repo / "meetings" / "2018-01-01.md"
    before = os.stat(path)
    just_written(bench_repo, monkeypatch)
    snapshot(bench_repo)  # the files were written just now: racy
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: held", "status: hel_"), encoding="utf-8"
    )
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size
    p = reading.load(bench_repo)
    assert "'status: hel_' is not one of" in "\n".join(map(str, p.problems))
    assert snapshot(bench_repo) == fresh(bench_repo, monkeypatch)


def test_an_entry_is_kept_once_its_file_is_old_enough(
    bench_repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    just_written(bench_repo, monkeypatch)
    snapshot(bench_repo)
    parsed = parses(monkeypatch)
    snapshot(bench_repo)
    assert len(parsed) > 10  # all racy: read again
    just_written(bench_repo, monkeypatch, later_ns=index.RACY_NS)
    snapshot(bench_repo)
    parsed.clear()
    snapshot(bench_repo)
    assert parsed == ["meetings/2018-01-08.md"]


def damage_flip(data: bytes) -> bytes:
    return data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:]


@pytest.mark.usefixtures("later")
@pytest.mark.parametrize(
    "damage",
    [
        damage_flip,
        lambda data: data[: len(data) // 2],  # a write cut short
        lambda data: b"",
        lambda data: b"not an index at all",
        lambda data: data.replace(b"mentorlog-index", b"mentorlog-indey", 1),
    ],
)
def test_a_damaged_index_is_only_slower(
    bench_repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, damage: Callable[[bytes], bytes]
) -> None:
    expected = snapshot(bench_repo)
    (path,) = index_files(cache)
    path.write_bytes(damage(path.read_bytes()))
    parsed = parses(monkeypatch)
    assert snapshot(bench_repo) == expected
    assert len(parsed) > 10  # nothing was taken from it
    parsed.clear()
    assert snapshot(bench_repo) == expected  # the rebuilt index
    assert parsed == ["meetings/2018-01-08.md"]


@pytest.mark.usefixtures("later")
def test_entries_this_code_did_not_write_are_parsed_again(
    bench_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index that passes every check but holds entries of another shape (a build
    that did not bump FORMAT) still cannot change an answer."""
    expected = snapshot(bench_repo)
    opened = index.Index.open

    def odd_entries(root: Path) -> index.Index:
        ix = opened(root)
        for n, (rel, (key, _payload)) in enumerate(sorted(ix.old.items())):
            odd = [("m",), ("x", 1), "text", 7, ("g", "a", "b"), None, ("r", [])]
            ix.old[rel] = (key, odd[n % len(odd)])
        return ix

    monkeypatch.setattr(index.Index, "open", staticmethod(odd_entries))
    assert snapshot(bench_repo) == expected


#: Modules a read imports whose changes cannot change what is kept.
NOT_KEPT = {
    "mentorlog.errors",
    "mentorlog.model.clock",
    "mentorlog.model.owners",  # owners are resolved when an entry is read back
    "mentorlog.store.parse_ahead",
    "mentorlog.store.paths",
    "mentorlog.store.refusals",
}


def test_every_module_that_makes_what_is_kept_is_part_of_the_version(bench_repo: Path) -> None:
    """A kept entry or table is used only while the code that made it is unchanged:
    each module that parsing, the codec or the kept answers import is stamped."""
    probe = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from mentorlog.rules import followthrough, goals\n"
        "from mentorlog.store import reading\n"
        f"p = reading.load(Path({str(bench_repo)!r}))\n"
        "followthrough.collect(p); followthrough.states(p); goals.done_ids(p)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True)
    loaded = {
        name
        for name in json.loads(done.stdout)
        if name.startswith("mentorlog.") and name.count(".") == 2 and name not in NOT_KEPT
    }
    stamped = {"mentorlog." + f.removesuffix(".py").replace("/", ".") for f in index._PARSERS}
    stamped = {name.removesuffix(".__init__") for name in stamped}
    assert "mentorlog.rules.schedule" in loaded  # (the agreement's cadence)
    assert loaded <= stamped, sorted(loaded - stamped)


@pytest.mark.usefixtures("later")
def test_an_index_of_another_version_or_repository_is_not_used(
    bench_repo: Path, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = snapshot(bench_repo)
    monkeypatch.setattr(index, "_VERSION", [("another", "version")])
    parsed = parses(monkeypatch)
    assert snapshot(bench_repo) == expected
    assert len(parsed) > 10
    # another repository's index put where this one's would be
    other = tmp_path / "other"
    generate(other, meetings=12, items=6, goals=4)
    snapshot(other)
    mine, theirs = (index.Index.open(r.resolve()).path for r in (bench_repo, other))
    assert mine is not None and theirs is not None and mine != theirs
    theirs.replace(mine)
    parsed.clear()
    assert snapshot(bench_repo) == expected
    assert len(parsed) > 10


@pytest.mark.usefixtures("later")
def test_concurrent_readers_and_a_writer(bench_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loads running at once each replace the index whole; a file rewritten while it is
    being read is read again by the next load."""
    path = bench_repo / "meetings" / "2018-01-01.md"
    real_read = reading.read_text
    rewritten: list[str] = []

    def read_while_rewritten(p: Path | str, shown: str) -> str:
        if Path(p) == path and not rewritten:  # a partner's save lands between stat and read
            rewritten.append(shown)
            path.write_text(path.read_text(encoding="utf-8") + "- [ ] @mentor added\n", "utf-8")
        return real_read(p, shown)

    monkeypatch.setattr(reading, "read_text", read_while_rewritten)
    snapshot(bench_repo)
    monkeypatch.setattr(reading, "read_text", real_read)
    expected = fresh(bench_repo, monkeypatch)
    assert "@mentor added" in repr(expected)
    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(snapshot(bench_repo))) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4
    assert snapshot(bench_repo) == expected


@pytest.mark.usefixtures("later")
def test_indexes_of_repositories_that_are_gone_are_pruned(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repos = [tmp_path / name for name in ("a", "b", "c")]
    for root in repos:
        generate(root, meetings=3, items=2, goals=1)
        snapshot(root)
    assert len(index_files(cache)) == 3
    (cache / "mentorlog" / "items-0123.json").write_text("{}", encoding="utf-8")  # the old cache
    (repos[1] / "agreement.md").unlink()
    shutil.rmtree(repos[2])
    (repos[0] / "meetings" / "2018-01-01.md").write_text("---\ndate: 2018-01-01\n---\n")
    snapshot(repos[0])  # writes its index, and prunes
    assert index_files(cache) == [index.Index.open(repos[0].resolve()).path]
    assert sorted(p.name for p in (cache / "mentorlog").iterdir()) == [index_files(cache)[0].name]


def test_no_cache_means_no_index(
    bench_repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTORLOG_NO_CACHE", "1")
    snapshot(bench_repo)
    assert not (cache / "mentorlog").exists()


@pytest.mark.usefixtures("later")
def test_the_index_is_private_to_its_user(bench_repo: Path, cache: Path) -> None:
    """It holds the items' texts: readable by its user alone, whatever the umask; and an
    index made unreadable (chmod 000) is replaced by a readable one, not kept so."""
    old = os.umask(0o022)
    try:
        expected = snapshot(bench_repo)
        (path,) = index_files(cache)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        path.chmod(0)
        meeting = bench_repo / "meetings" / "2018-01-01.md"
        meeting.write_text(meeting.read_text(encoding="utf-8") + "- [ ] @mentor one more\n")
        assert snapshot(bench_repo) != expected
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_a_relative_cache_home_is_ignored(
    bench_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """XDG_CACHE_HOME or HOME that is relative never puts the index in the current
    folder, which may be the repository; XDG says to ignore a relative path."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(bench_repo)
    monkeypatch.setenv("XDG_CACHE_HOME", "rel-cache")
    assert index.cache_folder() == home / ".cache" / "mentorlog"
    expected = snapshot(bench_repo)
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "some/where")  # then the password database's home is used
    monkeypatch.setattr(pwd, "getpwuid", no_entry)  # and here there is none
    assert index.cache_folder() is None
    assert snapshot(bench_repo) == expected
    assert not (bench_repo / "rel-cache").exists()
    assert not (bench_repo / ".cache").exists()
    assert not (bench_repo / "some").exists()


def no_entry(uid: int) -> Any:
    raise KeyError(uid)


def test_no_home_folder_means_no_index(bench_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("HOME")
    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    assert index.cache_folder() is None
    assert snapshot(bench_repo)  # reads, without an index


def test_a_warm_read_imports_no_parser(bench_repo: Path, cache: Path) -> None:
    """With the index filled, status reads no YAML, Markdown or template library, even
    for files whose front-matter needs YAML (they come from the index)."""
    (bench_repo / "meetings" / "2018-01-08.md").write_text(
        "---\ndate: 2018-01-08\ngoals:\n  - 01-goal-number-1\n---\n- [ ] @mentee needs YAML\n",
        encoding="utf-8",
    )
    old = (dt.datetime.now() - dt.timedelta(hours=1)).timestamp()
    for path in bench_repo.rglob("*.md"):
        os.utime(path, (old, old))
    code = (
        "import sys, atexit\n"
        "atexit.register(lambda: print(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'yaml', 'markdown_it', 'jinja2', 'git', 'icalendar'}), file=sys.stderr))\n"
        "from mentorlog.cli import main\n"
        f"main(['-C', {str(bench_repo)!r}, 'status'])\n"
    )
    env = dict(os.environ, MENTORLOG_TODAY="2018-02-01")
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "'yaml'" in first.stderr.splitlines()[-1]  # the first read parses that file
    # its ctime is new, so wait the racy window out instead of moving the clock
    later = dt.datetime.now().timestamp() + index.RACY_NS / 10**9
    while dt.datetime.now().timestamp() < later:
        threading.Event().wait(0.1)
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    warm = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert warm.returncode == 0, warm.stderr
    assert warm.stderr.splitlines()[-1] == "[]"
    assert warm.stdout == first.stdout


@pytest.mark.usefixtures("later")
def test_an_entry_marshal_cannot_write_leaves_the_others_kept(
    bench_repo: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = snapshot(bench_repo)
    (path,) = index_files(cache)
    path.unlink()
    real = index_codec.encode

    def with_an_object(parsed: Any, found: Any, owners: Any) -> Any:
        payload = real(parsed, found, owners)
        if getattr(parsed, "path", "") == "meetings/2018-01-01.md":
            return ("m", object())
        return payload

    monkeypatch.setattr(index_codec, "encode", with_an_object)
    assert snapshot(bench_repo) == expected
    monkeypatch.setattr(index_codec, "encode", real)
    parsed = parses(monkeypatch)
    assert snapshot(bench_repo) == expected
    assert sorted(parsed) == ["meetings/2018-01-01.md", "meetings/2018-01-08.md"]


@pytest.mark.usefixtures("later")
def test_the_agreement_comes_from_the_index_until_it_changes(
    bench_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Renaming a partner changes who owns the items (resolved on the way out of the
    index); a time zone the system no longer knows is an error again, not remembered."""
    snapshot(bench_repo)
    path = bench_repo / "agreement.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("mentee: Ana Ruiz", "mentee: Bea Ruiz"),
        encoding="utf-8",
    )
    p = reading.load(bench_repo)
    assert p.agreement.mentee == "Bea Ruiz"
    assert snapshot(bench_repo) == fresh(bench_repo, monkeypatch)
    read: list[str] = []
    real_read = reading.read_text
    monkeypatch.setattr(reading, "read_text", lambda p, s: read.append(s) or real_read(p, s))
    snapshot(bench_repo)
    assert read == ["meetings/2018-01-08.md"]  # the agreement came from the index
    monkeypatch.setattr(reading, "_known_zone", lambda name, zone: False)
    snapshot(bench_repo)
    assert "agreement.md" in read


@pytest.mark.parametrize(
    "xdg, home",
    [
        ("/abs/cache", "/home/ana"),
        ("", "/home/ana"),
        ("rel-cache", "/home/ana"),
        (None, "/home/ana/"),
        (None, "relative/home"),
        (None, None),
        ("/abs/cache", None),
    ],
)
def test_the_cache_folder_is_the_one_platformdirs_names(
    xdg: str | None, home: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Linux the XDG rule is followed without importing platformdirs (its import
    costs a tenth of a warm command); the answer must be platformdirs' own."""
    import platformdirs

    for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    expected = Path(platformdirs.user_cache_dir("mentorlog", appauthor=False))
    assert index.cache_folder() == expected


def test_a_time_zone_is_known_without_zoneinfo_only_while_its_file_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm read checks the agreement's zone by the stat of the file it was read
    from; any change (the file, PYTHONTZPATH) asks zoneinfo again."""
    import zoneinfo

    zone_file = tmp_path / "zones" / "Europe" / "Berlin"
    zone_file.parent.mkdir(parents=True)
    zone_file.write_bytes(b"TZif")
    probe = (None, str(zone_file), index.stat_key(zone_file.stat()))
    asked: list[str] = []

    def unknown(name: str) -> None:
        asked.append(name)
        raise zoneinfo.ZoneInfoNotFoundError(name)

    monkeypatch.delenv("PYTHONTZPATH", raising=False)
    monkeypatch.setattr(zoneinfo, "ZoneInfo", unknown)
    assert reading._known_zone("Europe/Berlin", probe) is True
    assert asked == []
    assert reading._known_zone("Europe/Paris", probe) is False  # another zone's file
    monkeypatch.setenv("PYTHONTZPATH", str(tmp_path / "zones"))
    assert reading._known_zone("Europe/Berlin", probe) is False
    monkeypatch.delenv("PYTHONTZPATH")
    zone_file.write_bytes(b"TZif2")
    assert reading._known_zone("Europe/Berlin", probe) is False
    assert reading._known_zone("Europe/Berlin", None) is False
    assert asked == ["Europe/Paris", "Europe/Berlin", "Europe/Berlin", "Europe/Berlin"]


def test_each_payload_lists_its_document_fields_in_order() -> None:
    """Documents are built back positionally: the field tables must follow the
    classes' field order, whole."""
    import dataclasses

    from mentorlog.model import Agreement, Goal, Meeting

    for cls, spec in (
        (Meeting, index_codec._MEETING),
        (Goal, index_codec._GOAL),
        (Agreement, index_codec._AGREEMENT),
    ):
        assert [f.partition(":")[0] for f in spec] == [f.name for f in dataclasses.fields(cls)]


def test_a_meeting_is_built_back_as_the_field_table_says(bench_repo: Path) -> None:
    """Meetings are built back without their keepers (a warm read makes hundreds):
    the same meeting as the field table's keepers give, field for field."""
    from mentorlog.model import Meeting
    from mentorlog.text.items import owner_map

    owners = owner_map("Ana Ruiz", "Sam Lee")
    seen = 0
    for path in sorted((bench_repo / "meetings").glob("*.md")):
        shown = f"meetings/{path.name}"
        try:
            parsed, found = documents.parse_meeting(path.read_text(encoding="utf-8"), shown, owners)
        except Exception:
            continue
        payload = index_codec.encode(parsed, found, owners)
        if payload is None:
            continue
        fast, _ = index_codec.decode(payload, owners)
        plain = index_codec._unpack(Meeting, index_codec._MEETING, payload[1:-1], owners)
        plain.items = item_rows.unpack_items(payload[-2], shown, owners)
        assert "items" not in vars(fast) and "meta" not in vars(fast)  # made when first used
        assert repr(fast) == repr(plain) and fast == plain == parsed
        assert set(vars(fast)) == set(vars(plain))  # the same fields (made in another order)
        assert type(fast.meta) is dict and fast.meta is not plain.meta
        seen += 1
    assert seen >= 10


@pytest.mark.usefixtures("later")
def test_a_meetings_items_are_unpacked_only_when_used(
    bench_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the index a meeting's items stay packed until something reads them (the
    roadmap never does); unpacked, they are what parsing gives, once per meeting."""
    import copy

    from mentorlog.rules import timeline

    snapshot(bench_repo)  # fills the index
    p = reading.load(bench_repo)
    timeline.roadmap_rows(p, dt.date(2018, 3, 1))
    kept = [m.path for m in p.meetings if "_items_later" in vars(m)]
    # all but the one whose front-matter the index cannot keep (read each time)
    assert kept == [m.path for m in p.meetings if m.path != "meetings/2018-01-08.md"]
    twin = copy.copy(p.meetings[3])
    expected = fresh(bench_repo, monkeypatch)
    assert snapshot(bench_repo) == expected
    meeting = p.meetings[3]
    first = meeting.items
    assert first and meeting.items is first and "_items_later" not in vars(meeting)
    assert twin.items == first and twin.items is not first
    assert (p.agreement, p.roadmap, p.goals, p.meetings, [str(x) for x in p.problems]) == expected
    with pytest.raises(AttributeError, match="no attribute 'itemz'"):
        meeting.itemz  # noqa: B018 - any other name is still an error


_ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2),
    st.text(max_size=3),
    st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 3)),
    st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2020, 1, 2)),
    st.lists(st.text(max_size=2), max_size=2),
    st.tuples(st.text(max_size=2)),
)


_GOOD: dict[str, Any] = {
    "file": st.sampled_from(["meetings/2020-01-01.md", "meetings/x.md"]),
    "line": st.integers(1, 9),
    "index": st.integers(1, 9),
    "checked": st.booleans(),
    "text": st.text(max_size=5),
    "description": st.text(max_size=5),
    "owner_token": st.sampled_from([None, "@ana", "@Sam", "@zed", ""]),
    "owner": st.sampled_from([None, "mentee", "mentor"]),
    "due": st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 3)),
    "done": st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 3)),
    "id": st.none() | st.text(max_size=3),
    "from_": st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 3)),
    "tags": st.lists(st.text(max_size=3), max_size=2),
    "dropped": st.booleans(),
    "dropped_on": st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 3)),
}


@st.composite
def item_fields(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly well-typed fields, now and then a value of another type."""
    return {
        name: draw(_ODD if draw(st.integers(0, 14)) == 0 else good) for name, good in _GOOD.items()
    }


@settings(max_examples=400, deadline=None)
@given(values=item_fields())
def test_items_said_exact_come_back_exactly(values: dict[str, Any]) -> None:
    """A meeting's items are kept without rebuilding them to compare: the check must
    say yes only when rebuilding gives every field back, of the same type."""
    from mentorlog.model import Item

    owners = {"ana": "mentee", "sam": "mentor"}
    item = Item(**values)
    if not item_rows.items_exact([item], "meetings/2020-01-01.md", owners):
        return
    try:
        (back,) = item_rows.items_back([item_rows.row(item)], "meetings/2020-01-01.md", owners)
    except (TypeError, ValueError, AttributeError, OverflowError):
        raise AssertionError(f"said exact, but cannot be rebuilt: {item!r}") from None
    assert back == item
    for name in values:
        assert type(getattr(back, name)) is type(getattr(item, name)), name


def test_items_of_parsed_meetings_are_said_exact(
    bench_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What parsing gives is kept: the check is exact, not merely strict."""
    from mentorlog.text import items as itemsmod

    monkeypatch.setenv("MENTORLOG_NO_CACHE", "1")
    p = reading.load(bench_repo)
    owners = itemsmod.owner_map(p.agreement.mentee, p.agreement.mentor)
    assert all(item_rows.items_exact(m.items, m.path, owners) for m in p.meetings)


@pytest.mark.parametrize(
    "name, value",
    [
        ("line", True),
        ("index", 2.0),
        ("checked", 1),
        ("text", None),
        ("description", b"x"),
        ("owner_token", 7),
        ("owner", "mentor"),  # not what @ana resolves to
        ("file", "meetings/2020-01-02.md"),
        ("due", dt.datetime(2020, 1, 1)),
        ("done", dt.datetime(2020, 1, 1)),
        ("from_", dt.datetime(2020, 1, 1)),
        ("dropped_on", dt.datetime(2020, 1, 1)),
        ("id", 3),
        ("tags", ("x",)),
        ("tags", ["x", 1]),
        ("dropped", 0),
    ],
)
def test_an_item_of_another_shape_is_not_said_exact(name: str, value: object) -> None:
    from mentorlog.model import Item

    owners = {"ana": "mentee"}
    good = Item("meetings/2020-01-01.md", 3, 1, False, "@ana a", "a", "mentee", "@ana")
    assert item_rows.items_exact([good], "meetings/2020-01-01.md", owners)
    setattr(good, name, value)
    assert not item_rows.items_exact([good], "meetings/2020-01-01.md", owners)


def test_a_date_time_with_a_zone_is_not_kept() -> None:
    """It would come back with a fixed offset: equal, but not the same value."""
    from mentorlog.rules.documents import parse_meeting

    def payload(when: str) -> object:
        text = f"---\ndate: 2020-01-06\nwhen: {when}\n---\n- [ ] @ana call\n"
        return index_codec.encode(*parse_meeting(text, "meetings/2020-01-06.md", {}), {})

    assert payload("2020-01-06 10:00:00") is not None
    assert payload("2020-01-06T10:00:00+01:00") is None


def test_a_meeting_changed_after_parsing_is_kept_as_it_is_now() -> None:
    """A parsed meeting keeps the rows its items are made from, and keeping it packs
    those rows: once its items are made (and may have been changed), they are
    what is kept."""
    owners = {"ana": "mentee"}
    text = "---\ndate: 2020-01-01\n---\n- [ ] @ana write it due:2020-01-09\n- [x] read\n"
    meeting, found = documents.parse_meeting(text, "meetings/2020-01-01.md", owners)
    assert item_rows.rows_later(meeting) is not None  # its items are not made yet
    untouched = index_codec.encode(meeting, found, owners)
    back, _ = index_codec.decode(untouched, owners)
    assert back.items == meeting.items and back.items[0].due == dt.date(2020, 1, 9)
    assert item_rows.rows_later(meeting) is None  # made now
    meeting.items[0].description = "write it all"
    meeting.items.pop()
    back, _ = index_codec.decode(index_codec.encode(meeting, found, owners), owners)
    assert [i.description for i in back.items] == ["write it all"]
