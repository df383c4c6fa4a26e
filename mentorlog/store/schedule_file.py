"""schedule.ics in the repository: regenerated from the files after a change
(init, demo, new-meeting, sync), the earlier file read and the new one written
through the store. Never prints: :func:`blocker` says what stops a refresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mentorlog.model import Partnership
from mentorlog.model.names import SCHEDULE_FILE
from mentorlog.render.ics import build_calendar
from mentorlog.rules.followthrough import unreadable_files
from mentorlog.store import files
from mentorlog.store.refusals import refuse_path


def blocker(root: Path, p: Partnership) -> str | None:
    """Why schedule.ics cannot be refreshed now (a meeting file that cannot be read,
    a schedule.ics the store refuses: a link, a folder), or None."""
    broken = [f for f in unreadable_files(p) if f.startswith("meetings/")]
    if broken:
        return (
            f"{SCHEDULE_FILE} was not refreshed: {broken[0]} cannot be read; "
            "fix it (see mentorlog check), then run mentorlog schedule"
        )
    refused = refuse_path(root, SCHEDULE_FILE)
    if refused is not None:
        return f"{SCHEDULE_FILE} was not refreshed: it {refused}"
    return None


def refresh(
    root: Path, p: Partnership, alarm: int | None = None, keep_alarm: bool = True
) -> Path | None:
    """Regenerate ROOT/schedule.ics; return its relative path when the file changed.

    The alarm of the existing file is kept unless ``alarm`` is given (or
    ``keep_alarm`` is False). Nothing is written while :func:`blocker` says why not.
    """
    if blocker(root, p) is not None:
        return None
    path = root / SCHEDULE_FILE
    previous = files.read_bytes(path, SCHEDULE_FILE) if path.is_file() else None
    data = build_calendar(p, previous, alarm, keep_alarm=keep_alarm)
    if data == previous:
        return None
    files.atomic_write(path, data)
    return Path(SCHEDULE_FILE)


@dataclass(frozen=True)
class Refreshed:
    """What :func:`refresh_after` did."""

    written: list[Path]  # [schedule.ics] when it changed, else []
    note: str | None = None  # why it was not refreshed (:func:`blocker`)


def refresh_after(root: Path, p: Partnership) -> Refreshed:
    """:func:`refresh` after a command changed the files, keeping the file's alarm:
    the file when it changed, or the note why it could not be refreshed."""
    note = blocker(root, p)
    if note is not None:
        return Refreshed([], note)
    written = refresh(root, p)
    return Refreshed([written] if written is not None else [])
