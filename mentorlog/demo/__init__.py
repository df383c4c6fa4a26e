"""An example partnership, half-way through, for ``mentorlog demo``.

The partnership is data: the Markdown files under ``files/`` are the example
as it stands on day 91 (the 90-day check-up has just happened), six months
long, meeting every second week; six meetings were held and one was
cancelled, and the open follow-through items are carried the way
``new-meeting`` carries them (tests/unit/test_demo.py checks that against
:mod:`mentorlog.rules.carry`). The files name dates relative to the start:
``{{day N}}`` is day N (day 0 is the start), ``{{end}}`` the last day, and
``{{weekday}}`` the start's weekday (the meetings keep it); a meeting file
``meetings/day-NNN.md`` is written as ``meetings/DATE.md`` for day NNN. The
files are written as they are, not rendered from the templates, so the demo
keeps working whatever the user's template overrides say.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from mentorlog.errors import RefuseOverwrite
from mentorlog.model.names import dated_name
from mentorlog.rules.schedule import end_from_months
from mentorlog.store.files import write_new

FILES = Path(__file__).parent / "files"
DAYS_SO_FAR = 91  # today is day 91 of the partnership
MONTHS = 6
PLACEHOLDER_RE = re.compile(r"\{\{(?:day (\d+)|(end)|(weekday))\}\}")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def build(root: Path, today: dt.date) -> list[Path]:
    """Write the example partnership into root (which exists and is empty or has no
    agreement.md), dated so that today is day 91; return the written paths (relative
    to root): agreement.md, roadmap.md, then the goals and the meetings in order."""
    start = today - dt.timedelta(days=DAYS_SO_FAR)
    end = end_from_months(start, MONTHS)
    files = {
        name: fill(source.read_text(encoding="utf-8"), start, end)
        for name, source in sources(start)
    }
    for name in files:  # refuse before writing anything
        if (root / name).exists():
            raise RefuseOverwrite(
                "exists already; the demo writes nothing over it (run it in an empty folder)",
                path=name,
            )
    for name, text in files.items():
        write_new(root / name, text, shown=name)
    return [Path(name) for name in files]


def sources(start: dt.date) -> list[tuple[str, Path]]:
    """``(the name to write, the data file)`` for every file of the example, in order."""
    found = [("agreement.md", FILES / "agreement.md"), ("roadmap.md", FILES / "roadmap.md")]
    found += [(f"goals/{path.name}", path) for path in sorted((FILES / "goals").glob("*.md"))]
    for path in sorted((FILES / "meetings").glob("day-*.md")):
        found.append((f"meetings/{dated_name(day(start, int(path.stem[4:])))}", path))
    return found


def fill(text: str, start: dt.date, end: dt.date) -> str:
    """``text`` with its date placeholders filled in."""

    def value(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return day(start, int(match.group(1))).isoformat()
        if match.group(2) is not None:
            return end.isoformat()
        return WEEKDAYS[start.weekday()]  # not %A: that follows the locale

    return PLACEHOLDER_RE.sub(value, text)


def day(start: dt.date, n: int) -> dt.date:
    """Day ``n`` of the partnership (day 0 is the start)."""
    return start + dt.timedelta(days=n)
