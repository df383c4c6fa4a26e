"""Goals and the Mentoring Action Plan: file names, the goal list, SMART checks.

Pure functions over the model, except :func:`create_goal`, which writes the new
file through :mod:`mentorlog.store.files`. The CLI (``mentorlog goal``) only parses
options, calls these and prints.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from mentorlog.errors import UsageError
from mentorlog.model import (
    ACTION_PLAN_DAY,
    GOAL_STATUSES,
    Goal,
    Item,
    Meeting,
    Partnership,
    Problem,
    Progress,
)
from mentorlog.model.names import goal_filename, goal_order

ACTIVITY_KINDS = ("doing", "others", "stretch")
MAX_ACTIVE_GOALS = 3
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


# ------------------------------------------------------------ file names


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


# ------------------------------------------------------------ goal add


@dataclass
class NewGoal:
    path: Path  # relative to the root, e.g. goals/01-lead-a-project.md
    text: str
    meta: dict[str, Any]


def plan_goal(
    p: Partnership,
    existing_names: Iterable[str],
    title: str,
    today: dt.date,
    category: str = "",
    priority: int | None = None,
    target: dt.date | None = None,
    measure: str = "",
    status: str = "active",
) -> NewGoal:
    """The file ``goal add`` will write, without writing it.

    Refuses (UsageError) an empty title, an unknown status, and a title equal
    to an existing goal's (case and spacing aside).
    """
    from mentorlog.render.templates import render
    from mentorlog.rules.scaffold import agreement_context, not_a_task
    from mentorlog.text import frontmatter as frontmatter_text

    title = one_line(title)
    if not title:
        raise UsageError("the goal's title is empty")
    if status not in GOAL_STATUSES:
        raise UsageError(f"--status {status!r} is not one of: {', '.join(GOAL_STATUSES)}")
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
    body = render("goal.md", p.root, g=ctx, a=agreement_context(p.agreement))
    text = frontmatter_text.dump(meta) + "\n" + body
    _check_round_trip(text, path.as_posix(), meta)
    return NewGoal(path, text, meta)


def one_line(text: str) -> str:
    """``text`` on one line: runs of white space become one space; control
    characters, lone surrogates and non-characters (which YAML refuses) go."""
    kept = "".join(
        ch
        for ch in text
        if unicodedata.category(ch) not in ("Cc", "Cs")
        or ch in "\t\n\r\x0b\x0c"  # white space: split below
    )
    kept = "".join(ch for ch in kept if ch not in "\ufeff\ufffe\uffff")
    return " ".join(kept.split())


def _check_round_trip(text: str, shown: str, meta: dict[str, Any]) -> None:
    """Never write a goal file that would not read back as written."""
    from mentorlog.errors import BadFile
    from mentorlog.rules import documents
    from mentorlog.text import items

    try:
        goal, _ = documents.parse_goal(text, shown, items.owner_map("", ""))
    except BadFile as exc:
        raise UsageError(f"cannot write {shown}: {exc.message}") from None
    read = (goal.title, goal.category, goal.measure, goal.target)
    if read != (meta["title"], meta["category"], meta["measure"], meta["target"]):
        raise UsageError(f"cannot write {shown}: the title or measure would not read back as given")


# ------------------------------------------------------------ goal list


def activity_kind(item: Item) -> str | None:
    """``doing`` / ``others`` / ``stretch`` from the item's first kind tag, else None."""
    for tag in item.tags:
        if tag in ACTIVITY_KINDS:
            return tag
    return None


def done_ids(p: Partnership) -> set[str]:
    """Ids of items ticked anywhere (a copy ticked in a meeting counts for the goal too)."""
    return {i.id for i in p.items() if i.checked and i.id}


def dropped_ids(p: Partnership) -> set[str]:
    """Ids of items dropped (``[-]``) anywhere."""
    return {i.id for i in p.items() if i.dropped and i.id}


def is_done(item: Item, ticked: set[str]) -> bool:
    return item.checked or (item.id is not None and item.id in ticked)


def is_dropped(item: Item, ticked: set[str], dropped: set[str]) -> bool:
    """Dropped, and not done anywhere (a tick wins over a drop)."""
    if is_done(item, ticked):
        return False
    return item.dropped or (item.id is not None and item.id in dropped)


def next_activity(
    goal: Goal, ticked: set[str] | None = None, dropped: set[str] | None = None
) -> Item | None:
    """The open learning activity due soonest (undated ones after dated ones, in file order)."""
    open_items = [
        i
        for i in goal.items
        if not is_done(i, ticked or set()) and not is_dropped(i, ticked or set(), dropped or set())
    ]
    if not open_items:
        return None
    return min(open_items, key=lambda i: (i.due is None, i.due or dt.date.max, i.line))


