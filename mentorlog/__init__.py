"""mentorlog: a plain-text, git-friendly mentoring journal."""

__version__ = "0.1.0"
