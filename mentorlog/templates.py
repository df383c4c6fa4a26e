"""Render the Markdown templates: the user's overrides first, then the shipped ones.

A user's ``.mentorlog/templates/NAME.md`` replaces the shipped ``NAME.md``;
meeting templates extend ``meeting.md`` and include ``checkin.md``, so one
override can change every meeting. Templates render bodies only: the
front-matter is written by :mod:`mentorlog.frontmatter_text`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import BadFile

USER_TEMPLATES = ".mentorlog/templates"


def shipped_dir() -> Path:
    """Templates inside the installed package, or the source tree's templates/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "meeting.md").is_file():
            return candidate
    raise BadFile("mentorlog's templates are missing from this installation; reinstall mentorlog")


def render(name: str, root: Path | None = None, **context: Any) -> str:
    """Render template ``name`` (e.g. "meeting-first.md") with ``context``."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    searchpath = [str(shipped_dir())]
    if root is not None and (root / USER_TEMPLATES).is_dir():
        searchpath.insert(0, str(root / USER_TEMPLATES))
    # sandboxed: an override arrives with the partner's commits, and must not run code here
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(searchpath, encoding="utf-8"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
    )
    try:
        text = env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise BadFile(
            f"template error: {exc.message}",
            path=_shown(exc.filename or name, root),
            line=exc.lineno,
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise BadFile(f"template {exc.name} not found", path=name) from None
    except jinja2.UndefinedError as exc:
        path, line = _where(exc, name, root)
        raise BadFile(
            f"template uses something mentorlog does not provide: {exc.message}",
            path=path,
            line=line,
        ) from None
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
        path, line = _where(exc, name, root)
        raise BadFile(f"template error: {exc}", path=path, line=line) from None
    except RecursionError as exc:
        path, line = _where(exc, name, root)
        raise BadFile(
            "template error: it includes or extends itself without end", path=path, line=line
        ) from None
    return tidy(text)


def _shown(filename: str, root: Path | None) -> str:
    """A template's file name as the user knows it (relative to the repository)."""
    if root is not None:
        try:
            return Path(filename).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return Path(filename).name if Path(filename).is_absolute() else filename


def _where(exc: BaseException, name: str, root: Path | None) -> tuple[str, int | None]:
    """The template file and line where rendering failed (Jinja puts them in the traceback)."""
    import traceback

    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".md"):
            return _shown(frame.filename, root), frame.lineno
    return name, None


def tidy(text: str) -> str:
    """No runs of blank lines, no trailing spaces, exactly one final newline."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip()
        if not line and out and not out[-1]:
            continue
        out.append(line)
    while out and not out[0]:
        out.pop(0)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
