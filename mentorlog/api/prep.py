"""prep, prospect add/set and ask as use cases: before the partnership starts.

They work in a folder that may hold no agreement.md yet; prospects.md and the
drafts are about real people, so a path .gitignore excludes is never committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TypeVar

from mentorlog.api.committing import commit
from mentorlog.errors import BadFile, UsageError
from mentorlog.render.templates import render
from mentorlog.rules import prep as prepmod
from mentorlog.rules import prospect_table, prospects
from mentorlog.store import files, paths, refusals, rewrite
from mentorlog.store.git.repository import open_repo, work_tree


@dataclass
class PrepWritten:
    """What a prep use case wrote (relative to its folder), its commit, and notes for
    the user (in order; the commands print them on stderr)."""

    written: list[Path]
    commit: str | None = None
    notes: list[str] = field(default_factory=list)


Written = TypeVar("Written", bound=PrepWritten)
T = TypeVar("T")


@dataclass
class Prospect(PrepWritten):
    name: str = ""  # as prospects.md has it
    fit: int | None = None  # after the change


@dataclass
class Draft(PrepWritten):
    path: Path = Path()  # prospects/NAME.md
    text: str = ""
    existed: bool = False  # the draft was there already: nothing was written
    asked: str | None = None  # the prospect whose status became asked


def start_prep(root: Path, today: dt.date, *, commit_files: bool = True) -> PrepWritten:
    """Write prep.md in ``root`` (never over an existing one)."""
    text = render("prep.md", root, today=today)
    root.mkdir(parents=True, exist_ok=True)
    files.write_new(root / prepmod.PREP, text, prepmod.PREP)
    return committed(root, PrepWritten([Path(prepmod.PREP)]), "mentorlog: prep", commit_files)


def add_prospect(
    root: Path, name: str, values: dict[str, str], *, commit_files: bool = True
) -> Prospect:
    """Add ``name`` to prospects.md (started from its template) with ``values`` (scores
    as "1"-"5" or "", status, notes; the status defaults to idea)."""
    full = " ".join(name.split())
    values = {**values}
    values.setdefault("status", "idea")
    original, text = read_prospects(root)
    if original is None:
        text = render("prospects.md", root)
    new = prospects.add_prospect(text, full, values)
    write_prospects(root, original, new)
    added = prospects.find_prospect(prospects.parse_prospects(new).prospects, full)
    made = Prospect([Path(prospect_table.PROSPECTS)], name=full, fit=added.fit)
    return committed(root, made, f"mentorlog: prospect add {full}", commit_files)


def set_prospect(
    root: Path, name: str, values: dict[str, str], *, commit_files: bool = True
) -> Prospect:
    """Change the row of the prospect ``name`` (a full or first name, or a prefix) in
    prospects.md: only that line."""
    if not values:
        raise UsageError(
            "nothing to change: give --experience, --willingness, --time, --chemistry, "
            "--status or --notes"
        )
    original, text = read_prospects(root)
    if original is None:
        raise UsageError(
            f"no {prospect_table.PROSPECTS} in {root}; start it with: mentorlog prospect add NAME"
        )
    new, before = prospects.set_prospect(text, name, values)
    write_prospects(root, original, new)
    after = prospects.find_prospect(prospects.parse_prospects(new).prospects, before.name)
    made = Prospect([Path(prospect_table.PROSPECTS)], name=before.name, fit=after.fit)
    message = f"mentorlog: prospect {before.name}: {describe_changes(values)}"
    return committed(root, made, message, commit_files)


def describe_changes(values: dict[str, str]) -> str:
    """'experience 4, status asked, notes': what :func:`set_prospect` changes."""
    changes = ", ".join(f"{k} {v or '-'}" for k, v in values.items() if k != "notes")
    if "notes" in values:
        changes = ", ".join(filter(None, (changes, "notes")))
    return changes


def draft_request(root: Path, name: str, today: dt.date, *, commit_files: bool = True) -> Draft:
    """Write prospects/NAME.md, the request to the prospect ``name`` from prep.md and their
    notes; a prospect whose status is idea becomes asked. A draft that exists is returned
    as it is (``existed``), never overwritten."""
    original, text = read_prospects(root)
    if original is None:
        raise UsageError(
            f"no {prospect_table.PROSPECTS} in {root}; add the person first: "
            f'mentorlog prospect add "{name}"'
        )
    parsed = prospects.parse_prospects(text)
    person = prospects.find_prospect(parsed.prospects, name)
    rel = prospects.ask_path(person.name)
    path = paths.inside(root, rel, "draft")  # prospects/ may be a link out
    if path.exists() or path.is_symlink():
        return Draft([], path=rel, text=read_prep_file(root, rel.as_posix()), existed=True)
    notes = []
    if (root / prepmod.PREP).is_file():
        prep_data = prepmod.parse_prep(read_prep_file(root, prepmod.PREP))
    else:
        prep_data = prepmod.Prep()
        notes.append(
            f"note: no {prepmod.PREP} here, so the draft has no goals or scope; "
            "run mentorlog prep first for a fuller draft"
        )
    p = SimpleNamespace(
        name=person.name,
        first_name=person.first_name,
        notes=person.notes,
        status=person.status,
        fit=person.fit,
        scores=person.scores,
    )
    draft = render("ask.md", root, p=p, prep=prep_data, today=today)
    files.write_new(path, draft, rel.as_posix())
    made = Draft([rel], notes=notes, path=rel, text=draft)
    table = parsed.table
    if person.status == "idea" and table is not None and table.index("status") is not None:
        new, _ = prospects.set_prospect(text, person.name, {"status": "asked"})
        write_prospects(root, original, new)
        made.written.append(Path(prospect_table.PROSPECTS))
        made.asked = person.name
    message = f"mentorlog: draft the request to {person.name}"
    return committed(root, made, message, commit_files)


def read_prep_file(root: Path, shown: str) -> str:
    """The text of ``root / shown``; BadFile for a link out of the folder (as for meeting files)."""
    refuse_link(root, shown)
    return refusals.read_text(root / shown, shown)


def read_quietly(root: Path, name: str, parse: Callable[[str], T]) -> T | None:
    """``parse`` of the file ``name`` in ``root`` (prep.md, prospects.md); None when there
    is none, or it cannot be read or parsed (init then goes without it)."""
    path = root / name
    if not path.is_file():
        return None
    try:
        return parse(refusals.read_text(path, name))
    except BadFile:
        return None


def refuse_link(root: Path, shown: str) -> None:
    refused = paths.refuse_reading(root, root / shown)
    if refused is not None:
        raise BadFile(refused, path=shown, line=1)


def read_prospects(root: Path) -> tuple[bytes | None, str]:
    """(the raw bytes or None when there is no prospects.md, its text)."""
    path = root / prospect_table.PROSPECTS
    if not path.exists() and not path.is_symlink():
        return None, ""
    refuse_link(root, prospect_table.PROSPECTS)
    return rewrite.read(path, prospect_table.PROSPECTS)


def write_prospects(root: Path, original: bytes | None, text: str) -> None:
    if original is None:
        root.mkdir(parents=True, exist_ok=True)
    rewrite.write(root / prospect_table.PROSPECTS, original, text, prospect_table.PROSPECTS)


def committed(root: Path, made: Written, message: str, commit_files: bool) -> Written:
    """``made`` with the commit of what it wrote, leaving out the paths .gitignore
    excludes (prospects.md kept private); nothing is committed in a folder inside
    another repository."""
    if not commit_files:
        return made
    repository = open_repo(root)
    if repository is None:
        return made
    top = work_tree(repository).resolve()
    if top != root.resolve():
        # a folder inside another repository (a home folder kept in git): what you
        # think of real people must not land in that one's history
        made.notes.append(
            f"note: not committed: this folder is inside the git repository "
            f"{top.name or top}/ but not its top; mentorlog init here gives the "
            "partnership a repository of its own"
        )
        return made
    keep = [
        path
        for path in made.written
        if not repository.ignored((root.resolve() / path).relative_to(top).as_posix())
    ]
    made.commit = commit(root, keep, message)
    return made
