"""Three-way merge of mentorlog files: the engine behind ``mentorlog merge-file``.

Pure: bytes in, bytes out, no I/O. ``sync`` and git (through the merge driver
that ``init``, ``join`` and ``sync`` configure) both come here.

- :func:`merge_bytes` merges BASE, OURS and THEIRS into one text and counts the
  real conflicts that remain. With ``keep_both=(our_author, their_author)``
  every real conflict is resolved by keeping both versions one after the
  other, each introduced by ``<!-- mentorlog: NAME's version -->``.
- ``schedule.ics`` never conflicts: it is rebuilt from the merged files after
  the merge, so the driver keeps ours.

How it merges (docs/format.md, "Merging two partners' edits", says the same for users):

- Front-matter merges key by key: a key changed on one side takes that side's
  lines; the same key changed (or added) to two different values is a
  conflict. Keys keep their order and formatting.
- The body merges line by line. Each side is compared with BASE
  (:class:`difflib.SequenceMatcher`), task items compared by their ``id:``,
  else by owner and text, every other line by its text. Changes to different
  base lines never conflict, even when the lines are adjacent; lines both
  sides add at the same place are all kept, ours first (a line both added
  identically once). An item changed on both sides is merged field by field
  (its box, ``due:``, ``done:``, ``dropped:``, the rest of the text); a tick on
  both sides keeps the earlier ``done:``; an item edited in place is paired
  with its base line when at least half of its text is alike. Two different
  journal entries added at one path conflict (sync keeps them as two files).
  Everything else both sides changed differently is a conflict: that region
  is then either left as ours (no ``keep_both``: the whole of OURS is
  returned unchanged, the caller stops) or holds both versions.
- No git conflict marker is ever written.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

#: set by ``sync --keep-both`` for the driver: a JSON list ``[our_author, their_author]``
KEEP_BOTH_ENV = "MENTORLOG_MERGE_KEEP_BOTH"

#: the driver's name in .gitattributes and git config (``merge.mentorlog.driver``)
DRIVER = "mentorlog"

#: what ``init`` writes into .gitattributes
GITATTRIBUTES = f"*.md merge={DRIVER}\nschedule.ics merge={DRIVER}\n"

GENERATED = ("schedule.ics",)

#: a shared journal entry: two different ones added at the same path conflict, so that
#: ``sync`` keeps both as journal/DATE.md and journal/DATE-N.md
JOURNAL_ENTRY = re.compile(r"(?:^|/)journal/\d{4}-\d{2}-\d{2}(?:-\d+)?\.md$")

#: what :func:`version_comment` writes, found again (``check`` warns while it remains)
VERSION_COMMENT_RE = re.compile(r"<!-- mentorlog: (?P<name>.*)'s version -->")

BOM = "\ufeff"


@dataclass(frozen=True)
class MergeResult:
    text: bytes
    conflicts: int  # real conflicts left in ``text`` (0: clean)
    kept_both: int = 0  # conflicts resolved by keeping both versions (``keep_both``)


def version_comment(author: str) -> str:
    """The comment that introduces one partner's version under ``sync --keep-both``."""
    return f"<!-- mentorlog: {author}'s version -->"


def keep_both_from_env() -> tuple[str, str] | None:
    raw = os.environ.get(KEEP_BOTH_ENV, "")
    if not raw:
        return None
    try:
        ours, theirs = json.loads(raw)
    except (ValueError, TypeError):
        return None
    return str(ours), str(theirs)


def is_generated(path: str) -> bool:
    return path.replace("\\", "/").rsplit("/", 1)[-1] in GENERATED


def is_journal_entry(path: str) -> bool:
    return bool(JOURNAL_ENTRY.search(path.replace("\\", "/")))


