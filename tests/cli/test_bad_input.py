"""Bad input everywhere: read commands report and carry on, write commands refuse, no data lost."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from click.testing import Result
from helpers import agreement_text, mentorlog_in
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorlog.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, MentorlogError, UsageError
from mentorlog.model import Partnership
from mentorlog.rules import check as checkmod
from mentorlog.store import files, inventory, paths, reading, refusals
from mentorlog.text import frontmatter_read
from mentorlog.text import items as itemsmod

AGREEMENT = agreement_text(duration=False)
TODAY = "2026-11-21"

CORPUS: dict[str, bytes] = {
    "broken-yaml": b"---\ndate: [\nstatus: held\n---\nNotes\n",
    "list": b"---\n- a\n- b\n---\nNotes\n",
    "bad-date": b"---\ndate: 2026-02-30\nstatus: held\n---\n",
    "not-utf8": b"---\nstatus: held\n---\ncaf\xe9 au lait\n",
    "empty": b"",
    "binary": bytes(range(256)) * 4,
    "python-tag": b'---\nstatus: !!python/object/apply:os.system ["touch PWNED"]\n---\n',
    "unclosed": b"---\nstatus: held\nNotes without a closing line\n",
    "huge": b"---\nstatus: held\n---\n" + b"x" * (refusals.MAX_FILE_BYTES + 1),
    "bad-value": b"---\nstatus: finished\nnumber: two\n---\n",
}
GOOD: dict[str, bytes] = {
    "bom": b"\xef\xbb\xbf---\nstatus: held\ntopic: BOM\n---\n- [ ] @ana with a BOM\n",
    "crlf": b"---\r\nstatus: held\r\ntopic: CRLF\r\n---\r\n- [ ] @sam with CRLF\r\n",
    "no-final-newline": b"---\nstatus: held\n---\n- [ ] @ana no newline",
}
# the cadence dates from 2026-12-15 on (2026-12-01 is the first meeting)
DATES = [dt.date(2026, 12, 15) + dt.timedelta(days=14 * i) for i in range(14)]


def run(root: Path, *args: str) -> Result:
    return mentorlog_in(root, *args, today=TODAY)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


@pytest.fixture
def corpus_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A partnership whose meetings and goals hold every kind of bad (and odd but good) file."""
    root = tmp_path / "p"
    (root / "meetings").mkdir(parents=True)
    (root / "goals").mkdir()
    (root / "agreement.md").write_text(AGREEMENT)
    (root / "roadmap.md").write_bytes(b"# Roadmap\n\n1. Trends\n2. Time\n")
    where: dict[str, str] = {}
    for (name, data), day in zip({**CORPUS, **GOOD}.items(), DATES, strict=False):
        meeting = f"meetings/{day}.md"
        (root / meeting).write_bytes(data)
        where[name] = meeting
    for n, (name, data) in enumerate(CORPUS.items(), start=1):
        (root / f"goals/{n:02d}-{name}.md").write_bytes(data)
    # the first meeting's file is broken too: new-meeting would pick its date
    (root / "meetings/2026-12-01.md").write_bytes(CORPUS["broken-yaml"])
    return root, where


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_corpus_through_every_command(
    corpus_repo: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, where = corpus_repo
    monkeypatch.chdir(root)
    before = snapshot(root)

    result = run(root, "check")
    no_traceback(result)
    assert result.exit_code == EXIT_FINDINGS
    out = result.output
    assert f"{where['empty']}:1: empty file" in out
    # undecodable bytes: exactly `path:1: not UTF-8 text` (docs/format.md)
    assert f"{where['not-utf8']}:1: not UTF-8 text\n" in out
    assert f"{where['binary']}:1: not UTF-8 text\n" in out
    assert f"{where['list']}:2: front-matter must be 'key: value' lines, not a list" in out
    assert f"{where['broken-yaml']}:4: front-matter is not valid YAML" in out
    assert f"{where['bad-date']}:2: 'date: 2026-02-30' is not a date (YYYY-MM-DD)" in out
    assert f"{where['huge']}:1: file too large" in out
    assert f"{where['python-tag']}:2: front-matter is not valid YAML: could not determine" in out
    assert f"{where['unclosed']}:1: front-matter has no closing '---' line" in out
    assert f"{where['bad-value']}:2: 'status: finished' is not one of" in out
    assert f"{where['bad-value']}:3: 'number: two' is not a whole number" in out
    for good in GOOD:
        assert where[good] not in out, good
    assert "goals/07-python-tag.md:2:" in out

    result = run(root, "roadmap")
    no_traceback(result)
    assert result.exit_code == EXIT_OK
    assert "1. Trends" in result.output
    assert f"mentorlog: {where['not-utf8']}:1: not UTF-8 text" in result.output

    # new-meeting picks the first planned date, whose file it cannot read: it refuses
    result = run(root, "new-meeting", "--no-commit")
    no_traceback(result)
    assert result.exit_code == EXIT_USAGE
    assert "meetings/2026-12-01.md exists already" in result.output
    # ... and writes a meeting on a free date, reporting the bad files on the way
    # (a date before every meeting, so that carry-over adds no ids to earlier files)
    result = run(root, "new-meeting", "2026-11-30", "--kind", "extra", "--no-commit")
    no_traceback(result)
    assert result.exit_code == EXIT_OK, result.output
    assert f"mentorlog: {where['binary']}:1: not UTF-8 text\n" in result.output
    new_file = root / "meetings/2026-11-30.md"
    assert new_file.is_file()
    new_file.unlink()

    result = run(root, "schedule")
    no_traceback(result)
    assert result.exit_code == EXIT_USAGE
    assert "cannot be read, so the calendar would miss" in result.output
    result = run(root, "schedule", "-o", "-")
    no_traceback(result)
    assert result.exit_code == EXIT_OK and "BEGIN:VCALENDAR" in result.output
    for args in (
        ["status"],
        ["status", "--json"],
        ["actions", "--all"],
        ["actions", "--json"],
        ["goal", "list"],
        ["roadmap", "--json"],
    ):
        result = run(root, *args)
        no_traceback(result)
        assert result.exit_code == EXIT_OK, (args, result.output)
        assert f"{where['not-utf8']}:1: not UTF-8 text" in result.output, args
    result = run(root, "goal", "check")
    no_traceback(result)
    assert result.exit_code == EXIT_FINDINGS
    for kind in ("checkup", "midpoint", "closing"):
        result = run(root, "review", kind, "--no-commit")
        no_traceback(result)
        assert result.exit_code == EXIT_OK, (kind, result.output)
        (root / "reviews" / f"{kind}.md").unlink()

    result = run(root, "journal", "--no-commit")
    no_traceback(result)
    assert result.exit_code == EXIT_OK
    (root / "journal" / f"{TODAY}.md").unlink()
    (root / "journal").rmdir()

    assert snapshot(root) == before, "a command changed a file it should not touch"
    assert not (root / "PWNED").exists()


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_roadmap_add_refuses_a_roadmap_it_cannot_parse(tmp_path: Path, name: str) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "agreement.md").write_text(AGREEMENT)
    data = CORPUS[name]
    if name in ("list", "broken-yaml", "python-tag", "unclosed", "bad-date", "bad-value"):
        data = data + b"1. Trends\n"
    (root / "roadmap.md").write_bytes(data)
    result = run(root, "roadmap", "add", "Time", "--no-commit")
    no_traceback(result)
    if name in ("empty", "bad-date", "bad-value"):
        # front-matter values are not the roadmap's business: the list is still a list
        assert result.exit_code == EXIT_OK, result.output
        assert (root / "roadmap.md").read_bytes().startswith(data)
        return
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.output.startswith("mentorlog: roadmap.md:")
    assert (root / "roadmap.md").read_bytes() == data


