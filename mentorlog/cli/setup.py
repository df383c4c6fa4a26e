"""init and demo: starting a partnership, or looking at an example one."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import click

from mentorlog.cli import DATE, App, cli, no_commit_option, pass_app
from mentorlog.errors import BadFile, RefuseOverwrite, UsageError


def local_timezone() -> str:
    """The machine's IANA zone name, or UTC when it cannot be told."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if "/" in tz:
        return tz
    try:
        link = os.readlink("/etc/localtime")
        if "zoneinfo/" in link:
            return link.split("zoneinfo/", 1)[1]
    except OSError:
        pass
    try:
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        if name:
            return name
    except OSError:
        pass
    return "UTC"


def refuse_nested(target: Path, what: str) -> None:
    """Refuse to put a partnership inside another one (its sync would share this one)."""
    from mentorlog.model import names

    for folder in target.resolve().parents:
        if (folder / names.AGREEMENT).is_file():
            raise RefuseOverwrite(
                f"{target} is inside the partnership in {folder}; {what} in a folder outside it"
            )


def interactive() -> bool:
    return sys.stdin.isatty() and not os.environ.get("CI")


PROMPTS = {
    "cadence": "How often (weekly, biweekly, every N weeks, monthly, monthly on the first Tuesday)",
    "clock": "Time of the meetings (HH:MM)",
    "duration": "Minutes per meeting",
    "timezone": "Time zone (an IANA name such as Europe/Berlin)",
    "location": "Where (a place or a video link; may stay empty)",
}


def check_answer(key: str, value: str) -> str:
    """An answer to init's prompt for ``key``, checked as its flag is (click asks again)."""
    from mentorlog.model.clock import parse_clock
    from mentorlog.rules.schedule import CadenceError, parse_cadence

    value = value.strip()
    try:
        if key == "cadence":
            parse_cadence(value)
        elif key == "clock":
            value = parse_clock(value).strftime("%H:%M")
        elif key == "timezone":
            from zoneinfo import ZoneInfo

            ZoneInfo(value)
    except CadenceError as exc:
        raise click.UsageError(str(exc)) from None
    except ValueError:
        if key == "clock":
            raise click.UsageError(f"{value!r} is not a time (HH:MM)") from None
        raise click.UsageError(f"{value!r} is not an IANA time zone name") from None
    except Exception:  # zoneinfo: unknown key, bad path
        raise click.UsageError(f"{value!r} is not an IANA time zone name") from None
    return value


def ask_value(key: str, default: Any) -> Any:
    """Ask for one of init's optional values on the terminal, until the answer is valid."""
    if key == "duration":
        return click.prompt(PROMPTS[key], default=default, type=click.IntRange(5, 24 * 60))
    return click.prompt(
        PROMPTS[key],
        default=default,
        show_default=bool(default),
        value_proc=lambda v: check_answer(key, v),
    )


def accepted_prospect(target: Path) -> str | None:
    """The one prospect marked accepted in target's prospects.md (see `mentorlog prospect`)."""
    from mentorlog.rules import prep
    from mentorlog.store import files

    path = target / prep.PROSPECTS
    if not path.is_file():
        return None
    try:
        name = prep.accepted_mentor(files.read_text(path, prep.PROSPECTS))
    except BadFile:
        return None
    if name:
        click.echo(f"Mentor: {name} (accepted in {prep.PROSPECTS})")
    return name


def prep_defaults(target: Path, opts: dict[str, Any]) -> None:
    """Fill flags not given from prep.md's scope (Length, How often, Where)."""
    from mentorlog.rules import prep
    from mentorlog.store import files

    path = target / prep.PREP
    if not path.is_file():
        return
    try:
        found = prep.init_defaults(prep.parse_prep(files.read_text(path, prep.PREP)))
    except BadFile:
        return
    if opts["end"] is not None:
        found.pop("months", None)
    taken = {k: v for k, v in found.items() if opts.get(k) is None}
    if taken:
        opts.update(taken)
        words = ", ".join(f"--{k} {v}" for k, v in taken.items())
        click.echo(f"From {prep.PREP}: {words}")


