"""demo: an example partnership to look around in."""

from __future__ import annotations

from pathlib import Path

import click

from mentorlog.cli import cli
from mentorlog.cli.options import App, no_commit_option, pass_app
from mentorlog.errors import RefuseOverwrite


@cli.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--no-git", is_flag=True, help="Do not create a git repository.")
@no_commit_option
@pass_app
def demo(app: App, directory: Path | None, no_git: bool, no_commit: bool) -> None:
    """Create an example partnership half-way through, in DIR (default: ./mentorlog-demo).

    Dated relative to today: an agreement, three goals, a roadmap of ten
    topics, six held meetings with notes and check-ins, one cancelled meeting,
    and follow-through items (some done, some open, one overdue).
    """
    import shlex

    from mentorlog import api
    from mentorlog.cli.partnerships import list_new
    from mentorlog.cli.status import print_status
    from mentorlog.model.names import AGREEMENT

    target = directory or Path("mentorlog-demo")
    if app.directory is not None and not target.is_absolute():
        target = app.directory / target
    if (target / AGREEMENT).exists():
        raise RefuseOverwrite(
            f"{target / AGREEMENT} exists already; the demo never overwrites a partnership "
            "(choose another folder: mentorlog demo DIR)"
        )
    today = app.today()
    made = api.demo(target, today, git=not no_git, commit_files=not no_commit)
    click.echo(f"Created an example partnership in {target}/ ({len(made.written)} files):")
    click.echo("")
    print_status(made.partnership, today)
    click.echo("")
    list_new(target)
    click.echo("Try next:")
    click.echo(f"  cd {shlex.quote(str(target))}")  # a folder with a space: copy, paste, works
    click.echo("  mentorlog roadmap          # topics and the meetings that take them")
    click.echo("  mentorlog review checkup   # the 90-day check-up, compiled from the files")
    click.echo("  mentorlog new-meeting      # the next meeting's agenda")
