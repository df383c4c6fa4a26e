"""goal add, goal list, goal check."""

from __future__ import annotations

import datetime as dt

import click

from mentorlog.cli import cli
from mentorlog.cli.options import (
    DATE,
    App,
    editor,
    json_option,
    no_commit_option,
    pass_app,
    print_json,
)
from mentorlog.errors import Findings
from mentorlog.model import GOAL_STATUSES


@cli.group("goal")
def goal() -> None:
    """SMART goals and their learning activities (goals/NN-slug.md).

    \b
    Examples:
      mentorlog goal add "Lead a cross-team project" --target 2027-04-30 \\
          --measure "Lead one project spanning three teams through launch"
      mentorlog goal list
      mentorlog goal check
    """


@goal.command("add")
@click.argument("title", nargs=-1, required=True)
@click.option(
    "--category",
    default="",
    help="Free text, e.g. Build technical skills, Multitask, Navigate the organization, "
    "Explore new ideas, Forge a new career path, Expand network, Build confidence.",
)
@click.option(
    "--priority",
    type=click.IntRange(min=1),
    help="1 = most important (default: after the active goals).",
)
@click.option("--target", type=DATE, help="The date it should be reached by.")
@click.option("--measure", default="", help="How you both will know it is reached.")
@click.option(
    "--status",
    type=click.Choice(GOAL_STATUSES),
    default="active",
    show_default=True,
    help="proposed for a goal you are not working on yet.",
)
@click.option("--edit", is_flag=True, help="Open the new file in $EDITOR before committing.")
@no_commit_option
@pass_app
def goal_add(
    app: App,
    title: tuple[str, ...],
    category: str,
    priority: int | None,
    target: dt.date | None,
    measure: str,
    status: str,
    edit: bool,
    no_commit: bool,
) -> None:
    """Create goals/NN-slug.md for the goal TITLE and print its path.

    NN is the next free number, the slug comes from the title (ASCII letters,
    digits and hyphens). The file holds the SMART sections, "Learning
    activities" (task items tagged #doing, #others or #stretch, with due
    dates) and "Progress". Refuses a title an existing goal already has.
    """
    from mentorlog import api
    from mentorlog.errors import BadValue

    before_commit = editor(edit)
    p = app.load()
    fields = api.GoalFields(
        category=category, priority=priority, target=target, measure=measure, status=status
    )
    try:
        made = api.add_goal(
            p,
            " ".join(title),
            app.today(),
            commit_files=not no_commit,
            before_commit=before_commit,
            **fields,
        )
    except BadValue as exc:
        raise exc.for_flag("--status") from None
    click.echo(made.path.as_posix())


@goal.command("list")
@json_option
@pass_app
def goal_list(app: App, as_json: bool) -> None:
    """List the goals in priority order with their progress.

    For each goal: status, target, learning activities done/total by kind
    (doing, others, stretch), the latest progress entry and the next activity due.
    In a terminal the lines fit its width; piped, texts are printed whole.
    """
    from mentorlog.rules import goals

    p = app.load()
    rows = goals.goal_rows(p, app.today())
    if as_json:
        print_json([r.to_json() for r in rows])
        return
    if not rows:
        click.echo('No goals yet. Add one with: mentorlog goal add "TITLE"')
        return
    from mentorlog.render.tables import squeeze, terminal_width

    width = terminal_width()
    for r in rows:
        g = r.goal
        prio = f"{g.priority}." if g.priority is not None else "-."
        target = f"target {g.target}" if g.target else "no target"
        tail = f"  [{g.status}, {target}]"
        if width and len(f"{prio:>3} {g.title}{tail}  {g.path}") > width:
            click.echo(squeeze(f"{prio:>3} ", g.title, tail, width))  # the path goes first
        else:
            click.echo(f"{prio:>3} {g.title}{tail}  {g.path}")
        kinds = ", ".join(
            f"{k} {c.done}/{c.total}" for k, c in r.kinds.items() if c.total or k != "untagged"
        )
        dropped = f", {r.dropped} dropped" if r.dropped else ""
        click.echo(
            squeeze("    ", f"activities {r.done}/{r.total} done ({kinds}){dropped}", "", width)
        )
        if r.next_activity is not None:
            due = f"due {r.next_activity.due}" if r.next_activity.due else "no due date"
            click.echo(squeeze("    next: ", r.next_activity.description, f" ({due})", width))
        if r.last_progress is not None:
            when = r.last_progress.date or "undated"
            click.echo(squeeze(f"    last progress: {when}: ", r.last_progress.text, "", width))


@goal.command("check")
@pass_app
def goal_check(app: App) -> None:
    """Flag goals that are not SMART; exit 1 when anything is flagged.

    Checks active and proposed goals for a measure and a target date (on or
    before the partnership's end, not before the goal was created); active
    goals also need learning activities with due dates and kind tags, a target
    not yet passed, and no more than three of them may be active.
    """
    from mentorlog.rules import smart

    p = app.load(report=False)
    findings = [pr for pr in p.problems if pr.path.startswith("goals/")]
    findings += smart.smart_findings(p, app.today())
    for problem in findings:
        click.echo(str(problem))
    if findings:
        files = len({pr.path for pr in findings})
        raise Findings(
            f"{len(findings)} finding{'s' if len(findings) != 1 else ''} "
            f"in {files} goal file{'s' if files != 1 else ''}"
        )
    active = sum(1 for g in p.goals if g.status == "active")
    if not p.goals:
        click.echo('No goals yet. Add one with: mentorlog goal add "TITLE"')
    else:
        click.echo(f"All goals are SMART ({active} active of {len(p.goals)}).")
