"""Time mentorlog's commands on synthetic repositories, as ratios to importing click.

    python benchmarks/run.py [--repeat 9] [--sizes 50,500] [--markdown FILE] [--cpu]
                             [--source DIR] [--instructions]

Each command runs as a fresh process, the way a user runs it, right after a run
of ``python -c "import click"`` (the floor of any click program). Every ratio
is the median of each run's ratio to the click import run just before it (the
table also shows the plain ratio of the two medians, as earlier rounds judged), so
figures from a busy and a quiet machine compare, and so do two commands timed
minutes apart on a virtual machine whose speed drifts (the milliseconds shown
are plain medians); CPU time (user and system) is shown beside wall-clock time,
as it suffers less when other work shares the machine.
"warm" runs find the repository's index filled by an earlier command; "cold"
runs start with an empty cache folder, as in a fresh clone. The writing
commands run warm, on a repository put back the way it was after each run.
When jrnl or todoman are installed, ``jrnl -n 500`` over 500 entries and
``todo list`` over ten todos a meeting of the largest repository are timed in
the same run, for reference. The first run of each command is not counted (it
compiles the bytecode).

Python's own bytecode cache is on for the run (in a temporary folder), as it is
for an installed mentorlog. ``--source DIR`` times the mentorlog in another
checkout (an older commit, say) with the same data. ``--instructions`` counts
the instructions each run executes instead (valgrind's callgrind, one run each:
the same count on every run, whatever else the machine is doing; slow, about
ten minutes). Targets: docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import START, generate  # noqa: E402

READERS: list[tuple[str, list[str]]] = [
    ("status", ["status"]),
    ("actions", ["actions"]),
    ("goal list", ["goal", "list"]),
    ("roadmap", ["roadmap"]),
]
WRITERS: list[tuple[str, list[str]]] = [
    ("new-meeting", ["new-meeting", "--no-commit"]),
    ("schedule", ["schedule", "-o", "-"]),
]
#: The targets (docs/performance.md), as ratios to the click import.
WARM, COLD, WRITE, GROWTH = 2.0, 4.0, 4.0, 1.5
#: How long the index waits before it trusts a file's stat (mentorlog.store.index.RACY_NS).
SETTLE = 2.2


def mentorlog_cmd() -> list[str]:
    exe = shutil.which("mentorlog", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "mentorlog"]


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall-clock seconds, CPU seconds (user and system) and exit code of a run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done.returncode


def counted(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Millions of instructions a run executes (callgrind), twice (in place of wall-clock
    and CPU time), and its exit code. Only the command's own process is counted: the
    child a cold read forks to parse beside it (mentorlog.store.parse_ahead) runs at
    the same time, so what the command waits for is its own count."""
    done = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, stderr = done.communicate()
    found = re.search(rf"=={done.pid}== Collected : (\d+)", stderr)
    # in thousands of millions, as timed() gives seconds: median_ms() makes them millions
    count = int(found.group(1)) / 1e9 if found else float("nan")
    return count, count, done.returncode or 0


#: Median wall-clock ms, median CPU ms (or M instructions, twice), and the median of
#: each run's ratio (wall-clock, CPU) to the click import run just before it.
Figure = tuple[float, float, float, float]


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def files_of(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def put_back(root: Path, before: dict[Path, bytes]) -> None:
    """The repository as ``before`` holds it: new files removed, changed ones rewritten."""
    for path in list(root.rglob("*")):
        if path.is_file() and path not in before:
            path.unlink()
        elif path.is_file() and path.read_bytes() != before[path]:
            path.write_bytes(before[path])


class Bench:
    def __init__(self, work: Path, repeat: int, source: Path, instructions: bool = False):
        self.work = work
        self.repeat = 1 if instructions else repeat
        self.measure = counted if instructions else timed
        self.cache = work / "cache"
        self.env = dict(os.environ)
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env.pop("MENTORLOG_NO_CACHE", None)
        self.env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        self.env["XDG_CACHE_HOME"] = str(self.cache)
        self.env["XDG_CONFIG_HOME"] = str(work / "config")
        self.env["MENTORLOG_CONFIG_DIR"] = str(work / "config" / "mentorlog")
        self.env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(source), self.env.get("PYTHONPATH", "")) if p
        )
        self.click: list[tuple[float, float]] = []
        self.failures: list[str] = []

    def baseline(self) -> None:
        """One more sample of the click import (taken all through the run; once when
        instructions are counted: the count does not change)."""
        if self.measure is counted and self.click:
            return
        wall, cpu, _ = self.measure([sys.executable, "-c", "import click"], self.env)
        self.click.append((wall, cpu))

    def samples(self, label: str, cmd: list[str], env: dict[str, str], prepare=None) -> Figure:  # type: ignore[no-untyped-def]
        out = []
        for n in range(self.repeat + 1):  # the first run compiles the bytecode: not counted
            if prepare is not None:
                prepare()
            self.baseline()
            wall, cpu, code = (timed if n == 0 else self.measure)(cmd, env)
            if n == 0 and code == 0:
                continue
            if code != 0:
                self.failures.append(f"{label}: exit {code}")
                return (float("nan"),) * 4
            base_wall, base_cpu = self.click[-1]  # the click import run just before
            out.append((wall, cpu, wall / base_wall, cpu / base_cpu))
        return (
            median_ms([w for w, _, _, _ in out]),
            median_ms([c for _, c, _, _ in out]),
            statistics.median(r for _, _, r, _ in out),
            statistics.median(r for _, _, _, r in out),
        )


