"""``mentorlog check``: every problem in every file, as ``path:line: message``.

:func:`gather` reads the files (through :mod:`mentorlog.store.files`); :func:`check_sources`
is pure over their texts. Errors make ``check`` exit 1; warnings do not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mentorlog.errors import BadFile
from mentorlog.model import (
    GOAL_STATUSES,
    MEETING_KINDS,
    MEETING_STATUSES,
    Agreement,
    Meeting,
    Problem,
)
from mentorlog.model.names import AGREEMENT, GOAL_NAME_RE, MEETING_NAME_RE
from mentorlog.model.schema import (
    CONTROL_RE,
    ValueProblem,
    as_choice,
    as_clock,
    as_date,
    as_int,
    as_list,
    as_str,
    in_range,
)
from mentorlog.rules.documents import parse_agreement, parse_meeting
from mentorlog.store.files import read_text
from mentorlog.store.paths import refuse_reading
from mentorlog.text import items as itemsmod
from mentorlog.text.frontmatter_read import meta_line, split_front_matter

AGREEMENT_KEYS = [
    "id",
    "mentee",
    "mentor",
    "start",
    "end",
    "months",
    "cadence",
    "cadence_changes",
    "time",
    "duration",
    "timezone",
    "location",
    "initiator",
    "contact",
    "supervisor",
    "confidentiality",
    "no_fault_termination",
]
MEETING_KEYS = ["date", "time", "number", "kind", "status", "topic", "goals", "moved_from"]
GOAL_KEYS = ["title", "category", "priority", "status", "created", "target", "measure"]
JOURNAL_KEYS = ["date", "author"]
PRIVATE_LINES = ("private/", "/private/", "private", "/private")
CONFLICT_RE = re.compile(r"^(<<<<<<<|>>>>>>>)(?: |$)")

Check = Callable[[dict[str, Any]], object]

MEETING_CHECKS: dict[str, Check] = {
    "date": lambda m: in_range("date", as_date(m, "date")),
    "time": lambda m: as_clock(m, "time"),
    "number": lambda m: as_int(m, "number"),
    "kind": lambda m: as_choice(m, "kind", MEETING_KINDS, "") if m.get("kind") else None,
    "status": lambda m: as_choice(m, "status", MEETING_STATUSES, "planned"),
    "topic": lambda m: as_str(m, "topic"),
    "goals": lambda m: as_list(m, "goals"),
    "moved_from": lambda m: as_date(m, "moved_from"),
}
GOAL_CHECKS: dict[str, Check] = {
    "title": lambda m: as_str(m, "title"),
    "category": lambda m: as_str(m, "category"),
    "priority": lambda m: as_int(m, "priority"),
    "status": lambda m: as_choice(m, "status", GOAL_STATUSES, "active"),
    "created": lambda m: as_date(m, "created"),
    "target": lambda m: as_date(m, "target"),
    "measure": lambda m: as_str(m, "measure"),
}
JOURNAL_CHECKS: dict[str, Check] = {"date": lambda m: as_date(m, "date")}


@dataclass
class Source:
    """One file to check: its text, or the problem that kept it from being read."""

    path: str  # repository-relative, forward slashes
    text: str | None
    problem: Problem | None = None


# ------------------------------------------------------------------ reading


def _patterns() -> list[str]:
    return [
        "roadmap.md",
        "goals/*.md",
        "meetings/*.md",
        "journal/*.md",
        "private/journal/*.md",
        "reviews/*.md",
        "prep.md",
        "prospects.md",
    ]


def gather(root: Path) -> list[Source]:
    """The files of the repository that mentorlog reads, each as a Source."""
    paths: list[str] = [AGREEMENT]
    for pattern in _patterns():
        paths.extend(p.relative_to(root).as_posix() for p in sorted(root.glob(pattern)))
    templates = root / ".mentorlog" / "templates"
    if templates.is_dir() or templates.is_symlink() or (root / ".mentorlog").is_symlink():
        link = repo_link(root, ".mentorlog/templates")
        if link is not None:
            paths.append(link)
        else:
            paths.extend(p.relative_to(root).as_posix() for p in sorted(templates.iterdir()))
    if (root / "schedule.ics").is_symlink():
        paths.append("schedule.ics")  # not read, but written: a link is reported
    out: list[Source] = []
    for shown in paths:
        if shown == ".mentorlog" or shown.startswith(".mentorlog/") or shown == "schedule.ics":
            refused = refuse_reading(root, root / shown)
            folder = (root / shown).is_dir() and not (root / shown).is_symlink()
            if refused is not None and not folder:  # a folder of the user's own is fine
                out.append(Source(shown, None, Problem(shown, 1, refused)))
            continue
        path = root / shown
        refused = refuse_reading(root, path) if shown != AGREEMENT else None
        if refused is not None:
            out.append(Source(shown, None, Problem(shown, 1, refused)))
            continue
        if not path.is_file():
            continue
        try:
            out.append(Source(shown, read_text(path, shown)))
        except BadFile as exc:
            out.append(Source(shown, None, Problem(shown, exc.line or 1, exc.message)))
    return out


def repo_link(root: Path, rel: str) -> str | None:
    from mentorlog.store.safety import link_in

    return link_in(root, rel)


def read_gitignore(root: Path) -> str | None:
    """.gitignore's text when the repository is under git ('' when git has no .gitignore)."""
    if not any((folder / ".git").exists() for folder in (root, *root.resolve().parents)):
        return None
    try:
        return (root / ".gitignore").read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


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
    seen: set[tuple[str, int, str]] = set()
    unique: list[Problem] = []
    for p in problems:
        key = (p.path, p.line, p.message)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    unique.sort(key=lambda p: (p.path != AGREEMENT, p.path, p.line))
    return unique


