"""done, reopen, drop and assign as use cases: find the items, edit every copy, commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from mentorlog.api.committing import commit
from mentorlog.errors import BadFile
from mentorlog.model import Partnership
from mentorlog.rules import followthrough, task_edits
from mentorlog.rules.followthrough import Task
from mentorlog.store import files
from mentorlog.text.item_edits import LineEdit
from mentorlog.text.items import owner_map


@dataclass
class Changed:
    """The items a use case changed: each once, the files it wrote, its commit."""

    tasks: list[Task]
    files: set[str]  # the files whose bytes changed, as shown ("meetings/DATE.md")
    commit: str | None = None


def mark(
    p: Partnership,
    refs: Sequence[str],
    today: dt.date,
    on: dt.date | None = None,
    *,
    state: Literal["done", "dropped", "open"] = "done",
    commit_files: bool = True,
) -> Changed:
    """Mark every copy of each item ``state``: done (ticked, with ``done:``), dropped
    (``[-]``, with ``dropped:``) or open again (no date). The date is ``on``, else the
    one the item has already, else ``today``."""
    tasks = resolve(p, refs)
    if state == "open":
        parts = [task_edits.reopen_edits(t) for t in tasks]
    elif state == "dropped":
        parts = [task_edits.drop_edits(t, on or t.dropped or today) for t in tasks]
    else:
        parts = [task_edits.done_edits(t, on or t.done or today) for t in tasks]
    verb = {"open": "reopen", "dropped": "drop", "done": "done"}[state]
    refs_text = ", ".join(t.ref for t in tasks)
    return write_edits(p, tasks, parts, f"{verb} {refs_text}", commit_files)


def assign(p: Partnership, ref: str, handle: str, *, commit_files: bool = True) -> Changed:
    """Make ``@handle`` (a role or a partner's first name, lower case) the owner of every
    copy of the item ``ref`` (no file changes when every copy is ``@handle``'s already)."""
    (task,) = resolve(p, (ref,))
    if all((c.owner_token or "").lower() == f"@{handle}" for c in task.copies):
        return Changed([task], set())
    parts = [task_edits.assign_edits(task, handle)]
    return write_edits(p, [task], parts, f"assign {task.ref} to @{handle}", commit_files)


def resolve(p: Partnership, refs: Sequence[str]) -> list[Task]:
    """The tasks the refs name, each once; refuses refs into files that cannot be parsed."""
    if p.kept is not None:
        p.kept.hold()  # the files are about to change: nothing kept for them would be used
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
                if files.mentions(p.root / shown, f"id:{task.id}"):
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
    changes = files.plan_line_edits(p.root, task_edits.merge_edits(*parts), owners)
    written = files.replace_many(changes)
    changed = Changed(tasks, {shown for _path, _old, _new, shown in changes})
    if commit_files:
        paths = [w.relative_to(p.root) for w in written]
        changed.commit = commit(p.root, paths, f"mentorlog: {what}", p.agreement.mentee)
    return changed
