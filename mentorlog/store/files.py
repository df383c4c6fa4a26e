"""Atomic, byte-faithful file I/O: read a file's text or bytes, write files atomically.

Writing never clobbers a file that changed since it was read (FileChanged), never
overwrites a file that must be new (RefuseOverwrite), and writes several files
all or nothing. Item edits change only the lines they mean to.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from mentorlog.errors import BadFile, FileChanged, RefuseOverwrite
from mentorlog.rules.documents import parse_goal, parse_meeting
from mentorlog.store import intent
from mentorlog.store.durable import write_durably
from mentorlog.store.refusals import MAX_FILE_BYTES, read_regular, read_text
from mentorlog.text import item_edits
from mentorlog.text import items as itemsmod


def read_bytes(path: Path, shown: str) -> bytes:
    """A regular file's bytes (never through a link, never a pipe): BadFile otherwise."""
    return read_regular(path, shown, MAX_FILE_BYTES)


def atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write via a temporary file in the same folder, then rename over.

    The file keeps its permissions (a new one gets the umask's), unless ``mode``
    is given. A write the system refuses (a folder in the way, no permission, a full disk)
    is a BadFile naming the path; the file keeps what it held.
    """
    recorded = intent.before_write([(path, data)])  # checks; the command's intent record
    try:
        write_durably(path, data, mode)
        if recorded:
            intent.step(f"wrote {path.name}")
    except OSError as exc:
        folder = next((f for f in path.parents if f.exists() or f.is_symlink()), None)
        if folder is not None and not folder.is_dir():
            raise BadFile(
                f"is a file, not a folder, so {path.name} cannot be written in it", path=folder
            ) from None
        raise BadFile(
            f"cannot write: {exc.strerror or exc}; the file keeps what it held", path=path
        ) from None


def changed_on_disk(shown: str, line: int | None = None) -> FileChanged:
    """The refusal for a file that changed since it was read (at ``line``: an item's line)."""
    what = " (the item is no longer on this line)" if line is not None else ""
    return FileChanged(
        f"changed on disk while mentorlog was working{what}; nothing written, "
        "run the command again",
        path=shown,
        line=line,
    )


def write_new(path: Path, text: str, shown: str | None = None) -> None:
    """Create a file that must not exist yet (RefuseOverwrite otherwise)."""
    if path.exists():
        raise RefuseOverwrite(
            f"{shown or path} exists already; mentorlog never overwrites it "
            "(edit it, or remove it first)"
        )
    atomic_write(path, text.encode("utf-8"))


def replace_bytes(path: Path, expected: bytes, new: bytes, shown: str | None = None) -> None:
    """Replace a file's content, but only if it still holds ``expected``."""
    current = read_regular(path, shown or str(path))
    if current != expected:
        raise changed_on_disk(shown or str(path))
    if new != current:
        atomic_write(path, new)


# ------------------------------------------------------------ item edits


def plan_line_edits(
    root: Path, edits: Mapping[str, Sequence[item_edits.LineEdit]], owners: dict[str, str]
) -> list[tuple[Path, bytes, bytes, str]]:
    """Read each file, check it, apply its edits in memory: ``(path, old, new, shown)``.

    Refuses (BadFile) a file that cannot be parsed as a meeting or goal, and
    (FileChanged) one whose item lines no longer hold the items that were
    loaded. Files whose bytes would not change are left out.
    """
    out: list[tuple[Path, bytes, bytes, str]] = []
    for shown, file_edits in edits.items():
        path = root / shown
        text = read_text(path, shown)
        try:
            parse_file(text, shown, owners)
        except BadFile as exc:
            raise BadFile(
                f"cannot be parsed ({exc.message}); fix it first, nothing was written",
                path=exc.path,
                line=exc.line,
            ) from None
        old = read_bytes(path, shown)
        if old.decode("utf-8", "replace").removeprefix("\ufeff") != text:
            raise changed_on_disk(shown)
        lines = itemsmod.split_lines(text)
        for edit in file_edits:
            found = lines[edit.line - 1] if 1 <= edit.line <= len(lines) else None
            current = itemsmod.parse_line(found) if found is not None else None
            if current is None or current.text != edit.expect:
                raise changed_on_disk(shown, edit.line)
        new = item_edits.edit_lines_bytes(old, [(edit.line, edit.change) for edit in file_edits])
        if new != old:
            out.append((path, old, new, shown))
    return out


def parse_file(text: str, shown: str, owners: dict[str, str]) -> None:
    """Parse a meeting or goal file only to see that it can be (BadFile otherwise)."""
    if shown.startswith("meetings/"):
        parse_meeting(text, shown, owners)
    elif shown.startswith("goals/"):
        parse_goal(text, shown, owners)


def replace_many(changes: Sequence[tuple[Path, bytes, bytes, str]]) -> list[Path]:
    """Write several files all or nothing: ``(path, expected, new, shown)`` each.

    Every file is checked to still hold ``expected`` before any is written
    (FileChanged otherwise); if a write fails, the files already written are
    put back. Returns the paths written.
    """
    for path, expected, _new, shown in changes:
        current = read_regular(path, shown)
        if current != expected:
            raise changed_on_disk(shown)
    intent.before_write([(path, new) for path, _e, new, _s in changes])
    done: list[tuple[Path, bytes]] = []
    try:
        for path, expected, new, _shown in changes:
            atomic_write(path, new)
            done.append((path, expected))
    except BaseException:
        for path, expected in reversed(done):
            with contextlib.suppress(OSError):
                atomic_write(path, expected)
        raise
    return [path for path, _e, _n, _s in changes]


def mentions(path: Path, needle: str) -> bool:
    """Whether a file's bytes hold ``needle`` as a word (for files that cannot be parsed)."""
    try:
        data = read_regular(path, str(path))  # a named pipe is never waited on
    except BadFile:
        return False
    return re.search(rb"(?<!\S)" + re.escape(needle.encode()) + rb"(?!\S)", data) is not None


def write_new_with_edits(
    path: Path, text: str, shown: str, changes: Sequence[tuple[Path, bytes, bytes, str]]
) -> list[Path]:
    """Create ``path`` (never overwriting) and apply ``changes`` (see :func:`replace_many`).

    All or nothing: if the changes cannot be written, the new file is removed;
    killed in between, the next writing command finishes it (mentorlog.store.recovery).
    """
    intent.before_write([(path, text.encode("utf-8"))] + [(p, new) for p, _e, new, _s in changes])
    write_new(path, text, shown)
    try:
        written = replace_many(changes)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return [path, *written]
