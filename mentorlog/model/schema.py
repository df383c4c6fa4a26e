"""The front-matter schema: the keys of each kind of file, their converters and limits.

:data:`SCHEMAS` is the one table of the keys mentorlog reads in an agreement, a
meeting, a goal and a journal entry. The parsers (:mod:`mentorlog.rules.documents`)
convert values through it and ``check`` (:mod:`mentorlog.rules.check`) reports
unknown keys, bad values and control characters from it. Each ``as_*`` reads one
key of a front-matter mapping and raises :class:`ValueProblem` (naming the key)
when its value is not what it should be.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mentorlog.model import GOAL_STATUSES, MEETING_KINDS, MEETING_STATUSES
from mentorlog.model.clock import parse_clock

#: The years an agreement's start and end may fall in (the calendar works a
#: year either side of them), and the longest meeting in minutes (as init).
MIN_YEAR, MAX_YEAR = 1900, 9990
MAX_DURATION = 24 * 60

#: Characters that never belong in a one-line value (a name, a location, a topic, a
#: title): C0 controls (tab included), DEL, C1 controls, LINE and PARAGRAPH SEPARATOR.
_CONTROLS = "\x00-\x1f\x7f-\x9f\u2028\u2029"
CONTROL_RE = re.compile(f"[{_CONTROLS}]")
_CONTROL_RUN = f"[ {_CONTROLS}]*[{_CONTROLS}][ {_CONTROLS}]*"  # compiled when first needed


def one_line(text: str) -> str:
    """``text`` with each run of control characters (see CONTROL_RE) made one space."""
    if text.isprintable() or not CONTROL_RE.search(text):  # each of them is unprintable
        return text
    return re.sub(_CONTROL_RUN, " ", text).strip()


class ValueProblem(Exception):
    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key
        self.message = message


def as_date(meta: Mapping[str, Any], key: str, required: bool = False) -> dt.date | None:
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


def as_clock(meta: Mapping[str, Any], key: str) -> str | None:
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
    try:
        clock = parse_clock(str(value))
    except ValueError:
        clock = None
    if clock is None or clock.second:
        raise ValueProblem(key, f"'{key}: {value}' is not a time (HH:MM)")
    return clock.strftime("%H:%M")


def as_int(meta: Mapping[str, Any], key: str) -> int | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueProblem(key, f"'{key}: {value}' is not a whole number")
    try:
        return int(value)
    except ValueError:
        raise ValueProblem(key, f"'{key}: {value}' is not a whole number") from None


def as_str(meta: Mapping[str, Any], key: str, default: str = "") -> str:
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


def as_line(meta: Mapping[str, Any], key: str, default: str = "") -> str:
    """A one-line value (a name, a place, a title): control characters, line breaks
    included, become spaces (``check`` reports them)."""
    return one_line(as_str(meta, key, default))


def as_list(meta: Mapping[str, Any], key: str) -> list[str]:
    value = meta.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None]
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    raise ValueProblem(key, f"'{key}' should be a list")


def as_choice(meta: Mapping[str, Any], key: str, choices: Iterable[str], default: str) -> str:
    value = as_str(meta, key, default).lower() or default
    allowed = tuple(choices)
    if value not in allowed:
        raise ValueProblem(key, f"'{key}: {value}' is not one of: {', '.join(allowed)}")
    return value


# ------------------------------------------------------------------ the table

#: Reads one key's value: ``(meta, key) -> value``, ValueProblem when it is bad.
Converter = Callable[[Mapping[str, Any], str], object]


def choice(choices: Iterable[str], default: str) -> Converter:
    """A converter to one of ``choices`` (lower case), ``default`` when the key is absent."""
    allowed = tuple(choices)
    return lambda meta, key: as_choice(meta, key, allowed, default)


def optional_choice(choices: Iterable[str]) -> Converter:
    """One of ``choices``, or None when the key is absent or empty."""
    allowed = tuple(choices)
    return lambda meta, key: as_choice(meta, key, allowed, "") if meta.get(key) else None


def date_in_range(meta: Mapping[str, Any], key: str) -> dt.date | None:
    """A date whose year the calendar can hold (see :func:`in_range`)."""
    return in_range(key, as_date(meta, key))


@dataclass(frozen=True)
class Key:
    """One front-matter key: its name and how its value is read.

    ``convert`` is None for a key whose value the parser reads with its
    neighbours (the agreement's cadence changes, a journal's author).
    ``one_line`` marks a name, a place, a topic or a title: control characters
    in it are errors for ``check`` and become spaces when read.
    """

    name: str
    convert: Converter | None = None
    one_line: bool = False


@dataclass(frozen=True)
class Schema:
    """The keys of one kind of file, in the order mentorlog reads and lists them.

    A meeting's and a goal's keys are also the names of the :class:`Meeting` and
    :class:`Goal` fields they fill (:meth:`read` gives them as keyword arguments).

    ``values_checked``: whether ``check`` converts each value on its own; the
    agreement's values are checked together by its parser instead (an end
    before the start, a cadence that gives no meeting).
    """

    kind: str
    keys: tuple[Key, ...]
    values_checked: bool = True

    @property
    def names(self) -> list[str]:
        return [k.name for k in self.keys]

    @property
    def one_line_names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys if k.one_line)

    def value(self, meta: Mapping[str, Any], name: str) -> Any:
        """``name``'s converted value (ValueProblem when it is bad)."""
        convert = next(k.convert for k in self.keys if k.name == name)
        assert convert is not None, name
        return convert(meta, name)

    def read(self, meta: Mapping[str, Any]) -> dict[str, Any]:
        """Every key's converted value, in table order: the first bad one raises.

        A converter's answer depends on the key's value alone; one that recurs from
        file to file (a meeting's time, kind and status) is converted once."""
        out: dict[str, Any] = {}
        known = _CONVERTED
        kind = self.kind
        for k in self.keys:
            convert = k.convert
            if convert is None:
                continue
            name = k.name
            value = meta.get(name)
            kept = value.__class__
            if kept in _KEPT:  # the type too: a datetime is not a date
                memo = (kind, name, kept, value)
                got = known.get(memo, _UNKNOWN)
                if got is _UNKNOWN:
                    got = convert(meta, name)
                    if got.__class__ in _KEPT and len(known) < 4096:
                        known[memo] = got
            else:  # a list, a mapping, True...: converted each time
                got = convert(meta, name)
            out[name] = got
        return out

    def problems(self, meta: Mapping[str, Any]) -> list[ValueProblem]:
        """A ValueProblem for each key present whose value is bad."""
        out: list[ValueProblem] = []
        for k in self.keys:
            if k.convert is not None and k.name in meta:
                try:
                    k.convert(meta, k.name)
                except ValueProblem as exc:
                    out.append(exc)
        return out


