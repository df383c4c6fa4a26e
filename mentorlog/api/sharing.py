"""schedule and sync as use cases: thin typed calls over the calendar and git."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from mentorlog.api.base import note
from mentorlog.model import Partnership
from mentorlog.model.names import SCHEDULE_FILE
from mentorlog.store.git import sync as syncing
from mentorlog.store.git.outcome import Conflict, SyncResult
from mentorlog.store.schedule_file import refresh, refresh_after


def write_schedule(
    p: Partnership, alarm: int | None = None, keep_alarm: bool = True
) -> Path | None:
    """Regenerate schedule.ics from ``p`` (the alarm of the existing file is kept unless
    ``alarm`` is given or ``keep_alarm`` is False); its relative path when it changed
    (None also when it cannot be: ``store.schedule_file.blocker`` says why)."""
    return refresh(p.root, p, alarm, keep_alarm)


def refreshed_schedule(root: Path, p: Partnership) -> list[Path]:
    """schedule.ics regenerated after a use case changed the files (its alarm kept):
    ``[schedule.ics]`` when it changed; why it could not be, as a note."""
    done = refresh_after(root, p)
    if done.note is not None:
        note(done.note)
    return done.written


def sync(
    root: Path,
    keep_both: tuple[str, str | None] | None = None,
    after_pull: Callable[[], Sequence[Path]] | None = None,
    fallback_name: str = "",
) -> SyncResult | Conflict:
    """Commit pending changes (never private/), merge the partner's, push; on a real
    conflict nothing changes and a Conflict names the files. ``after_pull`` rebuilds
    files made from the others (schedule.ics) once the merged files are in place;
    ``keep_both=(our name, their name)`` keeps both versions of a conflicting line."""
    return syncing.sync(
        root,
        note,
        fallback_name,
        after_pull=after_pull,
        generated=[SCHEDULE_FILE],
        keep_both=keep_both,
    )
