"""One-line values: the control characters that never belong in a name, a title or a topic."""

from __future__ import annotations

import re

#: Characters that never belong in a one-line value (a name, a location, a topic, a
#: title): C0 controls (tab included), DEL, C1 controls, LINE and PARAGRAPH SEPARATOR.
_CONTROLS = "\x00-\x1f\x7f-\x9f\u2028\u2029"
CONTROL_RE = re.compile(f"[{_CONTROLS}]")
CONTROL_RUN_RE = re.compile(f"[ {_CONTROLS}]*[{_CONTROLS}][ {_CONTROLS}]*")


def one_line(text: str) -> str:
    """``text`` with each run of control characters (see CONTROL_RE) made one space."""
    if not CONTROL_RE.search(text):
        return text
    return CONTROL_RUN_RE.sub(" ", text).strip()
