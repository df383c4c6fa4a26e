"""schedule: the meeting calendar as an .ics file."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import BadFile, UsageError
from . import App, cli, no_commit_option, pass_app


@cli.command("schedule")
@click.option(
    "-o",
    "--output",
    default=None,
    metavar="FILE|-",
    help="Where to write the calendar (default: schedule.ics at the repository root; "
    "'-' prints it and writes nothing).",
)
@click.option(
    "--alarm",
    type=click.IntRange(0, 7 * 24 * 60),
    metavar="MINUTES",
    help="Add a reminder this many minutes before each meeting "
    "(default: keep the reminder the calendar has).",
)
@click.option("--no-alarm", is_flag=True, help="Remove the reminder.")
@no_commit_option
@pass_app
def schedule(
    app: App, output: str | None, alarm: int | None, no_alarm: bool, no_commit: bool
) -> None:
    """Write the meeting schedule as an iCalendar file for any calendar app.

    One recurring event per cadence, with the meeting files' changes: cancelled
    meetings are left out, moved ones are moved, extra meetings are added, and
    meetings with a topic are named after it. Import the file into Google
    Calendar, Outlook, Apple Calendar or Thunderbird; importing it again after
    a change updates the events instead of duplicating them.

    The default file, schedule.ics, is committed, so your partner gets it with
    the next pull; init and new-meeting keep it up to date.

    \b
    Examples:
      mentorlog schedule
      mentorlog schedule --alarm 30
      mentorlog schedule -o - > ~/mentoring.ics
    """
    from .. import calendar, repo
    from ..followthrough import unreadable_files

    if alarm is not None and no_alarm:
        raise UsageError("give --alarm MINUTES or --no-alarm, not both")
    p = app.load()
    root: Path = p.root
    broken = [f for f in unreadable_files(p) if f.startswith("meetings/")]
    if broken and output != "-":
        raise BadFile(
            "cannot be read, so the calendar would miss what it says; fix it first "
            "(mentorlog check), nothing was written",
            path=broken[0],
        )
    default = root / calendar.SCHEDULE_FILE
    if output is None or output == "-":
        target = default
        if output is None and target.is_dir():
            raise UsageError(
                f"{calendar.SCHEDULE_FILE} is a folder; move it away, or name a file with -o FILE"
            )
    else:
        target = Path(output).expanduser()
        if not target.is_absolute():
            target = Path.cwd() / target
        if target.is_dir():
            raise UsageError(f"-o {output}: is a folder; name a file, e.g. {output}/mentoring.ics")
        if not target.parent.is_dir():  # a typo in the folder should not create folders
            raise UsageError(f"-o {output}: the folder {target.parent} does not exist")
    if output != "-":
        refuse_target(root, target, output)
    memory = target if target.is_file() else default
    previous = read_existing(memory, root)
    if alarm is None and not no_alarm:
        alarm = calendar.previous_alarm(previous)
    data = calendar.build_calendar(p, previous, alarm)
    if output == "-":
        click.echo(data, nl=False)
        return
    shown = target.name if target == default else str(target)
    changed = data != read_existing(target, root)
    if changed:
        repo.atomic_write(target, data)
    committed = None
    try:
        inside = target.resolve().relative_to(root.resolve())
    except ValueError:
        inside = None
    if inside is not None:  # also commits an up-to-date file left uncommitted earlier
        committed = app.commit(root, [inside], "mentorlog: schedule", no_commit, p.agreement.mentee)
    done = f"Wrote {shown}" if changed else f"{shown} is up to date"
    click.echo(done + (f" (committed {committed[:7]})" if committed else ""))


def refuse_target(root: Path, target: Path, output: str | None) -> None:
    """A target that exists must be a regular file (never a device, a pipe, or, inside
    the repository, a symbolic link): UsageError, nothing written."""
    import os
    import stat

    from ..safety import refuse_path

    shown = "-o " + output if output else target.name
    try:
        inside = target.absolute().relative_to(root.absolute())
    except ValueError:
        inside = None
    if inside is not None:
        refused = refuse_path(root, inside)
        if refused is not None:
            raise UsageError(f"{shown}: {inside.as_posix()} {refused}; nothing was written")
        return
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return  # a new file
    if not stat.S_ISREG(mode):
        raise UsageError(
            f"{shown}: is not a regular file (a device, a pipe?); name a file to write, "
            "nothing was written"
        )


def read_existing(path: Path, root: Path) -> bytes | None:
    """The bytes of an existing calendar, None when there is none; BadFile when unreadable."""
    from ..safety import read_regular

    if not path.is_file():
        return None
    try:
        shown = path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        shown = str(path)
    return read_regular(path, shown)
