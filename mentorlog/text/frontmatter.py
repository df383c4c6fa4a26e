"""Write YAML front-matter as text a person would write by hand.

Keys keep the order given; values are quoted only when YAML would misread them.
Reading is done by :mod:`mentorlog.text.frontmatter_read` with a safe loader.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

# Hand-written, not PyYAML's emitter: its output differs in bytes from what
# mentorlog has always written (tests/unit/test_frontmatter.py pins them). It
# quotes with single quotes ('17:30', 'yes'), escapes ESC as "\e" where we write
# "\x1b", leaves Ana's and "a, b" plain, and writes None as null; forcing
# default_style='"' quotes every value, plain words included.
# (the first character, [A-Za-z\u00c0-\uffff], is checked in _plain: a class that wide
# takes sre several milliseconds to compile, at every start of new-meeting)
_PLAIN_REST = re.compile(r"[^:#\n\r\t\"'\[\]{},&*!|>%@`]*$")
_SLUG = re.compile(r"^\d+-[a-z0-9-]*[a-z][a-z0-9-]*$")  # goal stems: 01-lead-a-project
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"}
# What YAML refuses to find raw in a file: written as an escape in double quotes.
# (written as the ranges outside \t \n \r, 20-7E, 85, A0-D7FF, E000-FFFD, 10000-10FFFF,
# which compiles ten times faster than that negated class)
_NON_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)


def _escape(ch: str) -> str:
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def _plain(text: str) -> bool:
    """``text`` (not empty) may be written without quotes as far as its characters go."""
    first = text[0]
    return ("A" <= first <= "Z" or "a" <= first <= "z" or "\u00c0" <= first <= "\uffff") and (
        _PLAIN_REST.match(text, 1) is not None
    )


def scalar(value: Any) -> str:
    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())  # one line: no newline can reach the file
    if _SLUG.match(text):
        return text
    printable = not _NON_PRINTABLE.search(text)
    if (
        text
        and printable
        and _plain(text)
        and text.lower() not in _RESERVED
        and not text.endswith(" ")
    ):
        return text
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    if not printable:
        quoted = _NON_PRINTABLE.sub(lambda m: _escape(m[0]), quoted)
    return '"' + quoted + '"'


def dump(meta: Mapping[str, Any]) -> str:
    """``---`` block with one ``key: value`` line per key (lists inline)."""
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, list | tuple):
            if value and all(isinstance(v, Mapping) for v in value):
                lines.append(f"{key}:")
                for entry in value:
                    parts = ", ".join(f"{k}: {scalar(v)}" for k, v in entry.items())
                    lines.append(f"  - {{{parts}}}")
            else:
                lines.append(f"{key}: [{', '.join(scalar(v) for v in value)}]")
        else:
            lines.append(f"{key}: {scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_FENCE = re.compile(rb"^(?:\xef\xbb\xbf)?---[ \t]*(?:\r\n|\r|\n)$")
_CLOSE = re.compile(rb"^(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n)?$")


def set_value(data: bytes, key: str, value: str) -> bytes | None:
    """``data`` (a file with front-matter) with the top-level ``key`` set to ``value``.

    One line changes: the key's own line keeps its spacing, trailing comment and
    line ending; a missing key is added as one line before the closing ``---``.
    Every other byte stays as it was. None when the front-matter cannot be
    edited that way (none at all, or the key's value spans several lines).
    """
    lines = _LINE.findall(data)
    if not lines or not _FENCE.match(lines[0]):
        return None
    name = re.escape(key.encode())
    own = re.compile(rb"^(" + name + rb"[ \t]*:[ \t]*)([^#\r\n]*?)([ \t]+#[^\r\n]*)?(\r\n|\r|\n)?$")
    new = scalar(value).encode("utf-8")
    for i in range(1, len(lines)):
        line = lines[i]
        if _CLOSE.match(line):
            nl = re.search(rb"\r\n|\r|\n", lines[0])
            ending = nl.group(0) if nl else b"\n"
            return b"".join([*lines[:i], key.encode() + b": " + new + ending, *lines[i:]])
        m = own.match(line)
        if m:
            old = m.group(2).strip()
            if not old or old[:1] in (b"|", b">", b"&", b"*", b"!"):
                return None  # a value on the lines below, or YAML machinery: not one line
            if i + 1 < len(lines) and lines[i + 1][:1] in (b" ", b"\t"):
                return None  # continued on the next line
            rest = (m.group(3) or b"") + (m.group(4) or b"")
            return b"".join([*lines[:i], m.group(1) + new + rest, *lines[i + 1 :]])
    return None
