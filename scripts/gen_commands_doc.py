"""Write docs/commands.md from the commands' own --help texts.

    python scripts/gen_commands_doc.py          # rewrite docs/commands.md
    python scripts/gen_commands_doc.py --check  # exit 1 if it is out of date

tests/cli/test_docs.py runs the check, so the reference cannot drift from the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

from mentorlog.cli import cli, load_all

DOC = Path(__file__).resolve().parent.parent / "docs" / "commands.md"


def walk(group: click.Group, prefix: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        out.append([*prefix, name])
        if isinstance(command, click.Group):
            out.extend(walk(command, [*prefix, name]))
    return out


def render() -> str:
    load_all()
    runner = CliRunner()
    parts = [
        "# mentorlog commands",
        "",
        "Generated from the commands' `--help` by `scripts/gen_commands_doc.py`;",
        "do not edit by hand. The file formats are in [format.md](format.md).",
        "",
    ]
    for path in [[], *walk(cli, [])]:
        result = runner.invoke(cli, [*path, "--help"], terminal_width=100)
        title = " ".join(["mentorlog", *path])
        parts += [f"## {title}", "", "```", result.output.rstrip(), "```", ""]
    return "\n".join(parts)


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC.name} is out of date: run python scripts/gen_commands_doc.py")
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
