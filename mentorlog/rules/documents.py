"""Parse the repository's documents: the agreement, the roadmap, a meeting, a goal.

Pure over a file's text (no I/O): each parser returns the model object or raises
BadFile naming the file and the line of the first bad value.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from mentorlog.errors import BadFile
from mentorlog.model import (
    Agreement,
    Goal,
    Meeting,
    Problem,
    Progress,
    Topic,
)
from mentorlog.model.item_rows import items_later
from mentorlog.model.names import AGREEMENT, GOAL_NAME_RE, MEETING_NAME_RE
from mentorlog.model.schema import (
    AGREEMENT_SCHEMA,
    GOAL_SCHEMA,
    MAX_DURATION,
    MEETING_SCHEMA,
    ValueProblem,
    as_date,
    as_str,
    in_range,
    one_line,
)
from mentorlog.text import items as itemsmod
from mentorlog.text.frontmatter_read import meta_line, meta_lines, split_front_matter


def parse_agreement(text: str, shown: str = AGREEMENT) -> Agreement:
    """The agreement; BadFile naming the line of the first bad value."""
    # only the agreement needs the schedule's rules and the time zones: imported here,
    # so that reading the other files (and an agreement the index kept) costs neither
    from zoneinfo import ZoneInfo

    from mentorlog.rules.schedule import CadenceError, end_from_months, parse_cadence, periods

    meta, _body, _ = split_front_matter(text, shown)
    if not meta:
        raise BadFile(
            "has no front-matter (the '---' block with mentee, mentor, start...)",
            path=shown,
            line=1,
        )
    try:
        value = functools.partial(AGREEMENT_SCHEMA.value, meta)
        start = as_date(meta, "start", required=True)
        end = value("end")
        months = value("months")
        if end is None and months is not None:
            if months < 1:
                raise ValueProblem("months", "'months' must be 1 or more")
            end = end_from_months(start, months)  # type: ignore[arg-type]
        if end is None:
            raise ValueProblem("end", "'end' is missing (a date, YYYY-MM-DD)")
        assert start is not None
        in_range("start", start)
        in_range("end", end)
        if end < start:
            raise ValueProblem("end", f"'end: {end}' is before 'start: {start}'")
        changes: list[tuple[dt.date, str]] = []
        raw_changes = meta.get("cadence_changes") or []
        if not isinstance(raw_changes, list):
            raise ValueProblem(
                "cadence_changes",
                "'cadence_changes' should be a list of {from: DATE, cadence: TEXT}",
            )
        for entry in raw_changes:
            if not isinstance(entry, dict) or "from" not in entry or "cadence" not in entry:
                raise ValueProblem(
                    "cadence_changes", "each cadence change needs 'from' and 'cadence'"
                )
            try:
                when = as_date(entry, "from", required=True)
            except ValueProblem as exc:  # reported at the line of cadence_changes
                raise ValueProblem("cadence_changes", exc.message) from None
            assert when is not None
            changes.append((when, as_str(entry, "cadence")))
        cadence = value("cadence") or "biweekly"
        timezone = value("timezone") or "UTC"
        try:
            parse_cadence(cadence)
            periods(start, end, cadence, changes)
        except CadenceError as exc:
            raise ValueProblem("cadence", str(exc)) from None
        try:
            ZoneInfo(timezone)
        except (ValueError, KeyError, OSError):
            raise ValueProblem(
                "timezone",
                f"'timezone: {timezone}' is not an IANA time zone name such as Europe/Berlin",
            ) from None
        duration = value("duration")
        if duration is not None and not 0 < duration <= MAX_DURATION:
            raise ValueProblem(
                "duration",
                f"'duration' must be a positive number of minutes, at most {MAX_DURATION} (a day)",
            )
        nft = meta.get("no_fault_termination", True)
        return Agreement(
            path=AGREEMENT,
            id=value("id") or "mentorlog",
            mentee=value("mentee") or "Mentee",
            mentor=value("mentor") or "Mentor",
            start=start,
            end=end,
            cadence=cadence,
            time=value("time") or "17:00",
            duration=duration or 60,
            timezone=timezone,
            location=value("location"),
            initiator=value("initiator"),
            contact=value("contact"),
            supervisor=value("supervisor"),
            confidentiality=value("confidentiality"),
            no_fault_termination=bool(nft)
            if not isinstance(nft, str)
            else nft.strip().lower() in ("true", "yes", "1"),
            cadence_changes=changes,
            meta=meta,
        )
    except ValueProblem as exc:
        raise BadFile(exc.message, path=shown, line=meta_line(text, exc.key)) from None


def parse_roadmap(text: str, shown: str = "roadmap.md") -> list[Topic]:
    """Top-level list items are topics; their nested lines are notes."""
    _meta, body, body_line = split_front_matter(text, shown)
    topics: list[Topic] = []
    top = re.compile(r"^(?:[-*+]|\d{1,9}[.)])[ \t]++(.*\S)\s*$")  # possessive: linear time
    in_fence = False
    for n, line in enumerate(itemsmod.split_lines(body)):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        m = top.match(line)
        if m:
            title = one_line(re.sub(r"^\[[ xX]\][ \t]+", "", m.group(1)).strip())
            topics.append(
                Topic(position=len(topics) + 1, title=title, notes=[], line=n + body_line)
            )
        elif topics and line[:1] in (" ", "\t") and stripped:
            topics[-1].notes.append(line)
    for t in topics:
        t.notes = _dedent(t.notes)
    return topics


def _dedent(lines: list[str]) -> list[str]:
    if not lines:
        return []
    width = min(len(line) - len(line.lstrip()) for line in lines)
    return [line[width:].rstrip() for line in lines]


def parse_meeting(text: str, shown: str, owners: dict[str, str]) -> tuple[Meeting, list[Problem]]:
    name = shown.rsplit("/", 1)[-1]
    m = MEETING_NAME_RE.match(name)
    if not m:
        raise BadFile(
            "a meeting file is named YYYY-MM-DD.md (or YYYY-MM-DD-2.md for a second "
            "meeting that day)",
            path=shown,
            line=1,
        )
    try:
        file_date = dt.date.fromisoformat(m.group(1))
    except ValueError:
        raise BadFile(
            f"'{m.group(1)}' in the file name is not a date", path=shown, line=1
        ) from None
    meta, body, body_line = split_front_matter(text, shown)
    problems: list[Problem] = []
    try:
        values = MEETING_SCHEMA.read(meta)  # the first bad value raises; keys as Meeting's
        values["date"] = values["date"] or file_date
        in_range("date", values["date"])
        values["topic"] = values["topic"] or None
        meeting = Meeting(
            path=shown,
            suffix=int(m.group(2) or 1),
            meta=meta,
            body=body,
            body_line=body_line,
            **values,
        )
    except ValueProblem as exc:
        raise BadFile(exc.message, path=shown, line=meta_line(text, exc.key)) from None
    if meeting.date != file_date:
        problems.append(
            Problem(
                shown,
                meta_line(text, "date"),
                f"'date: {meeting.date}' does not match the file name",
                "warning",
            )
        )
    found = itemsmod.parse_item_rows(body, shown, owners, body_line)
    if found is not None:  # its items are made when first used (a cold read keeps the rows)
        rows, item_problems = found
        items_later(meeting, rows, owners)
    else:
        meeting.items, item_problems = itemsmod.parse_items(body, shown, owners, body_line)
    problems.extend(Problem(shown, line, msg) for line, msg in item_problems)
    return meeting, problems


#: A dated progress bullet (compiled when a goal is first parsed).
PROGRESS = (
    r"^[ \t]*[-*+][ \t]+(?:\*\*)?(\d{4}-\d{2}-\d{2})(?:\*\*)?[ \t]*[:\u2013\u2014-]?[ \t]*(.*)$"
)


def parse_goal(text: str, shown: str, owners: dict[str, str]) -> tuple[Goal, list[Problem]]:
    name = shown.rsplit("/", 1)[-1]
    m = GOAL_NAME_RE.match(name)
    order, slug = (int(m.group(1)), m.group(2)) if m else (0, name[:-3])
    meta, body, body_line = split_front_matter(text, shown)
    try:
        values = GOAL_SCHEMA.read(meta)  # the first bad value raises; keys as Goal's
        if not values["title"]:  # line by line: a CRLF or CR-only file's title has no "\r"
            headings = (re.match(r"#[ \t]+(.+?)[ \t#]*$", s) for s in itemsmod.split_lines(body))
            heading = next((h for h in headings if h), None)
            values["title"] = heading.group(1) if heading else slug.replace("-", " ").capitalize()
        goal = Goal(
            path=shown, order=order, slug=slug, meta=meta, body=body, body_line=body_line, **values
        )
    except ValueProblem as exc:
        raise BadFile(exc.message, path=shown, line=meta_line(text, exc.key)) from None
    goal.items, item_problems = itemsmod.parse_items(body, shown, owners, body_line)
    goal.progress = parse_progress(body, body_line)
    goal.meta_lines = meta_lines(text)
    return goal, [Problem(shown, line, msg) for line, msg in item_problems]


def parse_progress(body: str, body_line: int) -> list[Progress]:
    """Dated bullets under the "Progress" heading: ``- 2026-12-15: text``."""
    out: list[Progress] = []
    level = 0  # the Progress heading's level while inside it (its sub-headings belong to it)
    progress_re = re.compile(PROGRESS)  # (re keeps it once compiled)
    for n, line in enumerate(itemsmod.split_lines(body)):
        heading = re.match(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$", line)
        if heading:
            if heading.group(2).strip().lower() == "progress":
                level = len(heading.group(1))
            elif len(heading.group(1)) <= level:
                level = 0
            continue
        if not level:
            continue
        m = progress_re.match(line)
        if m:
            try:
                when: dt.date | None = dt.date.fromisoformat(m.group(1))
            except ValueError:
                when = None
            out.append(Progress(when, m.group(2).strip(), n + body_line))
    return out
