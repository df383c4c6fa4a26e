"""The file-name grammar of a mentoring repository: which names its files have.

The agreement is agreement.md; a meeting is meetings/DATE.md (DATE-N.md for the
N-th meeting of a day); a goal is goals/NN-slug.md.
"""

from __future__ import annotations

import re

AGREEMENT = "agreement.md"
MEETING_NAME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-(\d+))?\.md$")
GOAL_NAME_RE = re.compile(r"^(\d+)-(.+)\.md$")
