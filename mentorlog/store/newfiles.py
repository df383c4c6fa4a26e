"""Write what :mod:`mentorlog.rules.init_files` drafts: a new partnership's files, .gitignore.

The drafts are pure; here they meet the disk: never over a file a user may have
written, atomically, and .gitignore only where it lacks a line.
"""

from __future__ import annotations

from pathlib import Path

from mentorlog.errors import RefuseOverwrite
from mentorlog.model.names import AGREEMENT
from mentorlog.rules import init_files
from mentorlog.store import files


def write_init(target: Path, plan: init_files.InitPlan) -> list[Path]:
    """Write agreement.md, roadmap.md (where there is none), the folders and
    .gitignore in ``target``; return the files written, relative to it.

    Refuses (and writes nothing) when ``target`` holds an agreement already.
    """
    if (target / AGREEMENT).exists():
        raise RefuseOverwrite(
            f"{target / AGREEMENT} exists already: this folder holds a partnership; "
            "mentorlog init never overwrites one"
        )
    target.mkdir(parents=True, exist_ok=True)
    files.write_new(target / AGREEMENT, plan.agreement, AGREEMENT)
    written = [Path(AGREEMENT)]
    if not (target / "roadmap.md").exists():
        files.write_new(target / "roadmap.md", plan.roadmap, "roadmap.md")
        written.append(Path("roadmap.md"))
    make_folders(target)
    if ensure_gitignore(target):
        written.append(Path(".gitignore"))
    return written


def make_folders(target: Path) -> None:
    """The partnership's folders (:data:`init_files.FOLDERS`), where they are missing."""
    for folder in init_files.FOLDERS:
        (target / folder).mkdir(exist_ok=True)


def ensure_gitignore(root: Path) -> bool:
    """Make sure .gitignore keeps private/ out; True when the file was written."""
    return _update_gitignore(root, init_files.gitignore_with_private)


def ensure_report_ignored(root: Path) -> bool:
    """Make sure .gitignore keeps the report pages out of git (a repository made
    before they existed); True when the file was written."""
    return _update_gitignore(root, init_files.gitignore_with_report)


def _update_gitignore(root: Path, update: init_files.GitignoreUpdate) -> bool:
    path = root / ".gitignore"
    data = path.read_bytes() if path.exists() else None
    new = update(data)
    if new is None:
        return False
    if data is None:
        files.atomic_write(path, new)
    else:
        files.replace_bytes(path, data, new, ".gitignore")
    return True
