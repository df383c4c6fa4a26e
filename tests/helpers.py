"""Helpers shared by the test modules: git, the CLI, a hermetic git setup, common texts.

Fixtures live in conftest.py; this module holds the plain functions and constants they
and the test modules use (``from helpers import ...``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from mentorlog.cli import cli
from mentorlog.errors import EXIT_OK

# ------------------------------------------------------------------ git

TEST_IDENTITY = (
    "[user]\n\tname = Test Mentee\n\temail = mentee@example.org\n[init]\n\tdefaultBranch = main\n"
)

GIT_IDENTITY_VARS = (
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
)

# commits made as "Ana", whatever the git configuration says
GIT_AS_ANA = {
    "GIT_AUTHOR_NAME": "Ana",
    "GIT_AUTHOR_EMAIL": "ana@example.org",
    "GIT_COMMITTER_NAME": "Ana",
    "GIT_COMMITTER_EMAIL": "ana@example.org",
}


def isolate_git(monkeypatch: pytest.MonkeyPatch, home: Path, config: str | None) -> None:
    """Make ``home`` the home folder and git's only configuration ``config``.

    The machine's global and system git settings and any identity in the environment
    are shut out; ``config=None`` leaves git with no configuration file at all.
    """
    home.mkdir(parents=True, exist_ok=True)
    global_config = home / ".gitconfig"
    if config is not None:
        global_config.write_text(config, encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(global_config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in GIT_IDENTITY_VARS:
        monkeypatch.delenv(var, raising=False)


def git(cwd: Path, *args: str, check: bool = True, raw_newlines: bool = False) -> str:
    """git's standard output; a failing command fails the test with git's message.

    Line endings are folded to ``\\n`` as text mode reads them, unless ``raw_newlines``
    (then CRLF shows as ``\\r\\n``).
    """
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    if check and done.returncode != 0:
        stderr = done.stderr.decode("utf-8", errors="replace")
        raise AssertionError(f"git {' '.join(args)} failed: {stderr}")
    out = done.stdout.decode("utf-8")
    if raw_newlines:
        return out
    return out.replace("\r\n", "\n").replace("\r", "\n")


# ------------------------------------------------------------------ the CLI


def mentorlog(
    args: Sequence[str],
    *,
    today: str | dt.date | None = None,
    env: Mapping[str, str] | None = None,
    input: str | None = None,
    catch_exceptions: bool = True,
) -> Result:
    """Run the CLI in-process; ``today`` sets MENTORLOG_TODAY, ``env`` adds variables."""
    full_env = {} if today is None else {"MENTORLOG_TODAY": str(today)}
    full_env.update(env or {})
    return CliRunner().invoke(
        cli, list(args), env=full_env, input=input, catch_exceptions=catch_exceptions
    )


def mentorlog_in(root: Path, *args: str, today: str | dt.date | None = None, **env: str) -> Result:
    """``mentorlog -C root ARGS``; keyword arguments other than ``today`` are variables."""
    return mentorlog(["-C", str(root), *args], today=today, env=env)


def run_listing_modules(
    args: Sequence[str], listed: Path, env: Mapping[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[bytes], set[str]]:
    """``mentorlog ARGS`` in a fresh interpreter (through ``cli.main``, so exit handlers
    run), and the modules it had imported when it ended (written to ``listed``)."""
    probe = (
        "import atexit, json, sys\n"
        "from pathlib import Path\n"
        f"out = Path({str(listed)!r})\n"
        "atexit.register(lambda: out.write_text(json.dumps(sorted(sys.modules))))\n"
        f"sys.argv = ['mentorlog', *{list(args)!r}]\n"
        "from mentorlog.cli import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=False, env=env)
    return done, set(json.loads(listed.read_text())) if listed.exists() else set()


# ------------------------------------------------------------------ init and agreement

# who, from when, how long
INIT_BASE = (
    *("--mentee", "Ana Ruiz", "--mentor", "Sam Lee"),
    *("--start", "2026-12-01", "--months", "6"),
)
INIT_SCHEDULE = ("--cadence", "biweekly", "--time", "17:30", "--timezone", "Europe/Berlin")
INIT_ARGS = (*INIT_BASE, *INIT_SCHEDULE, "--location", "Café Central")

AGREEMENT_HEADINGS = [
    "Why this partnership",
    "Our top 3 goals",
    "Roles and responsibilities",
    "Meetings",
    "Communication and boundaries",
    "Feedback",
    "When we hit an obstacle",
    "Confidentiality",
    "No-fault termination",
    "Supervisor support",
    "Signed",
]

# the sections of a goal file, after its title
GOAL_HEADINGS = [
    "Specific",
    "Measurable",
    "Achievable",
    "Relevant",
    "Time-bound",
    "Learning activities",
    "Progress",
]


def agreement_text(
    *,
    agreement_id: str = "k7q2xm",
    duration: bool = True,
    location: str | None = None,
    body: str = "\n# Agreement\n",
) -> str:
    """agreement.md of Ana Ruiz and Sam Lee, biweekly at 17:30 Berlin time, 2026-12-01 on."""
    lines = [
        "---",
        f"id: {agreement_id}",
        "mentee: Ana Ruiz",
        "mentor: Sam Lee",
        "start: 2026-12-01",
        "end: 2027-05-31",
        "cadence: biweekly",
        'time: "17:30"',
    ]
    if duration:
        lines.append("duration: 60")
    lines.append("timezone: Europe/Berlin")
    if location is not None:
        lines.append(f"location: {location}")
    return "\n".join(lines) + "\n---\n" + body


# ------------------------------------------------------------------ two writers


def identity(clone: Path, name: str) -> None:
    """Commit in ``clone`` as ``name`` (e-mail: first name, lower case, at example.org)."""
    git(clone, "config", "user.name", name)
    git(clone, "config", "user.email", f"{name.split()[0].lower()}@example.org")


def git_repo(root: Path, name: str) -> Path:
    """A new empty git repository on main, committing as ``name``."""
    root.mkdir()
    git(root, "init", "-q", "--initial-branch=main")
    identity(root, name)
    return root


def clone_as(remote: Path, root: Path, name: str) -> Path:
    """A plain git clone of ``remote`` at ``root``, committing as ``name``."""
    git(root.parent, "clone", "-q", remote.as_uri(), str(root))
    identity(root, name)
    return root


def make_pair(base: Path, files: Mapping[str, str], *, today: str) -> tuple[Path, Path, Path]:
    """Two writers in ``base``: a bare remote ``remote.git``; Ana's repository ``ana``
    (git init as Ana Ruiz, then init --remote with INIT_BASE in Europe/Berlin) with
    ``files`` (path: text) written and synced; Sam's plain clone ``sam`` as Sam Lee.
    Returns (remote, ana, sam)."""
    remote = base / "remote.git"
    git(base, "init", "-q", "--bare", "--initial-branch=main", str(remote))
    ana = git_repo(base / "ana", "Ana Ruiz")
    args = [*INIT_BASE, "--timezone", "Europe/Berlin", "--remote", remote.as_uri()]
    result = mentorlog(["init", str(ana), *args], today=today)
    assert result.exit_code == EXIT_OK, result.output
    assert "pushed" in result.output
    for path, text in files.items():
        (ana / path).write_text(text, encoding="utf-8")
    result = mentorlog_in(ana, "sync", today=today)
    assert result.exit_code == EXIT_OK, result.output
    return remote, ana, clone_as(remote, base / "sam", "Sam Lee")


def copy_pair(template: Path, into: Path) -> tuple[Path, Path, Path]:
    """A copy in ``into`` of the remote and the two clones ``template`` holds (cheaper
    than making them anew), each clone's origin the copied remote: (remote, ana, sam)."""
    for name in ("remote.git", "ana", "sam"):
        shutil.copytree(template / name, into / name, symlinks=True)
    remote, ana, sam = into / "remote.git", into / "ana", into / "sam"
    for clone in (ana, sam):
        git(clone, "remote", "set-url", "origin", remote.as_uri())
    return remote, ana, sam


# ------------------------------------------------------------------ ical.js


def icaljs_rows(data: bytes, until: str) -> list[list[Any]]:
    """Expand a calendar with ical.js under Node (tests/icaljs_expand.mjs) up to ``until``:
    its rows ``[uid, epoch seconds, summary]``. Skips the test when Node or ical.js is
    not installed; point MENTORLOG_ICALJS_DIR at a folder where `npm install ical.js` ran.
    """
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = Path(__file__).with_name("icaljs_expand.mjs")
    done = subprocess.run(
        [node, str(script), until],
        input=data,
        capture_output=True,
        cwd=os.environ.get("MENTORLOG_ICALJS_DIR") or Path(__file__).parent.parent,
        timeout=60,
        check=False,
    )
    if done.returncode == 3:
        pytest.skip("ical.js is not installed (set MENTORLOG_ICALJS_DIR)")
    assert done.returncode == 0, done.stderr.decode()
    rows: list[list[Any]] = json.loads(done.stdout)
    return rows
