"""prep, prospect add/set, prospects, ask: before the partnership starts.

These work in a folder without agreement.md: the one named by -C, else the
current folder (or, inside a partnership, its root); see store.prep_folder.find_prep_root.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from mentorlog.cli import cli
from mentorlog.cli.options import (
    App,
    json_option,
    no_commit_option,
    open_editor,
    pass_app,
    print_json,
)

STATUS_CHOICE = click.Choice(["idea", "asked", "accepted", "declined"], case_sensitive=False)


def prep_folder(app: App) -> Path:
    """The folder for prep.md and prospects.md (never requires agreement.md)."""
    from mentorlog.store.prep_folder import find_prep_root

    return app.writing_at(find_prep_root(app.directory))


class ScoreType(click.ParamType):  # type: ignore[type-arg]
    """A score from 1 to 5, or "-" to empty the cell."""

    name = "1-5"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value).strip()
        if text in ("-", ""):
            return ""
        if text in ("1", "2", "3", "4", "5"):
            return text
        self.fail(f"{value!r} is not a score from 1 to 5 (or - to empty it)", param, ctx)


SCORE = ScoreType()


def score_options(fn: Any) -> Any:
    """--experience --willingness --time --chemistry --status --notes, in that order."""
    fn = click.option("--notes", help="Why this person; what you know about them.")(fn)
    fn = click.option("--status", type=STATUS_CHOICE, help="idea, asked, accepted or declined.")(fn)
    for name, help_text in reversed(
        (
            ("experience", "Have they done what you want to learn?"),
            ("willingness", "Would they want to mentor (you)?"),
            ("time", "Can they give it the time it needs?"),
            ("chemistry", "Would you get on?"),
        )
    ):
        fn = click.option(f"--{name}", type=SCORE, help=f"{help_text} 1-5 (- empties it).")(fn)
    return fn


def report(notes: list[Any]) -> None:
    """Problems and notes, each a line on stderr."""
    for note in notes:
        click.echo(f"mentorlog: {note}", err=True)


def committed_note(made: Any) -> str:
    return f" (committed {made.commit[:7]})" if made.commit else ""


@cli.command()
@click.option("--edit", is_flag=True, help="Open prep.md in $EDITOR.")
@no_commit_option
@pass_app
def prep(app: App, edit: bool, no_commit: bool) -> None:
    """Write prep.md: getting ready before you ask anyone to be your mentor.

    Why you want a mentor (delete the reasons that do not apply), what you
    bring, what you expect, your goals and the scope you will ask for
    (Length, How often, Where, Feedback: `mentorlog ask` reads them), the
    qualities of your ideal mentor, and whether you are ready. Works before
    `mentorlog init`; init in the same folder later keeps prep.md. Never
    overwrites it.

    \b
    Example: mentorlog prep --edit
    """
    from mentorlog import api
    from mentorlog.rules.prep import PREP

    root = prep_folder(app)
    made = api.start_prep(root, app.today(), commit_files=not no_commit)
    report(made.notes)
    click.echo(f"Wrote {PREP}" + committed_note(made))
    click.echo('Next: fill it in, then list candidates with: mentorlog prospect add "NAME"')
    if edit:
        open_editor(root / PREP)


@cli.group()
def prospect() -> None:
    """Add a prospective mentor to prospects.md, or change one's scores and status."""


