"""`mentorlog --help` stays cheap: no git, icalendar, markdown-it, jinja2, yaml or pygal."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("git", "icalendar", "markdown_it", "jinja2", "yaml", "frontmatter", "pygal", "markupsafe")


def loaded_after(code: str) -> set[str]:
    probe = (
        "import sys, json\n"
        f"{code}\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_help_imports_no_heavy_library() -> None:
    modules = loaded_after(
        "from mentorlog.cli import cli\n"
        "try:\n    cli.main(['--help'], prog_name='mentorlog')\nexcept SystemExit:\n    pass"
    )
    assert "click" in modules
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_every_subcommand_help_imports_no_heavy_library() -> None:
    from mentorlog.cli import COMMANDS

    for name in sorted(COMMANDS):
        modules = loaded_after(
            "from mentorlog.cli import cli\n"
            f"try:\n    cli.main([{name!r}, '--help'], prog_name='mentorlog')\n"
            "except SystemExit:\n    pass"
        )
        assert not modules & set(HEAVY), (name, sorted(modules & set(HEAVY)))


def test_version_and_module_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "mentorlog", "--version"], capture_output=True, text=True, check=True
    ).stdout
    from mentorlog import __version__

    assert out.strip() == f"mentorlog, version {__version__}"


HELP_THEN_LIST = """
import sys
from mentorlog.cli import cli
try:
    cli.main(["--help"], prog_name="mentorlog")
except SystemExit:
    pass
print(sorted(m for m in sys.modules if m.startswith("mentorlog")))
"""


def test_help_imports_no_command_module() -> None:
    out = subprocess.run(
        [sys.executable, "-c", HELP_THEN_LIST], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "['mentorlog', 'mentorlog.cli', 'mentorlog.errors']"


def test_the_command_table_matches_the_commands() -> None:
    """`mentorlog --help` lists commands from COMMANDS: it must say what they say."""
    import click

    from mentorlog.cli import COMMANDS, cli, load_all

    load_all()
    assert set(cli.commands) == set(COMMANDS)
    for name, (module, text) in COMMANDS.items():
        command = cli.commands[name]
        assert command.callback is not None
        assert command.callback.__module__ == f"mentorlog.cli.{module}", name
        expected = command.get_short_help_str(1000)
        assert click.Command(name, help=text).get_short_help_str(1000) == expected, name


def test_shell_completion_offers_commands_and_review_kinds() -> None:
    import os

    def complete(words: str, cword: int) -> list[str]:
        env = dict(
            os.environ, COMP_WORDS=words, COMP_CWORD=str(cword), _MENTORLOG_COMPLETE="bash_complete"
        )
        out = subprocess.run(
            [sys.executable, "-m", "mentorlog"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return [line.split(",", 1)[1] for line in out.splitlines() if "," in line]

    assert complete("mentorlog ne", 1) == ["new-meeting"]
    assert complete("mentorlog review ", 2) == ["checkup", "midpoint", "closing"]