@pytest.mark.parametrize("name", sorted(GOOD))
def test_roadmap_add_keeps_bom_crlf_and_missing_newline(tmp_path: Path, name: str) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "agreement.md").write_text(AGREEMENT)
    original = {
        "bom": b"\xef\xbb\xbf# Roadmap\n\n1. Trends\n",
        "crlf": b"# Roadmap\r\n\r\n1. Trends\r\n",
        "no-final-newline": b"# Roadmap\n\n1. Trends",
    }[name]
    expected = {
        "bom": b"\xef\xbb\xbf# Roadmap\n\n1. Trends\n2. Time\n",
        "crlf": b"# Roadmap\r\n\r\n1. Trends\r\n2. Time\r\n",
        "no-final-newline": b"# Roadmap\n\n1. Trends\n2. Time\n",
    }[name]
    (root / "roadmap.md").write_bytes(original)
    result = run(root, "roadmap", "add", "Time", "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    assert (root / "roadmap.md").read_bytes() == expected


def test_unreadable_roadmap_is_not_called_empty(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "agreement.md").write_text(AGREEMENT)
    (root / "roadmap.md").write_bytes(b"\x00\x01")
    result = run(root, "roadmap")
    assert result.exit_code == EXIT_OK
    assert "mentorlog: roadmap.md:1: not UTF-8 text (binary file)" in result.output
    assert "roadmap.md cannot be read (see above)" in result.output
    assert "is empty" not in result.output


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_broken_agreement_stops_every_other_command(tmp_path: Path, name: str) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "agreement.md").write_bytes(CORPUS[name])
    before = snapshot(root)
    for args in (["roadmap"], ["new-meeting"], ["journal"], ["roadmap", "add", "X"]):
        result = run(root, *args)
        no_traceback(result)
        assert result.exit_code == EXIT_USAGE, (args, result.output)
        assert result.output.startswith("mentorlog: agreement.md"), result.output
    assert snapshot(root) == before
    result = run(root, "check")
    no_traceback(result)
    assert result.exit_code == EXIT_FINDINGS
    assert result.output.startswith("agreement.md:")


