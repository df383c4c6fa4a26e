"""Find and load a mentoring repository: the one place that reads its files.

Reading is forgiving: a file that cannot be parsed becomes a :class:`Problem`
and the rest loads. Only agreement.md is required (every command needs it).
Writing goes through :func:`write_new` / :func:`replace_text`, which are atomic
and never clobber a file that changed since it was read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from mentorlog.errors import BadFile, FileChanged, NotARepository, RefuseOverwrite
from mentorlog.model import (
    GOAL_STATUSES,
    MEETING_KINDS,
    MEETING_STATUSES,
    Agreement,
    Goal,
    Meeting,
    Partnership,
    Problem,
    Progress,
    Topic,
)
from mentorlog.rules.clock import parse_clock
from mentorlog.store.safety import one_line
from mentorlog.text import items as itemsmod

AGREEMENT = "agreement.md"
MEETING_NAME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-(\d+))?\.md$")
GOAL_NAME_RE = re.compile(r"^(\d+)-(.+)\.md$")
MAX_FILE_BYTES = 5 * 1024 * 1024
#: The years an agreement's start and end may fall in (the calendar works a
#: year either side of them), and the longest meeting in minutes (as init).
MIN_YEAR, MAX_YEAR = 1900, 9990
MAX_DURATION = 24 * 60


# ----------------------------------------------------------------- locating


def find_root(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """The repository root: ``explicit`` (``-C``) or the nearest folder up with agreement.md."""
    if explicit is not None:
        root = explicit.expanduser()
        if not (root / AGREEMENT).is_file():
            hint = plain_clone_hint(root)
            if hint:
                raise NotARepository(f"no {AGREEMENT} in {root}: {hint}")
            raise NotARepository(
                f"no {AGREEMENT} in {root}: run 'mentorlog init' there first, "
                "or point -C at your mentoring repository"
            )
        return root.resolve()  # as found by searching: paths joined to it work from any folder
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / AGREEMENT).is_file():
            return folder
    hint = plain_clone_hint(here)
    if hint:
        raise NotARepository(f"no {AGREEMENT} here: {hint}")
    raise NotARepository(
        f"no {AGREEMENT} here or in any folder above: run 'mentorlog init', "
        "'mentorlog demo', or use -C DIR"
    )


def plain_clone_hint(folder: Path) -> str:
    """What to do in a plain ``git clone`` of a shared partnership that checked out
    nothing (the remote's HEAD names another branch than main); '' otherwise.

    Reads .git's files only: no git command runs while looking for a repository.
    """
    gitdir = folder / ".git"
    if not gitdir.is_dir():
        return ""
    try:
        packed = (gitdir / "packed-refs").read_text(encoding="utf-8", errors="replace")
    except OSError:
        packed = ""
    try:  # nothing checked out: HEAD names a branch that has no commit
        head = (gitdir / "HEAD").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    branch = head.removeprefix("ref: ")
    if branch == head or (gitdir / branch).exists() or f" {branch}" in packed:
        return ""
    remotes = gitdir / "refs" / "remotes"
    has_main = any(
        line.endswith("/main") and " refs/remotes/" in line for line in packed.splitlines()
    ) or (remotes.is_dir() and any(remotes.glob("*/main")))
    if not has_main:
        return ""
    url = "URL"
    try:
        config = (gitdir / "config").read_text(encoding="utf-8", errors="replace")
        found = re.search(r"^\s*url\s*=\s*(\S+)\s*$", config, re.MULTILINE)
        url = found.group(1) if found else url
    except OSError:
        pass
    return (
        "this git clone checked out nothing (the shared repository's HEAD names another "
        f"branch than main); join the partnership instead: mentorlog join {url}"
    )


def rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


# ----------------------------------------------------------------- reading


def read_text(path: Path, shown: str | None = None) -> str:
    """A file's text: UTF-8 (a BOM is dropped); BadFile if it is not text."""
    from mentorlog.store.safety import read_regular

    shown = shown or str(path)
    data = read_regular(path, shown, MAX_FILE_BYTES)  # never a link, a pipe or a device
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadFile("not UTF-8 text", path=shown, line=1) from None
    if "\x00" in text:  # decodes, but is no text file
        raise BadFile("not UTF-8 text (binary file)", path=shown, line=1)
    return text[1:] if text.startswith("\ufeff") else text


def read_bytes(path: Path, shown: str) -> bytes:
    """A regular file's bytes (never through a link, never a pipe): BadFile otherwise."""
    from mentorlog.store.safety import read_regular

    return read_regular(path, shown, MAX_FILE_BYTES)


def split_front_matter(
    text: str, shown: str, cache: ParseCache | None = None
) -> tuple[dict[str, Any], str, int]:
    """``(meta, body, body_line)``; meta is {} when the file has no front-matter.

    Raises BadFile with the line of a YAML error, or when the front-matter is
    not a mapping.
    """
    if not text.startswith("---"):
        return {}, text, 1
    lines = itemsmod.split_lines(text)
    if lines[0].rstrip() != "---":
        return {}, text, 1
    for j in range(1, len(lines)):
        if lines[j].rstrip() in ("---", "..."):
            break
    else:
        raise BadFile("front-matter has no closing '---' line", path=shown, line=1)
    yaml_text = "\n".join(lines[1:j])
    meta = cache.meta(yaml_text, shown) if cache is not None else load_yaml(yaml_text, shown, 2)
    # the body starts after the closing line; find its offset in the raw text
    offset = 0
    for _ in range(j + 1):
        m = itemsmod.NEWLINE_RE.search(text, offset)
        offset = m.end() if m else len(text)
    return meta, text[offset:], j + 2


_LOADER: Any = None


def _loader() -> Any:
    """A safe YAML loader that keeps an impossible date (2026-02-30) as text.

    PyYAML would raise a bare ValueError for it; kept as text, the value is
    reported later as "not a date" with the line of its key.
    """
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class Loader(base):  # type: ignore[valid-type,misc]
            pass

        def timestamp(loader: Any, node: Any) -> Any:
            try:
                return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
            except (ValueError, OverflowError):
                return loader.construct_scalar(node)

        Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
        _LOADER = Loader
    return _LOADER


def load_yaml(yaml_text: str, shown: str, first_line: int) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.load(yaml_text, Loader=_loader())  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = first_line + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise BadFile(f"front-matter is not valid YAML: {problem}", path=shown, line=line) from None
    except (ValueError, TypeError, RecursionError, OverflowError) as exc:
        raise BadFile(f"front-matter cannot be read: {exc}", path=shown, line=first_line) from None
    if data is None:
        return {}
    try:
        size = _expanded_size(data, {}, set())
    except ValueError:
        raise BadFile(
            "front-matter cannot be read: an alias (*name) refers to its own anchor",
            path=shown,
            line=first_line,
        ) from None
    if size > MAX_YAML_VALUES:
        raise BadFile(
            f"front-matter cannot be read: its aliases (*name) expand to more than "
            f"{MAX_YAML_VALUES} values; write the values out",
            path=shown,
            line=first_line,
        )
    if not isinstance(data, dict):
        raise BadFile(
            "front-matter must be 'key: value' lines, not a "
            + ("list" if isinstance(data, list) else type(data).__name__),
            path=shown,
            line=first_line,
        )
    return {str(k): v for k, v in data.items()}


#: The most values front-matter may hold once YAML aliases are expanded (an alias
#: "bomb" of nested lists would otherwise take every command's time and memory).
MAX_YAML_VALUES = 100_000


def _expanded_size(value: Any, memo: dict[int, int], active: set[int]) -> int:
    """How many values ``value`` holds with every shared list or mapping counted each
    time it is used; ValueError when one contains itself. Linear in the distinct values."""
    if not isinstance(value, list | dict):
        return 1
    key = id(value)
    if key in active:
        raise ValueError("cycle")
    if key in memo:
        return memo[key]
    active.add(key)
    children = value.values() if isinstance(value, dict) else value
    size = 1 + sum(_expanded_size(v, memo, active) for v in children)
    active.discard(key)
    memo[key] = size
    return size


def meta_line(text: str, key: str, default: int = 1) -> int:
    """1-based line of ``key:`` in the front-matter (for messages)."""
    for n, line in enumerate(itemsmod.split_lines(text), start=1):
        if line.startswith(f"{key}:"):
            return n
        if n > 1 and line.rstrip() == "---":
            break
    return default


def meta_lines(text: str) -> dict[str, int]:
    """1-based line of each top-level ``key:`` in the front-matter ({} without one)."""
    lines = itemsmod.split_lines(text)
    if not lines or lines[0].rstrip() != "---":
        return {}
    out: dict[str, int] = {}
    for n, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            break
        m = re.match(r"^([^\s:#][^:]*?)[ \t]*:(?:[ \t]|$)", line)
        if m:
            out.setdefault(m.group(1).strip("'\""), n)
    return out


# -------------------------------------------------------- value conversion


class ValueProblem(Exception):
    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key
        self.message = message


def as_date(meta: dict[str, Any], key: str, required: bool = False) -> dt.date | None:
    value = meta.get(key)
    if value is None or value == "":
        if required:
            raise ValueProblem(key, f"'{key}' is missing (a date, YYYY-MM-DD)")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueProblem(key, f"'{key}: {value}' is not a date (YYYY-MM-DD)") from None


def in_range(key: str, day: dt.date | None) -> dt.date | None:
    """``day``, or ValueProblem when its year is one the calendar cannot hold."""
    if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueProblem(key, f"'{key}: {day}' is out of range (years {MIN_YEAR} to {MAX_YEAR})")
    return day


def as_clock(meta: dict[str, Any], key: str) -> str | None:
    """ "17:30"; YAML reads an unquoted 17:30 as the number 1050, which is mended."""
    value = meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueProblem(key, f"'{key}: {value}' is not a time (HH:MM)")
    if isinstance(value, int) and 0 <= value < 24 * 60:
        return f"{value // 60:02d}:{value % 60:02d}"
    if isinstance(value, int) and value > 0:  # YAML read an unquoted 25:00 as 1500
        raise ValueProblem(key, f"'{key}: {value // 60}:{value % 60:02d}' is not a time (HH:MM)")
    try:
        clock = parse_clock(str(value))
    except ValueError:
        clock = None
    if clock is None or clock.second:
        raise ValueProblem(key, f"'{key}: {value}' is not a time (HH:MM)")
    return clock.strftime("%H:%M")


def as_int(meta: dict[str, Any], key: str) -> int | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueProblem(key, f"'{key}: {value}' is not a whole number")
    try:
        return int(value)
    except ValueError:
        raise ValueProblem(key, f"'{key}: {value}' is not a whole number") from None


def as_str(meta: dict[str, Any], key: str, default: str = "") -> str:
    value = meta.get(key)
    if value is None:
        return default
    if isinstance(value, dict | list):
        raise ValueProblem(key, f"'{key}' should be text, not a {type(value).__name__}")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def as_line(meta: dict[str, Any], key: str, default: str = "") -> str:
    """A one-line value (a name, a place, a title): control characters, line breaks
    included, become spaces (``check`` reports them)."""
    return one_line(as_str(meta, key, default))


def as_list(meta: dict[str, Any], key: str) -> list[str]:
    value = meta.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None]
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    raise ValueProblem(key, f"'{key}' should be a list")


