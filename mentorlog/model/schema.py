"""The front-matter values: their converters and limits.

Each ``as_*`` reads one key of a front-matter mapping and raises
:class:`ValueProblem` (naming the key) when its value is not what it should be.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

#: The years an agreement's start and end may fall in (the calendar works a
#: year either side of them), and the longest meeting in minutes (as init).
MIN_YEAR, MAX_YEAR = 1900, 9990
MAX_DURATION = 24 * 60

#: Characters that never belong in a one-line value (a name, a location, a topic, a
#: title): C0 controls (tab included), DEL, C1 controls, LINE and PARAGRAPH SEPARATOR.
_CONTROLS = "\x00-\x1f\x7f-\x9f\u2028\u2029"
CONTROL_RE = re.compile(f"[{_CONTROLS}]")
CONTROL_RUN_RE = re.compile(f"[ {_CONTROLS}]*[{_CONTROLS}][ {_CONTROLS}]*")


def one_line(text: str) -> str:
    """``text`` with each run of control characters (see CONTROL_RE) made one space."""
    if not CONTROL_RE.search(text):
        return text
    return CONTROL_RUN_RE.sub(" ", text).strip()


class ValueProblem(Exception):
    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key
        self.message = message


def as_date(meta: dict[str, Any], key: str, required: bool = False) -> dt.date | None:
    value = meta.get(key)
    if value is None or value == "":
        if required:
            raise ValueProblem(key, f"'{key}' is missing (a date, YYYY-MM-DD)")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueProblem(key, f"'{key}: {value}' is not a date (YYYY-MM-DD)") from None


def in_range(key: str, day: dt.date | None) -> dt.date | None:
    """``day``, or ValueProblem when its year is one the calendar cannot hold."""
    if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueProblem(key, f"'{key}: {day}' is out of range (years {MIN_YEAR} to {MAX_YEAR})")
    return day


def as_clock(meta: dict[str, Any], key: str) -> str | None:
    """ "17:30"; YAML reads an unquoted 17:30 as the number 1050, which is mended."""
    value = meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueProblem(key, f"'{key}: {value}' is not a time (HH:MM)")
    if isinstance(value, int) and 0 <= value < 24 * 60:
        return f"{value // 60:02d}:{value % 60:02d}"
    if isinstance(value, int) and value > 0:  # YAML read an unquoted 25:00 as 1500
        raise ValueProblem(key, f"'{key}: {value // 60}:{value % 60:02d}' is not a time (HH:MM)")
    m = re.fullmatch(r"(\d{1,2}):(\d{2})(?::00)?", str(value).strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueProblem(key, f"'{key}: {value}' is not a time (HH:MM)")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def as_int(meta: dict[str, Any], key: str) -> int | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueProblem(key, f"'{key}: {value}' is not a whole number")
    try:
        return int(value)
    except ValueError:
        raise ValueProblem(key, f"'{key}: {value}' is not a whole number") from None


def as_str(meta: dict[str, Any], key: str, default: str = "") -> str:
    value = meta.get(key)
    if value is None:
        return default
    if isinstance(value, dict | list):
        raise ValueProblem(key, f"'{key}' should be text, not a {type(value).__name__}")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def as_line(meta: dict[str, Any], key: str, default: str = "") -> str:
    """A one-line value (a name, a place, a title): control characters, line breaks
    included, become spaces (``check`` reports them)."""
    return one_line(as_str(meta, key, default))


def as_list(meta: dict[str, Any], key: str) -> list[str]:
    value = meta.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None]
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    raise ValueProblem(key, f"'{key}' should be a list")


def as_choice(meta: dict[str, Any], key: str, choices: Iterable[str], default: str) -> str:
    value = as_str(meta, key, default).lower() or default
    allowed = tuple(choices)
    if value not in allowed:
        raise ValueProblem(key, f"'{key}: {value}' is not one of: {', '.join(allowed)}")
    return value
