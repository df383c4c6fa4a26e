"""Load a mentoring repository: the agreement, the roadmap, every goal and meeting.

Reading is forgiving: a file that cannot be parsed becomes a :class:`Problem`
and the rest loads. Only agreement.md is required (every command needs it).
A file whose stat is unchanged since an earlier command read it is not parsed
again: what parsing gave comes from the repository's index
(:mod:`mentorlog.store.index`), and is exactly what parsing would give.
"""

from __future__ import annotations

import fnmatch
import gc
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentorlog.errors import BadFile
from mentorlog.model import Agreement, Goal, Meeting, Partnership, Problem, Topic
from mentorlog.model.names import AGREEMENT
from mentorlog.model.owners import owner_map
from mentorlog.store import index_codec, parse_ahead
from mentorlog.store.index import Index, stat_key, write_handed
from mentorlog.store.paths import refuse_reading
from mentorlog.store.refusals import read_text

if TYPE_CHECKING:
    from mentorlog.store.zone_cache import ZoneFile

Parse = Callable[[str, str, dict[str, str]], tuple[Any, list[Problem]]]


def load(root: Path) -> Partnership:
    """Load everything; problems in files other than agreement.md are collected."""
    collecting = gc.isenabled()
    gc.disable()  # loading makes a great many objects and no cycles: a third faster without
    try:
        return _load(root)
    finally:
        if collecting:
            gc.enable()


def _load(root: Path) -> Partnership:
    index = Index.open(root.resolve())
    listed = {folder: _listing(root, folder) for folder in ("goals", "meetings")}
    ahead = _parse_ahead(root, listed, index)  # before the agreement: it needs no owners
    try:
        agreement = _agreement(root, index)
        owners = owner_map(agreement.mentee, agreement.mentor)
        problems: list[Problem] = []
        found = _read(root, "roadmap.md", _parse_roadmap, list, owners, index, problems, plain=True)
        roadmap: list[Topic] = found if found is not None else []
        goals: list[Goal] = _load_folder(
            root, "goals", listed["goals"], _parse_goal, Goal, owners, index, problems, ahead
        )
        meetings: list[Meeting] = _load_folder(
            root,
            "meetings",
            listed["meetings"],
            _parse_meeting,
            Meeting,
            owners,
            index,
            problems,
            ahead,
        )
    except BaseException:
        if ahead is not None:
            ahead.close()
        raise
    goals.sort(key=lambda g: (g.priority if g.priority is not None else 999, g.order, g.slug))
    meetings.sort(key=lambda mt: (mt.date, mt.suffix))
    if ahead is not None:
        index.hand_over(ahead)  # the child writes it while this process goes on
    else:
        index.save()
    p = Partnership(
        root=root,
        agreement=agreement,
        roadmap=roadmap,
        goals=goals,
        meetings=meetings,
        problems=problems,
    )
    p.kept = index.kept()
    return p


def _agreement(root: Path, index: Index) -> Agreement:
    """agreement.md from the index when it is unchanged (and its time zone still known),
    else parsed; BadFile when it cannot be (that is never kept)."""
    path = root / AGREEMENT
    key = None
    if index.enabled:
        try:
            info = os.lstat(path)
            key = stat_key(info) if stat.S_ISREG(info.st_mode) else None
        except OSError:
            pass
    if key is None:
        index.whole = False
    entry = index.get(AGREEMENT, key) if key is not None else None
    if entry is not None:
        try:
            payload, zone = entry
            kept, _ = index_codec.decode(payload, {})
            if isinstance(kept, Agreement) and _known_zone(kept.timezone, zone):
                return kept
        except (TypeError, ValueError, IndexError, KeyError, AttributeError, OverflowError):
            pass  # not an entry this code wrote: parse the file
    from mentorlog.rules.documents import parse_agreement

    agreement = parse_agreement(read_text(path, AGREEMENT))
    if key is not None:
        encoded = index_codec.encode(agreement, [], {})
        index.put(AGREEMENT, key, None if encoded is None else (encoded, _zone_file(agreement)))
    return agreement


def _zone_file(agreement: Agreement) -> ZoneFile | None:
    """Where the system keeps the agreement's time zone (see
    :func:`mentorlog.store.zone_cache.zone_file`)."""
    from mentorlog.store.zone_cache import zone_file

    return zone_file(agreement.timezone)


def _known_zone(name: str, zone: ZoneFile | None) -> bool:
    """Whether the system still knows the time zone (its database may have changed):
    yes when the file it was read from is unchanged (a stat, not an import of
    zoneinfo, which costs a warm command more than all its reading), else as
    zoneinfo says."""
    if zone is not None:
        tzpath, path, key = zone
        try:
            if (
                tzpath == os.environ.get("PYTHONTZPATH")
                and path.endswith(f"/{name}")
                and stat_key(os.stat(path)) == tuple(key)
            ):
                return True
        except (OSError, ValueError):
            pass
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return True


# The parsers are imported when a file has to be parsed: a warm read (every file
# unchanged) imports none of them.


def _parse_roadmap(
    text: str, shown: str, owners: dict[str, str]
) -> tuple[list[Topic], list[Problem]]:
    from mentorlog.rules.documents import parse_roadmap

    return parse_roadmap(text, shown), []


def _parse_goal(text: str, shown: str, owners: dict[str, str]) -> tuple[Goal, list[Problem]]:
    from mentorlog.rules.documents import parse_goal

    return parse_goal(text, shown, owners)


