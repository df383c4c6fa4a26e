"""init and demo as use cases: write a new partnership, set up git, commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from mentorlog import demo as example
from mentorlog.api.committing import commit
from mentorlog.api.schedule import refreshed_schedule
from mentorlog.errors import BadFile, GitError, RefuseOverwrite, UsageError
from mentorlog.model import Partnership, names
from mentorlog.render import drafts
from mentorlog.rules import init_files
from mentorlog.store import newfiles, reading
from mentorlog.store.git import commits, driver, identity, remote, repository

DEMO_MENTEE = "Ana Ruiz"  # the demo's commits carry her name when git has none


@dataclass
class Started:
    """A partnership :func:`init` or :func:`demo` wrote."""

    partnership: Partnership  # as loaded right after writing
    written: list[Path]  # relative to its folder, in the order written
    commit: str | None = None


def refuse_nested(target: Path, what: str) -> None:
    """Refuse to put a partnership inside another one (its sync would share this one);
    ``what`` says what to do instead ('start the new one ... in a folder outside it')."""
    for folder in target.resolve().parents:
        if (folder / names.AGREEMENT).is_file():
            raise RefuseOverwrite(
                f"{target} is inside the partnership in {folder}; {what} in a folder outside it"
            )


def init(
    target: Path,
    values: init_files.InitValues,
    prep: SimpleNamespace | None = None,
    *,
    git: bool = True,
    commit_files: bool = True,
) -> Started:
    """Start a partnership in ``target``: agreement.md (with prep.md's ``goals`` and
    ``feedback`` when ``prep`` gives them), roadmap.md, the folders, schedule.ics; with
    ``git``, a repository of its own that merges the partners' versions, and a commit."""
    refuse_nested(target, "start the new one (mentorlog init DIR)")
    try:
        written = newfiles.write_init(target, drafts.plan_init(target, values, prep))
    except BadFile as exc:  # a value the agreement cannot hold, e.g. an unknown time zone
        raise UsageError(exc.message) from None
    loaded = reading.load(target)
    written += refreshed_schedule(target, loaded)
    started = Started(loaded, written)
    if git:
        written += start_git(target)
        record_me(target, values.mentee, values.mentor)
        if commit_files:
            message = f"mentorlog: start the partnership {values.mentee} / {values.mentor}"
            started.commit = commit(target, written, message, values.mentee)
    return started


def demo(target: Path, today: dt.date, *, git: bool = True, commit_files: bool = True) -> Started:
    """Write the example partnership (mentorlog.demo), dated from ``today``, in ``target``."""
    refuse_nested(target, "create the demo (mentorlog demo DIR)")
    target.mkdir(parents=True, exist_ok=True)
    written = example.build(target, today)
    newfiles.make_folders(target)
    if newfiles.ensure_gitignore(target):
        written.append(Path(".gitignore"))
    loaded = reading.load(target)
    written += refreshed_schedule(target, loaded)
    started = Started(loaded, written)
    if git:
        written += start_git(target)  # a clone of the demo merges as sync does, as init's
        if commit_files:
            started.commit = commit(target, written, "mentorlog: demo partnership", DEMO_MENTEE)
    return started


@dataclass
class Shared:
    """What :func:`share` did: origin added, the branch pushed, or the git error."""

    remote: bool = False
    branch: str | None = None
    error: str | None = None


def share(target: Path, url: str, push: bool = True) -> Shared:
    """Add ``url`` as origin and, with ``push``, push the first commit to it; a git
    step that fails stops there and is returned, not raised (the partnership is made)."""
    try:
        remote.add_remote(target, url)
    except GitError as exc:
        return Shared(error=exc.message)
    if not push:
        return Shared(remote=True)
    try:
        return Shared(remote=True, branch=remote.push_first(target))
    except GitError as exc:
        return Shared(remote=True, error=exc.message)


def unshared_prep_files(target: Path) -> list[str]:
    """prep.md, prospects.md, prospects/ where they are in ``target`` and not committed."""
    found = repository.open_repo(target)
    if found is None:
        return []
    pending = commits.pending_files(found, target)
    names = ("prep.md", "prospects.md", "prospects/")
    return [n for n in names if any(p == n or p.startswith(n) for p in pending)]


def start_git(target: Path) -> list[Path]:
    """Give ``target`` a git repository of its own, set up so that a plain git pull
    merges the partners' versions the way sync does; the files written for it."""
    repository.ensure_own_repo(target)
    written = [Path(driver.GITATTRIBUTES_FILE)] if driver.ensure_gitattributes(target) else []
    driver.ensure_merge_driver(target)
    return written


def record_me(root: Path, mentee: str, mentor: str) -> None:
    """Store who starts the partnership (git config mentorlog.me, as join does) when
    the repository's git user.name is one partner's full name; else leave it unset."""
    if identity.get_me(root) is not None:
        return
    found = repository.open_repo(root)
    name = repository.setting(found, "user.name").strip().casefold() if found is not None else ""
    roles = [r for r, n in (("mentee", mentee), ("mentor", mentor)) if n.casefold() == name]
    if name and len(roles) == 1:
        identity.set_me(root, roles[0])
