"""The ``mentorlog`` command: the group, shared options and error handling.

Commands live in the modules named in ``COMMANDS``, each imported only when
one of its commands runs (``mentorlog --help`` imports none of them); each
keeps to parsing options, calling :mod:`mentorlog.api` and printing. What the
commands share (App, options, JSON, the editor) is in :mod:`mentorlog.cli.options`.
Heavy libraries (git, icalendar, markdown-it, jinja2, yaml) are imported inside
commands.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from mentorlog import __version__
from mentorlog.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, MentorlogError


class ReportedError(click.ClickException):
    """A MentorlogError on its way out: one line on stderr, its exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]

    def show(self, file: Any = None) -> None:
        click.echo(f"mentorlog: {self.format_message()}", err=True)


def debug() -> bool:
    return os.environ.get("MENTORLOG_DEBUG", "") not in ("", "0")


# Every command: the module that defines it, and the first paragraph of its
# help (shown by `mentorlog --help` without importing the module;
# tests/cli/test_startup.py checks that these equal the commands' own help).
COMMANDS: dict[str, tuple[str, str]] = {
    "actions": ("actions", "List follow-through items and learning activities, soonest due first."),
    "assign": ("actions", "Hand an item over: the owner of every copy becomes @OWNER."),
    "ask": ("prep", "Draft the request to NAME, from prep.md and NAME's notes in prospects.md."),
    "check": ("checking", "Check every file: one line per problem, `path:line: message`."),
    "demo": (
        "demo",
        "Create an example partnership half-way through, in DIR (default: ./mentorlog-demo).",
    ),
    "done": ("actions", "Mark items done: tick every copy and add done:DATE."),
    "drop": ("actions", "Drop items: mark every copy [-] and add dropped:DATE."),
    "goal": ("goals", "SMART goals and their learning activities (goals/NN-slug.md)."),
    "init": (
        "setup",
        "Start a partnership: agreement.md, roadmap.md, goals/, meetings/, reviews/.",
    ),
    "join": (
        "joining",
        "Join a shared partnership: clone it, set up merging, record who you are.",
    ),
    "journal": (
        "sharing",
        "Write today's reflection: journal/DATE.md (shared) or private/journal/DATE.md.",
    ),
    "merge-file": (
        "merging",
        "Merge THEIRS into OURS against BASE (a git merge driver).",
    ),
    "new-meeting": ("meetings", "Scaffold meetings/DATE.md: the agenda for the next meeting."),
    "partnerships": (
        "partnerships",
        "List your partnerships: role, day, phase, next meeting and items of each.",
    ),
    "prep": ("prep", "Write prep.md: getting ready before you ask anyone to be your mentor."),
    "prospect": (
        "prep",
        "Add a prospective mentor to prospects.md, or change one's scores and status.",
    ),
    "prospects": (
        "prep",
        "List the prospective mentors in prospects.md, best learning fit first.",
    ),
    "report": (
        "report",
        "Write report.html: the partnership on one page, with charts, to read and print.",
    ),
    "reopen": ("actions", "Reopen items: untick every copy and remove its done or dropped date."),
    "review": (
        "review",
        "Compile reviews/KIND.md: the figures from our files, and the questions to answer.",
    ),
    "roadmap": ("roadmap", "List the roadmap's topics and the meeting that takes each."),
    "schedule": (
        "calendar",
        "Write the meeting schedule as an iCalendar file for any calendar app.",
    ),
    "status": (
        "status",
        "Where the partnership stands: day N of M, phase, next meeting, milestones, "
        "open and overdue items per owner, goals, and warnings.",
    ),
    "sync": ("sharing", "Share with your partner: commit pending changes, merge theirs, push."),
}


def load_all() -> None:
    """Import every command module (for tools that walk all commands)."""
    for module in sorted({m for m, _ in COMMANDS.values()}):
        importlib.import_module(f"{__name__}.{module}")


