"""A cold read's parsing, shared with a second process.

The first command in a fresh clone (or after an upgrade) parses every file, and
that is nearly all of its time. On Linux, when many files must be parsed, a
forked child parses them from the last one back while this process parses from
the first on, until the two meet: each marks a file it takes in a page of memory
they share (one byte a file) and stops at a file the other has marked, so the
work divides itself however fast each process runs, and at most the file they
meet on is read twice. The child hands back what each file gave as the reading
index would keep it (:mod:`mentorlog.store.index_codec` payloads, with the stat
key the file had, in one marshal blob through a file in memory). Nothing is
trusted that cannot be checked: a file is taken from the child only if its stat
key is the one this process sees, and a file the child could not give (it
failed, was killed, or the file is not one the index can keep) is parsed here as
if there were no child. The answers are the same either way; tests compare them.

The child then has a second job it may be given: writing the index (it holds
part of what goes in; it is sent the rest) while this process goes on to the
command's own work. :meth:`Ahead.hand_over` gives it; :meth:`Ahead.wait` says
whether it was done, so that the caller can do it itself otherwise.
"""

from __future__ import annotations

import marshal
import mmap
import os
import stat
import sys
from collections.abc import Callable
from typing import Any

#: Fewer files than this to parse are parsed here alone (a fork costs about a
#: millisecond; parsing a file about a quarter of one).
MIN_FILES = 48

#: ``(shown, path)`` of a file to parse.
Job = tuple[str, str]

#: A stat key: size, mtime_ns, ctime_ns, inode (as :func:`mentorlog.store.index.stat_key`).
Key = tuple[int, int, int, int]

#: Who took a file, in the page the two processes share (0: nobody yet).
HERE, THERE = 1, 2

#: What the child does with what it is handed over: ``after(sent, given)``, where
#: ``given`` is what it sent back (``shown -> payload``).
After = Callable[[bytes, dict[str, Any]], None]


class Ahead:
    """The files a child process is parsing, and what it gave."""

    def __init__(
        self,
        pid: int,
        fd: int,
        jobs: list[Job],
        taken: mmap.mmap,
        buffer: int = -1,
        order: int = -1,
    ):
        self.pid = pid
        self.fd = fd  # the pipe: the child's answer, or its length when in ``buffer``
        self.buffer = buffer  # a memory file for the answer, and for a second job (-1: none)
        self.order = order  # the pipe the second job's length goes through (-1: none)
        self.at = {shown: k for k, (shown, _) in enumerate(jobs)}
        self.taken = taken  # one byte a job: who took it (HERE, THERE or 0)
        self.met = False  # this process reached a file the child took: the rest are its
        self.given: dict[str, Any] | None = None
        self.reaped: bool | None = None  # the child's exit was 0 (None: not reaped yet)

    def __contains__(self, shown: str) -> bool:
        return shown in self.at

    def claim(self, shown: str) -> bool:
        """Whether this process parses ``shown`` itself: yes for a file the child was not
        given, or has not reached (it never will now); no for one it took, and for
        every file after the first it took (:meth:`take` them)."""
        k = self.at.get(shown)
        if k is None:
            return True
        if not self.met:
            if not self.taken[k]:
                self.taken[k] = HERE
                return True
            self.met = True
        return False

    def take(self, shown: str, key: Key) -> Any:
        """The payload the child made of ``shown`` if the file's stat key then was
        ``key`` (as it is here now), else None (parse it here)."""
        if self.given is None:
            self.given = self._collect()
        found = self.given.get(shown)
        if type(found) is not tuple or len(found) != 2 or tuple(found[0]) != key:
            return None
        return found[1]

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
        os.close(self.fd)
        self.fd = -1
        try:
            given = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            self.close()
            return {}  # a child that died half-way: everything is parsed here
        return given if isinstance(given, dict) else {}

    def hand_over(self, data: bytes) -> bool:
        """Give the child its second job, ``data`` for ``after`` (see :func:`start`),
        once it has answered; False when it cannot take it (then do the job here)."""
        if self.order < 0 or self.buffer < 0 or self.given is None or self.reaped is not None:
            return False
        try:
            os.ftruncate(self.buffer, 0)
            view, at = memoryview(data), 0
            while at < len(view):
                at += os.pwrite(self.buffer, view[at:], at)
            _write_all(self.order, len(data).to_bytes(8, "big"))
        except OSError:
            return False
        os.close(self.order)
        self.order = -1
        return True

    def wait(self) -> bool:
        """Reap the child (closing what is still open) and say whether it ended well:
        after :meth:`hand_over`, whether it did its second job."""
        if self.reaped is None:
            for name in ("order", "fd"):  # a child still waiting or writing ends now
                fd = getattr(self, name)
                if fd >= 0:
                    os.close(fd)
                    setattr(self, name, -1)
            try:
                _, status = os.waitpid(self.pid, 0)
                self.reaped = os.waitstatus_to_exitcode(status) == 0
            except (OSError, ChildProcessError):
                self.reaped = False
            if self.buffer >= 0:
                os.close(self.buffer)
                self.buffer = -1
        return self.reaped

    def close(self) -> None:
        """Tell the child it has nothing more to do, and reap it."""
        self.wait()


