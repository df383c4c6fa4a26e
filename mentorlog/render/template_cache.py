"""The shipped templates' compiled code, kept between runs (Jinja's bytecode cache).

Compiling the three templates of a new meeting took longer than rendering them.
Jinja keys each entry on the template's name and file, and checks the checksum
of its source; the folder's name adds what else the code depends on: the
versions of mentorlog, Jinja and Python, and the size and time of the file that
sets the environment's options (:mod:`mentorlog.render.templates`). Only the
environment without the user's overrides uses it: overrides compile differently,
under limits. An entry that cannot be
read, or was made from other source, is compiled again; entries are written
atomically, and none is written when the cache folder cannot be. The folder of
an earlier version is removed when a new one is made.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

#: What every entry starts with, before the source's checksum and the code
HEADER = b"mentorlog jinja code\n"


def code_cache(options: str) -> Any:
    """A ``jinja2.BytecodeCache`` in mentorlog's cache folder for an environment whose
    options are set in the file ``options``; None when there is no cache folder or
    ``MENTORLOG_NO_CACHE`` is set."""
    import sys
    import zlib

    import jinja2

    from mentorlog import __version__
    from mentorlog.store.index import cache_folder

    if os.environ.get("MENTORLOG_NO_CACHE", "") not in ("", "0"):
        return None
    folder = cache_folder()
    if folder is None:
        return None
    try:
        info = os.stat(options)
    except OSError:
        return None
    key = repr(
        (__version__, jinja2.__version__, sys.version_info[:2], info.st_size, info.st_mtime_ns)
    )
    where = folder / f"templates-{zlib.crc32(key.encode('utf-8', 'surrogateescape')):08x}"

    class CodeCache(jinja2.BytecodeCache):
        """Each entry: :data:`HEADER`, the source's checksum and a newline, the code."""

        def load_bytecode(self, bucket: Any) -> None:
            bucket.code = read_entry(where / bucket.key, bucket.checksum)

        def dump_bytecode(self, bucket: Any) -> None:
            if bucket.code is not None:
                write_entry(where / bucket.key, bucket.checksum, bucket.code)

    return CodeCache()


def read_entry(path: Path, checksum: str) -> Any:
    """The code kept at ``path`` for the source of ``checksum``, or None."""
    import marshal
    import types

    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = HEADER + checksum.encode("ascii") + b"\n"
    if not data.startswith(head):
        return None  # another source's, or not an entry
    try:
        code = marshal.loads(data[len(head) :])
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, types.CodeType) else None


def write_entry(path: Path, checksum: str, code: Any) -> None:
    """Keep ``code`` at ``path`` (atomically); nothing when it cannot be written."""
    import marshal
    import tempfile

    data = HEADER + checksum.encode("ascii") + b"\n" + marshal.dumps(code)
    try:
        if not path.parent.is_dir():
            path.parent.mkdir(mode=0o700, parents=True)
            _prune(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        return


def _prune(keep: Path) -> None:
    """Remove the folders of other versions (``templates-*`` beside ``keep``)."""
    import shutil

    for other in keep.parent.glob("templates-*"):
        if other != keep and other.is_dir() and not other.is_symlink():
            shutil.rmtree(other, ignore_errors=True)
