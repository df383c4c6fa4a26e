"""An item as a row: one tuple per item, what the reading index keeps, and back.

A row holds each field of an :class:`~mentorlog.model.Item` but its file, dates
as day ordinals and the owner as written (``@ana``), resolved on the way back
(:func:`items_back`). Plain Markdown's items are read as rows and made from
them (:func:`mentorlog.text.items.parse_item_rows`); a meeting read so keeps
its rows and makes its items when first used (:func:`items_later`), so the
index keeps those very rows and gives back the very items parsing gives. Items
made another way are kept only when :func:`exact_rows` shows each comes back
exactly.
"""

from __future__ import annotations

import datetime as dt
import functools
import marshal
from collections.abc import Mapping
from typing import Any

from mentorlog.model import Item, Meeting

#: An item as kept (see :func:`row`).
Row = tuple[Any, ...]


def row(i: Item) -> Row:
    """An item as kept, its fields in order (dates as day ordinals, no file)."""
    due, done, frm, gone = i.due, i.done, i.from_, i.dropped_on  # most are None
    return (
        i.line,
        i.index,
        i.checked,
        i.text,
        i.description,
        i.owner_token,
        None if due is None else due.toordinal(),
        None if done is None else done.toordinal(),
        i.id,
        None if frm is None else frm.toordinal(),
        list(i.tags),
        i.dropped,
        None if gone is None else gone.toordinal(),
    )


#: Day ordinal -> date, for the dates items share (a meeting's date, a due date):
#: one date object each, a dict lookup instead of a conversion per item.
DAYS: dict[int, dt.date] = {}


def day_of(ordinal: int) -> dt.date:
    """The date of a day ordinal, one object per day."""
    found = DAYS.get(ordinal)
    if found is None:
        found = DAYS[ordinal] = dt.date.fromordinal(ordinal)
    return found


def items_back(raw: list[Any], file: str, owners: Mapping[str, str]) -> list[Item]:
    """The items of ``file`` that these rows were made from, owners resolved."""
    days = DAYS
    day = day_of
    owner_of: dict[str, str | None] = {}  # each @name resolved once per file
    out = []
    for line, index, checked, text, desc, token, due, done, ident, frm, tags, dropped, gone in raw:
        owner = None
        if token:
            owner = owner_of.get(token, "")
            if owner == "":
                owner = owner_of[token] = owners.get(token[1:].lower())
        # positional, in Item's field order (the fastest way to build thousands of
        # them; encode's round trip refuses to keep anything this builds differently)
        out.append(
            Item(
                file,
                line,
                index,
                checked,
                text,
                desc,
                owner,
                token,
                None if due is None else days.get(due) or day(due),
                None if done is None else days.get(done) or day(done),
                ident,
                None if frm is None else days.get(frm) or day(frm),
                list(tags),
                dropped,
                None if gone is None else day(gone),
            )
        )
    return out


def items_later(meeting: Meeting, rows: list[Row], owners: Mapping[str, str]) -> None:
    """Leave ``meeting``'s items to be made from ``rows`` when first used."""
    meeting.__dict__.pop("items", None)
    meeting.__dict__["_items_later"] = functools.partial(items_back, rows, meeting.path, owners)


def rows_later(meeting: Meeting) -> list[Row] | None:
    """The rows ``meeting``'s items will be made from (:func:`items_later`), while they
    have not been made; None once they have (or when they come from elsewhere)."""
    later = meeting.__dict__.get("_items_later")
    if type(later) is functools.partial and later.func is items_back:
        rows: list[Row] = later.args[0]
        return rows
    return None


def rows_of(doc: Any, owners: Mapping[str, str]) -> list[Row] | None:
    """The rows of a meeting's or goal's items, without making items not made yet;
    None when its items are not what their rows give back (:func:`exact_rows`)."""
    rows = rows_later(doc)
    if rows is not None:
        return rows
    later = doc.__dict__.get("_items_later")
    if type(later) is functools.partial and later.func is unpack_items:
        packed, _, owners_then = later.args
        unpacked: list[Row] = marshal.loads(packed)
        items_later(doc, unpacked, owners_then)  # unpacked once: its items made from them
        return unpacked
    return exact_rows(doc.items, doc.path, owners)


def unpack_items(packed: bytes, file: str, owners: Mapping[str, str]) -> list[Item]:
    return items_back(marshal.loads(packed), file, owners)


def items_exact(items: list[Item], file: str, owners: Mapping[str, str]) -> bool:
    """Whether unpacking (:func:`items_back`) gives ``items`` back field for field."""
    return exact_rows(items, file, owners) is not None


def exact_rows(items: list[Item], file: str, owners: Mapping[str, str]) -> list[Any] | None:
    """Each item as kept (what :func:`row` gives), or None when unpacking
    (:func:`items_back`) would not give one back field for field: each value of
    the exact type it is rebuilt as, the file and the owner as rebuilt. The cheap
    proof for a meeting's many items (the rest of a document is rebuilt and
    compared); a property test holds it to rebuilding and comparing."""
    day = dt.date
    rows = []
    for i in items:
        if type(i) is not Item:
            return None
        token, ident, tags = i.owner_token, i.id, i.tags
        due, done, frm, gone = i.due, i.done, i.from_, i.dropped_on
        if (
            i.file != file
            or type(i.line) is not int
            or type(i.index) is not int
            or type(i.checked) is not bool
            or type(i.text) is not str
            or type(i.description) is not str
            or (token is not None and type(token) is not str)
            or i.owner != (owners.get(token[1:].lower()) if token else None)
            or (ident is not None and type(ident) is not str)
            or type(tags) is not list
            or (tags and not all(type(t) is str for t in tags))
            or type(i.dropped) is not bool
            or (due is not None and type(due) is not day)
            or (done is not None and type(done) is not day)
            or (frm is not None and type(frm) is not day)
            or (gone is not None and type(gone) is not day)
        ):
            return None
        rows.append(row(i))
    return rows