def as_choice(meta: dict[str, Any], key: str, choices: Iterable[str], default: str) -> str:
    value = as_str(meta, key, default).lower() or default
    allowed = tuple(choices)
    if value not in allowed:
        raise ValueProblem(key, f"'{key}: {value}' is not one of: {', '.join(allowed)}")
    return value


# ----------------------------------------------------------------- loading


def parse_agreement(text: str, shown: str = AGREEMENT) -> Agreement:
    """The agreement; BadFile naming the line of the first bad value."""
    from mentorlog.rules.schedule import CadenceError, parse_cadence, periods

    meta, _body, _ = split_front_matter(text, shown)
    if not meta:
        raise BadFile(
            "has no front-matter (the '---' block with mentee, mentor, start...)",
            path=shown,
            line=1,
        )
    try:
        start = as_date(meta, "start", required=True)
        end = as_date(meta, "end")
        months = as_int(meta, "months")
        if end is None and months is not None:
            if months < 1:
                raise ValueProblem("months", "'months' must be 1 or more")
            from mentorlog.rules.schedule import end_from_months

            end = end_from_months(start, months)  # type: ignore[arg-type]
        if end is None:
            raise ValueProblem("end", "'end' is missing (a date, YYYY-MM-DD)")
        assert start is not None
        in_range("start", start)
        in_range("end", end)
        if end < start:
            raise ValueProblem("end", f"'end: {end}' is before 'start: {start}'")
        changes: list[tuple[dt.date, str]] = []
        raw_changes = meta.get("cadence_changes") or []
        if not isinstance(raw_changes, list):
            raise ValueProblem(
                "cadence_changes",
                "'cadence_changes' should be a list of {from: DATE, cadence: TEXT}",
            )
        for entry in raw_changes:
            if not isinstance(entry, dict) or "from" not in entry or "cadence" not in entry:
                raise ValueProblem(
                    "cadence_changes", "each cadence change needs 'from' and 'cadence'"
                )
            try:
                when = as_date(entry, "from", required=True)
            except ValueProblem as exc:  # reported at the line of cadence_changes
                raise ValueProblem("cadence_changes", exc.message) from None
            assert when is not None
            changes.append((when, as_str(entry, "cadence")))
        cadence = as_str(meta, "cadence", "biweekly") or "biweekly"
        timezone = as_str(meta, "timezone", "UTC") or "UTC"
        try:
            parse_cadence(cadence)
            periods(start, end, cadence, changes)
        except CadenceError as exc:
            raise ValueProblem("cadence", str(exc)) from None
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(timezone)
        except (ValueError, KeyError, OSError):
            raise ValueProblem(
                "timezone",
                f"'timezone: {timezone}' is not an IANA time zone name such as Europe/Berlin",
            ) from None
        duration = as_int(meta, "duration")
        if duration is not None and not 0 < duration <= MAX_DURATION:
            raise ValueProblem(
                "duration",
                f"'duration' must be a positive number of minutes, at most {MAX_DURATION} (a day)",
            )
        nft = meta.get("no_fault_termination", True)
        return Agreement(
            path=AGREEMENT,
            id=as_line(meta, "id") or "mentorlog",
            mentee=as_line(meta, "mentee") or "Mentee",
            mentor=as_line(meta, "mentor") or "Mentor",
            start=start,
            end=end,
            cadence=cadence,
            time=as_clock(meta, "time") or "17:00",
            duration=duration or 60,
            timezone=timezone,
            location=as_line(meta, "location"),
            initiator=as_choice(meta, "initiator", ("mentee", "mentor"), "mentee"),
            contact=as_line(meta, "contact"),
            supervisor=as_line(meta, "supervisor"),
            confidentiality=as_line(meta, "confidentiality"),
            no_fault_termination=bool(nft)
            if not isinstance(nft, str)
            else nft.strip().lower() in ("true", "yes", "1"),
            cadence_changes=changes,
            meta=meta,
        )
    except ValueProblem as exc:
        raise BadFile(exc.message, path=shown, line=meta_line(text, exc.key)) from None


