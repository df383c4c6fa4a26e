"""sync and journal: sharing the partnership with the other partner, and notes that stay here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from mentorlog.cli import cli
from mentorlog.cli.options import (
    App,
    edit_before_commit,
    json_option,
    no_commit_option,
    pass_app,
    print_json,
    require_editor,
)
from mentorlog.errors import EXIT_FINDINGS, BadFile

if TYPE_CHECKING:
    from mentorlog.store.git.outcome import Conflict, SyncResult


def conflict_help(c: Conflict, partner: str) -> list[str]:
    """What the user can do after a stopped sync: look, then keep both (nothing is lost)."""
    if c.unsaved:
        first = (
            f"  Your version is the edits you saved while the last sync ran (not yet "
            f"committed); {partner}'s is committed here ({c.theirs[:7]}). No file was changed."
        )
    else:
        first = (
            f"  Your version is committed here ({c.local[:7]}); {partner}'s is on "
            f"{c.upstream} ({c.theirs[:7]}). No file was changed."
        )
    lines = [first, f"  Look at both:   {c.look}"]
    if c.deleted:
        gone = " ".join(c.deleted)
        lines.append(
            f"  One of you deleted {gone} and the other changed it: "
            "keeping both keeps the changed version."
        )
    lines.append(
        "  Talk it through, then keep both versions, one after the other, each under "
        "its author's name:   mentorlog sync --keep-both"
    )
    return lines


@cli.command()
@click.option(
    "--keep-both",
    is_flag=True,
    help="Where you both changed the same lines, keep both versions, each under a comment "
    "naming its author; then commit and push.",
)
@json_option
@pass_app
def sync(app: App, keep_both: bool, as_json: bool) -> None:
    """Share with your partner: commit pending changes, merge theirs, push.

    Commits every changed or new file of the partnership (never anything under
    private/, never ignored files, never a symbolic link) as "mentorlog: sync",
    brings in your partner's commits from the remote (the branch's upstream,
    else origin), merges them with yours line by line and pushes. The merge
    happens outside your files: they are updated at the end, one by one, and a
    file you changed while sync ran keeps your edits (sync names it; they go out
    with the next sync). schedule.ics is rebuilt from the merged files.

    If you both changed the same line, sync stops (exit 1), changes nothing,
    and names the files and both versions; talk it through, then
    `mentorlog sync --keep-both` keeps both versions, each introduced by
    <!-- mentorlog: NAME's version -->, commits and pushes. Killed halfway, the
    next sync finishes the work.

    \b
    Sharing a new partnership:  mentorlog init ... --remote URL
    Your partner joins with:    mentorlog join URL [DIR] --as mentor
    Keep both after a stop:     mentorlog sync --keep-both
    """
    from mentorlog import api

    # an agreement.md that cannot be read stops sync too (exit 2), before it commits
    # or pushes anything: it would share a broken partnership
    partnership = app.load(report=False)
    synced = api.sync(partnership, keep_both)
    result = synced.result
    if isinstance(result, api.Conflict):
        who = synced.partner or result.their_author or "your partner"
        report_conflict(result, who, keep_both, as_json)
    report(result, partnership.root, as_json)


def report_conflict(result: Conflict, who: str, keep_both: bool, as_json: bool) -> NoReturn:
    """Say why sync stopped and what to do (exit 1); ``who`` is the partner's name."""
    if as_json:
        print_json(
            {
                "remote": result.remote,
                "branch": result.branch,
                "committed": result.committed,
                "conflict": {
                    "files": result.files,
                    "local": result.local,
                    "theirs": result.theirs,
                    "partner": who,
                    "deleted": result.deleted,
                },
            }
        )
    names = ", ".join(result.files) or "the same files"
    if keep_both:  # what is left cannot be kept twice (a rename, a file turned folder)
        click.echo(
            f"mentorlog: sync --keep-both cannot keep both versions of {names} (renamed, "
            "or turned into a folder, on one side); nothing was merged and nothing was lost",
            err=True,
        )
        click.echo(f"  Look at both:   {result.look}", err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS)
    click.echo(
        f"mentorlog: sync stopped: you and {who} both changed {names}; "
        "nothing was merged and nothing was lost",
        err=True,
    )
    for line in conflict_help(result, who):
        click.echo(line, err=True)
    raise click.exceptions.Exit(EXIT_FINDINGS)


