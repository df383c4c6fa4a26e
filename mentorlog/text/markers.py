"""The computed blocks of a review file: the marker lines around them, refreshing
what stands between them, and user text made unable to pose as a marker.

A review file keeps its computed parts between marker lines::

    <!-- mentorlog:begin meetings -->
    ...
    <!-- mentorlog:end meetings -->

:func:`refresh` replaces what stands between each pair and leaves every other
byte of the file (the partners' answers, line endings) as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from mentorlog.errors import BadFile
from mentorlog.text.lines import lines_keepends

MARKER_RE = re.compile(r"^[ \t]*<!--[ \t]*mentorlog:(begin|end)[ \t]+([\w.-]+)[ \t]*-->[ \t]*$")
LOOSE_MARKER_RE = re.compile(r"<!--[ \t]*mentorlog:(?:begin|end)\b")


@dataclass
class Block:
    name: str
    begin: int  # 0-based index of the begin marker line
    end: int  # 0-based index of the end marker line


def find_blocks(text: str, shown: str) -> list[Block]:
    """The marker pairs of a review text; BadFile naming the line of the first unbalanced one."""
    blocks: list[Block] = []
    open_: tuple[str, int] | None = None
    for n, raw in enumerate(lines_keepends(text)):
        line = raw.rstrip("\r\n")
        m = MARKER_RE.match(line)
        if m is None:
            if LOOSE_MARKER_RE.search(line):
                raise BadFile(
                    "malformed marker: write '<!-- mentorlog:begin NAME -->' or "
                    "'<!-- mentorlog:end NAME -->' on a line of its own; nothing written",
                    path=shown,
                    line=n + 1,
                )
            continue
        what, name = m.groups()
        if what == "begin":
            if open_ is not None:
                raise BadFile(
                    f"unbalanced markers: 'mentorlog:begin {name}' before the end of "
                    f"'{open_[0]}' (begun at line {open_[1] + 1}); fix the markers, "
                    "nothing written",
                    path=shown,
                    line=n + 1,
                )
            open_ = (name, n)
        else:
            if open_ is None or open_[0] != name:
                raise BadFile(
                    f"unbalanced markers: 'mentorlog:end {name}' has no matching "
                    f"'mentorlog:begin {name}' above it; fix the markers, nothing written",
                    path=shown,
                    line=n + 1,
                )
            blocks.append(Block(name, open_[1], n))
            open_ = None
    if open_ is not None:
        raise BadFile(
            f"unbalanced markers: 'mentorlog:begin {open_[0]}' is never ended; add "
            f"'<!-- mentorlog:end {open_[0]} -->' after it, nothing written",
            path=shown,
            line=open_[1] + 1,
        )
    return blocks


def outside_blocks(text: str, shown: str) -> str:
    """``text`` without the contents of its blocks (markers kept): the partners' part."""
    lines = lines_keepends(text)
    inside = {i for b in find_blocks(text, shown) for i in range(b.begin + 1, b.end)}
    return "".join(line for i, line in enumerate(lines) if i not in inside)


@dataclass
class Refreshed:
    text: str
    refreshed: list[str]  # blocks filled in
    missing: list[str]  # blocks of this review that the file no longer has
    unknown: list[str]  # blocks in the file that this review does not compute (left alone)


def refresh(text: str, contents: Mapping[str, str], shown: str) -> Refreshed:
    """Fill every known block of ``text`` with ``contents``; keep every other byte.

    A block's lines take the line ending of its begin marker. Raises BadFile
    (and changes nothing) when the markers are unbalanced.
    """
    blocks = find_blocks(text, shown)
    lines = lines_keepends(text)
    out: list[str] = []
    done: list[str] = []
    unknown: list[str] = []
    position = 0
    for b in blocks:
        out.extend(lines[position : b.begin + 1])
        if b.name in contents:
            begin = lines[b.begin]
            nl = begin[len(begin.rstrip("\r\n")) :] or "\n"
            body = contents[b.name].split("\n")
            out.extend(line + nl for line in ["", *body, ""])
            done.append(b.name)
            position = b.end
        else:
            unknown.append(b.name)
            position = b.begin + 1
    out.extend(lines[position:])
    missing = [name for name in contents if name not in done]
    return Refreshed("".join(out), done, missing, unknown)


def placeholder(name: str) -> str:
    """An empty block, for templates: ``{{ block("meetings") }}``."""
    return f"<!-- mentorlog:begin {name} -->\n<!-- mentorlog:end {name} -->"


def defuse_markers(text: str) -> str:
    """User text (a goal title, an answer) that looks like a block marker, made harmless:
    ``<!--`` before ``mentorlog:`` becomes ``&lt;!--`` (it shows the same in Markdown),
    so the next refresh still finds the blocks."""
    return LOOSE_MARKER_RE.sub(lambda m: "&lt;" + m.group(0)[1:], text)
