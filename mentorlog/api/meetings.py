"""new-meeting as a use case: plan, carry, write, refresh the calendar, commit."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from mentorlog.api.base import BeforeCommit
from mentorlog.api.schedule import refreshed_schedule
from mentorlog.errors import BadFile, UsageError
from mentorlog.model import Meeting, Partnership, Problem, names
from mentorlog.render import drafts
from mentorlog.rules import carry, scaffold
from mentorlog.rules.documents import parse_meeting
from mentorlog.rules.followthrough import unreadable_files
from mentorlog.rules.scaffold import one_line
from mentorlog.rules.timeline import kinds_by_date
from mentorlog.store import files, paths, refusals
from mentorlog.text.frontmatter import set_value
from mentorlog.text.frontmatter_read import split_front_matter
from mentorlog.text.items import owner_map

Change = tuple[Path, bytes, bytes, str]  # (path, old bytes, new bytes, shown), as repo plans


@dataclass
class NewMeeting:
    """What :func:`new_meeting` did."""

    plan: scaffold.MeetingPlan
    original: Meeting | None  # the planned meeting marked cancelled (moved_from)
    carried: int  # open follow-through items carried into it
    gained: list[str] = field(default_factory=list)  # older files whose items gained ids
    not_carried: list[str] = field(default_factory=list)  # meeting files that cannot be parsed
    commit: str | None = None


def new_meeting(
    p: Partnership,
    today: dt.date,
    date: dt.date | None = None,
    *,
    clock: str | None = None,
    kind: str | None = None,
    topic: str | None = None,
    moved_from: dt.date | None = None,
    commit_files: bool = True,
    before_commit: BeforeCommit | None = None,
) -> NewMeeting:
    """Write meetings/DATE.md for the next planned meeting (or ``date``), carrying
    the open follow-through items into it (older items gain their ``id:``), mark the
    planned meeting of ``moved_from`` cancelled, refresh schedule.ics and commit.

    ``clock`` is ``HH:MM``. ``p`` is read once: the calendar is refreshed from it
    and the new file as it is on disk after ``before_commit``."""
    if p.kept is not None:
        p.kept.hold()  # the files are about to change: nothing kept for them would be used
    if topic is not None:
        topic = one_line(topic)  # no control characters or undecodable bytes in the YAML
    original = None
    if moved_from is not None:
        original = check_moved_from(p, moved_from)
        if original is not None:  # read the timeline as it will be: the original cancelled
            p = dataclasses.replace(
                p,
                meetings=[
                    dataclasses.replace(m, status="cancelled") if m is original else m
                    for m in p.meetings
                ],
            )
    planned = (p, today, date, clock, kind, topic, moved_from)
    draft = scaffold.draft_meeting(*planned, exists=drafts.exists_in(p.root))
    carried = carry.plan_carry(p, draft.date, names.meeting_suffix(draft.path.name))
    if carried.lines:
        draft = scaffold.with_carried(draft, carried.lines)
    plan = drafts.meeting(draft, p.root)  # rendered once
    owners = owner_map(p.agreement.mentee, p.agreement.mentor)
    changes = files.plan_line_edits(p.root, carry.id_edits(carried), owners)
    if original is not None:
        changes = mark_cancelled(p.root, original.path, changes)
    target = paths.inside(p.root, plan.path, "meeting file")  # meetings/ may be a link out
    files.write_new_with_edits(target, plan.text, plan.path.as_posix(), changes)
    if before_commit is not None:  # what the user wrote there is committed
        before_commit(target)
    # the record of the move goes into the same commit, also when the partners marked
    # it cancelled by hand before running new-meeting
    record = [
        Path(m.path)
        for m in p.meetings
        if moved_from is not None and m.date == moved_from and m.suffix == 1 and m.cancelled
    ]
    edited = {shown for _path, _old, _new, shown in changes}
    written = [
        plan.path,
        *(Path(shown) for _path, _old, _new, shown in changes),
        *(path for path in record if path.as_posix() not in edited),
        *refreshed_schedule(p.root, with_new_meeting(p, target, plan.path.as_posix())),
    ]
    made = NewMeeting(plan, original, len(carried.lines))
    if carried.lines:
        made.gained = sorted(edited)
    made.not_carried = [f for f in unreadable_files(p) if f.startswith("meetings/")]
    if commit_files:
        from mentorlog.api.committing import commit  # (git's modules: not for --no-commit)

        moved = f", moved from {moved_from}" if moved_from is not None else ""
        message = f"mentorlog: new meeting {plan.date}{moved}"
        made.commit = commit(p.root, written, message, p.agreement.mentee)
    return made


def with_new_meeting(p: Partnership, path: Path, shown: str) -> Partnership:
    """``p`` with the meeting just written at ``path`` as the calendar sees it (read
    again: the editor may have changed it), without loading the repository again.

    Only its front-matter is read: the calendar needs nothing of its body (whose
    items would take the Markdown parser), and a file whose front-matter cannot be
    read is one the calendar is not refreshed from, as before."""
    owners = owner_map(p.agreement.mentee, p.agreement.mentor)
    try:
        text = refusals.read_text(path, shown)
        _meta, body, _line = split_front_matter(text, shown)
        head = text[: len(text) - len(body)] if text.endswith(body) else text
        meeting, problems = parse_meeting(head, shown, owners)
    except BadFile as exc:
        problem = Problem(exc.path or shown, exc.line or 1, exc.message)
        return dataclasses.replace(p, problems=[*p.problems, problem])
    meetings = sorted([*p.meetings, meeting], key=lambda m: (m.date, m.suffix))
    return dataclasses.replace(p, meetings=meetings, problems=[*p.problems, *problems])


def check_moved_from(p: Partnership, day: dt.date) -> Meeting | None:
    """``moved_from`` names a planned date that no held meeting holds and no other
    meeting was moved from; returns the planned meeting file there (to be marked
    cancelled), or None when there is none or it is cancelled already."""
    planned = kinds_by_date(p.agreement)
    if day not in planned:
        near = [max((d for d in planned if d < day), default=None)]
        near.append(min((d for d in planned if d > day), default=None))
        hint = " or ".join(str(d) for d in near if d is not None)
        raise UsageError(
            f"--moved-from {day} is not a planned meeting date"
            f"{f' (the nearest: {hint})' if hint else ''}; "
            "leave it out for a meeting off the cadence"
        )
    original = None
    for m in sorted(p.meetings, key=lambda m: m.path):
        if m.moved_from == day:
            raise UsageError(f"{m.path}: this meeting is moved from {day} already")
        if m.date == day and m.suffix == 1 and m.status == "held":
            raise UsageError(
                f"{m.path}: the meeting of {day} is held, so it cannot move; for another "
                "meeting leave --moved-from out (or fix its 'status:' if it did not take place)"
            )
        if m.date == day and m.suffix == 1 and m.status == "planned":
            original = m
    shown = f"meetings/{names.dated_name(day)}"
    if (p.root / shown).exists() and not any(m.path == shown for m in p.meetings):
        raise UsageError(
            f"{shown} cannot be parsed (see mentorlog check), so mentorlog cannot mark it "
            "cancelled; fix it first, nothing was written"
        )
    return original


def mark_cancelled(root: Path, shown: str, changes: list[Change]) -> list[Change]:
    """``changes`` plus the one-line edit that sets ``status: cancelled`` in ``shown``
    (on top of any item edit planned there already)."""
    path = paths.inside(root, shown, "meeting file")
    earlier = next((c for c in changes if c[3] == shown), None)
    old = earlier[1] if earlier else path.read_bytes()
    edited = set_value(earlier[2] if earlier else old, "status", "cancelled")
    if edited is None:
        raise UsageError(
            f"{shown}: its 'status:' is not a one-line value, so mentorlog cannot mark it "
            "cancelled; set 'status: cancelled' yourself, then run again"
        )
    return [c for c in changes if c[3] != shown] + [(path, old, edited, shown)]
