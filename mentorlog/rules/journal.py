"""Journal entries: dated reflections in journal/ (shared) or private/journal/ (never committed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from mentorlog.rules.scaffold import Draft, Exists, first_free
from mentorlog.text import frontmatter as frontmatter_text
from mentorlog.text.items import owner_map

SHARED_DIR = "journal"
PRIVATE_DIR = "private/journal"


@dataclass
class JournalPlan:
    path: Path  # relative to the repository root
    date: dt.date
    private: bool
    text: str


def entry_path(exists: Exists, day: dt.date, private: bool) -> Path:
    """journal/DATE.md, or DATE-2.md, DATE-3.md... when that day has one already
    (``exists``: whether a path relative to the root is there)."""
    return first_free(exists, Path(PRIVATE_DIR if private else SHARED_DIR), day)[0]


def author_name(me: str, git_name: str, mentee: str, mentor: str) -> str:
    """Who writes: ``mentorlog.me`` (mentee, mentor, or a name that maps to one of
    them: that partner's name in agreement.md; any other value as it is), else
    the git identity's name (in the agreement's spelling when it is a partner's
    full name). "" when neither is known."""
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


def draft_entry(day: dt.date, private: bool, author: str = "") -> Draft:
    """The draft of a journal entry (``author``: for a shared entry's ``author:``)."""
    meta: dict[str, object] = {"date": day}
    if author and not private:
        meta["author"] = author
    return Draft(frontmatter_text.dump(meta), "journal.md", {"date": day, "private": private})
