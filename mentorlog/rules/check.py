"""``mentorlog check``: every problem in every file, as ``path:line: message``.

Pure over the files' texts (:mod:`mentorlog.store.inventory` reads them). Each
file on its own is checked by :mod:`mentorlog.rules.check_file` (its keys and
values against :data:`mentorlog.model.schema.SCHEMAS`); here are the problems
across files: items, ``from:`` references, the timeline. Errors make ``check``
exit 1; warnings do not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mentorlog.errors import BadFile
from mentorlog.model import Agreement, Meeting, Problem
from mentorlog.model.names import AGREEMENT, MEETING_NAME_RE
from mentorlog.rules import timeline
from mentorlog.rules.check_file import (
    conflict_markers,
    file_problems,
    kept_versions,
    roadmap_control_problems,
)
from mentorlog.rules.documents import parse_agreement, parse_meeting
from mentorlog.text import items as itemsmod
from mentorlog.text.frontmatter_read import meta_line, split_front_matter

PRIVATE_LINES = ("private/", "/private/", "private", "/private")


@dataclass
class Source:
    """One file to check: its text, or the problem that kept it from being read."""

    path: str  # repository-relative, forward slashes
    text: str | None
    problem: Problem | None = None


# ------------------------------------------------------------------ checking


def kind_of(path: str) -> str:
    if path == AGREEMENT:
        return "agreement"
    if path == "roadmap.md":
        return "roadmap"
    folder = path.rsplit("/", 1)[0] if "/" in path else ""
    return {
        "meetings": "meeting",
        "goals": "goal",
        "journal": "journal",
        "private/journal": "journal",
    }.get(folder, "other")


def check_sources(sources: Iterable[Source], gitignore: str | None = None) -> list[Problem]:
    """Every problem in ``sources``, sorted by file and line."""
    problems: list[Problem] = []
    parsed: list[tuple[Source, dict[str, Any], str, int]] = []
    agreement_meta: dict[str, Any] = {}
    agreement: tuple[Agreement, str] | None = None
    owners: dict[str, str] | None = None
    sources = list(sources)
    # every meeting file there is, read or not: a file that cannot be parsed is reported
    # once, and the references to it are not blamed
    meeting_dates = {
        m.group(1)
        for src in sources
        if kind_of(src.path) == "meeting"
        and (m := MEETING_NAME_RE.match(src.path.rsplit("/", 1)[-1]))
    }
    for src in sources:
        if src.problem is not None or src.text is None:
            problems.append(src.problem or Problem(src.path, 1, "cannot be read"))
            continue
        text = src.text
        if not text.strip():
            problems.append(Problem(src.path, 1, "empty file"))
            continue
        problems.extend(conflict_markers(src.path, text))
        problems.extend(kept_versions(src.path, text))
        kind = kind_of(src.path)
        try:
            meta, body, body_line = split_front_matter(text, src.path)
        except BadFile as exc:
            problems.append(Problem(src.path, exc.line or 1, exc.message))
            continue
        problems.extend(file_problems(kind, src.path, text, meta))
        if kind == "roadmap":
            problems.extend(roadmap_control_problems(src.path, text))
        if kind == "agreement":
            agreement_meta = meta
            try:
                a = parse_agreement(text, src.path)
                owners = itemsmod.owner_map(a.mentee, a.mentor)
                agreement = (a, text)
            except BadFile as exc:
                problems.append(Problem(src.path, exc.line or 1, exc.message))
        parsed.append((src, meta, body, body_line))
    if owners is None:
        owners = itemsmod.owner_map(
            str(agreement_meta.get("mentee") or ""), str(agreement_meta.get("mentor") or "")
        )
    problems.extend(item_problems(parsed, owners, meeting_dates))
    problems.extend(timeline_problems(parsed, agreement, owners))
    if gitignore is not None and not any(
        ln.strip() in PRIVATE_LINES for ln in gitignore.splitlines()
    ):
        problems.append(
            Problem(
                ".gitignore",
                1,
                "private/ is not listed: plain git commands could share your private notes "
                "(mentorlog never commits them); add a line 'private/'",
                "warning",
            )
        )
    # one problem once, in file order
    first: dict[tuple[str, int, str], Problem] = {}
    for p in problems:
        first.setdefault((p.path, p.line, p.message), p)
    unique = list(first.values())
    unique.sort(key=lambda p: (p.path != AGREEMENT, p.path, p.line))
    return unique


def item_problems(
    parsed: list[tuple[Source, dict[str, Any], str, int]],
    owners: dict[str, str],
    known_meetings: Iterable[str] = (),
) -> list[Problem]:
    """Items without an owner or with an unknown one, bad dates, duplicate ids, dangling from:.

    ``known_meetings``: dates of meeting files that exist but may not parse (no
    ``from:`` naming one of them is blamed).
    """
    out: list[Problem] = []
    meeting_dates: set[str] = set(known_meetings)
    for src, meta, _body, _ in parsed:
        if kind_of(src.path) == "meeting":
            m = MEETING_NAME_RE.match(src.path.rsplit("/", 1)[-1])
            if m:
                meeting_dates.add(m.group(1))
            value = meta.get("date")
            if value is not None:
                meeting_dates.add(str(value))
    handles: dict[str, str] = {}  # role -> the first handle naming it (a first name)
    for handle, role in owners.items():
        if handle not in ("mentee", "mentor"):
            handles.setdefault(role, f"@{handle}")
    for src, _meta, body, body_line in parsed:
        if kind_of(src.path) not in ("meeting", "goal"):
            continue
        items, bad = itemsmod.parse_items(body, src.path, owners, body_line)
        out.extend(Problem(src.path, line, msg) for line, msg in bad)
        first_line: dict[str, int] = {}
        for item in items:
            if item.from_ is not None and item.id is not None:
                pass  # a carried copy: the owner warning stands at the original, once
            elif item.owner_token is None:
                out.append(
                    Problem(
                        src.path, item.line, "item has no owner (add @mentee or @mentor)", "warning"
                    )
                )
            elif item.owner is None:
                names = ", ".join(["@mentee", "@mentor", *handles.values()])
                out.append(
                    Problem(
                        src.path,
                        item.line,
                        f"{item.owner_token} is neither the mentee nor the mentor (use {names})",
                        "warning",
                    )
                )
            if item.id is not None:
                if item.id in first_line:
                    out.append(
                        Problem(
                            src.path,
                            item.line,
                            f"id:{item.id} is used twice in this file (also line "
                            f"{first_line[item.id]}); give one of them another id or none",
                        )
                    )
                else:
                    first_line[item.id] = item.line
            if item.from_ is not None and item.from_.isoformat() not in meeting_dates:
                out.append(
                    Problem(
                        src.path,
                        item.line,
                        f"from:{item.from_} names no meeting (no meetings/{item.from_}.md)",
                        "warning",
                    )
                )
    return out


def timeline_problems(
    parsed: list[tuple[Source, dict[str, Any], str, int]],
    agreement: tuple[Agreement, str] | None,
    owners: dict[str, str],
) -> list[Problem]:
    """What the timeline says is off: a stale ``number:`` hint, a meeting time that
    the clocks skip or show twice on some meeting date (as warnings)."""
    out: list[Problem] = []
    planned: set[dt.date] = set()
    zone = clock = None
    if agreement is not None:
        a, text = agreement
        planned = {o.date for o in timeline.occurrences(a)}
        zone, clock = a.timezone, a.time
        warning = timeline.planned_clock_warning(a)
        if warning is not None:
            out.append(Problem(a.path, meta_line(text, "time"), warning, "warning"))
    meetings: list[tuple[Meeting, str]] = []
    for src, _meta, _body, _line in parsed:
        if kind_of(src.path) != "meeting" or src.text is None:
            continue
        try:
            meeting, _found = parse_meeting(src.text, src.path, owners)
        except BadFile:
            continue  # reported once, where it is read
        meetings.append((meeting, src.text))
    numbers = timeline.numbers([m for m, _ in meetings])
    on_day = {(m.date, m.suffix): m for m, _ in meetings}
    for m, text in meetings:
        original = on_day.get((m.moved_from, 1)) if m.moved_from is not None else None
        if original is not None and not original.cancelled and not m.cancelled:
            out.append(
                Problem(
                    m.path,
                    meta_line(text, "moved_from"),
                    f"moved from {m.moved_from}, but {original.path} is {original.status}: "
                    "set its 'status: cancelled' (or remove moved_from here)",
                    "warning",
                )
            )
        n = numbers[m.path]
        if m.number is not None and not m.cancelled and m.number != n:
            out.append(
                Problem(
                    m.path,
                    meta_line(text, "number"),
                    f"'number: {m.number}' is out of date: by date this is meeting {n} "
                    "(status, reviews and the calendar show that); change it to "
                    f"{n} or remove the line",
                    "warning",
                )
            )
        if zone is not None and m.time and (m.time != clock or m.date not in planned):
            warning = timeline.clock_warning([m.date], m.time, zone)
            if warning is not None:
                out.append(Problem(m.path, meta_line(text, "time"), warning, "warning"))
    return out


def summary(problems: list[Problem]) -> tuple[int, int]:
    errors = sum(1 for p in problems if p.severity != "warning")
    return errors, len(problems) - errors
