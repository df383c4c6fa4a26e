"""Equality and repr by fields for the model's large dataclasses, without generated code.

``@dataclass`` compiles an ``__init__``, ``__repr__`` and ``__eq__`` for each class
every time the program starts: for the model's big classes, a tenth of what a
warm read costs. Those classes keep ``@dataclass`` for their fields (so
``dataclasses.fields`` and ``replace`` work), write their ``__init__`` out, and
take ``__repr__`` and ``__eq__`` from :class:`Record`, which behave as the
generated ones do (a test compares them with a dataclass made the usual way).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar, TypeVar

R = TypeVar("R", bound="Record")


class Record:
    """``__repr__`` and ``__eq__`` as ``@dataclass`` makes them (see :func:`by_fields`)."""

    __slots__ = ()
    _shown: ClassVar[tuple[str, ...]] = ()
    _compared: ClassVar[Callable[[Any], Any]]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            compared = type(self)._compared
            return bool(compared(self) == compared(other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # (mutable, like an eq dataclass)


def by_fields(cls: type[R]) -> type[R]:
    """Give a ``@dataclass(init=False, repr=False, eq=False)`` subclass of :class:`Record`
    the fields its repr shows and its equality compares, as ``@dataclass`` would."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    compared = [f.name for f in fields if f.compare]
    cls._shown = tuple(f.name for f in fields if f.repr)
    cls._compared = attrgetter(*compared, "__class__")  # a tuple, always
    return cls
