"""The ``mentorlog`` command: the group, shared options and error handling.

Commands live in the modules imported at the bottom; each keeps to parsing
options, calling the domain and printing. Heavy libraries (git, icalendar,
markdown-it, jinja2) are imported inside commands, so ``--help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .. import __version__
from ..errors import EXIT_INTERNAL, MentorlogError, UsageError

if TYPE_CHECKING:
    from ..model import Partnership

F = TypeVar("F", bound=Callable[..., Any])


class ReportedError(click.ClickException):
    """A MentorlogError on its way out: one line on stderr, its exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]

    def show(self, file: Any = None) -> None:
        click.echo(f"mentorlog: {self.format_message()}", err=True)


def debug() -> bool:
    return os.environ.get("MENTORLOG_DEBUG", "") not in ("", "0")


class MentorlogGroup(click.Group):
    """Maps every error to one line and an exit code (no traceback unless MENTORLOG_DEBUG=1)."""

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
        try:
            rv = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else "mentorlog"
            click.echo(f"mentorlog: {exc.format_message()} (see '{where} --help')", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("mentorlog: aborted", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MentorlogError as exc:
            if debug():
                raise
            raise ReportedError(str(exc), exc.exit_code) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
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


@dataclass
class App:
    """State shared by all commands (reached through ``pass_app``)."""

    directory: Path | None = None
    _partnership: Partnership | None = field(default=None, repr=False)

    def today(self) -> dt.date:
        return today()

    def root(self) -> Path:
        from ..repo import find_root

        return find_root(self.directory)

    def load(self, report: bool = True) -> Partnership:
        """Load the repository; problems in files are reported on stderr, once."""
        if self._partnership is None:
            from ..repo import load

            self._partnership = load(self.root())
            if report:
                for problem in self._partnership.problems:
                    click.echo(f"mentorlog: {problem}", err=True)
        return self._partnership

    def reload(self) -> Partnership:
        self._partnership = None
        return self.load(report=False)

    def commit(
        self,
        root: Path,
        paths: Sequence[Path],
        message: str,
        no_commit: bool,
        fallback_name: str = "",
    ) -> str | None:
        if no_commit or not paths:
            return None
        from ..gitstore import commit_files

        return commit_files(root, paths, message, fallback_name)


pass_app = click.make_pass_decorator(App, ensure=True)


def today() -> dt.date:
    raw = os.environ.get("MENTORLOG_TODAY", "").strip()
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise UsageError(f"MENTORLOG_TODAY={raw!r} is not a date (YYYY-MM-DD)") from None


def parse_date(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{what} {value!r} is not a date (YYYY-MM-DD)") from None


class DateType(click.ParamType):  # type: ignore[type-arg]
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD)", param, ctx)


DATE = DateType()


def no_commit_option(fn: F) -> F:
    return click.option(
        "--no-commit", is_flag=True, help="Write the files but do not commit them to git."
    )(fn)


def json_option(fn: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(fn)


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str))


def open_editor(path: Path) -> None:
    """Open ``path`` in $EDITOR (or $VISUAL); a clear error when none is set."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UsageError("--edit needs the EDITOR environment variable (for example EDITOR=nano)")
    import shlex
    import subprocess

    try:
        subprocess.run([*shlex.split(editor), str(path)], check=False)
    except OSError as exc:
        raise UsageError(f"cannot start the editor {editor!r}: {exc.strerror}") from None


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
@click.version_option(__version__, "--version", prog_name="mentorlog")
@click.pass_context
def cli(ctx: click.Context, directory: Path | None) -> None:
    """A plain-text, git-friendly mentoring journal.

    Keep the whole partnership as Markdown files in a git repository you share
    with your mentor: agreement.md, roadmap.md, goals/, meetings/, reviews/.

    \b
    New here?   mentorlog demo            (an example partnership, half-way through)
    Start one:  mentorlog init --mentee "Ana Ruiz" --mentor "Sam Lee" --start 2026-12-01 --months 6
    Then:       mentorlog new-meeting     (the next meeting's agenda, from the roadmap)
    """
    ctx.obj = App(directory=directory)


def main(argv: Sequence[str] | None = None) -> None:
    cli.main(args=list(argv) if argv is not None else None, prog_name="mentorlog")


# The command modules register themselves on `cli`; keep them light to import.
from . import (  # noqa: E402,F401
    actions,
    calendar,
    checking,
    goals,
    meetings,
    prep,
    review,
    roadmap,
    setup,
    sharing,
    status,
)
