"""Moving the branch (compare-and-swap) and bringing the work tree and the index along,
file by file.

A file is rewritten only where it still holds what sync committed; one the user
changed meanwhile keeps the user's bytes (and is merged by the next sync).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO, Literal

from mentorlog.errors import GitError
from mentorlog.store.git import record
from mentorlog.store.git.plumbing import (
    Change,
    Entry,
    GitFailed,
    changes,
    entries,
    index_info,
    run,
)
from mentorlog.store.refusals import link_in

# never follow a link, never wait on a FIFO
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_FILE_MODES = ("100644", "100755")


def _worktree_bytes(
    top: Path, wanted: set[tuple[str, str]]
) -> tuple[dict[tuple[str, str], bytes], dict[str, bytes], set[str]]:
    """The bytes a checkout writes for each (blob, path): git's filters and line endings applied.

    Blobs come out of one ``cat-file --batch``; a path that git converts on checkout
    (core.autocrlf, or a text, eol, filter, ident or encoding attribute) is asked for
    on its own (``cat-file --batch --filters`` misreports the converted size).
    Returns those bytes, the blobs as they are, and the paths git converts.
    """
    if not wanted:
        return {}, {}, set()
    shas = sorted({sha for sha, _path in wanted})
    data = run(top, ["cat-file", "--batch"], input="".join(f"{s}\n" for s in shas).encode())[1]
    raw: dict[str, bytes] = {}
    pos = 0
    for sha in shas:
        header_end = data.index(b"\n", pos)
        size = int(data[pos:header_end].split()[2])
        raw[sha] = data[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
    converting = _converted_paths(top, sorted({path for _sha, path in wanted}))
    out: dict[tuple[str, str], bytes] = {}
    for sha, path in wanted:
        if path in converting:
            out[(sha, path)] = run(top, ["cat-file", "--filters", f"--path={path}", sha])[1]
        else:
            out[(sha, path)] = raw[sha]
    return out, raw, converting


def _converted_paths(top: Path, paths: Sequence[str]) -> set[str]:
    """Of ``paths``, those whose bytes git may change between the blob and the file."""
    autocrlf = run(top, ["config", "--get", "core.autocrlf"], ok=(0, 1))[1].decode().strip()
    if autocrlf.lower() in ("true", "input", "yes", "on", "1"):
        return set(paths)
    attrs = ["text", "eol", "crlf", "filter", "ident", "working-tree-encoding"]
    request = "".join(f"{p}\0" for p in paths).encode("utf-8", errors="surrogateescape")
    found = run(top, ["check-attr", "-z", "--stdin", *attrs], input=request)[1].split(b"\0")
    out: set[str] = set()
    for i in range(0, len(found) - 2, 3):
        path = found[i].decode("utf-8", errors="surrogateescape")
        value = found[i + 2].decode()
        if value not in ("unspecified", "unset"):
            out.add(path)
    return out


def _read_regular(path: Path) -> bytes | None | Literal[False]:
    """The bytes of a regular file; None when nothing is there; False for anything else."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return None
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    fh = _open(path)
    if fh is None:
        return False
    with fh:
        return fh.read()


def _open(path: Path) -> BinaryIO | None:
    """``path`` open for reading, never through a link, never waiting on a FIFO (None when
    it cannot be opened)."""
    try:
        return os.fdopen(os.open(path, _READ_FLAGS), "rb")
    except OSError:
        return None


def _temp_beside(path: Path, data: bytes) -> str:
    """A temporary file holding ``data`` in ``path``'s folder, to be renamed over it."""
    fd_tmp, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".sync", dir=path.parent)
    with os.fdopen(fd_tmp, "wb") as fh:
        fh.write(data)
    return tmp


