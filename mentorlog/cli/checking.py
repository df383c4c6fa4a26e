"""check: validate every file of the partnership."""

from __future__ import annotations

import click

from mentorlog.cli import cli
from mentorlog.cli.options import App, json_option, pass_app, print_json
from mentorlog.errors import Findings


@cli.command()
@json_option
@pass_app
def check(app: App, as_json: bool) -> None:
    """Check every file: one line per problem, `path:line: message`.

    Reports broken YAML (with its line), unknown keys, invalid values, dates
    that are not dates, file names that do not match their date, items
    without an owner or with an unknown one, ids used twice in a file,
    `from:` dates with no meeting, empty files, files that are not UTF-8
    text, and conflict markers left from a merge; warns about a `number:`
    that is out of date and a meeting time the clocks skip or show twice
    (daylight saving). Exits 1 if there is any error; warnings alone exit 0.
    """
    from mentorlog import api

    checked = api.check(app.root())
    problems, errors, warnings = checked.problems, checked.errors, checked.warnings
    if as_json:
        print_json(
            [
                {"path": p.path, "line": p.line, "severity": p.severity, "message": p.message}
                for p in problems
            ]
        )
    else:
        for p in problems:
            click.echo(str(p))
    files = checked.files
    counts = f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning" + (
        "s" if warnings != 1 else ""
    )
    if errors:
        raise Findings(f"check: {counts} in {files} files")
    click.echo(f"mentorlog: check: {counts} in {files} files", err=True)
