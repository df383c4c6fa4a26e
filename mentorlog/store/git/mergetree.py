"""Merging two commits outside the work tree: ``git merge-tree --write-tree`` with the
mentorlog merge driver, then the rules git cannot know.

Journal entries both partners wrote on the same day are both kept; generated
files never conflict (they are rebuilt); with keep-both a file deleted on one
side and changed on the other keeps the changed version.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mentorlog.errors import GitError
from mentorlog.model.names import journal_entry
from mentorlog.store.git.driver import driver_config
from mentorlog.store.git.plumbing import (
    Entry,
    GitFailed,
    entries,
    index_info,
    merge_base,
    out,
    run,
    write_tree,
)
from mentorlog.store.git.repository import root_rel, work_tree
from mentorlog.text import merge

if TYPE_CHECKING:
    import git

#: each unmerged path's stages: {stage (1 base, 2 ours, 3 theirs): (mode, blob)}
Stages = dict[str, dict[int, Entry]]


@dataclass
class Merged:
    tree: str | None  # None: conflicts remain
    conflicts: list[str] = field(default_factory=list)  # mentoring-root-relative
    deleted: list[str] = field(default_factory=list)  # of conflicts: deleted on one side


def merge_trees(
    repo: git.Repo,
    prefix: str,
    ours: str,
    theirs: str,
    keep_both: tuple[str, str] | None,
    generated: Sequence[str],
) -> Merged:
    """Merge commit ``theirs`` into ``ours`` without touching the work tree or the index.

    ``git merge-tree --write-tree`` does it, with the mentorlog merge driver routed
    to *.md and schedule.ics through an attributes file of sync's own (so a
    repository with an old .gitattributes, or none, merges the same way). Then:
    journal entries both partners wrote on the same day are both kept (the shared
    one keeps its name, ours moves to the next free DATE-N.md); generated files
    never conflict (they are rebuilt); with ``keep_both`` a file deleted on one
    side and changed on the other keeps the changed version.
    """
    top, gitdir = work_tree(repo), Path(repo.git_dir)
    tree, stages = _merge_tree(top, gitdir, ours, theirs, keep_both)
    edits = _same_day_journals(repo, prefix, ours, theirs, tree, stages)
    conflicts: list[str] = []
    deleted: list[str] = []
    for path, found in sorted(stages.items()):
        rel = root_rel(prefix, path) or path
        if rel in generated:
            continue  # rebuilt after the merge
        if 1 in found and (2 in found) != (3 in found):  # deleted on one side, changed on the other
            if keep_both is not None:
                edits[path] = found.get(2) or found[3]
                continue
            deleted.append(rel)
        conflicts.append(rel)
    if conflicts:
        return Merged(None, conflicts, deleted)
    if edits:
        tree = _edit_tree(top, gitdir, tree, edits)
    return Merged(tree)


def _merge_tree(
    top: Path, gitdir: Path, ours: str, theirs: str, keep_both: tuple[str, str] | None
) -> tuple[str, Stages]:
    """git's merge of the two commits: its tree, and the stages of what it left unmerged."""
    attrs = gitdir / "mentorlog" / "attributes"
    attrs.parent.mkdir(parents=True, exist_ok=True)
    if not attrs.is_file() or attrs.read_text(encoding="utf-8") != merge.GITATTRIBUTES:
        attrs.write_text(merge.GITATTRIBUTES, encoding="utf-8")
    env = {}
    if keep_both is not None:
        env[merge.KEEP_BOTH_ENV] = json.dumps(list(keep_both))
    options = ["-c", f"core.attributesFile={attrs}"]
    for key, value in driver_config().items():
        options += ["-c", f"{key}={value}"]
    try:
        code, raw = run(
            top,
            [*options, "merge-tree", "--write-tree", "-z", "--no-messages", ours, theirs],
            env=env,
            ok=(0, 1),
        )
    except GitFailed as exc:
        if exc.code == 129:  # an option this git does not know
            version = out(top, "--version")
            raise GitError(
                f"sync needs git 2.38 or newer (for git merge-tree --write-tree); "
                f"this is {version}: update git, then run mentorlog sync again"
            ) from None
        raise
    tokens = raw.split(b"\0")
    stages: Stages = {}
    if code == 1:
        for token in tokens[1:]:
            if not token:
                break
            info, path_b = token.split(b"\t", 1)
            mode, sha, stage = info.decode().split()
            path = path_b.decode("utf-8", errors="surrogateescape")
            stages.setdefault(path, {})[int(stage)] = (mode, sha)
    return tokens[0].decode().strip(), stages


def _same_day_journals(
    repo: git.Repo, prefix: str, ours: str, theirs: str, tree: str, stages: Stages
) -> dict[str, Entry | None]:
    """Journal entries of the same day, written by both: both kept (the shared one keeps
    its name, ours moves to the next free DATE-N.md). Returns the tree edits; their
    paths leave ``stages``."""
    top = work_tree(repo)
    edits: dict[str, Entry | None] = {}
    folder = f"{prefix}/journal" if prefix else "journal"
    ours_j, theirs_j = entries(top, ours, folder), entries(top, theirs, folder)
    both_wrote = [p for p in set(ours_j) & set(theirs_j) if ours_j[p][1] != theirs_j[p][1]]
    if not both_wrote:
        return edits
    base = merge_base(repo, ours, theirs)
    base_j = entries(top, base, folder) if base is not None else {}
    taken = set(entries(top, tree, folder)) | set(ours_j) | set(theirs_j)
    for path in sorted(set(both_wrote) - set(base_j)):
        entry = journal_entry(root_rel(prefix, path) or "")
        if entry is None:
            continue
        stem = path[: -len(".md")]
        if entry.group(2):
            stem = stem[: -len(entry.group(2)) - 1]
        n = int(entry.group(2) or 1) + 1
        while f"{stem}-{n}.md" in taken or os.path.lexists(top / f"{stem}-{n}.md"):
            n += 1
        taken.add(f"{stem}-{n}.md")
        edits[path] = theirs_j[path]
        edits[f"{stem}-{n}.md"] = ours_j[path]
        stages.pop(path, None)
    return edits


def _edit_tree(top: Path, gitdir: Path, tree: str, edits: dict[str, Entry | None]) -> str:
    """``tree`` with ``edits`` made (path -> entry, None: removed), through a scratch index."""
    index = gitdir / "mentorlog" / f"merge-index.{os.getpid()}"
    genv = {"GIT_INDEX_FILE": str(index)}
    try:
        run(top, ["read-tree", tree], env=genv)
        run(
            top,
            ["update-index", "-z", "--index-info"],
            input=index_info(list(edits.items())),
            env=genv,
        )
        return write_tree(top, genv)
    finally:
        with contextlib.suppress(FileNotFoundError):
            index.unlink()
