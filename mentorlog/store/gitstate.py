"""The git states in which nothing may be written: a detached HEAD, an unfinished
rebase, merge, cherry-pick or revert, files git has not merged.

Found by reading the git folder (and ``git ls-files -u``), without GitPython,
so the checks cost little.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from mentorlog.errors import BadFile, GitError
from mentorlog.store.refusals import conflict_marker_line, read_regular


def git_dir(start: Path) -> tuple[Path, Path] | None:
    """``(work-tree top, git dir)`` of the repository holding ``start``, or None.

    Found by looking for ``.git`` (a folder, or a file naming the git dir of a
    linked worktree) from ``start`` up; no git process is started.
    """
    here = start.absolute()
    for folder in (here, *here.parents):
        dot = folder / ".git"
        if dot.is_dir():
            return folder, dot
        if dot.is_file():
            try:
                text = dot.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                return None
            if text.startswith("gitdir:"):
                target = Path(text[len("gitdir:") :].strip())
                return folder, target if target.is_absolute() else (folder / target)
            return None
    return None


def in_progress(gitdir: Path, *, sequencer: bool = True) -> str | None:
    """'rebase' / 'merge' / 'cherry-pick' / 'revert' when git is in the middle of one.

    ``sequencer=False``: only a rebase, a merge or a single cherry-pick count (a revert
    or a sequence of picks is left to :func:`state_refusal`).
    """
    if (gitdir / "rebase-merge").exists() or (gitdir / "rebase-apply").exists():
        return "rebase"
    if (gitdir / "MERGE_HEAD").exists():
        return "merge"
    if (gitdir / "CHERRY_PICK_HEAD").exists():
        return "cherry-pick"
    if not sequencer:
        return None
    if (gitdir / "REVERT_HEAD").exists():
        return "revert"
    seq = gitdir / "sequencer" / "todo"
    if seq.exists():
        return "cherry-pick"
    return None


def state_refusal(root: Path) -> str | None:
    """Why no file may be written now (a detached HEAD, an unfinished rebase,
    merge, cherry-pick or revert), or None. Outside git there is no reason."""
    found = git_dir(root)
    if found is None:
        return None
    _top, gitdir = found
    state = in_progress(gitdir)
    if state is not None:
        verb = {"rebase": "rebasing", "merge": "merging"}.get(state, f"a {state}")
        advice = merge_advice(_top, state)
        if advice is not None:
            return (
                f"git is in the middle of {verb} in this repository, so mentorlog writes "
                f"nothing now: {advice}, then run the command again"
            )
        return (
            f"git is in the middle of {verb} in this repository, so mentorlog writes nothing "
            f"now: finish it first (resolve the files git names in 'git status', then "
            f"git {state} --continue), then run the command again"
        )
    try:
        head = (gitdir / "HEAD").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if head and not head.startswith("ref:"):
        return (
            "HEAD is detached (not on a branch), so mentorlog writes nothing now: a commit "
            "here would belong to no branch. Make a branch where you are "
            "(git switch -c NAME, which keeps every commit), or switch back to your "
            "branch if you made no commits here, then run the command again"
        )
    return None


def _git(top: Path, *args: str, env: dict[str, str] | None = None) -> str:
    import subprocess  # only where there is a git repository (a tenth of new-meeting's imports)

    done = subprocess.run(
        ["git", *args],
        cwd=top,
        capture_output=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    if done.returncode != 0:
        raise GitError(f"git {args[0]} failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout.decode("utf-8", "surrogateescape")


def merge_advice(top: Path, state: str) -> str | None:
    """How to finish a git merge or rebase (a plain git pull) stopped on a file, keeping
    both sides' lines: the merge driver leaves one version in the file and no marker
    (in a merge ours, in a rebase the one rebased onto, the partner's), so 'git add'
    alone would drop the other. None for another state or when no file is unmerged."""
    if state not in ("merge", "rebase"):
        return None
    paths = unmerged(top)
    if not paths:
        return None
    path = paths[0]
    more = f" (and {len(paths) - 1} more: git status names them)" if len(paths) > 1 else ""
    try:
        marked = conflict_marker_line(read_regular(top / path, path)) is not None
    except BadFile:
        marked = False
    if state == "merge":
        only, other, head = "only your version", "your partner's", "MERGE_HEAD"
    else:  # git pull --rebase: HEAD is the partner's commit, REBASE_HEAD yours being replayed
        only, other, head = "only your partner's version", "yours", "REBASE_HEAD"
    holds = "holds both versions between conflict markers" if marked else f"holds {only}"
    return (
        f"{path}{more} {holds}: git diff HEAD {head} -- {path} shows {other}; "
        f"keep the lines you agreed on in {path}"
        f"{' and delete the markers' if marked else ''}, git add {path} and "
        f"git {state} --continue"
    )


def unmerged(top: Path, rels: Sequence[str] = ()) -> list[str]:
    """Work-tree paths (relative to ``top``) that git has not merged (among ``rels``)."""
    try:
        out = _git(top, "ls-files", "-u", "-z", "--", *rels)
    except (GitError, OSError):
        return []
    found = []
    for entry in out.split("\0"):
        if "\t" in entry:
            path = entry.split("\t", 1)[1]
            if path not in found:
                found.append(path)
    return found
