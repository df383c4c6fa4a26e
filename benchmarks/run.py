"""Time mentorlog's commands on synthetic repositories of 50, 200 and 500 meetings.

    python benchmarks/run.py [--repeat 7] [--sizes 50,200,500] [--markdown FILE]

Each command runs as a fresh process (as a user runs it), several times; the
table shows medians, the ratio to `python -c "import click"` (the floor of
any click program), and the growth from the smallest to the largest
repository. "warm" runs find the parse cache filled by an earlier run,
"cold" ones start with an empty cache. Targets (issue 9): --help within
1.5x the click baseline; status and actions on 500 meetings under 250 ms;
500 vs 50 meetings under 10x.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import START, generate  # noqa: E402

COMMANDS: list[tuple[str, list[str]]] = [
    ("status", ["status"]),
    ("actions --json", ["actions", "--json"]),
    ("new-meeting --no-commit", ["new-meeting", "--no-commit"]),
    ("schedule -o -", ["schedule", "-o", "-"]),
    ("review midpoint --no-commit", ["review", "midpoint", "--no-commit"]),
]


def mentorlog_cmd() -> list[str]:
    exe = shutil.which("mentorlog", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "mentorlog"]


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    return time.perf_counter() - start, proc.returncode


def reset(root: Path, size: int) -> None:
    """The generated repository exactly as generated (commands may have written to it)."""
    for extra in ("schedule.ics", "reviews", "meetings"):
        target = root / extra
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    generate(root, size)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--sizes", default="50,200,500")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    ml = mentorlog_cmd()
    work = Path(tempfile.mkdtemp(prefix="mentorlog-bench-"))
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(work / "cache")
    env.pop("MENTORLOG_NO_CACHE", None)

    rows: list[tuple[str, str, float, str]] = []
    baseline = median_ms(
        [timed([sys.executable, "-c", "import click"], env)[0] for _ in range(args.repeat)]
    )
    rows.append(("python -c 'import click'", "-", baseline, "1.00x"))
    helps = median_ms([timed([*ml, "--help"], env)[0] for _ in range(args.repeat)])
    rows.append(("mentorlog --help", "-", helps, f"{helps / baseline:.2f}x"))

    results: dict[tuple[str, int, str], float] = {}
    failures: list[str] = []
    for size in sizes:
        root = work / f"repo-{size}"
        generate(root, size)
        today = START + dt.timedelta(days=7 * size // 2 + 3)
        run_env = dict(env, MENTORLOG_TODAY=today.isoformat())
        base = [*ml, "-C", str(root)]
        for label, argv in COMMANDS:
            for mode in ("cold", "warm"):
                samples = []
                for _ in range(args.repeat if mode == "warm" else max(3, args.repeat // 2)):
                    reset(root, size)  # every run sees the same files
                    if mode == "cold":
                        shutil.rmtree(work / "cache", ignore_errors=True)
                    else:  # fill the cache the way any earlier command would
                        timed([*base, "roadmap"], run_env)
                    elapsed, code = timed([*base, *argv], run_env)
                    if code != 0:
                        failures.append(f"{label} on {size} meetings exited {code}")
                        break
                    samples.append(elapsed)
                if samples:
                    results[(label, size, mode)] = median_ms(samples)
    for label, _ in COMMANDS:
        for size in sizes:
            for mode in ("warm", "cold"):
                if (label, size, mode) in results:
                    ms = results[(label, size, mode)]
                    rows.append((f"{label} ({mode})", str(size), ms, f"{ms / baseline:.2f}x"))

    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()}; {dt.date.today()}; "
        f"median of {args.repeat} runs (cold: of {max(3, args.repeat // 2)}).",
        "",
        "| command | meetings | median ms | vs click import |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {c} | {n} | {ms:.0f} | {r} |" for c, n, ms, r in rows]
    lines += ["", "| command | 500 vs 50 meetings (warm) |", "|---|---:|"]
    lo, hi = min(sizes), max(sizes)
    for label, _ in COMMANDS:
        if (label, lo, "warm") in results and (label, hi, "warm") in results:
            growth = results[(label, hi, "warm")] / results[(label, lo, "warm")]
            lines.append(f"| {label} | {growth:.2f}x |")
    verdicts = [f"--help: {helps / baseline:.2f}x the click import (target 1.5x)"]
    for label in ("status", "actions --json"):
        ms = results.get((label, hi, "warm"))
        if ms is not None:
            verdicts.append(
                f"{label} on {hi} meetings: {ms:.0f} ms warm, "
                f"{results.get((label, hi, 'cold'), float('nan')):.0f} ms cold "
                "(target 250 ms)"
            )
    lines += ["", *[f"- {v}" for v in verdicts]]
    if failures:
        lines += ["", "Failures:", *[f"- {f}" for f in failures]]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
