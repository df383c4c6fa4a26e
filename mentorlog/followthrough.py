"""Follow-through as people think of it: one task per item, however often it was carried.

Copies of an item share an ``id:``; an item is done when any copy is ticked,
and it is counted once. Pure functions over the loaded model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .model import Item, Partnership


@dataclass
class Task:
    ref: str  # the id, or DATE#n / NN-slug#n for an item that was never carried
    id: str | None
    text: str  # the latest copy's text as written
    description: str
    owner: str | None  # "mentee" | "mentor" | None
    due: dt.date | None
    done: dt.date | None
    status: str  # "open" | "done"
    origin: Item  # the copy where it was first written
    copies: list[Item] = field(default_factory=list)  # origin first, then by file order
    source: str = "meeting"  # "meeting" (follow-through) | "goal" (learning activity)
    from_: dt.date | None = None  # the meeting where it was first written

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due is not None and self.due < today

    def age(self, today: dt.date) -> int | None:
        """Days since it was first written (meeting items), or None."""
        return (today - self.from_).days if self.from_ else None


def _meeting_date(item: Item) -> dt.date | None:
    if not item.file.startswith("meetings/"):
        return None
    try:
        return dt.date.fromisoformat(item.source[:10])
    except ValueError:
        return None


def collect(p: Partnership) -> list[Task]:
    """Every task of the partnership, in file order of their first copy."""
    groups: dict[str, list[Item]] = {}
    order: list[str] = []
    for item in p.items():
        key = f"id:{item.id}" if item.id else f"ref:{item.ref}"
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(item)
    return [make_task(groups[k]) for k in order]


def make_task(copies: list[Item]) -> Task:
    def origin_rank(item: Item) -> tuple[int, dt.date, int, str, int]:
        written_here = item.from_ is None or item.from_ == _meeting_date(item)
        return (
            0 if written_here else 1,
            _meeting_date(item) or dt.date.max,
            0,
            item.file,
            item.line,
        )

    origin = min(copies, key=origin_rank)
    latest = max(copies, key=lambda i: (_meeting_date(i) or dt.date.min, i.file, i.line))
    ticked = [i for i in copies if i.checked]
    done_dates = [i.done for i in ticked if i.done is not None]
    ordered = [origin] + [i for i in copies if i is not origin]
    from_ = origin.from_ or _meeting_date(origin)
    return Task(
        ref=origin.id or origin.ref,
        id=origin.id,
        text=latest.text,
        description=latest.description,
        owner=latest.owner or origin.owner,
        due=latest.due or origin.due,
        done=min(done_dates) if done_dates else None,
        status="done" if ticked else "open",
        origin=origin,
        copies=ordered,
        source="meeting" if origin.file.startswith("meetings/") else "goal",
        from_=from_ if origin.file.startswith("meetings/") else None,
    )