def _memory_file() -> int:
    """A file in memory for the child's answer (a pipe hands a megabyte over in 64 KiB
    turns between the two processes, three times slower), or -1 where there is none."""
    try:
        return os.memfd_create("mentorlog-parse", os.MFD_CLOEXEC)
    except (AttributeError, OSError):
        return -1


def _alone() -> bool:
    """Whether this process runs no other thread: forking one that does is unsafe (a
    lock another thread holds stays held in the child), so a program with threads
    parses everything itself."""
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def start(
    jobs: list[Job], make: Callable[[str, str], Any], after: After | None = None
) -> Ahead | None:
    """Fork a child that parses the jobs from the last back until it reaches one this
    process took (:meth:`Ahead.claim`), and sends back ``make(shown, path)`` with the
    file's stat key of each whose stat key stayed the same while it was read (and
    ``make`` did not fail), then, when handed a second job, runs ``after`` on it;
    None when no child is worth starting or can be."""
    if len(jobs) < MIN_FILES or sys.platform != "linux" or not hasattr(os, "fork"):
        return None
    if not _alone():
        return None
    try:
        taken = mmap.mmap(-1, len(jobs))  # anonymous and shared: the child sees its marks
    except (OSError, ValueError):
        return None
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    buffer = _memory_file()
    order_read, order = os.pipe() if after is not None and buffer >= 0 else (-1, -1)
    try:
        pid = os.fork()
    except OSError:
        for fd in (read_end, write_end, buffer, order_read, order):
            if fd >= 0:
                os.close(fd)
        return None
    if pid == 0:  # the child: parse, send, and leave without running anything else
        code = 1
        try:
            os.close(read_end)
            if order >= 0:
                os.close(order)
            out: dict[str, Any] = {}
            for k in range(len(jobs) - 1, -1, -1):  # from the last back, to the parent's
                if taken[k]:
                    break
                taken[k] = THERE
                shown, path = jobs[k]
                try:
                    info = os.lstat(path)
                    if not stat.S_ISREG(info.st_mode):
                        continue  # (a link, a pipe...: the parent reads it its careful way)
                    key = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
                    payload = make(shown, path)
                    info = os.lstat(path)
                    if (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino) == key:
                        out[shown] = (key, payload)  # (changed while read: not given)
                except Exception:
                    pass  # not given: parsed by the parent
            data = marshal.dumps(out)
            if buffer >= 0:
                _write_all(buffer, data)
                data = len(data).to_bytes(8, "big")
            _write_all(write_end, data)
            os.close(write_end)  # the answer is complete
            code = 0
            if after is not None and order_read >= 0:
                code = 1  # (should the job fail)
                code = _second_job(order_read, buffer, after, out)
        finally:
            os._exit(code)
    os.close(write_end)
    if order_read >= 0:
        os.close(order_read)
    return Ahead(pid, read_end, jobs, taken, buffer, order)


def _second_job(order: int, buffer: int, after: After, given: dict[str, Any]) -> int:
    """(In the child.) Wait to be handed a job, or told there is none (the pipe closes),
    and do it: 0 when done or there was none, 1 when it failed."""
    said = b""
    while chunk := os.read(order, 8):
        said += chunk
    if not said:
        return 0
    size = int.from_bytes(said, "big") if len(said) == 8 else -1
    data = os.pread(buffer, size, 0) if size > 0 else b""
    if len(data) != size:
        return 1
    after(data, {shown: payload for shown, (_, payload) in given.items()})
    return 0


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
