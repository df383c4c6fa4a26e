"""The HTML pages for people: the report and a review, from templates/*.html.

Jinja2 escapes every value (autoescape on), so a name, a goal title or an
answer is text on the page, never markup. Markdown (the review's blocks and
the partners' answers) goes through markdown-it-py with raw HTML off, images
off (nothing is fetched) and links shown as their text (the page stands alone).
Only mentorlog's own templates are used: the user's Markdown overrides do not
apply to these pages.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from mentorlog import __version__
from mentorlog.render.templates import shipped_dir
from mentorlog.rules.report import MILESTONE_LABELS, Report

if TYPE_CHECKING:
    from markupsafe import Markup

#: HTML comments in a review (the instructions and the block markers) are not shown.
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)


def markdown_html(text: str) -> Any:
    """``text`` (Markdown) as safe HTML: a ``markupsafe.Markup``."""
    from markdown_it import MarkdownIt
    from markupsafe import Markup

    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    md.disable("image")
    md.add_render_rule("link_open", lambda *args: "")
    md.add_render_rule("link_close", lambda *args: "")
    return Markup(md.render(COMMENT_RE.sub("", text)))


def render(name: str, **context: Any) -> str:
    """Render the shipped HTML template ``name`` with ``context``."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(shipped_dir()), encoding="utf-8"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = markdown_html
    return env.get_template(name).render(**context)


def css() -> Any:
    """The pages' stylesheet (screen and print), inlined in each page."""
    from markupsafe import Markup

    return Markup((shipped_dir() / "page.css").read_text(encoding="utf-8"))


def _charts(r: Report) -> tuple[Markup, Markup | None]:
    """The meetings chart and the follow-through chart (None: no items) of a page."""
    from markupsafe import Markup

    from mentorlog.render import charts

    s = r.status
    # the charts are SVG trees serialised by the XML writer, which escapes their texts
    meetings = Markup(charts.meetings_chart(r.meetings, s.milestones, s.start, s.end, r.today))
    follow = Markup(charts.follow_chart(r.follow, r.owners, r.names)) if r.follow else None
    return meetings, follow


def _page(template: str, r: Report, **context: object) -> str:
    """``template`` rendered for ``r``: the stylesheet, both charts and the version with it."""
    meetings, follow = _charts(r)
    return render(
        template,
        r=r,
        s=r.status,
        css=css(),
        meetings_chart=meetings,
        follow_chart=follow,
        version=__version__,
        **context,
    )


def report_page(r: Report) -> str:
    """The report as one self-contained HTML page."""
    return _page("report.html", r, milestone_labels=MILESTONE_LABELS)


def review_page(r: Report, kind: str, title: str, text: str) -> str:
    """A review (its Markdown ``text``, figures refreshed) as a standalone HTML page."""
    return _page("review.html", r, kind=kind, title=title, text=text)
