"""Item refs: the short ref derived from an item's owner and words.

An item without an ``id:`` is known by a ref of :data:`REF_MIN` letters and
digits or more, derived from its owner and words, so it stays the same while
lines are added or moved around it. Pure functions over items.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
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
    seeds = seeds_of([(item.owner or item.owner_token, item.description) for item in plain])
    heads = _first_chars(seeds)

    out: dict[int, str] = {}
    left = None if wanted is None else {id(i) for i in wanted}
    for n in by_age([item.file for item in plain], [item.line for item in plain]):
        item = plain[n]
        if left is not None:
            if not left:
                break
            left.discard(id(item))
        ref = heads[n]
        if ref in taken:  # longer only where it must be (rare)
            ref = _longer(seeds[n], taken)
        out[id(item)] = ref
        taken.add(ref)
    return out


def seeds_of(pairs: list[tuple[str | None, str]]) -> list[str]:
    """The seed of each ``(owner, description)`` of items without an id, in file order
    (:func:`ref_seed`; the n-th item with the same owner and words gets its own)."""
    seen: dict[str, int] = {}
    seeds: list[str] = []
    for owner, description in pairs:  # ref_seed, inline: thousands of items
        seed = f"{owner or ''}\x00{' '.join(description.casefold().split())}"
        n = seen[seed] = seen.get(seed, 0) + 1
        seeds.append(seed if n == 1 else f"{seed}\x00{n}")
    return seeds


def seeded_refs(seeds: list[str], files: list[str], lines: list[int], taken: set[str]) -> list[str]:
    """The ref of each item of :func:`item_refs`, given as its seed (:func:`seeds_of`),
    file and line: the same refs, for callers that hold no items."""
    taken = set(taken)
    heads = _first_chars(seeds)
    out = [""] * len(seeds)
    for n in by_age(files, lines):
        ref = heads[n]
        if ref in taken:
            ref = _longer(seeds[n], taken)
        out[n] = ref
        taken.add(ref)
    return out


def by_age(files: list[str], lines: list[int]) -> list[int]:
    """Positions of items (each a file and a line) from the item written earliest: goal
    files first, then meetings by date, each file by name, then by line (sorted by
    file, not by item: a file's items are usually in line order already)."""
    by_file: dict[str, list[int]] = {}
    for n, file in enumerate(files):
        at = by_file.get(file)
        if at is None:
            by_file[file] = [n]
        else:
            at.append(n)

    def age(file: str) -> tuple[int, dt.date, str]:
        key = meeting_key(file)
        return (0, dt.date.min, file) if key is None else (1, key[0], file)

    order: list[int] = []
    for file in sorted(by_file, key=age):
        at = by_file[file]
        if len(at) > 1:
            lines_of = [lines[n] for n in at]
            if lines_of != sorted(lines_of):
                at.sort(key=lines.__getitem__)  # stable, as sorting every item is
        order.extend(at)
    return order


#: ``ref_digest(seed, REF_MIN)`` needs the digest's value only modulo this: the
#: first character takes 26 values, each of the three others 36 (REF_MIN is 4).
_FIRST_SPAN = 26 * 36 * 36 * 36


def _heads(seeds: list[str]) -> list[int]:
    """The value each seed's first :data:`REF_MIN` characters are made from: two refs
    start the same exactly when these are the same."""
    blake2b = digests.blake2b()
    return [
        int.from_bytes(
            blake2b(seed.encode("utf-8", "surrogatepass"), digest_size=9).digest(), "big"
        )
        % _FIRST_SPAN
        for seed in seeds
    ]


def _first_chars(seeds: list[str]) -> list[str]:
    """``ref_digest(seed, REF_MIN)`` of each seed, made the quick way: one division
    of the long value, then a table of the last two characters (a test holds the
    two ways to each other)."""
    pairs = _pairs()
    first = _REF_FIRST
    alphabet = _REF_ALPHABET
    out = []
    for value in _heads(seeds):
        rest = value // 26
        out.append(first[value % 26] + alphabet[rest % 36] + pairs[rest // 36])
    return out


def first_refs(seeds: list[str], wanted: list[int], taken: set[str]) -> dict[int, str] | None:
    """The refs :func:`item_refs` gives the items at ``wanted`` (positions among the
    items without an id, given as :func:`seeds_of` their seeds), when each is simply
    the first :data:`REF_MIN` characters of its digest; None when one may not be
    (then :func:`item_refs` decides).

    A ref is longer only where those characters are an id, or another item's ref
    starts with them, and every ref starts with its own digest's first characters:
    so a digest whose first characters no other item's digest and no id share is
    the ref itself, without putting every item in order first (the first
    characters are compared as the value they are made from)."""
    heads = _heads(seeds)
    shared = Counter(heads)
    out: dict[int, str] = {}
    for k in wanted:
        if shared[heads[k]] > 1:
            return None
        head = ref_digest(seeds[k], REF_MIN)
        if head in taken:
            return None
        out[k] = head
    return out


@functools.cache
def _pairs() -> list[str]:
    """The third and fourth characters of a ref, by the value left for them."""
    return [a + b for b in _REF_ALPHABET for a in _REF_ALPHABET]


def _longer(seed: str, taken: set[str]) -> str:
    """The shortest ref of ``seed`` longer than :data:`REF_MIN` not in ``taken``."""
    digest = ref_digest(seed, 13)
    length = REF_MIN
    while digest[:length] in taken:
        length += 1
        if length > len(digest):  # all 13 taken: a deliberate clash; go on
            digest += ref_digest(digest, 13)
    return digest[:length]