def test_python_tags_are_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    text = f'---\nstatus: !!python/object/apply:os.system ["touch {marker}"]\n---\n'
    with pytest.raises(MentorlogError) as info:
        frontmatter_read.split_front_matter(text, "meetings/2026-12-15.md")
    assert str(info.value).startswith("meetings/2026-12-15.md:2: front-matter is not valid YAML")
    assert not marker.exists()


# ------------------------------------------------------------- path traversal


def test_inside_refuses_escapes(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (root / "journal").symlink_to(tmp_path / "elsewhere")
    assert paths.inside(root, "meetings/2026-12-15.md") == root / "meetings/2026-12-15.md"
    for bad in ("../x.md", "/etc/passwd", "meetings/../../x.md", "journal/2026-12-01.md"):
        with pytest.raises(UsageError):
            paths.inside(root, bad)


def test_journal_never_writes_through_a_symlink_out_of_the_repository(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "agreement.md").write_text(AGREEMENT)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "journal").symlink_to(outside)
    result = run(root, "journal", "--no-commit")
    assert result.exit_code == EXIT_USAGE
    assert "leads outside the repository" in result.output
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("date", ["../../etc/passwd", "2026-12-01/../../x", "/tmp/x"])
def test_meeting_dates_from_users_are_dates(tmp_path: Path, date: str) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "agreement.md").write_text(AGREEMENT)
    result = run(root, "new-meeting", date, "--no-commit")
    assert result.exit_code == EXIT_USAGE
    assert "is not a date" in result.output
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["agreement.md"]


# ------------------------------------------------------------------ fuzzing

