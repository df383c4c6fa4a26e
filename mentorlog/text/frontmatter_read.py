"""Read front-matter: split a file into its YAML block and body, load the YAML safely.

The loader keeps an impossible date as text and refuses alias "bombs"; errors are
BadFile naming the file and the line. :func:`meta_line` finds a key's line for messages.
"""

from __future__ import annotations

import re
from typing import Any

from mentorlog.errors import BadFile
from mentorlog.text import items as itemsmod


class MetaCache(dict[str, Any]):
    """Parse results by a digest of their text, handed to the parsers.

    This base keeps nothing for front-matter (:meth:`meta` loads the YAML);
    :class:`mentorlog.store.reading.ParseCache` remembers it across runs.
    """

    def meta(self, yaml_text: str, shown: str) -> dict[str, Any]:
        return load_yaml(yaml_text, shown, first_line=2)


def split_front_matter(
    text: str, shown: str, cache: MetaCache | None = None
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
