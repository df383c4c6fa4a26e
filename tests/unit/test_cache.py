"""The parse cache makes reading faster and never changes what is read."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from mentorlog.store import reading

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import generate  # noqa: E402


def snapshot(root: Path) -> object:
    p = reading.load(root)
    return (p.agreement, p.roadmap, p.goals, p.meetings, [str(x) for x in p.problems])


@pytest.fixture
def bench_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "repo"
    generate(root, meetings=12, items=6, goals=4)
    (root / "meetings" / "2018-01-08.md").write_text(
        "---\ndate: 2018-01-08\nodd: {1: one}\nwhen: 2018-01-08 10:00:00\n---\n"
        "- [ ] @mentee an item due:2018-01-10\n",
        encoding="utf-8",
    )
    return root


def test_cached_reads_equal_fresh_reads(bench_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENTORLOG_NO_CACHE", "1")
    fresh = snapshot(bench_repo)
    monkeypatch.delenv("MENTORLOG_NO_CACHE")
    first = snapshot(bench_repo)  # fills the cache
    cache_files = list((bench_repo.parent / "cache" / "mentorlog").glob("items-*.json"))
    assert len(cache_files) == 1
    second = snapshot(bench_repo)  # reads from it
    assert fresh == first == second
    # nothing was written inside the repository
    assert not [p for p in bench_repo.rglob("*") if "cache" in p.name or p.suffix == ".json"]


def test_a_changed_file_is_read_again(bench_repo: Path) -> None:
    snapshot(bench_repo)
    path = bench_repo / "meetings" / "2018-01-08.md"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("[ ]", "[x]")
        .replace("date: 2018-01-08", "date: 2018-01-08\nstatus: held"),
        encoding="utf-8",
    )
    p = reading.load(bench_repo)
    meeting = next(m for m in p.meetings if m.path.endswith("2018-01-08.md"))
    assert meeting.status == "held"
    assert meeting.items[0].checked
    assert meeting.meta["when"] == dt.datetime(2018, 1, 8, 10, 0)


def test_a_broken_or_unwritable_cache_is_only_slower(
    bench_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = snapshot(bench_repo)
    for cache_file in (bench_repo.parent / "cache" / "mentorlog").glob("items-*.json"):
        cache_file.write_text("{not json", encoding="utf-8")
    assert snapshot(bench_repo) == expected
    blocker = bench_repo.parent / "blocked"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert snapshot(bench_repo) == expected


def test_a_relative_cache_home_is_ignored(
    bench_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """XDG_CACHE_HOME or HOME that is relative never puts a cache file in the
    current folder, which may be the repository; XDG says to ignore a relative path."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(bench_repo)
    monkeypatch.setenv("XDG_CACHE_HOME", "rel-cache")
    path = reading.ParseCache.for_root(bench_repo).path
    assert path is not None and path.parent == home / ".cache" / "mentorlog"
    expected = snapshot(bench_repo)
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "some/where")
    assert reading.ParseCache.for_root(bench_repo).path is None
    assert snapshot(bench_repo) == expected
    assert not (bench_repo / "rel-cache").exists()
    assert not (bench_repo / ".cache").exists()
    assert not (bench_repo / "some").exists()


def test_no_home_folder_means_no_cache(bench_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert reading.ParseCache.for_root(bench_repo).path is None
    assert snapshot(bench_repo)  # reads, uncached


@pytest.mark.parametrize(
    "damage", ["text", [[1]], {"$date": "no date"}, 7, [["a", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]]
)
def test_a_damaged_entry_is_parsed_again(bench_repo: Path, damage: object) -> None:
    """A cache of this version whose entries it did not write (another build, a damaged
    disk) is only slower: each entry that cannot be used is parsed again."""
    import json

    expected = snapshot(bench_repo)
    (cache_file,) = (bench_repo.parent / "cache" / "mentorlog").glob("items-*.json")
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    data["items"] = {key: damage for key in data["items"]}
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    assert snapshot(bench_repo) == expected
    assert snapshot(bench_repo) == expected  # the repaired cache


def test_the_cache_file_is_private_to_its_user(bench_repo: Path) -> None:
    """It holds the items' texts: readable by its user alone, whatever the umask; and a
    cache file made unreadable (chmod 000) is replaced by a readable one, not kept so."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        snapshot(bench_repo)
        (cache_file,) = (bench_repo.parent / "cache" / "mentorlog").glob("items-*.json")
        assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
        cache_file.chmod(0)
        path = bench_repo / "meetings" / "2018-01-08.md"
        path.write_text(path.read_text(encoding="utf-8") + "- [ ] @mentor one more\n")
        snapshot(bench_repo)
        assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_check_reads_through_the_cache_and_finds_the_same(bench_repo: Path) -> None:
    """check fills and uses the cache that loading uses (the same entries: no rewrite
    by the next load), and reports exactly what it reports without it."""
    from helpers import mentorlog_in

    path = bench_repo / "meetings" / "2018-01-08.md"
    path.write_text(path.read_text(encoding="utf-8") + "- [ ] no owner due:2018-02-30\n")
    fresh = mentorlog_in(bench_repo, "check", "--json", MENTORLOG_NO_CACHE="1")
    assert '"message": "item has no owner' in fresh.output
    assert '"message": "\'2018-02-30\' is not a date' in fresh.output
    folder = bench_repo.parent / "cache" / "mentorlog"
    assert not folder.exists()
    first = mentorlog_in(bench_repo, "check", "--json")
    (cache_file,) = folder.glob("items-*.json")
    written = cache_file.read_bytes()
    second = mentorlog_in(bench_repo, "check", "--json")
    assert (fresh.exit_code, fresh.output) == (first.exit_code, first.output)
    assert (fresh.exit_code, fresh.output) == (second.exit_code, second.output)
    snapshot(bench_repo)
    assert cache_file.read_bytes() == written
