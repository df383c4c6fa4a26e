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
    if text and _PLAIN.match(text) and text.lower() not in _RESERVED and not text.endswith(" "):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


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