def conflict_markers(path: str, text: str) -> list[Problem]:
    return [
        Problem(
            path,
            n,
            f"merge conflict marker '{m.group(1)}': keep the lines you want and delete the markers",
        )
        for n, line in enumerate(itemsmod.split_lines(text), start=1)
        if (m := CONFLICT_RE.match(line))
    ]


def kept_versions(path: str, text: str) -> list[Problem]:
    """Warnings for the comments ``sync --keep-both`` put before each partner's version."""
    from mentorlog.text.merge import VERSION_COMMENT_RE

    if "<!-- mentorlog: " not in text:
        return []
    return [
        Problem(
            path,
            n,
            f"{m.group('name')}'s version, kept by sync --keep-both: keep what you agreed on, "
            "then delete these comments",
            "warning",
        )
        for n, line in enumerate(itemsmod.split_lines(text), start=1)
        if (m := VERSION_COMMENT_RE.search(line))
    ]


def file_problems(kind: str, path: str, text: str, meta: dict[str, Any]) -> list[Problem]:
    """Unknown keys, invalid values and file names, for one file's front-matter."""
    known: list[str] | None = {
        "agreement": AGREEMENT_KEYS,
        "meeting": MEETING_KEYS,
        "goal": GOAL_KEYS,
        "journal": JOURNAL_KEYS,
    }.get(kind)
    out: list[Problem] = []
    if known is not None:
        for key in meta:
            if key not in known:
                out.append(
                    Problem(
                        path,
                        meta_line(text, key),
                        f"unknown key '{key}' (mentorlog reads: {', '.join(known)})",
                        "warning",
                    )
                )
    out.extend(control_problems(kind, path, text, meta))
    checks = {"meeting": MEETING_CHECKS, "goal": GOAL_CHECKS, "journal": JOURNAL_CHECKS}.get(kind)
    if checks:
        out.extend(value_problems(path, text, meta, checks))
    if kind == "agreement":
        for key in ("mentee", "mentor"):
            if not str(meta.get(key) or "").strip():
                out.append(Problem(path, meta_line(text, key), f"'{key}' is missing"))
    if kind in ("meeting", "journal"):
        out.extend(name_problems(kind, path, text, meta))
    if path == "prospects.md":
        from mentorlog.rules.prep import parse_prospects

        out.extend(parse_prospects(text, path).problems)
    if kind == "goal" and not GOAL_NAME_RE.match(path.rsplit("/", 1)[-1]):
        out.append(Problem(path, 1, "a goal file is named NN-slug.md, e.g. 01-lead.md", "warning"))
    return out


#: The one-line values of each kind of file: names, places, topics, titles.
ONE_LINE_KEYS: dict[str, tuple[str, ...]] = {
    "agreement": (
        "id",
        "mentee",
        "mentor",
        "cadence",
        "timezone",
        "location",
        "contact",
        "supervisor",
        "confidentiality",
    ),
    "meeting": ("topic",),
    "goal": ("title", "category", "measure"),
}
CONTROL_NAMES = {"\n": "a line break", "\r": "a carriage return (CR)", "\t": "a tab"}


def control_problems(kind: str, path: str, text: str, meta: dict[str, Any]) -> list[Problem]:
    """Control characters (line breaks among them) in one-line values: errors. mentorlog
    shows such a value with spaces instead, but a calendar or a template would break."""
    out: list[Problem] = []
    for key in ONE_LINE_KEYS.get(kind, ()):
        value = meta.get(key)
        if not isinstance(value, str):
            continue
        m = CONTROL_RE.search(value)
        if m is None:
            continue
        ch = m.group(0)
        what = CONTROL_NAMES.get(ch, f"the control character U+{ord(ch):04X}")
        out.append(
            Problem(
                path,
                meta_line(text, key),
                f"'{key}' holds {what}; keep it on one line, as plain text",
            )
        )
    return out


def value_problems(
    path: str, text: str, meta: dict[str, Any], checks: dict[str, Check]
) -> list[Problem]:
    out: list[Problem] = []
    for key, check in checks.items():
        if key not in meta:
            continue
        try:
            check(meta)
        except ValueProblem as exc:
            out.append(Problem(path, meta_line(text, key), exc.message))
    return out


def name_problems(kind: str, path: str, text: str, meta: dict[str, Any]) -> list[Problem]:
    name = path.rsplit("/", 1)[-1]
    m = MEETING_NAME_RE.match(name)
    what = "a meeting" if kind == "meeting" else "a journal entry"
    if not m:
        return [
            Problem(
                path,
                1,
                f"{what} file is named YYYY-MM-DD.md (YYYY-MM-DD-2.md for a second one that day)",
            )
        ]
    try:
        file_date = dt.date.fromisoformat(m.group(1))
    except ValueError:
        return [Problem(path, 1, f"'{m.group(1)}' in the file name is not a date")]
    try:
        date = as_date(meta, "date")
    except ValueProblem:
        return []  # reported with the values
    if date is not None and date != file_date:
        return [
            Problem(
                path,
                meta_line(text, "date"),
                f"'date: {date}' does not match the file name (rename the file or fix the date)",
            )
        ]
    return []


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
    from mentorlog.rules import timeline

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


def roadmap_control_problems(path: str, text: str) -> list[Problem]:
    """Control characters inside a roadmap line (a topic is one line)."""
    out = []
    for n, line in enumerate(itemsmod.split_lines(text), start=1):
        m = CONTROL_RE.search(line.replace("\t", " "))
        if m is not None:
            out.append(
                Problem(
                    path,
                    n,
                    f"holds the control character U+{ord(m.group(0)):04X}; "
                    "keep each topic on one line, as plain text",
                )
            )
    return out
