"""Render the Markdown templates: the user's overrides first, then the shipped ones.

A user's ``.mentorlog/templates/NAME.md`` replaces the shipped ``NAME.md``;
meeting templates extend ``meeting.md`` and include ``checkin.md``, so one
override can change every meeting. Templates render bodies only: the
front-matter is written by :mod:`mentorlog.text.frontmatter`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mentorlog.errors import BadFile

USER_TEMPLATES = ".mentorlog/templates"


def shipped_dir() -> Path:
    """Templates inside the installed package, or the source tree's templates/."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "meeting.md").is_file():
            return candidate
    raise BadFile("mentorlog's templates are missing from this installation; reinstall mentorlog")


#: Limits on rendering the user's overrides (an override arrives with the partner's
#: commits): wall time, size of the output, and of any one value a template builds.
MAX_SECONDS = 2.0
MAX_OUTPUT = 1024 * 1024


class TemplateLimit(Exception):
    """An override went past a limit."""


def user_overrides(root: Path | None) -> list[str]:
    """The names of the user's override files that mentorlog reads (links are skipped)."""
    from mentorlog.store.refusals import link_in, refuse_path

    if root is None or link_in(root, USER_TEMPLATES) is not None:
        return []
    folder = root / USER_TEMPLATES
    if not folder.is_dir():
        return []
    names = []
    for path in sorted(folder.iterdir()):
        if refuse_path(root, f"{USER_TEMPLATES}/{path.name}") is None:
            names.append(path.name)
    return names


def render(name: str, root: Path | None = None, **context: Any) -> str:
    """Render template ``name`` (e.g. "meeting-first.md") with ``context``.

    The user's overrides in .mentorlog/templates/ come first; one that is a
    symbolic link (or inside a linked folder) is skipped, and they render
    under limits (MAX_SECONDS, MAX_OUTPUT): past them, BadFile naming the template.
    """
    overrides = user_overrides(root)
    if not {name, "meeting.md", "checkin.md"} & set(overrides):  # shipped: without Jinja
        from mentorlog.render import meeting_body

        plain = meeting_body.render(name, shipped_dir(), context)
        if plain is not None:
            return tidy(plain)
    import jinja2

    env = _environment(root if overrides else None, overrides)
    try:
        template = env.get_template(name)
        text = _render_limited(template, context) if overrides else template.render(**context)
    except (TemplateLimit, MemoryError) as exc:
        path, line = _where(exc, name, root)
        if not path.startswith(USER_TEMPLATES):  # the override that was running
            path, line = (env.loaded_overrides or [path])[-1], None
        what = str(exc) if isinstance(exc, TemplateLimit) else "it needs too much memory"
        raise BadFile(f"template stopped: {what}", path=path, line=line) from None
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