def merge_bytes(
    base: bytes,
    ours: bytes,
    theirs: bytes,
    path: str = "",
    keep_both: tuple[str, str] | None = None,
) -> MergeResult:
    """Merge THEIRS into OURS against BASE (three-way, mentorlog's rules).

    With conflicts and no ``keep_both``, OURS is returned unchanged with the
    number of conflicts: the caller stops (no conflict marker is ever written).
    """
    if ours == theirs or theirs == base:
        return MergeResult(ours, 0)
    if ours == base:
        return MergeResult(theirs, 0)
    if is_generated(path):
        return MergeResult(ours, 0)
    bom_b, text_b = _decode(base)
    bom_o, text_o = _decode(ours)
    bom_t, text_t = _decode(theirs)
    merger = _Merger(keep_both)
    if not text_b and is_journal_entry(path) and text_o != text_t:
        # two partners' entries of the same day: not one file, but two (sync
        # renames one to DATE-N.md); kept in one file only when asked to keep both
        lines = merger.added_twice(_split(text_o), _split(text_t))
    else:
        lines = merger.merge(_split(text_b), _split(text_o), _split(text_t))
    if merger.conflicts and keep_both is None:
        return MergeResult(ours, merger.conflicts)
    bom = bom_o or (bom_t and not bom_b)
    text = (BOM if bom else "") + "".join(line.text + line.end for line in lines)
    return MergeResult(text.encode("utf-8", "surrogateescape"), 0, merger.conflicts)


# ------------------------------------------------------------------ lines


@dataclass(frozen=True)
class Line:
    text: str  # without its ending
    end: str  # "\n", "\r\n", "\r", or "" (the last line of a file without a final newline)


_LINE_RE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|\Z)")


def _decode(data: bytes) -> tuple[bool, str]:
    bom = data.startswith(b"\xef\xbb\xbf")
    return bom, data[3 if bom else 0 :].decode("utf-8", "surrogateescape")


def _split(text: str) -> list[Line]:
    out: list[Line] = []
    pos = 0
    while pos < len(text):
        m = _LINE_RE.match(text, pos)
        assert m is not None  # the pattern matches anywhere
        out.append(Line(m.group(1), m.group(2)))
        pos = m.end()
    return out


def _newline(lines: Sequence[Line]) -> str:
    """The line ending most lines use ("\\n" for a text without one)."""
    counts: dict[str, int] = {}
    for line in lines:
        if line.end:
            counts[line.end] = counts.get(line.end, 0) + 1
    return max(counts, key=lambda e: counts[e]) if counts else ""


def _uniform(lines: Sequence[Line]) -> bool:
    return len({line.end for line in lines if line.end}) == 1


def _convert(lines: list[Line], nl: str) -> list[Line]:
    return [Line(ln.text, nl) if ln.end and ln.end != nl else ln for ln in lines]


def _texts(lines: Sequence[Line]) -> list[str]:
    return [line.text for line in lines]


# ------------------------------------------------------------------ items


def _item_rows(lines: Sequence[Line]) -> set[int]:
    from mentorlog.text.items import TASK_RE, task_line_numbers

    if not any(TASK_RE.match(line.text) for line in lines):
        return set()
    return set(task_line_numbers("\n".join(_texts(lines))))


def _keys(lines: Sequence[Line]) -> tuple[list[tuple[str, ...]], set[int]]:
    """What a line is compared by: an item by its id, else its owner and text; any
    other line by its text. Also the rows that hold items."""
    from mentorlog.text.items import parse_line

    rows = _item_rows(lines)
    keys: list[tuple[str, ...]] = []
    for n, line in enumerate(lines):
        parsed = parse_line(line.text) if n in rows else None
        if parsed is None:
            rows.discard(n)
            keys.append(("line", line.text))
        elif parsed.id:
            keys.append(("id", parsed.id))
        else:
            keys.append(("item", (parsed.owner_token or "").lower(), parsed.description))
    return keys, rows