def settle(run: list[str], env: dict[str, str]) -> None:
    """Let the files age past the index's racy window, then fill the index."""
    time.sleep(SETTLE)
    timed(run, env)


def references(bench: Bench, entries: int, todos: int) -> list[tuple[str, Figure]]:
    rows: list[tuple[str, Figure]] = []
    jrnl = shutil.which("jrnl", path=str(Path(sys.executable).parent)) or shutil.which("jrnl")
    if jrnl:
        journal = bench.work / "journal.txt"
        lines = []
        for n in range(entries):
            day = START + dt.timedelta(days=7 * n)
            lines += [f"[{day} 17:30] Meeting {n + 1}: topic number {n + 1}.", ""]
            lines += [f"Note line {k} about the topic, with @mentee and #tag." for k in range(8)]
            lines.append("")
        journal.write_text("\n".join(lines), encoding="utf-8")
        conf = bench.work / "config" / "jrnl"
        conf.mkdir(parents=True, exist_ok=True)
        (conf / "jrnl.yaml").write_text(
            "colors: {body: none, date: none, tags: none, title: none}\n"
            "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
            "highlight: false\nindent_character: '|'\n"
            f"journals:\n  default:\n    journal: {journal}\n"
            "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\n"
            "timeformat: '%Y-%m-%d %H:%M'\nversion: v4.6\n",
            encoding="utf-8",
        )
        cmd = [jrnl, "-n", str(entries)]
        timed(cmd, bench.env)
        rows.append((f"jrnl -n {entries}", bench.samples("jrnl", cmd, bench.env)))
    todo = shutil.which("todo", path=str(Path(sys.executable).parent)) or shutil.which("todo")
    if todo:
        folder = bench.work / "todos" / "mentoring"
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(todos):
            due = (START + dt.timedelta(days=n // 10 * 7 + 10)).strftime("%Y%m%d")
            state = "NEEDS-ACTION" if n % 10 < 3 else "COMPLETED"
            (folder / f"bench-{n}.ics").write_text(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//mentorlog bench//EN\r\n"
                f"BEGIN:VTODO\r\nUID:bench-{n}\r\nSUMMARY:Task {n} for a meeting\r\n"
                f"DUE;VALUE=DATE:{due}\r\nSTATUS:{state}\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
                encoding="utf-8",
            )
        conf = bench.work / "config" / "todoman"
        conf.mkdir(parents=True, exist_ok=True)
        (conf / "config.py").write_text(
            f'path = "{folder.parent}/*"\ndate_format = "%Y-%m-%d"\ntime_format = "%H:%M"\n'
            'default_list = "mentoring"\n',
            encoding="utf-8",
        )
        cmd = [todo, "list"]
        timed(cmd, bench.env)  # fills todoman's own cache
        rows.append((f"todo list ({todos} todos)", bench.samples("todo", cmd, bench.env)))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--sizes", default="50,500")
    parser.add_argument("--markdown", type=Path, help="also write the report to this file")
    parser.add_argument(
        "--cpu", action="store_true", help="judge targets on CPU time (for a busy machine)"
    )
    parser.add_argument(
        "--source", type=Path, default=HERE.parent, help="the checkout whose mentorlog to time"
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions (valgrind) instead of timing: reproducible on a busy machine",
    )
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind (apt install valgrind)")
    sizes = sorted(int(s) for s in args.sizes.split(","))
    work = Path(tempfile.mkdtemp(prefix="mentorlog-bench-"))
    bench = Bench(work, args.repeat, args.source.resolve(), args.instructions)
    ml = (
        mentorlog_cmd()
        if args.source.resolve() == HERE.parent
        else [sys.executable, "-m", "mentorlog"]
    )
    try:
        for _ in range(2):  # compile the bytecode of everything once
            bench.baseline()
        bench.click.clear()
        helps = bench.samples("--help", [*ml, "--help"], bench.env)
        results: dict[tuple[str, int, str], Figure] = {}
        for size in sizes:
            root = work / f"repo-{size}"
            generate(root, size)
            today = START + dt.timedelta(days=7 * size // 2 + 3)
            env = dict(bench.env, MENTORLOG_TODAY=today.isoformat())
            base = [*ml, "-C", str(root)]
            settle([*base, "roadmap"], env)
            for label, argv in READERS:
                results[(label, size, "warm")] = bench.samples(label, [*base, *argv], env)
            for label, argv in READERS:
                cold = bench.samples(
                    label,
                    [*base, *argv],
                    env,
                    prepare=lambda: shutil.rmtree(bench.cache, ignore_errors=True),
                )
                results[(label, size, "cold")] = cold
            settle([*base, "roadmap"], env)
            before = files_of(root)
            for label, argv in WRITERS:

                def restore() -> None:
                    put_back(root, before)  # noqa: B023 - used within the loop
                    settle([*base, "roadmap"], env)  # noqa: B023

                results[(label, size, "warm")] = bench.samples(
                    label, [*base, *argv], env, prepare=restore
                )
        refs = references(bench, 500, 10 * max(sizes))  # ten items a meeting
    finally:
        shutil.rmtree(work, ignore_errors=True)

    click = (
        median_ms([w for w, _ in bench.click]),
        median_ms([c for _, c in bench.click]),
        1.0,
        1.0,
    )
    judge = 1 if args.cpu else 0
    top, low = max(sizes), min(sizes)
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
                if line.startswith("model name")
            ),
            platform.processor() or "unknown CPU",
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    uname = platform.uname()
    judged = "CPU" if args.cpu else "wall-clock"
    header = (
        "| command | meetings | cache | ms | × click | ms ÷ click ms | CPU ms | × click (CPU) "
        "| target | met |"
    )
    lines = [
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {uname.system} {uname.release} "
        f"{uname.machine}; {cpu}, {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end; "
        + (
            f'instructions counted (callgrind), one run each; `python -c "import click"` '
            f"{click[0]:.0f} M instructions."
            if args.instructions
            else f'median of {args.repeat} runs; `python -c "import click"` {click[0]:.0f} ms '
            f"({click[1]:.0f} ms CPU); targets judged on {judged} time."
        ),
        "",
        "| command | meetings | cache | M instructions | × click | target | met |"
        if args.instructions
        else header,
        "|---|---:|---|---:|---:|---:|---|"
        if args.instructions
        else "|---|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]

    def row(label: str, size: int | str, mode: str, fig: Figure, target: float | None) -> None:
        wall, cpu = fig[2], fig[3]
        ratio = (wall, cpu)[judge]
        met = "" if target is None else ("yes" if ratio <= target else "**no**")
        goal = "" if target is None else f"{target:g}×"
        cells = f"| {label} | {size} | {mode} | {fig[0]:.0f} | {wall:.2f}× |"
        if not args.instructions:  # (and the ratio of the medians, as earlier rounds had it)
            cells += f" {fig[0] / click[0]:.2f}× | {fig[1]:.0f} | {cpu:.2f}× |"
        lines.append(f"{cells} {goal} | {met} |")

    row("python -c 'import click'", "-", "-", click, None)
    row("mentorlog --help", "-", "-", helps, None)
    for label, _ in READERS:
        for size in sizes:
            for mode in ("warm", "cold"):
                target = (WARM if mode == "warm" else COLD) if size == top else None
                row(label, size, mode, results[(label, size, mode)], target)
    for label, _ in WRITERS:
        for size in sizes:
            row(label, size, "warm", results[(label, size, "warm")], WRITE if size == top else None)
    for label, ms in refs:
        row(label, "-", "-", ms, None)
    lines += [
        "",
        f"| command | {top} vs {low} meetings (warm) | target | met |",
        "|---|---:|---:|---|",
    ]
    for label, _ in READERS + WRITERS:
        growth = results[(label, top, "warm")][2 + judge] / results[(label, low, "warm")][2 + judge]
        met = "yes" if growth <= GROWTH else "**no**"
        lines.append(f"| {label} | {growth:.2f}× | {GROWTH:g}× | {met} |")
    if bench.failures:
        lines += ["", "Failures:", *[f"- {f}" for f in bench.failures]]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    return 1 if bench.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
