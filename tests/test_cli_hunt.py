"""The CLI surface as a whole: odd locales, odd places, what the messages claim."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mentorlog.errors import EXIT_OK

ROOT = Path(__file__).resolve().parent.parent


def run_module(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    full = dict(os.environ, PYTHONPATH=str(ROOT), MENTORLOG_TODAY="2026-11-21", **env)
    return subprocess.run(
        [sys.executable, "-m", "mentorlog", *args],
        cwd=cwd,
        capture_output=True,
        env=full,
        check=False,
    )


def test_a_latin1_terminal_gets_its_text_not_an_internal_error(partnership: Path) -> None:
    proc = run_module(partnership, "roadmap", "add", "Café culture", PYTHONIOENCODING="latin-1")
    assert proc.stderr == b""
    assert proc.returncode == EXIT_OK
    proc = run_module(partnership, "roadmap", PYTHONIOENCODING="latin-1")
    assert proc.stderr == b""
    assert proc.returncode == EXIT_OK
    assert b"Caf\xe9 culture  ? " in proc.stdout  # the em dash cannot be shown: "?"


def test_json_on_a_latin1_terminal_keeps_every_character(partnership: Path) -> None:
    run_module(partnership, "roadmap", "add", "Grüße — 日本", PYTHONIOENCODING="latin-1")
    proc = run_module(partnership, "roadmap", "--json", PYTHONIOENCODING="latin-1")
    assert proc.returncode == EXIT_OK
    assert proc.stderr == b""
    topics = [entry["topic"] for entry in json.loads(proc.stdout.decode("latin-1"))]
    assert "Grüße — 日本" in topics
