"""review checkup|midpoint|closing: compile reviews/KIND.md."""

from __future__ import annotations

from pathlib import Path

import click

from mentorlog.cli import cli
from mentorlog.cli.options import App, no_commit_option, pass_app
from mentorlog.cli.report import output_option
from mentorlog.errors import UsageError

KINDS = ("checkup", "midpoint", "closing")  # timeline.REVIEW_KINDS, without importing it


@cli.command()
@click.argument("kind", type=click.Choice(KINDS), metavar="KIND")
@no_commit_option
@click.option(
    "--html",
    "as_html",
    is_flag=True,
    help="Write the review as a standalone web page to hand to a supervisor "
    "(reviews/KIND.md is read, not changed).",
)
@output_option("review-KIND.html")
@pass_app
def review(app: App, kind: str, no_commit: bool, as_html: bool, output: Path | None) -> None:
    """Compile reviews/KIND.md: the figures from our files, and the questions to answer.

    KIND is checkup (the 90-day check-up: is the match suitable?), midpoint
    (renew the commitment, reset the goals) or closing (what we achieved and
    learned, what comes next). The computed parts sit between
    `<!-- mentorlog:begin NAME -->` and `<!-- mentorlog:end NAME -->` lines;
    running the review again refreshes them, for the period from the start to
    today, and keeps every other byte (your answers) as it is.

    With --html, the review (figures refreshed to today, and our answers)
    becomes one HTML page with charts, needing no network: print it to PDF
    from the browser or send it as it is.

    \b
    Examples:
      mentorlog review checkup
      mentorlog review midpoint --no-commit
      mentorlog review checkup --html -o checkup-for-my-supervisor.html
    """
    from mentorlog import api

    if output is not None and not as_html:
        raise UsageError("-o/--output goes with --html (the review itself is reviews/KIND.md)")
    if as_html:
        write_html(app, kind, output)
        return

    p = app.load()
    today = app.today()
    review = api.compile_review(p, kind, today, commit_files=not no_commit)
    shown, result = review.shown, review.result
    count = len(result.refreshed)
    if review.created:
        period = (
            f"period {p.agreement.start} to {today}"
            if today >= p.agreement.start
            else f"the partnership starts {p.agreement.start}: no figures yet"
        )
        click.echo(
            f"Wrote {shown} ({count} computed blocks, {period}). "
            "Answer the questions in it; run the review again to refresh the figures."
        )
    elif review.changed:
        click.echo(f"Refreshed {count} computed blocks in {shown}; everything else is unchanged.")
    else:
        click.echo(f"{shown} is up to date.")
    for name in result.missing:
        click.echo(
            f"note: {shown} has no '{name}' block (deleted?): left out. "
            "To get it back, add its two marker lines or remove the file and run again."
        )
    for name in result.unknown:
        click.echo(f"note: {shown}: '{name}' is not a block mentorlog computes; left as it is.")


def write_html(app: App, kind: str, output: Path | None) -> None:
    """The review as a web page: reviews/KIND.md (or its template) with the figures
    refreshed in memory; no file of the partnership is changed."""
    from mentorlog import api
    from mentorlog.cli.report import write_page
    from mentorlog.render import pages
    from mentorlog.rules import timeline

    p = app.load()
    today = app.today()
    original, result = api.refreshed_review(p, kind, today)
    title = timeline.REVIEW_TOPICS[kind]
    page = pages.review_page(api.report(p, today), kind, title, result.text)
    where = write_page(p, page, output, f"review-{kind}.html")
    if where == "-":
        return
    shown = f"reviews/{kind}.md"
    source = shown if original is not None else f"no {shown} yet: the questions are unanswered"
    click.echo(f"Wrote {where}: the {title.lower()} as a web page ({source}).")