def parse_roadmap(text: str, shown: str = "roadmap.md") -> list[Topic]:
    """Top-level list items are topics; their nested lines are notes."""
    _meta, body, body_line = split_front_matter(text, shown)
    topics: list[Topic] = []
    top = re.compile(r"^(?:[-*+]|\d{1,9}[.)])[ \t]++(.*\S)\s*$")  # possessive: linear time
    in_fence = False
    for n, line in enumerate(itemsmod.split_lines(body)):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        m = top.match(line)
        if m:
            title = one_line(re.sub(r"^\[[ xX]\][ \t]+", "", m.group(1)).strip())
            topics.append(
                Topic(position=len(topics) + 1, title=title, notes=[], line=n + body_line)
            )
        elif topics and line[:1] in (" ", "\t") and stripped:
            topics[-1].notes.append(line)
    for t in topics:
        t.notes = _dedent(t.notes)
    return topics


def _dedent(lines: list[str]) -> list[str]:
    if not lines:
        return []
    width = min(len(line) - len(line.lstrip()) for line in lines)
    return [line[width:].rstrip() for line in lines]


def parse_meeting(
    text: str, shown: str, owners: dict[str, str], cache: ParseCache | None = None
) -> tuple[Meeting, list[Problem]]:
    name = shown.rsplit("/", 1)[-1]
    m = MEETING_NAME_RE.match(name)
    if not m:
        raise BadFile(
            "a meeting file is named YYYY-MM-DD.md (or YYYY-MM-DD-2.md for a second "
            "meeting that day)",
            path=shown,
            line=1,
        )
    try:
        file_date = dt.date.fromisoformat(m.group(1))
    except ValueError:
        raise BadFile(
            f"'{m.group(1)}' in the file name is not a date", path=shown, line=1
        ) from None
    meta, body, body_line = split_front_matter(text, shown, cache)
    problems: list[Problem] = []
    try:
        date = as_date(meta, "date") or file_date
        in_range("date", date)
        meeting = Meeting(
            path=shown,
            date=date,
            suffix=int(m.group(2) or 1),
            time=as_clock(meta, "time"),
            number=as_int(meta, "number"),
            kind=as_choice(meta, "kind", MEETING_KINDS, "") if meta.get("kind") else None,
            status=as_choice(meta, "status", MEETING_STATUSES, "planned"),
            topic=as_line(meta, "topic") or None,
            goals=as_list(meta, "goals"),
            moved_from=as_date(meta, "moved_from"),
            meta=meta,
            body=body,
            body_line=body_line,
        )
    except ValueProblem as exc:
        raise BadFile(exc.message, path=shown, line=meta_line(text, exc.key)) from None
    if meeting.date != file_date:
        problems.append(
            Problem(
                shown,
                meta_line(text, "date"),
                f"'date: {meeting.date}' does not match the file name",
                "warning",
            )
        )
    meeting.items, item_problems = itemsmod.parse_items(body, shown, owners, body_line, cache)
    problems.extend(Problem(shown, line, msg) for line, msg in item_problems)
    return meeting, problems