#: Converted values by (kind, key, the value's type, the value), for :meth:`Schema.read`:
#: values and answers of the types that cannot change (text, whole numbers, dates, None;
#: not True, which equals 1).
_CONVERTED: dict[tuple[Any, ...], Any] = {}
_KEPT = frozenset({str, int, dt.date, type(None)})
_UNKNOWN: Any = object()

AGREEMENT_SCHEMA = Schema(
    "agreement",
    (
        Key("id", as_line, one_line=True),
        Key("mentee", as_line, one_line=True),
        Key("mentor", as_line, one_line=True),
        Key("start", as_date),
        Key("end", as_date),
        Key("months", as_int),
        Key("cadence", as_str, one_line=True),
        Key("cadence_changes"),
        Key("time", as_clock),
        Key("duration", as_int),
        Key("timezone", as_str, one_line=True),
        Key("location", as_line, one_line=True),
        Key("initiator", choice(("mentee", "mentor"), "mentee")),
        Key("contact", as_line, one_line=True),
        Key("supervisor", as_line, one_line=True),
        Key("confidentiality", as_line, one_line=True),
        Key("no_fault_termination"),
    ),
    values_checked=False,
)
MEETING_SCHEMA = Schema(
    "meeting",
    (
        Key("date", date_in_range),
        Key("time", as_clock),
        Key("number", as_int),
        Key("kind", optional_choice(MEETING_KINDS)),
        Key("status", choice(MEETING_STATUSES, "planned")),
        Key("topic", as_line, one_line=True),
        Key("goals", as_list),
        Key("moved_from", as_date),
    ),
)
GOAL_SCHEMA = Schema(
    "goal",
    (
        Key("title", as_line, one_line=True),
        Key("category", as_line, one_line=True),
        Key("priority", as_int),
        Key("status", choice(GOAL_STATUSES, "active")),
        Key("created", as_date),
        Key("target", as_date),
        Key("measure", as_line, one_line=True),
    ),
)
JOURNAL_SCHEMA = Schema("journal", (Key("date", as_date), Key("author")))

#: Each kind of file with front-matter that mentorlog reads, by kind.
SCHEMAS = {s.kind: s for s in (AGREEMENT_SCHEMA, MEETING_SCHEMA, GOAL_SCHEMA, JOURNAL_SCHEMA)}
