"""mentorlog report and review --html: self-contained pages, escaped, from the one reading."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import pytest
from helpers import git, mentorlog_in
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_pages import Page

from mentorlog import demo
from mentorlog.errors import EXIT_USAGE
from mentorlog.model import OWNERS, Partnership
from mentorlog.rules import followthrough, reviews, timeline
from mentorlog.rules import report as reportmod
from mentorlog.store import reading

TODAY = dt.date(2027, 3, 1)  # the demo starts 91 days earlier: 2026-11-30
HOSTILE = "<script>alert(1)</script>"


def make_demo(root: Path) -> Path:
    root.mkdir(parents=True)
    demo.build(root, TODAY)
    return root


@pytest.fixture
def demo_root(tmp_path: Path) -> Path:
    return make_demo(tmp_path / "demo")


def report_of(root: Path, *args: str) -> tuple[str, Page]:
    result = mentorlog_in(root, "report", *args, today=TODAY)
    assert result.exit_code == 0, result.output
    html = (root / "report.html").read_text(encoding="utf-8")
    return html, Page(html)


def test_report_is_one_self_contained_page(demo_root: Path) -> None:
    html, page = report_of(demo_root)
    assert html.startswith("<!DOCTYPE html>")
    assert page.count("svg") == 2  # the meetings and the follow-through charts, inline
    assert page.count("script") == 0
    assert page.count("link") == 0 and page.count("img") == 0 and page.count("iframe") == 0
    assert page.external_references() == []
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", html, re.IGNORECASE)
    assert "@import" not in html and "url(" not in html
    assert "Meetings and milestones" in page.text and "Follow-through over time" in page.text


def test_report_shows_the_partnership_as_status_reads_it(demo_root: Path) -> None:
    _, page = report_of(demo_root)
    text = page.text
    p = reading.load(demo_root)
    counts = timeline.counts(p, TODAY)
    assert "Ana Ruiz and Sam Lee" in text
    assert "2026-11-30 to 2027-05-29" in text
    assert "Day 91 of 180" in text and "Phase enabling growth" in text
    assert (
        f"{counts.held} held of {counts.planned} planned so far, {counts.moved} moved, "
        f"{counts.cancelled} cancelled." in text
    )
    assert "held (6) moved (0) cancelled (1) planned, not held (6)" in text  # the chart's legend
    for label, date, state in (
        ("action plan (day 30)", "2026-12-30", "done"),
        ("90-day check-up", "2027-02-22", "done"),
        ("midpoint review", "2027-03-08", "due"),
        ("closing", "2027-05-17", "due"),
    ):
        assert f"{label} {date} {state}" in text
    figures = reviews.followthrough_figures(p, TODAY)
    ana, sam = figures["mentee"], figures["mentor"]
    assert f"Ana Ruiz (mentee) {ana.created} {ana.done} {ana.open} {ana.overdue}" in text
    assert f"Sam Lee (mentor) {sam.created} {sam.done} {sam.open} {sam.overdue}" in text
    assert "Lead a cross-team project active 2027-05-14 2 of 4 2027-02-22: Kickoff held" in text
    assert "Build a network beyond my team active 2027-05-24 1 of 3" in text
    assert "No review compiled yet: the 90-day check-up is on 2027-02-22" in text


def test_follow_through_ends_at_the_review_figures(demo_root: Path) -> None:
    p = reading.load(demo_root)
    points = reportmod.follow_over_time(p, TODAY)
    assert points[0].date == p.agreement.start and points[-1].date == TODAY
    assert [pt.date for pt in points[:3]] == [
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 7),
        dt.date(2026, 12, 14),
    ]
    figures = reviews.followthrough_figures(p, TODAY)
    for owner in OWNERS:
        assert points[-1].counts[owner] == (figures[owner].open, figures[owner].done), owner
    assert points[0].counts["mentee"] == (0, 0) or sum(points[0].counts["mentee"]) > 0
    # nothing is counted before the meeting that wrote it
    tasks = [t for t in followthrough.collect(p) if t.source == "meeting"]
    for pt in points:
        assert sum(sum(c) for c in pt.counts.values()) == sum(
            1 for t in tasks if (t.from_ or p.agreement.start) <= pt.date
        )


def test_moved_meeting_is_its_own_state(demo_root: Path) -> None:
    (demo_root / "meetings" / "2027-01-27.md").write_text(
        "---\ndate: 2027-01-27\nstatus: held\nmoved_from: 2027-01-25\n---\n\n# Moved\n",
        encoding="utf-8",
    )
    p = reading.load(demo_root)
    states = {e.file: e.state for e in reportmod.meeting_timeline(p)}
    assert states["meetings/2027-01-25.md"] == "moved"
    assert {f: s for f, s in states.items() if f} == timeline.meeting_states(p)
    _, page = report_of(demo_root)
    assert "held (7) moved (1) cancelled (0) planned, not held (6)" in page.text


def test_nothing_the_partners_write_can_inject_markup(demo_root: Path) -> None:
    goal = demo_root / "goals" / "01-lead-a-cross-team-project.md"
    text = goal.read_text(encoding="utf-8")
    goal.write_text(text.replace("title: Lead a cross-team project", f"title: '{HOSTILE}'"))
    agreement = demo_root / "agreement.md"
    text = agreement.read_text(encoding="utf-8")
    agreement.write_text(text.replace("mentee: Ana Ruiz", "mentee: 'Ana <b>Ruiz</b> & Co'"))
    (demo_root / "reviews").mkdir(exist_ok=True)
    (demo_root / "reviews" / "checkup.md").write_text(
        "# Check-up\n\n"
        f"- **Ana:** yes {HOSTILE} <img src=x onerror=alert(1)>\n"
        "- **Sam:** ![x](https://example.org/x.png) [click](javascript:alert(1))\n"
        "<!-- mentorlog:begin verdict -->\n"
        f"- **Unfavourable answers:** 0 of 4 </style></svg>{HOSTILE}\n"
        "<!-- mentorlog:end verdict -->\n",
        encoding="utf-8",
    )
    html, page = report_of(demo_root)
    assert page.count("script") == 0 and page.count("b") == 0 and page.count("img") == 0
    assert "<script>alert" not in html and "</style></svg>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f"{HOSTILE} active 2027-05-14 2 of 4" in page.text  # the title, shown as text
    assert "Ana <b>Ruiz</b> & Co and Sam Lee" in page.text
    assert f"Unfavourable answers: 0 of 4 </style></svg>{HOSTILE}" in page.text
    assert page.external_references() == []

    result = mentorlog_in(demo_root, "review", "checkup", "--html", today=TODAY)
    assert result.exit_code == 0, result.output
    html = (demo_root / "review-checkup.html").read_text(encoding="utf-8")
    page = Page(html)
    assert page.count("script") == 0 and page.count("img") == 0 and page.count("b") == 0
    assert page.external_references() == []
    assert not any(t == "a" for t, _ in page.tags)  # links are shown as their text
    assert f"Ana: yes {HOSTILE} <img src=x onerror=alert(1)>" in page.text
    assert "Sam: !x [click](javascript:alert(1))" in page.text  # no image, no link


def test_default_path_and_gitignore(demo_root: Path) -> None:
    (demo_root / ".gitignore").write_bytes(b"private/\r\n*.tmp")  # an older repository's
    git(demo_root, "init", "-q")
    git(demo_root, "add", "-A")
    git(demo_root, "commit", "-qm", "demo")
    result = mentorlog_in(demo_root, "report", today=TODAY)
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Note: added report.html and the other report pages to .gitignore.\n"
        "Wrote report.html (day 91 of 180, enabling growth). "
        "Open it in a browser; print it to PDF from there.\n"
    )
    assert (demo_root / ".gitignore").read_bytes() == (
        b"private/\r\n*.tmp\r\n# mentorlog: pages made from the files (report, review --html)\r\n"
        b"report.html\r\nreview-*.html\r\n"
    )
    assert (demo_root / "report.html").is_file()
    assert git(demo_root, "status", "--porcelain") == " M .gitignore\n"  # never committed
    again = mentorlog_in(demo_root, "report", today=TODAY)
    assert again.output.startswith("Wrote report.html")
    assert (demo_root / ".gitignore").read_bytes().count(b"report.html") == 1
    assert git(demo_root, "log", "--format=%s") == "demo\n"


def test_init_gitignore_lists_the_report(tmp_path: Path) -> None:
    from helpers import INIT_ARGS, mentorlog

    root = tmp_path / "p"
    assert mentorlog(["init", str(root), *INIT_ARGS], today="2026-11-21").exit_code == 0
    assert (root / ".gitignore").read_text(encoding="utf-8") == (
        "# mentorlog: never share what is private\nprivate/\n"
        "# mentorlog: pages made from the files (report, review --html)\n"
        "report.html\nreview-*.html\n"
    )
    result = mentorlog_in(root, "report", today="2026-11-21")  # before the start
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote report.html (day -10 of 181, negotiating)")
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    page = Page((root / "report.html").read_text(encoding="utf-8"))
    assert page.count("svg") == 1  # no follow-through to draw yet
    assert "Day -10 of 181 (starts in 10 days)" in page.text
    assert "The partnership starts on 2026-12-01: nothing to count yet." in page.text


def test_output_option_and_standard_output(demo_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere.html"
    result = mentorlog_in(demo_root, "report", "-o", str(out), today=TODAY)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {out} (day 91")
    assert not (demo_root / "report.html").exists() and not (demo_root / ".gitignore").exists()
    piped = mentorlog_in(demo_root, "report", "-o", "-", today=TODAY)
    assert piped.exit_code == 0
    assert piped.output.startswith("<!DOCTYPE html>") and "Wrote" not in piped.output
    assert Page(piped.output).count("svg") == 2


def test_open_launches_the_written_page(demo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import click

    opened: list[str] = []
    monkeypatch.setattr(click, "launch", lambda url, **kw: opened.append(url) or 0)
    result = mentorlog_in(demo_root, "report", "--open", today=TODAY)
    assert result.exit_code == 0, result.output
    assert opened == [str((demo_root / "report.html").resolve())]


def test_latest_review_figures_as_compiled(demo_root: Path) -> None:
    assert mentorlog_in(demo_root, "review", "checkup", "--no-commit", today=TODAY).exit_code == 0
    html, page = report_of(demo_root)
    text = page.text
    assert "Latest review: 90-day check-up" in text
    assert "How often have we met? 6 held of 7 planned (86%), 0 moved, 1 cancelled" in text
    assert "Unfavourable answers: 0 of 4." in text
    assert "mentorlog:begin" not in html and "<!--" not in html
    broken = demo_root / "reviews" / "checkup.md"
    broken.write_text("<!-- mentorlog:begin verdict -->\n", encoding="utf-8")
    _, page = report_of(demo_root)
    assert "reviews/checkup.md:1: unbalanced markers" in page.text
    broken.write_bytes(b"\xff\xfe not UTF-8")
    _, page = report_of(demo_root)
    assert "Latest review: 90-day check-up" in page.text and "reviews/checkup.md" in page.text
    assert "Goals" in page.text


def test_review_html_is_the_review_with_answers(demo_root: Path) -> None:
    assert mentorlog_in(demo_root, "review", "checkup", "--no-commit", today=TODAY).exit_code == 0
    path = demo_root / "reviews" / "checkup.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("- **Ana:** yes / no", "- **Ana:** yes", 1),
        encoding="utf-8",
    )
    before = path.read_bytes()
    later = TODAY + dt.timedelta(days=14)
    result = mentorlog_in(demo_root, "review", "checkup", "--html", today=later)
    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        "Wrote review-checkup.html: the 90-day check-up as a web page (reviews/checkup.md).\n"
    )
    assert path.read_bytes() == before  # the review file is read, not changed
    html = (demo_root / "review-checkup.html").read_text(encoding="utf-8")
    page = Page(html)
    text = page.text
    assert "90-day check-up: Ana Ruiz and Sam Lee" in text
    assert "Do we leave our meetings energised? Ana: yes Sam: yes / no" in text
    assert f"Compiled from the files on {later}" in text  # figures refreshed, in memory
    assert "mentorlog:begin" not in html and "<!--" not in html
    assert page.count("svg") == 2 and page.count("table") >= 2
    assert page.external_references() == []
    assert (demo_root / ".gitignore").read_text(encoding="utf-8").endswith("review-*.html\n")


def test_review_html_without_a_review_file_and_output_needs_html(
    demo_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "mid.html"
    result = mentorlog_in(demo_root, "review", "midpoint", "--html", "-o", str(out), today=TODAY)
    assert result.exit_code == 0, result.output
    assert "no reviews/midpoint.md yet" in result.output
    assert not (demo_root / "reviews" / "midpoint.md").exists()
    assert "Midpoint review" in Page(out.read_text(encoding="utf-8")).text
    bad = mentorlog_in(demo_root, "review", "midpoint", "-o", str(out), today=TODAY)
    assert bad.exit_code == EXIT_USAGE
    assert bad.output == (
        "mentorlog: -o/--output goes with --html (the review itself is reviews/KIND.md)\n"
    )


ALLOWED_TAGS = {
    *("html", "head", "meta", "title", "style", "body", "header", "footer", "section", "div"),
    *("h1", "h2", "h3", "p", "dl", "dt", "dd", "ul", "li", "span", "figure", "strong", "em"),
    *("table", "thead", "tbody", "tr", "th", "td", "code", "ol"),
    *("svg", "defs", "g", "rect", "path", "text", "circle", "desc", "tspan"),
}
PARTNER_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("<>&\"'/=!-[]` ")),
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
    ),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip() != "")


@pytest.fixture(scope="module")
def loaded_demo(tmp_path_factory: pytest.TempPathFactory) -> Partnership:
    return reading.load(make_demo(tmp_path_factory.mktemp("hyp") / "demo"))


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=PARTNER_TEXT, name=PARTNER_TEXT)
def test_any_title_or_name_stays_text(loaded_demo: Partnership, title: str, name: str) -> None:
    from mentorlog.render import pages
    from mentorlog.rules.status import compute

    p = copy.deepcopy(loaded_demo)
    p.goals[0].title = f"{HOSTILE}{title}"
    p.agreement.mentee = name
    r = reportmod.build(p, TODAY, compute(p, TODAY), "every 2 weeks", {})
    html = pages.report_page(r)
    page = Page(html)
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS
    assert page.external_references() == []
    flat = " ".join(f"{HOSTILE}{title}".split())
    assert flat in page.text
    assert f"{' '.join(name.split())} (mentee): open" in page.text  # the chart's legend


def test_gitignore_gets_only_the_missing_report_lines(tmp_path: Path) -> None:
    from mentorlog.store.newfiles import ensure_report_ignored

    (tmp_path / ".gitignore").write_bytes(b"/report.html\n")
    assert ensure_report_ignored(tmp_path) is True
    assert (tmp_path / ".gitignore").read_bytes() == (
        b"/report.html\n# mentorlog: pages made from the files (report, review --html)\n"
        b"review-*.html\n"
    )
    assert ensure_report_ignored(tmp_path) is False
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert ensure_report_ignored(fresh) is True
    assert (fresh / ".gitignore").read_bytes() == (
        b"# mentorlog: pages made from the files (report, review --html)\n"
        b"report.html\nreview-*.html\n"
    )
