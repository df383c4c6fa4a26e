"""Exception types and the exit codes they map to.

Every error a user can cause is a :class:`MentorlogError`; the CLI turns it into
one line on stderr and its ``exit_code``. Anything else is a bug.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_FINDINGS = 1  # `check` / `goal check` findings, `sync` conflict
EXIT_USAGE = 2  # usage errors, bad input, refusing to overwrite, unknown refs
EXIT_INTERNAL = 70  # a bug in mentorlog (never bad input)
EXIT_INTERRUPTED = 130  # Ctrl-C, or end of input at a question: nothing more was done


class MentorlogError(Exception):
    """An error a user can act on; its message is one line."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class UsageError(MentorlogError):
    """A bad flag value, a missing argument, a date that is not a date."""


class NotARepository(MentorlogError):
    """No agreement.md here or above."""


class BadFile(MentorlogError):
    """A file that cannot be read or parsed."""


class RefuseOverwrite(MentorlogError):
    """The file exists; mentorlog never overwrites what a user may have written."""


class UnknownRef(MentorlogError):
    """An item ref that matches nothing, or more than one item."""


class FileChanged(MentorlogError):
    """A file changed on disk between reading and writing it."""


class GitError(MentorlogError):
    """git failed in a way the user can fix (no remote, rejected push...)."""


class Findings(MentorlogError):
    """Problems were found and reported (`check`, `goal check`)."""

    exit_code = EXIT_FINDINGS


class BadValue(UsageError):
    """A value the rules refuse, said without naming where it came from:
    ``status 'x' is not one of: …``. The CLI words it as the flag that gave it
    (:meth:`for_flag`); a Python caller reads ``name``, ``value`` and ``problem``.
    """

    def __init__(self, name: str, value: object, problem: str):
        super().__init__(f"{name} {value!r} {problem}")
        self.name = name
        self.value = value
        self.problem = problem

    def for_flag(self, flag: str) -> UsageError:
        """The same error as the CLI says it: ``--status 'x' is not one of: …``."""
        return UsageError(f"{flag} {self.value!r} {self.problem}")
