"""roadmap, roadmap add."""

from __future__ import annotations

import click

from mentorlog.cli import cli
from mentorlog.cli.options import App, json_option, no_commit_option, pass_app, print_json


@cli.group(invoke_without_command=True)
@json_option
@pass_app
@click.pass_context
def roadmap(ctx: click.Context, app: App, as_json: bool) -> None:
    """List the roadmap's topics and the meeting that takes each.

    A topic is taken once a meeting's `topic:` equals it; a topic not taken
    yet shows the planned date it will fall on if the roadmap is kept in order.
    In a terminal the lines fit its width; piped, topics are printed whole.
    """
    if ctx.invoked_subcommand is not None:
        return
    from mentorlog.rules import timeline

    p = app.load()
    rows = timeline.roadmap_rows(p, app.today())
    if as_json:
        print_json(
            [
                {
                    "position": r.topic.position,
                    "topic": r.topic.title,
                    "meeting": r.meeting.date.isoformat() if r.meeting else None,
                    "planned": r.planned.isoformat() if r.planned else None,
                    "notes": r.topic.notes,
                }
                for r in rows
            ]
        )
        return
    if not rows:
        if any(problem.path == "roadmap.md" for problem in p.problems):
            click.echo("roadmap.md cannot be read (see above); fix it to see its topics")
            return
        click.echo('The roadmap is empty. Add topics with: mentorlog roadmap add "Topic"')
        return
    from mentorlog.render.tables import squeeze, terminal_width

    width = terminal_width()
    for r in rows:
        if r.meeting:
            where = f"taken by meeting {r.meeting.date}"
        elif r.planned:
            where = f"planned {r.planned}"
        else:
            where = "not planned (no free meeting left)"
        click.echo(squeeze(f"{r.topic.position:>3}. ", r.topic.title, f"  — {where}", width))


@roadmap.command("add")
@click.argument("topic", nargs=-1, required=True)
@click.option("--at", "at", type=click.IntRange(min=1), help="Position (1-based); default: last.")
@no_commit_option
@pass_app
def roadmap_add(app: App, topic: tuple[str, ...], at: int | None, no_commit: bool) -> None:
    """Add TOPIC to the roadmap (at position N with --at N).

    \b
    Example: mentorlog roadmap add "Negotiating a promotion" --at 4
    """
    from mentorlog import api
    from mentorlog.errors import BadValue

    p = app.load(report=False)  # a broken agreement.md stops here
    try:
        position, title = api.add_topic(p, " ".join(topic), at, commit_files=not no_commit)
    except BadValue as exc:
        raise exc.for_flag("--at") from None
    click.echo(f"Added topic {position}: {title}")
