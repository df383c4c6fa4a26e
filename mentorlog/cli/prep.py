"""prep, prospect add/set, prospects, ask: before the partnership starts.

These work in a folder without agreement.md: the one named by -C, else the
current folder (or, inside a partnership, its root); see prep.find_prep_root.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from mentorlog.cli import App, cli, json_option, no_commit_option, open_editor, pass_app, print_json
from mentorlog.errors import UsageError

STATUS_CHOICE = click.Choice(["idea", "asked", "accepted", "declined"], case_sensitive=False)


def prep_folder(app: App) -> Path:
    """The folder for prep.md and prospects.md (never requires agreement.md)."""
    from mentorlog.rules.prep import find_prep_root

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


def read_prep_file(root: Path, shown: str) -> str:
    """The text of ``root / shown``; BadFile for a link out of the folder (as for meeting files)."""
    from mentorlog.errors import BadFile
    from mentorlog.store import files, paths

    refused = paths.refuse_reading(root, root / shown)
    if refused is not None:
        raise BadFile(refused, path=shown, line=1)
    return files.read_text(root / shown, shown)


def read_prospects(root: Path) -> tuple[bytes | None, str]:
    """(the raw bytes or None when there is no prospects.md, its text)."""
    from mentorlog.rules.prep import PROSPECTS

    path = root / PROSPECTS
    if not path.exists() and not path.is_symlink():
        return None, ""
    text = read_prep_file(root, PROSPECTS)
    from mentorlog.store.files import read_bytes

    return read_bytes(path, PROSPECTS), text


def write_prospects(root: Path, original: bytes | None, text: str) -> None:
    from mentorlog.rules.prep import PROSPECTS
    from mentorlog.store import files

    path = root / PROSPECTS
    if original is None:
        root.mkdir(parents=True, exist_ok=True)
        files.write_new(path, text, PROSPECTS)
    else:
        bom = b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b""
        files.replace_bytes(path, original, bom + text.encode("utf-8"), PROSPECTS)


def commit(app: App, root: Path, paths: list[Path], message: str, no_commit: bool) -> str | None:
    """app.commit, leaving out the paths .gitignore excludes (prospects.md kept private)."""
    if no_commit:
        return None
    from mentorlog.store import gitstore

    repository = gitstore.open_repo(root)
    if repository is None:
        return None
    top = Path(repository.working_tree_dir).resolve()
    if top != root.resolve():
        # a folder inside another repository (a home folder kept in git): what you
        # think of real people must not land in that one's history
        click.echo(
            f"mentorlog: note: not committed: this folder is inside the git repository "
            f"{top.name or top}/ but not its top; mentorlog init here gives the "
            "partnership a repository of its own",
            err=True,
        )
        return None
    keep = [
        path
        for path in paths
        if not repository.ignored((root.resolve() / path).relative_to(top).as_posix())
    ]
    return app.commit(root, keep, message, no_commit)


def report(problems: list[Any]) -> None:
    for problem in problems:
        click.echo(f"mentorlog: {problem}", err=True)


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
    from mentorlog.render.templates import render
    from mentorlog.rules.prep import PREP
    from mentorlog.store import files

    root = prep_folder(app)
    text = render("prep.md", root, today=app.today())
    root.mkdir(parents=True, exist_ok=True)
    files.write_new(root / PREP, text, PREP)
    committed = commit(app, root, [Path(PREP)], "mentorlog: prep", no_commit)
    click.echo(f"Wrote {PREP}" + (f" (committed {committed[:7]})" if committed else ""))
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


@prospect.command("add")
@click.argument("name", nargs=-1, required=True)
@score_options
@no_commit_option
@pass_app  # type: ignore[arg-type]
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
    from mentorlog.render.templates import render
    from mentorlog.rules import prep as prepmod

    root = prep_folder(app)
    full = " ".join(" ".join(name).split())
    values = _values(opts)
    values.setdefault("status", "idea")
    original, text = read_prospects(root)
    if original is None:
        text = render("prospects.md", root)
    new = prepmod.add_prospect(text, full, values)
    write_prospects(root, original, new)
    committed = commit(
        app, root, [Path(prepmod.PROSPECTS)], f"mentorlog: prospect add {full}", no_commit
    )
    added = prepmod.find_prospect(prepmod.parse_prospects(new).prospects, full)
    fit = "no scores yet" if added.fit is None else f"fit {added.fit}"
    click.echo(
        f"Added {full} to {prepmod.PROSPECTS} ({fit})"
        + (f" (committed {committed[:7]})" if committed else "")
    )


@prospect.command("set")
@click.argument("name", nargs=-1, required=True)
@score_options
@no_commit_option
@pass_app  # type: ignore[arg-type]
def prospect_set(app: App, name: tuple[str, ...], no_commit: bool, **opts: Any) -> None:
    """Change NAME's scores, status or notes in prospects.md (only that row's line).

    NAME may be the full name, or a first name or prefix that matches one
    prospect. A score of - empties the cell.

    \b
    Examples:
      mentorlog prospect set Sam --status asked
      mentorlog prospect set "Priya Shah" --time 2 --chemistry -
    """
    from mentorlog.rules import prep as prepmod

    root = prep_folder(app)
    values = _values(opts)
    if not values:
        raise UsageError(
            "nothing to change: give --experience, --willingness, --time, --chemistry, "
            "--status or --notes"
        )
    original, text = read_prospects(root)
    if original is None:
        raise UsageError(
            f"no {prepmod.PROSPECTS} in {root}; start it with: mentorlog prospect add NAME"
        )
    new, before = prepmod.set_prospect(text, " ".join(name), values)
    write_prospects(root, original, new)
    changes = ", ".join(f"{k} {v or '-'}" for k, v in values.items() if k != "notes")
    if "notes" in values:
        changes = ", ".join(filter(None, (changes, "notes")))
    message = f"mentorlog: prospect {before.name}: {changes}"
    committed = commit(app, root, [Path(prepmod.PROSPECTS)], message, no_commit)
    after = prepmod.find_prospect(prepmod.parse_prospects(new).prospects, before.name)
    fit = "no scores" if after.fit is None else f"fit {after.fit}"
    click.echo(
        f"Updated {before.name}: {changes} ({fit})"
        + (f" (committed {committed[:7]})" if committed else "")
    )


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
    from mentorlog.rules import prep as prepmod

    root = prep_folder(app)
    original, text = read_prospects(root)
    parsed = prepmod.parse_prospects(text)
    report(parsed.problems)
    rows = prepmod.ranked(parsed.prospects)
    if as_json:
        print_json([prospect_json(p, n) for n, p in enumerate(rows, start=1)])
        return
    if not rows:
        where = "" if original is not None else f" ({prepmod.PROSPECTS} does not exist yet)"
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
                f"{p.coverage}/{len(prepmod.SCORES)}",
                p.name,
                *("-" if p.scores[s] is None else str(p.scores[s]) for s in prepmod.SCORES),
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
    from types import SimpleNamespace

    from mentorlog.render.templates import render
    from mentorlog.rules import prep as prepmod
    from mentorlog.store import files, paths

    root = prep_folder(app)
    original, text = read_prospects(root)
    if original is None:
        raise UsageError(
            f"no {prepmod.PROSPECTS} in {root}; add the person first: "
            f'mentorlog prospect add "{" ".join(name)}"'
        )
    parsed = prepmod.parse_prospects(text)
    person = prepmod.find_prospect(parsed.prospects, " ".join(name))
    rel = prepmod.ask_path(person.name)
    path = paths.inside(root, rel, "draft")  # prospects/ may be a link out
    if path.exists() or path.is_symlink():
        click.echo(read_prep_file(root, rel.as_posix()), nl=False)
        click.echo(
            f"mentorlog: {rel.as_posix()} exists already: this is your draft as saved "
            "(edit it; mentorlog never overwrites it)",
            err=True,
        )
        return
    if (root / prepmod.PREP).is_file():
        prep_text = read_prep_file(root, prepmod.PREP)
        prep_data = prepmod.parse_prep(prep_text)
    else:
        prep_data = prepmod.Prep()
        click.echo(
            f"mentorlog: note: no {prepmod.PREP} here, so the draft has no goals or scope; "
            "run mentorlog prep first for a fuller draft",
            err=True,
        )
    p = SimpleNamespace(
        name=person.name,
        first_name=person.first_name,
        notes=person.notes,
        status=person.status,
        fit=person.fit,
        scores=person.scores,
    )
    draft = render("ask.md", root, p=p, prep=prep_data, today=app.today())
    files.write_new(path, draft, rel.as_posix())
    written = [rel]
    status_note = ""
    table = parsed.table
    if person.status == "idea" and table is not None and table.index("status") is not None:
        new, _ = prepmod.set_prospect(text, person.name, {"status": "asked"})
        write_prospects(root, original, new)
        written.append(Path(prepmod.PROSPECTS))
        status_note = f"; {person.name}'s status is now asked"
    message = f"mentorlog: draft the request to {person.name}"
    committed = commit(app, root, written, message, no_commit)
    click.echo(draft, nl=False)
    click.echo(
        f"mentorlog: saved the draft to {rel.as_posix()}{status_note}"
        + (f" (committed {committed[:7]})" if committed else ""),
        err=True,
    )