def report(result: SyncResult, root: Path, as_json: bool) -> None:
    """Say what sync did: committed, merged, pulled, pushed, kept."""
    if as_json:
        print_json(
            {
                "remote": result.remote,
                "branch": result.branch,
                "committed": result.committed,
                "committed_files": result.committed_files,
                "pulled": len(result.pulled),
                "pulled_files": result.pulled_files,
                "pushed": result.pushed,
                "kept": result.kept,
                "resumed": result.resumed,
                "conflict": None,
            }
        )
        return
    up = f"{result.remote}/{result.branch}"
    if result.resumed:
        removed = "".join(f"; removed the stale .git/{lock}" for lock in result.locks_removed)
        click.echo(f"Finished the work of an interrupted sync{removed}.")
    if result.committed:
        n = len(result.committed_files)
        click.echo(f"Committed {n} changed file{'s' if n != 1 else ''} ({result.committed[:7]}):")
        for path in result.committed_files:  # what your partner is about to see, by name
            click.echo(f"  {path}")
    if result.kept_merged:
        click.echo("Merged the edits you saved while the last sync ran:")
        for path in result.kept_merged:
            click.echo(f"  {path}")
    if result.pulled:
        n = len(result.pulled)
        click.echo(f"Pulled {n} commit{'s' if n != 1 else ''} from {up}:")
        for path in result.pulled_files:
            click.echo(f"  {path}")
    if result.pushed:
        n = result.pushed
        click.echo(f"Pushed {n} commit{'s' if n != 1 else ''} to {up}.")
    for path in result.kept:
        click.echo(f"Kept your unsaved edits in {path}; they go out with the next sync.")
    if not (result.committed or result.pulled or result.pushed or result.kept):
        click.echo(f"Already in step with {up}.")
    for where, at in kept_versions_at(root, [*result.committed_files, *result.pulled_files]):
        click.echo(
            f"Both versions are in {where}:{at}, each under its author's name: keep what you "
            "agreed on, delete the comments, then run mentorlog sync"
        )


def kept_versions_at(root: Path, paths: list[str]) -> list[tuple[str, int]]:
    """Each file among ``paths`` that holds ``sync --keep-both`` comments, with the first line."""
    from mentorlog.store.refusals import read_text
    from mentorlog.text.merge import VERSION_COMMENT_RE

    found: list[tuple[str, int]] = []
    for path in dict.fromkeys(paths):
        file = root / path
        if not path.endswith(".md") or file.is_symlink() or not file.is_file():
            continue
        try:
            lines = read_text(file, path).splitlines()
        except BadFile:
            continue  # check names a file it cannot read
        for n, text in enumerate(lines, start=1):
            if VERSION_COMMENT_RE.search(text):
                found.append((path, n))
                break
    return found


@cli.command()
@click.option(
    "--private",
    "private",
    is_flag=True,
    help="Write in private/journal/: stays on this machine, never committed.",
)
@click.option("--edit", is_flag=True, help="Open the new entry in $EDITOR.")
@no_commit_option
@pass_app
def journal(app: App, private: bool, edit: bool, no_commit: bool) -> None:
    """Write today's reflection: journal/DATE.md (shared) or private/journal/DATE.md.

    Shared entries are committed and reach your partner with the next sync;
    their front-matter says who wrote them (author: from the clone's git config
    mentorlog.me, mentee or mentor, else your git user.name).
    Private entries are never committed: private/ is kept in .gitignore, and
    mentorlog leaves it out of every commit even if .gitignore changes.
    A second entry on the same day is DATE-2.md.

    \b
    Examples:
      mentorlog journal --edit
      mentorlog journal --private --edit
    """
    from mentorlog.render import drafts
    from mentorlog.rules import journal as journalmod
    from mentorlog.store import files, newfiles, paths

    if edit:
        require_editor()
    p = app.load(report=False)  # a broken agreement.md stops here, as everywhere
    root = p.root
    day = app.today()
    author = ""
    if not private:  # a shared entry says who wrote it
        from mentorlog.store.git.identity import whoami

        author = journalmod.author_name(*whoami(root), p.agreement.mentee, p.agreement.mentor)
    plan = drafts.plan_entry(root, day, private, author)
    target = paths.inside(root, plan.path, "journal entry")
    files.write_new(target, plan.text, plan.path.as_posix())
    # committed once the editor is closed: what the user wrote is shared
    failed = edit_before_commit(target) if edit else None
    if private:
        if newfiles.ensure_gitignore(root):
            click.echo("Note: .gitignore did not keep private/ out of git; added 'private/' to it.")
            app.commit(
                root,
                [Path(".gitignore")],
                "mentorlog: keep private/ out of git",
                no_commit,
                p.agreement.mentee,
            )
        click.echo(f"Wrote {plan.path.as_posix()} (private: never committed)")
    else:
        app.commit(root, [plan.path], f"mentorlog: journal {day}", no_commit, p.agreement.mentee)
        click.echo(f"Wrote {plan.path.as_posix()}")
    if failed is not None:
        raise failed
