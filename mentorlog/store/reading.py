"""Load a mentoring repository: the agreement, the roadmap, every goal and meeting.

Reading is forgiving: a file that cannot be parsed becomes a :class:`Problem`
and the rest loads. Only agreement.md is required (every command needs it).
Parse results are kept in a cache outside the repository (:class:`ParseCache`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mentorlog.errors import BadFile
from mentorlog.model import Partnership, Problem, Topic
from mentorlog.model.names import AGREEMENT
from mentorlog.rules.documents import parse_agreement, parse_goal, parse_meeting, parse_roadmap
from mentorlog.store.files import atomic_write, read_text
from mentorlog.store.paths import refuse_reading
from mentorlog.text import items as itemsmod
from mentorlog.text.frontmatter_read import MetaCache, load_yaml

_UNCACHEABLE: Any = object()


def _to_json(value: Any) -> Any:
    """YAML values as JSON, dates tagged; _UNCACHEABLE for anything else."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, list):
        out = [_to_json(v) for v in value]
        return _UNCACHEABLE if any(v is _UNCACHEABLE for v in out) else out
    if isinstance(value, dict) and all(isinstance(k, str) and not k.startswith("$") for k in value):
        items = {k: _to_json(v) for k, v in value.items()}
        return _UNCACHEABLE if any(v is _UNCACHEABLE for v in items.values()) else items
    return _UNCACHEABLE


def _from_json(value: Any) -> Any:
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1 and "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        if len(value) == 1 and "$datetime" in value:
            return dt.datetime.fromisoformat(value["$datetime"])
        return {k: _from_json(v) for k, v in value.items()}
    return value


def cache_home() -> Path | None:
    """$XDG_CACHE_HOME, else ~/.cache; None when neither is an absolute path.

    A relative path is ignored, as XDG asks: it would put the cache (the texts of
    the items) in the current folder, perhaps inside the repository.
    """
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg)
    try:
        home = Path.home()
    except RuntimeError:  # no HOME and no entry in the password database
        return None
    return home / ".cache" if home.is_absolute() else None


class ParseCache(MetaCache):
    """The task items found in a text, by a digest of the text.

    Kept outside the repository (in the user's cache folder), so it is never
    committed; keyed by content, so a hit gives exactly what parsing would.
    Entries not used by a load are dropped when it is saved.
    """

    VERSION = 4

    def __init__(self, path: Path | None):
        super().__init__()
        self.path = path
        self.used: set[str] = set()
        self.dirty = False

    @classmethod
    def for_root(cls, root: Path) -> ParseCache:
        if os.environ.get("MENTORLOG_NO_CACHE", "") not in ("", "0"):
            return cls(None)
        base = cache_home()
        if base is None:
            return cls(None)
        digest = itemsmod.text_key(str(root.resolve()))
        cache = cls(base / "mentorlog" / f"items-{digest}.json")
        try:
            data = json.loads(cache.path.read_text(encoding="utf-8"))  # type: ignore[union-attr]
            if data.get("version") == cls.VERSION and isinstance(data.get("items"), dict):
                cache.update(data["items"])
        except (OSError, ValueError, AttributeError):
            pass
        return cache

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:
            self.used.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.used.add(key)
        return super().__getitem__(key)

    def __setitem__(self, key: str, value: Any) -> None:
        self.used.add(key)
        self.dirty = True
        super().__setitem__(key, value)

    def meta(self, yaml_text: str, shown: str) -> dict[str, Any]:
        """load_yaml, remembered when the value survives the trip through JSON exactly."""
        key = "fm:" + itemsmod.text_key(yaml_text)
        cached = self.get(key)
        if cached is not None:
            try:
                return dict(_from_json(cached))
            except (TypeError, ValueError, AttributeError):
                pass  # an entry this version did not write: load the text again
        meta = load_yaml(yaml_text, shown, first_line=2)
        encoded = _to_json(meta)
        if encoded is not _UNCACHEABLE and _from_json(encoded) == meta:
            self[key] = encoded
        return meta

    def save(self) -> None:
        if self.path is None or not (self.dirty or len(self.used) < len(self)):
            return
        kept = {k: v for k, v in self.items() if k in self.used}
        try:
            atomic_write(
                self.path,
                json.dumps(
                    {"version": self.VERSION, "items": kept}, separators=(",", ":")
                ).encode(),
                mode=0o600,  # the items' texts: for this user alone
            )
        except (OSError, BadFile):
            pass  # a cache that cannot be written is only slower


def load(root: Path) -> Partnership:
    """Load everything; problems in files other than agreement.md are collected."""
    agreement = parse_agreement(read_text(root / AGREEMENT, AGREEMENT))
    cache = ParseCache.for_root(root)
    owners = itemsmod.owner_map(agreement.mentee, agreement.mentor)
    problems: list[Problem] = []

    roadmap: list[Topic] = []
    refused = refuse_reading(root, root / "roadmap.md")
    if refused is not None:
        problems.append(Problem("roadmap.md", 1, refused))
    elif (root / "roadmap.md").is_file():
        try:
            roadmap = parse_roadmap(read_text(root / "roadmap.md", "roadmap.md"))
        except BadFile as exc:
            problems.append(Problem(exc.path or "roadmap.md", exc.line or 1, exc.message))

    goals = _load_folder(root, "goals", parse_goal, owners, cache, problems)
    goals.sort(key=lambda g: (g.priority if g.priority is not None else 999, g.order, g.slug))
    meetings = _load_folder(root, "meetings", parse_meeting, owners, cache, problems)
    meetings.sort(key=lambda mt: (mt.date, mt.suffix))
    cache.save()
    return Partnership(
        root=root,
        agreement=agreement,
        roadmap=roadmap,
        goals=goals,
        meetings=meetings,
        problems=problems,
    )


T = TypeVar("T")


def _load_folder(
    root: Path,
    folder: str,
    parse: Callable[[str, str, dict[str, str], MetaCache | None], tuple[T, list[Problem]]],
    owners: dict[str, str],
    cache: ParseCache,
    problems: list[Problem],
) -> list[T]:
    """Every FOLDER/*.md that parses; the others become problems."""
    out: list[T] = []
    for path in sorted((root / folder).glob("*.md")):
        shown = f"{folder}/{path.name}"
        refused = refuse_reading(root, path)
        if refused is not None:
            problems.append(Problem(shown, 1, refused))
            continue
        try:
            parsed, found = parse(read_text(path, shown), shown, owners, cache)
        except BadFile as exc:
            problems.append(Problem(exc.path or shown, exc.line or 1, exc.message))
            continue
        out.append(parsed)
        problems.extend(found)
    return out
