"""new-meeting's write path at little cost: the intent record written without
passing the files' base64 text through the JSON encoder (the same JSON), temporary
files made without tempfile, and only the modules a run uses imported."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import run_listing_modules
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog import api
from mentorlog.store import durable, intent

TODAY = dt.date(2026, 11, 21)

# ------------------------------------------------------------------ the intent record

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
hashes = st.none() | st.text("0123456789abcdef", min_size=64, max_size=64)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(texts, hashes, hashes, st.binary(max_size=300)), max_size=4),
    texts,
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
)
def test_the_intent_record_is_what_json_writes(
    files: list[tuple[str, str | None, str | None, bytes]], label: str, commit: bool, when: float
) -> None:
    import base64

    data = {
        "version": 1,
        "pid": 4242,
        "started": when,
        "root": f"/home/{label}",
        "label": label,
        "commit": commit,
        "files": [
            {"path": path, "old": old, "new": new, "data": base64.b64encode(raw).decode("ascii")}
            for path, old, new, raw in files
        ],
    }
    assert intent.record_json(data) == json.dumps(data)


def test_the_intent_record_holds_what_is_written(tmp_path: Path) -> None:
    """The record of a write: each file's base64 as base64 gives it, and its hashes."""
    import base64
    import hashlib

    intent.start(tmp_path, "new-meeting", commit=False)
    try:
        target = tmp_path / "meetings" / "2026-12-01.md"
        data = "é\n".encode() * 1000 + bytes(range(256))
        assert intent.before_write([(target, data)])
        record = json.loads(intent.intent_path(tmp_path).read_bytes())
        assert record["files"] == [
            {
                "path": "meetings/2026-12-01.md",
                "old": None,
                "new": hashlib.sha256(data).hexdigest(),
                "data": base64.b64encode(data).decode("ascii"),
            }
        ]
        assert record["label"] == "new-meeting" and record["commit"] is False
    finally:
        intent.end()


# ------------------------------------------------------------------ temporary files


def test_a_temporary_name_taken_is_drawn_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "schedule.ics"
    draws = iter([b"\x00\x00\x00\x01", b"\x00\x00\x00\x01", b"\x00\x00\x00\x02"])
    monkeypatch.setattr(durable.os, "urandom", lambda n: next(draws))
    taken = tmp_path / ".schedule.ics.00000001.tmp"
    taken.write_bytes(b"someone else's")
    durable.write_durably(target, b"BEGIN:VCALENDAR\r\n")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"
    assert taken.read_bytes() == b"someone else's"  # never opened, never removed
    assert sorted(p.name for p in tmp_path.iterdir()) == [taken.name, "schedule.ics"]


def test_no_free_temporary_name_is_an_error_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "notes.md"
    target.write_bytes(b"before")
    (tmp_path / ".notes.md.00000000.tmp").write_bytes(b"")
    monkeypatch.setattr(durable.os, "urandom", lambda n: b"\x00" * n)
    with pytest.raises(FileExistsError):
        durable.write_durably(target, b"after")
    assert target.read_bytes() == b"before"


