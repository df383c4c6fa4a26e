"""goal add and roadmap add as use cases: write the goal file or the topic, commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, Unpack

from mentorlog.api.base import BeforeCommit, commit
from mentorlog.model import Partnership
from mentorlog.render import drafts
from mentorlog.rules import goal_files
from mentorlog.rules.documents import parse_roadmap
from mentorlog.rules.roadmap import roadmap_insert
from mentorlog.rules.scaffold import one_line
from mentorlog.store import files, paths, rewrite

ROADMAP = "roadmap.md"


@dataclass
class Written:
    """A file a use case wrote (relative to the root) and its commit."""

    path: Path
    commit: str | None = None


class GoalFields(TypedDict, total=False):
    """What a new goal may say besides its title (rules.goal_files.draft_goal's defaults)."""

    category: str
    priority: int | None  # 1 = most important; default: after the active goals
    target: dt.date | None
    measure: str
    status: str  # active | proposed | ...


def add_goal(
    p: Partnership,
    title: str,
    today: dt.date,
    *,
    commit_files: bool = True,
    before_commit: BeforeCommit | None = None,
    **fields: Unpack[GoalFields],
) -> Written:
    """Write goals/NN-slug.md for the goal ``title`` (NN: the next free number) and commit it."""
    folder = p.root / "goals"
    names = [f.name for f in folder.glob("*.md")] if folder.is_dir() else []
    new = drafts.goal(goal_files.draft_goal(p, names, title, today, **fields), p.root)
    target_path = paths.inside(p.root, new.path, "goal file")
    files.write_new(target_path, new.text, new.path.as_posix())
    if before_commit is not None:
        before_commit(p.root / new.path)
    written = Written(new.path)
    if commit_files:
        message = f"mentorlog: new goal {new.meta['title']}"
        written.commit = commit(p.root, [new.path], message, p.agreement.mentee)
    return written


def add_topic(
    p: Partnership, topic: str, at: int | None = None, *, commit_files: bool = True
) -> tuple[int, str]:
    """Add ``topic`` to roadmap.md at position ``at`` (1-based; default: last), changing
    only its lines there; ``(its position, the topic as written)``."""
    topic = one_line(topic)  # no control characters or undecodable bytes
    path = p.root / ROADMAP
    original, text = rewrite.read(path, ROADMAP) if path.exists() else (None, "# Roadmap\n\n")
    new = roadmap_insert(text, topic, at)
    rewrite.write(path, original, new, ROADMAP)
    title = " ".join(topic.split())
    if commit_files:
        commit(p.root, [path], f"mentorlog: roadmap: add {title}", p.agreement.mentee)
    return at or len(parse_roadmap(new)), title
