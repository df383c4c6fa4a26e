"""`mentorlog --help` stays cheap: no git, icalendar, markdown-it, jinja2 or yaml."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("git", "icalendar", "markdown_it", "jinja2", "yaml", "frontmatter")


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
    from mentorlog.cli import cli

    for name in sorted(cli.commands):
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
