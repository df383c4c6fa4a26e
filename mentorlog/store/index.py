"""The repository index: what each file held when it was last read, keyed by its stat.

Like git's index, one file per repository remembers, for every meeting, goal and
the roadmap, the file's size, mtime, ctime and inode together with what parsing
it gave (as plain tuples, :mod:`mentorlog.store.index_codec`). A later command
stats each file and parses only those whose stat changed; the rest come from one
read of the index. It lives in the user's cache folder (platformdirs), never in
the repository, readable by its user alone.

It is never trusted blindly: a file that is damaged (checksum), of another
mentorlog or Python (version key), of another repository, not owned by the user,
or half written, is ignored and rebuilt; an entry whose file changed within
:data:`RACY_NS` of the moment it was read is not kept ("racily clean" in git's
words: a same-size rewrite within the clock's granularity would keep every stat
field), so it is read again next time. ``MENTORLOG_NO_CACHE=1`` turns it off.
Writing the index also deletes the index files of repositories that no longer exist.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
import time
import zlib
from pathlib import Path
from typing import Any

from mentorlog import __version__

#: Bumped whenever what an entry holds changes shape.
FORMAT = 1
MAGIC = b"mentorlog-index\x00"
#: Files changed this close to a read are read again next time (see the module doc).
RACY_NS = 2_000_000_000
#: The most bytes of an index file that name its repository (see :func:`_header`).
HEADER_MAX = 4096
PREFIX = "index-"
SUFFIX = ".bin"

#: The modules whose code decides what an entry (or a kept answer) holds: when one
#: changes (another version, a development checkout), every index is rebuilt.
_PARSERS = (
    "model/__init__.py",
    "model/names.py",
    "model/records.py",
    "model/schema.py",
    "rules/documents.py",
    "rules/followthrough.py",
    "rules/goals.py",
    "rules/refs.py",
    "rules/schedule.py",
    "rules/task_table.py",
    "store/index.py",
    "store/index_codec.py",
    "store/item_rows.py",
    "store/reading.py",
    "text/digests.py",
    "text/frontmatter_read.py",
    "text/items.py",
    "text/simple_blocks.py",
    "text/simple_yaml.py",
    "text/task_text.py",
)

StatKey = tuple[int, int, int, int]


def now_ns() -> int:
    """The clock the racy check compares file times with (tests move it on)."""
    return time.time_ns()


def cache_folder() -> Path | None:
    """mentorlog's folder in the user's cache folder, or None when there is none.

    The XDG rule, as platformdirs gives it: an absolute ``$XDG_CACHE_HOME``, else
    ``~/.cache``; a relative one is ignored (it would put the index, which holds the
    items' texts, in the current folder, perhaps inside the repository). On Linux
    the rule is followed here, as importing platformdirs costs a tenth of a warm
    command (a test holds both to the same answer); elsewhere platformdirs decides.
    """
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        return _xdg_cache_folder()
    import platformdirs

    try:
        folder = platformdirs.user_cache_dir("mentorlog", appauthor=False)
    except RuntimeError:  # no home folder to be found
        return None
    return Path(folder) if os.path.isabs(folder) else None


def _xdg_cache_folder() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.environ.get("HOME")
        if home is not None and not os.path.isabs(home):
            home = None  # a relative HOME counts as none: the user's entry decides
        if home is None:
            try:
                import pwd

                home = pwd.getpwuid(os.getuid()).pw_dir
            except (ImportError, KeyError):
                return None
        base = os.path.join(home.rstrip("/") or "/", ".cache")
    return Path(base, "mentorlog") if os.path.isabs(base) else None


def stat_key(info: os.stat_result) -> StatKey:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


_VERSION: list[tuple[Any, ...]] = []


def _version_key() -> tuple[Any, ...]:
    if _VERSION:
        return _VERSION[0]
    base = Path(__file__).resolve().parents[1]
    stamps = []
    for name in _PARSERS:
        try:
            info = os.stat(base / name)
            stamps.append((name, info.st_size, info.st_mtime_ns))
        except OSError:
            stamps.append((name, -1, -1))
    _VERSION.append((FORMAT, __version__, sys.version_info[:2], marshal.version, tuple(stamps)))
    return _VERSION[0]


class Index:
    """The entries of one repository: ``relpath -> (stat key, payload)``.

    :meth:`get` answers a payload only for a file whose stat key is unchanged;
    :meth:`put` records a file just read; :meth:`save` writes the entries of the
    files seen by this load (a deleted file's entry goes) when anything changed.
    """

    def __init__(self, root: Path, path: Path | None):
        self.root = str(root)
        self.path = path
        self.started = now_ns()  # before any file is looked at
        self.old: dict[str, tuple[StatKey, Any]] = {}
        self.new: dict[str, tuple[StatKey, Any]] = {}
        self.changed = False
        self.whole = True  # every file read so far has its entry in ``new``

    @classmethod
    def open(cls, root: Path) -> Index:
        """The index of ``root`` (empty when there is none, or none can be used)."""
        if os.environ.get("MENTORLOG_NO_CACHE", "") not in ("", "0"):
            return cls(root, None)
        folder = cache_folder()
        if folder is None:
            return cls(root, None)
        name = zlib.crc32(str(root).encode("utf-8", "surrogateescape"))
        # the name is short; the repository's path inside decides whose index it is
        index = cls(root, folder / f"{PREFIX}{name:08x}{SUFFIX}")
        index.old = _read(index.path, index.root)  # type: ignore[arg-type]
        return index

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def get(self, rel: str, key: StatKey) -> Any:
        """The payload recorded for ``rel`` if its stat key is ``key``, else None."""
        entry = self.old.get(rel)
        try:
            if entry is None or entry[0] != key:
                return None
            payload = entry[1]
        except (TypeError, IndexError, KeyError):  # not an entry this code wrote
            return None
        self.new[rel] = entry
        return payload

    def put(self, rel: str, key: StatKey, payload: Any) -> None:
        """Record what ``rel`` held; not when it changed too recently to be sure of."""
        if self.path is None:
            return
        if payload is None:  # nothing to keep: the file is read again next time
            self.whole = False
            return
        if max(key[1], key[2]) + RACY_NS > self.started:
            self.changed = True  # its old entry, if any, goes
            self.whole = False
            return
        self.new[rel] = (key, payload)
        self.changed = True

    def kept(self) -> Kept | None:
        """Where answers derived from these files are kept (:class:`mentorlog.model.Kept`),
        when every file read has its entry (each file's stat key then names its
        content); None otherwise."""
        if self.path is None or not self.whole:
            return None
        from mentorlog.text.digests import blake2b

        # every file's path and stat key, in the order read (the same for the same files)
        state = "\x00".join(self.new) + repr([entry[0] for entry in self.new.values()])
        return Kept(self, blake2b()(state.encode("utf-8", "surrogateescape")).digest())

    def save(self) -> None:
        """Write the index if anything changed (never an error: it is only a cache)."""
        if self.path is None or not (self.changed or len(self.new) != len(self.old)):
            return
        try:
            body = marshal.dumps((_version_key(), self.root, self.new))
        except ValueError:  # a value marshal cannot write: keep the other entries
            body = marshal.dumps((_version_key(), self.root, _writable(self.new)))
        try:
            _write(self.path, self.root, body)
            prune(self.path.parent, keep=self.path)
        except OSError:
            pass  # a cache that cannot be written is only slower


class Kept:
    """Answers derived from one state of a repository's files (the tasks, say), each in
    a file beside its index (``index-NAME-tasks.bin``) with the same header, checks
    and pruning; an answer kept for another state of the files is never given."""

    def __init__(self, index: Index, state: bytes):
        self.index = index
        self.state = state
        self.known: dict[str, Any] = {}
        self.held = False

    def hold(self) -> None:
        self.held = True

    def _path(self, name: str) -> Path:
        path = self.index.path
        assert path is not None and name.isalpha()
        return path.with_name(f"{path.name[: -len(SUFFIX)]}-{name}{SUFFIX}")

    def get(self, name: str) -> Any:
        if name not in self.known:
            found = _read_body(self._path(name), self.index.root)
            if found is not None and found[:3] == (_version_key(), self.index.root, self.state):
                self.known[name] = found[3]
            else:
                self.known[name] = None
        return self.known[name]

    def put(self, name: str, value: Any) -> None:
        self.known[name] = value
        if self.held:
            return
        try:
            body = marshal.dumps((_version_key(), self.index.root, self.state, value))
            _write(self._path(name), self.index.root, body)
        except (OSError, ValueError):
            pass  # only slower next time


def _write(path: Path, root: str, body: bytes) -> None:
    head = root.encode("utf-8", "surrogateescape")
    data = b"".join(
        (MAGIC, len(head).to_bytes(4, "big"), head, zlib.crc32(body).to_bytes(4, "big"), body)
    )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _replace(path, data)


def _writable(entries: dict[str, tuple[StatKey, Any]]) -> dict[str, tuple[StatKey, Any]]:
    out = {}
    for rel, entry in entries.items():
        try:
            marshal.dumps(entry)
        except ValueError:
            continue
        out[rel] = entry
    return out


def _header(data: bytes) -> tuple[str, int] | None:
    """``(repository path, offset of the checksum)`` of an index file's bytes, or None."""
    if not data.startswith(MAGIC):
        return None
    at = len(MAGIC)
    size = int.from_bytes(data[at : at + 4], "big")
    if size > HEADER_MAX or len(data) < at + 4 + size:
        return None
    root = data[at + 4 : at + 4 + size].decode("utf-8", "surrogateescape")
    return root, at + 4 + size


def _read(path: Path, root: str) -> dict[str, tuple[StatKey, Any]]:
    """The entries of the index file at ``path`` if it is sound and ``root``'s, else {}."""
    found = _read_body(path, root)
    if found is None or len(found) != 3:
        return {}
    version, owner, entries = found
    if version != _version_key() or owner != root or not isinstance(entries, dict):
        return {}
    return entries


def _read_body(path: Path, root: str) -> tuple[Any, ...] | None:
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
    header = _header(data)
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


def _replace(path: Path, data: bytes) -> None:
    """Write ``path`` whole via a private temporary file and a rename (readers see the old
    file or the new one, never a part); no fsync: a cache lost in a crash is rebuilt."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{now_ns()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
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
        stale_tmp = name.startswith(f".{PREFIX}") and name.endswith(".tmp")
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
                    header = _header(fh.read(len(MAGIC) + 4 + HEADER_MAX))
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
