"""What the index keeps of a parsed file: the model objects as plain tuples and back.

A payload holds only what ``marshal`` writes (numbers, text, tuples, lists,
dicts); dates are day ordinals. Owners are kept as written (``@ana``) and
resolved on the way back, so renaming a partner in agreement.md needs no
re-parse. :func:`encode` refuses (None) anything that does not come back exactly
as it went in, so an entry can only ever give what parsing gave.
"""

from __future__ import annotations

import datetime as dt
import functools
import marshal
from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter
from typing import Any, TypeVar

from mentorlog.errors import BadFile
from mentorlog.model import Agreement, Goal, Meeting, Problem, Progress, Topic, item_rows
from mentorlog.model.item_rows import DAYS, day_of, unpack_items

Parsed = tuple[Any, list[Problem]]
T = TypeVar("T")

_UNKEPT: Any = object()


def _ordinal(day: dt.date | None) -> int | None:
    return None if day is None else day.toordinal()


def _day(ordinal: int | None) -> dt.date | None:
    return None if ordinal is None else dt.date.fromordinal(ordinal)


def _value(value: Any) -> Any:
    """A front-matter value for marshal: dates and datetimes as tagged tuples."""
    if value is None or type(value) in (bool, int, float, str):
        return value
    if type(value) is dt.date:
        return ("d", value.toordinal())
    if type(value) is dt.datetime and value.tzinfo is None:
        return ("t", value.isoformat())  # (a zone would come back as a fixed offset)
    if type(value) is list:
        return [_value(v) for v in value]
    if type(value) is dict and all(type(k) in _PLAIN for k in value):
        return {k: v if type(v) in _PLAIN else _value(v) for k, v in value.items()}
    return _UNKEPT  # a tuple, a set, bytes...: not kept (see encode)


def _unvalue(value: Any) -> Any:
    kind = type(value)
    if kind is tuple:
        tag, raw = value
        if tag == "d":
            return dt.date.fromordinal(raw)
        if tag == "t":
            return dt.datetime.fromisoformat(raw)
        raise ValueError(f"unknown tag {tag!r}")
    if kind is list:
        return [_unvalue(v) for v in value]
    if kind is dict:  # most front-matter values are plain: no call for them
        return {k: v if type(v) in _PLAIN else _unvalue(v) for k, v in value.items()}
    return value


_PLAIN = frozenset((str, int, float, bool, type(None)))


def _problems(found: list[Problem]) -> list[tuple[str, int, str, str]]:
    return [(p.path, p.line, p.message, p.severity) for p in found]


def _unproblems(raw: list[Any]) -> list[Problem]:
    if not raw:
        return []
    return [Problem(path, line, message, severity) for path, line, message, severity in raw]


#: How each field of a document is kept, in payload order: ``name`` as it is, or
#: ``name:how`` through the keepers below (``day``: a day ordinal).
_MEETING = [
    "path",
    "date:day",
    "suffix",
    "time",
    "number",
    "kind",
    "status",
    "topic",
    "goals:list",
    "moved_from:day",
    "meta:value",
    "body",
    "body_line",
    "items:later",
]
_GOAL = [
    "path",
    "order",
    "slug",
    "title",
    "category",
    "priority",
    "status",
    "created:day",
    "target:day",
    "measure",
    "meta:value",
    "body",
    "body_line",
    "items:items",
    "progress:progress",
    "meta_lines:dict",
]
_AGREEMENT = [
    "path",
    "id",
    "mentee",
    "mentor",
    "start:day",
    "end:day",
    "cadence",
    "time",
    "duration",
    "timezone",
    "location",
    "initiator",
    "contact",
    "supervisor",
    "confidentiality",
    "no_fault_termination",
    "cadence_changes:changes",
    "meta:value",
]


def _packed_by_encode(items: Any) -> Any:
    raise TypeError("a meeting's items are packed by encode (item_rows.exact_rows)")


_KEEP: dict[str, Callable[[Any], Any]] = {
    "day": _ordinal,
    "list": list,
    "dict": dict,
    "value": _value,
    "items": lambda items: [item_rows.row(i) for i in items],
    "later": _packed_by_encode,
    "progress": lambda progress: [(_ordinal(x.date), x.text, x.line) for x in progress],
    "changes": lambda changes: [(day.toordinal(), cadence) for day, cadence in changes],
}
_BACK: dict[str, Callable[[Any, str, Mapping[str, str]], Any]] = {
    "day": lambda raw, path, owners: _day(raw),
    "list": lambda raw, path, owners: list(raw),
    "dict": lambda raw, path, owners: dict(raw),
    "value": lambda raw, path, owners: _unvalue(raw),
    "items": item_rows.items_back,
    "later": lambda raw, path, owners: [],  # filled in by decode: see _meeting_back
    "progress": lambda raw, path, owners: [Progress(_day(d), t, n) for d, t, n in raw],
    "changes": lambda raw, path, owners: [(dt.date.fromordinal(d), c) for d, c in raw],
}


def _pack(kind: str, document: Any, spec: list[str], items: bytes | None = None) -> tuple[Any, ...]:
    """``document``'s fields in ``spec``'s order, each kept as the spec says (a
    meeting's items: ``items``, already packed, when given)."""
    keeps = _KEEPS[id(spec)]
    names = _NAMES[id(spec)]
    if items is not None:  # (its items are not looked at: they may not be made yet)
        keeps = keeps.copy()
        keeps[_MEETING_ITEMS] = lambda _: items
        names = names.copy()
        names[_MEETING_ITEMS] = "path"
    values = [getattr(document, name) for name in names]
    return (kind, *[v if keep is None else keep(v) for keep, v in zip(keeps, values, strict=True)])


