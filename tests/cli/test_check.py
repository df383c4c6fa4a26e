"""mentorlog check: one line per problem, exit 1 on errors, warnings do not fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from helpers import agreement_text, mentorlog_in

from mentorlog.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from mentorlog.model import Problem
from mentorlog.rules import check as checkmod

AGREEMENT = agreement_text(duration=False)


def make(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    root = tmp_path / "p"
    for name, content in {"agreement.md": AGREEMENT, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


def run(root: Path, *args: str) -> Result:
    return mentorlog_in(root, "check", *args)


def problems(files: dict[str, str | bytes]) -> list[str]:
    sources = [
        checkmod.Source(k, v if isinstance(v, str) else v.decode())
        for k, v in {"agreement.md": AGREEMENT, **files}.items()
    ]
    return [str(p) for p in checkmod.check_sources(sources)]


def test_clean_repository_exits_0(tmp_path: Path) -> None:
    root = make(
        tmp_path,
        {
            "roadmap.md": "# Roadmap\n\n1. Trends\n",
            "meetings/2026-12-01.md": "---\ndate: 2026-12-01\nstatus: held\n---\n"
            "- [ ] @ana Draft the charter due:2026-12-10 id:ab12\n",
            "meetings/2026-12-15.md": "---\ndate: 2026-12-15\n---\n"
            "- [ ] @mentee Draft the charter due:2026-12-10 id:ab12 from:2026-12-01\n",
            "goals/01-lead.md": "---\ntitle: Lead\npriority: 1\nstatus: active\n---\n"
            "- [ ] @sam Introduce me #others\n",
            "journal/2026-12-02.md": "---\ndate: 2026-12-02\n---\nThoughts.\n",
        },
    )
    result = run(root)
    assert result.exit_code == EXIT_OK, result.output
    assert result.output == "mentorlog: check: 0 errors, 0 warnings in 6 files\n"


def test_every_kind_of_problem(tmp_path: Path) -> None:
    root = make(
        tmp_path,
        {
            "meetings/2026-12-15.md": "---\ndate: 2026-12-15\nstatus: done\nkind: weird\n"
            "number: two\nfoo: 1\ntime: 25:00\nmoved_from: soon\n---\n\n"
            "- [ ] no owner id:ab12\n"
            "- [ ] @bob unknown owner due:2026-13-01\n"
            "- [ ] @ana twice id:ab12 from:2026-11-01\n",
            "meetings/2026-12-29.md": "---\ndate: 2026-12-16\n---\n",
            "meetings/2027-01-12.md": "---\n- a\n- b\n---\n",
            "meetings/2027-01-26.md": "---\ntopic: x\ndate: [\n---\n",
            "meetings/2027-02-09.md": "",
            "meetings/2027-02-30.md": "---\n---\n",
            "meetings/notes.md": "Notes\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> abc\n",
            "goals/01-x.md": b"\xff\xfe\x00h\x00i",
            "goals/02-y.md": b"caf\xe9\n",
            "goals/03-z.md": "---\ntitle: T\npriority: high\ncreated: yesterday\n"
            "status: done\n---\n",
            "journal/2026-12-01.md": '---\ndate: !!python/object/apply:os.system ["true"]\n---\n',
            "roadmap.md": "---\nopen: [\n",
        },
    )
    result = run(root)
    assert result.exit_code == EXIT_FINDINGS
    keys = "date, time, number, kind, status, topic, goals, moved_from"
    expected = [
        "goals/01-x.md:1: not UTF-8 text",
        "goals/02-y.md:1: not UTF-8 text",
        "goals/03-z.md:3: 'priority: high' is not a whole number",
        "goals/03-z.md:4: 'created: yesterday' is not a date (YYYY-MM-DD)",
        "goals/03-z.md:5: 'status: done' is not one of: proposed, active, achieved, dropped",
        "journal/2026-12-01.md:2: front-matter is not valid YAML: could not determine a "
        "constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'",
        "meetings/2026-12-15.md:3: 'status: done' is not one of: planned, held, cancelled",
        "meetings/2026-12-15.md:4: 'kind: weird' is not one of: first, regular, checkup, "
        "midpoint, closing, extra",
        "meetings/2026-12-15.md:5: 'number: two' is not a whole number",
        f"meetings/2026-12-15.md:6: warning: unknown key 'foo' (mentorlog reads: {keys})",
        "meetings/2026-12-15.md:7: 'time: 25:00' is not a time (HH:MM)",
        "meetings/2026-12-15.md:8: 'moved_from: soon' is not a date (YYYY-MM-DD)",
        "meetings/2026-12-15.md:11: warning: item has no owner (add @mentee or @mentor)",
        "meetings/2026-12-15.md:12: '2026-13-01' is not a date (YYYY-MM-DD)",
        "meetings/2026-12-15.md:12: warning: @bob is neither the mentee nor the mentor "
        "(use @mentee, @mentor, @ana, @sam)",
        "meetings/2026-12-15.md:13: id:ab12 is used twice in this file (also line 11); "
        "give one of them another id or none",
        "meetings/2026-12-15.md:13: warning: from:2026-11-01 names no meeting "
        "(no meetings/2026-11-01.md)",
        "meetings/2026-12-29.md:2: 'date: 2026-12-16' does not match the file name "
        "(rename the file or fix the date)",
        "meetings/2027-01-12.md:2: front-matter must be 'key: value' lines, not a list",
        "meetings/2027-01-26.md:4: front-matter is not valid YAML: did not find expected "
        "node content",
        "meetings/2027-02-09.md:1: empty file",
        "meetings/2027-02-30.md:1: '2027-02-30' in the file name is not a date",
        "meetings/notes.md:1: a meeting file is named YYYY-MM-DD.md (YYYY-MM-DD-2.md for a "
        "second one that day)",
        "meetings/notes.md:2: merge conflict marker '<<<<<<<': keep the lines you want and "
        "delete the markers",
        "meetings/notes.md:6: merge conflict marker '>>>>>>>': keep the lines you want and "
        "delete the markers",
        "roadmap.md:1: front-matter has no closing '---' line",
        "mentorlog: check: 22 errors, 4 warnings in 13 files",
    ]
    assert result.output.splitlines() == expected


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    root = make(
        tmp_path,
        {"meetings/2026-12-01.md": "---\ndate: 2026-12-01\nmood: good\n---\n- [ ] call\n"},
    )
    result = run(root)
    assert result.exit_code == EXIT_OK
    assert result.output.splitlines()[-1] == "mentorlog: check: 0 errors, 2 warnings in 2 files"


def test_json(tmp_path: Path) -> None:
    root = make(tmp_path, {"meetings/2026-12-01.md": ""})
    result = mentorlog_in(root, "check", "--json")
    assert result.exit_code == EXIT_FINDINGS
    data = json.loads(result.stdout)
    assert data == [
        {"line": 1, "message": "empty file", "path": "meetings/2026-12-01.md", "severity": "error"}
    ]


@pytest.mark.parametrize(
    ("agreement", "expected"),
    [
        (b"", "agreement.md:1: empty file"),
        (b"---\nmentee: [\n---\n", "agreement.md:3: front-matter is not valid YAML"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "agreement.md:1: not UTF-8 text"),
        (
            AGREEMENT.replace("2026-12-01", "2026-12-41").encode(),
            "agreement.md:5: 'start: 2026-12-41' is not a date",
        ),
        (
            AGREEMENT.replace("mentor: Sam Lee\n", "").encode(),
            "agreement.md:1: 'mentor' is missing",
        ),
    ],
)
def test_broken_agreement_is_a_finding_not_a_crash(
    tmp_path: Path, agreement: bytes, expected: str
) -> None:
    root = make(tmp_path, {"agreement.md": agreement, "meetings/2026-12-01.md": "Notes.\n"})
    result = run(root)
    assert result.exit_code == EXIT_FINDINGS, result.output
    assert result.output.startswith(expected)
    assert "Traceback" not in result.output
    if "missing" not in expected:  # every other command refuses an unreadable agreement
        other = mentorlog_in(root, "roadmap")
        assert other.exit_code == EXIT_USAGE


def test_gitignore_without_private_is_a_warning() -> None:
    found = checkmod.check_sources([], gitignore="*.tmp\n")
    assert [str(p) for p in found] == [
        ".gitignore:1: warning: private/ is not listed: plain git commands could share your "
        "private notes (mentorlog never commits them); add a line 'private/'"
    ]
    assert checkmod.check_sources([], gitignore="/private/\n") == []
    assert checkmod.check_sources([], gitignore=None) == []


def test_crlf_and_bom_lines_are_right() -> None:
    text = "---\r\ndate: 2026-12-01\r\nstatus: maybe\r\n---\r\n- [ ] @ana x due:2026-02-30\r\n"
    assert problems({"meetings/2026-12-01.md": text}) == [
        "meetings/2026-12-01.md:3: 'status: maybe' is not one of: planned, held, cancelled",
        "meetings/2026-12-01.md:5: '2026-02-30' is not a date (YYYY-MM-DD)",
    ]


def test_impossible_yaml_date_is_reported_with_its_line() -> None:
    assert problems({"meetings/2026-12-01.md": "---\nstatus: held\ndate: 2026-02-30\n---\n"}) == [
        "meetings/2026-12-01.md:3: 'date: 2026-02-30' is not a date (YYYY-MM-DD)"
    ]


def test_items_in_code_blocks_are_not_checked() -> None:
    text = "---\ndate: 2026-12-01\n---\n```\n- [ ] no owner id:aa\n- [ ] x id:aa\n```\n"
    assert problems({"meetings/2026-12-01.md": text}) == []


def test_same_id_across_files_is_carry_over() -> None:
    files = {
        "meetings/2026-12-01.md": "- [ ] @ana a id:aa\n",
        "meetings/2026-12-15.md": "- [ ] @ana a id:aa from:2026-12-01\n",
    }
    assert problems(files) == []


def test_summary_counts() -> None:
    found = [Problem("a", 1, "x"), Problem("a", 2, "y", "warning"), Problem("b", 1, "z")]
    assert checkmod.summary(found) == (2, 1)
