"""Journal entries: dated reflections in journal/ (shared) or private/journal/ (never committed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from mentorlog.model.names import dated_name
from mentorlog.render.templates import render
from mentorlog.text import frontmatter as frontmatter_text

SHARED_DIR = "journal"
PRIVATE_DIR = "private/journal"


@dataclass
class JournalPlan:
    path: Path  # relative to the repository root
    date: dt.date
    private: bool
    text: str


def entry_path(root: Path, day: dt.date, private: bool) -> Path:
    """journal/DATE.md, or DATE-2.md, DATE-3.md... when that day has one already."""
    folder = Path(PRIVATE_DIR if private else SHARED_DIR)
    base = folder / dated_name(day)
    if not (root / base).exists():
        return base
    n = 2
    while (root / folder / dated_name(day, n)).exists():
        n += 1
    return folder / dated_name(day, n)


def author_name(me: str, git_name: str, mentee: str, mentor: str) -> str:
    """Who writes: ``mentorlog.me`` (mentee, mentor, or a name that maps to one of
    them: that partner's name in agreement.md; any other value as it is), else
    the git identity's name (in the agreement's spelling when it is a partner's
    full name). "" when neither is known."""
    from mentorlog.text.items import owner_map

    me, git_name = " ".join(me.split()), " ".join(git_name.split())

    def partner(value: str) -> str | None:
        for name in (mentee, mentor):
            if "".join(value.casefold().split()) == "".join(name.casefold().split()):
                return name
        return None

    if me:
        role = owner_map(mentee, mentor).get(me.lower().lstrip("@"))
        if role is not None:
            return mentee if role == "mentee" else mentor
        return partner(me) or me
    return (partner(git_name) or git_name) if git_name else ""


def plan_entry(root: Path, day: dt.date, private: bool, author: str = "") -> JournalPlan:
    """What ``mentorlog journal`` will write, without writing it (``author``: for
    a shared entry's ``author:``)."""
    body = render("journal.md", root, date=day, private=private)
    meta: dict[str, object] = {"date": day}
    if author and not private:
        meta["author"] = author
    text = frontmatter_text.dump(meta) + "\n" + body
    return JournalPlan(entry_path(root, day, private), day, private, text)
