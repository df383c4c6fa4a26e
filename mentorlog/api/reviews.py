"""review, report and check as use cases: what a partnership's files say (status: api.standing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from mentorlog.api.committing import commit
from mentorlog.api.standing import existing_reviews, status, when
from mentorlog.errors import BadFile
from mentorlog.model import Partnership, Problem
from mentorlog.render import templates
from mentorlog.rules import check as checkmod
from mentorlog.rules import report as reportmod
from mentorlog.rules import review_blocks, reviews
from mentorlog.rules.report import Report
from mentorlog.rules.status import describe_cadence
from mentorlog.store import files, inventory, newfiles, refusals, rewrite
from mentorlog.text import markers


@dataclass
class Review:
    """reviews/KIND.md as :func:`compile_review` left it."""

    shown: str  # reviews/KIND.md
    created: bool  # written from the template (it did not exist)
    changed: bool  # its bytes changed
    result: markers.Refreshed  # the text and which blocks were refreshed, missing, unknown
    commit: str | None = None


def compile_review(
    p: Partnership, kind: str, today: dt.date, *, commit_files: bool = True
) -> Review:
    """Write reviews/KIND.md (KIND: checkup, midpoint, closing) from its template, or
    refresh its computed blocks to ``today`` keeping every other byte; commit a change."""
    path, shown = review_path(p, kind)
    original, result = refreshed_review(p, kind, today)
    changed = rewrite.write(path, original, result.text, shown)
    review = Review(shown, original is None, changed, result)
    if changed and commit_files:
        review.commit = commit(p.root, [path], f"mentorlog: review {kind}", p.agreement.mentee)
    return review


def review_path(p: Partnership, kind: str) -> tuple[Path, str]:
    shown = f"reviews/{kind}.md"
    return p.root / shown, shown


def refreshed_review(
    p: Partnership, kind: str, today: dt.date
) -> tuple[bytes | None, markers.Refreshed]:
    """``(the file's bytes, or None when there is none yet; the review with its blocks
    refreshed to today)``, changing no file."""
    path, shown = review_path(p, kind)
    if path.exists():
        original, text = rewrite.read(path, shown)
    else:
        original = None
        text = templates.render(
            f"review-{kind}.md", p.root, **review_blocks.template_context(kind, p)
        )
    answers = markers.outside_blocks(text, shown)  # checks the markers before anything else
    figures = reviews.compute(p, today)
    return original, markers.refresh(
        text, review_blocks.block_contents(kind, p, figures, answers), shown
    )


@dataclass
class Page:
    """A web page :func:`write_page` wrote."""

    shown: str  # the path as the user gave it, or the default name at the root
    ignored: bool  # .gitignore gained the report pages (written at the root)


def write_page(p: Partnership, html: str, output: Path | None, default: str) -> Page:
    """Write ``html`` to ``output``, or to ``default`` at the root, which .gitignore then
    keeps out of git (report pages are made from the files, never committed)."""
    if output is not None:
        files.atomic_write(output, html.encode("utf-8"))
        return Page(str(output), False)
    ignored = newfiles.ensure_report_ignored(p.root)
    files.atomic_write(p.root / default, html.encode("utf-8"))
    return Page(default, ignored)


@dataclass
class Checked:
    """What :func:`check` found."""

    files: int  # the files read
    problems: list[Problem]
    errors: int
    warnings: int


def check(root: Path) -> Checked:
    """Check every file of the repository at ``root`` (``mentorlog check``)."""
    sources = inventory.gather(root)
    problems = checkmod.check_sources(sources, inventory.read_gitignore(root))
    errors, warnings = checkmod.summary(problems)
    return Checked(len(sources), problems, errors, warnings)


def report(p: Partnership, today: dt.date) -> Report:
    """The report's contents: the status, the reviews' figures and the latest review."""
    texts: dict[str, str | BadFile] = {}
    for kind in existing_reviews(p):
        try:
            texts[kind] = refusals.read_text(
                p.root / "reviews" / f"{kind}.md", f"reviews/{kind}.md"
            )
        except BadFile as exc:  # the page says so and shows everything else
            texts[kind] = exc
    s = status(p, today)
    return reportmod.build(p, today, s, describe_cadence(p), texts, when(s))