def test_a_temporary_file_is_new_and_the_users_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never through a link at the name drawn (it is drawn again), mode 0600."""
    draws = iter([b"\x00\x00\x00\x07", b"\x00\x00\x00\x08"])
    monkeypatch.setattr(durable.os, "urandom", lambda n: next(draws))
    (tmp_path / ".a.md.00000007.tmp").symlink_to(tmp_path / "elsewhere")
    fd, name = durable.temporary(tmp_path / "a.md")
    os.close(fd)
    assert name == str(tmp_path / ".a.md.00000008.tmp")
    assert os.stat(name).st_mode & 0o777 == 0o600
    assert not (tmp_path / "elsewhere").exists()


# ------------------------------------------------------------------ what new-meeting imports


def test_new_meeting_imports_only_what_it_uses(tmp_path: Path) -> None:
    """Outside git and with --no-commit: no Jinja (the shipped templates are plain
    Python too), no git modules, no tempfile or subprocess, nothing of init, goals or
    the journal."""
    root = tmp_path / "demo"
    api.demo(root, TODAY, git=False)
    env = {**os.environ, "MENTORLOG_TODAY": TODAY.isoformat()}
    done, modules = run_listing_modules(
        ["-C", str(root), "new-meeting", "--no-commit"], tmp_path / "modules.json", env
    )
    assert done.returncode == 0, done.stderr
    assert b"Wrote meetings/" in done.stdout and b"Carried 4" in done.stdout
    assert (root / "schedule.ics").is_file()
    unused = {
        "jinja2",
        "markupsafe",
        "tempfile",
        "subprocess",
        "mentorlog.store.git.commits",
        "mentorlog.rules.init_files",
        "mentorlog.rules.goal_files",
        "mentorlog.rules.journal",
    }
    assert sorted(unused & {*modules, *(m.split(".")[0] for m in modules)}) == []
    assert {"mentorlog.render.meeting_body", "mentorlog.store.intent"} <= modules


# ------------------------------------------------------------------ git asked once


def test_new_meeting_in_git_asks_git_for_unmerged_files_once(tmp_path: Path) -> None:
    """The meeting files and schedule.ics are checked against one `git ls-files -u`."""
    import shutil

    root = tmp_path / "demo"
    api.demo(root, TODAY, git=True)
    log = tmp_path / "git.log"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    real = shutil.which("git")
    assert real is not None
    wrapper = bin_dir / "git"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {real} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        [sys.executable, "-m", "mentorlog", "-C", str(root), "new-meeting", "--no-commit"],
        capture_output=True,
        check=False,
        env={**env, "MENTORLOG_TODAY": TODAY.isoformat()},
    )
    assert done.returncode == 0, done.stderr
    asked = [line for line in log.read_text().splitlines() if line.startswith("ls-files -u")]
    assert asked == ["ls-files -u -z --"]
    written = {line.split(maxsplit=1)[1] for line in git_status(root)}
    assert "schedule.ics" in written and any(p.startswith("meetings/") for p in written)


def git_status(root: Path) -> list[str]:
    out = subprocess.run(
        ["git", "status", "--porcelain", "-uall"], cwd=root, capture_output=True, text=True
    )
    return out.stdout.splitlines()


def test_git_is_asked_again_once_its_index_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".git" / "index").write_bytes(b"first")
    answers = iter([["a.md"], ["b.md"], ["b.md"], ["c.md"]])
    asked: list[tuple[str, ...]] = []

    def unmerged(top: Path, rels: tuple[str, ...] | list[str] = ()) -> list[str]:
        asked.append(tuple(rels))
        return next(answers)

    monkeypatch.setattr(intent, "unmerged", unmerged)
    gitdir = tmp_path / ".git"
    assert intent.unmerged_among(tmp_path, gitdir, ["a.md"]) == ["a.md"]  # no command: asked
    intent.start(tmp_path, "new-meeting", commit=False)
    try:
        assert intent.unmerged_among(tmp_path, gitdir, ["a.md", "x.md"]) == []
        assert intent.unmerged_among(tmp_path, gitdir, ["b.md"]) == ["b.md"]
        assert asked == [("a.md",), ()]  # every file, once
        fresh = gitdir / "index.lock"
        fresh.write_bytes(b"second, longer")
        os.replace(fresh, gitdir / "index")  # as git writes its index
        assert intent.unmerged_among(tmp_path, gitdir, ["b.md"]) == ["b.md"]
        assert asked == [("a.md",), (), ()]
        monkeypatch.setenv("GIT_INDEX_FILE", str(gitdir / "other"))
        assert intent.unmerged_among(tmp_path, gitdir, ["c.md"]) == ["c.md"]
        assert asked[-1] == ("c.md",)
    finally:
        intent.end()
