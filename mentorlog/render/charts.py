"""The report's charts as inline SVG, drawn by pygal (the only module importing it).

pygal's SVG carries a script (its tooltips' configuration, with every label in
it), a link to its tooltip code on the web and comments. The page must need no
network and run no script, and a ``</script>`` in a goal title must not end
anything: :func:`svg_text` removes every script and comment from the tree;
what is left is elements and text that the XML writer escapes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from mentorlog.rules.report import STATES, FollowPoint, TimelineEntry
from mentorlog.rules.status import Milestone

MEETINGS_TITLE = "Meetings and milestones"
FOLLOW_TITLE = "Follow-through over time"

STATE_COLOURS = {
    "held": "#2e7d32",
    "moved": "#ef6c00",
    "cancelled": "#c62828",
    "planned": "#9e9e9e",
}
MILESTONE_COLOUR = "#1565c0"
OWNER_COLOURS = {"mentee": "#1565c0", "mentor": "#6a1b9a", "unassigned": "#616161"}
TODAY_COLOUR = "#000000"
#: The legend of a row: planned dates with no record of a meeting, past ones included.
LEGEND = {"planned": "planned, not held"}
#: Milestone names printed on the chart (short: two can be two weeks apart).
SHORT_MILESTONES = {
    "action-plan": "action plan",
    "checkup": "check-up",
    "midpoint": "midpoint",
    "closing": "closing",
}


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of each month from ``start`` to ``end`` (the x axis' labels)."""
    out = []
    day = start.replace(day=1)
    while day <= end:
        if day >= start:
            out.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return out


def _style(colours: Sequence[str]) -> Any:
    from pygal.style import Style

    return Style(
        background="white",
        plot_background="white",
        foreground="#222222",
        foreground_strong="#111111",
        foreground_subtle="#dddddd",
        font_family="Helvetica, Arial, sans-serif",
        title_font_size=18,
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=14,
        value_label_font_size=12,
        colors=tuple(colours),
        transition="0ms",
    )


def _common() -> dict[str, Any]:
    """Options for every chart: no scripts, no declaration, a size the page scales."""
    return {
        "js": [],
        "disable_xml_declaration": True,
        "explicit_size": False,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "truncate_legend": -1,
        "tooltip_border_radius": 0,
        "x_value_formatter": lambda d: d.strftime("%d %b %Y"),
    }


def svg_text(chart: Any) -> str:
    """The chart's SVG, with no script, no comment and no reference to anything outside."""
    from pygal.etree import etree

    root = chart.render_tree()
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == "script" or child.tag is etree.Comment:
                parent.remove(child)
    text: str = etree.tostring(root, encoding="unicode")
    if re.search(r"<\s*script|<!--", text, re.IGNORECASE):  # every text is escaped: a bug
        raise RuntimeError("the chart's SVG still holds a script or a comment")
    return text


def meetings_chart(
    entries: Sequence[TimelineEntry],
    milestones: Sequence[Milestone],
    start: dt.date,
    end: dt.date,
    today: dt.date,
) -> str:
    """One row per meeting state and one for the milestones, over the partnership's dates."""
    import pygal

    rows = {"milestones": len(STATES) + 1}
    rows.update({st: len(STATES) - i for i, st in enumerate(STATES)})
    colours = [STATE_COLOURS[st] for st in STATES] + [MILESTONE_COLOUR, TODAY_COLOUR]
    chart = pygal.DateLine(
        title=MEETINGS_TITLE,
        style=_style(colours),
        width=1000,
        height=380,
        stroke=False,
        dots_size=7,
        range=(0.4, len(STATES) + 1.8),
        y_labels=[{"label": name, "value": value} for name, value in rows.items()],
        show_y_guides=True,
        show_x_guides=False,
        xrange=(start, end),
        x_labels=month_starts(start, end),
        x_label_rotation=0,
        truncate_label=-1,
        print_labels=True,
        **_common(),
    )
    chart.config.x_value_formatter = lambda d: d.strftime("%b %Y")
    for st in STATES:
        points: list[tuple[dt.date, int] | None] = [
            (e.date, rows[st]) for e in entries if e.state == st
        ]
        name = LEGEND.get(st, st)
        chart.add(f"{name} ({len(points)})", points or [None])
    chart.add(
        "milestones",
        [
            {
                "value": (m.date, rows["milestones"]),
                "label": SHORT_MILESTONES.get(m.name, m.name),
            }
            for m in milestones
        ],
        dots_size=9,
    )
    if start <= today <= end:
        chart.add(
            "today",
            [(today, 0.4), (today, len(STATES) + 1.8)],
            stroke=True,
            show_dots=False,
            stroke_style={"width": 2, "dasharray": "6, 4"},
        )
    return svg_text(chart)


def follow_chart(
    points: Sequence[FollowPoint], owners: Sequence[str], names: dict[str, str]
) -> str:
    """Open (dashed) and done (solid) items per owner, one point a week and today."""
    import pygal

    colours: list[str] = []
    for owner in owners:
        colours += [OWNER_COLOURS[owner], OWNER_COLOURS[owner]]
    chart = pygal.DateLine(
        title=FOLLOW_TITLE,
        style=_style(colours),
        width=1000,
        height=380,
        dots_size=3,
        x_label_rotation=0,
        truncate_label=-1,
        min_scale=4,
        y_title="items",
        **{**_common(), "legend_at_bottom_columns": 2},
    )
    for owner in owners:
        chart.add(
            f"{names[owner]}: open",
            [(pt.date, pt.counts[owner][0]) for pt in points],
            stroke_style={"width": 3, "dasharray": "8, 5"},
        )
        chart.add(
            f"{names[owner]}: done",
            [(pt.date, pt.counts[owner][1]) for pt in points],
            stroke_style={"width": 3},
        )
    return svg_text(chart)
