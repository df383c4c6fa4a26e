"""A text as lines that keep their own endings: what the merge engine works on.

Pure helpers shared by the front-matter merge (:mod:`mentorlog.text.merge_front`),
the body merge (:mod:`mentorlog.text.merge_body`) and the entry point
(:mod:`mentorlog.text.merge`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Line:
    text: str  # without its ending
    end: str  # "\n", "\r\n", "\r", or "" (the last line of a file without a final newline)


class Conflict(Protocol):
    """Records one conflicting region and gives the lines that stand for it."""

    def __call__(
        self, ours: list[Line], theirs: list[Line], nl: str, prefix: str = ""
    ) -> list[Line]: ...


_LINE_RE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|\Z)")


def decode(data: bytes) -> tuple[bool, str]:
    """Whether ``data`` starts with a UTF-8 byte order mark, and its text after it
    (bytes that are not UTF-8 survive as surrogates)."""
    bom = data.startswith(b"\xef\xbb\xbf")
    return bom, data[3 if bom else 0 :].decode("utf-8", "surrogateescape")


def split_lines(text: str) -> list[Line]:
    out: list[Line] = []
    pos = 0
    while pos < len(text):
        m = _LINE_RE.match(text, pos)
        assert m is not None  # the pattern matches anywhere
        out.append(Line(m.group(1), m.group(2)))
        pos = m.end()
    return out


def newline(lines: Sequence[Line]) -> str:
    """The line ending most lines use ("" for a text without one)."""
    counts: dict[str, int] = {}
    for line in lines:
        if line.end:
            counts[line.end] = counts.get(line.end, 0) + 1
    return max(counts, key=lambda e: counts[e]) if counts else ""


def uniform(lines: Sequence[Line]) -> bool:
    return len({line.end for line in lines if line.end}) == 1


def convert(lines: list[Line], nl: str) -> list[Line]:
    return [Line(ln.text, nl) if ln.end and ln.end != nl else ln for ln in lines]


def texts(lines: Sequence[Line]) -> list[str]:
    return [line.text for line in lines]


def finish(lines: list[Line], nl: str) -> list[Line]:
    """Every line but the last ends with a newline."""
    last = len(lines) - 1
    return [ln if ln.end or n == last else Line(ln.text, nl) for n, ln in enumerate(lines)]
