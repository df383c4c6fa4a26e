"""Write YAML front-matter as text a person would write by hand.

Keys keep the order given; values are quoted only when YAML would misread them.
Reading is done by :mod:`mentorlog.repo` with a safe loader.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

_PLAIN = re.compile(r"^[A-Za-z\u00c0-\uffff][^:#\n\r\t\"'\[\]{},&*!|>%@`]*$")
_SLUG = re.compile(r"^\d+-[a-z0-9-]*[a-z][a-z0-9-]*$")  # goal stems: 01-lead-a-project
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"}
# What YAML refuses to find raw in a file: written as an escape in double quotes.
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _escape(ch: str) -> str:
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


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
        and _PLAIN.match(text)
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