def _same_item(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with its text edited, rather than another item:
    their descriptions are at least half alike."""
    from mentorlog.text.items import parse_line

    a, b = parse_line(old), parse_line(new)
    if a is None or b is None:
        return False
    return difflib.SequenceMatcher(None, a.description, b.description).ratio() >= 0.5


#: the dated tokens an item merge handles field by field (those the item syntax knows)
_DATED = ("due", "done", "dropped")
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _dated_keys() -> list[str]:
    from mentorlog.text.item_edits import token_re

    keys = []
    for key in _DATED:
        try:
            token_re(key)
        except ValueError:
            continue
        keys.append(key)
    return keys


def _mark(line: str) -> str:
    from mentorlog.text.items import TASK_RE

    m = TASK_RE.match(line)
    return m.group("mark").lower() if m else ""


def _with_mark(line: str, mark: str) -> str:
    from mentorlog.text.items import TASK_RE

    m = TASK_RE.match(line)
    if m is None or m.group("mark").lower() == mark:
        return line
    return line[: m.start("mark")] + mark + line[m.start("mark") + 1 :]


def _day_of(line: str, key: str) -> str | None:
    """The date of the first ``key`` token (``due:``/``📅`` and the like), or None."""
    from mentorlog.text.item_edits import token_re
    from mentorlog.text.items import TASK_RE

    m = TASK_RE.match(line)
    found = token_re(key).search(line, m.start("rest")) if m else None
    day = _DAY_RE.search(found.group(0)) if found else None
    return day.group(0) if day else None


def _rest(line: str, keys: Sequence[str]) -> str:
    """An item line without its box's state and its dated tokens: 'the text'."""
    from mentorlog.text.item_edits import line_remove_token

    line = _with_mark(line, " ")
    for key in keys:
        line = line_remove_token(line, key)
    return line


def merge_item(base: str, ours: str, theirs: str) -> str | None:
    """One item changed on both sides, merged field by field; None on a conflict.

    The text (everything but the box and the ``due:``, ``done:`` and
    ``dropped:`` dates) comes from the side that changed it; the box and each
    date likewise; ticked on both sides with two dates: the earlier ``done:``.
    Both changing the same field differently is a conflict.
    """
    from mentorlog.text.item_edits import NotAnItem, line_remove_token
    from mentorlog.text.items import parse_line

    if parse_line(base) is None or parse_line(ours) is None or parse_line(theirs) is None:
        return None
    try:
        keys = _dated_keys()
        rb, ro, rt = _rest(base, keys), _rest(ours, keys), _rest(theirs, keys)
        if ro == rt or rt == rb:
            line = ours
        elif ro == rb:
            line = theirs
        else:
            return None
        mb, mo, mt = _mark(base), _mark(ours), _mark(theirs)
        if mo == mt or mt == mb:
            mark = mo
        elif mo == mb:
            mark = mt
        else:
            return None  # ticked on one side, dropped on the other
        line = _with_mark(line, mark)
        for key in keys:
            vb, vo, vt = _day_of(base, key), _day_of(ours, key), _day_of(theirs, key)
            if (key == "done" and mark != "x") or (key == "dropped" and mark != "-"):
                value = None  # reopened: no done date
            elif vo == vt or vt == vb:
                value = vo
            elif vo == vb:
                value = vt
            elif key != "due" and vo is not None and vt is not None:
                value = min(vo, vt)  # done (or dropped) on both sides: the earlier day
            else:
                return None
            if value != _day_of(line, key):
                if value is None:
                    line = line_remove_token(line, key)
                else:
                    line = _set_token_like(line, key, value, (ours, theirs))
        return line
    except (NotAnItem, ValueError):
        return None


def _set_token_like(line: str, key: str, value: str, sources: Sequence[str]) -> str:
    """``key:value`` set on ``line``; a token the line lacks is added in the form the
    side it comes from wrote it (Obsidian's ``✅ DATE`` stays an emoji)."""
    from mentorlog.text.item_edits import line_set_token, token_re

    pattern = token_re(key)
    if pattern.search(line) is None:
        for source in sources:
            found = pattern.search(source)
            if found and value in found.group(0) and not found.group(0).startswith(key):
                raw = found.group(0)
                body = line.rstrip(" \t")
                return f"{body} {raw}{line[len(body) :]}"
    return line_set_token(line, key, value)


# ------------------------------------------------------------------ one side against base

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
    keys, rows = _keys(lines)
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
            and _same_item(base[i1 + pairs].text, lines[j1 + pairs].text)
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
    if _texts(ours) == _texts(theirs):
        return ours
    matcher = difflib.SequenceMatcher(None, _texts(ours), _texts(theirs), autojunk=False)
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


# ------------------------------------------------------------------ the merge


class _Merger:
    """One merge: counts conflicts, renders them kept both when asked."""

    def __init__(self, keep_both: tuple[str, str] | None):
        self.keep_both = keep_both
        self.conflicts = 0

    def conflict(
        self, ours: list[Line], theirs: list[Line], nl: str, prefix: str = ""
    ) -> list[Line]:
        """A conflicting region: ours (the caller stops) or, kept both, the two versions,
        each after a comment naming its author (``prefix`` comments them in YAML:
        theirs is then kept as a comment, ours stays in force)."""
        self.conflicts += 1
        if self.keep_both is None:
            return ours
        nl = nl or "\n"
        ours = [ln if ln.end else Line(ln.text, nl) for ln in ours]
        if prefix:
            theirs = [Line(f"{prefix}{ln.text}".rstrip(), nl) for ln in theirs]
        our_name, their_name = self.keep_both
        return [
            Line(prefix + version_comment(our_name), nl),
            *ours,
            Line(prefix + version_comment(their_name), nl),
            *theirs,
        ]

    def added_twice(self, ours: list[Line], theirs: list[Line]) -> list[Line]:
        """Two different files added at one path, that must not blend into one: their
        front-matter merged, their bodies one conflict."""
        nl = _newline(ours) or _newline(theirs) or "\n"
        if _uniform(ours):
            theirs = _convert(theirs, nl)
        fo, ft = _front_end(ours), _front_end(theirs)
        front = self.merge_front([], ours[1:fo], theirs[1:ft], nl) if fo and ft else None
        if front is None:
            return _finish(self.conflict(ours, theirs, nl), nl)
        body = self.conflict(ours[fo + 1 :], theirs[ft + 1 :], nl)
        return _finish([ours[0], *front, ours[fo], *body], nl)

    def merge(self, base: list[Line], ours: list[Line], theirs: list[Line]) -> list[Line]:
        nl = _newline(ours) or _newline(theirs) or _newline(base) or "\n"
        if _uniform(ours):
            base, theirs = _convert(base, nl), _convert(theirs, nl)
        out: list[Line] | None = None
        fo, ft, fb = _front_end(ours), _front_end(theirs), _front_end(base)
        if fo and ft and (fb or not base):
            front = self.merge_front(base[1:fb] if fb else [], ours[1:fo], theirs[1:ft], nl)
            if front is not None:
                body = self.merge_body(
                    base[fb + 1 :] if fb else [], ours[fo + 1 :], theirs[ft + 1 :], nl
                )
                out = [ours[0], *front, ours[fo], *body]
        if out is None:
            out = self.merge_body(base, ours, theirs, nl)
        return _finish(out, nl)

    # ---------------------------------------------------------- front-matter

    def merge_front(
        self, base: list[Line], ours: list[Line], theirs: list[Line], nl: str
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
                if b is None or _texts(o) == _texts(b):
                    out.append((key, o if b is None else []))  # ours added; or theirs deleted
                else:
                    out.append((key, self.conflict(o, [], nl, "# ")))
                continue
            t = t or []
            b = b or []
            if _texts(o) == _texts(t) or _texts(t) == _texts(b):
                out.append((key, o))
            elif _texts(o) == _texts(b):
                out.append((key, t))
            else:
                out.append((key, self.conflict(o, t, nl, "# ")))
        anchor = 0
        have = [k for k, _ in out]
        for key, t in bt:
            if key in have:
                anchor = have.index(key) + 1
                continue
            b = db.get(key)
            if b is not None and _texts(t) == _texts(b):
                continue  # ours deleted it, theirs left it as it was
            lines = t if b is None else self.conflict([], t, nl, "# ")
            out.insert(anchor, (key, lines))
            have.insert(anchor, key)
            anchor += 1
        return [ln for _key, lines in out for ln in lines]

    # ---------------------------------------------------------- body

    def merge_body(
        self, base: list[Line], ours: list[Line], theirs: list[Line], nl: str
    ) -> list[Line]:
        bkeys, brows = _keys(base)
        so = _side(base, bkeys, brows, ours)
        st = _side(base, bkeys, brows, theirs)
        merged_items: dict[int, Line] = {}
        clusters = _clusters(so, st)
        conflicting: dict[int, int] = {}  # first coordinate -> last, of conflicting clusters
        for lo, hi in clusters:
            if not self._resolvable(base, so, st, lo, hi, merged_items):
                conflicting[lo] = hi
        out: list[Line] = []
        c = 0
        while c <= 2 * len(base):
            if c in conflicting:
                hi = conflicting[c]
                out += self.conflict(_render(base, so, c, hi), _render(base, st, c, hi), nl)
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
        self,
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
                if ho[:2] == ht[:2] and _texts(ho[2]) == _texts(ht[2]):
                    continue
            return False  # deleted on one side and changed on the other, or changed twice
        return True


def _finish(lines: list[Line], nl: str) -> list[Line]:
    """Every line but the last ends with a newline."""
    last = len(lines) - 1
    return [ln if ln.end or n == last else Line(ln.text, nl) for n, ln in enumerate(lines)]


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
            if not out or _texts(out) != _texts(lines):  # both rewrote it alike: once
                out += lines
    return out


# ------------------------------------------------------------------ front-matter blocks


def _front_end(lines: Sequence[Line]) -> int:
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
