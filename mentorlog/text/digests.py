"""hashlib's BLAKE2b and SHA-256, without importing hashlib.

Python builds both into modules of its own (``_blake2``, ``_sha256``; ``_sha2``
from 3.12), which hashlib re-exports; importing hashlib first loads the OpenSSL
library, 5 to 15 ms that a command digesting a few strings would spend for
nothing. Each falls back to hashlib where those modules are missing; a test holds
them to hashlib's answers.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def blake2b() -> Any:
    """``hashlib.blake2b``."""
    try:
        from _blake2 import blake2b as made
    except ImportError:  # another Python: the same function, through hashlib
        from hashlib import blake2b as made
    return made


@functools.cache
def sha256() -> Any:
    """``hashlib.sha256``."""
    try:
        from _sha256 import sha256 as made  # type: ignore[import-not-found]  # Python 3.11
    except ImportError:
        try:
            from _sha2 import sha256 as made  # type: ignore[import-not-found]  # 3.12+
        except ImportError:
            from hashlib import sha256 as made
    return made