def prep_for_agreement(target: Path) -> Any:
    """prep.md's goals and feedback preference, for agreement.md (None without prep.md)."""
    from types import SimpleNamespace

    from mentorlog.rules import prep
    from mentorlog.rules.scaffold import not_a_task
    from mentorlog.store import files

    path = target / prep.PREP
    if not path.is_file():
        return None
    try:
        found = prep.parse_prep(files.read_text(path, prep.PREP))
    except BadFile:
        return None
    goals = [" ".join(not_a_task(f"1. {g}")[3:].split()) for g in found.goals]
    feedback = " ".join(found.scope.feedback.split())
    taken = [what for what, there in (("goals", goals), ("feedback", feedback)) if there]
    if taken:
        click.echo(f"From {prep.PREP}: {' and '.join(taken)} (into agreement.md)")
    return SimpleNamespace(goals=goals, feedback=feedback)


REQUIRED = {
    "mentee": "the mentee's name",
    "mentor": "the mentor's name",
    "start": "the date of the first meeting, YYYY-MM-DD",
}


def record_me(root: Path, mentee: str, mentor: str) -> None:
    """Store who starts the partnership (git config mentorlog.me, as join does) when
    the repository's git user.name is one partner's full name; else leave it unset."""
    from mentorlog.store import gitstore

    if gitstore.get_me(root) is not None:
        return
    repo = gitstore.open_repo(root)
    name = gitstore.setting(repo, "user.name").strip().casefold() if repo is not None else ""
    roles = [r for r, n in (("mentee", mentee), ("mentor", mentor)) if n.casefold() == name]
    if name and len(roles) == 1:
        gitstore.set_me(root, roles[0])


