"""roadmap, roadmap add."""

from __future__ import annotations

import click

from mentorlog.cli import App, cli, json_option, no_commit_option, pass_app, print_json


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
    from mentorlog.rules import documents, scaffold
    from mentorlog.rules.goals import one_line
    from mentorlog.store import files

    topic = (one_line(" ".join(topic)),)  # no control characters or undecodable bytes
    mentee = app.load(report=False).agreement.mentee  # a broken agreement.md stops here
    root = app.root()
    path = root / "roadmap.md"
    text = files.read_text(path, "roadmap.md") if path.exists() else "# Roadmap\n\n"
    original = path.read_bytes() if path.exists() else None
    new = scaffold.roadmap_insert(text, " ".join(topic), at)
    if original is None:
        files.write_new(path, new, "roadmap.md")
    else:
        bom = b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b""
        files.replace_bytes(path, original, bom + new.encode("utf-8"), "roadmap.md")
    title = " ".join(" ".join(topic).split())
    app.commit(
        root,
        [path],
        f"mentorlog: roadmap: add {title}",
        no_commit,
        mentee,
    )
    position = at or len(documents.parse_roadmap(new))
    click.echo(f"Added topic {position}: {title}")
