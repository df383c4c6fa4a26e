"""The index's files on disk: their header and checksum, written whole or not at all,
and pruned when their repository is gone.

An index file (and each answer kept beside it, :class:`mentorlog.store.index.Kept`)
is ``MAGIC``, the length and the path of its repository, a CRC-32 of the body,
then the body (marshal). A reader checks each part and that the file is its
user's; a writer writes a private temporary file and renames it into place.
"""

from __future__ import annotations

import marshal
import os
import stat
import time
import zlib
from pathlib import Path
from typing import Any

MAGIC = b"mentorlog-index\x00"
#: The most bytes of an index file that name its repository (see :func:`read_header`).
HEADER_MAX = 4096
PREFIX = "index-"
SUFFIX = ".bin"


def now_ns() -> int:
    """The clock the racy check compares file times with (tests move it on)."""
    return time.time_ns()


def write(path: Path, root: str, body: bytes) -> None:
    head = root.encode("utf-8", "surrogateescape")
    top = b"".join((MAGIC, len(head).to_bytes(4, "big"), head, zlib.crc32(body).to_bytes(4, "big")))
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _replace(path, top, body)  # (the body is not copied behind the header first: megabytes)


def read_header(data: bytes) -> tuple[str, int] | None:
    """``(repository path, offset of the checksum)`` of an index file's bytes, or None."""
    if not data.startswith(MAGIC):
        return None
    at = len(MAGIC)
    size = int.from_bytes(data[at : at + 4], "big")
    if size > HEADER_MAX or len(data) < at + 4 + size:
        return None
    root = data[at + 4 : at + 4 + size].decode("utf-8", "surrogateescape")
    return root, at + 4 + size


def read_body(path: Path, root: str) -> tuple[Any, ...] | None:
    """What the file at ``path`` holds if it is sound (header, checksum) and ``root``'s."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None  # someone else's file: never read
        chunks = []
        size = info.st_size + 1  # one read, as a rule (a file grown meanwhile: more)
        while chunk := os.read(fd, size):
            chunks.append(chunk)
        data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
    header = read_header(data)
    if header is None or header[0] != root:
        return None
    at = header[1]
    crc, body = data[at : at + 4], memoryview(data)[at + 4 :]  # (no copy of megabytes)
    if zlib.crc32(body).to_bytes(4, "big") != crc:
        return None
    try:
        found = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    return found if isinstance(found, tuple) else None


def _replace(path: Path, *data: bytes) -> None:
    """Write ``path`` whole (the parts of ``data``, one after the other) via a private
    temporary file and a rename (readers see the old
    file or the new one, never a part); no fsync: a cache lost in a crash is rebuilt."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{now_ns()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            for part in data:
                fh.write(part)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def prune(folder: Path, keep: Path | None = None) -> list[Path]:
    """Delete the index files in ``folder`` of repositories that no longer exist (no
    agreement.md where they were), unreadable or foreign ones, and files of older
    caches; returns what was deleted."""
    gone: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return gone
    for name in names:
        path = folder / name
        if keep is not None and path == keep:
            continue
        old_cache = name.startswith("items-") and name.endswith(".json")
        stale_tmp = name.startswith((f".{PREFIX}", ".zones.")) and name.endswith(".tmp")
        if not (old_cache or stale_tmp or (name.startswith(PREFIX) and name.endswith(SUFFIX))):
            continue
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            continue  # never another user's file
        if stale_tmp and info.st_mtime_ns > now_ns() - 60 * 10**9:
            continue  # a write under way; one killed leaves an old file
        if not (old_cache or stale_tmp):
            try:
                with open(path, "rb") as fh:
                    header = read_header(fh.read(len(MAGIC) + 4 + HEADER_MAX))
            except OSError:
                continue
            if header is not None and os.path.isfile(os.path.join(header[0], "agreement.md")):
                continue
        try:
            os.unlink(path)
            gone.append(path)
        except OSError:
            pass
    return gone