def _parse_meeting(text: str, shown: str, owners: dict[str, str]) -> tuple[Meeting, list[Problem]]:
    from mentorlog.rules.documents import parse_meeting

    return parse_meeting(text, shown, owners)


Listing = tuple[list[str], bool]


def _listing(root: Path, folder: str) -> Listing:
    """The ``*.md`` names in ``root/folder`` in reading order, and whether the folder
    is a real one (not a link: each file's own stat then tells whether to read it)."""
    try:
        with os.scandir(root / folder) as entries:
            names = fnmatch.filter([e.name for e in entries], "*.md")  # as Path.glob lists them
    except OSError:
        return [], False
    try:
        plain = stat.S_ISDIR(os.lstat(root / folder).st_mode)
    except OSError:
        plain = False
    return sorted(names, key=os.path.normcase), plain


def _parse_ahead(root: Path, listed: dict[str, Listing], index: Index) -> parse_ahead.Ahead | None:
    """A child process sharing the parsing of the goals and meetings the index has
    nothing for, when there are many (a cold read: :mod:`mentorlog.store.parse_ahead`;
    it takes them from the last back, this process from the first on).

    It starts before agreement.md is read, as what it gives does not depend on the
    partners' names: an index payload keeps each item's ``@name`` as written, and
    decoding resolves it (parsing uses the names for nothing else; a test holds the
    payloads made with and without them to be the same)."""
    if not index.enabled:
        return None
    unknown = [
        (folder, name)
        for folder, (names, plain) in listed.items()
        if plain
        for name in names
        if f"{folder}/{name}" not in index.old
    ]
    if len(unknown) < parse_ahead.MIN_FILES:
        return None
    # in the order this process reads them: the child takes them from the last back
    jobs = [(f"{folder}/{name}", os.path.join(root, folder, name)) for folder, name in unknown]
    parsers = {"goals": _parse_goal, "meetings": _parse_meeting}
    nobody: dict[str, str] = {}

    def make(shown: str, path: str) -> Any:
        parse = parsers[shown.split("/", 1)[0]]
        result: tuple[Any, list[Problem]]
        try:
            result = parse(read_text(path, shown), shown, nobody)
        except BadFile as exc:
            result = (exc, [])
        return index_codec.encode(result[0], result[1], nobody)

    return parse_ahead.start(jobs, make, write_handed)


def _load_folder(
    root: Path,
    folder: str,
    listing: Listing,
    parse: Parse,
    kind: type,
    owners: dict[str, str],
    index: Index,
    problems: list[Problem],
    ahead: parse_ahead.Ahead | None = None,
) -> list[Any]:
    """Every FOLDER/*.md that parses; the others become problems."""
    names, plain = listing
    out: list[Any] = []
    base = os.path.join(root, folder, "")  # a str: no Path built per file
    for name in names:
        shown = f"{folder}/{name}"
        parsed = _read(root, shown, parse, kind, owners, index, problems, plain, base + name, ahead)
        if parsed is not None:
            out.append(parsed)
    return out


def _read(
    root: Path,
    shown: str,
    parse: Parse,
    kind: type,
    owners: dict[str, str],
    index: Index,
    problems: list[Problem],
    plain: bool,
    full: str = "",
    ahead: parse_ahead.Ahead | None = None,
) -> Any:
    """What ``root/shown`` holds (a ``kind``), or None (its problems are added to ``problems``).

    ``plain`` says the folders on the way are no links, so a file whose own
    lstat shows a regular file may be read; an unchanged one comes from the index.
    ``full``: its path as a string, when the caller has it.
    A missing roadmap.md (``plain`` at the top) is no problem; anything else
    unusual goes the careful way (refuse_reading, then reading it), which says why.
    """
    info: os.stat_result | None = None
    if plain:
        try:
            info = os.lstat(full or os.path.join(root, shown))
        except FileNotFoundError:
            if "/" not in shown:
                return None
        except OSError:
            pass
    path = root / shown if info is None or not stat.S_ISREG(info.st_mode) else None
    if path is not None:
        refused = refuse_reading(root, path)
        if refused is not None:
            index.whole = False
            problems.append(Problem(shown, 1, refused))
            return None
        if "/" not in shown and not path.is_file():
            return None
        info = None  # no index for a file reached in an unusual way
    key = stat_key(info) if info is not None and index.enabled else None
    if key is None:
        index.whole = False  # this file is read without its entry: keep no derived answer
    result: Any = None
    if key is not None:
        payload = index.get(shown, key)
        if payload is not None:
            try:
                result = index_codec.decode(payload, owners)
            except (TypeError, ValueError, IndexError, KeyError, AttributeError, OverflowError):
                result = None  # not an entry this code wrote: parse the file again
            if result is not None and not isinstance(result[0], (kind, BadFile)):
                result = None
    if result is None and key is not None and ahead is not None and not ahead.claim(shown):
        payload = ahead.take(shown, key)  # parsed by the child process, for this very stat
        if payload is not None:
            try:
                result = index_codec.decode(payload, owners)
            except (TypeError, ValueError, IndexError, KeyError, AttributeError, OverflowError):
                result = None  # not what this code sends: parse the file here
            else:
                index.put(shown, key, payload, theirs=True)
    if result is None:
        try:
            result = parse(read_text(path or full or root / shown, shown), shown, owners)
        except BadFile as exc:
            result = (exc, [])
        if key is not None:
            index.put(shown, key, index_codec.encode(result[0], result[1], owners))
    parsed, found = result
    if isinstance(parsed, BadFile):
        problems.append(Problem(parsed.path or shown, parsed.line or 1, parsed.message))
        return None
    problems.extend(found)
    return parsed
