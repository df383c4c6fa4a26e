"""A cold read parsed in two processes reads exactly what one process reads."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mentorlog.rules import documents
from mentorlog.store import index, parse_ahead, reading

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import generate  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="parsing ahead is Linux-only")
HOUR = 3600 * 10**9


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("MENTORLOG_NO_CACHE", raising=False)
    real = index.now_ns
    monkeypatch.setattr(index, "now_ns", lambda: real() + HOUR)
    monkeypatch.setattr(parse_ahead, "MIN_FILES", 4)
    root = tmp_path / "repo"
    generate(root, meetings=16, items=5, goals=4)
    meetings = root / "meetings"
    # files the index cannot keep, or that do not parse: the parent reads them itself
    (meetings / "2018-02-05.md").write_text(
        "---\ndate: 2018-02-05\nwhen: 2018-02-05 10:00:00\npairs: !!omap [{a: 1}]\n---\n"
        "- [ ] @mentee an item\n",
        encoding="utf-8",
    )
    (meetings / "2018-02-12.md").write_text("---\ndate: [unclosed\n---\n", encoding="utf-8")
    (meetings / "2018-02-19.md").write_bytes(b"\x00\x01")
    (meetings / "2018-02-26.md").write_bytes(
        b"---\r\ndate: 2018-02-26\r\n---\r\n- [x] @sam done done:2018-02-27\r\n"
    )
    return root


def snapshot(root: Path) -> object:
    p = reading.load(root)
    return (p.agreement, p.roadmap, p.goals, p.meetings, [str(x) for x in p.problems])


def fresh(root: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as m:
        m.setenv("MENTORLOG_NO_CACHE", "1")
        return snapshot(root)


def parsed_here(monkeypatch: pytest.MonkeyPatch, slow: float = 0.0) -> list[str]:
    """The files this process parses from now on (a forked child's parses are its own),
    each taking ``slow`` seconds longer here."""
    import time

    seen: list[str] = []
    pid = os.getpid()
    for name in ("parse_meeting", "parse_goal"):
        real: Callable[..., Any] = getattr(documents, name)

        def counting(text: str, shown: str, *rest: Any, _real: Any = real) -> Any:
            if os.getpid() == pid:
                seen.append(shown)
                time.sleep(slow)
            return _real(text, shown, *rest)

        monkeypatch.setattr(documents, name, counting)
    return seen


def files(root: Path) -> list[str]:
    return sorted(f"{d}/{p.name}" for d in ("goals", "meetings") for p in (root / d).glob("*.md"))


def test_two_processes_read_what_one_reads(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = fresh(repo, monkeypatch)
    here = parsed_here(monkeypatch, slow=0.005)
    cold = snapshot(repo)
    assert cold == expected and repr(cold) == repr(expected)
    everything = files(repo)
    # this process, slowed down, parsed the first files until it met the child, and
    # the files the index cannot keep; the child the others
    assert here[0] == everything[0] and len(here) < len(everything) / 2
    assert "meetings/2018-02-05.md" in here
    del here[:]
    assert snapshot(repo) == expected  # all from the index now, child's files included
    assert here == ["meetings/2018-02-05.md"]


def test_a_child_that_fails_leaves_the_parsing_to_the_parent(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = fresh(repo, monkeypatch)

    class Broken:
        @staticmethod
        def dumps(value: Any) -> bytes:
            raise ValueError("the child cannot send")

        loads = staticmethod(parse_ahead.marshal.loads)

    monkeypatch.setattr(parse_ahead, "marshal", Broken)
    here = parsed_here(monkeypatch)
    assert snapshot(repo) == expected
    # every file parsed here (the binary one is refused before parsing)
    assert set(files(repo)) - set(here) == {"meetings/2018-02-19.md"}


def wait_till_taken(ahead: parse_ahead.Ahead, shown: str) -> None:
    """Until the child has marked ``shown`` as its own."""
    import time

    give_up = time.monotonic() + 30
    while ahead.taken[ahead.at[shown]] != parse_ahead.THERE:
        assert time.monotonic() < give_up, "the child never took the file"
        time.sleep(0.001)


def key(path: Path) -> tuple[int, int, int, int]:
    info = os.lstat(path)
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


@pytest.mark.parametrize("memory", [True, False], ids=["memory file", "pipe only"])
def test_a_file_changed_while_the_child_reads_is_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory: bool
) -> None:
    """The child's answer comes through a file in memory, or the pipe where there is none."""
    monkeypatch.setattr(parse_ahead, "MIN_FILES", 4)
    if not memory:
        monkeypatch.setattr(parse_ahead, "_memory_file", lambda: -1)
    paths = []
    for n in range(6):
        path = tmp_path / f"f{n}.md"
        path.write_text(f"text {n}\n", encoding="utf-8")
        paths.append(path)
    (tmp_path / "f4.md").unlink()
    os.mkfifo(tmp_path / "f4.md")  # never opened by the child: it would wait there
    jobs = [(p.name, str(p)) for p in paths]
    keys = [key(p) for p in paths]

    def make(shown: str, path: str) -> Any:
        if shown == "f2.md":  # changed as the child reads it
            Path(path).write_text("changed, and longer\n", encoding="utf-8")
        if shown == "f3.md":
            raise RuntimeError("a file the child could not make")
        return Path(path).read_text(encoding="utf-8")

    ahead = parse_ahead.start(jobs, make)
    assert ahead is not None and (ahead.buffer >= 0) == memory
    try:
        wait_till_taken(ahead, "f0.md")  # the child took every file
        assert not ahead.claim("f0.md")
        assert ahead.take("f0.md", keys[0]) == "text 0\n"
        assert ahead.take("f1.md", (0, 0, 0, 0)) is None  # another stat here: not taken
        assert ahead.take("f2.md", keys[2]) is None
        assert ahead.take("f2.md", key(paths[2])) is None  # not given, whatever its stat
        assert ahead.take("f3.md", keys[3]) is None
        assert ahead.take("f4.md", keys[4]) is None
        assert ahead.take("f5.md", keys[5]) == "text 5\n"
        assert "f9.md" not in ahead and ahead.claim("f9.md")
    finally:
        ahead.close()
    assert parse_ahead.start(jobs[:3], make) is None  # too few to be worth a process


def test_the_two_processes_meet_and_divide_the_files(tmp_path: Path) -> None:
    """Each file is taken by one process (at most the one they meet on by both): the
    child from the last back, this process from the first on, so whichever runs
    faster takes more."""
    import time

    paths = []
    for n in range(60):
        path = tmp_path / f"f{n:02}.md"
        path.write_text(f"text {n}\n", encoding="utf-8")
        paths.append(path)
    jobs = [(p.name, str(p)) for p in paths]
    ahead = parse_ahead.start(jobs, lambda shown, p: Path(p).read_text(encoding="utf-8"))
    assert ahead is not None
    here, there = [], []
    try:
        for n, (shown, _) in enumerate(jobs):
            if ahead.claim(shown):
                here.append(n)
                time.sleep(0.005)  # slower than the child: it takes most
            else:
                assert ahead.take(shown, key(paths[n])) == f"text {n}\n"
                there.append(n)
    finally:
        ahead.close()
    assert here == list(range(len(here))) and there == list(range(len(here), 60))
    assert 0 < len(here) < len(there)
    assert ahead.given is not None and set(ahead.given) >= {jobs[n][0] for n in there}
    assert len(set(ahead.given) & {jobs[n][0] for n in here}) <= 1  # the meeting file


def test_what_the_child_sends_does_not_depend_on_the_partners_names(repo: Path) -> None:
    """The child starts before agreement.md is read, so it parses without the names
    of the partners: every payload must be the one made with them."""
    from mentorlog.model.owners import owner_map
    from mentorlog.store import index_codec

    owners = owner_map("Ana Ruiz", "Sam Lee")
    assert owners  # the generated files' @ana and @sam resolve
    kept = 0
    for shown in files(repo):
        text = (repo / shown).read_bytes().decode("utf-8", "replace")
        parse = documents.parse_goal if shown.startswith("goals/") else documents.parse_meeting
        try:
            named, nameless = parse(text, shown, owners), parse(text, shown, {})
        except Exception as exc:  # noqa: BLE001 - the same failure both ways
            with pytest.raises(type(exc)):
                parse(text, shown, {})
            continue
        payload = index_codec.encode(*named, owners)
        assert payload == index_codec.encode(*nameless, {})
        kept += payload is not None
    assert kept > 10


def test_a_bad_agreement_leaves_no_child_behind(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentorlog.errors import BadFile

    (repo / "agreement.md").write_text("---\nmentee: [unclosed\n---\n", encoding="utf-8")
    started: list[parse_ahead.Ahead | None] = []
    real = parse_ahead.start
    monkeypatch.setattr(parse_ahead, "start", lambda *a: started.append(real(*a)) or started[-1])
    with pytest.raises(BadFile):
        reading.load(repo)
    (ahead,) = started
    assert ahead is not None and ahead.fd == -1  # closed, and its child reaped
    with pytest.raises(ChildProcessError):
        os.waitpid(ahead.pid, os.WNOHANG)


def test_an_answer_cut_short_is_parsed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pipe names a length the memory file does not hold (a child killed while
    writing, say): nothing of it is taken."""
    monkeypatch.setattr(parse_ahead, "MIN_FILES", 1)
    path = tmp_path / "f.md"
    path.write_text("text\n", encoding="utf-8")
    jobs = [("f.md", str(path))]
    real = parse_ahead._write_all

    def short(fd: int, data: bytes) -> None:
        real(fd, data if len(data) == 8 else data[: len(data) // 2])

    monkeypatch.setattr(parse_ahead, "_write_all", short)
    ahead = parse_ahead.start(jobs, lambda shown, p: Path(p).read_text(encoding="utf-8"))
    assert ahead is not None and ahead.buffer >= 0
    wait_till_taken(ahead, "f.md")
    assert not ahead.claim("f.md")
    assert ahead.take("f.md", key(path)) is None
    assert ahead.fd == -1 and ahead.buffer == -1


def written_index(root: Path) -> dict[str, Any]:
    found = index.Index.open(root.resolve())
    assert found.path is not None and found.path.exists()
    return found.old


def test_the_child_writes_the_index_this_process_would_write(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the parsing, the child writes the index (it holds its payloads; it is sent
    the others) while the command goes on; the file is the one written here."""
    handed: list[object] = []
    real = index.Index.hand_over
    monkeypatch.setattr(index.Index, "hand_over", lambda self, a: handed.append(a) or real(self, a))
    reading.load(repo)
    (ahead,) = handed
    assert index._HANDED and index._HANDED[0][0] is ahead  # not yet waited for
    index.finish()
    assert ahead.reaped is True and not index._HANDED  # type: ignore[attr-defined]
    by_child = written_index(repo)
    for path in (repo.parent / "cache").rglob("index-*"):
        path.unlink()
    monkeypatch.setattr(parse_ahead, "start", lambda *a, **k: None)
    reading.load(repo)
    assert written_index(repo) == by_child
    assert len(by_child) > 20


@pytest.mark.parametrize("how", ["the job fails", "the child is killed", "nothing to send"])
def test_an_index_the_child_did_not_write_is_written_here(
    repo: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    import signal

    if how == "the job fails":

        def failing(data: bytes, given: dict[str, Any]) -> None:
            raise RuntimeError("the child cannot write")

        monkeypatch.setattr(reading, "write_handed", failing)
    elif how == "the child is killed":
        real = parse_ahead.Ahead.hand_over

        def killed(self: parse_ahead.Ahead, data: bytes) -> bool:
            os.kill(self.pid, signal.SIGKILL)
            return real(self, data)

        monkeypatch.setattr(parse_ahead.Ahead, "hand_over", killed)
    else:
        monkeypatch.setattr(parse_ahead.Ahead, "hand_over", lambda self, data: False)
    expected = fresh(repo, monkeypatch)
    reading.load(repo)
    index.finish()
    assert not index._HANDED
    here = parsed_here(monkeypatch)
    assert snapshot(repo) == expected
    assert here == ["meetings/2018-02-05.md"]  # the others come from the index


def test_the_next_read_waits_for_the_index_being_written(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reading.load(repo)
    assert index._HANDED
    here = parsed_here(monkeypatch)
    reading.load(repo)  # opening the index waits for the child
    assert not index._HANDED
    assert here == ["meetings/2018-02-05.md"]


def test_the_command_ends_with_the_index_written(repo: Path, tmp_path: Path) -> None:
    """``mentorlog`` ends with ``os._exit``, which runs no exit handler: it waits for
    the child itself."""
    import subprocess

    import mentorlog

    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache2"), MENTORLOG_TODAY="2018-03-01")
    env.pop("MENTORLOG_NO_CACHE", None)
    # the mentorlog this test imports (installed, or a checkout), whose version key it reads
    env["PYTHONPATH"] = str(Path(mentorlog.__file__).resolve().parents[1])
    code = "import sys; sys.argv = ['mentorlog', '-C', sys.argv[1], 'status']; "
    code += "from mentorlog.store import index, parse_ahead; parse_ahead.MIN_FILES = 4; "
    code += f"real = index.now_ns; index.now_ns = lambda: real() + {HOUR}; "  # (files just made)
    code += "import time; from mentorlog.store import reading; "  # a child slow to write
    code += "reading.write_handed = lambda *a: (time.sleep(0.5), index.write_handed(*a)); "
    code += "from mentorlog.cli import run; run()"
    with open(tmp_path / "err", "wb") as err:  # (a pipe would wait for the child to end too)
        done = subprocess.run(
            [sys.executable, "-c", code, str(repo)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            cwd=tmp_path,
        )
    assert done.returncode == 0, (tmp_path / "err").read_text()
    (written,) = (tmp_path / "cache2" / "mentorlog").glob("index-????????.bin")
    entries = index._read(written, str(repo.resolve()))
    assert "meetings/2018-02-26.md" in entries and len(entries) > 20
