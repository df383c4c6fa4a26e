"""Generate a synthetic mentoring repository for benchmarks.

    python benchmarks/generate.py DIR --meetings 500 [--items 10] [--goals 50]

The repository is realistic in shape: weekly meetings with notes, check-in
answers and follow-through items (some carried with ids, some done, some in
code blocks), goals with learning activities and progress, a long roadmap.
Deterministic for the same arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

START = dt.date(2018, 1, 1)
QUESTIONS = (
    "What was useful about today?",
    "What are the next steps?",
    "What will each of us do before the next meeting?",
    "What should change for next time?",
    "What is working, and what is not?",
)


def generate(root: Path, meetings: int, items: int = 10, goals: int = 50) -> None:
    rng = random.Random(meetings * 1000 + items)
    root.mkdir(parents=True, exist_ok=True)
    end = START + dt.timedelta(days=7 * meetings + 6)
    (root / "agreement.md").write_text(
        "---\nid: bench1\nmentee: Ana Ruiz\nmentor: Sam Lee\n"
        f'start: {START}\nend: {end}\ncadence: weekly\ntime: "17:30"\nduration: 60\n'
        "timezone: Europe/Berlin\nlocation: Room 4\ninitiator: mentee\n---\n\n"
        "# Mentoring agreement\n\n## Why this partnership\n\nBenchmark data.\n",
        encoding="utf-8",
    )
    topics = [f"Topic number {n}" for n in range(1, meetings + 11)]
    roadmap = ["# Roadmap", ""]
    for n, t in enumerate(topics, start=1):
        roadmap += [f"{n}. {t}", f"   - a note for {t.lower()}"]
    (root / "roadmap.md").write_text("\n".join(roadmap) + "\n", encoding="utf-8")

    (root / "goals").mkdir(exist_ok=True)
    for g in range(1, goals + 1):
        created = START + dt.timedelta(days=g)
        acts = []
        for k, tag in enumerate(("doing", "others", "stretch", "doing")):
            due = created + dt.timedelta(days=30 * (k + 1))
            done = f" done:{due}" if rng.random() < 0.5 else ""
            mark = "x" if done else " "
            acts.append(f"- [{mark}] @mentee Activity {k + 1} of goal {g} #{tag} due:{due}{done}")
        progress = [f"- {created + dt.timedelta(days=7 * k)}: step {k}" for k in range(1, 4)]
        (root / "goals" / f"{g:02d}-goal-number-{g}.md").write_text(
            f"---\ntitle: Goal number {g}\ncategory: Build confidence\npriority: {g}\n"
            f"status: {'active' if g <= 3 else 'achieved'}\ncreated: {created}\n"
            f"target: {created + dt.timedelta(days=150)}\nmeasure: Something measurable\n---\n\n"
            f"# Goal number {g}\n\n## Specific\n\nText.\n\n## Learning activities\n\n"
            + "\n".join(acts)
            + "\n\n## Progress\n\n"
            + "\n".join(progress)
            + "\n",
            encoding="utf-8",
        )

    (root / "meetings").mkdir(exist_ok=True)
    open_items: list[tuple[str, str, dt.date]] = []  # (id, line text, origin date)
    serial = 0
    number = 0
    for n in range(meetings):
        day = START + dt.timedelta(days=7 * n)
        cancelled = rng.random() < 0.05
        if not cancelled:
            number += 1
        carried = []
        still_open = []
        for ident, text, origin in open_items:
            if rng.random() < 0.5:
                carried.append(f"- [x] {text} id:{ident} from:{origin} done:{day}")
            else:
                carried.append(f"- [ ] {text} id:{ident} from:{origin}")
                still_open.append((ident, text, origin))
        open_items = still_open
        new = []
        for k in range(items):
            serial += 1
            owner = "@mentee" if k % 2 == 0 else "@mentor"
            due = day + dt.timedelta(days=rng.randint(3, 30))
            text = f"{owner} Task {serial} for meeting {n + 1} due:{due}"
            if k == items - 1:
                new.append("```\n- [ ] @mentee not an item, in a code block\n```")
                continue
            # as mentorlog leaves them: an item still open at the next meeting was
            # carried there and has an id; the others were done by then
            if n == meetings - 1:
                new.append(f"- [ ] {text}")
            elif rng.random() < 0.3:
                ident = f"b{serial:x}"
                new.append(f"- [ ] {text} id:{ident}")
                open_items.append((ident, text, day))
            else:
                new.append(f"- [x] {text} done:{day + dt.timedelta(days=2)}")
        checkin = []
        for q in QUESTIONS:
            checkin += [f"### {q}", "", f"An answer to '{q.lower()}' on {day}.", ""]
        status = "cancelled" if cancelled else "held"
        body = (
            f'---\ndate: {day}\ntime: "17:30"\nnumber: {number}\nkind: regular\n'
            f"status: {status}\ntopic: {topics[n]}\ngoals: [01-goal-number-1]\n---\n\n"
            f"# Meeting {number}: {topics[n]}\n\n## Agenda\n\n- {topics[n]}\n\n"
            "## Follow-through from earlier meetings\n\n" + "\n".join(carried) + "\n\n"
            "## Notes\n\n"
            + "\n".join(f"- Note line {k} about the topic." for k in range(8))
            + "\n\n## Follow-through\n\n"
            + "\n".join(new)
            + "\n\n## Check-in\n\n"
            + "\n".join(checkin)
        )
        (root / "meetings" / f"{day}.md").write_text(body, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--meetings", type=int, default=500)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--goals", type=int, default=50)
    args = parser.parse_args()
    generate(args.directory, args.meetings, args.items, args.goals)


if __name__ == "__main__":
    main()
