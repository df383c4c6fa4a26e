"""actions, done, reopen, drop, assign: the follow-through items across meetings and goals."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from mentorlog.cli import cli
from mentorlog.cli.options import DATE, App, F, json_option, no_commit_option, pass_app, print_json
from mentorlog.errors import UsageError

if TYPE_CHECKING:
    from mentorlog.model import Partnership
    from mentorlog.rules.followthrough import Task


def owner_filter(p: Partnership, value: str | None) -> str | None:
    """mentee | mentor | unassigned, from a role or a first name / handle."""
    if value is None:
        return None
    from mentorlog.text.items import owner_map

    key = value.strip().lower().lstrip("@")
    if key in ("unassigned", "none"):
        return "unassigned"
    owners = owner_map(p.agreement.mentee, p.agreement.mentor)
    role = owners.get(key)
    if role is None:
        raise UsageError(
            f"--owner {value!r} is not mentee, mentor, unassigned or a first name "
            f"({', '.join(first_names(owners))})"
        )
    return role


def first_names(owners: dict[str, str]) -> list[str]:
    """The first handle of each role in ``owners`` (a first name, unless shared)."""
    names: dict[str, str] = {}
    for handle, who in owners.items():
        if handle not in ("mentee", "mentor"):
            names.setdefault(who, handle)
    return list(names.values())


def terminal_width() -> int:
    """The terminal's width, or 0 when the output is not a terminal (keep every column)."""
    from mentorlog.render.tables import terminal_width as width

    return width()


def status_text(task: Task, today: dt.date) -> str:
    from mentorlog.rules.followthrough import days_overdue

    late = days_overdue(task, today)
    if late is not None:
        return f"OVERDUE {late}d"
    if task.status == "done":
        return f"done {task.done}" if task.done else "done"
    if task.status == "dropped":
        return f"dropped {task.dropped}" if task.dropped else "dropped"
    return "open"


def table(tasks: list[Task], today: dt.date, width: int = 0) -> list[str]:
    """The rows as aligned text. With a ``width`` (a terminal's), a table that is
    too wide first loses the ORIGIN column, then shortens the ITEM text."""
    from mentorlog.render.tables import fit
    from mentorlog.rules.followthrough import days_open

    rows = [["REF", "OWNER", "DUE", "STATUS", "AGE", "ORIGIN", "ITEM"]]
    for t in tasks:
        age = days_open(t, today)
        rows.append(
            [
                t.ref,
                t.owner or "-",
                t.due.isoformat() if t.due else "-",
                status_text(t, today),
                f"{age}d" if age is not None else "-",
                f"{t.origin.file}:{t.origin.line}",
                t.description or t.text,
            ]
        )
    return fit(rows, width, drop=[5], shrink=[6])


def my_role(root: Path, owner: str | None) -> str:
    """The role of this clone's user (git config mentorlog.me), for --mine."""
    from mentorlog.store.git import identity

    if owner is not None:
        raise UsageError("give --mine or --owner, not both")
    me = identity.get_me(root)
    if me is None:
        raise UsageError(
            "--mine needs to know who you are: run git config mentorlog.me mentee "
            "(or mentor) in this repository; mentorlog join sets it (init does when your git "
            "user.name is a partner's name)"
        )
    if me not in ("mentee", "mentor"):
        raise UsageError(f"git config mentorlog.me is {me!r}: set it to mentee or mentor")
    return me


@cli.command()
@click.option(
    "--owner",
    metavar="ROLE",
    help="Only items of mentee, mentor or unassigned (a first name works too).",
)
@click.option(
    "--mine",
    is_flag=True,
    help="Only your items: the role in git config mentorlog.me (set by mentorlog join, "
    "and by init when your git user.name is a partner's name).",
)
@click.option("--open", "which", flag_value="open", default=True, help="Open items (the default).")
@click.option("--done", "which", flag_value="done", help="Done items.")
@click.option("--dropped", "which", flag_value="dropped", help="Dropped items ([-]).")
@click.option("--all", "which", flag_value="all", help="Open, done and dropped items.")
@click.option("--overdue", is_flag=True, help="Only open items past their due date.")
@json_option
@pass_app
def actions(
    app: App, owner: str | None, mine: bool, which: str, overdue: bool, as_json: bool
) -> None:
    """List follow-through items and learning activities, soonest due first.

    An item carried from meeting to meeting is listed once. REF is its id, or
    for an item without one a short ref derived from its owner and text: it
    does not change when lines are added or moved. Use it with 'mentorlog done
    REF' (DATE#n, the n-th task item of meetings/DATE.md, and NN#n for goal
    NN's n-th activity work too). AGE is the days since the meeting where the
    item was first written (until done); an overdue item is open past its due
    date. The table fits the terminal; piped, it keeps whole texts.

    \b
    Examples:
      mentorlog actions
      mentorlog actions --owner mentor --overdue
      mentorlog actions --mine
      mentorlog actions --all --json
    """
    from mentorlog.rules import followthrough

    if overdue and which in ("done", "dropped"):
        raise UsageError(f"--overdue lists open items; it cannot be combined with --{which}")
    p = app.load()
    if mine:
        owner = my_role(p.root, owner)
    today = app.today()
    found = followthrough.collect(p, status=None if which == "all" else which)
    tasks = followthrough.select(found, today, which, owner_filter(p, owner), overdue)
    if as_json:
        print_json([followthrough.as_json(t, today) for t in tasks])
        return
    if not tasks:
        what = "overdue" if overdue else {"all": ""}.get(which, which)
        click.echo(f"No {what + ' ' if what else ''}items.")
        return
    for line in table(tasks, today, terminal_width()):
        click.echo(line.rstrip())
    late = sum(1 for t in tasks if t.overdue(today))
    opened = sum(1 for t in tasks if t.is_open)
    done = sum(1 for t in tasks if t.status == "done")
    dropped = sum(1 for t in tasks if t.status == "dropped")
    noun = "item" if len(tasks) == 1 else "items"
    tail = (f", {done} done" if done else "") + (f", {dropped} dropped" if dropped else "")
    click.echo(f"\n{len(tasks)} {noun}: {opened} open, {late} overdue{tail}")


