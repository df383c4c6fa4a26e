"""Drafts of a new partnership's files (``init``): agreement.md, roadmap.md, its
folders and .gitignore.

Pure, as :mod:`mentorlog.rules.scaffold` (apart from it, so that ``new-meeting``
does not build these classes at each start).
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from mentorlog.rules import documents
from mentorlog.rules.scaffold import Draft, agreement_context
from mentorlog.text import frontmatter as frontmatter_text

DEFAULT_CONFIDENTIALITY = (
    "What we discuss stays between the two of us unless we both agree otherwise."
)
GITIGNORE_LINE = "private/"
#: Pages `mentorlog report` and `review --html` write at the root: made from the files,
#: never committed.
REPORT_IGNORE_LINES = ("report.html", "review-*.html")
REPORT_IGNORE_COMMENT = "# mentorlog: pages made from the files (report, review --html)"
#: .gitignore's bytes (None: no file) -> its new bytes, or None when they can stay.
GitignoreUpdate = Callable[[bytes | None], bytes | None]
#: The folders of a partnership, made by ``init``.
FOLDERS = ("goals", "meetings", "reviews", "private")


def new_id(length: int = 6) -> str:
    import secrets  # brings hashlib and OpenSSL along: only init needs it

    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


@dataclass
class InitValues:
    mentee: str
    mentor: str
    start: dt.date
    end: dt.date
    cadence: str = "biweekly"
    time: str = "17:30"
    duration: int = 60
    timezone: str = "UTC"
    location: str = ""
    initiator: str = "mentee"
    contact: str = ""
    supervisor: str = ""
    id: str = ""

    def front_matter(self) -> dict[str, Any]:
        return {
            "id": self.id or new_id(),
            "mentee": self.mentee,
            "mentor": self.mentor,
            "start": self.start,
            "end": self.end,
            "cadence": self.cadence,
            "time": self.time,
            "duration": self.duration,
            "timezone": self.timezone,
            "location": self.location,
            "initiator": self.initiator,
            "contact": self.contact,
            "supervisor": self.supervisor,
            "confidentiality": DEFAULT_CONFIDENTIALITY,
            "no_fault_termination": True,
        }


@dataclass
class InitPlan:
    """What ``init`` writes: agreement.md and roadmap.md (roadmap.md only where there is
    none), the folders :data:`FOLDERS`, and .gitignore (:func:`gitignore_with_private`)."""

    agreement: str
    roadmap: str


def draft_init(values: InitValues, prep: SimpleNamespace | None = None) -> tuple[Draft, Draft]:
    """The drafts of agreement.md and roadmap.md for ``init``.

    ``prep``: what prep.md says for the agreement (``goals``, ``feedback``).
    The agreement is read back exactly as every later command will read it, so a
    value it cannot hold (an unknown time zone) is refused (BadFile) here.
    """
    meta = values.front_matter()
    text = frontmatter_text.dump(meta)
    agreement = documents.parse_agreement(text + "\n")
    ctx = agreement_context(agreement)
    prep = prep or SimpleNamespace(goals=[], feedback="")
    return Draft(text, "agreement.md", {"a": ctx, "prep": prep}), Draft(
        "", "roadmap.md", {"a": ctx}
    )


def gitignore_with_private(data: bytes | None) -> bytes | None:
    """.gitignore's new bytes so that it keeps private/ out of git (a new file also
    keeps the report pages out); None when it does already. ``data``: the file's
    bytes, None when there is none."""
    if data is None:
        report = "".join(f"{line}\n" for line in (REPORT_IGNORE_COMMENT, *REPORT_IGNORE_LINES))
        return f"# mentorlog: never share what is private\n{GITIGNORE_LINE}\n{report}".encode()
    lines = [ln.strip() for ln in data.decode("utf-8", "replace").splitlines()]
    if any(ln in ("private/", "/private/", "private", "/private") for ln in lines):
        return None
    return _appended(data, [GITIGNORE_LINE])


def gitignore_with_report(data: bytes | None) -> bytes | None:
    """.gitignore's new bytes so that it keeps the report pages out of git (a
    repository made before they existed); None when it does already."""
    data = data or b""
    lines = {ln.strip() for ln in data.decode("utf-8", "replace").splitlines()}
    missing = [ln for ln in REPORT_IGNORE_LINES if ln not in lines and f"/{ln}" not in lines]
    if not missing:
        return None
    return _appended(data, [REPORT_IGNORE_COMMENT, *missing])


def _appended(data: bytes, lines: list[str]) -> bytes:
    """``data`` with ``lines`` added at its end, in the file's own line ending."""
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    sep = b"" if not data or data.endswith(b"\n") else newline
    return data + sep + b"".join(ln.encode() + newline for ln in lines)
