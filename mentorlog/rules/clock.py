"""A wall time in an IANA zone: its instant in UTC, and whether the clocks skip it
or show it twice (with a time near it that is safe). Pure functions of their
arguments (the grammar of a time: :mod:`mentorlog.model.clock`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo


def _zone(tz: str) -> ZoneInfo:
    # imported here: reading commands use this module's neighbours, not zoneinfo
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError, TypeError):
        raise ValueError(
            f"unknown time zone {tz!r}; use an IANA name such as Europe/Berlin"
        ) from None


def local_to_utc(d: date, t: time, tz: str) -> datetime:
    """The wall time ``t`` on ``d`` in IANA zone ``tz``, as an aware UTC datetime.

    A wall time that does not exist (the spring-forward gap) is moved forward
    by the length of the gap: 02:30 on the day Berlin springs forward is
    01:30 UTC, the instant the clocks show 03:30. A wall time that occurs twice
    (fall back) is taken at its first occurrence. Any tzinfo or fold on ``t``
    is ignored. An unknown zone raises ValueError naming it.
    """
    zone = _zone(tz)
    wall = datetime.combine(d, t.replace(tzinfo=None, fold=0))
    return wall.replace(tzinfo=zone).astimezone(UTC)


def wall_time_trouble(d: date, t: time, tz: str) -> str | None:
    """ "gap" when the wall time ``t`` does not exist on ``d`` in ``tz`` (the clocks
    skip it), "overlap" when it happens twice (the clocks go back over it), else None.

    Calendar programs read such a time differently, so a meeting should not be
    set there. An unknown zone raises ValueError naming it.
    """
    zone = _zone(tz)
    wall = datetime.combine(d, t.replace(tzinfo=None, fold=0))
    first = wall.replace(tzinfo=zone)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return "gap" if back != wall else "overlap"


def troubled_days(days: Sequence[date], t: time, tz: str) -> list[tuple[date, str]]:
    """The days of ``days`` on which ``t`` falls in a gap or overlap of ``tz``."""
    out = []
    for d in days:
        trouble = wall_time_trouble(d, t, tz)
        if trouble is not None:
            out.append((d, trouble))
    return out


def safe_clock(days: Sequence[date], t: time, tz: str) -> time | None:
    """The time nearest ``t`` (later first, in steps of 30 minutes, the same day) that is
    neither skipped nor repeated in ``tz`` on any of ``days``; None if there is none."""
    start = t.hour * 60 + t.minute
    for step in range(30, 24 * 60, 30):
        for minutes in (start + step, start - step):
            if 0 <= minutes < 24 * 60:
                candidate = time(minutes // 60, minutes % 60)
                if not troubled_days(days, candidate, tz):
                    return candidate
    return None
