"""Goal files: their names (``goals/NN-slug.md``) and the draft ``goal add`` writes.

Pure: :func:`draft_goal` returns the path, the front matter and what the template
sees; :mod:`mentorlog.render.drafts` renders it, the caller writes the file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from mentorlog.errors import BadFile, BadValue, UsageError
from mentorlog.model import GOAL_STATUSES, Goal, Partnership
from mentorlog.model.names import goal_filename, goal_order
from mentorlog.rules import documents
from mentorlog.rules.scaffold import Draft, agreement_context, one_line
from mentorlog.text import frontmatter as frontmatter_text
from mentorlog.text.items import not_a_task, owner_map

MAX_SLUG = 48
FALLBACK_SLUG = "goal"
# Letters NFKD does not take apart into an ASCII letter and marks.
_TRANSLITERATE = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)


def slugify(title: str, limit: int = MAX_SLUG) -> str:
    """A file-name-safe slug: lower-case ASCII letters, digits and single hyphens.

    Accented letters lose their accents (NFKD), other characters become
    hyphens, the result is cut at a hyphen to at most ``limit`` characters, and
    a title with nothing usable left gives ``goal``. The result never contains
    ``/``, ``\\`` or ``.``, so it cannot name a path outside goals/.
    """
    text = unicodedata.normalize("NFKD", title.translate(_TRANSLITERATE))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > limit:
        cut = slug[: limit + 1]  # one more: a hyphen there means the cut falls between words
        at = cut.rfind("-")
        slug = (cut[:at] if at > limit // 2 else slug[:limit]).strip("-")
    return slug or FALLBACK_SLUG


def next_order(names: Iterable[str]) -> int:
    """1 + the highest NN among goal file names ``NN-slug.md`` (1 for none)."""
    orders = [order for n in names if (order := goal_order(n)) is not None]
    return max(orders, default=0) + 1


def title_key(title: str) -> str:
    """How titles are compared for duplicates: case and runs of spaces do not matter."""
    return " ".join(title.split()).casefold()


def default_priority(goals: Iterable[Goal]) -> int:
    """The priority after the active goals' (1 when there are none)."""
    active = [g for g in goals if g.status == "active"]
    return max([g.priority or 0 for g in active] + [len(active)]) + 1


@dataclass
class NewGoal:
    path: Path  # relative to the root, e.g. goals/01-lead-a-project.md
    text: str
    meta: dict[str, Any]


@dataclass
class GoalDraft:
    """A new goal before its template is rendered (:func:`draft_goal`)."""

    path: Path  # relative to the root
    meta: dict[str, Any]
    draft: Draft

    def plan(self, text: str) -> NewGoal:
        """The new goal whose rendered file is ``text``; refused (UsageError) when it
        would not read back as written."""
        check_round_trip(text, self.path.as_posix(), self.meta)
        return NewGoal(self.path, text, self.meta)


def draft_goal(
    p: Partnership,
    existing_names: Iterable[str],
    title: str,
    today: dt.date,
    category: str = "",
    priority: int | None = None,
    target: dt.date | None = None,
    measure: str = "",
    status: str = "active",
) -> GoalDraft:
    """The file ``goal add`` will write, without rendering or writing it.

    Refuses (UsageError) an empty title, an unknown status (BadValue), and a title
    equal to an existing goal's (case and spacing aside).
    """
    title = one_line(title)
    if not title:
        raise UsageError("the goal's title is empty")
    if status not in GOAL_STATUSES:
        raise BadValue("status", status, f"is not one of: {', '.join(GOAL_STATUSES)}")
    for g in p.goals:
        if title_key(g.title) == title_key(title):
            raise UsageError(
                f"{g.path} already holds the goal {g.title!r}; edit that file, "
                "or choose a different title"
            )
    names = list(existing_names)
    path = Path("goals") / goal_filename(next_order(names), slugify(title))
    meta: dict[str, Any] = {
        "title": title,
        "category": one_line(category),
        "priority": priority if priority is not None else default_priority(p.goals),
        "status": status,
        "created": today,
        "target": target,
        "measure": one_line(measure),
    }
    ctx = SimpleNamespace(**{k: v for k, v in meta.items() if k != "status"})
    ctx.measure = not_a_task(ctx.measure)  # the body repeats it: never as a learning activity
    context = {"g": ctx, "a": agreement_context(p.agreement)}
    return GoalDraft(path, meta, Draft(frontmatter_text.dump(meta), "goal.md", context))


def check_round_trip(text: str, shown: str, meta: dict[str, Any]) -> None:
    """Never write a goal file that would not read back as written."""
    try:
        goal, _ = documents.parse_goal(text, shown, owner_map("", ""))
    except BadFile as exc:
        raise UsageError(f"cannot write {shown}: {exc.message}") from None
    read = (goal.title, goal.category, goal.measure, goal.target)
    if read != (meta["title"], meta["category"], meta["measure"], meta["target"]):
        raise UsageError(f"cannot write {shown}: the title or measure would not read back as given")
