"""Journal entries: dated reflections in journal/ (shared) or private/journal/ (never committed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import frontmatter_text
from .templates import render

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
    base = folder / f"{day.isoformat()}.md"
    if not (root / base).exists():
        return base
    n = 2
    while (root / folder / f"{day.isoformat()}-{n}.md").exists():
        n += 1
    return folder / f"{day.isoformat()}-{n}.md"


def plan_entry(root: Path, day: dt.date, private: bool) -> JournalPlan:
    """What ``mentorlog journal`` will write, without writing it."""
    body = render("journal.md", root, date=day, private=private)
    text = frontmatter_text.dump({"date": day}) + "\n" + body
    return JournalPlan(entry_path(root, day, private), day, private, text)
