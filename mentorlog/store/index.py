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
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentorlog import __version__
from mentorlog.store.index_file import PREFIX, SUFFIX, now_ns, prune, read_body, write

if TYPE_CHECKING:
    from mentorlog.store import parse_ahead

#: Bumped whenever what an entry holds changes shape.
FORMAT = 1
#: Files changed this close to a read are read again next time (see the module doc).
RACY_NS = 2_000_000_000
#: The modules whose code decides what an entry (or a kept answer) holds: when one
#: changes (another version, a development checkout), every index is rebuilt.
_PARSERS = (
    "model/__init__.py",
    "model/item_rows.py",
    "model/names.py",
    "model/records.py",
    "model/schema.py",
    "rules/documents.py",
    "rules/followthrough.py",
    "rules/goals.py",
    "rules/refs.py",
    "rules/schedule.py",
    "rules/task_rows.py",
    "rules/task_table.py",
    "store/index.py",
    "store/index_codec.py",
    "store/index_file.py",
    "store/zone_cache.py",
    "store/reading.py",
    "text/digests.py",
    "text/frontmatter_read.py",
    "text/items.py",
    "text/simple_blocks.py",
    "text/simple_yaml.py",
    "text/task_text.py",
)

StatKey = tuple[int, int, int, int]


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
        self.theirs: set[str] = set()  # entries whose payload a child process made

    @classmethod
    def open(cls, root: Path) -> Index:
        """The index of ``root`` (empty when there is none, or none can be used)."""
        if _HANDED:
            finish()  # an index a child process is still writing: it is read as written
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

    def put(self, rel: str, key: StatKey, payload: Any, theirs: bool = False) -> None:
        """Record what ``rel`` held; not when it changed too recently to be sure of.
        ``theirs``: the payload is one the child process that parsed ahead made."""
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
        if theirs:
            self.theirs.add(rel)

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

    def _unsaved(self) -> bool:
        return self.path is not None and (self.changed or len(self.new) != len(self.old))

    def save(self) -> None:
        """Write the index if anything changed (never an error: it is only a cache)."""
        if self._unsaved():
            _write_entries(self.path, self.root, self.new)  # type: ignore[arg-type]

    def hand_over(self, ahead: parse_ahead.Ahead) -> None:
        """Save the index through the child process that parsed ahead: it holds the
        payloads it made and is sent the others, and writes the file while this
        process goes on (:func:`finish` waits for it, and writes here should it
        have failed). Saved here when it cannot be sent; the child ends either way."""
        if self._unsaved():
            entries = [
                (rel, key, None if rel in self.theirs else payload, rel in self.theirs)
                for rel, (key, payload) in self.new.items()
            ]
            try:
                data = marshal.dumps((str(self.path), self.root, entries))
            except ValueError:  # a value marshal cannot write (see save)
                data = b""
            if data and ahead.hand_over(data):
                if not _HANDED:
                    import atexit

                    atexit.register(finish)  # (the mentorlog command calls it itself)
                _HANDED.append((ahead, self))
                return
            self.save()
        ahead.close()


#: Indexes handed to a child process to write, and the child.
_HANDED: list[tuple[parse_ahead.Ahead, Index]] = []


def finish() -> None:
    """Wait for the children writing an index (:meth:`Index.hand_over`); write here
    each one a child did not."""
    while _HANDED:
        ahead, index = _HANDED.pop()
        if not ahead.wait():
            index.save()


def write_handed(data: bytes, given: dict[str, Any]) -> None:
    """(In the child process that parsed ahead.) Write the index
    :meth:`Index.hand_over` sent, its own payloads (``given``) put back in."""
    path, root, entries = marshal.loads(data)
    new = {rel: (key, given[rel] if theirs else payload) for rel, key, payload, theirs in entries}
    _write_entries(Path(path), root, new)


def _write_entries(path: Path, root: str, new: dict[str, tuple[StatKey, Any]]) -> None:
    try:
        body = marshal.dumps((_version_key(), root, new))
    except ValueError:  # a value marshal cannot write: keep the other entries
        body = marshal.dumps((_version_key(), root, _writable(new)))
    try:
        write(path, root, body)
        prune(path.parent, keep=path)
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
            found = read_body(self._path(name), self.index.root)
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
            write(self._path(name), self.index.root, body)
        except (OSError, ValueError):
            pass  # only slower next time


def _writable(entries: dict[str, tuple[StatKey, Any]]) -> dict[str, tuple[StatKey, Any]]:
    out = {}
    for rel, entry in entries.items():
        try:
            marshal.dumps(entry)
        except ValueError:
            continue
        out[rel] = entry
    return out


def _read(path: Path, root: str) -> dict[str, tuple[StatKey, Any]]:
    """The entries of the index file at ``path`` if it is sound and ``root``'s, else {}."""
    found = read_body(path, root)
    if found is None or len(found) != 3:
        return {}
    version, owner, entries = found
    if version != _version_key() or owner != root or not isinstance(entries, dict):
        return {}
    return entries
