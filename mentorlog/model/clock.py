"""The grammar of a meeting time: ``17:30`` (``H:MM``, ``HH:MM`` or ``HH:MM:SS``,
24-hour). The one parser of clock times; pure, standard library only.
"""

from __future__ import annotations

import functools
import re
from datetime import time

_CLOCK_RE = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_clock(text: str) -> time:
    """A wall-clock time from ``H:MM``, ``HH:MM`` or ``HH:MM:SS`` (24-hour).

    >>> parse_clock("9:05")
    datetime.time(9, 5)

    Anything else raises ValueError with a one-line message.
    """
    if not isinstance(text, str):
        raise ValueError(
            f'time {text!r}: expected text such as "17:30" (quote it), got {type(text).__name__}'
        )
    return _clock(str(text))


@functools.lru_cache(maxsize=256)
def _clock(text: str) -> time:
    """:func:`parse_clock` of text (a calendar asks for every meeting's: read once)."""
    match = _CLOCK_RE.fullmatch(text.strip())
    problem = "not a clock time"
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        second = int(match.group(3) or 0)
        if hour <= 23 and minute <= 59 and second <= 59:
            return time(hour, minute, second)
        problem = "out of range"
    raise ValueError(f"time {text!r}: {problem}; use HH:MM or HH:MM:SS (24-hour), e.g. 17:30")
