"""Rewriting a whole file that mentorlog edits as text (a review, roadmap.md, prospects.md).

One job: read the file's bytes with its text, then write the new text in its
place only if the bytes are still those read, keeping a UTF-8 byte-order mark
the file starts with; a file that does not exist yet is created.
"""

from __future__ import annotations

from pathlib import Path

from mentorlog.store.files import read_bytes, replace_bytes, write_new
from mentorlog.store.refusals import read_text

BOM = b"\xef\xbb\xbf"


def read(path: Path, shown: str) -> tuple[bytes, str]:
    """``(the bytes, the text)`` of an existing file (the text without its BOM)."""
    text = read_text(path, shown)
    return read_bytes(path, shown), text


def write(path: Path, original: bytes | None, text: str, shown: str) -> bool:
    """Write ``text`` to ``path``: created when ``original`` is None, else in place of
    ``original`` (FileChanged if the file no longer holds it), with its BOM if it had
    one. Returns whether the bytes on disk change."""
    if original is None:
        write_new(path, text, shown)
        return True
    new = (BOM if original.startswith(BOM) else b"") + text.encode("utf-8")
    replace_bytes(path, original, new, shown)
    return new != original