PROGRESS_RE = re.compile(
    r"^[ \t]*[-*+][ \t]+(?:\*\*)?(\d{4}-\d{2}-\d{2})(?:\*\*)?[ \t]*[:\u2013\u2014-]?[ \t]*(.*)$"
)


def parse_goal(
    text: str, shown: str, owners: dict[str, str], cache: ParseCache | None = None
) -> tuple[Goal, list[Problem]]:
    name = shown.rsplit("/", 1)[-1]
    m = GOAL_NAME_RE.match(name)
    order, slug = (int(m.group(1)), m.group(2)) if m else (0, name[:-3])
    meta, body, body_line = split_front_matter(text, shown, cache)
    try:
        title = as_line(meta, "title")
        if not title:  # line by line: a CRLF or CR-only file's title has no "\r"
            headings = (re.match(r"#[ \t]+(.+?)[ \t#]*$", s) for s in itemsmod.split_lines(body))
            heading = next((h for h in headings if h), None)
            title = heading.group(1) if heading else slug.replace("-", " ").capitalize()
        goal = Goal(
            path=shown,
            order=order,
            slug=slug,
            title=title,
            category=as_line(meta, "category"),
            priority=as_int(meta, "priority"),
            status=as_choice(meta, "status", GOAL_STATUSES, "active"),
            created=as_date(meta, "created"),
            target=as_date(meta, "target"),
            measure=as_line(meta, "measure"),
            meta=meta,
            body=body,
            body_line=body_line,
        )
    except ValueProblem as exc:
        raise BadFile(exc.message, path=shown, line=meta_line(text, exc.key)) from None
    goal.items, item_problems = itemsmod.parse_items(body, shown, owners, body_line, cache)
    goal.progress = parse_progress(body, body_line)
    goal.meta_lines = meta_lines(text)
    return goal, [Problem(shown, line, msg) for line, msg in item_problems]


