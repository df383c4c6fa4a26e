"""A time zone's VTIMEZONE, kept in the cache folder while its zone file is unchanged.

Writing the VTIMEZONE of schedule.ics means finding every change of UTC offset
over the partnership's years, a day at a time (zoneinfo keeps a zone's
transitions to itself): about three milliseconds for ten years, at every
``schedule`` and ``new-meeting``. What it gives depends only on the zone, the
years, the zone database's file for the zone and mentorlog's code, so it is
kept (``zones.bin`` beside the indexes: the same header, checksum and atomic
replace) under exactly those, and used only while the zone file's stat and the
code are unchanged. A zone that does not come from a file (the tzdata package)
is worked out each time; ``MENTORLOG_NO_CACHE=1`` keeps nothing.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
from collections.abc import Callable, Sequence
from typing import Any

from mentorlog import __version__
from mentorlog.store.index_file import read_body, write

#: Bumped whenever what an entry holds changes shape.
FORMAT = 1
NAME = "zones.bin"
#: What the file's header names instead of a repository.
OWNER = "mentorlog time zones"
#: The most zones (with their years) kept; the oldest go first.
LIMIT = 64

#: ``($PYTHONTZPATH, the zone file, its stat key)``.
ZoneFile = tuple[str | None, str, tuple[int, int, int, int]]


def zone_file(tz: str) -> ZoneFile | None:
    """Where the system keeps ``tz`` (the file zoneinfo reads, found as it finds it,
    and its stat key); None when it comes from elsewhere (the tzdata package)."""
    import zoneinfo

    for folder in zoneinfo.TZPATH:
        path = os.path.join(folder, tz)
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            continue
        if stat.S_ISREG(info.st_mode):
            key = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
            return os.environ.get("PYTHONTZPATH"), path, key
    return None


def kept_lines(
    tz: str, years: tuple[int, int], make: Callable[[], list[str]], code: Sequence[str]
) -> list[str]:
    """``make()`` (the content lines of ``tz``'s VTIMEZONE for ``years``), from the
    cache when it holds them for this zone file and this ``code`` (the files of the
    modules that make them), else made and kept."""
    from mentorlog.store.index import cache_folder

    folder = None if os.environ.get("MENTORLOG_NO_CACHE", "") not in ("", "0") else cache_folder()
    where = zone_file(tz) if folder is not None else None
    if folder is None or where is None:
        return make()
    path = folder / NAME
    stamp = _stamp(code)
    found = read_body(path, OWNER)
    entries: dict[Any, Any] = {}
    if found is not None and len(found) == 2 and found[0] == stamp and type(found[1]) is dict:
        entries = found[1]
    key = (tz, years[0], years[1], where)
    lines = entries.get(key)
    if type(lines) is list and all(type(line) is str for line in lines):
        return list(lines)
    lines = make()
    entries.pop(key, None)
    entries[key] = lines
    while len(entries) > LIMIT:
        del entries[next(iter(entries))]
    try:
        write(path, OWNER, marshal.dumps((stamp, entries)))
    except (OSError, ValueError):
        pass  # only slower next time
    return lines


def _stamp(code: Sequence[str]) -> tuple[Any, ...]:
    """What the kept lines were made by: this format, mentorlog, Python, the code."""
    stamps = []
    for name in code:
        try:
            info = os.stat(name)
            stamps.append((os.path.basename(name), info.st_size, info.st_mtime_ns))
        except OSError:
            stamps.append((os.path.basename(name), -1, -1))
    return (FORMAT, __version__, sys.version_info[:2], tuple(stamps))
