"""What mentorlog refuses to read or write: links, files that are not regular files,
files too large, and files holding merge conflict markers.

mentorlog never reads or writes through a symbolic link inside the repository,
and reads regular files only (:func:`read_regular` never waits on a named pipe
or a device); :func:`read_text` reads a file's text that way, all a read
needs of the disk. Only the standard library is imported here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mentorlog.errors import BadFile

MAX_FILE_BYTES = 5 * 1024 * 1024
CONFLICT_MARKERS = (b"<<<<<<< ", b">>>>>>> ")


def link_in(root: Path, rel: str | Path) -> str | None:
    """The first part of ``rel`` (below ``root``) that is a symbolic link, as a
    root-relative path; None when there is none (missing parts are no links)."""
    here = root
    parts = Path(rel).parts
    for n, part in enumerate(parts):
        here = here / part
        try:
            mode = os.lstat(here).st_mode
        except OSError:
            return None
        if stat.S_ISLNK(mode):
            return Path(*parts[: n + 1]).as_posix()
    return None


def refuse_path(root: Path, rel: str | Path) -> str | None:
    """Why mentorlog will not read or write ``root/rel``, or None.

    A symbolic link anywhere on the way (the file itself or a folder above it)
    is refused: what it leads to could be private text that would end up in a
    review or a commit. An existing file that is not a regular file (a folder,
    a named pipe, a device) is refused too.
    """
    link = link_in(root, rel)
    if link is not None:
        what = "is" if Path(link) == Path(rel) else f"is inside {link}, which is"
        return (
            f"{what} a symbolic link; mentorlog never reads or writes through links "
            "(replace it with the file itself)"
        )
    try:
        mode = os.lstat(root / rel).st_mode
    except OSError:
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(mode):
        return "is not a regular file (a named pipe or a device?); mentorlog reads only files"
    return None


def read_regular(path: Path | str, shown: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, never following a link in its last part and never
    waiting on a named pipe or a device: BadFile otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if os.path.islink(path):
            raise BadFile(
                "is a symbolic link; mentorlog never reads through links", path=shown, line=1
            ) from None
        raise BadFile(f"cannot read: {exc.strerror or exc}", path=shown) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "a named pipe or a device"
            raise BadFile(
                f"is {what}, not a regular file; mentorlog reads only files", path=shown, line=1
            )
        if info.st_size > limit:
            raise BadFile(
                f"file too large ({info.st_size // 1024} KiB; the limit is "
                f"{limit // 1024 // 1024} MiB)",
                path=shown,
                line=1,
            )
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise BadFile(
                    f"file too large (the limit is {limit // 1024 // 1024} MiB)",
                    path=shown,
                    line=1,
                )
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise BadFile(f"cannot read: {exc.strerror or exc}", path=shown) from None
    finally:
        os.close(fd)


def conflict_marker_line(data: bytes) -> int | None:
    """The 1-based line of a left-over merge conflict marker, if any."""
    if b"<<<<<<<" not in data and b">>>>>>>" not in data:
        return None
    for n, line in enumerate(data.splitlines(), start=1):
        if line.startswith(CONFLICT_MARKERS) or line in (b"<<<<<<<", b">>>>>>>"):
            return n
    return None


def read_text(path: Path | str, shown: str | None = None) -> str:
    """A file's text: UTF-8 (a BOM is dropped); BadFile if it is not text."""
    shown = shown or str(path)
    data = read_regular(path, shown, MAX_FILE_BYTES)  # never a link, a pipe or a device
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadFile("not UTF-8 text", path=shown, line=1) from None
    if "\x00" in text:  # decodes, but is no text file
        raise BadFile("not UTF-8 text (binary file)", path=shown, line=1)
    return text[1:] if text.startswith("\ufeff") else text
