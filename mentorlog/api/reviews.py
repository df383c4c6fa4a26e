"""review, status, report and check as use cases: what a partnership's files say."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from mentorlog.api.base import commit
from mentorlog.errors import BadFile
from mentorlog.model import Partnership, Problem
from mentorlog.render import templates
from mentorlog.rules import check as checkmod
from mentorlog.rules import report as reportmod
from mentorlog.rules import review_blocks, reviews
from mentorlog.rules import status as statusmod
from mentorlog.rules.report import Report
from mentorlog.rules.status import Status, describe_cadence
from mentorlog.rules.timeline import REVIEW_KINDS
from mentorlog.store import files, inventory, newfiles, rewrite
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


def existing_reviews(p: Partnership) -> set[str]:
    """The review kinds that have their file in reviews/."""
    return {k for k in REVIEW_KINDS if (p.root / "reviews" / f"{k}.md").is_file()}


def status(p: Partnership, today: dt.date) -> Status:
    """Where the partnership stands on ``today``."""
    return statusmod.compute(p, today, existing_reviews(p))


def when(s: Status) -> str:
    """Before the start or after the end, how far off it is: 'Day -30' alone puzzles."""
    if s.day < 0:
        n = -s.day
        return f" (starts in {n} day{'s' if n != 1 else ''})"
    if s.day > s.days_total:
        n = s.day - s.days_total
        return f" (ended {s.end}, {n} day{'s' if n != 1 else ''} ago)"
    return ""


def report(p: Partnership, today: dt.date) -> Report:
    """The report's contents: the status, the reviews' figures and the latest review."""
    texts: dict[str, str | BadFile] = {}
    for kind in existing_reviews(p):
        try:
            texts[kind] = files.read_text(p.root / "reviews" / f"{kind}.md", f"reviews/{kind}.md")
        except BadFile as exc:  # the page says so and shows everything else
            texts[kind] = exc
    s = status(p, today)
    return reportmod.build(p, today, s, describe_cadence(p), texts, when(s))
