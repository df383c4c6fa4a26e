"""new-meeting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from mentorlog.cli import cli
from mentorlog.cli.options import (
    DATE,
    App,
    edit_before_commit,
    no_commit_option,
    pass_app,
    require_editor,
)
from mentorlog.errors import RefuseOverwrite, UsageError
from mentorlog.model import MEETING_KINDS


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
    from mentorlog import api
    from mentorlog.model.clock import parse_clock
    from mentorlog.model.schema import MAX_YEAR, MIN_YEAR
    from mentorlog.rules.scaffold import MeetingExists

    if date is not None and not MIN_YEAR <= date.year <= MAX_YEAR:
        raise UsageError(  # a meeting file is read in these years only
            f"DATE {date} is out of range (years {MIN_YEAR} to {MAX_YEAR})"
        )
    if clock is not None:
        try:
            clock = parse_clock(clock).strftime("%H:%M")
        except ValueError:
            raise UsageError(f"--time {clock!r} is not a time (HH:MM)") from None
    if edit:
        require_editor()
    p = app.load()
    failed: list[UsageError] = []  # the editor's: the meeting is committed and reported first

    def open_in_editor(path: Path) -> None:
        failed.extend(filter(None, [edit_before_commit(path)]))

    try:
        made = api.new_meeting(
            p,
            app.today(),
            date,
            clock=clock,
            kind=kind,
            topic=topic,
            moved_from=moved_from,
            commit_files=not no_commit,
            before_commit=open_in_editor if edit else None,
        )
    except MeetingExists as exc:
        raise RefuseOverwrite(
            f"{exc.message} (for a second meeting that day, add --kind extra)"
        ) from None
    plan = made.plan
    topic_text = f": {plan.topic}" if plan.topic else ""
    click.echo(
        f"Wrote {plan.path.as_posix()} — meeting {plan.number} ({plan.kind}) on "
        f"{plan.date} at {plan.time}{topic_text}"
    )
    if made.original is not None:
        click.echo(f"Marked {made.original.path} cancelled: the meeting moved to {plan.date}")
    if made.carried:
        gained = made.gained
        where = ", ".join(gained) if len(gained) <= 3 else f"{len(gained)} older meeting files"
        note = f"; new ids added in {where}" if gained else ""
        n = made.carried
        click.echo(f"Carried {n} open follow-through item{'s' if n != 1 else ''}{note}")
    a = p.agreement
    if not a.start <= plan.date <= a.end:
        click.echo(
            f"mentorlog: note: {plan.date} is outside the partnership ({a.start} to {a.end}); "
            "change start or end in agreement.md if the dates have moved",
            err=True,
        )
    for shown in made.not_carried:
        click.echo(
            f"mentorlog: warning: {shown} cannot be parsed; its open items were not carried",
            err=True,
        )
    if failed:
        raise failed[0]
