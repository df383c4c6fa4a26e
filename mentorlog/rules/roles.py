"""Who is who in a partnership: a partner's role (mentee or mentor) from a name."""

from __future__ import annotations

from mentorlog.model import Agreement

ROLES = ("mentee", "mentor")


def role_from_identity(agreement: Agreement, name: str) -> str | None:
    """mentee or mentor when the git identity's name is one of theirs (full name, or a
    first name only one of them has)."""
    wanted = " ".join(name.lower().split())
    if not wanted:
        return None
    people = {"mentee": agreement.mentee, "mentor": agreement.mentor}
    for role, person in people.items():
        if " ".join(person.lower().split()) == wanted:
            return role
    first = wanted.split()[0]
    found = [r for r, person in people.items() if person.lower().split()[:1] == [first]]
    return found[0] if len(found) == 1 else None


def partners(agreement: Agreement, me: str, user_name: str) -> tuple[str, str | None]:
    """(who I am, who my partner is) by the agreement's names, for sync --keep-both.

    ``me`` is the clone's ``mentorlog.me`` (mentee, mentor or a name), else the git
    user.name is matched against the agreement's names (full or first name). When
    neither says which partner this is: (user.name, None), and the partner's
    name comes from their newest commit.
    """
    names = {"mentee": agreement.mentee, "mentor": agreement.mentor}

    def which(value: str) -> str | None:
        value = value.strip().casefold()
        if not value:
            return None
        if value in names:
            return value
        for role, name in names.items():
            if value in (name.casefold(), (name.split() or [""])[0].casefold()):
                return role
        return None

    role = which(me) or which(user_name)
    if role is None:
        return (me or user_name or "me"), None
    other = "mentor" if role == "mentee" else "mentee"
    return names[role], names[other]
