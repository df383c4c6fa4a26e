"""sync as a use case: share the partnership with the other partner through git."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mentorlog.api.base import note
from mentorlog.api.schedule import refreshed_schedule
from mentorlog.errors import GitError, MentorlogError
from mentorlog.model import Partnership
from mentorlog.model.names import SCHEDULE_FILE
from mentorlog.rules.roles import partners
from mentorlog.store import gitstate, reading, recovery
from mentorlog.store.git import repository
from mentorlog.store.git import sync as syncing
from mentorlog.store.git.outcome import Conflict, SyncResult


@dataclass
class Synced:
    """What a sync did (``result``), and who the partners are by this clone's settings."""

    result: SyncResult | Conflict
    me: str | None
    partner: str | None


def sync(p: Partnership, keep_both: bool = False, fallback_name: str = "") -> Synced:
    """Commit pending changes (never private/), merge the partner's, push.

    A writing command killed here is finished first; schedule.ics is rebuilt from
    the files before the commit and again from the merged files. On a real conflict
    nothing changes and ``result`` is a Conflict naming the files; ``keep_both``
    then keeps both versions of each conflicting line, under its author's name.
    Raises GitError when the repository is in a state sync must not touch."""
    root = p.root

    def rebuild_schedule() -> list[Path]:
        """schedule.ics from the files as they are (after a pull: the merged files)."""
        if not (root / SCHEDULE_FILE).exists():
            return []
        try:
            return refreshed_schedule(root, reading.load(root))
        except MentorlogError as exc:  # a broken agreement.md must not stop sharing
            note(f"{SCHEDULE_FILE} was not rebuilt: {exc}")
            return []

    repo = syncing.ready_to_sync(root)  # refuses before rebuild_schedule writes anything
    refusal = gitstate.state_refusal(root)  # a revert in progress, say
    if refusal is not None:
        raise GitError(refusal)
    for message in recovery.recover(root):  # a writing command killed here: finish it first
        note(message)
    me, partner = partners(
        p.agreement,
        repository.setting(repo, "mentorlog.me"),
        repository.setting(repo, "user.name"),
    )
    rebuild_schedule()  # hand edits to meetings reach the calendar in the sync commit
    result = syncing.sync(
        root,
        note,
        fallback_name,
        after_pull=rebuild_schedule,
        generated=[SCHEDULE_FILE],
        keep_both=(me, partner) if keep_both else None,
    )
    return Synced(result, me, partner)
