"""A partnership written by hand, for the review and status tests.

Ana Ruiz (mentee) and Sam Lee (mentor), 2026-12-01 to 2027-05-31, biweekly on
Tuesdays. Planned occurrences: 12-01 (first), 12-15, 12-29, 01-12, 01-26,
02-09, 02-23 (checkup), 03-09 (midpoint), ..., 05-25 (closing).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import agreement_text

AGREEMENT = agreement_text(agreement_id="abc123", body="# Agreement\n")

ROADMAP = """\
# Roadmap

1. Getting acquainted
2. Industry trends
3. Time management
4. Lessons learned
"""


def meeting(
    date: str,
    status: str,
    body: str = "",
    *,
    topic: str | None = None,
    kind: str | None = None,
    number: int | None = None,
    moved_from: str | None = None,
) -> str:
    lines = ["---", f"date: {date}", 'time: "17:30"']
    if number is not None:
        lines.append(f"number: {number}")
    if kind:
        lines.append(f"kind: {kind}")
    lines.append(f"status: {status}")
    if topic:
        lines.append(f"topic: {topic}")
    if moved_from:
        lines.append(f"moved_from: {moved_from}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body


M1 = meeting(
    "2026-12-01",
    "held",
    """\
# Meeting 1

## Follow-through

- [x] @ana Write down my three goals due:2026-12-10 done:2026-12-08
- [x] @mentor Send the reading list due:2026-12-12 done:2026-12-20

## Check-in

<!-- The last ten minutes. -->

### What was useful about today?

Hearing how Sam chose
between two offers.

### What are the next steps?

<!-- nothing written -->

### What should change for next time?

- start on time
""",
    topic="Getting acquainted",
    kind="first",
    number=1,
)

M2 = meeting(
    "2026-12-15",
    "held",
    """\
# Meeting 2

## Follow-through

- [ ] @mentee Draft the project charter due:2027-01-05 id:bbbb
- [x] Book the room for January done:2026-12-20
- [ ] @sam Introduce Ana to Priya

## Check-in

- **What was useful about today?** The map of who decides what.
- What is working, and what is not?
  Working: the roadmap.
  Not: we ran over time.
""",
    topic="Industry trends",
    number=2,
)

M3 = meeting("2026-12-29", "cancelled", "# Cancelled: Sam was ill\n", number=3)

M4 = meeting(
    "2027-01-14",
    "held",
    """\
# Meeting 3

## Follow-through from earlier meetings

- [x] @mentee Draft the project charter due:2027-01-05 id:bbbb from:2026-12-15 done:2027-01-14

## Follow-through

- [ ] @mentee Ask Priya for a shadowing day due:2027-02-01

## Check-in

### What was useful about today?

The charter review.

## Next time

Not an answer.
""",
    topic="Time management",
    moved_from="2027-01-12",
    number=3,
)

M5 = meeting("2027-01-26", "cancelled", number=4)
M6 = meeting("2027-02-09", "cancelled", number=4)
M7 = meeting(
    "2027-02-16",
    "held",
    "# Extra\n\n## Check-in\n\n### What was useful about today?\n\nQuick unblock.\n",
    topic="A question about the launch",
    number=4,
)
M8 = meeting("2027-02-23", "planned", "# Check-up\n", kind="checkup", number=5)

GOAL1 = """\
---
title: Lead a cross-team project
status: active
priority: 1
created: 2026-12-01
target: 2027-04-30
measure: Lead one project spanning three teams through launch
---
# Lead a cross-team project

## Learning activities

- [x] @mentee Write the proposal #doing due:2026-12-20 done:2026-12-18
- [ ] @mentee Shadow Sam in a planning meeting #others due:2027-03-01

## Progress

- 2026-12-18: Proposal accepted
- 2027-01-20: Kickoff held
"""

GOAL2 = """\
---
title: Speak up in leadership meetings
status: active
priority: 2
created: 2026-12-15
---
# Speak up

## Progress
"""

MEETINGS = {
    "2026-12-01": M1,
    "2026-12-15": M2,
    "2026-12-29": M3,
    "2027-01-14": M4,
    "2027-01-26": M5,
    "2027-02-09": M6,
    "2027-02-16": M7,
    "2027-02-23": M8,
}
TODAY = dt.date(2027, 2, 20)


def build(root: Path, meetings: dict[str, str] | None = None) -> Path:
    (root / "meetings").mkdir(parents=True)
    (root / "goals").mkdir()
    (root / "reviews").mkdir()
    (root / "agreement.md").write_text(AGREEMENT, encoding="utf-8")
    (root / "roadmap.md").write_text(ROADMAP, encoding="utf-8")
    (root / "goals" / "01-lead-a-cross-team-project.md").write_text(GOAL1, encoding="utf-8")
    (root / "goals" / "02-speak-up.md").write_text(GOAL2, encoding="utf-8")
    for date, text in (MEETINGS if meetings is None else meetings).items():
        (root / "meetings" / f"{date}.md").write_text(text, encoding="utf-8")
    return root
