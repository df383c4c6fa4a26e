"""The check-in answers of a meeting: pure text parsing, no I/O.

In a meeting's "Check-in" section (a heading whose text is "Check-in", at any
level) each question stands on its own line: a ``###`` heading (any level), a
list item, or a list item whose question is in bold (``- **Question?** answer``).
Its answer is the text after it up to the next question or heading. HTML
comments are not answers; empty answers are left out. A file without the
section simply has no answers.
"""

from __future__ import annotations

import re

from mentorlog.model import CHECKIN_QUESTIONS
from mentorlog.text.items import split_lines


class _Patterns:
    """The patterns, compiled when the first check-in is read (most commands read none)."""

    def __init__(self) -> None:
        self.heading = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
        self.list = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$")
        self.bold = re.compile(r"^(\*\*|__)(.+?)\1[ \t]*[:\u2013\u2014-]?[ \t]*(.*)$")
        self.fence = re.compile(r"^[ \t]{0,3}(```|~~~)")
        self.comment = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


_COMPILED: list[_Patterns] = []


def _patterns() -> _Patterns:
    if not _COMPILED:
        _COMPILED.append(_Patterns())
    return _COMPILED[0]


def normalize(text: str) -> str:
    """How questions are compared: case, markup, spaces and final punctuation do not matter."""
    words = " ".join(re.sub(r"[*_`]", "", text).split()).casefold()
    return words.rstrip(" ?:.!")


QUESTION_KEYS = {normalize(q): q for q in CHECKIN_QUESTIONS}


def strip_comments(text: str) -> str:
    """Remove HTML comments, keeping the line breaks inside them (line numbers hold)."""
    return _patterns().comment.sub(lambda m: "\n" * len(split_lines(m.group(0))[1:]), text)


def _question(line: str) -> tuple[str, str] | None:
    """``(question, rest of the line)`` when ``line`` asks a check-in question."""
    p = _patterns()
    heading = p.heading.match(line)
    if heading:
        q = QUESTION_KEYS.get(normalize(heading.group(2) or ""))
        return (q, "") if q else None
    item = p.list.match(line)
    text = item.group(1).strip() if item else line.strip()
    if not item and not p.bold.match(text):
        return None
    q = QUESTION_KEYS.get(normalize(text))
    if q:
        return q, ""
    bold = p.bold.match(text)
    if bold:
        q = QUESTION_KEYS.get(normalize(bold.group(2)))
        if q:
            return q, bold.group(3).strip()
    return None


def _dedent(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    body = [line for line in lines if line.strip()]
    if not body:
        return []
    width = min(len(line) - len(line.lstrip()) for line in body)
    return [line[width:] for line in lines]


def parse_checkin(body: str) -> list[tuple[str, str]]:
    """``(question, answer)`` pairs of a meeting body, in file order; answers are non-empty.

    Questions are the wording of :data:`CHECKIN_QUESTIONS`; an answer is the
    text as written (indentation shared by all its lines removed, comments
    removed, line endings as ``\\n``).
    """
    lines = split_lines(strip_comments(body))
    fence_re, heading_re = _patterns().fence, _patterns().heading
    out: list[tuple[str, str]] = []
    section_level = 0  # 0: outside the Check-in section
    current: str | None = None
    answer: list[str] = []
    in_fence = False

    def flush() -> None:
        nonlocal current, answer
        if current is not None:
            text = "\n".join(_dedent(answer))
            if text.strip():
                out.append((current, text))
        current, answer = None, []

    for line in lines:
        if fence_re.match(line):
            in_fence = not in_fence
        if in_fence or fence_re.match(line):
            if section_level and current is not None:
                answer.append(line)
            continue
        heading = heading_re.match(line)
        if not section_level:
            if heading and normalize(heading.group(2) or "").replace(" ", "") in (
                "check-in",
                "checkin",
            ):
                section_level = len(heading.group(1))
            continue
        asked = _question(line)
        if asked:
            flush()
            current, first = asked
            answer = [first] if first else []
            continue
        if heading:
            flush()
            if len(heading.group(1)) <= section_level:
                section_level = 0
                if normalize(heading.group(2) or "").replace(" ", "") in ("check-in", "checkin"):
                    section_level = len(heading.group(1))
            continue
        if current is not None:
            answer.append(line)
    flush()
    return out
