"""The docs cannot drift: every command is documented, the reference is current."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pytest

from mentorlog.cli import cli, load_all

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))


def all_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    load_all()
    out = []
    for name, command in sorted(group.commands.items()):
        out.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            out.extend(all_commands(command, f"{prefix}{name} "))
    return out


@pytest.mark.parametrize(("name", "command"), all_commands(cli))
def test_every_command_has_help(name: str, command: click.Command) -> None:
    assert command.help and len(command.help.strip()) > 20, name


def test_every_command_is_in_the_docs() -> None:
    docs = (ROOT / "README.md").read_text(encoding="utf-8") + (
        ROOT / "docs" / "format.md"
    ).read_text(encoding="utf-8")
    for name, _ in all_commands(cli):
        assert f"mentorlog {name}" in docs or f"`{name}" in docs, name


def test_the_command_reference_is_current() -> None:
    if not (ROOT / "docs" / "commands.md").exists():
        pytest.skip("no source tree here")
    from gen_commands_doc import DOC, render

    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/commands.md is out of date: run python scripts/gen_commands_doc.py"
    )