YAML_BITS = st.sampled_from(
    [
        "date: 2026-12-15",
        "date: 2026-02-30",
        "status: held",
        "status: [",
        "kind: !!python/object/apply:os.system ['true']",
        "number: 1e400",
        "goals: {a: b}",
        "time: 25:61",
        "- list",
        "&a [*a]",
        "priority: .inf",
        "created: 2026-12-15T10:00:00",
        "moved_from: ~",
        "title: |",
        "\t",
        "'",
        "? x",
    ]
)
LINES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "- [ ] @ana task due:2026-12-01 id:ab12 from:2026-12-01",
            "- [x] @bob done:2026-13-01 \U0001f4c5 2026-02-30",
            "```",
            "    - [ ] indented code",
            "> - [ ] quoted @sam",
            "1. [X] numbered",
            "<<<<<<< HEAD",
            "# Progress",
            "- 2026-12-15: progress",
        ]
    ),
)
FRONT = st.lists(YAML_BITS, max_size=5).map(lambda bits: "---\n" + "\n".join(bits) + "\n---\n")
TEXTS = st.one_of(
    st.text(),
    st.builds(lambda f, b: f + "\n".join(b), FRONT, st.lists(LINES, max_size=8)),
)
CONTENT = st.one_of(
    st.binary(max_size=300),
    TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass")),
    TEXTS.map(lambda t: t.replace("\n", "\r\n").encode("utf-8", "surrogatepass")),
    TEXTS.map(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8", "surrogatepass")),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meeting=CONTENT, goal=CONTENT, roadmap=CONTENT)
def test_fuzz_load_and_check(meeting: bytes, goal: bytes, roadmap: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "meetings").mkdir()
        (root / "goals").mkdir()
        (root / "agreement.md").write_text(AGREEMENT)
        files = {"meetings/2026-12-15.md": meeting, "goals/01-g.md": goal, "roadmap.md": roadmap}
        for name, data in files.items():
            (root / name).write_bytes(data)
        p = reading.load(root)  # never raises: every bad file becomes a Problem
        assert isinstance(p, Partnership)
        for problem in p.problems:
            assert problem.path in files
            assert problem.line >= 1
            assert "\n" not in problem.message
        found = checkmod.check_sources(inventory.gather(root))
        for problem in found:
            assert problem.line >= 1
            assert "\n" not in problem.message
        for name, data in files.items():
            assert (root / name).read_bytes() == data


@settings(max_examples=300, deadline=None)
@given(st.one_of(LINES, st.text()))
def test_fuzz_item_lines(line: str) -> None:
    parsed = itemsmod.parse_line(line)
    if parsed is not None:
        assert parsed.text and parsed.text == parsed.text.strip()
        assert parsed.checked in (True, False)
    items, problems = itemsmod.parse_items(line, "meetings/2026-12-15.md", {}, 1)
    assert all(i.line == 1 for i in items)
    assert all(n == 1 for n, _ in problems)


ALIAS_BOMB = (
    "---\nstatus: held\na: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "topic: *i\n---\n"
).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (ALIAS_BOMB, "its aliases (*name) expand to more than 100000 values"),
        (b"---\nstatus: held\ntopic: &a [*a]\n---\n", "an alias (*name) refers to its own anchor"),
    ],
    ids=["alias-bomb", "self-alias"],
)
def test_yaml_aliases_that_expand_without_end_are_a_bad_file(
    tmp_path: Path, data: bytes, message: str
) -> None:
    """Nine levels of nine aliases (9**9 values) made status hang; [*a] inside &a crashed it."""
    root = tmp_path / "p"
    (root / "meetings").mkdir(parents=True)
    (root / "agreement.md").write_text(AGREEMENT)
    (root / "meetings/2026-12-15.md").write_bytes(data)
    expected = f"meetings/2026-12-15.md:2: front-matter cannot be read: {message}"
    result = run(root, "status")
    no_traceback(result)
    assert result.exit_code == EXIT_OK
    assert f"mentorlog: {expected}" in result.output
    result = run(root, "check")
    assert result.exit_code == EXIT_FINDINGS
    assert f"{expected}" in result.output


