"""report: the partnership as one HTML page for people (and review --html's helpers)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from mentorlog.cli import cli
from mentorlog.cli.options import App, pass_app

if TYPE_CHECKING:
    from mentorlog.model import Partnership

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_REPORT = "report.html"


def output_option(default: str) -> Callable[[F], F]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
        metavar="FILE",
        help=f"Write the page to FILE ('-' for standard output; default: {default} "
        "at the repository root, which .gitignore keeps out of git).",
    )


def write_page(p: Partnership, html: str, output: Path | None, default: str) -> str:
    """Write ``html`` to ``output`` (or ``default`` at the root, kept out of git by
    .gitignore); return the path as shown to the user, or '-' for standard output."""
    from mentorlog import api

    if output is not None and str(output) == "-":
        click.echo(html, nl=False)
        return "-"
    page = api.write_page(p, html, output, default)
    if page.ignored:
        click.echo(f"Note: added {default} and the other report pages to .gitignore.")
    return page.shown


@cli.command()
@output_option(DEFAULT_REPORT)
@click.option("--open", "open_", is_flag=True, help="Open the page in the web browser.")
@pass_app
def report(app: App, output: Path | None, open_: bool) -> None:
    """Write report.html: the partnership on one page, with charts, to read and print.

    The page shows who, the dates, day N of M and the phase; a chart of the
    meetings (held, moved, cancelled, planned) with the milestones; a chart of
    the follow-through over time (open and done, per owner); each goal with
    its activities done and its latest progress; and the figures and verdict
    of the latest review. It needs no network and runs no script: send it to
    a supervisor, or print it to PDF from the browser. It is made from the
    files each time and never committed.

    \b
    Examples:
      mentorlog report --open
      mentorlog report -o ~/ana-and-sam.html
    """
    from mentorlog import api
    from mentorlog.render import pages

    p = app.load()
    r = api.report(p, app.today())
    shown = write_page(p, pages.report_page(r), output, DEFAULT_REPORT)
    if shown == "-":
        return
    s = r.status
    click.echo(
        f"Wrote {shown} (day {s.day} of {s.days_total}, {s.phase}). "
        "Open it in a browser; print it to PDF from there."
    )
    if open_:
        target = output if output is not None else p.root / DEFAULT_REPORT
        click.launch(str(target.resolve()))
