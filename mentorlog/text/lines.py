"""Lines of hand-edited Markdown files: with their endings, the line ending in use,
the lines outside comments and fenced code, text without emphasis markers.

Pure text; every part of a file is kept, so edits made line by line give the
other bytes back as they were.
"""

from __future__ import annotations

import re

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def lines_keepends(text: str) -> list[str]:
    """Lines with their endings (CRLF, CR or LF); joining them gives ``text`` back."""
    return _LINE_RE.findall(text)


def newline_of(text: str) -> str:
    """The first line ending in ``text`` (LF when it has none)."""
    m = re.search(r"\r\n|\r|\n", text)
    return m.group(0) if m else "\n"


def strip_end(line: str) -> tuple[str, str]:
    """``(content, ending)`` of a line of :func:`lines_keepends`."""
    content = line.rstrip("\r\n")
    return content, line[len(content) :]


def visible_lines(text: str) -> list[tuple[int, str]]:
    """(0-based index, content) of the lines outside HTML comments and fenced code."""
    out: list[tuple[int, str]] = []
    in_comment = False
    fence: str | None = None
    for n, line in enumerate(lines_keepends(text)):
        content, _ = strip_end(line)
        stripped = content.strip()
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            continue
        if in_comment:
            if "-->" in content:
                in_comment = False
                rest = content.split("-->", 1)[1]
                if rest.strip():
                    out.append((n, rest))
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            continue
        # drop comments that open and close on this line; note one left open
        content = re.sub(r"<!--.*?-->", "", content)
        if "<!--" in content:
            content, _ = content.split("<!--", 1)
            in_comment = True
        out.append((n, content))
    return out


def plain(text: str) -> str:
    """Text without emphasis markers and runs of spaces."""
    text = re.sub(r"(\*\*|__)", "", text)
    return " ".join(text.split())
