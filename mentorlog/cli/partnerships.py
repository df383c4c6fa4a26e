"""partnerships: the user's list of partnerships, and where each stands."""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mentorlog.cli import cli
from mentorlog.cli.options import App, json_option, pass_app, print_json
from mentorlog.errors import MentorlogError

if TYPE_CHECKING:
    from mentorlog.model import Agreement
    from mentorlog.rules.status import Status
    from mentorlog.store.partnerships import Entry


@dataclass
class Row:
    """One listed partnership as `partnerships` shows it."""

    name: str
    folder: Path
    state: str  # ok | gone | unreadable
    error: str | None = None
    role: str | None = None
    role_from: str | None = None  # git config | git user.name | default
    mentee: str | None = None
    mentor: str | None = None
    status: Status | None = None
    items: dict[str, dict[str, int]] = field(default_factory=dict)  # mine/theirs -> counts

    def to_json(self) -> dict[str, Any]:
        s = self.status
        nm = None if s is None else s.next_meeting
        return {
            "name": self.name,
            "folder": str(self.folder),
            "state": self.state,
            "error": self.error,
            "role": self.role,
            "role_from": self.role_from,
            "mentee": self.mentee,
            "mentor": self.mentor,
            "day": None if s is None else s.day,
            "days_total": None if s is None else s.days_total,
            "phase": None if s is None else s.phase,
            "next_meeting": None if nm is None else nm.to_json(),
            "items": self.items if self.state == "ok" else None,
        }


def my_role(folder: Path, agreement: Agreement) -> tuple[str, str]:
    """``(role, where it comes from)``: git config mentorlog.me, else the git user.name
    matched against the agreement's names, else mentee (who usually runs init)."""
    from mentorlog.rules.roles import ROLES, role_from_identity
    from mentorlog.store.git import identity

    me = identity.get_me(folder)
    if me in ROLES:
        return me, "git config"
    guess = role_from_identity(agreement, identity.identity_name(folder))
    if guess is not None:
        return guess, "git user.name"
    return "mentee", "default"


def row_of(entry: Entry, today: dt.date) -> Row:
    """Where the partnership at ``entry`` stands; a folder that is gone or cannot be read
    is a row that says so."""
    from mentorlog import api
    from mentorlog.model import names

    folder = entry.folder
    try:
        folder_mode = os.stat(folder).st_mode
    except FileNotFoundError:
        return Row(entry.name, folder, "gone", "the folder is gone")
    except OSError as exc:
        return Row(entry.name, folder, "unreadable", f"the folder: {exc.strerror or exc}")
    if not stat.S_ISDIR(folder_mode):
        return Row(entry.name, folder, "gone", "the folder is gone (a file is in its place)")
    try:
        mode = os.stat(folder / names.AGREEMENT).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        return Row(entry.name, folder, "unreadable", f"{names.AGREEMENT}: {exc.strerror or exc}")
    if mode is None or not stat.S_ISREG(mode):
        return Row(entry.name, folder, "unreadable", f"no {names.AGREEMENT} in the folder")
    try:
        p = api.load(folder.resolve())
        s = api.status(p, today)
    except MentorlogError as exc:
        return Row(entry.name, folder, "unreadable", str(exc))
    except OSError as exc:
        return Row(entry.name, folder, "unreadable", exc.strerror or str(exc))
    a = p.agreement
    role, role_from = my_role(folder, a)
    other = "mentor" if role == "mentee" else "mentee"
    zero = {"open": 0, "overdue": 0}
    items = {
        "mine": {k: s.items.get(role, zero).get(k, 0) for k in zero},
        "theirs": {k: s.items.get(other, zero).get(k, 0) for k in zero},
    }
    return Row(entry.name, folder, "ok", None, role, role_from, a.mentee, a.mentor, s, items)