def parse_progress(body: str, body_line: int) -> list[Progress]:
    """Dated bullets under the "Progress" heading: ``- 2026-12-15: text``."""
    out: list[Progress] = []
    level = 0  # the Progress heading's level while inside it (its sub-headings belong to it)
    for n, line in enumerate(itemsmod.split_lines(body)):
        heading = re.match(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$", line)
        if heading:
            if heading.group(2).strip().lower() == "progress":
                level = len(heading.group(1))
            elif len(heading.group(1)) <= level:
                level = 0
            continue
        if not level:
            continue
        m = PROGRESS_RE.match(line)
        if m:
            try:
                when: dt.date | None = dt.date.fromisoformat(m.group(1))
            except ValueError:
                when = None
            out.append(Progress(when, m.group(2).strip(), n + body_line))
    return out


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


class ParseCache(dict[str, Any]):
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
            import json

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
        import json

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
    parse: Callable[[str, str, dict[str, str], ParseCache | None], tuple[T, list[Problem]]],
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


def refuse_reading(root: Path, path: Path) -> str | None:
    """Why a file that a pattern found is not read, or None to read it.

    A folder named like a file is no file, a named pipe or a device would block
    the read, and a symbolic link (the file or a folder on its way) is never
    followed, wherever it leads: what it holds could end up in a review or a commit.
    """
    from mentorlog.store.safety import refuse_path

    try:
        relpath = path.relative_to(root)
    except ValueError:
        relpath = Path(os.path.relpath(path, root))
    return refuse_path(root, relpath)


# ----------------------------------------------------------------- writing


def atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write via a temporary file in the same folder, then rename over.

    The file keeps its permissions (a new one gets the umask's), unless ``mode``
    is given. A write the system refuses (a folder in the way, no permission, a full disk)
    is a BadFile naming the path; the file keeps what it held.
    """
    from mentorlog.store import safety

    recorded = safety.before_write([(path, data)])  # checks; the command's intent record
    try:
        _atomic_write(path, data, mode)
        if recorded:
            safety.step(f"wrote {path.name}")
    except OSError as exc:
        folder = next((f for f in path.parents if f.exists() or f.is_symlink()), None)
        if folder is not None and not folder.is_dir():
            raise BadFile(
                f"is a file, not a folder, so {path.name} cannot be written in it", path=folder
            ) from None
        raise BadFile(
            f"cannot write: {exc.strerror or exc}; the file keeps what it held", path=path
        ) from None


def _atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        with contextlib.suppress(FileNotFoundError):
            mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_new(path: Path, text: str, shown: str | None = None) -> None:
    """Create a file that must not exist yet (RefuseOverwrite otherwise)."""
    if path.exists():
        raise RefuseOverwrite(
            f"{shown or path} exists already; mentorlog never overwrites it "
            "(edit it, or remove it first)"
        )
    atomic_write(path, text.encode("utf-8"))


def replace_bytes(path: Path, expected: bytes, new: bytes, shown: str | None = None) -> None:
    """Replace a file's content, but only if it still holds ``expected``."""
    from mentorlog.store.safety import read_regular

    current = read_regular(path, shown or str(path))
    if current != expected:
        raise FileChanged(
            "changed on disk while mentorlog was working; nothing written, run the command again",
            path=shown or str(path),
        )
    if new != current:
        atomic_write(path, new)


# ------------------------------------------------------------ item edits


def plan_line_edits(
    root: Path, edits: Mapping[str, Sequence[itemsmod.LineEdit]], owners: dict[str, str]
) -> list[tuple[Path, bytes, bytes, str]]:
    """Read each file, check it, apply its edits in memory: ``(path, old, new, shown)``.

    Refuses (BadFile) a file that cannot be parsed as a meeting or goal, and
    (FileChanged) one whose item lines no longer hold the items that were
    loaded. Files whose bytes would not change are left out.
    """
    out: list[tuple[Path, bytes, bytes, str]] = []
    for shown, file_edits in edits.items():
        path = root / shown
        text = read_text(path, shown)
        try:
            parse_file(text, shown, owners)
        except BadFile as exc:
            raise BadFile(
                f"cannot be parsed ({exc.message}); fix it first, nothing was written",
                path=exc.path,
                line=exc.line,
            ) from None
        old = read_bytes(path, shown)
        if old.decode("utf-8", "replace").removeprefix("\ufeff") != text:
            raise FileChanged(
                "changed on disk while mentorlog was working; nothing written, "
                "run the command again",
                path=shown,
            )
        lines = itemsmod.split_lines(text)
        for edit in file_edits:
            found = lines[edit.line - 1] if 1 <= edit.line <= len(lines) else None
            current = itemsmod.parse_line(found) if found is not None else None
            if current is None or current.text != edit.expect:
                raise FileChanged(
                    "changed on disk while mentorlog was working (the item is no longer "
                    "on this line); nothing written, run the command again",
                    path=shown,
                    line=edit.line,
                )
        new = itemsmod.edit_lines_bytes(old, [(edit.line, edit.change) for edit in file_edits])
        if new != old:
            out.append((path, old, new, shown))
    return out


def parse_file(text: str, shown: str, owners: dict[str, str]) -> None:
    """Parse a meeting or goal file only to see that it can be (BadFile otherwise)."""
    if shown.startswith("meetings/"):
        parse_meeting(text, shown, owners)
    elif shown.startswith("goals/"):
        parse_goal(text, shown, owners)


def replace_many(changes: Sequence[tuple[Path, bytes, bytes, str]]) -> list[Path]:
    """Write several files all or nothing: ``(path, expected, new, shown)`` each.

    Every file is checked to still hold ``expected`` before any is written
    (FileChanged otherwise); if a write fails, the files already written are
    put back. Returns the paths written.
    """
    from mentorlog.store import safety

    for path, expected, _new, shown in changes:
        current = safety.read_regular(path, shown)
        if current != expected:
            raise FileChanged(
                "changed on disk while mentorlog was working; nothing written, "
                "run the command again",
                path=shown,
            )
    safety.before_write([(path, new) for path, _e, new, _s in changes])
    done: list[tuple[Path, bytes]] = []
    try:
        for path, expected, new, _shown in changes:
            atomic_write(path, new)
            done.append((path, expected))
    except BaseException:
        for path, expected in reversed(done):
            with contextlib.suppress(OSError):
                atomic_write(path, expected)
        raise
    return [path for path, _e, _n, _s in changes]


def mentions(path: Path, needle: str) -> bool:
    """Whether a file's bytes hold ``needle`` as a word (for files that cannot be parsed)."""
    from mentorlog.store.safety import read_regular

    try:
        data = read_regular(path, str(path))  # a named pipe is never waited on
    except BadFile:
        return False
    return re.search(rb"(?<!\S)" + re.escape(needle.encode()) + rb"(?!\S)", data) is not None


def write_new_with_edits(
    path: Path, text: str, shown: str, changes: Sequence[tuple[Path, bytes, bytes, str]]
) -> list[Path]:
    """Create ``path`` (never overwriting) and apply ``changes`` (see :func:`replace_many`).

    All or nothing: if the changes cannot be written, the new file is removed;
    killed in between, the next writing command finishes it (mentorlog.store.safety).
    """
    from mentorlog.store import safety

    safety.before_write([(path, text.encode("utf-8"))] + [(p, new) for p, _e, new, _s in changes])
    write_new(path, text, shown)
    try:
        written = replace_many(changes)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return [path, *written]


def inside(root: Path, relpath: str | Path, what: str = "path") -> Path:
    """``root / relpath``, refusing anything that would land outside the repository.

    Names that come from users (dates, slugs, kinds...) pass through here before
    they become paths: an absolute path, ``..`` or a symlink pointing out of
    the repository is a UsageError.
    """
    from mentorlog.errors import UsageError

    rel_path = Path(relpath)
    if rel_path.is_absolute() or ".." in rel_path.parts:
        raise UsageError(f"{what} {str(relpath)!r} would be outside the repository")
    base = root.resolve()
    full = (base / rel_path).resolve()
    if full != base and base not in full.parents:
        raise UsageError(
            f"{what} {rel_path.as_posix()!r} leads outside the repository "
            "(through a symbolic link); mentorlog writes only inside it"
        )
    return root / rel_path
