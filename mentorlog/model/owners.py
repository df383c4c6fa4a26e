"""Who an item's ``@handle`` names: the handles of the mentee and the mentor."""

from __future__ import annotations

import re


def owner_map(mentee: str, mentor: str) -> dict[str, str]:
    """Handles that name a role: @mentee, @mentor, first names, full names joined."""
    out: dict[str, str] = {}
    shared: set[str] = set()  # a handle both names give (Sam Lee, Sam Park: @sam) is no one's
    for role, name in (("mentee", mentee), ("mentor", mentor)):
        words = [w for w in re.split(r"\s+", name.strip().lower()) if w]
        if words:
            for handle in (words[0], "".join(words), "-".join(words), ".".join(words)):
                if out.setdefault(handle, role) != role:
                    shared.add(handle)
    for handle in shared:
        del out[handle]
    out["mentee"] = "mentee"
    out["mentor"] = "mentor"
    return out
