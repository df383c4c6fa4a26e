"""new-meeting."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import click

from mentorlog.cli import (
    DATE,
    App,
    cli,
    edit_before_commit,
    no_commit_option,
    pass_app,
    require_editor,
)
from mentorlog.errors import UsageError
from mentorlog.model import MEETING_KINDS, Meeting, Partnership, names


@cli.command("new-meeting")
@click.argument("date", required=False, type=DATE)
@click.option("--time", "clock", help="Start time HH:MM (default: the agreement's).")
@click.option(
    "--kind",
    type=click.Choice(MEETING_KINDS),
    help="Override the kind (default: from the schedule; off-schedule dates are extra).",
)
@click.option("--topic", help="Use this topic instead of the next one from the roadmap.")
@click.option(
    "--moved-from",
    type=DATE,
    help="The planned date this meeting replaces; a planned meetings/DATE.md there "
    "is marked cancelled (in the same commit).",
)
@click.option("--edit", is_flag=True, help="Open the new file in $EDITOR.")
@no_commit_option
@pass_app
def new_meeting(
    app: App,
    date: dt.date | None,
    clock: str | None,
    kind: str | None,
    topic: str | None,
    moved_from: dt.date | None,
    edit: bool,
    no_commit: bool,
) -> None:
    """Scaffold meetings/DATE.md: the agenda for the next meeting.

    DATE defaults to the next planned meeting (from today on) that has no file
    yet. The agenda takes the next roadmap topic and its notes, the goals in
    focus with their next activities, and the check-in questions; the
    template follows the meeting's kind (first, regular, checkup, midpoint,
    closing, extra). Never overwrites a meeting.

    \b
    Examples:
      mentorlog new-meeting
      mentorlog new-meeting 2027-01-12 --time 18:00
      mentorlog new-meeting 2027-01-14 --moved-from 2027-01-12
    """
    from mentorlog.model import schema
    from mentorlog.model.clock import parse_clock
    from mentorlog.rules import carry, scaffold
    from mentorlog.rules.followthrough import unreadable_files
    from mentorlog.rules.goals import one_line
    from mentorlog.store import files, paths
    from mentorlog.text.items import owner_map

    if date is not None and not schema.MIN_YEAR <= date.year <= schema.MAX_YEAR:
        raise UsageError(  # a meeting file is read in these years only
            f"DATE {date} is out of range (years {schema.MIN_YEAR} to {schema.MAX_YEAR})"
        )
    if clock is not None:
        try:
            clock = parse_clock(clock).strftime("%H:%M")
        except ValueError:
            raise UsageError(f"--time {clock!r} is not a time (HH:MM)") from None
    if edit:
        require_editor()
    if topic is not None:
        topic = one_line(topic)  # no control characters or undecodable bytes in the YAML
    p = app.load()
    original = None
    if moved_from is not None:
        original = check_moved_from(p, moved_from)
        if original is not None:  # read the timeline as it will be: the original cancelled
            p = dataclasses.replace(
                p,
                meetings=[
                    dataclasses.replace(m, status="cancelled") if m is original else m
                    for m in p.meetings
                ],
            )
    plan = scaffold.plan_meeting(p, app.today(), date, clock, kind, topic, moved_from)
    carried = carry.plan_carry(p, plan.date, names.meeting_suffix(plan.path.name))
    if carried.lines:
        plan = scaffold.plan_meeting(
            p, app.today(), date, clock, kind, topic, moved_from, carried.lines
        )
    owners = owner_map(p.agreement.mentee, p.agreement.mentor)
    changes = files.plan_line_edits(p.root, carry.id_edits(carried), owners)
    if original is not None:
        changes = mark_cancelled(p.root, original.path, changes)
    target = paths.inside(p.root, plan.path, "meeting file")  # meetings/ may be a link out
    files.write_new_with_edits(target, plan.text, plan.path.as_posix(), changes)
    # committed once the editor is closed: what the user wrote is shared
    failed = edit_before_commit(target) if edit else None
    from mentorlog.cli.calendar import refresh_schedule

    # the record of the move goes into the same commit, also when the partners marked
    # it cancelled by hand before running new-meeting
    record = [
        Path(m.path)
        for m in p.meetings
        if moved_from is not None and m.date == moved_from and m.suffix == 1 and m.cancelled
    ]
    written = [
        plan.path,
        *(Path(shown) for _path, _old, _new, shown in changes),
        *(path for path in record if path.as_posix() not in {c[3] for c in changes}),
        *refresh_schedule(p.root, app.reload()),
    ]
    moved = f", moved from {moved_from}" if moved_from is not None else ""
    app.commit(
        p.root,
        written,
        f"mentorlog: new meeting {plan.date}{moved}",
        no_commit,
        p.agreement.mentee,
    )
    topic_text = f": {plan.topic}" if plan.topic else ""
    click.echo(
        f"Wrote {plan.path.as_posix()} — meeting {plan.number} ({plan.kind}) on "
        f"{plan.date} at {plan.time}{topic_text}"
    )
    if original is not None:
        click.echo(f"Marked {original.path} cancelled: the meeting moved to {plan.date}")
    if carried.lines:
        gained = sorted({shown for _path, _old, _new, shown in changes})
        where = ", ".join(gained) if len(gained) <= 3 else f"{len(gained)} older meeting files"
        note = f"; new ids added in {where}" if gained else ""
        n = len(carried.lines)
        click.echo(f"Carried {n} open follow-through item{'s' if n != 1 else ''}{note}")
    a = p.agreement
    if not a.start <= plan.date <= a.end:
        click.echo(
            f"mentorlog: note: {plan.date} is outside the partnership ({a.start} to {a.end}); "
            "change start or end in agreement.md if the dates have moved",
            err=True,
        )
    for shown in unreadable_files(p):
        if shown.startswith("meetings/"):
            click.echo(
                f"mentorlog: warning: {shown} cannot be parsed; its open items were not carried",
                err=True,
            )
    if failed is not None:
        raise failed


def check_moved_from(p: Partnership, day: dt.date) -> Meeting | None:
    """--moved-from names a planned date that no held meeting holds and no other
    meeting was moved from; returns the planned meeting file there (to be marked
    cancelled), or None when there is none or it is cancelled already."""
    from mentorlog.rules.timeline import kinds_by_date

    planned = kinds_by_date(p.agreement)
    if day not in planned:
        near = [max((d for d in planned if d < day), default=None)]
        near.append(min((d for d in planned if d > day), default=None))
        hint = " or ".join(str(d) for d in near if d is not None)
        raise UsageError(
            f"--moved-from {day} is not a planned meeting date"
            f"{f' (the nearest: {hint})' if hint else ''}; "
            "leave it out for a meeting off the cadence"
        )
    original = None
    for m in sorted(p.meetings, key=lambda m: m.path):
        if m.moved_from == day:
            raise UsageError(f"{m.path}: this meeting is moved from {day} already")
        if m.date == day and m.suffix == 1 and m.status == "held":
            raise UsageError(
                f"{m.path}: the meeting of {day} is held, so it cannot move; for another "
                "meeting leave --moved-from out (or fix its 'status:' if it did not take place)"
            )
        if m.date == day and m.suffix == 1 and m.status == "planned":
            original = m
    shown = f"meetings/{names.dated_name(day)}"
    if (p.root / shown).exists() and not any(m.path == shown for m in p.meetings):
        raise UsageError(
            f"{shown} cannot be parsed (see mentorlog check), so mentorlog cannot mark it "
            "cancelled; fix it first, nothing was written"
        )
    return original


def mark_cancelled(
    root: Path, shown: str, changes: list[tuple[Path, bytes, bytes, str]]
) -> list[tuple[Path, bytes, bytes, str]]:
    """``changes`` plus the one-line edit that sets ``status: cancelled`` in ``shown``
    (on top of any item edit planned there already)."""
    from mentorlog.store import paths
    from mentorlog.text.frontmatter import set_value

    path = paths.inside(root, shown, "meeting file")
    earlier = next((c for c in changes if c[3] == shown), None)
    old = earlier[1] if earlier else path.read_bytes()
    edited = set_value(earlier[2] if earlier else old, "status", "cancelled")
    if edited is None:
        raise UsageError(
            f"{shown}: its 'status:' is not a one-line value, so mentorlog cannot mark it "
            "cancelled; set 'status: cancelled' yourself, then run again"
        )
    return [c for c in changes if c[3] != shown] + [(path, old, edited, shown)]