def test_a_folder_named_like_a_meeting_and_links_out_of_the_repository(tmp_path: Path) -> None:
    """check skipped a folder meetings/DATE.md that status counted as a problem; a link
    out of the repository was read (a goal "X" from /etc/passwd-like text)."""
    root = tmp_path / "p"
    (root / "meetings/2026-12-15.md").mkdir(parents=True)
    (root / "goals").mkdir()
    (root / "agreement.md").write_text(AGREEMENT)
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\n## Progress\n- 2026-12-01 the secret\n")
    (root / "goals/01-secret.md").symlink_to(secret)
    (root / "meetings/2026-12-29.md").symlink_to(secret)
    (root / "goals/02-inside.md").write_text("---\ntitle: Inside\n---\n")
    (root / "goals/03-alias.md").symlink_to(root / "goals/02-inside.md")
    os.mkfifo(root / "meetings/2027-01-12.md")  # reading it would wait for ever
    result = run(root, "check")
    assert result.exit_code == EXIT_FINDINGS
    outside = (
        "1: is a symbolic link; mentorlog never reads or writes through links "
        "(replace it with the file itself)"
    )
    assert result.output.splitlines()[:-1] == [
        f"goals/01-secret.md:{outside}",
        f"goals/03-alias.md:{outside}",  # a link inside the repository is refused too
        "meetings/2026-12-15.md:1: is a folder, not a file",
        f"meetings/2026-12-29.md:{outside}",
        "meetings/2027-01-12.md:1: is not a regular file (a named pipe or a device?); "
        "mentorlog reads only files",
    ]
    assert run(root, "status").exit_code == EXIT_OK
    result = run(root, "goal", "list", "--json")
    assert result.exit_code == EXIT_OK
    assert "Secret" not in result.output and "Inside" in result.output
    assert f"mentorlog: goals/01-secret.md:{outside}" in result.output


def test_a_file_or_folder_in_the_way_of_a_write_is_one_line_not_an_internal_error(
    tmp_path: Path,
) -> None:
    """reviews/ as a file, schedule.ics as a folder: these were exit 70 (FileExistsError,
    IsADirectoryError); new-meeting crashed after writing the meeting."""
    root = tmp_path / "p"
    (root / "meetings").mkdir(parents=True)
    (root / "agreement.md").write_text(AGREEMENT)
    (root / "reviews").write_text("not a folder\n")
    result = run(root, "review", "checkup", "--no-commit")
    assert result.exit_code == EXIT_USAGE
    assert result.output == (
        f"mentorlog: {root / 'reviews'}: is a file, not a folder, so checkup.md cannot be "
        "written in it\n"
    )
    assert (root / "reviews").read_text() == "not a folder\n"

    (root / "schedule.ics").mkdir()
    result = run(root, "schedule", "--no-commit")
    assert result.exit_code == EXIT_USAGE
    assert result.output == (
        "mentorlog: schedule.ics is a folder; move it away, or name a file with -o FILE\n"
    )
    result = run(root, "new-meeting", "--no-commit")
    assert result.exit_code == EXIT_OK, result.output
    assert "note: schedule.ics was not refreshed: it is a folder, not a file" in result.output
    assert (root / "meetings/2026-12-01.md").is_file()


def test_atomic_write_refused_by_the_system_is_a_bad_file(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "inner").write_text("kept\n")
    with pytest.raises(MentorlogError) as caught:
        files.atomic_write(tmp_path / "taken", b"new\n")
    assert caught.value.message.startswith("cannot write: ")
    assert (tmp_path / "taken" / "inner").read_text() == "kept\n"
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]  # no temporary file left


def test_a_meeting_at_the_end_of_the_calendar_is_a_bad_value_not_a_crash(tmp_path: Path) -> None:
    """meetings/9999-12-31.md at 23:30 made schedule exit 70 (its end overflowed)."""
    root = tmp_path / "p"
    (root / "meetings").mkdir(parents=True)
    (root / "agreement.md").write_text(AGREEMENT)
    (root / "meetings/9999-12-31.md").write_text('---\ndate: 9999-12-31\ntime: "23:30"\n---\n')
    problem = "meetings/9999-12-31.md:2: 'date: 9999-12-31' is out of range (years 1900 to 9990)"
    result = run(root, "schedule", "--no-commit")
    assert result.exit_code == EXIT_USAGE
    assert result.output.startswith(f"mentorlog: {problem}\n")
    result = run(root, "check")
    assert result.exit_code == EXIT_FINDINGS
    assert result.output.splitlines()[0] == problem
