"""A cold read's parsing, shared with a second process.

The first command in a fresh clone (or after an upgrade) parses every file, and
that is nearly all of its time. On Linux, when many files must be parsed, a
forked child parses the second half of them while this process parses the
first half, and hands back what each gave as the reading index would keep it
(:mod:`mentorlog.store.index_codec` payloads, in one marshal blob through a
pipe). Nothing is trusted that cannot be checked: a file is taken from the
child only if its stat key is the one this process sees, and a file the child
could not give (it failed, was killed, or the file is not one the index can
keep) is parsed here as if there were no child. The answers are the same
either way; tests compare them.
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Callable
from typing import Any

#: Fewer files than this to parse are parsed here alone (a fork costs about a
#: millisecond; parsing a file about half of one).
MIN_FILES = 48

#: ``(shown, path, stat key)`` of a file to parse.
Job = tuple[str, str, tuple[int, int, int, int]]


class Ahead:
    """The files a child process is parsing, and what it gave."""

    def __init__(self, pid: int, fd: int, jobs: list[Job], buffer: int = -1):
        self.pid = pid
        self.fd = fd  # the pipe: the child's answer, or its length when in ``buffer``
        self.buffer = buffer  # a memory file the child writes its answer to (-1: none)
        self.keys = {shown: key for shown, _, key in jobs}
        self.given: dict[str, Any] | None = None

    def __contains__(self, shown: str) -> bool:
        return shown in self.keys

    def take(self, shown: str, key: tuple[int, int, int, int]) -> Any:
        """The payload the child made of ``shown`` if its stat key is still ``key``,
        else None (parse it here)."""
        if self.keys.get(shown) != key:
            return None
        if self.given is None:
            self.given = self._collect()
        return self.given.get(shown)

    def _collect(self) -> dict[str, Any]:
        chunks = []
        try:
            while True:
                chunk = os.read(self.fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            data = b"".join(chunks)
            if self.buffer >= 0:  # the pipe said how long the answer is
                size = int.from_bytes(data, "big") if len(data) == 8 else -1
                data = os.pread(self.buffer, size, 0) if size > 0 else b""
                if len(data) != size:
                    data = b""
        except OSError:
            data = b""
        self.close()
        try:
            given = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return {}  # a child that died half-way: everything is parsed here
        return given if isinstance(given, dict) else {}

    def close(self) -> None:
        """Stop waiting for the child (it is done, or it is told to end) and reap it."""
        if self.fd < 0:
            return
        os.close(self.fd)  # a child still writing gets EPIPE and ends
        self.fd = -1
        try:
            os.waitpid(self.pid, 0)
        except (OSError, ChildProcessError):
            pass
        if self.buffer >= 0:
            os.close(self.buffer)
            self.buffer = -1


def _memory_file() -> int:
    """A file in memory for the child's answer (a pipe hands a megabyte over in 64 KiB
    turns between the two processes, three times slower), or -1 where there is none."""
    try:
        return os.memfd_create("mentorlog-parse", os.MFD_CLOEXEC)
    except (AttributeError, OSError):
        return -1


def start(jobs: list[Job], make: Callable[[str, str], Any]) -> Ahead | None:
    """Fork a child that sends back ``make(shown, path)`` of each job whose file's stat
    key stays the job's while it is read (None where it does not, or ``make`` fails);
    None when no child is worth starting or can be."""
    if len(jobs) < MIN_FILES or sys.platform != "linux" or not hasattr(os, "fork"):
        return None
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    buffer = _memory_file()
    try:
        pid = os.fork()
    except OSError:
        for fd in (read_end, write_end, buffer):
            if fd >= 0:
                os.close(fd)
        return None
    if pid == 0:  # the child: parse, send, and leave without running anything else
        code = 1
        try:
            os.close(read_end)
            out: dict[str, Any] = {}
            for shown, path, key in jobs:
                try:
                    payload = make(shown, path)
                    info = os.lstat(path)
                    same = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino) == key
                except Exception:
                    payload, same = None, False
                out[shown] = payload if same else None
            data = marshal.dumps(out)
            if buffer >= 0:
                _write_all(buffer, data)
                data = len(data).to_bytes(8, "big")
            _write_all(write_end, data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return Ahead(pid, read_end, jobs, buffer)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
