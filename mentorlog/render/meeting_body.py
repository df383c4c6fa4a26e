"""A new meeting's body from the shipped templates, without Jinja.

Importing Jinja costs more than everything else ``new-meeting`` renders, so
the shipped meeting templates (``meeting.md``, ``meeting-KIND.md``,
``checkin.md``) are also written out here as plain Python, piece for piece
as Jinja renders them (``trim_blocks`` and ``lstrip_blocks``: a line holding
only a tag or a comment leaves nothing). :func:`render` is used only while
those files hold exactly the text it was written from (:data:`SHIPPED`, their
SHA-256); a changed or overridden template goes to Jinja
(:func:`mentorlog.render.templates.render`). Tests hold both to the same
output, for every kind and for contexts drawn at random.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mentorlog.text import digests

#: The SHA-256 of each shipped template this module renders (tests keep it current).
SHIPPED = {
    "meeting.md": "835ead0072ddf1ade305acdcd069034cb8d6543948ebd9560c7652430caca2f2",
    "checkin.md": "f25c91e56efef1fe888662373766de1aa031e278815317f60c142833d5b3d934",
    "meeting-first.md": "b329445c9771d57d82242d4d58d9e971ceccfba2181f08227e2ab34f9fdee078",
    "meeting-regular.md": "5438df62a7064b7731b1362166e957a29ac707efcd3a4ec8424f867aa1305d4f",
    "meeting-checkup.md": "6aa2511f7158a43d3b664177788904d7137561471c33b52230f16146b2ec5542",
    "meeting-midpoint.md": "21e92f2ba34ba3d380d86d7b7d7b5359b0811605c31015bb1171a38f0ae15f9e",
    "meeting-closing.md": "4a6c21e84ea432dfca92c59a5ae87421582a9eec9b0aed159b574ee01b532d76",
    "meeting-extra.md": "7046c3659bbeaa62f40be9fe927db7a0c3badc40895ac81abad4890cff6001ea",
}
KINDS = ("first", "regular", "checkup", "midpoint", "closing", "extra")


def unchanged(folder: Path, name: str) -> bool:
    """Whether the shipped ``name`` and the templates it uses hold the text of :data:`SHIPPED`."""
    for used in (name, "meeting.md", "checkin.md"):
        try:
            data = (folder / used).read_bytes()
        except OSError:
            return False
        if digests.sha256()(data).hexdigest() != SHIPPED[used]:
            return False
    return True


def render(name: str, folder: Path, context: dict[str, Any]) -> str | None:
    """What Jinja renders from the shipped template ``name`` (``meeting-KIND.md``) with
    ``context``, before :func:`~mentorlog.render.templates.tidy`; None when this
    module does not render ``name``, the files in ``folder`` are not those it was
    written from, or the context lacks something (Jinja then says what)."""
    kind = name.removeprefix("meeting-").removesuffix(".md")
    if name != f"meeting-{kind}.md" or kind not in KINDS or not unchanged(folder, name):
        return None
    try:
        return _Body(kind, context).text()
    except (AttributeError, KeyError, TypeError):
        return None


_UNDEFINED: Any = object()  # an attribute the context does not have (Jinja: "is not defined")


def _s(value: Any) -> str:
    """``{{ value }}``: its text (Jinja's ``str``)."""
    return str(value)


class _Body:
    """meeting.md with the blocks of ``meeting-KIND.md``; each block's method returns
    its text as Jinja renders it."""

    def __init__(self, kind: str, context: dict[str, Any]) -> None:
        self.kind = kind
        self.a = context["a"]
        self.m = context["m"]
        self.carried = context["carried"]
        self.checkin = context["checkin"]
        self.review = context["review"]
        self.owners = context["owners"]

    def text(self) -> str:
        a, m = self.a, self.m
        return "".join(
            [
                self.title(),
                "\n",
                f"{m.date.strftime('%A')} {_s(m.date.isoformat())}, {_s(m.time)} "
                f"({_s(a.timezone)}) · {_s(a.duration)} minutes · "
                f"{_s(a.location or 'place to be agreed')}\n",
                "\n## Agenda\n\n",
                self.since_last_time(),
                self.last_change(),
                self.kind_items(),
                self.action_plan(),
                self.topic(),
                self.goals_in_focus(),
                "- **Check-in:** keep the last ten minutes for the questions at the end.\n",
                "\n## Follow-through from earlier meetings\n\n",
                self.carried_block(),
                "\n## Notes\n\n",
                self.notes(),
                "\n## Follow-through\n\n",
                self.follow_through(),
                "\n## Check-in\n\n",
                self.checkin_block(),
            ]
        )

    # ------------------------------------------------------------ meeting.md

    def title(self) -> str:
        m = self.m
        if self.kind == "first":
            return f"# Meeting {_s(m.number)}: Getting acquainted\n"
        if self.kind == "checkup":
            return f"# Meeting {_s(m.number)}: 90-day check-up\n"
        if self.kind == "midpoint":
            return f"# Meeting {_s(m.number)}: Midpoint review\n"
        if self.kind == "closing":
            return f"# Meeting {_s(m.number)}: Closing and celebrating\n"
        if self.kind == "extra":
            return f"# Meeting {_s(m.number)}: {_s(m.topic or 'Extra meeting')}\n"
        return f"# Meeting {_s(m.number)}: {_s(m.topic or 'Topic to be agreed')}\n"

    def since_last_time(self) -> str:
        if self.kind in ("first", "extra"):
            return ""
        if self.kind == "closing" and self.carried:
            return (
                "- **Since last time:** for every open item below: finish it, hand it over "
                "(`mentorlog assign REF OWNER`), or drop it (`mentorlog drop REF`).\n"
            )
        if not self.carried:
            return (
                "- **Since last time:** what has each of us done, tried or noticed since "
                "we last met?\n"
            )
        out = (
            "- **Since last time:** go through the follow-through below: what is done, "
            "what is stuck, what to drop."
        )
        overdue = getattr(self.m, "overdue", None)
        if overdue:
            out += (
                f" {_s(len(overdue))} {'is' if len(overdue) == 1 else 'are'} overdue: finish, "
                "hand over (`mentorlog assign REF OWNER`) or drop (`mentorlog drop REF`)."
            )
        return out + "\n"

    def last_change(self) -> str:
        change = getattr(self.m, "last_change", None)
        if not change:
            return ""
        out = [f"- **What we said should change** (check-in of {_s(change.date.isoformat())}):\n"]
        out += [f"  > {_s(line)}\n" for line in change.lines]
        return "".join(out)

    def action_plan(self) -> str:
        plan = getattr(self.m, "action_plan", None)
        if not plan:
            return ""
        when = "overdue since" if plan.status == "overdue" else "due by"
        missing = (
            "Still needs learning activities with due dates: "
            + "; ".join(_s(title) for title in plan.missing)
            + "."
            if plan.missing
            else "Agree our goals and give each learning activities with due dates."
        )
        return (
            f"- **Action plan:** {when} {_s(plan.due.isoformat())} (day 30). {missing} "
            "`mentorlog goal check` shows what is missing.\n"
        )

    def base_topic(self) -> str:
        m = self.m
        if not m.topic:
            return (
                "- **Topic:** nothing left on the roadmap: choose one now, and plan the next "
                'ones with `mentorlog roadmap add "TOPIC"`.\n'
            )
        return f"- **Topic: {_s(m.topic)}**\n" + "".join(
            f"  {_s(note)}\n" for note in m.topic_notes
        )

    def topic(self) -> str:
        m = self.m
        if self.kind == "extra":
            return (
                f"- **What came up:** {_s(m.topic or '_why are we meeting now?_')}\n"
                + "".join(f"  {_s(note)}\n" for note in m.topic_notes)
                + "- **What do we decide, and who does what next?**\n"
            )
        if self.kind == "regular":
            return self.base_topic()
        return self.base_topic() if m.topic else ""

    def goals_in_focus(self) -> str:
        m = self.m
        if not m.goals:
            if self.kind in ("first", "extra"):
                return ""
            return (
                '- **Goals in focus:** none yet; add each goal with `mentorlog goal add "TITLE"`.\n'
            )
        out = ["- **Goals in focus:**\n"]
        for g in m.goals:
            target = "target " + _s(g.target.isoformat()) if g.target else "no target date yet"
            out.append(f"  - [{_s(g.title)}](../goals/{_s(g.file)}.md), {target}\n")
            out += [f"    - next: {_s(activity)}\n" for activity in g.next_activities]
            if not g.next_activities:
                out.append(
                    "    - next: _nothing planned yet; add a learning activity to the goal_\n"
                )
        return "".join(out)

    def carried_block(self) -> str:
        if not self.carried:
            return "_Nothing carried over._\n"
        overdue = getattr(self.m, "overdue", _UNDEFINED)
        out = [
            "<!-- Tick what is done ([x]), here or with `mentorlog done ID`: ticking any "
            "copy counts. -->\n\n"
        ]
        for line in self.carried:
            out.append(f"{_s(line)}\n")
            if overdue is not _UNDEFINED and line in overdue:
                out.append(f"  - _overdue since {_s(overdue[line])}_\n")
        return "".join(out)

    def follow_through(self) -> str:
        out = [
            "<!-- What will each of us do before next time? One task item per line: owner, "
            "action, due date. Write yours below this comment, for example: -->\n"
        ]
        for owner in self.owners:
            what = (
                "Share a contact or resource"
                if owner == "@mentor"
                else "Send the draft to " + _s(self.a.mentor)
            )
            out.append(f"<!-- - [ ] {_s(owner)} {what} due:YYYY-MM-DD -->\n")
        return "".join(out)

    def checkin_block(self) -> str:
        return (
            "<!-- The last ten minutes: answer each question together, under its heading. "
            "Don't assume things are fine; say what is not working too. -->\n"
            + "".join(f"\n### {_s(q)}\n" for q in self.checkin)
        )

    # ------------------------------------------------------- meeting-KIND.md

    def notes(self) -> str:
        return "<!-- " + _NOTES[self.kind] + " -->\n"

    def kind_items(self) -> str:
        a, review = self.a, self.review
        if self.kind == "first":
            day30 = a.start.fromordinal(a.start.toordinal() + 30)
            return (
                "- **Get acquainted:** what we have in common (industry, employers, career "
                "paths, skills), what is unique to each of us (languages, specialist "
                "knowledge, experience, interests), and how each of us likes to work: where "
                "are our styles alike, where different?\n"
                f"- **Where {_s(a.mentee)} is going:** where I want to be, where I am now, my "
                "strengths and what I want to build.\n"
                f"- **Choose our top 3 goals:** where can {_s(a.mentor)} help most? Record "
                'each with `mentorlog goal add "TITLE"`.\n'
                "- **Our agreement:** walk through [agreement.md](../agreement.md) together, "
                "fill in the gaps, and sign it.\n"
                f"- **Schedule:** {_s(a.cadence_words)} at {_s(a.time)}, {_s(a.duration)} "
                f"minutes, until {_s(a.end.isoformat())}; `mentorlog schedule` puts the "
                "dates in both our calendars.\n"
                "- **Action plan:** learning activities with dates for each goal, ready by "
                f"{_s(day30.isoformat())} (day 30). Who drafts it?\n"
            )
        if self.kind not in ("checkup", "midpoint", "closing"):
            return ""
        label = {
            "checkup": "The 90-day check-up",
            "midpoint": "Midpoint review",
            "closing": "Closing review",
        }[self.kind]
        if review:
            head = (
                f"- **{label}:** read [{_s(review)}](../{_s(review)}) before we meet "
                f"(`mentorlog review {self.kind}` refreshes its figures), then:\n"
            )
        else:
            head = (
                f"- **{label}:** run `mentorlog review {self.kind}` before we meet "
                f"(it writes reviews/{self.kind}.md), then:\n"
            )
        if self.kind == "checkup":
            return head + (
                "  - Is the match working? How often have we met; do we leave our meetings "
                "energised; is the time we put in worth it; have more than three meetings in "
                "a row been cancelled?\n"
                "  - More than two unfavourable answers: go through the review's obstacle "
                "checklist together.\n"
                "  - Obstacles 1 to 5 (trust, respect for differences, confidentiality, "
                "personal issues, priority): consider a no-fault close. Obstacles 6 to 10 "
                "(goals, expectations, supervisor support, workload, distance): name it and "
                "plan how to get past it.\n"
            )
        if self.kind == "midpoint":
            return head + (
                "  - What did we set out to do, and how are we doing?\n"
                "  - Goals: keep, shift or drop each one, and revise its activities to fit the "
                f"time left (until {_s(a.end.isoformat())}).\n"
                "  - Are we honouring [agreement.md](../agreement.md) and the action plan? "
                "What do we want to change?\n"
                "  - What is each of us doing right? Where have we seen trust? What has been "
                "hard, and what would make it better?\n"
            )
        return head + (
            "  - Did we reach our goals? What moved, and what did not?\n"
            "  - What have we appreciated in each other, and how has each of us grown? What "
            f"are {_s(a.mentor)}'s particular strengths?\n"
            f"  - What has {_s(a.mentee)} learned, and where will it be used next? What is "
            "the next logical step, and who else could help with it?\n"
            "  - Go on, or close here? Either way: how do we stay in touch, and how does "
            f"{_s(a.mentor)} like to hear news?\n"
            "- **Celebrate:** say thank you, and mark the end in a way that suits us both.\n"
        )


_NOTES = {
    "first": "What we have in common, what surprised us, the goals we chose, what we "
    "changed in the agreement.",
    "regular": "What we talked about, what we decided, advice and links worth keeping.",
    "checkup": "Our answers in a sentence each, any obstacle we named, and what we agreed "
    "to change.",
    "midpoint": "New agreements, revised goals and activities, and who updates which file.",
    "closing": "What we achieved, what we are grateful for, the next step, and how we will "
    "stay in touch.",
    "extra": "What happened, what we decided.",
}
