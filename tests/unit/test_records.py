"""The model classes that write their __init__ out behave as @dataclass would make them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
from pathlib import Path
from typing import Any

import pytest

from mentorlog.model import Agreement, Goal, Item, Meeting, Partnership, Progress, Topic
from mentorlog.model.records import Record
from mentorlog.rules.goals import GoalRow
from mentorlog.rules.status import NextMeeting, Status
from mentorlog.rules.task_table import Task
from mentorlog.rules.timeline import MeetingFigures, ReviewMilestone

WRITTEN_OUT = [
    *(Item, Agreement, Meeting, Goal, Partnership, Task),
    *(Status, NextMeeting, MeetingFigures, ReviewMilestone, GoalRow),
]


def usual(cls: type) -> type:
    """The same fields in a dataclass made the usual way (generated methods)."""
    fields = [
        (
            f.name,
            f.type,
            dataclasses.field(
                default=f.default,
                default_factory=f.default_factory,
                init=f.init,
                repr=f.repr,
                compare=f.compare,
            ),
        )
        for f in dataclasses.fields(cls)
    ]
    return dataclasses.make_dataclass(cls.__name__, fields)


def sample(cls: type, n: int) -> dict[str, Any]:
    """A value for each required init field (``n`` varies them)."""
    values: dict[str, Any] = {}
    for k, f in enumerate(dataclasses.fields(cls)):  # each field a value of its own
        day = dt.date(2026, 12, 1) + dt.timedelta(days=n * 50 + k)
        if not f.init or not (
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        ):
            continue
        kind = str(f.type)
        if kind.startswith("dt.date"):
            values[f.name] = day
        elif kind.startswith("int"):
            values[f.name] = n * 50 + k
        elif kind.startswith("bool"):
            values[f.name] = bool(n % 2)
        elif kind.startswith("list"):
            values[f.name] = [f"{f.name}{n}"] if "str" in kind else []
        elif kind.startswith("dict"):
            values[f.name] = {f.name: n}
        elif kind == "Path":
            values[f.name] = Path(f"/r{n}")
        elif kind == "Agreement":
            values[f.name] = Agreement(**sample(Agreement, n))
        else:
            values[f.name] = f"{f.name}-{n}"
    return values


@pytest.mark.parametrize("cls", WRITTEN_OUT, ids=lambda c: c.__name__)
def test_written_out_classes_behave_as_generated_ones(cls: type) -> None:
    assert issubclass(cls, Record) and dataclasses.is_dataclass(cls)
    reference = usual(cls)
    # the same signature: names, order, kinds and defaults (a factory's: None)
    ours = inspect.signature(cls.__init__).parameters
    theirs = inspect.signature(reference.__init__).parameters
    assert list(ours) == list(theirs)
    for name, p in theirs.items():
        if repr(p.default) == "<factory>":  # a fresh list or dict each time: ours is None
            assert ours[name].default is None, name
        else:
            assert ours[name].default == p.default, name
    for n in range(3):
        values = sample(cls, n)
        a, b = cls(**values), reference(**values)
        positional = cls(*values.values())
        assert repr(a).replace(cls.__qualname__, "X") == repr(b).replace(
            reference.__qualname__, "X"
        )
        for f in dataclasses.fields(cls):
            assert getattr(a, f.name) == getattr(b, f.name) == getattr(positional, f.name)
        assert a == positional and (a != positional) is False
        assert a != cls(**sample(cls, n + 1))
        assert a != b  # another class, as two dataclasses are
        with pytest.raises(TypeError):
            hash(a)
        copy = dataclasses.replace(a)
        assert copy == a and copy is not a
        # each instance its own fresh list or dict for a defaulted field
        fresh = [
            f.name for f in dataclasses.fields(cls) if f.default_factory is not dataclasses.MISSING
        ]
        for name in fresh:
            if name not in values:
                assert getattr(a, name) == getattr(b, name)
                assert getattr(a, name) is not getattr(cls(**values), name)


def test_fields_left_out_of_equality_and_repr_stay_out() -> None:
    values = sample(Partnership, 1)
    p, q = Partnership(**values), Partnership(**values)
    p.kept = object()  # type: ignore[assignment]
    assert p == q and "kept" not in repr(p)
    assert dataclasses.replace(p).kept is None


def test_the_other_model_classes_are_usual_dataclasses() -> None:
    for cls in (Topic, Progress):
        assert not issubclass(cls, Record)
        assert Topic(1, "t", [], 2) == Topic(1, "t", [], 2)
