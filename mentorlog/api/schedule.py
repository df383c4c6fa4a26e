"""schedule.ics in the repository as a use case: regenerated from the files (by
``schedule`` and after init, demo, new-meeting and sync), the earlier file read
and the new one written through the store. Never prints: why a refresh could
not be done is :func:`blocker`'s answer, or one of the api's notes.
"""

from __future__ import annotations

from pathlib import Path

from mentorlog.api.base import note
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


def write_schedule(
    p: Partnership, alarm: int | None = None, keep_alarm: bool = True
) -> Path | None:
    """Regenerate schedule.ics from ``p`` (the alarm of the existing file is kept unless
    ``alarm`` is given or ``keep_alarm`` is False); its relative path when it changed
    (None also when it cannot be: :func:`blocker` says why)."""
    return refresh(p.root, p, alarm, keep_alarm)


def refreshed_schedule(root: Path, p: Partnership) -> list[Path]:
    """schedule.ics regenerated after a use case changed the files (its alarm kept):
    ``[schedule.ics]`` when it changed; why it could not be, as a note."""
    why = blocker(root, p)
    if why is not None:
        note(why)
        return []
    written = refresh(root, p)
    return [written] if written is not None else []
