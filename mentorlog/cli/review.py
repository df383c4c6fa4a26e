"""review checkup|midpoint|closing: compile reviews/KIND.md."""

from __future__ import annotations

from pathlib import Path

import click

from mentorlog.cli import App, cli, no_commit_option, pass_app
from mentorlog.cli.report import output_option
from mentorlog.errors import UsageError

BOM = b"\xef\xbb\xbf"
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
    from mentorlog.render import templates
    from mentorlog.rules import reviews
    from mentorlog.store import files

    if output is not None and not as_html:
        raise UsageError("-o/--output goes with --html (the review itself is reviews/KIND.md)")
    if as_html:
        write_html(app, kind, output)
        return

    p = app.load()
    today = app.today()
    shown = f"reviews/{kind}.md"
    path = p.root / "reviews" / f"{kind}.md"
    figures = reviews.compute(p, today)
    existed = path.exists()
    if existed:
        original = path.read_bytes()
        text = files.read_text(path, shown)
    else:
        text = templates.render(f"review-{kind}.md", p.root, **reviews.template_context(kind, p))
    answers = reviews.outside_blocks(text, shown)  # checks the markers before anything else
    contents = reviews.block_contents(kind, p, figures, answers)
    result = reviews.refresh(text, contents, shown)
    if existed:
        bom = BOM if original.startswith(BOM) else b""
        new = bom + result.text.encode("utf-8")
        files.replace_bytes(path, original, new, shown)
        changed = new != original
    else:
        files.write_new(path, result.text, shown)
        changed = True
    if changed:
        app.commit(p.root, [path], f"mentorlog: review {kind}", no_commit, p.agreement.mentee)
    count = len(result.refreshed)
    if not existed:
        period = (
            f"period {p.agreement.start} to {today}"
            if today >= p.agreement.start
            else f"the partnership starts {p.agreement.start}: no figures yet"
        )
        click.echo(
            f"Wrote {shown} ({count} computed blocks, {period}). "
            "Answer the questions in it; run the review again to refresh the figures."
        )
    elif changed:
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
    from mentorlog.cli.report import build_report, write_page
    from mentorlog.render import pages, templates
    from mentorlog.rules import reviews, timeline
    from mentorlog.store import files

    p = app.load()
    today = app.today()
    shown = f"reviews/{kind}.md"
    path = p.root / "reviews" / f"{kind}.md"
    if path.exists():
        text = files.read_text(path, shown)
    else:
        text = templates.render(f"review-{kind}.md", p.root, **reviews.template_context(kind, p))
    answers = reviews.outside_blocks(text, shown)
    figures = reviews.compute(p, today)
    result = reviews.refresh(text, reviews.block_contents(kind, p, figures, answers), shown)
    title = timeline.REVIEW_TOPICS[kind]
    page = pages.review_page(build_report(p, today), kind, title, result.text)
    where = write_page(p, page, output, f"review-{kind}.html")
    if where == "-":
        return
    source = shown if path.exists() else f"no {shown} yet: the questions are unanswered"
    click.echo(f"Wrote {where}: the {title.lower()} as a web page ({source}).")
