"""status: where the partnership stands today."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from mentorlog.cli import cli
from mentorlog.cli.options import App, json_option, pass_app, print_json

if TYPE_CHECKING:
    from mentorlog.model import Partnership
    from mentorlog.rules.status import Status

MILESTONE_LABELS = {
    "action-plan": "action plan (day 30)",
    "checkup": "90-day check-up",
    "midpoint": "midpoint review",
    "closing": "closing",
}


def status_lines(s: Status, cadence_words: str) -> list[str]:
    """The status as a dozen or so lines for a terminal."""
    from mentorlog.api import when

    lines = [
        f"{s.mentee} (mentee) and {s.mentor} (mentor): {s.start} to {s.end}, {cadence_words}",
        f"Day {s.day} of {s.days_total}: {s.phase}{when(s)}",
    ]
    nm = s.next_meeting
    if nm is None:
        lines.append("Next meeting: none planned (the schedule has ended)")
    else:
        where = nm.file or "no file yet: mentorlog new-meeting"
        topic = f": {nm.topic}" if nm.topic else ""
        lines.append(
            f"Next meeting: {nm.date.strftime('%a')} {nm.date} {nm.time}, "
            f"#{nm.number} {nm.kind}{topic} ({where})"
        )
    so_far = s.meetings
    if so_far is not None and (so_far.planned or so_far.held):
        lines.append(
            f"Meetings so far: {so_far.held} held of {so_far.planned} planned, "
            f"{so_far.moved} moved, {so_far.cancelled} cancelled"
        )
    lines.append("Milestones:")
    for m in s.milestones:
        lines.append(f"  {m.status:<8} {m.date}  {MILESTONE_LABELS.get(m.name, m.name)}")
    first = {"mentee": s.mentee.split()[0], "mentor": s.mentor.split()[0]}
    labels = {o: f"{first[o]} ({o})" if o in first else o for o in s.items}
    width = max(len(v) for v in labels.values())
    dropped = any(c.get("dropped") for c in s.items.values())  # a column once there are any
    lines.append(f"Items:  {'':<{width}}  open  overdue  done" + ("  dropped" if dropped else ""))
    for owner, c in s.items.items():
        if owner == "unassigned" and not any(c.values()):
            continue
        lines.append(
            f"        {labels[owner]:<{width}}  {c['open']:>4}  {c['overdue']:>7}  {c['done']:>4}"
            + (f"  {c.get('dropped', 0):>7}" if dropped else "")
        )
    if s.goals:
        lines.append("Goals:")
        lines += [f"  {st:<9} {title}  ({file})" for file, title, st in s.goals]
    else:
        lines.append('Goals: none yet (mentorlog goal add "TITLE")')
    if s.warnings:
        lines.append("Warnings:")
        lines += [f"  ! {w}" for w in s.warnings]
    return lines


def print_status(p: Partnership, today: dt.date) -> None:
    """Print the status of ``p`` (used by `status` and `demo`)."""
    from mentorlog import api
    from mentorlog.rules.status import describe_cadence

    for line in status_lines(api.status(p, today), describe_cadence(p)):
        click.echo(line)


@cli.command()
@json_option
@pass_app
def status(app: App, as_json: bool) -> None:
    """Where the partnership stands: day N of M, phase, next meeting, milestones,
    open and overdue items per owner, goals, and warnings.

    \b
    Examples:
      mentorlog status
      mentorlog status --json
    """
    from mentorlog import api

    p = app.load()
    today = app.today()
    if as_json:
        print_json(api.status(p, today).to_json())
        return
    print_status(p, today)
