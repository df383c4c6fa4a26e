"""join: the other partner's first step, a clone of the shared partnership ready to sync."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from mentorlog.cli import cli
from mentorlog.cli.options import App, pass_app
from mentorlog.errors import RefuseOverwrite, UsageError
from mentorlog.rules.roles import ROLES, role_from_identity


def default_folder(url: str) -> str:
    """The folder git would clone ``url`` into: its last part without ``.git``."""
    name = url.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    name = name.removesuffix(".git")
    return name or "partnership"


def clean_up(target: Path, created: bool) -> None:
    """Leave nothing behind: the folder join made, or what it put in an empty one."""
    if created:
        shutil.rmtree(target, ignore_errors=True)
        return
    for child in target.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


@cli.command()
@click.argument("url")
@click.argument(
    "directory", required=False, metavar="[DIR]", type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--as",
    "role",
    type=click.Choice(ROLES),
    help="Who you are in the partnership (default: asked, or told by your git user.name).",
)
@pass_app
def join(app: App, url: str, directory: Path | None, role: str | None) -> None:
    """Join a shared partnership: clone it, set up merging, record who you are.

    Clones the branch main of URL into DIR (default: the last part of URL),
    whatever branch the remote's HEAD names; refuses a repository without
    agreement.md (nothing is left behind). Sets up the merge driver, so that
    sync and a plain git pull merge both partners' edits line by line, and
    stores who you are (git config mentorlog.me) for actions --mine. Without
    --as, asks on a terminal (suggesting the role whose name is your git
    user.name), else takes that role. Then prints the partnership's status.

    \b
    Example:
      mentorlog join git@example.org:ana/mentoring.git --as mentor
    """
    from mentorlog.api import refuse_nested
    from mentorlog.cli.setup import interactive
    from mentorlog.cli.status import print_status
    from mentorlog.model import names
    from mentorlog.store import reading
    from mentorlog.store.git import driver, identity, remote

    target = directory if directory is not None else Path(default_folder(url))
    if app.directory is not None and not target.is_absolute():
        target = app.directory / target
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise RefuseOverwrite(
            f"{target} exists and is not empty; join clones into a new or empty folder "
            "(mentorlog join URL DIR)"
        )
    refuse_nested(target, "join it")
    created = not target.exists()
    try:
        remote.clone(url, target)
        if not (target / names.AGREEMENT).is_file():
            raise UsageError(
                f"{url} holds no {names.AGREEMENT} on its {remote.JOIN_BRANCH} branch: "
                "it is not a mentorlog partnership; nothing was kept"
            )
        p = reading.load(target.resolve())
        a = p.agreement
        if role is None:
            guess = role_from_identity(a, identity.identity_name(target))
            if interactive():  # asked, with the git identity's role as the default
                role = click.prompt(
                    f"Are you the mentee ({a.mentee}) or the mentor ({a.mentor})?",
                    type=click.Choice(ROLES),
                    default=guess,
                )
            else:
                role = guess
        if role is None:
            raise UsageError(
                f"cannot tell whether you are the mentee ({a.mentee}) or the mentor "
                f"({a.mentor}): give --as mentee or --as mentor; nothing was kept"
            )
        driver.ensure_merge_driver(target)
        if driver.ensure_gitattributes(target):
            name = a.mentee if role == "mentee" else a.mentor
            app.commit(
                target,
                [Path(driver.GITATTRIBUTES_FILE)],
                "mentorlog: merge the partners' versions with mentorlog",
                False,
                name,
            )
        identity.set_me(target, role)
    except BaseException:
        clean_up(target, created)
        raise
    who = a.mentee if role == "mentee" else a.mentor
    click.echo(f"Joined the partnership {a.mentee} / {a.mentor} in {target} as {who} ({role})")
    click.echo("Share your changes and get your partner's with: mentorlog sync")
    from mentorlog.cli.partnerships import list_new

    list_new(target)
    click.echo("")
    print_status(p, app.today())
