"""A VTIMEZONE kept in the cache folder is the one worked out, and only while the
zone's file and mentorlog's code are unchanged."""

from __future__ import annotations

import os
import shutil
import zoneinfo
from pathlib import Path

import pytest

from mentorlog.render import vtimezone
from mentorlog.store import zone_cache


@pytest.fixture
def zones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A zone database of one zone (a copy of the system's Europe/Berlin), and a
    cache folder of the test's own."""
    found = zone_cache.zone_file("Europe/Berlin")
    if found is None:
        pytest.skip("no zone database files on this system")
    folder = tmp_path / "zoneinfo"
    (folder / "Europe").mkdir(parents=True)
    shutil.copyfile(found[1], folder / "Europe" / "Berlin")
    monkeypatch.setenv("PYTHONTZPATH", str(folder))
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(folder),))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("MENTORLOG_NO_CACHE", raising=False)
    return folder


def made(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, int]]:
    """The VTIMEZONEs worked out from now on (the others come from the cache)."""
    seen: list[tuple[str, int, int]] = []
    real = vtimezone.made_lines

    def counting(tz: str, first: int, last: int) -> list[str]:
        seen.append((tz, first, last))
        return real(tz, first, last)

    monkeypatch.setattr(vtimezone, "made_lines", counting)
    return seen


def test_kept_lines_are_the_lines_worked_out(zones: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = vtimezone.made_lines("Europe/Berlin", 2018, 2027)
    seen = made(monkeypatch)
    assert vtimezone.vtimezone_lines("Europe/Berlin", 2018, 2027) == expected
    assert vtimezone.vtimezone_lines("Europe/Berlin", 2018, 2027) == expected
    assert vtimezone.vtimezone_lines("Europe/Berlin", 2019, 2027) == expected  # (other years)
    assert seen == [("Europe/Berlin", 2018, 2027), ("Europe/Berlin", 2019, 2027)]
    assert (zones.parent / "cache" / "mentorlog" / zone_cache.NAME).is_file()


def test_a_changed_zone_file_is_read_again(zones: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vtimezone.vtimezone_lines("Europe/Berlin", 2020, 2021)
    seen = made(monkeypatch)
    berlin = zones / "Europe" / "Berlin"
    berlin.write_bytes(berlin.read_bytes())  # the same bytes, a new stat
    os.utime(berlin, ns=(1, 1))
    vtimezone.vtimezone_lines("Europe/Berlin", 2020, 2021)
    assert seen == [("Europe/Berlin", 2020, 2021)]


def test_a_damaged_or_foreign_cache_is_not_used(
    zones: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = vtimezone.vtimezone_lines("Europe/Berlin", 2020, 2021)
    kept = zones.parent / "cache" / "mentorlog" / zone_cache.NAME
    data = kept.read_bytes()
    seen = made(monkeypatch)
    kept.write_bytes(data[:-5] + b"xxxxx")
    assert vtimezone.vtimezone_lines("Europe/Berlin", 2020, 2021) == expected
    monkeypatch.setattr(zone_cache, "FORMAT", zone_cache.FORMAT + 1)  # another version
    assert vtimezone.vtimezone_lines("Europe/Berlin", 2020, 2021) == expected
    assert len(seen) == 2


def test_without_a_cache_nothing_is_kept(zones: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENTORLOG_NO_CACHE", "1")
    seen = made(monkeypatch)
    vtimezone.vtimezone_lines("Europe/Berlin", 2020, 2021)
    vtimezone.vtimezone_lines("Europe/Berlin", 2020, 2021)
    assert len(seen) == 2
    assert not (zones.parent / "cache").exists()


def test_the_cache_holds_a_bounded_number_of_zones(
    zones: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zone_cache, "LIMIT", 3)
    for year in range(2020, 2025):
        vtimezone.vtimezone_lines("Europe/Berlin", year, year)
    seen = made(monkeypatch)
    vtimezone.vtimezone_lines("Europe/Berlin", 2024, 2024)  # kept
    vtimezone.vtimezone_lines("Europe/Berlin", 2020, 2020)  # the oldest: gone
    assert seen == [("Europe/Berlin", 2020, 2020)]
