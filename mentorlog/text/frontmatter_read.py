"""Read front-matter: split a file into its YAML block and body, load the YAML safely.

The split is the one python-frontmatter's YAML handler makes with mentorlog's fence
lines (the same pattern, applied here so that a file with plain front-matter imports
neither library); plain ``key: value`` lines are read by
:mod:`mentorlog.text.simple_yaml`, anything else by the handler with mentorlog's
safe loader. The loader keeps an impossible date as text and refuses alias
"bombs"; errors are BadFile naming the file and the line.
:func:`meta_line` finds a key's line for messages (the library keeps no lines).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from mentorlog.errors import BadFile
from mentorlog.text import items as itemsmod
from mentorlog.text import simple_yaml

if TYPE_CHECKING:
    from frontmatter.default_handlers import YAMLHandler


def split_front_matter(text: str, shown: str) -> tuple[dict[str, Any], str, int]:
    """``(meta, body, body_line)``; meta is {} when the file has no front-matter.

    Raises BadFile with the line of a YAML error, or when the front-matter is
    not a mapping.
    """
    opening = _OPENING_RE.match(text) if text.startswith("---") else None
    if opening is None:  # "..." never opens
        return {}, text, 1
    # The split the handler makes (``_FENCE_RE.split(text, 2)``, see _handler), without
    # importing python-frontmatter and PyYAML for plain front-matter: the closing fence
    # is the first fence line after the opening one (the line break before it found first).
    start = opening.end()
    closing = _CLOSING_RE.search(text, start - 1)
    if closing is None:
        raise BadFile("front-matter has no closing '---' line", path=shown, line=1)
    fm, body = text[start : closing.start() + 1], text[closing.end() :]
    # the YAML as lines joined by "\n" (PyYAML's
    # marks then count the lines the same way whatever the file's line endings)
    if "\r" in fm:
        yaml_text = itemsmod.NEWLINE_RE.sub("\n", fm).removesuffix("\n")
        fence = 1 + len(itemsmod.NEWLINE_RE.findall(fm))  # the closing fence's line, 0-based
    else:
        yaml_text = fm.removesuffix("\n")
        fence = 1 + fm.count("\n")
    meta = load_yaml(yaml_text, shown, 2)
    return meta, body, fence + 2


#: A fence line: ``---`` (or ``...``, which only closes) and trailing white space, as
#: lines are split everywhere in mentorlog: at CRLF, CR or LF (a CR-only file included).
_FENCE_RE = re.compile(r"(?:\A|(?<=[\r\n]))(?:---|\.\.\.)[^\S\r\n]*(?:\r\n|\r|\n|\Z)")
_OPENING_RE = re.compile(r"---[^\S\r\n]*(?:\r\n|\r|\n|\Z)")
#: A line break and the fence line after it.
_CLOSING_RE = re.compile(r"[\r\n](?:---|\.\.\.)[^\S\r\n]*(?:\r\n|\r|\n|\Z)")
_HANDLER: YAMLHandler | None = None


def _handler() -> YAMLHandler:
    """python-frontmatter's YAML handler with mentorlog's fences; it loads the YAML that
    simple_yaml does not read (:func:`split_front_matter` splits as it would).

    Its own fence pattern (``^-{3,}\\s*$``, multi-line) would take ``----`` as a fence,
    eat the blank lines after one (so body lines would shift), miss a CR-only
    file's lines and never close at ``...``; and ``frontmatter.parse`` strips the
    body. So the fences are ours and the handler is called directly: the line
    numbers, line endings and body bytes stay exactly as in the file.
    """
    global _HANDLER
    if _HANDLER is None:
        from frontmatter.default_handlers import YAMLHandler

        class Handler(YAMLHandler):
            FM_BOUNDARY = _FENCE_RE

            def detect(self, text: str) -> bool:
                return _OPENING_RE.match(text) is not None  # "..." never opens

        _HANDLER = Handler()
    return _HANDLER


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
    simple = simple_yaml.load(yaml_text)
    if simple is not None:  # plain `key: value` lines, read as YAML reads them
        return simple
    import yaml

    try:
        data = _handler().load(yaml_text, Loader=_loader())  # a safe loader
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