def _unpack(cls: type[T], spec: list[str], raw: Sequence[Any], owners: Mapping[str, str]) -> T:
    """The ``cls`` a :func:`_pack` payload (without its kind) was made from."""
    backs = _BACKS[id(spec)]
    if len(raw) != len(backs):
        raise ValueError("a payload of another shape")
    path = raw[0]
    # positional: each spec lists its class's fields in order (a test holds them so)
    return cls(
        *[
            value if back is None else back(value, path, owners)
            for back, value in zip(backs, raw, strict=True)
        ]
    )


#: Each spec's field names and keepers on the way in (None: the value as it is).
_NAMES: dict[int, list[str]] = {
    id(spec): [field.partition(":")[0] for field in spec] for spec in (_MEETING, _GOAL, _AGREEMENT)
}
_KEEPS: dict[int, list[Callable[[Any], Any] | None]] = {
    id(spec): [_KEEP[field.partition(":")[2]] if ":" in field else None for field in spec]
    for spec in (_MEETING, _GOAL, _AGREEMENT)
}

#: Each spec's keepers on the way back (None: the value as it is), worked out once.
_BACKS: dict[int, list[Callable[[Any, str, Mapping[str, str]], Any] | None]] = {
    id(spec): [_BACK[field.partition(":")[2]] if ":" in field else None for field in spec]
    for spec in (_MEETING, _GOAL, _AGREEMENT)
}


#: Where a meeting payload keeps its packed items.
_MEETING_ITEMS = _MEETING.index("items:later")

#: A meeting's fields but its items (and its class), to compare.
_but_items = attrgetter(*(n for n in _NAMES[id(_MEETING)] if n != "items"), "__class__")


def _meeting_back(raw: Sequence[Any], owners: Mapping[str, str]) -> Meeting:
    """The meeting, its items left packed until first used (marshal bytes inside the
    index, read with it and covered by its checksum).

    Built as :func:`_unpack` would build it, without calling each field's keeper:
    a warm read makes hundreds of these (a test compares the two ways)."""
    if len(raw) != len(_MEETING):
        raise ValueError("a payload of another shape")
    path, date, suffix, time, number, kind, status, topic, goals, moved, meta = raw[:11]
    body, line, packed = raw[11:]
    if type(packed) is not bytes or type(date) is not int or type(meta) is not dict:
        raise TypeError("a payload of another shape")
    meeting = _new(Meeting)
    meeting.__dict__ = {
        "path": path,
        "date": DAYS.get(date) or day_of(date),
        "suffix": suffix,
        "time": time,
        "number": number,
        "kind": kind,
        "status": status,
        "topic": topic,
        "goals": list(goals),
        "moved_from": None if moved is None else day_of(moved),
        "_meta_later": functools.partial(_unvalue, meta),  # (few commands read it)
        "body": body,
        "body_line": line,
        "_items_later": functools.partial(unpack_items, packed, path, owners),
    }
    return meeting


_new = object.__new__


def encode(parsed: Any, found: list[Problem], owners: Mapping[str, str]) -> Any:
    """The payload for a parse result (an Agreement, a Meeting, a Goal, a roadmap's
    topics or a BadFile), or None when it cannot be kept exactly."""
    if isinstance(parsed, BadFile):
        payload: Any = ("x", parsed.path, parsed.line, parsed.message)
    elif type(parsed) is Meeting:
        rows = item_rows.rows_later(parsed)  # its items are to be made from these rows
        if rows is None:
            rows = item_rows.exact_rows(parsed.items, parsed.path, owners)
            if rows is None:
                return None
        packed = marshal.dumps(rows, 2)  # 2: no table of shared objects
        payload = (*_pack("m", parsed, _MEETING, packed), _problems(found))
    elif type(parsed) is Goal:
        payload = (*_pack("g", parsed, _GOAL), _problems(found))
    elif type(parsed) is Agreement:
        payload = _pack("a", parsed, _AGREEMENT)
    elif type(parsed) is list and all(type(t) is Topic for t in parsed):
        payload = ("r", [(t.position, t.title, list(t.notes), t.line) for t in parsed])
    else:
        return None
    try:
        back, back_found = decode(payload, owners)
    except (TypeError, ValueError, AttributeError):  # a value that was not kept
        return None
    if isinstance(parsed, BadFile):
        same = (back.path, back.line, back.message) == (parsed.path, parsed.line, parsed.message)
    else:
        # Equal is the same here: every value is kept as its exact type (True stays
        # True, not 1; a date is no datetime) and anything else is refused (_value).
        # (a meeting's items: made from the rows kept, or checked one by one by exact_rows)
        meeting = type(parsed) is Meeting
        same = _but_items(back) == _but_items(parsed) if meeting else back == parsed
    return payload if same and back_found == found else None


def decode(payload: Any, owners: Mapping[str, str]) -> Parsed:
    """The parse result a payload was made from, and its problems; a BadFile is
    given back (not raised). TypeError, ValueError and the like for a payload that
    this code did not write."""
    kind = payload[0]
    if kind == "m":
        return _meeting_back(payload[1:-1], owners), _unproblems(payload[-1])
    if kind == "g":
        return _unpack(Goal, _GOAL, payload[1:-1], owners), _unproblems(payload[-1])
    if kind == "a":
        return _unpack(Agreement, _AGREEMENT, payload[1:], owners), []
    if kind == "r":
        topics = [Topic(pos, title, list(notes), line) for pos, title, notes, line in payload[1]]
        return topics, []
    if kind == "x":
        _, path, line, message = payload
        return BadFile(message, path=path, line=line), []
    raise ValueError(f"unknown payload {kind!r}")