def _values(opts: dict[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    for key in ("experience", "willingness", "time", "chemistry", "notes"):
        if opts.get(key) is not None:
            values[key] = str(opts[key])
    if opts.get("status") is not None:
        values["status"] = str(opts["status"]).lower()
    return values


def prospect_command(name: str) -> Callable[[Any], click.Command]:
    """``prospect NAME``: a command taking the prospect's name, the scores and --no-commit."""

    def make(fn: Any) -> click.Command:
        command = pass_app(fn)
        for option in (no_commit_option, score_options):
            command = option(command)
        command = click.argument("name", nargs=-1, required=True)(command)
        return prospect.command(name)(command)

    return make


@prospect_command("add")
def prospect_add(app: App, name: tuple[str, ...], no_commit: bool, **opts: Any) -> None:
    """Add NAME to prospects.md, with scores from 1 (low) to 5 (high).

    Scores you leave out stay empty (fill them in later with `prospect set`);
    the status starts as idea. prospects.md is a Markdown table you may also
    edit by hand.

    \b
    Example:
      mentorlog prospect add "Sam Lee" --experience 5 --willingness 4 \\
        --time 3 --chemistry 4 --notes "Led the platform migration"
    """
    from mentorlog import api
    from mentorlog.rules.prospect_table import PROSPECTS

    root = prep_folder(app)
    made = api.add_prospect(root, " ".join(name), _values(opts), commit_files=not no_commit)
    report(made.notes)
    fit = "no scores yet" if made.fit is None else f"fit {made.fit}"
    click.echo(f"Added {made.name} to {PROSPECTS} ({fit})" + committed_note(made))


@prospect_command("set")
def prospect_set(app: App, name: tuple[str, ...], no_commit: bool, **opts: Any) -> None:
    """Change NAME's scores, status or notes in prospects.md (only that row's line).

    NAME may be the full name, or a first name or prefix that matches one
    prospect. A score of - empties the cell.

    \b
    Examples:
      mentorlog prospect set Sam --status asked
      mentorlog prospect set "Priya Shah" --time 2 --chemistry -
    """
    from mentorlog import api

    root = prep_folder(app)
    values = _values(opts)
    made = api.set_prospect(root, " ".join(name), values, commit_files=not no_commit)
    report(made.notes)
    fit = "no scores" if made.fit is None else f"fit {made.fit}"
    changes = api.describe_changes(values)
    click.echo(f"Updated {made.name}: {changes} ({fit})" + committed_note(made))


def prospect_json(p: Any, rank: int) -> dict[str, Any]:
    return {
        "rank": rank,
        "name": p.name,
        "experience": p.scores["experience"],
        "willingness": p.scores["willingness"],
        "time": p.scores["time"],
        "chemistry": p.scores["chemistry"],
        "fit": p.fit,
        "coverage": p.coverage,
        "rank_fit": p.rank_fit,
        "missing": p.missing,
        "status": p.status,
        "notes": p.notes,
        "line": p.line,
    }


@cli.command()
@json_option
@pass_app
def prospects(app: App, as_json: bool) -> None:
    """List the prospective mentors in prospects.md, best learning fit first.

    Fit (0-100) weighs experience 3, willingness 2, time 2 and chemistry 1,
    over the scores given; SCORED is how many of the four are given. The
    ranking counts a missing score as the lowest, so two high scores alone do
    not outrank a prospect scored fully and well; ties go to the higher fit,
    then to the one with more scores, then by name. In a terminal the table
    fits its width; piped, names are printed whole.
    """
    from mentorlog import api
    from mentorlog.rules import prospect_table, prospects

    root = prep_folder(app)
    original, text = api.read_prospects(root)
    parsed = prospects.parse_prospects(text)
    report(parsed.problems)
    rows = prospects.ranked(parsed.prospects)
    if as_json:
        print_json([prospect_json(p, n) for n, p in enumerate(rows, start=1)])
        return
    if not rows:
        where = "" if original is not None else f" ({prospect_table.PROSPECTS} does not exist yet)"
        click.echo(
            f"No prospects yet{where}. Add one with: "
            'mentorlog prospect add "NAME" --experience 4 --willingness 3 --time 3 --chemistry 4'
        )
        return
    from mentorlog.render.tables import fit, terminal_width

    table = [["#", "fit", "scored", "Name", "exp", "will", "time", "chem", "status", ""]]
    for n, p in enumerate(rows, start=1):
        missing = f"(no {', '.join(p.missing)})" if p.missing and p.fit is not None else ""
        table.append(
            [
                str(n),
                "-" if p.fit is None else str(p.fit),
                f"{p.coverage}/{len(prospect_table.SCORES)}",
                p.name,
                *("-" if p.scores[s] is None else str(p.scores[s]) for s in prospect_table.SCORES),
                p.status,
                missing,
            ]
        )
    right = {0, 1, 2, 4, 5, 6, 7}
    for line in fit(table, terminal_width(), drop=[9], shrink=[3], right=right):
        click.echo(line)


@cli.command()
@click.argument("name", nargs=-1, required=True)
@no_commit_option
@pass_app
def ask(app: App, name: tuple[str, ...], no_commit: bool) -> None:
    """Draft the request to NAME, from prep.md and NAME's notes in prospects.md.

    The draft says why this person, your goals, and the scope you ask for
    (length of commitment, how often and where to meet, the feedback you
    want). It is printed and saved to prospects/NAME.md for you to edit; a
    prospect whose status is idea becomes asked. When a draft exists already,
    it is printed as it is and never overwritten.

    \b
    Example: mentorlog ask "Sam Lee"
    """
    from mentorlog import api

    root = prep_folder(app)
    made = api.draft_request(root, " ".join(name), app.today(), commit_files=not no_commit)
    rel = made.path.as_posix()
    if made.existed:
        click.echo(made.text, nl=False)
        click.echo(
            f"mentorlog: {rel} exists already: this is your draft as saved "
            "(edit it; mentorlog never overwrites it)",
            err=True,
        )
        return
    report(made.notes)
    status_note = f"; {made.asked}'s status is now asked" if made.asked else ""
    click.echo(made.text, nl=False)
    click.echo(f"mentorlog: saved the draft to {rel}{status_note}" + committed_note(made), err=True)
