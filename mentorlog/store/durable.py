"""Write a file's bytes durably and atomically: a temporary file, fsync, rename.

No checks and no record: :func:`mentorlog.store.files.atomic_write` adds them.
This is the bottom of the writing stack, so the safety module (which records
what a command writes) can use it too. The temporary file is made as
``tempfile.mkstemp`` makes one (a new file only this user may read, never
through a link), without importing tempfile, which brings ``shutil``, ``random``
and the compression modules along.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

#: How often a temporary name is drawn before giving up (each is 32 random bits).
ATTEMPTS = 100


def write_durably(path: Path, data: bytes, mode: int | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        with contextlib.suppress(FileNotFoundError):
            mode = path.stat().st_mode & 0o7777
    fd, tmp = temporary(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def temporary(path: Path) -> tuple[int, str]:
    """A new, empty file beside ``path`` (``.NAME.XXXXXXXX.tmp``, mode 0600), open for
    writing: its descriptor and name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(ATTEMPTS):
        tmp = os.path.join(path.parent, f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(path.parent))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
