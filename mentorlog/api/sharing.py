"""sync as a use case: a thin typed call over git."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from mentorlog.api.base import note
from mentorlog.model.names import SCHEDULE_FILE
from mentorlog.store.git import sync as syncing
from mentorlog.store.git.outcome import Conflict, SyncResult


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