def table(rows: list[Row], width: int = 0) -> list[str]:
    """Aligned text; with a ``width`` (a terminal's), a table too wide shortens FOLDER."""
    cells = [["NAME", "ROLE", "DAY", "PHASE", "NEXT MEETING", "OPEN", "OVERDUE", "FOLDER"]]
    for r in rows:
        s = r.status
        if s is None:
            what = "FOLDER GONE" if r.state == "gone" else "UNREADABLE"
            cells.append([r.name, "-", "-", what, "-", "-", "-", str(r.folder)])
            continue
        nm = s.next_meeting
        mine, theirs = r.items["mine"], r.items["theirs"]
        cells.append(
            [
                r.name,
                r.role or "-",
                f"{s.day}/{s.days_total}",
                s.phase,
                f"{nm.date} {nm.time}" if nm is not None else "none",
                f"{mine['open']}/{theirs['open']}",
                f"{mine['overdue']}/{theirs['overdue']}",
                str(r.folder),
            ]
        )

    def render(cells: list[list[str]]) -> list[str]:
        widths = [max(len(c[i]) for c in cells) for i in range(len(cells[0]) - 1)]
        return [
            "  ".join([*(v.ljust(w) for v, w in zip(c, widths, strict=False)), c[-1]]).rstrip()
            for c in cells
        ]

    lines = render(cells)
    if not width or max(len(line) for line in lines) <= width:
        return lines
    head = max(len(line) - len(c[-1]) for line, c in zip(lines, cells, strict=True))
    room = max(width - head, 12)
    for c in cells:
        if len(c[-1]) > room:
            c[-1] = "…" + c[-1][-(room - 1) :]  # a path's end says most
    return render(cells)


@cli.group(invoke_without_command=True)
@json_option
@pass_app
@click.pass_context
def partnerships(ctx: click.Context, app: App, as_json: bool) -> None:
    """List your partnerships: role, day, phase, next meeting and items of each.

    One row per partnership in your list (partnerships.toml in your config
    folder, or in $MENTORLOG_CONFIG_DIR; init, demo and join add theirs): your role (git config
    mentorlog.me, else your git user.name in the agreement), day N of M and
    phase, the next meeting, and open and overdue items as mine/theirs. A
    folder that is gone or cannot be read says so; the others still list.
    Run any command on one of them from anywhere with -P NAME.

    \b
    Examples:
      mentorlog partnerships
      mentorlog partnerships add ~/mentoring/ben --name ben
      mentorlog -P ben new-meeting
      mentorlog schedule --all -o ~/mentoring.ics
    """
    if ctx.invoked_subcommand is not None:
        if as_json:
            raise click.UsageError("--json is for the list; give it without a subcommand", ctx)
        return
    from mentorlog.cli.actions import terminal_width
    from mentorlog.store import partnerships as plist

    entries = plist.read()
    today = app.today()
    rows = [row_of(e, today) for e in entries]
    if as_json:
        print_json(
            {"config": str(plist.config_path()), "partnerships": [r.to_json() for r in rows]}
        )
        return
    if not rows:
        click.echo(f"No partnerships listed in {plist.config_path()} yet.")
        click.echo("Add one with: mentorlog partnerships add DIR (init, demo and join add theirs)")
        return
    for line in table(rows, terminal_width()):
        click.echo(line)
    for r in rows:
        if r.state != "ok":
            click.echo(
                f"mentorlog: note: {r.name}: {r.error} ({r.folder}); "
                f"mentorlog partnerships remove {r.name} drops it from the list",
                err=True,
            )


@partnerships.command("add")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--name",
    metavar="NAME",
    help="The name to use with -P (default: the folder's name, made unique).",
)
def add_command(directory: Path, name: str | None) -> None:
    """Add the partnership in DIR (a folder with agreement.md) to your list.

    \b
    Example:
      mentorlog partnerships add ~/mentoring/ana-sam --name ana
    """
    from mentorlog.store import partnerships as plist

    entry = plist.add(directory, name)
    click.echo(f"Listed {entry.folder} as {entry.name} (in {plist.config_path()})")


@partnerships.command("remove")
@click.argument("name", shell_complete=lambda ctx, param, incomplete: complete(incomplete))
def remove_command(name: str) -> None:
    """Remove NAME from your list; its folder is left as it is.

    \b
    Example:
      mentorlog partnerships remove ana
    """
    from mentorlog.store import partnerships as plist

    entry = plist.remove(name)
    click.echo(f"Removed {entry.name} from your list ({entry.folder} is left as it is)")


def complete(incomplete: str) -> list[Any]:
    from mentorlog.cli import complete_partnership

    return complete_partnership(incomplete)


def list_new(target: Path) -> None:
    """After init, demo or join: add ``target`` to the user's list. A list that cannot be
    read or written is only a warning: the partnership itself is made."""
    from mentorlog.store import partnerships as plist

    try:
        entry = plist.register(target)
    except MentorlogError as exc:
        click.echo(
            f"mentorlog: warning: {exc}; {target} was not added to your partnerships "
            "(fix the file, then: mentorlog partnerships add DIR)",
            err=True,
        )
        return
    if entry is not None:
        click.echo(f"  listed as {entry.name} in your partnerships (mentorlog -P {entry.name} ...)")
