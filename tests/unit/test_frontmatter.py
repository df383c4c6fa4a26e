"""Front-matter written by hand-style text reads back as the same values."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import given
from hypothesis import strategies as st

from mentorlog.text.frontmatter import dump, scalar


def test_dump_looks_hand_written() -> None:
    text = dump(
        {
            "date": dt.date(2026, 12, 15),
            "time": "17:30",
            "number": 2,
            "kind": "regular",
            "topic": "Industry trends",
            "goals": ["01-lead-a-cross-team-project"],
            "cadence_changes": [{"from": dt.date(2027, 1, 4), "cadence": "biweekly"}],
            "no_fault_termination": True,
            "supervisor": "",
        }
    )
    assert text == (
        "---\n"
        "date: 2026-12-15\n"
        'time: "17:30"\n'
        "number: 2\n"
        "kind: regular\n"
        "topic: Industry trends\n"
        "goals: [01-lead-a-cross-team-project]\n"
        "cadence_changes:\n"
        "  - {from: 2027-01-04, cadence: biweekly}\n"
        "no_fault_termination: true\n"
        'supervisor: ""\n'
        "---\n"
    )


def test_values_yaml_would_misread_are_quoted() -> None:
    for value in (
        "yes",
        "No",
        "null",
        "17:30",
        "2026-12-01",
        "123",
        "a: b",
        "#tag",
        "@sam",
        "- item",
        "[x]",
        "Ana's",
        'say "hi"',
        "x #y",
    ):
        assert yaml.safe_load(f"k: {scalar(value)}") == {"k": value}, value


@given(st.text(max_size=60))
def test_any_text_reads_back_on_one_line(value: str) -> None:
    written = scalar(value)
    assert "\n" not in written and "\r" not in written
    try:
        loaded = yaml.safe_load(f"k: {written}")
    except yaml.YAMLError:  # characters YAML refuses in any form (control characters)
        return
    assert loaded == {"k": " ".join(value.split())}


def test_control_characters_are_escaped_so_yaml_reads_them_back() -> None:
    # a roadmap topic with a control character (pasted from a terminal) became
    # the topic of a new meeting whose front-matter YAML refused
    for value in ("T\x1bZ", "a\x00b", "bell\x07", "x\x7fy", "\ufffe"):
        written = scalar(value)
        assert written.isascii() or "\ufffe" not in written, written
        assert yaml.safe_load(f"k: {written}") == {"k": value}, value
    assert scalar("T\x1bZ") == '"T\\x1bZ"'


_KEYS = ["date", "time", "number", "kind", "topic", "goals"]


@given(
    st.lists(st.sampled_from(_KEYS), unique=True, max_size=5),
    st.sampled_from([None, "planned", '"planned"', "held   # a note"]),
    st.integers(min_value=0, max_value=5),
    st.sampled_from(["\n", "\r\n"]),
    st.text(alphabet="abc \n", max_size=20),
)
def test_set_value_changes_or_adds_exactly_one_line(
    keys: list[str], status: str | None, where: int, nl: str, body: str
) -> None:
    import yaml

    from mentorlog.text.frontmatter import set_value

    lines = [f"{key}: v{n}" for n, key in enumerate(keys)]
    if status is not None:
        lines.insert(min(where, len(lines)), f"status: {status}")
    data = nl.join(["---", *lines, "---", body]).encode()
    new = set_value(data, "status", "cancelled")
    assert new is not None
    old_lines, new_lines = data.split(b"\n"), new.split(b"\n")
    if status is None:
        assert len(new_lines) == len(old_lines) + 1
    else:
        assert len(new_lines) == len(old_lines)
        assert sum(a != b for a, b in zip(old_lines, new_lines, strict=True)) == 1
    front = new.decode().split(nl + "---" + nl, 1)[0].removeprefix("---" + nl)
    meta = yaml.safe_load(front)
    assert meta["status"] == "cancelled"
    assert {k: v for k, v in meta.items() if k != "status"} == {
        key: f"v{n}" for n, key in enumerate(keys)
    }
    assert new.endswith((nl + "---" + nl + body).encode())