@cli.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--mentee", help="The mentee's name.")
@click.option(
    "--mentor",
    help="The mentor's name (default: the one prospect marked accepted in prospects.md).",
)
@click.option("--start", type=DATE, help="First day of the partnership (the first meeting).")
@click.option("--end", type=DATE, help="Last day of the partnership.")
@click.option("--months", type=click.IntRange(1, 60), help="Length in months (instead of --end).")
@click.option(
    "--cadence",
    help='How often you meet: weekly, biweekly, "every 3 weeks", monthly, '
    '"monthly on the first Tuesday". Default: biweekly.',
)
@click.option("--time", "clock", help="Meeting time, HH:MM (default 17:30).")
@click.option("--duration", type=click.IntRange(5, 24 * 60), help="Minutes (default 60).")
@click.option("--timezone", help="IANA time zone, e.g. Europe/Berlin (default: this machine's).")
@click.option("--location", help="A place or a video link.")
@click.option(
    "--initiator",
    type=click.Choice(["mentee", "mentor"]),
    help="Who schedules the meetings (default: mentee).",
)
@click.option("--contact", help="How and when to reach each other, e.g. 'email, weekdays 9-18'.")
@click.option("--supervisor", help="Who is briefed on the partnership (optional).")
@click.option("--no-git", is_flag=True, help="Do not create a git repository.")
@click.option(
    "--remote",
    metavar="URL",
    help="An empty shared git repository: added as 'origin' and pushed to (see mentorlog sync).",
)
@no_commit_option
@pass_app  # type: ignore[arg-type]
def init(
    app: App,
    directory: Path | None,
    no_git: bool,
    no_commit: bool,
    remote: str | None,
    **opts: Any,
) -> None:
    """Start a partnership: agreement.md, roadmap.md, goals/, meetings/, reviews/.

    Missing values are asked for on a terminal; in a script, give them as flags.
    In a folder prepared with `mentorlog prep`, flags left out are taken from
    prep.md's Scope (Length, How often, Where) and --mentor from the one
    prospect marked accepted in prospects.md; prep.md's goals and the feedback
    you want go into agreement.md; init keeps both files as they are.
    Creates a git repository and commits the files (unless --no-git / --no-commit).

    \b
    Example:
      mentorlog init ana-sam --mentee "Ana Ruiz" --mentor "Sam Lee" \\
        --start 2026-12-01 --months 6 --cadence biweekly --time 17:30 \\
        --timezone Europe/Berlin --location "Café Central"
    """
    from mentorlog.model import names
    from mentorlog.model.clock import parse_clock
    from mentorlog.rules import scaffold
    from mentorlog.rules.schedule import CadenceError, end_from_months, parse_cadence
    from mentorlog.store import reading

    target = directory if directory is not None else (app.directory or Path.cwd())
    if app.directory is not None and directory is not None and not directory.is_absolute():
        target = app.directory / directory
    if (target / names.AGREEMENT).exists():
        raise RefuseOverwrite(
            f"{target / names.AGREEMENT} exists already: this folder holds a partnership; "
            "mentorlog init never overwrites one"
        )
    refuse_nested(target, "start the new one (mentorlog init DIR)")
    if opts["mentor"] is None:
        opts["mentor"] = accepted_prospect(target)
    prep_defaults(target, opts)
    if remote is not None and (no_git or not remote.strip()):
        raise UsageError("--remote needs git: drop --no-git, and give the shared repository's URL")
    ask = interactive()
    for key, what in REQUIRED.items():
        if opts[key] is None or (isinstance(opts[key], str) and not opts[key].strip()):
            if not ask:
                raise UsageError(f"missing --{key} ({what}); give it as a flag")
            if key == "start":
                opts[key] = click.prompt(
                    f"Start ({what})", type=DATE, default=app.today().isoformat()
                )
            else:
                opts[key] = click.prompt(what.capitalize())
    if opts["end"] is not None and opts["months"] is not None:
        raise UsageError("give --end or --months, not both")
    if opts["end"] is None and opts["months"] is None:
        if not ask:
            raise UsageError("missing --end or --months (how long the partnership runs)")
        opts["months"] = click.prompt("How many months", type=click.IntRange(1, 60), default=6)
    start: dt.date = opts["start"]
    end: dt.date = opts["end"] or end_from_months(start, opts["months"])
    if end < start:
        raise UsageError(f"--end {end} is before --start {start}")
    defaults = {
        "cadence": "biweekly",
        "clock": "17:30",
        "duration": 60,
        "timezone": local_timezone(),
        "location": "",
    }
    for key, default in defaults.items():
        if opts[key] is None:
            opts[key] = ask_value(key, default) if ask else default
    try:
        parse_cadence(str(opts["cadence"]))
    except CadenceError as exc:
        raise UsageError(f"--cadence: {exc}") from None
    try:
        clock = parse_clock(str(opts["clock"])).strftime("%H:%M")
    except ValueError:
        raise UsageError(f"--time {opts['clock']!r} is not a time (HH:MM)") from None
    values = scaffold.InitValues(
        mentee=opts["mentee"].strip(),
        mentor=opts["mentor"].strip(),
        start=start,
        end=end,
        cadence=str(opts["cadence"]).strip(),
        time=clock,
        duration=int(opts["duration"]),
        timezone=str(opts["timezone"]).strip(),
        location=str(opts["location"] or "").strip(),
        initiator=opts["initiator"] or "mentee",
        contact=(opts["contact"] or "").strip(),
        supervisor=(opts["supervisor"] or "").strip(),
    )
    try:
        written = scaffold.init_repository(target, values, prep_for_agreement(target))
    except BadFile as exc:  # a value the agreement cannot hold, e.g. an unknown time zone
        raise UsageError(exc.message) from None
    from mentorlog.cli.calendar import refresh_schedule

    loaded = reading.load(target)
    written += refresh_schedule(target, loaded)
    committed = None
    if not no_git:
        from mentorlog.store import gitstore

        gitstore.ensure_own_repo(target)
        # a plain git pull merges the partners' versions the way sync does
        if gitstore.ensure_gitattributes(target):
            written.append(Path(gitstore.GITATTRIBUTES_FILE))
        gitstore.ensure_merge_driver(target)
        record_me(target, values.mentee, values.mentor)
        committed = app.commit(
            target,
            written,
            f"mentorlog: start the partnership {values.mentee} / {values.mentor}",
            no_commit,
            values.mentee,
        )
    click.echo(
        f"Started the partnership {values.mentee} (mentee) and {values.mentor} (mentor) in {target}"
    )
    click.echo(
        f"  {start} to {end}, {parse_cadence(values.cadence).describe()} at "
        f"{values.time} ({values.timezone})"
    )
    for path in written:
        click.echo(f"  wrote {path.as_posix()}")
    if committed:
        click.echo(f"  committed {committed[:7]}")
    kept = unshared_prep_files(target) if not no_git else []
    if kept:
        click.echo(
            f"  kept {', '.join(kept)} as {'they were' if len(kept) > 1 else 'it was'}, "
            "not committed: mentorlog sync would share "
            f"{'them' if len(kept) > 1 else 'it'} with your mentor; to keep "
            f"{'them' if len(kept) > 1 else 'it'} to yourself, add "
            f"{'them' if len(kept) > 1 else 'it'} to .gitignore"
        )
    if remote is not None:
        share_at(target, remote.strip(), pushed=committed is not None)
    from mentorlog.cli.partnerships import list_new

    list_new(target)
    from mentorlog.rules.timeline import planned_clock_warning

    warning = planned_clock_warning(loaded.agreement)
    if warning is not None:
        click.echo(
            f"mentorlog: warning: {warning} (change 'time:' in agreement.md, or --time)",
            err=True,
        )
    click.echo("Next: read agreement.md together, fill in roadmap.md, then: mentorlog new-meeting")