def last_progress(goal: Goal) -> Progress | None:
    """The newest dated progress entry (the later one in the file on a tie)."""
    dated = [pr for pr in goal.progress if pr.date is not None]
    if dated:
        return max(dated, key=lambda pr: (pr.date, pr.line))
    return goal.progress[-1] if goal.progress else None


def goal_key(name: str) -> str:
    """A meeting's ``goals:`` entry as a goal stem: ``goals/01-x.md`` and ``01-x`` match."""
    name = name.strip().replace("\\", "/")
    name = name.rsplit("/", 1)[-1]
    return name[:-3] if name.endswith(".md") else name


def meetings_by_goal(meetings: Iterable[Meeting]) -> dict[str, list[Meeting]]:
    """Goal stem -> the meetings (not cancelled) whose ``goals:`` name it, in date order."""
    out: dict[str, list[Meeting]] = {}
    for m in meetings:
        if m.cancelled:
            continue
        for stem in dict.fromkeys(goal_key(n) for n in m.goals):
            out.setdefault(stem, []).append(m)
    return out


@dataclass
class KindCount:
    total: int = 0
    done: int = 0


@dataclass
class GoalRow:
    goal: Goal
    kinds: dict[str, KindCount] = field(default_factory=dict)  # doing/others/stretch/untagged
    total: int = 0  # dropped activities are not counted
    done: int = 0
    dropped: int = 0
    next_activity: Item | None = None
    next_ref: str | None = None  # the next activity's ref, as `actions` lists it
    last_progress: Progress | None = None
    meetings: list[Meeting] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        g = self.goal
        nxt = self.next_activity
        last = self.last_progress
        return {
            "file": g.path,
            "title": g.title,
            "category": g.category,
            "priority": g.priority,
            "status": g.status,
            "created": _iso(g.created),
            "target": _iso(g.target),
            "measure": g.measure,
            "activities": {
                "total": self.total,
                "done": self.done,
                "dropped": self.dropped,
                **{k: self.kinds[k].total for k in (*ACTIVITY_KINDS, "untagged")},
            },
            "by_kind": {k: {"total": c.total, "done": c.done} for k, c in self.kinds.items()},
            "next_activity": None
            if nxt is None
            else {
                "text": nxt.text,
                "description": nxt.description,
                "due": _iso(nxt.due),
                "ref": self.next_ref or nxt.ref,
                "kind": activity_kind(nxt),
                "owner": nxt.owner,
            },
            "last_progress": None if last is None else {"date": _iso(last.date), "text": last.text},
            "meetings": [m.date.isoformat() for m in self.meetings],
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def goal_rows(p: Partnership, today: dt.date | None = None) -> list[GoalRow]:
    """One row per goal, in priority order (then NN), with its activities and progress.

    ``today`` is accepted for symmetry with the other views; nothing here depends on it.
    """
    ticked = done_ids(p)
    gone = dropped_ids(p)
    refs: dict[tuple[str, int], str] | None = None  # derived refs, made when one is needed
    by_goal = meetings_by_goal(p.meetings)
    rows: list[GoalRow] = []
    for g in p.goals:
        kinds = {k: KindCount() for k in (*ACTIVITY_KINDS, "untagged")}
        done = dropped = 0
        nxt = next_activity(g, ticked, gone)
        next_ref = nxt.id if nxt is not None else None
        if nxt is not None and next_ref is None:
            if refs is None:
                from mentorlog.rules.followthrough import plain_refs

                refs = plain_refs(p)
            next_ref = refs.get((nxt.file, nxt.line))
        for item in g.items:
            if is_dropped(item, ticked, gone):
                dropped += 1
                continue
            count = kinds[activity_kind(item) or "untagged"]
            count.total += 1
            if is_done(item, ticked):
                count.done += 1
                done += 1
        rows.append(
            GoalRow(
                goal=g,
                kinds=kinds,
                total=len(g.items) - dropped,
                done=done,
                dropped=dropped,
                next_activity=nxt,
                next_ref=next_ref,
                last_progress=last_progress(g),
                meetings=by_goal.get(g.stem, []),
            )
        )
    return rows


# ------------------------------------------------------------ goal check


def heading_line(goal: Goal, name: str) -> int | None:
    """1-based file line of the ``## name`` heading in the goal's body, if any."""
    pattern = re.compile(rf"^#{{1,6}}[ \t]+{re.escape(name)}[ \t#]*$", re.IGNORECASE)
    from mentorlog.text.items import split_lines

    for n, line in enumerate(split_lines(goal.body)):
        if pattern.match(line.strip()):
            return goal.body_line + n
    return None


def smart_findings(p: Partnership, today: dt.date) -> list[Problem]:
    """What is not SMART about the goals, file by file in priority order.

    Active and proposed goals need a measure, a target date on or before the
    partnership's end and not before the goal was created; active goals need
    learning activities, each open one with a due date and a kind tag, a
    target that has not passed, and at most three of them may be active
    (the goals after the top three in priority order are flagged).
    """
    end = p.agreement.end
    ticked = done_ids(p)
    out: list[Problem] = []
    active_seen = 0
    for g in p.goals:
        if g.status not in ("active", "proposed"):
            continue
        first = len(out)

        def line(key: str, goal: Goal = g) -> int:
            return goal.meta_lines.get(key, 1)

        active = g.status == "active"
        if active:
            active_seen += 1
            if active_seen > MAX_ACTIVE_GOALS:
                out.append(
                    Problem(
                        g.path,
                        line("status"),
                        f"more than {MAX_ACTIVE_GOALS} active goals (this is number "
                        f"{active_seen} by priority): choose your top {MAX_ACTIVE_GOALS}, "
                        "and set the others to 'status: proposed' (or dropped)",
                    )
                )
        if not g.measure:
            out.append(
                Problem(
                    g.path,
                    line("measure"),
                    "no measure: write in 'measure:' how you both will know the goal is reached",
                )
            )
        if g.target is None:
            out.append(
                Problem(
                    g.path,
                    line("target"),
                    f"no target date: set 'target: YYYY-MM-DD' (on or before {end}, "
                    "when the partnership ends)",
                )
            )
        else:
            if g.target > end:
                out.append(
                    Problem(
                        g.path,
                        line("target"),
                        f"target {g.target} is after the partnership ends ({end}): "
                        "bring it forward, or split the goal",
                    )
                )
            if g.created is not None and g.target < g.created:
                out.append(
                    Problem(
                        g.path,
                        line("target"),
                        f"target {g.target} is before the goal was created ({g.created})",
                        "warning",
                    )
                )
            elif active and g.target < today:
                out.append(
                    Problem(
                        g.path,
                        line("target"),
                        f"target {g.target} has passed and the goal is still active: "
                        "set 'status: achieved' or 'dropped', or move the target",
                        "warning",
                    )
                )
        if active:
            out.extend(_activity_findings(g, ticked))
        out[first:] = sorted(out[first:], key=lambda pr: pr.line)
    return out


def _activity_findings(g: Goal, ticked: set[str] | None = None) -> list[Problem]:
    out: list[Problem] = []
    if all(item.dropped for item in g.items):  # none, or every one dropped
        out.append(
            Problem(
                g.path,
                heading_line(g, "Learning activities") or 1,
                "no learning activities: add task items tagged #doing, #others or "
                "#stretch, each with a due date, under 'Learning activities'",
            )
        )
    for item in g.items:
        if is_done(item, ticked or set()) or item.dropped:  # a copy ticked in a meeting counts
            continue
        if item.due is None:
            out.append(
                Problem(g.path, item.line, "learning activity has no due date (add due:YYYY-MM-DD)")
            )
        if activity_kind(item) is None:
            out.append(
                Problem(
                    g.path,
                    item.line,
                    "learning activity has no kind: tag it #doing, #others or #stretch",
                    "warning",
                )
            )
    return out


# ------------------------------------------------------------ action plan


@dataclass
class ActionPlan:
    due: dt.date  # day 30
    exists: bool
    status: str  # "done" | "due" | "overdue"
    missing: list[Goal] = field(default_factory=list)  # active goals without a dated activity

    def to_json(self) -> dict[str, Any]:
        return {
            "due": self.due.isoformat(),
            "exists": self.exists,
            "status": self.status,
            "missing": [g.path for g in self.missing],
        }


def action_plan_status(p: Partnership, today: dt.date) -> ActionPlan:
    """The Mentoring Action Plan, due on day 30.

    It exists when there is at least one active goal and every active goal has
    at least one learning activity with a due date (the plan's timeline).
    """
    due = p.agreement.start + dt.timedelta(days=ACTION_PLAN_DAY)
    active = [g for g in p.goals if g.status == "active"]
    missing = [g for g in active if not any(i.due is not None and not i.dropped for i in g.items)]
    exists = bool(active) and not missing
    status = "done" if exists else ("overdue" if today > due else "due")
    return ActionPlan(due, exists, status, missing)
