"""Item refs: the short ref derived from an item's owner and words.

An item without an ``id:`` is known by a ref of :data:`REF_MIN` letters and
digits or more, derived from its owner and words, so it stays the same while
lines are added or moved around it. Pure functions over items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from mentorlog.model import Item, Partnership
from mentorlog.model.names import meeting_key
from mentorlog.text import digests

REF_MIN = 4
_REF_FIRST = "abcdefghijklmnopqrstuvwxyz"
_REF_ALPHABET = _REF_FIRST + "0123456789"


def ref_seed(owner: str | None, description: str) -> str:
    """What an item's derived ref is made from: its owner and its words (case and
    spacing do not matter; dates, id and tags are not part of it)."""
    return f"{owner or ''}\x00{' '.join(description.casefold().split())}"


def ref_digest(seed: str, length: int = 13) -> str:
    """A letter, then letters and digits: ``length`` (at most 13) characters derived
    from ``seed``."""
    value = int.from_bytes(
        digests.blake2b()(seed.encode("utf-8", "surrogatepass"), digest_size=9).digest(), "big"
    )
    value, first = divmod(value, 26)
    chars = [_REF_FIRST[first]]
    for _ in range(length - 1):
        value, rest = divmod(value, 36)
        chars.append(_REF_ALPHABET[rest])
    return "".join(chars)


def plain_refs(
    p: Partnership, wanted: Collection[Item] | None = None
) -> dict[tuple[str, int], str]:
    """``(file, line)`` -> ref of every item without an id (or of those ``wanted``, at
    least), as ``followthrough.collect`` gives them (cheaper than ``collect`` when only
    these refs are needed)."""
    items = p.items()
    plain = [i for i in items if not i.id]
    refs = item_refs(plain, {i.id for i in items if i.id}, wanted)
    return {(i.file, i.line): refs[id(i)] for i in plain if id(i) in refs}


def item_refs(
    plain: list[Item], taken: set[str], wanted: Collection[Item] | None = None
) -> dict[int, str]:
    """``id(item)`` -> the short ref of each item without an id, derived from owner and text.

    At least :data:`REF_MIN` characters, longer only where two would be the
    same: the item written earlier (older meeting, goals before meetings,
    higher in the file) keeps the shorter one. The same owner and words a
    second time (in file order) take a different digest. No ref equals an id
    in ``taken``, so lines added or moved elsewhere never change a ref.

    With ``wanted``, refs are made (in the order above) until theirs are: a goal's
    activities come first, so their refs cost little.
    """
    taken = set(taken)
    seen: dict[str, int] = {}
    seeds: dict[int, str] = {}
    for item in plain:  # file order: the n-th item with the same owner and words
        seed = ref_seed(item.owner or item.owner_token, item.description)
        n = seen[seed] = seen.get(seed, 0) + 1
        seeds[id(item)] = seed if n == 1 else f"{seed}\x00{n}"

    when: dict[str, tuple[int, dt.date]] = {}  # per file: goals first, then by meeting date

    def age(item: Item) -> tuple[int, dt.date, str, int]:
        rank = when.get(item.file)
        if rank is None:
            key = meeting_key(item.file)
            rank = when[item.file] = (0, dt.date.min) if key is None else (1, key[0])
        return (*rank, item.file, item.line)

    out: dict[int, str] = {}
    left = None if wanted is None else {id(i) for i in wanted}
    for item in sorted(plain, key=age):
        if left is not None:
            if not left:
                break
            left.discard(id(item))
        seed = seeds[id(item)]
        digest = ref_digest(seed, REF_MIN)  # the first characters are the same
        length = REF_MIN
        while digest[:length] in taken:
            length += 1
            if length > len(digest):  # longer only where it must be (rare)
                digest = ref_digest(seed, 13) if len(digest) < 13 else digest
                if length > len(digest):  # all 13 taken: a deliberate clash; go on
                    digest += ref_digest(digest, 13)
        out[id(item)] = digest[:length]
        taken.add(out[id(item)])
    return out