def unshared_prep_files(target: Path) -> list[str]:
    """prep.md, prospects.md, prospects/ where they are in ``target`` and not committed."""
    from mentorlog.store import gitstore

    repo = gitstore.open_repo(target)
    if repo is None:
        return []
    pending = gitstore.pending_files(repo, target)
    names = ("prep.md", "prospects.md", "prospects/")
    return [n for n in names if any(p == n or p.startswith(n) for p in pending)]


def share_at(target: Path, url: str, pushed: bool) -> None:
    """Add ``url`` as origin and push the first commit; a failed push is only reported."""
    from mentorlog.errors import GitError
    from mentorlog.store import gitstore

    try:
        gitstore.add_remote(target, url)
    except GitError as exc:
        click.echo(f"  note: {exc.message}; add it later with: git remote add origin URL", err=True)
        return
    click.echo(f"  remote origin: {url}")
    if not pushed:
        click.echo("  not pushed yet: run mentorlog sync when the files are committed")
        return
    try:
        branch = gitstore.push_first(target)
    except GitError as exc:
        click.echo(
            f"  note: {exc.message}; the partnership is saved here: run mentorlog sync "
            "once the remote can be reached",
            err=True,
        )
        return
    if branch == "main":  # join clones main, whatever the remote's HEAD names
        click.echo(f"  pushed: your partner joins with: mentorlog join {url}")
        return
    # -b: a shared repository made with `git init --bare` may name another default branch,
    # and a plain clone of it would check out nothing
    click.echo(
        f"  pushed: your partner joins with: git clone -b {branch} {url}, then uses mentorlog there"
    )


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
    from mentorlog import demo as demomod
    from mentorlog.model import names
    from mentorlog.rules import scaffold
    from mentorlog.store import reading

    target = directory or Path("mentorlog-demo")
    if app.directory is not None and not target.is_absolute():
        target = app.directory / target
    if (target / names.AGREEMENT).exists():
        raise RefuseOverwrite(
            f"{target / names.AGREEMENT} exists already; the demo never overwrites a partnership "
            "(choose another folder: mentorlog demo DIR)"
        )
    refuse_nested(target, "create the demo (mentorlog demo DIR)")
    target.mkdir(parents=True, exist_ok=True)
    today = app.today()
    written = demomod.build(target, today)
    for folder in ("goals", "meetings", "reviews", "private"):
        (target / folder).mkdir(exist_ok=True)
    if scaffold.ensure_gitignore(target):
        written.append(Path(".gitignore"))
    from mentorlog.cli.calendar import refresh_schedule

    written += refresh_schedule(target, reading.load(target))
    if not no_git:
        from mentorlog.store import gitstore

        gitstore.ensure_own_repo(target)
        # as init: a clone of the demo merges the partners' versions the way sync does
        if gitstore.ensure_gitattributes(target):
            written.append(Path(gitstore.GITATTRIBUTES_FILE))
        gitstore.ensure_merge_driver(target)
        app.commit(target, written, "mentorlog: demo partnership", no_commit, "Ana Ruiz")
    from mentorlog.cli.partnerships import list_new
    from mentorlog.cli.status import print_status

    click.echo(f"Created an example partnership in {target}/ ({len(written)} files):")
    click.echo("")
    print_status(reading.load(target), today)
    click.echo("")
    list_new(target)
    click.echo("Try next:")
    import shlex

    click.echo(f"  cd {shlex.quote(str(target))}")  # a folder with a space: copy, paste, works
    click.echo("  mentorlog roadmap          # topics and the meetings that take them")
    click.echo("  mentorlog review checkup   # the 90-day check-up, compiled from the files")
    click.echo("  mentorlog new-meeting      # the next meeting's agenda")
