"""schedule: the meeting calendar as an .ics file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import click

from mentorlog.cli import cli
from mentorlog.cli.options import App, no_commit_option, pass_app
from mentorlog.errors import BadFile, MentorlogError, UsageError


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
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="One calendar with the meetings of every partnership in your list "
    "(mentorlog partnerships); needs -o FILE.",
)
@no_commit_option
@pass_app
def schedule(
    app: App,
    output: str | None,
    alarm: int | None,
    no_alarm: bool,
    every: bool,
    no_commit: bool,
) -> None:
    """Write the meeting schedule as an iCalendar file for any calendar app.

    One recurring event per cadence, with the meeting files' changes: cancelled
    meetings are left out, moved ones are moved, extra meetings are added, and
    meetings with a topic are named after it. Import the file into Google
    Calendar, Outlook, Apple Calendar or Thunderbird; importing it again after
    a change updates the events instead of duplicating them.

    The default file, schedule.ics, is committed, so your partner gets it with
    the next pull; init and new-meeting keep it up to date.

    With --all, writes one calendar (-o FILE) with the events of every
    partnership in your list, each as in its own schedule.ics (same UIDs and
    reminders): the one calendar a mentor with several mentees subscribes to.
    A partnership that cannot be read is named on stderr and left out.

    \b
    Examples:
      mentorlog schedule
      mentorlog schedule --alarm 30
      mentorlog schedule -o - > ~/mentoring.ics
      mentorlog schedule --all -o ~/mentoring.ics
    """
    from mentorlog.model.names import SCHEDULE_FILE
    from mentorlog.render import ics
    from mentorlog.rules.followthrough import unreadable_files

    if alarm is not None and no_alarm:
        raise UsageError("give --alarm MINUTES or --no-alarm, not both")
    if every:
        schedule_all(app, output, alarm is not None or no_alarm)
        return
    p = app.load()
    root: Path = p.root
    broken = [f for f in unreadable_files(p) if f.startswith("meetings/")]
    if broken and output != "-":
        raise BadFile(
            "cannot be read, so the calendar would miss what it says; fix it first "
            "(mentorlog check), nothing was written",
            path=broken[0],
        )
    default = root / SCHEDULE_FILE
    if output is None or output == "-":
        target = default
        if output is None and target.is_dir():
            raise UsageError(
                f"{SCHEDULE_FILE} is a folder; move it away, or name a file with -o FILE"
            )
    else:
        target = output_file(output)
    if output != "-":
        refuse_target(root, target, output)
    memory = target if target.is_file() else default
    previous = read_existing(memory, root)
    data = ics.build_calendar(p, previous, alarm, keep_alarm=not no_alarm)
    if output == "-":
        click.echo(data, nl=False)
        return
    shown = target.name if target == default else str(target)
    changed = data != (previous if memory == target else None)  # else: no file there yet
    if changed:
        from mentorlog.store import files  # the write path: imported only to write

        files.atomic_write(target, data)
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
    from mentorlog.store.refusals import refuse_path

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
    refuse_special(target, shown)


def output_file(output: str) -> Path:
    """``-o FILE`` as an absolute path; UsageError when it is a folder or its folder
    does not exist (a typo in the folder should not create folders)."""
    target = Path(output).expanduser().absolute()
    if target.is_dir():
        raise UsageError(f"-o {output}: is a folder; name a file, e.g. {output}/mentoring.ics")
    if not target.parent.is_dir():
        raise UsageError(f"-o {output}: the folder {target.parent} does not exist")
    return target


def refuse_special(target: Path, shown: str) -> None:
    """An existing ``target`` that is not a regular file (a device, a pipe): UsageError."""
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
    from mentorlog.store.refusals import MAX_FILE_BYTES, read_regular

    if not path.is_file():
        return None
    try:
        shown = path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        shown = str(path)
    return read_regular(path, shown, MAX_FILE_BYTES)  # as files.read_bytes, without the write path


def schedule_all(app: App, output: str | None, alarm_given: bool) -> None:
    """schedule --all: every listed partnership's events in one calendar at ``output``."""

    from mentorlog.model import names
    from mentorlog.model.names import SCHEDULE_FILE
    from mentorlog.render.ics import combined_calendar
    from mentorlog.rules.followthrough import unreadable_files
    from mentorlog.store import files, partnerships, reading

    if alarm_given:
        raise UsageError("--all keeps each partnership's own reminder: drop --alarm / --no-alarm")
    if app.directory is not None:
        raise UsageError("--all takes every partnership in your list: drop -C / -P")
    if output is None:
        raise UsageError("--all needs -o FILE (or -o - to print the calendar)")
    target = None
    if output != "-":
        target = output_file(output)
        refuse_special(target, f"-o {output}")
        for folder in target.parents:
            if (folder / names.AGREEMENT).is_file():
                raise UsageError(
                    f"-o {output}: is inside the partnership in {folder}, whose partner would "
                    "get every other partnership's meetings with the next sync; write it "
                    "outside your partnerships, e.g. -o ~/mentoring.ics"
                )
    entries = partnerships.read()
    if not entries:
        raise UsageError(
            f"no partnerships are listed in {partnerships.config_path()}: "
            "add them with mentorlog partnerships add DIR"
        )
    parts = []
    for entry in entries:
        folder = entry.folder
        try:
            if not (folder / names.AGREEMENT).is_file():
                gone = "is gone" if not folder.is_dir() else f"has no {names.AGREEMENT}"
                raise UsageError(f"its folder {folder} {gone}")
            p = reading.load(folder.resolve())
            broken = [f for f in unreadable_files(p) if f.startswith("meetings/")]
            if broken:
                raise UsageError(f"{broken[0]} cannot be read (mentorlog -P {entry.name} check)")
            own = p.root / SCHEDULE_FILE
            previous = read_existing(own, p.root)
        except MentorlogError as exc:
            click.echo(f"mentorlog: note: {entry.name}: left out: {exc}", err=True)
            continue
        parts.append((entry.name, p, previous))
    data, notes = combined_calendar(parts)
    for note in notes:
        click.echo(f"mentorlog: note: {note}", err=True)
    if target is None:
        click.echo(data, nl=False)
        return
    kept = len(parts) - len(notes)
    if target.is_file() and read_existing(target, target.parent) == data:
        click.echo(f"{target} is up to date ({kept} of {len(entries)} partnerships)")
        return
    files.atomic_write(target, data)
    click.echo(f"Wrote {target} ({kept} of {len(entries)} partnerships)")
