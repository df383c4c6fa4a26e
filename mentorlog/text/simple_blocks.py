"""Which task-list lines are list items, for Markdown plain enough to tell without a parser.

Most meeting and goal files are headings, paragraphs, top-level bullets and
fenced code. In such a text a task line at the left margin is a list item
unless it sits in a fenced code block, so the item lines are found in one pass
over the lines; markdown-it (the reference) is needed only for the rest.
:func:`task_lines` answers None for anything it cannot decide that way:
indented lines, block quotes, HTML, link reference definitions, ordered-list
or oddly spaced task lines. ``tests/unit/test_fast_parse.py`` checks that every
answer it gives equals markdown-it's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# A task line whose list item's text starts at "[": a bullet at the margin and 1-4
# spaces (five or more would make the text indented code, a tab is measured in columns).
_BULLET_TASK = re.compile(r"[-*+] {1,4}\[")
_BLANK = re.compile(r"[ \t]*\Z")
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)\Z")
# First characters that may start a block this pass does not follow: indentation (code,
# nesting, lazy lines), HTML blocks, block quotes, link reference definitions.
_UNDECIDED = frozenset(" \t<>[")


#: What :func:`_fence` answers for a line that opens no fence CommonMark would.
_UNPLAIN = re.compile(r"\A\Z(?!)")


def _fence(line: str, first: str, in_text: bool = False) -> re.Pattern[str] | None:
    """For a line starting with "`" or "~": the pattern of the line that closes the
    fence it opens; None when it opens none (two backticks or tildes: paragraph
    text); :data:`_UNPLAIN` when it is no fence in CommonMark (leave it to the parser).

    ``in_text``: the pattern finds the closing line in the text after the line break
    before it (:func:`item_scan`), instead of matching the line itself."""
    fence = _FENCE_OPEN.match(line)
    if fence is None:
        return None
    marker, info = fence.groups()
    if first == "`" and "`" in info:
        return _UNPLAIN
    closing = rf" {{0,3}}{re.escape(first)}{{{len(marker)},}}[ \t]*"
    return re.compile(rf"\n{closing}(?=\n|\Z)" if in_text else rf"{closing}\Z")


def task_lines(lines: Sequence[str], candidates: Sequence[int]) -> list[int] | None:
    """The 0-based numbers among ``candidates`` (lines matching the task-line pattern)
    that start list items, or None when the text is not plain enough to tell."""
    wanted = set(candidates)
    out: list[int] = []
    closing: re.Pattern[str] | None = None  # the closing line of the open fence
    for n, line in enumerate(lines):
        if closing is not None:
            if closing.match(line):
                closing = None
            continue
        if n in wanted:
            if not _BULLET_TASK.match(line):
                return None
            out.append(n)
            continue
        if not line or _BLANK.match(line):
            continue
        first = line[0]
        if first in _UNDECIDED:
            return None
        if first in "`~":
            opened = _fence(line, first)
            if opened is _UNPLAIN:
                return None
            closing = opened
    return out


def item_lines(
    lines: Sequence[str], is_task: Callable[[str], re.Match[str] | None]
) -> list[tuple[int, re.Match[str]]] | None:
    """:func:`task_lines` of the lines ``is_task`` matches (the task-line pattern), in
    the same single pass that finds them: ``(number, match)`` of each list item's line,
    or None when the text is not plain enough to tell.

    Only a line that contains "[" can be a task line, and only one that starts with
    a bullet may be one here; any other line is read as :func:`task_lines` reads it.
    """
    out: list[tuple[int, re.Match[str]]] = []
    closing: re.Pattern[str] | None = None  # the closing line of the open fence
    for n, line in enumerate(lines):
        if closing is not None:
            if closing.match(line):
                closing = None
            continue
        if not line:
            continue
        first = line[0]
        if first in "-*+":  # a bullet: a task line, or a list item that is none
            if "[" in line:
                m = is_task(line)
                if m is not None:
                    if not _BULLET_TASK.match(line):
                        return None
                    out.append((n, m))
            continue
        if first in " \t":
            if _BLANK.match(line):
                continue
            return None
        if first in "<>[":
            return None
        if first in "`~":
            opened = _fence(line, first)
            if opened is _UNPLAIN:
                return None
            closing = opened
            continue
        if "[" in line and is_task(line) is not None:
            return None  # an ordered task line
    return out


# What :func:`item_scan` stops at, after a line break (``{item}``: the caller's pattern of
# a task line from its box on): a task line at the margin whose box follows the bullet
# and 1-4 spaces; a line it cannot decide (an indented line that is not blank, an HTML
# block, a block quote, a link reference definition, any other task line: ``{box}`` is
# the box and the rest of the line, as the task-line pattern reads them); a line that
# may open a fence. Every other line is passed over by the pattern itself.
_SCAN = (
    r"\n(?:(?P<item>[-*+] {{1,4}}{item})"
    r"|(?P<stop>[ \t]+[^ \t\n]|[<>\[]|[-*+][ \t]+{box}|\d{{1,9}}[.)][ \t]+{box})"
    r"|(?P<fence>[`~]))"
)
_BOX = r"\[[ xX-]\](?:[ \t][^\n]*)?$"
_SCANS: dict[str, tuple[re.Pattern[str], int, int]] = {}


def item_scan(text: str, item: str) -> list[tuple[int, re.Match[str]]] | None:
    """:func:`item_lines` of a text whose lines end in LF alone, found by one search
    over the text that passes over all other lines: ``(number, match)`` of each list
    item's line, or None when the text is not plain enough to tell.

    ``item`` is the pattern of a task line from its box (``[ ]``) on, to the end of
    the line (it is compiled multi-line: ``$`` is the end of a line); it must match
    every line the task-line pattern matches there. Its groups are the match's groups
    2 and on (group 1 is the whole line).
    """
    scan = _SCANS.get(item)
    if scan is None:
        pattern = re.compile(_SCAN.format(item=item, box=_BOX), re.MULTILINE)
        scan = _SCANS[item] = (pattern, pattern.groupindex["item"], pattern.groupindex["stop"])
    search, item_group, stop = scan[0].search, scan[1], scan[2]
    out: list[tuple[int, re.Match[str]]] = []
    text = "\n" + text  # each line is found after the line break before it
    n = 0  # the number of the line at ``counted``
    counted = pos = 0
    while True:
        m = search(text, pos)
        if m is None:
            return out
        start = m.start()
        n += text.count("\n", counted, start)
        counted = start
        found = m.lastindex  # the outermost group that matched
        if found == item_group:
            out.append((n, m))
            pos = m.end()
        elif found == stop:
            return None
        else:  # "`" or "~" at the margin
            end = text.find("\n", start + 1)
            if end < 0:
                end = len(text)
            opened = _fence(text[start + 1 : end], text[start + 1], in_text=True)
            if opened is _UNPLAIN:
                return None
            if opened is None:
                pos = end
                continue
            closed = opened.search(text, end)
            if closed is None:  # open to the end
                return out
            pos = closed.end()
