"""init: starting a partnership (asking for what the flags leave out)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import click

from mentorlog.cli import cli
from mentorlog.cli.options import DATE, App, no_commit_option, pass_app
from mentorlog.errors import RefuseOverwrite, UsageError


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
    from mentorlog import api
    from mentorlog.rules.prospect_table import PROSPECTS
    from mentorlog.rules.prospects import accepted_mentor

    name = api.read_quietly(target, PROSPECTS, accepted_mentor)
    if name:
        click.echo(f"Mentor: {name} (accepted in {PROSPECTS})")
    return name


def prep_defaults(target: Path, opts: dict[str, Any]) -> None:
    """Fill flags not given from prep.md's scope (Length, How often, Where)."""
    from mentorlog import api
    from mentorlog.rules import prep

    found = api.read_quietly(target, prep.PREP, prep.parse_prep)
    if found is None:
        return
    defaults = prep.init_defaults(found)
    if opts["end"] is not None:
        defaults.pop("months", None)
    taken = {k: v for k, v in defaults.items() if opts.get(k) is None}
    if taken:
        opts.update(taken)
        words = ", ".join(f"--{k} {v}" for k, v in taken.items())
        click.echo(f"From {prep.PREP}: {words}")


def prep_for_agreement(target: Path) -> SimpleNamespace | None:
    """prep.md's goals and feedback preference, for agreement.md (None without prep.md)."""
    from mentorlog import api
    from mentorlog.rules import prep
    from mentorlog.text.items import not_a_task

    found = api.read_quietly(target, prep.PREP, prep.parse_prep)
    if found is None:
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
    from mentorlog import api
    from mentorlog.model import names
    from mentorlog.model.clock import parse_clock
    from mentorlog.rules import init_files
    from mentorlog.rules.schedule import CadenceError, end_from_months, parse_cadence

    target = directory if directory is not None else (app.directory or Path.cwd())
    if app.directory is not None and directory is not None and not directory.is_absolute():
        target = app.directory / directory
    if (target / names.AGREEMENT).exists():
        raise RefuseOverwrite(
            f"{target / names.AGREEMENT} exists already: this folder holds a partnership; "
            "mentorlog init never overwrites one"
        )
    api.refuse_nested(target, "start the new one (mentorlog init DIR)")
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
    values = init_files.InitValues(
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
    started = api.init(
        target, values, prep_for_agreement(target), git=not no_git, commit_files=not no_commit
    )
    written, committed = started.written, started.commit
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
    kept = api.unshared_prep_files(target) if not no_git else []
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

    warning = planned_clock_warning(started.partnership.agreement)
    if warning is not None:
        click.echo(
            f"mentorlog: warning: {warning} (change 'time:' in agreement.md, or --time)",
            err=True,
        )
    click.echo("Next: read agreement.md together, fill in roadmap.md, then: mentorlog new-meeting")


def share_at(target: Path, url: str, pushed: bool) -> None:
    """Add ``url`` as origin and push the first commit; a failed push is only reported."""
    from mentorlog import api

    shared = api.share(target, url, push=pushed)
    if not shared.remote:
        click.echo(
            f"  note: {shared.error}; add it later with: git remote add origin URL", err=True
        )
        return
    click.echo(f"  remote origin: {url}")
    if not pushed:
        click.echo("  not pushed yet: run mentorlog sync when the files are committed")
        return
    if shared.branch is None:
        click.echo(
            f"  note: {shared.error}; the partnership is saved here: run mentorlog sync "
            "once the remote can be reached",
            err=True,
        )
        return
    branch = shared.branch
    if branch == "main":  # join clones main, whatever the remote's HEAD names
        click.echo(f"  pushed: your partner joins with: mentorlog join {url}")
        return
    # -b: a shared repository made with `git init --bare` may name another default branch,
    # and a plain clone of it would check out nothing
    click.echo(
        f"  pushed: your partner joins with: git clone -b {branch} {url}, then uses mentorlog there"
    )