def change_items(
    app: App,
    refs: tuple[str, ...],
    on: dt.date | None,
    state: Literal["done", "dropped", "open"],
    no_commit: bool,
) -> None:
    """Mark every copy of each item ``state`` and say what changed."""
    from mentorlog import api

    label = {"open": "Reopened", "dropped": "Dropped", "done": "Done"}[state]
    changed = api.mark(app.load(), refs, app.today(), on, state=state, commit_files=not no_commit)
    for t in changed.tasks:
        where = ", ".join(f"{c.file}:{c.line}" for c in t.copies)
        if not any(c.file in changed.files for c in t.copies):
            click.echo(f"{t.ref} is {state} already; nothing changed")
        else:
            click.echo(f"{label} {t.ref}: {t.description or t.text} ({where})")


def on_option(what: str, already: str) -> Callable[[F], F]:
    """--on DATE: the day the item was ``what`` (done, dropped)."""
    return click.option(
        "--on",
        type=DATE,
        help=f"The day it was {what} (default: today, or the day it was already {already}).",
    )


def refs_command(on: tuple[str, str] | None = None) -> Callable[[Any], click.Command]:
    """A command taking REF..., --no-commit and, with ``on``, --on (see on_option)."""

    def make(fn: Any) -> click.Command:
        command = no_commit_option(pass_app(fn))
        if on is not None:
            command = on_option(*on)(command)
        command = click.argument("refs", nargs=-1, required=True, metavar="REF...")(command)
        return cli.command()(command)

    return make


@refs_command(on=("done", "marked done"))
def done(app: App, refs: tuple[str, ...], on: dt.date | None, no_commit: bool) -> None:
    """Mark items done: tick every copy and add done:DATE.

    REF is an item's ref as 'mentorlog actions' shows it (or its first 3+
    characters), DATE#n (the n-th item of meetings/DATE.md) or NN#n (the n-th
    activity of goal NN). Only the item lines change; the changed files are
    committed. On an item written the Obsidian way (📅), the date is ✅ DATE.

    \b
    Examples:
      mentorlog done q3xk
      mentorlog done q3xk 2026-12-15#2 --on 2026-12-20
    """
    change_items(app, refs, on, "done", no_commit)


@refs_command()
def reopen(app: App, refs: tuple[str, ...], no_commit: bool) -> None:
    """Reopen items: untick every copy and remove its done or dropped date.

    \b
    Example:
      mentorlog reopen q3xk
    """
    change_items(app, refs, None, "open", no_commit)


@refs_command(on=("dropped", "dropped"))
def drop(app: App, refs: tuple[str, ...], on: dt.date | None, no_commit: bool) -> None:
    """Drop items: mark every copy [-] and add dropped:DATE.

    A dropped item is not open, never carried and never overdue; reviews count
    it apart. On an item written the Obsidian way (📅), the date is written
    ❌ DATE. 'mentorlog reopen REF' takes it back.

    \b
    Examples:
      mentorlog drop q3xk
      mentorlog drop q3xk 2026-12-15#2 --on 2026-12-20
    """
    change_items(app, refs, on, "dropped", no_commit)


@cli.command()
@click.argument("ref", metavar="REF")
@click.argument("owner", metavar="OWNER")
@no_commit_option
@pass_app
def assign(app: App, ref: str, owner: str, no_commit: bool) -> None:
    """Hand an item over: the owner of every copy becomes @OWNER.

    OWNER is mentee, mentor, or a first name or handle that names one of them
    (as in the agreement). Only the item lines change; an item without an id
    gains its ref as id:, so its ref stays what it was.

    \b
    Examples:
      mentorlog assign q3xk mentor
      mentorlog assign 2026-12-15#2 sam
    """
    from mentorlog import api
    from mentorlog.text.items import owner_map

    p = app.load()
    handle = owner.strip().lstrip("@").lower()
    owners = owner_map(p.agreement.mentee, p.agreement.mentor)
    role = owners.get(handle)
    if role is None or not re.fullmatch(r"[\w.-]*\w", handle):
        raise UsageError(
            f"OWNER {owner!r} is not mentee, mentor or a first name of one of them "
            f"({', '.join(['mentee', 'mentor', *first_names(owners)])})"
        )
    changed = api.assign(p, ref, handle, commit_files=not no_commit)
    (task,) = changed.tasks
    if not changed.files:
        click.echo(f"{task.ref} is @{handle}'s already; nothing changed")
        return
    where = ", ".join(f"{c.file}:{c.line}" for c in task.copies)
    click.echo(
        f"Assigned {task.ref} to @{handle} ({role}): {task.description or task.text} ({where})"
    )
