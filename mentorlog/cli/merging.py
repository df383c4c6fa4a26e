"""merge-file: the git merge driver for mentorlog files (git's %O %A %B %P)."""

from __future__ import annotations

from pathlib import Path

import click

from mentorlog.cli import cli
from mentorlog.errors import EXIT_FINDINGS, BadFile


@cli.command("merge-file")
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("path", required=False, default="")
def merge_file(base: Path, ours: Path, theirs: Path, path: str) -> None:
    """Merge THEIRS into OURS against BASE (a git merge driver).

    Writes the merged file into OURS (atomically); exits 0 when clean, 1 when a
    real conflict remains (OURS then keeps its own version: no conflict marker is
    ever written), 2 when a file cannot be read. With MENTORLOG_MERGE_KEEP_BOTH
    set (what sync --keep-both does), a conflict keeps both versions instead.

    PATH is the file's path in the repository. git calls it through the driver
    that init, join and sync configure (.gitattributes routes *.md and
    schedule.ics to it), so a plain git pull merges the way sync does.

    \b
    Example (what git runs):
      mentorlog merge-file %O %A %B %P
    """
    from mentorlog.store import files
    from mentorlog.text import merge

    old, mine, other = read(base), read(ours), read(theirs)
    result = merge.merge_bytes(old, mine, other, path or str(ours), merge.keep_both_from_env())
    if result.text != mine:
        files.atomic_write(ours, result.text)
    if result.conflicts:
        raise click.exceptions.Exit(EXIT_FINDINGS)


def read(path: Path) -> bytes:
    """A version's bytes; one that cannot be read is a BadFile naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BadFile(
            f"cannot read: {exc.strerror or exc}; nothing was merged", path=path
        ) from None
