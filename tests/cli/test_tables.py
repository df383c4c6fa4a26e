"""Tables fit the terminal (COLUMNS respected); piped output keeps whole texts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import INIT_BASE, mentorlog

from mentorlog.render import tables

LONG_ITEM = "Give a lightning talk at the architecture guild about the migration and its lessons"
LONG_GOAL = "Build a network beyond my team across three departments and two sites this year"
LONG_TOPIC = "Negotiating a promotion, a raise and a new title with a manager who avoids it"
LONG_NAME = "Priya Raman-Subramanian of the Platform Architecture Guild, Berlin office"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    assert mentorlog(["init", str(root), *INIT_BASE], today="2026-11-21").exit_code == 0
    (root / "meetings" / "2026-12-01.md").write_text(
        f"---\nstatus: held\n---\n\n- [ ] @mentee {LONG_ITEM} due:2026-12-10\n",
        encoding="utf-8",
    )
    (root / "goals" / "03-build-a-network.md").write_text(
        f"---\ntitle: {LONG_GOAL}\nstatus: active\n---\n\n"
        f"- [ ] @mentee {LONG_ITEM} #doing due:2027-01-10\n"
        "## Progress\n\n- 2026-12-05: " + LONG_ITEM + "\n",
        encoding="utf-8",
    )
    (root / "roadmap.md").write_text(f"# Roadmap\n\n1. {LONG_TOPIC}\n", encoding="utf-8")
    (root / "prospects.md").write_text(
        "| Name | Experience | Willingness | Time | Chemistry | Status | Notes |\n"
        "|---|---|---|---|---|---|---|\n"
        f"| {LONG_NAME} | 5 | 4 | | | idea | |\n",
        encoding="utf-8",
    )
    return root


COMMANDS = (["actions"], ["goal", "list"], ["roadmap"], ["prospects"])


def run_in_terminal(root: Path, args: list[str], columns: int) -> str:
    """Run mentorlog with its output on a pseudo-terminal COLUMNS wide."""
    import pty

    env = {**os.environ, "COLUMNS": str(columns), "MENTORLOG_TODAY": "2026-12-20"}
    master, slave = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "mentorlog", "-C", str(root), *args],
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=subprocess.DEVNULL,
            env=env,
            timeout=60,
            check=False,
        )
        os.close(slave)
        slave = -1
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # the terminal is closed and drained
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)
    assert proc.returncode == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_tables_fit_the_terminal_and_pipes_keep_whole_texts(root: Path, args: list[str]) -> None:
    narrow = run_in_terminal(root, args, 80)
    lines = narrow.splitlines()
    assert lines and all(len(line) <= 80 for line in lines), narrow
    assert "…" in narrow
    piped = subprocess.run(
        [sys.executable, "-m", "mentorlog", "-C", str(root), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80", "MENTORLOG_TODAY": "2026-12-20"},
        check=True,
        encoding="utf-8",
    ).stdout
    assert "…" not in piped
    assert any(len(line) > 80 for line in piped.splitlines())
    assert any(text in piped for text in (LONG_ITEM, LONG_GOAL, LONG_TOPIC, LONG_NAME))


def test_fit_drops_then_shrinks_then_cuts() -> None:
    rows = [["REF", "WHERE", "TEXT"], ["abcd", "meetings/2026-12-01.md:7", "x" * 50]]
    assert tables.fit(rows, 0) == tables.render(rows)
    assert tables.fit(rows, 200) == tables.render(rows)
    dropped = tables.fit(rows, 60, drop=[1], shrink=[2])
    assert dropped == ["REF   TEXT", "abcd  " + "x" * 50]
    shrunk = tables.fit(rows, 30, drop=[1], shrink=[2])
    assert shrunk[1] == "abcd  " + "x" * 23 + "…" and len(shrunk[1]) == 30
    cut = tables.fit(rows, 12, drop=[1], shrink=[2], keep=10)
    assert all(len(line) <= 12 for line in cut)
    assert tables.squeeze("  1. ", "a long topic text", "  — planned", 25) == (
        "  1. a long t…  — planned"
    )
