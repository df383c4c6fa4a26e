"""The user's list of partnerships: ``partnerships.toml`` in the user's config folder.

One file per user, never inside a partnership repository::

    # mentorlog: your partnerships (mentorlog partnerships)
    [[partnership]]
    name = "ana-sam"
    folder = "/home/sam/mentoring/ana-sam"

The folder is ``MENTORLOG_CONFIG_DIR`` when set, else the platform's config
folder for mentorlog (``~/.config/mentorlog`` on Linux, as platformdirs says).
Read with tomllib, written atomically; a file that cannot be read is never
written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mentorlog.errors import BadFile, UsageError

CONFIG_FILE = "partnerships.toml"
CONFIG_ENV = "MENTORLOG_CONFIG_DIR"
HEADER = "# mentorlog: your partnerships (mentorlog partnerships)\n"


@dataclass(frozen=True)
class Entry:
    name: str
    folder: Path


def config_dir() -> Path:
    """Where partnerships.toml lives: $MENTORLOG_CONFIG_DIR, else the platform's folder."""
    override = os.environ.get(CONFIG_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("mentorlog", appauthor=False))


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


def read(path: Path | None = None) -> list[Entry]:
    """The listed partnerships, in the file's order; [] when there is no file.

    BadFile (naming the file, and the line when TOML says it) when it cannot be read.
    """
    import tomllib

    path = path or config_path()
    if not path.exists() and not path.is_symlink():
        return []
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise BadFile("is not UTF-8 text", path=path) from None
    except OSError as exc:
        raise BadFile(f"cannot be read: {exc.strerror or exc}", path=path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = None
        if "(at line " in message:
            message, _, where = message.partition(" (at line ")
            digits = where.split(",", 1)[0].strip()
            line = int(digits) if digits.isdigit() else None
        raise BadFile(f"is not valid TOML: {message}", path=path, line=line) from None
    rows = data.get("partnership", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise BadFile("'partnership' must be a list of [[partnership]] tables", path=path)
    entries: list[Entry] = []
    for number, row in enumerate(rows, 1):
        name, folder = row.get("name"), row.get("folder")
        if not isinstance(name, str) or not name.strip():
            raise BadFile(f'partnership {number} has no name (name = "...")', path=path)
        if not isinstance(folder, str) or not folder.strip():
            raise BadFile(f'partnership {name!r} has no folder (folder = "...")', path=path)
        if any(e.name == name for e in entries):
            raise BadFile(f"the name {name!r} is listed twice", path=path)
        place = Path(folder).expanduser()
        entries.append(Entry(name, place if place.is_absolute() else path.parent / place))
    return entries


def _quoted(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; DEL must be escaped too)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def render(entries: Sequence[Entry]) -> str:
    out = [HEADER]
    for e in entries:
        out.append(
            f"\n[[partnership]]\nname = {_quoted(e.name)}\nfolder = {_quoted(str(e.folder))}\n"
        )
    return "".join(out)


def write(entries: Sequence[Entry], path: Path | None = None) -> None:
    """Write the list atomically; refused inside a partnership (a folder with agreement.md
    at or above it), which would share the user's list with a partner."""
    from mentorlog.model.names import AGREEMENT
    from mentorlog.store.files import atomic_write

    path = path or config_path()
    for folder in path.absolute().parents:
        if (folder / AGREEMENT).is_file():
            raise UsageError(
                f"{path} would be inside the partnership in {folder}: the list of your "
                f"partnerships is never shared; set {CONFIG_ENV} to a folder outside it"
            )
    atomic_write(path, render(entries).encode("utf-8"))


def check_name(name: str) -> str:
    name = name.strip()
    if not name or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise UsageError(f"--name {name!r}: give a name of printable characters")
    return name


def unique_name(wanted: str, entries: Sequence[Entry]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... the first one not listed."""
    taken = {e.name for e in entries}
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def listed_as(folder: Path, entries: Sequence[Entry]) -> Entry | None:
    wanted = os.path.normcase(str(folder.resolve()))
    for e in entries:
        if os.path.normcase(str(e.folder.resolve())) == wanted:
            return e
    return None


def add(folder: Path, name: str | None = None) -> Entry:
    """List ``folder`` (a partnership: it has agreement.md) as ``name``; UsageError for a
    folder without agreement.md, a name or folder listed already."""
    from mentorlog.model.names import AGREEMENT

    folder = folder.expanduser().resolve()
    if not (folder / AGREEMENT).is_file():
        raise UsageError(f"no {AGREEMENT} in {folder}: not a partnership")
    entries = read()
    same = listed_as(folder, entries)
    if same is not None:
        raise UsageError(f"{folder} is listed already, as {same.name}")
    if name is not None:
        name = check_name(name)
        if any(e.name == name for e in entries):
            raise UsageError(
                f"the name {name!r} is taken (by {find(name, entries).folder}); "
                "choose another with --name"
            )
    entry = Entry(name or unique_name(folder.name or "partnership", entries), folder)
    write([*entries, entry])
    return entry


def register(folder: Path) -> Entry | None:
    """After init, demo or join: list ``folder`` under a unique name from its own name.
    None when it is listed already. BadFile when the file cannot be read (not written)."""
    folder = folder.expanduser().resolve()
    entries = read()
    if listed_as(folder, entries) is not None:
        return None
    entry = Entry(unique_name(folder.name or "partnership", entries), folder)
    write([*entries, entry])
    return entry


def known(entries: Sequence[Entry]) -> str:
    if not entries:
        return "none is listed yet (mentorlog partnerships add DIR)"
    return "known: " + ", ".join(e.name for e in entries)


def find(name: str, entries: Sequence[Entry]) -> Entry:
    for e in entries:
        if e.name == name:
            return e
    raise UsageError(f"no partnership named {name!r}; {known(entries)}")


def remove(name: str) -> Entry:
    entries = read()
    gone = find(name, entries)
    write([e for e in entries if e.name != name])
    return gone
