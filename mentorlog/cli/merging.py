"""merge-file: the git merge driver for mentorlog files (git's %O %A %B %P)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_FINDINGS
from . import cli


@cli.command("merge-file")
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("path", required=False, default="")
def merge_file(base: Path, ours: Path, theirs: Path, path: str) -> None:
    """Merge THEIRS into OURS against BASE (a git merge driver).

    Writes the merged file into OURS; exits 0 when clean, 1 when a real conflict
    remains. PATH is the file's path in the repository. git calls it through
    the driver that init, join and sync configure (.gitattributes routes *.md
    and schedule.ics to it), so a plain git pull merges the way sync does.

    \b
    Example (what git runs):
      mentorlog merge-file %O %A %B %P
    """
    from .. import merge, repo

    result = merge.merge_bytes(
        base.read_bytes(),
        ours.read_bytes(),
        theirs.read_bytes(),
        path or str(ours),
        keep_both=merge.keep_both_from_env(),
    )
    repo.atomic_write(ours, result.text)
    if result.conflicts:
        raise click.exceptions.Exit(EXIT_FINDINGS)
