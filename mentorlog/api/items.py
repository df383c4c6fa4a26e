"""done, reopen, drop and assign as use cases: find the items, edit every copy, commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from mentorlog.api.base import commit
from mentorlog.errors import BadFile
from mentorlog.model import Partnership
from mentorlog.rules import followthrough
from mentorlog.rules.followthrough import Task
from mentorlog.store import repo
from mentorlog.text.items import LineEdit, owner_map


@dataclass
class Changed:
    """The items a use case changed: each once, the files it wrote, its commit."""

    tasks: list[Task]
    files: set[str]  # the files whose bytes changed, as shown ("meetings/DATE.md")
    commit: str | None = None


def mark_done(
    p: Partnership,
    refs: Sequence[str],
    today: dt.date,
    on: dt.date | None = None,
    *,
    commit_files: bool = True,
) -> Changed:
    """Tick every copy of each item and add ``done:`` (``on``, else the date it was
    marked done already, else ``today``)."""
    tasks = resolve(p, refs)
    parts = [followthrough.done_edits(t, on or t.done or today) for t in tasks]
    return write_edits(p, tasks, parts, f"done {refs_of(tasks)}", commit_files)


def reopen(p: Partnership, refs: Sequence[str], *, commit_files: bool = True) -> Changed:
    """Untick every copy of each item and remove its done or dropped date."""
    tasks = resolve(p, refs)
    parts = [followthrough.reopen_edits(t) for t in tasks]
    return write_edits(p, tasks, parts, f"reopen {refs_of(tasks)}", commit_files)


def drop(
    p: Partnership,
    refs: Sequence[str],
    today: dt.date,
    on: dt.date | None = None,
    *,
    commit_files: bool = True,
) -> Changed:
    """Mark every copy of each item ``[-]`` and add ``dropped:`` (``on``, else the date
    it was dropped already, else ``today``)."""
    tasks = resolve(p, refs)
    parts = [followthrough.drop_edits(t, on or t.dropped or today) for t in tasks]
    return write_edits(p, tasks, parts, f"drop {refs_of(tasks)}", commit_files)


def assign(p: Partnership, ref: str, handle: str, *, commit_files: bool = True) -> Changed:
    """Make ``@handle`` (a role or a partner's first name, lower case) the owner of every
    copy of the item ``ref`` (no file changes when every copy is ``@handle``'s already)."""
    (task,) = resolve(p, (ref,))
    if all((c.owner_token or "").lower() == f"@{handle}" for c in task.copies):
        return Changed([task], set())
    parts = [followthrough.assign_edits(task, handle)]
    return write_edits(p, [task], parts, f"assign {task.ref} to @{handle}", commit_files)


def refs_of(tasks: list[Task]) -> str:
    return ", ".join(t.ref for t in tasks)


def resolve(p: Partnership, refs: Sequence[str]) -> list[Task]:
    """The tasks the refs name, each once; refuses refs into files that cannot be parsed."""
    unreadable = followthrough.unreadable_files(p)
    tasks = followthrough.collect(p)
    found: list[Task] = []
    for ref in refs:
        m = followthrough.POSITIONAL_REF_RE.match(ref.strip())
        if m:
            source = m.group("source").rsplit("/", 1)[-1].removesuffix(".md")
            for shown in unreadable:
                if shown.rsplit("/", 1)[-1] == f"{source}.md":
                    raise BadFile(
                        f"cannot be parsed, so {ref} cannot be found there; fix the file first "
                        "('mentorlog check' names the problem)",
                        path=shown,
                    )
        task = followthrough.find(tasks, ref)
        if task.id:
            for shown in unreadable:
                if repo.mentions(p.root / shown, f"id:{task.id}"):
                    raise BadFile(
                        f"holds a copy of {task.id} but cannot be parsed; fix the file "
                        "first ('mentorlog check' names the problem), nothing was written",
                        path=shown,
                    )
        if all(task is not t for t in found):
            found.append(task)
    return found


def write_edits(
    p: Partnership,
    tasks: list[Task],
    parts: list[dict[str, list[LineEdit]]],
    what: str,
    commit_files: bool,
) -> Changed:
    """Apply the line edits all or nothing and commit them as ``mentorlog: WHAT``."""
    owners = owner_map(p.agreement.mentee, p.agreement.mentor)
    changes = repo.plan_line_edits(p.root, followthrough.merge_edits(*parts), owners)
    written = repo.replace_many(changes)
    changed = Changed(tasks, {shown for _path, _old, _new, shown in changes})
    if commit_files:
        paths = [w.relative_to(p.root) for w in written]
        changed.commit = commit(p.root, paths, f"mentorlog: {what}", p.agreement.mentee)
    return changed
