"""The mentorlog command ends at once after its work, with all its output and its exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import mentorlog_in

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import generate  # noqa: E402


def command(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mentorlog", *args], capture_output=True, text=True, env=env
    )


def test_the_command_gives_all_its_output_and_its_exit_code(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    generate(root, meetings=40, items=8, goals=4)
    env = {**os.environ, "MENTORLOG_TODAY": "2018-06-01", "XDG_CACHE_HOME": str(tmp_path / "c")}
    for args in (("actions", "--all"), ("actions", "--all", "--json"), ("status",)):
        done = command("-C", str(root), *args, env=env)
        expected = mentorlog_in(root, *args, today="2018-06-01")
        assert done.returncode == expected.exit_code == 0, done.stderr
        assert done.stdout == expected.output  # every line, flushed before the end
        assert len(done.stdout) > 2000 or args == ("status",)
    missing = command("-C", str(tmp_path / "nowhere"), "status", env=env)
    assert missing.returncode == 2 and missing.stderr.startswith("mentorlog: ")
    assert command("nosuch", env=env).returncode == 2
    assert command("--version", env=env).stdout.startswith("mentorlog, version ")
