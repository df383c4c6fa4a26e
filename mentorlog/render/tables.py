"""Plain-text tables that fit the terminal (standard library only: cheap to import).

In a terminal, a table wider than the window first leaves out the columns it
can do without, then shortens the texts that may be shortened (with ``…``);
piped or redirected output keeps every text whole (width 0).
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Sequence

ELLIPSIS = "…"
SEP = "  "


def terminal_width() -> int:
    """The terminal's width (``COLUMNS`` first, as shutil reads it), or 0 when the
    output is not a terminal: then nothing is shortened."""
    try:
        if not sys.stdout.isatty():
            return 0
    except (AttributeError, ValueError):  # no stdout, or a closed one
        return 0
    import shutil  # only for a terminal: it brings the compression modules along

    return shutil.get_terminal_size((80, 24)).columns


def shorten(text: str, room: int) -> str:
    """``text`` cut to ``room`` characters, the last one ``…`` when it was cut."""
    if len(text) <= room:
        return text
    if room <= 0:
        return ""
    return text[: room - 1].rstrip() + ELLIPSIS


def render(rows: Sequence[Sequence[str]], right: Collection[int] = ()) -> list[str]:
    """Aligned columns, two spaces apart; the last column is not padded."""
    if not rows:
        return []
    n = len(rows[0])
    widths = [max(len(r[i]) for r in rows) for i in range(n)]
    out = []
    for r in rows:
        cells = [
            (c.rjust(widths[i]) if i in right else c.ljust(widths[i])) if i < n - 1 else c
            for i, c in enumerate(r)
        ]
        out.append(SEP.join(cells).rstrip())
    return out


def fit(
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    drop: Sequence[int] = (),
    shrink: Sequence[int] = (),
    right: Collection[int] = (),
    keep: int = 8,
) -> list[str]:
    """``rows`` (the first one the header) rendered within ``width`` characters.

    Too wide: the columns in ``drop`` are left out, in that order, while that
    helps; then the columns in ``shrink`` are shortened, in that order, down
    to ``keep`` characters each; whatever is still too wide is cut at the edge.
    ``width`` 0 keeps everything.
    """
    table = [list(r) for r in rows]
    lines = render(table, right)
    if not width or not lines or max(map(len, lines)) <= width:
        return lines
    cols = list(range(len(table[0])))
    for col in drop:
        if col not in cols:
            continue
        cols.remove(col)
        lines = render(
            [[r[c] for c in cols] for r in table], {cols.index(c) for c in right if c in cols}
        )
        if max(map(len, lines)) <= width:
            return lines
    kept = [[r[c] for c in cols] for r in table]
    align = {cols.index(c) for c in right if c in cols}
    for col in shrink:
        if col not in cols:
            continue
        i = cols.index(col)
        excess = max(map(len, lines)) - width
        if excess <= 0:
            break
        current = max(len(r[i]) for r in kept)
        room = max(keep, current - excess)
        for r in kept[1:]:  # the header stays as it is
            r[i] = shorten(r[i], room)
        lines = render(kept, align)
    return [shorten(line, width) for line in lines]


def fit_line(line: str, width: int) -> str:
    """One line within ``width`` (0: as it is)."""
    return shorten(line, width) if width else line


def squeeze(head: str, text: str, tail: str, width: int, keep: int = 8) -> str:
    """``head + text + tail`` within ``width``, shortening ``text`` first (0: as it is)."""
    if width and len(head) + len(text) + len(tail) > width:
        text = shorten(text, max(keep, width - len(head) - len(tail)))
    return fit_line(head + text + tail, width)
