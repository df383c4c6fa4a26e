"""What the commands share: the App state, the shared options and types, JSON output,
the editor.

Imported by the command modules only (``mentorlog --help`` does not import it).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from mentorlog.errors import UsageError

if TYPE_CHECKING:
    from mentorlog.model import Partnership

F = TypeVar("F", bound=Callable[..., Any])


def writing_command() -> tuple[str, bool] | None:
    """``(label, commit)`` when the running command writes files (it has --no-commit)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None or "no_commit" not in ctx.params or ctx.params.get("output") == "-":
        return None  # a command that writes nothing (`schedule -o -` prints)
    words = [ctx.command_path.removeprefix(ctx.find_root().info_name or "").strip()]
    for param in ctx.command.params:  # the arguments, as given: 'review checkup'
        if isinstance(param, click.Argument) and param.name is not None:
            value = ctx.params.get(param.name)
            values = value if isinstance(value, tuple | list) else [value]
            words += [str(v) for v in values if v is not None]
    return " ".join(w for w in words if w) or ctx.command_path, not ctx.params["no_commit"]


def note(message: str) -> None:
    """Tell the user something on the way (stderr): ``mentorlog: note: MESSAGE``."""
    click.echo(f"mentorlog: note: {message}", err=True)


def say_api_notes() -> None:
    """The api's notes (mentorlog.api.base.note), said as the commands say theirs."""
    from mentorlog.api import base

    if note not in base.listeners:
        base.listeners.append(note)


class App:
    """State shared by all commands (reached through ``pass_app``)."""

    def __init__(self, directory: Path | None = None):
        say_api_notes()
        self.directory = directory
        self._partnership: Partnership | None = None
        self._writing = False

    def today(self) -> dt.date:
        return today()

    def root(self) -> Path:
        from mentorlog import api

        return self.writing_at(api.find(self.directory))

    def writing_at(self, root: Path) -> Path:
        """``root``; for a writing command, first finish a command that was killed there
        and refuse a git state that would lose the work (mentorlog.store.recovery)."""
        writing = writing_command()
        if writing is not None and not self._writing:
            from mentorlog.store import recovery

            self._writing = True
            for message in recovery.begin(root, *writing):
                note(message)
        return root

    def load(self, report: bool = True) -> Partnership:
        """Load the repository; problems in files are reported on stderr, once."""
        if self._partnership is None:
            from mentorlog import api

            self._partnership = api.load(self.root())
            # it lives until the command ends: no garbage collection need walk it again
            # (a tenth of a warm command's work on 500 meetings)
            gc.freeze()
            if report:
                for problem in self._partnership.problems:
                    click.echo(f"mentorlog: {problem}", err=True)
        return self._partnership

    def commit(
        self,
        root: Path,
        paths: Sequence[Path],
        message: str,
        no_commit: bool,
        fallback_name: str = "",
    ) -> str | None:
        if no_commit:
            return None
        from mentorlog import api

        return api.commit(root, paths, message, fallback_name)


pass_app = click.make_pass_decorator(App, ensure=True)


def today() -> dt.date:
    raw = os.environ.get("MENTORLOG_TODAY", "").strip()
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise UsageError(f"MENTORLOG_TODAY={raw!r} is not a date (YYYY-MM-DD)") from None


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
    import json

    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str)
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):  # a terminal that cannot show it: \u escapes
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=True, default=str)
    click.echo(text)


def require_editor() -> None:
    """Refuse ``--edit`` before anything is written when no editor is set."""
    if not (os.environ.get("VISUAL") or os.environ.get("EDITOR")):
        raise UsageError("--edit needs the EDITOR environment variable (for example EDITOR=nano)")


def editor(edit: bool) -> Callable[[Path], None] | None:
    """With --edit, the editor to open a written file in before it is committed (refused
    now, before anything is written, when no editor is set); else None."""
    if not edit:
        return None
    require_editor()
    return open_editor


def edit_before_commit(path: Path) -> UsageError | None:
    """Open ``path`` in the editor; an editor that cannot start is returned, not raised,
    so that the command still commits and reports what it wrote, then fails."""
    try:
        open_editor(path)
    except UsageError as exc:
        return exc
    return None


def open_editor(path: Path) -> None:
    """Open ``path`` in $EDITOR (or $VISUAL); a clear error when none is set.

    Not click.edit(filename=...): in click 8.1 and 8.2.0 (pyproject allows them) it runs
    the editor through a shell, so an editor that does not exist is only an exit
    status 127, "Editing failed", and not the error naming the cause that
    tests/scenarios/test_getting_started.py::test_an_editor_that_cannot_start_says_the_entry_is_written
    expects; it also fails on an editor's non-zero exit, which we ignore (the file
    is written either way), and falls back to vi when no editor is set.
    """
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UsageError(
            "--edit needs the EDITOR environment variable (for example EDITOR=nano); "
            f"{path} is written: open it in your editor yourself"
        )
    import shlex
    import subprocess

    try:
        command = shlex.split(editor)
    except ValueError as exc:  # an unbalanced quote
        raise UsageError(
            f"cannot read the editor command {editor!r}: {exc}; "
            f"{path} is written: open it in your editor yourself"
        ) from None
    try:
        subprocess.run([*command, str(path)], check=False)
    except OSError as exc:
        raise UsageError(
            f"cannot start the editor {editor!r}: {exc.strerror}; "
            f"{path} is written: open it in your editor yourself"
        ) from None
