"""What the index keeps of a parsed file: the model objects as plain tuples and back.

A payload holds only what ``marshal`` writes (numbers, text, tuples, lists,
dicts); dates are day ordinals. Owners are kept as written (``@ana``) and
resolved on the way back, so renaming a partner in agreement.md needs no
re-parse. :func:`encode` refuses (None) anything that does not come back exactly
as it went in, so an entry can only ever give what parsing gave.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from mentorlog.errors import BadFile
from mentorlog.model import Agreement, Goal, Item, Meeting, Problem, Progress, Topic

Parsed = tuple[Any, list[Problem]]

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
    if type(value) is dt.datetime:
        return ("t", value.isoformat())
    if type(value) is list:
        return [_value(v) for v in value]
    if type(value) is dict and all(k is None or type(k) in (bool, int, float, str) for k in value):
        return {k: _value(v) for k, v in value.items()}
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
    if kind is dict:
        return {k: _unvalue(v) for k, v in value.items()}
    return value


def _item(i: Item) -> tuple[Any, ...]:
    return (
        i.line,
        i.index,
        i.checked,
        i.text,
        i.description,
        i.owner_token,
        _ordinal(i.due),
        _ordinal(i.done),
        i.id,
        _ordinal(i.from_),
        list(i.tags),
        i.dropped,
        _ordinal(i.dropped_on),
    )


def _items(file: str, raw: list[Any], owners: Mapping[str, str]) -> list[Item]:
    day = dt.date.fromordinal
    # positional, in Item's field order (the fastest way to build thousands of them;
    # encode's round trip refuses to keep anything this would build differently)
    return [
        Item(
            file,
            line,
            index,
            checked,
            text,
            desc,
            owners.get(token[1:].lower()) if token else None,
            token,
            None if due is None else day(due),
            None if done is None else day(done),
            ident,
            None if frm is None else day(frm),
            list(tags),
            dropped,
            None if gone is None else day(gone),
        )
        for (
            line,
            index,
            checked,
            text,
            desc,
            token,
            due,
            done,
            ident,
            frm,
            tags,
            dropped,
            gone,
        ) in raw
    ]


def _problems(found: list[Problem]) -> list[tuple[str, int, str, str]]:
    return [(p.path, p.line, p.message, p.severity) for p in found]


def _unproblems(raw: list[Any]) -> list[Problem]:
    return [Problem(path, line, message, severity) for path, line, message, severity in raw]


def _meeting(m: Meeting, found: list[Problem]) -> tuple[Any, ...]:
    return (
        "m",
        m.path,
        m.date.toordinal(),
        m.suffix,
        m.time,
        m.number,
        m.kind,
        m.status,
        m.topic,
        list(m.goals),
        _ordinal(m.moved_from),
        _value(m.meta),
        m.body,
        m.body_line,
        [_item(i) for i in m.items],
        _problems(found),
    )


def _goal(g: Goal, found: list[Problem]) -> tuple[Any, ...]:
    return (
        "g",
        g.path,
        g.order,
        g.slug,
        g.title,
        g.category,
        g.priority,
        g.status,
        _ordinal(g.created),
        _ordinal(g.target),
        g.measure,
        _value(g.meta),
        g.body,
        g.body_line,
        [_item(i) for i in g.items],
        [(_ordinal(p.date), p.text, p.line) for p in g.progress],
        dict(g.meta_lines),
        _problems(found),
    )


def _agreement(a: Agreement) -> tuple[Any, ...]:
    return (
        "a",
        a.path,
        a.id,
        a.mentee,
        a.mentor,
        a.start.toordinal(),
        a.end.toordinal(),
        a.cadence,
        a.time,
        a.duration,
        a.timezone,
        a.location,
        a.initiator,
        a.contact,
        a.supervisor,
        a.confidentiality,
        a.no_fault_termination,
        [(day.toordinal(), cadence) for day, cadence in a.cadence_changes],
        _value(a.meta),
    )


def encode(parsed: Any, found: list[Problem], owners: Mapping[str, str]) -> Any:
    """The payload for a parse result (an Agreement, a Meeting, a Goal, a roadmap's
    topics or a BadFile), or None when it cannot be kept exactly."""
    if isinstance(parsed, BadFile):
        payload: Any = ("x", parsed.path, parsed.line, parsed.message)
    elif type(parsed) is Meeting:
        payload = _meeting(parsed, found)
    elif type(parsed) is Goal:
        payload = _goal(parsed, found)
    elif type(parsed) is Agreement:
        payload = _agreement(parsed)
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
    else:  # the front-matter's repr too: True == 1, but it is not the same value
        same = back == parsed and repr(getattr(back, "meta", None)) == repr(
            getattr(parsed, "meta", None)
        )
    return payload if same and back_found == found else None


def decode(payload: Any, owners: Mapping[str, str]) -> Parsed:
    """The parse result a payload was made from, and its problems; a BadFile is
    given back (not raised). TypeError, ValueError and the like for a payload that
    this code did not write."""
    kind = payload[0]
    if kind == "m":
        (_, path, date, suffix, time, number, mkind, status, topic, goals, moved, meta,
         body, body_line, items, found) = payload  # fmt: skip
        meeting = Meeting(
            path=path,
            date=dt.date.fromordinal(date),
            suffix=suffix,
            time=time,
            number=number,
            kind=mkind,
            status=status,
            topic=topic,
            goals=list(goals),
            moved_from=_day(moved),
            meta=_unvalue(meta),
            body=body,
            body_line=body_line,
            items=_items(path, items, owners),
        )
        return meeting, _unproblems(found)
    if kind == "g":
        (_, path, order, slug, title, category, priority, status, created, target, measure,
         meta, body, body_line, items, progress, meta_lines, found) = payload  # fmt: skip
        goal = Goal(
            path=path,
            order=order,
            slug=slug,
            title=title,
            category=category,
            priority=priority,
            status=status,
            created=_day(created),
            target=_day(target),
            measure=measure,
            meta=_unvalue(meta),
            body=body,
            body_line=body_line,
            items=_items(path, items, owners),
            progress=[Progress(_day(d), text, line) for d, text, line in progress],
            meta_lines=dict(meta_lines),
        )
        return goal, _unproblems(found)
    if kind == "a":
        (_, path, ident, mentee, mentor, start, end, cadence, time, duration, zone, location,
         initiator, contact, supervisor, confidentiality, nft, changes, meta) = payload  # fmt: skip
        agreement = Agreement(
            path=path,
            id=ident,
            mentee=mentee,
            mentor=mentor,
            start=dt.date.fromordinal(start),
            end=dt.date.fromordinal(end),
            cadence=cadence,
            time=time,
            duration=duration,
            timezone=zone,
            location=location,
            initiator=initiator,
            contact=contact,
            supervisor=supervisor,
            confidentiality=confidentiality,
            no_fault_termination=nft,
            cadence_changes=[(dt.date.fromordinal(d), c) for d, c in changes],
            meta=_unvalue(meta),
        )
        return agreement, []
    if kind == "r":
        topics = [Topic(pos, title, list(notes), line) for pos, title, notes, line in payload[1]]
        return topics, []
    if kind == "x":
        _, path, line, message = payload
        return BadFile(message, path=path, line=line), []
    raise ValueError(f"unknown payload {kind!r}")
