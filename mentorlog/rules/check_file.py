"""``mentorlog check``, one file at a time: its front-matter keys and values against
:data:`mentorlog.model.schema.SCHEMAS`, its name, and lines a merge or a paste left.

Pure over the file's text; :mod:`mentorlog.rules.check` puts the files together.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from mentorlog.model import Problem
from mentorlog.model.names import GOAL_NAME_RE, MEETING_NAME_RE
from mentorlog.model.schema import CONTROL_RE, SCHEMAS, Schema, ValueProblem, as_date
from mentorlog.rules.prospects import parse_prospects
from mentorlog.text import items as itemsmod
from mentorlog.text.frontmatter_read import meta_line
from mentorlog.text.merge import VERSION_COMMENT_RE

CONFLICT_RE = re.compile(r"^(<<<<<<<|>>>>>>>)(?: |$)")


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
    schema = SCHEMAS.get(kind)
    out: list[Problem] = []
    if schema is not None:
        known = schema.names
        out.extend(
            Problem(
                path,
                meta_line(text, key),
                f"unknown key '{key}' (mentorlog reads: {', '.join(known)})",
                "warning",
            )
            for key in meta
            if key not in known
        )
        out.extend(control_problems(schema, path, text, meta))
        if schema.values_checked:  # the agreement's are, by parse_agreement
            bad = schema.problems(meta)
            out.extend(Problem(path, meta_line(text, b.key), b.message) for b in bad)
    if kind == "agreement":
        for key in ("mentee", "mentor"):
            if not str(meta.get(key) or "").strip():
                out.append(Problem(path, meta_line(text, key), f"'{key}' is missing"))
    if kind in ("meeting", "journal"):
        out.extend(name_problems(kind, path, text, meta))
    if path == "prospects.md":
        out.extend(parse_prospects(text, path).problems)
    if kind == "goal" and not GOAL_NAME_RE.match(path.rsplit("/", 1)[-1]):
        out.append(Problem(path, 1, "a goal file is named NN-slug.md, e.g. 01-lead.md", "warning"))
    return out


CONTROL_NAMES = {"\n": "a line break", "\r": "a carriage return (CR)", "\t": "a tab"}


def control_problems(schema: Schema, path: str, text: str, meta: dict[str, Any]) -> list[Problem]:
    """Control characters (line breaks among them) in one-line values: errors. mentorlog
    shows such a value with spaces instead, but a calendar or a template would break."""
    out: list[Problem] = []
    for key in schema.one_line_names:
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
