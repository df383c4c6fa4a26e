"""sync and journal: sharing the partnership with the other partner, and notes that stay here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import EXIT_FINDINGS, MentorlogError
from . import (
    App,
    cli,
    edit_before_commit,
    json_option,
    no_commit_option,
    pass_app,
    print_json,
    require_editor,
)

if TYPE_CHECKING:
    from ..gitstore import Conflict


def conflict_help(c: Conflict) -> list[str]:
    """What the user can do after a stopped sync (git commands that work with it)."""
    files = " ".join(c.files)
    up = c.upstream
    lines = [
        f"  Your version is committed here ({c.local[:7]}); theirs is on {up}. "
        "No file was changed.",
        f"  Look at both:   git diff HEAD {up} -- {files}",
        "  Talk it through, then pick one way:",
        f"    keep theirs where you differ:  git merge --no-edit -X theirs {up}; mentorlog sync",
        f"    keep yours where you differ:   git merge --no-edit -X ours {up}; mentorlog sync",
        f"    combine by hand:  git merge {up}; in each file keep the lines you agreed on and "
        "delete the <<<<<<< ======= >>>>>>> lines; git commit -a --no-edit; mentorlog sync",
    ]
    if c.deleted:  # -X theirs / -X ours do not settle a file one side deleted
        gone = " ".join(c.deleted)
        lines.append(
            f"  One of you deleted {gone} and the other changed it: after git merge {up}, "
            f"keep it (git add {gone}) or delete it (git rm -q {gone}); "
            "then git commit --no-edit; mentorlog sync"
        )
    return lines


@cli.command()
@json_option
@pass_app
def sync(app: App, as_json: bool) -> None:
    """Share with your partner: commit pending changes, pull (rebase), push.

    Commits every changed or new file of the partnership (never anything under
    private/, and never ignored files) as "mentorlog: sync", brings in your
    partner's commits from the remote (the branch's upstream, else origin) and
    pushes yours. If you both changed the same lines, sync stops, puts the
    repository back as it was (no conflict markers, your commits kept), names
    the files and exits 1.

    \b
    Sharing a new partnership:  mentorlog init ... --remote URL
    Your partner joins with:    git clone -b main URL; cd into it; mentorlog status
    """
    from .. import gitstore

    # an agreement.md that cannot be read stops sync too (exit 2), before it commits
    # or pushes anything: it would share a broken partnership
    root = app.load(report=False).root

    def rebuild_schedule() -> list[Path]:
        """schedule.ics from the files as they are (after a pull: the merged files)."""
        from ..calendar import SCHEDULE_FILE, refresh
        from ..repo import load

        if not (root / SCHEDULE_FILE).exists():
            return []
        try:
            written = refresh(root, load(root))
        except MentorlogError as exc:  # a broken agreement.md must not stop sharing
            click.echo(f"mentorlog: note: {SCHEDULE_FILE} was not rebuilt: {exc}", err=True)
            return []
        return [written] if written is not None else []

    gitstore.ready_to_sync(root)  # refuses before rebuild_schedule writes anything
    rebuild_schedule()  # hand edits to meetings reach the calendar in the sync commit
    result = gitstore.sync(root, "", after_pull=rebuild_schedule, generated=["schedule.ics"])
    if isinstance(result, gitstore.Conflict):
        if as_json:
            print_json(
                {
                    "remote": result.remote,
                    "branch": result.branch,
                    "committed": result.committed,
                    "conflict": {
                        "files": result.files,
                        "local": result.local,
                        "deleted": result.deleted,
                    },
                }
            )
        names = ", ".join(result.files) or "the same files"
        click.echo(
            f"mentorlog: sync stopped: you and your partner both changed {names}; "
            "nothing was merged and nothing was lost",
            err=True,
        )
        for line in conflict_help(result):
            click.echo(line, err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS)
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
                "conflict": None,
            }
        )
        return
    up = f"{result.remote}/{result.branch}"
    if result.committed:
        n = len(result.committed_files)
        click.echo(f"Committed {n} changed file{'s' if n != 1 else ''} ({result.committed[:7]}):")
        for path in result.committed_files:  # what your partner is about to see, by name
            click.echo(f"  {path}")
    if result.pulled:
        n = len(result.pulled)
        click.echo(f"Pulled {n} commit{'s' if n != 1 else ''} from {up}:")
        for path in result.pulled_files:
            click.echo(f"  {path}")
    if result.pushed:
        n = result.pushed
        click.echo(f"Pushed {n} commit{'s' if n != 1 else ''} to {up}.")
    if not (result.committed or result.pulled or result.pushed):
        click.echo(f"Already in step with {up}.")


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
    from .. import journal as journalmod
    from .. import repo, scaffold

    if edit:
        require_editor()
    p = app.load(report=False)  # a broken agreement.md stops here, as everywhere
    root = p.root
    day = app.today()
    author = ""
    if not private:  # a shared entry says who wrote it
        from ..gitstore import whoami

        author = journalmod.author_name(*whoami(root), p.agreement.mentee, p.agreement.mentor)
    plan = journalmod.plan_entry(root, day, private, author)
    target = repo.inside(root, plan.path, "journal entry")
    repo.write_new(target, plan.text, plan.path.as_posix())
    # committed once the editor is closed: what the user wrote is shared
    failed = edit_before_commit(target) if edit else None
    if private:
        if scaffold.ensure_gitignore(root):
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
