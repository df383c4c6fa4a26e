"""Commits of exactly the files a command wrote (never private/, never a link), and the
files a commit of everything pending would take."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mentorlog.errors import BadFile, GitError
from mentorlog.store import intent, refusals
from mentorlog.store.files import read_bytes
from mentorlog.store.git.identity import Note, identity_env
from mentorlog.store.git.record import held_by_sync
from mentorlog.store.git.repository import detail, is_private, open_repo, root_rel, top_rel
from mentorlog.store.git.repository import work_tree as work_tree_of

if TYPE_CHECKING:
    import git


def _step(label: str) -> None:
    """A kill point of writing commands (not of sync, which has its own)."""
    if intent.active() is not None:
        intent.step(label)


def commit_files(
    root: Path, paths: Sequence[Path], message: str, fallback_name: str, note: Note
) -> str | None:
    """Commit exactly ``paths`` (never anything under private/); return the commit id.

    Other staged or unstaged changes in the repository are left as they were.
    Returns None when there is no git repository or nothing changed. ``note`` is
    told what the user should know (a file left to the next sync, the identity used).
    """
    repo = open_repo(root)
    if repo is None:
        return None
    import git

    top = work_tree_of(repo).resolve()
    root_res = root.resolve()
    rels: list[str] = []
    for path in paths:
        full = (root_res / path) if not Path(path).is_absolute() else Path(path).resolve()
        if not is_private(full.relative_to(root_res).as_posix()):
            rels.append(full.relative_to(top).as_posix())
    rels = [r for r in rels if refusals.link_in(top, r) is None]  # never a symbolic link
    # a file holding edits saved while the last sync ran is not yet merged with what that
    # sync brought in: committed as it is, it would undo the partner's change; the next
    # sync merges and commits it
    held = held_by_sync(Path(repo.git_dir)) if rels else set()
    for rel in sorted(held & set(rels)):
        note(
            f"{Path(top / rel).relative_to(root_res).as_posix()} holds edits "
            "saved while the last sync ran; it is committed, merged, by the next mentorlog sync"
        )
    rels = [r for r in rels if r not in held]
    if not rels:
        return None
    try:
        _step("git add")
        repo.git.add("--", *rels)
        _step("git added")
        if not repo.git.status("--porcelain", "--", *rels).strip():
            return None
        parent = str(repo.head.commit.hexsha) if repo.head.is_valid() else None
        env = identity_env(repo, fallback_name, note)
        with repo.git.custom_environment(**env):
            repo.git.commit("--only", "-q", "-m", message, "--", *rels)
        _step("git committed")
    except git.GitCommandError as exc:
        raise GitError(
            f"git commit failed: {detail(exc)}; the files are written but not committed"
        ) from None
    commit = str(repo.head.commit.hexsha)
    verify_commit(repo, commit, parent, rels, root_res)
    return commit


def verify_commit(
    repo: git.Repo, commit: str, parent: str | None, rels: Sequence[str], root: Path
) -> None:
    """The commit holds exactly ``rels`` (some of them), or it is undone: GitError.

    A hook (pre-commit running ``git add -A``, say) can sweep other files,
    private ones included, into mentorlog's commit. Then the branch is put
    back where it was and the index entries of ``rels`` with it; the work tree
    and every file in it stay as they are.
    """
    raw = repo.git.diff_tree("--no-commit-id", "--name-only", "-r", "-z", "--root", commit)
    extra = sorted({p for p in raw.split("\0") if p} - set(rels))
    if not extra:
        return
    if parent is not None:
        repo.git.update_ref("-m", "mentorlog: undo a commit a hook changed", "HEAD", parent, commit)
        repo.git.reset("-q", parent, "--", *rels)
    else:
        repo.git.update_ref("-d", "HEAD", commit)
        repo.git.rm("--cached", "-q", "-r", "--ignore-unmatch", "--", *rels)
    top = work_tree_of(repo).resolve()
    shown = []
    for p in extra:
        try:
            shown.append((top / p).relative_to(root).as_posix())
        except ValueError:
            shown.append(p)
    raise GitError(
        f"a git hook added other files to mentorlog's commit ({', '.join(shown)}); the commit "
        "is undone, your files are written and uncommitted, nothing else changed. "
        "Look at the repository's pre-commit hook (.git/hooks/), then run the command again"
    )


def pending_files(repo: git.Repo, root: Path) -> list[str]:
    """Changed, new and deleted files under ``root`` (work-tree paths), never private/.

    Ignored files are not pending; files under private/ are left out even when
    .gitignore no longer ignores them.
    """
    prefix = top_rel(repo, root)
    raw = repo.git.status("--porcelain=v1", "-z", "--untracked-files=all", "--", prefix or ".")
    entries = raw.split("\0")
    out: list[str] = []
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        paths = [entry[3:]]
        if entry[0] in "RC" and i < len(entries):  # a rename: the old name follows
            paths.append(entries[i])
            i += 1
        for path in paths:
            inside = root_rel(prefix, path)
            if inside is not None and not is_private(inside) and path not in out:
                out.append(path)
    return out


def conflict_marker_line(path: Path) -> int | None:
    """The 1-based line of a left-over merge conflict marker in ``path``, if any (None
    too for a file that cannot be read: a missing one, one too large)."""
    try:
        data = read_bytes(path, str(path))
    except BadFile:
        return None
    return refusals.conflict_marker_line(data)
