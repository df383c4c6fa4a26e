"""The files of a repository that mentorlog reads, read for ``check``.

Each becomes a :class:`mentorlog.rules.check.Source`: its text, or the problem
that kept it from being read (a link, a pipe, not UTF-8 text).
"""

from __future__ import annotations

from pathlib import Path

from mentorlog.errors import BadFile
from mentorlog.model import Problem
from mentorlog.model.names import AGREEMENT, SCHEDULE_FILE
from mentorlog.rules.check import Source
from mentorlog.store.paths import refuse_reading
from mentorlog.store.refusals import link_in, read_text

#: Where the files are that ``check`` reads, besides agreement.md and the templates.
PATTERNS = (
    "roadmap.md",
    "goals/*.md",
    "meetings/*.md",
    "journal/*.md",
    "private/journal/*.md",
    "reviews/*.md",
    "prep.md",
    "prospects.md",
)


def gather(root: Path) -> list[Source]:
    """The files of the repository that mentorlog reads, each as a Source."""
    paths: list[str] = [AGREEMENT]
    for pattern in PATTERNS:
        paths.extend(p.relative_to(root).as_posix() for p in sorted(root.glob(pattern)))
    templates = root / ".mentorlog" / "templates"
    if templates.is_dir() or templates.is_symlink() or (root / ".mentorlog").is_symlink():
        link = link_in(root, ".mentorlog/templates")
        if link is not None:
            paths.append(link)
        else:
            paths.extend(p.relative_to(root).as_posix() for p in sorted(templates.iterdir()))
    if (root / SCHEDULE_FILE).is_symlink():
        paths.append(SCHEDULE_FILE)  # not read, but written: a link is reported
    out: list[Source] = []
    for shown in paths:
        if shown == ".mentorlog" or shown.startswith(".mentorlog/") or shown == SCHEDULE_FILE:
            refused = refuse_reading(root, root / shown)
            folder = (root / shown).is_dir() and not (root / shown).is_symlink()
            if refused is not None and not folder:  # a folder of the user's own is fine
                out.append(Source(shown, None, Problem(shown, 1, refused)))
            continue
        path = root / shown
        refused = refuse_reading(root, path) if shown != AGREEMENT else None
        if refused is not None:
            out.append(Source(shown, None, Problem(shown, 1, refused)))
            continue
        if not path.is_file():
            continue
        try:
            out.append(Source(shown, read_text(path, shown)))
        except BadFile as exc:
            out.append(Source(shown, None, Problem(shown, exc.line or 1, exc.message)))
    return out


def read_gitignore(root: Path) -> str | None:
    """.gitignore's text when the repository is under git ('' when git has no .gitignore)."""
    if not any((folder / ".git").exists() for folder in (root, *root.resolve().parents)):
        return None
    try:
        return (root / ".gitignore").read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""
