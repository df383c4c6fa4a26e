"""``goal check``: what is not SMART about the goals, as problems naming file and line.

Pure functions over the model.
"""

from __future__ import annotations

import datetime as dt
import re

from mentorlog.model import Goal, Partnership, Problem
from mentorlog.rules.goals import activity_kind, done_ids, is_done

MAX_ACTIVE_GOALS = 3


def heading_line(goal: Goal, name: str) -> int | None:
    """1-based file line of the ``## name`` heading in the goal's body, if any."""
    from mentorlog.text.items import split_lines  # here: a status with no finding needs none

    pattern = re.compile(rf"^#{{1,6}}[ \t]+{re.escape(name)}[ \t#]*$", re.IGNORECASE)
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
