"""Front-matter in a three-way merge: key by key.

A key changed on one side takes that side's lines; the same key changed (or
added) to two different values is a conflict. Keys keep their order and
formatting: a key's block is its line and the indented, list, comment and blank
lines after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mentorlog.text.merge_lines import Conflict, Line, texts


def front_end(lines: Sequence[Line]) -> int:
    """The index of the line closing the front-matter (0: the file has none)."""
    if not lines or lines[0].text.rstrip() != "---":
        return 0
    for n in range(1, len(lines)):
        if lines[n].text.rstrip() in ("---", "..."):
            return n
    return 0


_KEY_RE = re.compile(
    r"""^(?P<key>"[^"]*"|'[^']*'|[^\s#\-?:'"][^:]*?|-[^\s:][^:]*?)[ \t]*:(?:[ \t]|$)"""
)


def _blocks(lines: Sequence[Line]) -> list[tuple[str | None, list[Line]]] | None:
    """Front-matter lines as top-level ``key: value`` blocks (a block holds its key's
    line and the indented, list, comment and blank lines after it); None when a
    key comes twice or a line is neither."""
    out: list[tuple[str | None, list[Line]]] = [(None, [])]
    seen: set[str] = set()
    for line in lines:
        m = _KEY_RE.match(line.text)
        if m:
            key = m.group("key").strip("\"'")
            if key in seen:
                return None
            seen.add(key)
            out.append((key, [line]))
        elif not line.text or line.text[0] in " \t#-" or out[-1][0] is not None:
            out[-1][1].append(line)
        else:
            return None
    return out


def merge_front(
    base: list[Line], ours: list[Line], theirs: list[Line], nl: str, conflict: Conflict
) -> list[Line] | None:
    """Key by key; None when a side's front-matter is not plain ``key: value``
    blocks (then the whole file merges line by line)."""
    bb, bo, bt = _blocks(base), _blocks(ours), _blocks(theirs)
    if bb is None or bo is None or bt is None:
        return None
    db, dt_ = dict(bb), dict(bt)
    out: list[tuple[str | None, list[Line]]] = []
    for key, o in bo:
        b, t = db.get(key), dt_.get(key)
        if t is None and key is not None:
            if b is None or texts(o) == texts(b):
                out.append((key, o if b is None else []))  # ours added; or theirs deleted
            else:
                out.append((key, conflict(o, [], nl, "# ")))
            continue
        t = t or []
        b = b or []
        if texts(o) == texts(t) or texts(t) == texts(b):
            out.append((key, o))
        elif texts(o) == texts(b):
            out.append((key, t))
        else:
            out.append((key, conflict(o, t, nl, "# ")))
    anchor = 0
    have = [k for k, _ in out]
    for key, t in bt:
        if key in have:
            anchor = have.index(key) + 1
            continue
        b = db.get(key)
        if b is not None and texts(t) == texts(b):
            continue  # ours deleted it, theirs left it as it was
        lines = t if b is None else conflict([], t, nl, "# ")
        out.insert(anchor, (key, lines))
        have.insert(anchor, key)
        anchor += 1
    return [ln for _key, lines in out for ln in lines]
