"""The line edits that mark a task done, open again, dropped or someone else's: one
edit for every copy of the item, in whichever file it is (pure: the write path
applies them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from mentorlog.rules.followthrough import Task
from mentorlog.text.item_edits import (
    LineEdit,
    line_mark_done,
    line_mark_dropped,
    line_mark_open,
    line_set_owner,
    line_set_token,
)


def done_edits(task: Task, day: dt.date) -> dict[str, list[LineEdit]]:
    """Tick every copy and give it ``done:DAY`` (copies already so are left alone)."""
    return _edits(task, lambda line: line_mark_done(line, day))


def reopen_edits(task: Task) -> dict[str, list[LineEdit]]:
    """Untick every copy and remove its done or dropped date (``done:``, ``✅``, ...)."""
    return _edits(task, line_mark_open)


def drop_edits(task: Task, day: dt.date) -> dict[str, list[LineEdit]]:
    """Mark every copy ``[-]`` with ``dropped:DAY`` (``❌ DAY`` in Obsidian style)."""
    return _edits(task, lambda line: line_mark_dropped(line, day))


def assign_edits(task: Task, owner: str) -> dict[str, list[LineEdit]]:
    """Every copy's owner token becomes ``@owner``.

    An item without an id gains its ref as ``id:``, so the ref it is known by
    (derived from owner and text) does not change with the owner.
    """

    def change(line: str) -> str:
        line = line_set_owner(line, owner)
        return line if task.id else line_set_token(line, "id", task.ref)

    return _edits(task, change)


def _edits(task: Task, change: Callable[[str], str]) -> dict[str, list[LineEdit]]:
    out: dict[str, list[LineEdit]] = {}
    for copy in task.copies:
        out.setdefault(copy.file, []).append(LineEdit(copy.line, copy.text, change))
    return out


def merge_edits(*parts: dict[str, list[LineEdit]]) -> dict[str, list[LineEdit]]:
    out: dict[str, list[LineEdit]] = {}
    for part in parts:
        for file, edits in part.items():
            out.setdefault(file, []).extend(edits)
    return out