def _environment(root: Path | None, overrides: list[str]) -> Any:
    """A sandboxed Jinja environment; with overrides, one that refuses huge values."""
    import functools

    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    from mentorlog.render.template_cache import code_cache
    from mentorlog.store.refusals import read_regular

    shipped = shipped_dir()
    loaded: list[str] = []  # the overrides read, in order

    class Loader(jinja2.BaseLoader):
        """The user's override when there is one (never through a link), else the shipped."""

        def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
            if root is not None and template in overrides:
                path = root / USER_TEMPLATES / template
                shown = f"{USER_TEMPLATES}/{template}"
                loaded.append(shown)
            else:
                path = shipped / template
                shown = template
                if "/" in template or "\\" in template or not path.is_file():
                    raise jinja2.TemplateNotFound(template)
            data = read_regular(path, shown)
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise BadFile("not UTF-8 text", path=shown, line=1) from None
            return text, str(path), lambda: True

    def too_big(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_OUTPUT

    def sized(value: Any) -> int | None:
        return len(value) if isinstance(value, str | bytes | list | tuple) else None

    def widths(text: str) -> bool:
        """Whether a format string asks for a width or precision past the limit."""
        import re

        return any(int(n) > MAX_OUTPUT for n in re.findall(r"\d{7,}", text))

    class Limited(SandboxedEnvironment):
        # sandboxed: an override arrives with the partner's commits, and must not run
        # code here; these operators are checked before they allocate anything
        intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for seq, n in ((left, right), (right, left)):
                    size = sized(seq)
                    if size is not None and isinstance(n, int) and size * n > MAX_OUTPUT:
                        raise TemplateLimit(f"a value would be longer than {MAX_OUTPUT} characters")
                ints = isinstance(left, int) and isinstance(right, int)
                if ints and abs(left).bit_length() + abs(right).bit_length() > 4096:
                    raise TemplateLimit("a number would be too large")
            elif operator == "**":
                ints = isinstance(left, int) and isinstance(right, int)
                if ints and abs(left) > 1 and right * abs(left).bit_length() > 4096:
                    raise TemplateLimit("a number would be too large")
            elif operator == "+":
                a, b = sized(left), sized(right)
                if a is not None and b is not None and a + b > MAX_OUTPUT:
                    raise TemplateLimit(f"a value would be longer than {MAX_OUTPUT} characters")
            elif operator == "%" and isinstance(left, str) and widths(left):
                raise TemplateLimit(f"a value would be longer than {MAX_OUTPUT} characters")
            return super().call_binop(context, operator, left, right)

        def wrap_str_format(self, value: Any) -> Any:
            wrapped = super().wrap_str_format(value)
            if wrapped is None or not widths(str(value.__self__)):
                return wrapped
            raise TemplateLimit(f"a value would be longer than {MAX_OUTPUT} characters")

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            values = (*args, *kwargs.values())
            if __obj is not __self.globals.get("range") and any(too_big(v) for v in values):
                raise TemplateLimit(f"a number past {MAX_OUTPUT} was passed to a function")
            bound = getattr(__obj, "__self__", None)
            if isinstance(bound, str) and widths(bound):
                raise TemplateLimit(f"a value would be longer than {MAX_OUTPUT} characters")
            return SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)

    cls = Limited if overrides else SandboxedEnvironment
    env = cls(
        loader=Loader(),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        # the shipped templates' compiled code is kept; never with overrides (they
        # compile differently, under limits)
        bytecode_cache=None if overrides else code_cache(__file__),
    )
    if overrides:

        def guard(fn: Any) -> Any:
            @functools.wraps(fn)
            def checked(*args: Any, **kwargs: Any) -> Any:
                if any(too_big(v) for v in (*args, *kwargs.values())):
                    raise TemplateLimit(f"a number past {MAX_OUTPUT} was passed to a filter")
                return fn(*args, **kwargs)

            return checked

        env.filters = {k: guard(f) for k, f in env.filters.items()}
    env.loaded_overrides = loaded  # type: ignore[attr-defined]
    return env


def _render_limited(template: Any, context: dict[str, Any]) -> str:
    """Render ``template`` within MAX_SECONDS and MAX_OUTPUT (TemplateLimit otherwise).

    The time is checked at every line a template runs and every call it makes
    (a trace function, only while rendering overrides); the address space
    grows by at most a fixed amount meanwhile (where the system allows
    limiting it), so a value built in many small steps ends in MemoryError.
    """
    import sys
    import time

    deadline = time.monotonic() + MAX_SECONDS

    def local(frame: Any, event: str, arg: Any) -> Any:
        if time.monotonic() > deadline:
            raise TemplateLimit(f"it took longer than {MAX_SECONDS:g} s to render")
        return local

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        if not frame.f_code.co_filename.endswith(".md"):
            return None  # only the templates' own code is timed
        return local(frame, event, arg)

    previous = sys.gettrace()
    parts: list[str] = []
    size = 0
    with _memory_cap():
        sys.settrace(tracer)
        try:
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise TemplateLimit(f"its output is larger than {MAX_OUTPUT // 1024} KiB")
                parts.append(chunk)
        finally:
            sys.settrace(previous)
    return "".join(parts)


class _memory_cap:  # noqa: N801 - used as a context manager
    """Allow the address space to grow by at most CAP bytes while rendering (Linux)."""

    CAP = 512 * 1024 * 1024

    def __enter__(self) -> None:
        self.saved: tuple[int, int] | None = None
        try:
            import resource

            pages = int(Path("/proc/self/statm").read_text().split()[0])
            used = pages * resource.getpagesize()
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            cap = used + self.CAP
            if (soft == resource.RLIM_INFINITY or soft > cap) and (
                hard == resource.RLIM_INFINITY or hard >= cap
            ):
                resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
                self.saved = (soft, hard)
        except (ImportError, OSError, ValueError, IndexError):
            self.saved = None

    def __exit__(self, *exc: object) -> None:
        if self.saved is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, self.saved)
