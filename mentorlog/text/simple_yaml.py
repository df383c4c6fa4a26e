"""The common front-matter, one ``key: value`` a line, read without a YAML parser.

mentorlog writes front-matter of plain words, whole numbers, dates, quoted
text and short lists (``goals: [01-slug]``). Loading PyYAML and running it costs
more than the rest of reading such a file, so :func:`load` reads these lines
itself and answers None for anything else (then the YAML loader reads the
text). Every value it accepts means one thing only in YAML 1.1, which PyYAML
follows; ``tests/unit/test_fast_parse.py`` checks its answers against PyYAML's.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# The patterns (text, compiled by the first load: a command that finds every file in the
# index reads no front-matter and compiles none).
_LINE = r"([A-Za-z_][A-Za-z0-9_]*): +(\S(?:.*\S)?) *\Z"
# Text that starts with a letter and holds no YAML indicator that matters after
# the start ("#" comments, ":" mappings, brackets and braces, quotes of its own).
_WORDS = r"[^\W\d_][\w .,'()/&+-]*\Z"
_FLOW_WORDS = r"[^\W\d_][\w .'()/&+-]*\Z"
# A slug led by digits and a dash (01-lead-a-project): no YAML number or date has a letter
# after a dash.
_SLUG = r"[0-9]+-[A-Za-z0-9_-]*[A-Za-z][A-Za-z0-9_-]*\Z"
_INT = r"(?:0|[1-9][0-9]*)\Z"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"
_QUOTED = r'"([^"\\]*)"\Z|\'([^\']*)\'\Z'
# Words YAML 1.1 reads as booleans or null, in any case (PyYAML knows fewer spellings).
_SPECIAL = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})
# Control characters, surrogates, the BOM and the noncharacters FFFE and FFFF (YAML refuses
# some, treats NEL and the Unicode line and paragraph separators as line breaks, a BOM as a
# marker): not ours. (The class of what YAML does accept is far slower to compile.)
_UNUSUAL = "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"


class _Compiled:
    def __init__(self) -> None:
        self.line = re.compile(_LINE)
        self.words = re.compile(_WORDS)
        self.flow_words = re.compile(_FLOW_WORDS)
        self.slug = re.compile(_SLUG)
        self.int = re.compile(_INT)
        self.date = re.compile(_DATE)
        self.quoted = re.compile(_QUOTED)
        self.unusual: re.Pattern[str] | None = None  # compiled for the first unprintable line

    def unusual_in(self, line: str) -> bool:
        """Whether ``line`` holds a character of :data:`_UNUSUAL` (a class that takes
        longer to compile than reading a repository's front-matter: only when needed)."""
        if self.unusual is None:
            self.unusual = re.compile(_UNUSUAL)
        return self.unusual.search(line) is not None


_RE: list[_Compiled] = []


def load(text: str) -> dict[str, Any] | None:
    """The mapping ``text`` holds, or None when it is not simple enough to read here."""
    if not _RE:
        _RE.append(_Compiled())
    r = _RE[0]
    known = _LINES
    out: dict[str, Any] = {}
    for line in text.split("\n"):
        entry = known.get(line)
        if entry is None:
            entry = _entry(line, r)
            if entry is None:
                return None
            if len(known) < 4096:
                known[line] = entry
        key, value = entry
        if not key:  # a blank line
            continue
        if key in out:
            return None
        out[key] = list(value) if type(value) is tuple else value
    return out


#: Lines read before (most lines of front-matter recur from file to file): their key
#: and value, a list kept as a tuple (each file gets a list of its own); key "" for a
#: blank line. What a line gives depends on the line alone.
_LINES: dict[str, tuple[str, Any]] = {}
_BLANK = ("", None)


def _entry(line: str, r: _Compiled) -> tuple[str, Any] | None:
    """A line's key and value (a list as a tuple), :data:`_BLANK`, or None when the
    line is not simple enough to read here."""
    if not line.isprintable() and r.unusual_in(line):  # each of them is unprintable
        return None
    if not line.strip(" "):
        return _BLANK
    m = r.line.match(line)
    if m is None:
        return None
    key, raw = m.groups()
    if key.lower() in _SPECIAL:
        return None
    value = _scalar(raw, r.words, r)
    if value is _NOT_SIMPLE:
        if not (raw.startswith("[") and raw.endswith("]")):
            return None
        value = _flow_list(raw[1:-1], r)
        if value is _NOT_SIMPLE:
            return None
        return key, tuple(value)
    return key, value


_NOT_SIMPLE: Any = object()


def _scalar(raw: str, words: re.Pattern[str], r: _Compiled) -> Any:
    first = raw[0]  # each pattern below matches only text that starts as it says
    if first == '"' or first == "'":
        quoted = r.quoted.match(raw)
        if quoted is None:
            return _NOT_SIMPLE
        single = quoted.group(2)
        return quoted.group(1) if single is None else single
    if "0" <= first <= "9":
        if r.int.match(raw):
            return int(raw)
        if r.date.match(raw):
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                return raw  # as mentorlog's YAML loader keeps an impossible date: as text
        return raw if r.slug.match(raw) else _NOT_SIMPLE
    if words.match(raw) and raw.lower() not in _SPECIAL:  # a letter first
        return raw
    return _NOT_SIMPLE


def _flow_list(inner: str, r: _Compiled) -> Any:
    if not inner.strip(" "):
        return []
    out = []
    for part in inner.split(","):
        raw = part.strip(" ")
        if not raw or "," in raw or "[" in raw or "]" in raw:
            return _NOT_SIMPLE
        value = _scalar(raw, r.flow_words, r)
        if value is _NOT_SIMPLE or (isinstance(value, str) and any(c in value for c in ",[]{}")):
            return _NOT_SIMPLE
        out.append(value)
    return out