def _replace_if(
    path: Path, holds: Callable[[bytes | None], bool], data: bytes | None, mode: str
) -> bool:
    """Put ``data`` at ``path`` (None: delete it) if what it holds passes ``holds``.

    The file is read and replaced in one short step; if something was written into it
    between the read and the rename, what it held is put back (and False returned).
    """
    tmp: str | None = None
    if data is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = _temp_beside(path, data)
        os.chmod(tmp, 0o777 & ~_umask() if mode == "100755" else 0o666 & ~_umask())
    try:
        if not os.path.lexists(path):
            if not holds(None):
                return False
            if tmp is not None:
                try:
                    os.link(tmp, path)  # fails if something appeared meanwhile: never overwrite
                except FileExistsError:
                    return False
                except OSError:  # no hard links on this file system
                    if os.path.lexists(path):
                        return False
                    os.replace(tmp, path)
                    tmp = None
            return True
        fh = _open(path)
        if fh is None:
            return False
        with fh:
            held = fh.read()
            if not holds(held):
                return False
            if tmp is not None:
                os.replace(tmp, path)
                tmp = None
            else:
                os.unlink(path)
            late = fh.read()
            if late:  # written into the old file while we replaced it: the user's bytes win
                fh.seek(0)
                _put_back(path, fh.read())
                return False
        return True
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _put_back(path: Path, data: bytes) -> None:
    os.replace(_temp_beside(path, data), path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _update_files(
    top: Path,
    batch: Sequence[Change],
    expected: dict[str, Entry | None],
) -> list[str]:
    """Write each change where the file holds its expected entry; return the paths kept."""
    wanted: set[tuple[str, str]] = set()
    for path, _before, after in batch:
        for entry in (expected[path], after):
            if entry is not None and entry[0] in _FILE_MODES:
                wanted.add((entry[1], path))
    forms, raw, converting = _worktree_bytes(top, wanted)

    def holds(path: str, entry: Entry | None) -> Callable[[bytes | None], bool]:
        def check(data: bytes | None) -> bool:
            if entry is None or data is None:
                return entry is None and data is None
            if entry[0] not in _FILE_MODES:
                return False  # a link or submodule was there: not ours to replace
            sha = entry[1]
            if data in (forms[(sha, path)], raw[sha]):
                return True
            if path not in converting:
                return False
            cleaned = run(top, ["hash-object", f"--path={path}", "--stdin"], input=data)[1]
            return cleaned.decode().strip() == sha  # the same to git (line endings differ)

        return check

    kept: list[str] = []
    for path, _before, after in batch:
        full = top / path
        if after is not None and after[0] in ("160000", "120000"):
            continue  # a submodule is git's business; a link is never made here
        current = _read_regular(full)
        if current is not False and holds(path, after)(current):
            continue  # there already (a sync finishing an interrupted one)
        new_bytes = forms[(after[1], path)] if after is not None else None
        try:
            done = link_in(top, Path(path).parent) is None and _replace_if(
                full, holds(path, expected[path]), new_bytes, after[0] if after else ""
            )
        except OSError:  # a folder in the way, no permission: the file stays as it is
            done = False
        if not done:
            kept.append(path)
            continue
        if new_bytes is None:  # deleted: take empty folders with it
            for folder in full.relative_to(top).parents:
                if str(folder) == ".":
                    break
                try:
                    (top / folder).rmdir()
                except OSError:
                    break
    return kept


def update_worktree(
    top: Path, old: str, new: str, expected_from: dict[str, str] | None = None
) -> dict[str, str]:
    """Bring the work tree and the index from commit ``old`` to ``new``, file by file.

    A file is rewritten only where it still holds what sync committed (its blob in
    ``old``, or in the commit ``expected_from`` names for it). A file changed
    meanwhile keeps the user's bytes; it is returned (path -> the commit its bytes
    were based on) so that the next sync merges it rather than committing it over
    the partner's changes. The index always ends at ``new``: the user's edits show
    as unstaged changes. Idempotent: a file that holds ``new`` already is left alone.
    """
    expected_from = expected_from or {}
    changed = changes(top, old, new)
    if not changed:
        return {}
    expected: dict[str, Entry | None] = {}
    for path, before, _after in changed:
        source = expected_from.get(path)
        if source is None:
            expected[path] = before
        else:
            expected[path] = entries(top, source, path).get(path)
    kept: dict[str, str] = {}
    edits: list[tuple[str, Entry | None]] = []
    # .gitattributes first: the other files are then converted as they now say
    first = [c for c in changed if c[0].rsplit("/", 1)[-1] == ".gitattributes"]
    for batch in (first, [c for c in changed if c not in first]):
        for path in _update_files(top, batch, expected):
            kept[path] = expected_from.get(path, old)
        edits += [(p, a) for p, _b, a in batch]
    record.step("files written")
    run(top, ["update-index", "-z", "--index-info"], input=index_info(edits))
    run(top, ["update-index", "-q", "--refresh"], ok=(0, 1))
    return kept


def advance(
    top: Path,
    gitdir: Path,
    state: record.State,
    branch: str,
    old: str,
    new: str,
    message: str,
    expected_from: dict[str, str] | None = None,
) -> None:
    """Move the branch from ``old`` to ``new`` (compare-and-swap), then the work tree."""
    state["update"] = {"old": old, "new": new, "expected": expected_from or {}}
    record.save_state(gitdir, state)
    record.step("intent recorded")
    try:
        run(top, ["update-ref", "-m", message, f"refs/heads/{branch}", new, old])
    except GitFailed:
        state.pop("update", None)
        record.save_state(gitdir, state)
        raise GitError(
            "the branch moved while sync was merging (another command committed meanwhile); "
            "nothing was lost: run mentorlog sync again"
        ) from None
    record.step("branch moved")
    kept = update_worktree(top, old, new, expected_from)
    state.pop("update", None)
    state.setdefault("kept", {}).update(kept)
    record.save_state(gitdir, state)
    record.step("work tree brought along")