class MentorlogGroup(click.Group):
    """Imports a command's module when it is needed, and maps every error to
    one line and an exit code (no traceback unless MENTORLOG_DEBUG=1)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"{__name__}.{COMMANDS[cmd_name][0]}")
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, from COMMANDS: no command module is imported for it."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.commands:
                text = self.commands[name].get_short_help_str(limit)
            else:
                text = click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit)
            rows.append((name, text))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        for stream in (sys.stdout, sys.stderr):  # a Latin-1 terminal: "?" for what it lacks
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")
        try:
            rv = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError" and exc.ctx is not None:
                # `mentorlog` or `mentorlog goal` alone (click 8.2+): the help, as --help shows it
                click.echo(exc.ctx.get_help())
                sys.exit(exc.exit_code)
            where = exc.ctx.command_path if exc.ctx is not None else self.path_in(args)
            message = " ".join(exc.format_message().split())  # one line, as every error
            click.echo(f"mentorlog: {message} (see '{where} --help')", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:  # not 1: that says "problems found" (check, sync)
            click.echo("mentorlog: aborted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(rv if isinstance(rv, int) else 0)

    def path_in(self, args: Sequence[str] | None) -> str:
        """The command that ``args`` name ('mentorlog goal add'), for an error click raised
        without a context (an option missing its value)."""
        words = list(sys.argv[1:] if args is None else args)
        path: list[str] = ["mentorlog"]
        group: click.Command = self
        while words and isinstance(group, click.Group):
            word = words.pop(0)
            if word in ("-C", "-P") and group is self:
                words = words[1:]
            elif not word.startswith("-"):
                found = group.get_command(click.Context(group), word)
                if found is None:
                    break
                path.append(word)
                group = found
        return " ".join(path)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MentorlogError as exc:
            if debug():
                raise
            raise ReportedError(str(exc), exc.exit_code) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # the reader went away (`mentorlog status | head`): click
            raise  # stops quietly, as any command-line tool does
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as exc:  # a bug: say so in one line
            if debug():
                raise
            raise ReportedError(
                f"internal error ({type(exc).__name__}: {exc}); nothing more was written. "
                "Run again with MENTORLOG_DEBUG=1 to see where, and please report it",
                EXIT_INTERNAL,
            ) from None
        finally:
            end_writing()


def end_writing() -> None:
    """The command is over: forget its intent record (mentorlog.store.intent), if it made one."""
    intent = sys.modules.get("mentorlog.store.intent")
    if intent is not None:
        intent.end()


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group("mentorlog", cls=MentorlogGroup, context_settings=CONTEXT_SETTINGS)
@click.option(
    "-C",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Work on the mentoring repository at DIR "
    "(default: the nearest folder up with agreement.md).",
    metavar="DIR",
)
@click.option(
    "-P",
    "partnership_name",
    metavar="NAME",
    help="Work on the partnership listed as NAME (see mentorlog partnerships), from anywhere.",
    shell_complete=lambda ctx, param, incomplete: complete_partnership(incomplete),
)
@click.version_option(__version__, "--version", prog_name="mentorlog")
@click.pass_context
def cli(ctx: click.Context, directory: Path | None, partnership_name: str | None) -> None:
    """A plain-text, git-friendly mentoring journal.

    Keep the whole partnership as Markdown files in a git repository you share
    with your mentor: agreement.md, roadmap.md, goals/, meetings/, reviews/.

    \b
    New here?   mentorlog demo            (an example partnership, half-way through)
    Start one:  mentorlog init --mentee "Ana Ruiz" --mentor "Sam Lee" --start 2026-12-01 --months 6
    Then:       mentorlog new-meeting     (the next meeting's agenda, from the roadmap)
    Several:    mentorlog partnerships    (then any command with -P NAME)
    """
    if partnership_name is not None:
        if directory is not None:
            raise click.UsageError("give -C DIR or -P NAME, not both", ctx)
        directory = partnership_folder(partnership_name)
    from mentorlog.cli.options import App  # here: mentorlog --help stays this module alone

    ctx.obj = App(directory=directory)


def partnership_folder(name: str) -> Path:
    """The folder of the partnership listed as ``name`` (-P): UsageError naming the known
    ones for an unknown name, NotARepository for a folder that is gone."""
    from mentorlog.errors import NotARepository
    from mentorlog.store import partnerships

    entry = partnerships.find(name, partnerships.read())
    if not entry.folder.is_dir():
        raise NotARepository(
            f"-P {name}: its folder {entry.folder} is gone "
            f"(mentorlog partnerships remove {name}, then add it again where it is now)"
        )
    return entry.folder


def complete_partnership(incomplete: str) -> list[Any]:
    """Shell completion for -P: the listed names (none when the list cannot be read)."""
    from click.shell_completion import CompletionItem

    from mentorlog.store import partnerships

    try:
        entries = partnerships.read()
    except MentorlogError:
        return []
    return [
        CompletionItem(e.name, help=str(e.folder)) for e in entries if e.name.startswith(incomplete)
    ]


def main(argv: Sequence[str] | None = None) -> None:
    # A command makes a great many objects and few cycles (a read of 500 meetings:
    # some 150,000): collecting garbage every 100,000 new objects instead of every 700
    # saves a twentieth of its work, and still bounds what a long command holds.
    gc.set_threshold(100_000, 50, 100)
    cli.main(args=list(argv) if argv is not None else None, prog_name="mentorlog")


def run() -> None:
    """The ``mentorlog`` command itself (the console script, ``python -m mentorlog``):
    :func:`main`, then the process ends at once, its output flushed.

    Tearing the interpreter down frees every object a command made one by one, a
    twentieth of a warm read's work, for nothing: the command is over (its files
    written, its index saved, its intent record gone). The one exit handler
    mentorlog registers, waiting for the child process of a cold read to finish
    writing the index, is called first. A program calling :func:`main` gets the
    usual exit instead.
    """
    try:
        main()
        code: int = 0
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            code = done.code or 0
        else:  # a message, as sys.exit("...") gives
            print(done.code, file=sys.stderr)
            code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # as Python ends when it cannot flush its output
            code = code or 120
    index = sys.modules.get("mentorlog.store.index")
    if index is not None:
        index.finish()  # an index a child process writes (a cold read) is complete
    os._exit(code)
