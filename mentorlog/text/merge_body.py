"""The body of a file in a three-way merge, line by line.

Each side is compared with BASE (:class:`difflib.SequenceMatcher`; task items
by their ``id:``, else by owner and text, every other line by its text). Changes
to different base lines never conflict, even when adjacent; lines both sides add
at one place are all kept, ours first; an item both changed is merged field by
field (:func:`mentorlog.text.merge_items.merge_item`). Positions are "doubled
coordinates": the gap before base line p is 2p, base line i is 2i+1.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from mentorlog.text.merge_items import item_keys, merge_item, same_item
from mentorlog.text.merge_lines import Conflict, Line, texts

_DEL = "del"
_MOD = "mod"
_REPL = "repl"


@dataclass
class _Side:
    """What one side did to BASE, base line by base line."""

    kept: dict[int, Line] = field(default_factory=dict)  # unchanged base line -> this side's
    touch: dict[int, tuple[str, int | Line]] = field(default_factory=dict)
    ins: dict[int, list[Line]] = field(default_factory=dict)  # gap before base line -> added
    repl: dict[int, tuple[int, int, list[Line]]] = field(default_factory=dict)  # start -> hunk

    def spans(self) -> list[tuple[int, int]]:
        """Where this side changed something, in doubled coordinates: gap p is 2p,
        base line i is 2i+1; a replaced run of lines covers its inner gaps too."""
        out = [(2 * p, 2 * p) for p in self.ins]
        for i, (kind, _what) in self.touch.items():
            if kind != _REPL:
                out.append((2 * i + 1, 2 * i + 1))
        out += [(2 * s + 1, 2 * e - 1) for s, e, _lines in self.repl.values()]
        return out


def _side(
    base: list[Line], bkeys: list[tuple[str, ...]], brows: set[int], lines: list[Line]
) -> _Side:
    keys, rows = item_keys(lines)
    side = _Side()
    matcher = difflib.SequenceMatcher(None, bkeys, keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                if base[i1 + k].text == lines[j1 + k].text:
                    side.kept[i1 + k] = lines[j1 + k]
                else:  # the same item, changed (a tick, a date)
                    side.touch[i1 + k] = (_MOD, lines[j1 + k])
            continue
        # an item edited in place (its text changed): paired with its base line
        pairs = 0
        while (
            i1 + pairs < i2
            and j1 + pairs < j2
            and i1 + pairs in brows
            and j1 + pairs in rows
            and same_item(base[i1 + pairs].text, lines[j1 + pairs].text)
        ):
            side.touch[i1 + pairs] = (_MOD, lines[j1 + pairs])
            pairs += 1
        i1, j1 = i1 + pairs, j1 + pairs
        if i1 == i2 and j1 == j2:
            continue
        if i1 == i2:
            side.ins[i1] = lines[j1:j2]
        elif j1 == j2:
            for i in range(i1, i2):
                side.touch[i] = (_DEL, i)
        else:
            side.repl[i1] = (i1, i2, lines[j1:j2])
            for i in range(i1, i2):
                side.touch[i] = (_REPL, i1)
    return side


def merge_insertions(ours: list[Line], theirs: list[Line]) -> list[Line]:
    """Lines both sides added at the same place: all of them, ours first; a run of
    lines both added identically once (blank lines alone never pair up)."""
    if texts(ours) == texts(theirs):
        return ours
    matcher = difflib.SequenceMatcher(None, texts(ours), texts(theirs), autojunk=False)
    out: list[Line] = []
    a = b = 0
    for block in matcher.get_matching_blocks():
        if not block.size or not any(
            ln.text.strip() for ln in ours[block.a : block.a + block.size]
        ):
            continue
        out += ours[a : block.a] + theirs[b : block.b] + ours[block.a : block.a + block.size]
        a, b = block.a + block.size, block.b + block.size
    return out + ours[a:] + theirs[b:]


def merge_body(
    base: list[Line], ours: list[Line], theirs: list[Line], nl: str, conflict: Conflict
) -> list[Line]:
    """BASE, OURS and THEIRS merged line by line (see :mod:`mentorlog.text.merge`);
    ``conflict`` gives the lines of each region both sides changed differently."""
    bkeys, brows = item_keys(base)
    so = _side(base, bkeys, brows, ours)
    st = _side(base, bkeys, brows, theirs)
    merged_items: dict[int, Line] = {}
    clusters = _clusters(so, st)
    conflicting: dict[int, int] = {}  # first coordinate -> last, of conflicting clusters
    for lo, hi in clusters:
        if not _resolvable(base, so, st, lo, hi, merged_items):
            conflicting[lo] = hi
    out: list[Line] = []
    c = 0
    while c <= 2 * len(base):
        if c in conflicting:
            hi = conflicting[c]
            out += conflict(_render(base, so, c, hi), _render(base, st, c, hi), nl)
            c = hi + 1
            continue
        if c % 2 == 0:
            p = c // 2
            a, b = so.ins.get(p), st.ins.get(p)
            if a and b:
                out += merge_insertions(a, b)
            else:
                out += a or b or []
        else:
            out += _line_out(c // 2, so, st, merged_items)
        c += 1
    return out


def _resolvable(
    base: list[Line],
    so: _Side,
    st: _Side,
    lo: int,
    hi: int,
    merged_items: dict[int, Line],
) -> bool:
    """Whether the two sides' changes in [lo, hi] go together (items merged into
    ``merged_items``)."""
    for c in range(lo, hi + 1):
        if c % 2 == 0:
            p = c // 2
            for mine, other in ((so, st), (st, so)):
                if p in mine.ins and any(s < p < e for s, e, _l in other.repl.values()):
                    return False  # added inside a run the other side rewrote
            continue
        i = c // 2
        to, tt = so.touch.get(i), st.touch.get(i)
        if to is None or tt is None:
            continue
        if to[0] == _DEL and tt[0] == _DEL:
            continue
        if to[0] == _MOD and tt[0] == _MOD:
            assert isinstance(to[1], Line) and isinstance(tt[1], Line)
            if to[1].text == tt[1].text:
                continue
            text = merge_item(base[i].text, to[1].text, tt[1].text)
            if text is None:
                return False
            merged_items[i] = Line(text, to[1].end)
            continue
        if to[0] == _REPL and tt[0] == _REPL:
            assert isinstance(to[1], int) and isinstance(tt[1], int)
            ho, ht = so.repl[to[1]], st.repl[tt[1]]
            if ho[:2] == ht[:2] and texts(ho[2]) == texts(ht[2]):
                continue
        return False  # deleted on one side and changed on the other, or changed twice
    return True


def _clusters(so: _Side, st: _Side) -> list[tuple[int, int]]:
    """Runs of changes of both sides that touch each other (doubled coordinates)."""
    spans = sorted([(lo, hi, 0) for lo, hi in so.spans()] + [(lo, hi, 1) for lo, hi in st.spans()])
    out: list[tuple[int, int]] = []
    cur: list[int] = []  # lo, hi, sides mask
    for lo, hi, who in spans:
        if cur and lo <= cur[1]:
            cur[1] = max(cur[1], hi)
            cur[2] |= 1 << who
            continue
        if cur and cur[2] == 3:
            out.append((cur[0], cur[1]))
        cur = [lo, hi, 1 << who]
    if cur and cur[2] == 3:
        out.append((cur[0], cur[1]))
    return out


def _render(base: list[Line], side: _Side, lo: int, hi: int) -> list[Line]:
    """One side's version of the region [lo, hi] (doubled coordinates)."""
    out: list[Line] = []
    for c in range(lo, hi + 1):
        if c % 2 == 0:
            out += side.ins.get(c // 2, [])
            continue
        i = c // 2
        t = side.touch.get(i)
        if t is None:
            out.append(side.kept.get(i, base[i]))
        elif t[0] == _MOD:
            assert isinstance(t[1], Line)
            out.append(t[1])
        elif t[0] == _REPL and t[1] == i:
            out += side.repl[i][2]
    return out


def _line_out(i: int, so: _Side, st: _Side, merged_items: dict[int, Line]) -> list[Line]:
    """Base line ``i`` after both sides' (compatible) changes."""
    if i in merged_items:
        return [merged_items[i]]
    to, tt = so.touch.get(i), st.touch.get(i)
    if to is None and tt is None:
        return [so.kept[i]]
    out: list[Line] = []
    for t, side in ((to, so), (tt, st)):
        if t is None or t[0] == _DEL:
            continue
        if t[0] == _MOD:
            assert isinstance(t[1], Line)
            return [t[1]]
        if t[1] == i:
            lines = side.repl[i][2]
            if not out or texts(out) != texts(lines):  # both rewrote it alike: once
                out += lines
    return out
