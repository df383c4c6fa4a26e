"""What one sync run works with (:class:`Run`), what it did (:class:`SyncResult`), and
why it stopped (:class:`Conflict`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mentorlog.store.git import record
from mentorlog.store.git.mergetree import Merged
from mentorlog.store.git.plumbing import out
from mentorlog.store.git.repository import root_rel

if TYPE_CHECKING:
    import git


@dataclass
class SyncResult:
    """What ``sync`` did, for the CLI to print (and ``--json``)."""

    remote: str
    branch: str
    committed: str | None = None  # the commit of pending changes, if any
    committed_files: list[str] = field(default_factory=list)
    pulled: list[str] = field(default_factory=list)  # commit ids brought in
    pulled_files: list[str] = field(default_factory=list)
    pushed: int = 0  # commits the remote did not have before
    # files changed while sync ran: they keep the user's bytes and go out with the next sync
    kept: list[str] = field(default_factory=list)
    kept_merged: list[str] = field(default_factory=list)  # such files merged by this sync
    resumed: bool = False  # an earlier sync was killed; this one finished its work
    locks_removed: list[str] = field(default_factory=list)  # stale git locks it left


@dataclass
class Conflict:
    """A sync stopped by a conflict; nothing changed since its commit of pending changes."""

    remote: str
    branch: str
    files: list[str]  # relative to the mentoring root
    local: str  # our commit (still on the branch)
    committed: str | None  # the commit sync made of pending changes, if any
    deleted: list[str] = field(default_factory=list)  # of files: deleted on one side
    theirs: str = ""  # the partner's commit
    look: str = ""  # a git command that shows both versions
    their_author: str = ""  # who wrote the partner's version (the newest commit's author)
    unsaved: bool = False  # ours: edits saved while the last sync ran, not yet committed

    @property
    def upstream(self) -> str:
        return f"{self.remote}/{self.branch}"


@dataclass
class Run:
    """One sync under way: the repository, its intent record, what it did so far."""

    repo: git.Repo
    root: Path  # the mentoring root
    top: Path  # the git work tree
    prefix: str  # the mentoring root inside it ('' when the same)
    result: SyncResult
    state: record.State
    env: dict[str, str]  # the commit identity
    generated: Sequence[str]  # files rebuilt from the others (never conflicts)
    keep_both: tuple[str, str | None] | None

    @property
    def gitdir(self) -> Path:
        return Path(self.repo.git_dir)

    @property
    def upstream(self) -> str:
        return f"{self.result.remote}/{self.result.branch}"

    def named(self, path: str) -> str:
        """A work-tree path as the user knows it (relative to the mentoring root)."""
        return root_rel(self.prefix, path) or path

    def both(self, their_commit: str) -> tuple[str, str] | None:
        """Whose versions keep-both names: ours, and theirs (else the commit's author)."""
        if self.keep_both is None:
            return None
        theirs = self.keep_both[1] or out(self.top, "log", "-1", "--format=%an", their_commit)
        return self.keep_both[0], theirs or "your partner"

    def stopped(
        self,
        merged: Merged,
        head: str,
        *,
        theirs: str,
        look: str,
        their_commits: str,
        their_paths: Sequence[str],
        unsaved: bool = False,
    ) -> Conflict:
        """The Conflict of a merge that left conflicts: ``look`` shows both versions of
        them, the author is the newest of ``their_commits`` touching ``their_paths``."""
        author = out(self.top, "log", "-1", "--format=%an", their_commits, "--", *their_paths)
        return Conflict(
            self.result.remote,
            self.result.branch,
            merged.conflicts,
            head,
            self.result.committed,
            merged.deleted,
            theirs=theirs,
            look=f"{look} -- " + " ".join(merged.conflicts),
            their_author=author,
            unsaved=unsaved,
        )
