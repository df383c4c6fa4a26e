"""Meeting schedule arithmetic: cadences, series dates, meeting kinds (clock times
and zones: :mod:`mentorlog.rules.clock`).

Everything here is a pure function of its arguments (no files, no clock, no
environment), so the rest of mentorlog can plan, check and export meetings from
the same rules.

Cadence grammar (case-insensitive; surrounding and repeated spaces are ignored)::

    weekly                        every week
    biweekly                      every 2 weeks
    every N weeks                 N >= 1 ("every 1 week" also reads)
    monthly                       the anchor's day of the month, each month
    monthly on the ORD WEEKDAY    ORD: first, second, third, fourth or last;
                                  WEEKDAY: an English weekday name or its
                                  three-letter abbreviation (fri, Friday, ...)

Meeting kinds follow the design contract: occurrence 1 is ``first``, the last
is ``closing``, the last occurrence on or before day 90 is the ``checkup``
(partnerships of at least 120 days only), the first on or after the half-way
day is the ``midpoint``, everything else is ``regular``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateutil.rrule import rrule

__all__ = [
    "ACCEPTED_FORMS",
    "CHECKUP_DAY",
    "CHECKUP_MIN_LENGTH",
    "Cadence",
    "CadenceError",
    "Occurrence",
    "Period",
    "add_months",
    "assign_kinds",
    "cadence_dates",
    "day_number",
    "end_from_months",
    "next_occurrence",
    "parse_cadence",
    "periods",
    "plan",
]

#: One-line summary of the cadence grammar, used in every CadenceError message.
ACCEPTED_FORMS = (
    "weekly, biweekly, every N weeks, monthly, "
    "monthly on the first|second|third|fourth|last <weekday>"
)

#: The suitability check-up is the last occurrence on or before this day.
CHECKUP_DAY = 90
#: Partnerships shorter than this many days (end - start) have no check-up.
CHECKUP_MIN_LENGTH = 120

KINDS = ("weeks", "monthly_day", "monthly_weekday")

_ORDINALS: dict[str, int] = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
_ORDINAL_WORDS: dict[int, str] = {n: word for word, n in _ORDINALS.items()}

_WEEKDAY_NAMES = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
_WEEKDAYS: dict[str, int] = {}
for _index, _name in enumerate(_WEEKDAY_NAMES):
    _WEEKDAYS[_name] = _index
    _WEEKDAYS[_name[:3]] = _index

_EVERY_RE = re.compile(r"every (\d+) weeks?")
_MONTHLY_ON_RE = re.compile(r"monthly on the (\S+) (\S+)")


class CadenceError(ValueError):
    """A cadence text (or a set of cadence changes) that cannot be used.

    The message is a single line that says what is wrong and lists the accepted
    forms, so it can be shown to the user as it is.
    """


def _cadence_error(text: object, problem: str) -> CadenceError:
    return CadenceError(f"cadence {text!r}: {problem}; use one of: {ACCEPTED_FORMS}")


@dataclass(frozen=True)
class Cadence:
    """A parsed cadence.

    ``text`` is the user's text exactly as given; the other fields are what it
    means. Only the fields that belong to ``kind`` carry meaning: ``interval``
    for ``weeks``, ``nth`` and ``weekday`` for ``monthly_weekday``. A
    ``monthly_day`` cadence takes its day of the month from the series anchor.
    """

    text: str
    kind: str
    interval: int = 1
    nth: int = 0
    weekday: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise CadenceError(f"unknown cadence kind {self.kind!r}; expected one of {KINDS}")
        if self.kind == "weeks" and self.interval < 1:
            raise _cadence_error(self.text, "the number of weeks must be at least 1")
        if self.kind == "monthly_weekday":
            if self.nth not in _ORDINAL_WORDS:
                raise _cadence_error(self.text, f"nth must be 1-4 or -1, not {self.nth}")
            if not 0 <= self.weekday <= 6:
                raise _cadence_error(self.text, f"weekday must be 0-6, not {self.weekday}")

    def describe(self, anchor: date | None = None) -> str:
        """The cadence in plain words.

        >>> parse_cadence("biweekly").describe()
        'every 2 weeks'
        >>> parse_cadence("Monthly on the last fri").describe()
        'monthly on the last Friday'
        >>> parse_cadence("monthly").describe(date(2027, 1, 31))
        "monthly on day 31 (or the month's last day)"

        A ``monthly`` cadence needs the series anchor to name its day; without
        one it reads "monthly on the same day of the month".
        """
        if self.kind == "weeks":
            return "weekly" if self.interval == 1 else f"every {self.interval} weeks"
        if self.kind == "monthly_weekday":
            weekday = _WEEKDAY_NAMES[self.weekday].capitalize()
            return f"monthly on the {_ORDINAL_WORDS[self.nth]} {weekday}"
        if anchor is None:
            return "monthly on the same day of the month"
        if anchor.day >= 29:
            return f"monthly on day {anchor.day} (or the month's last day)"
        return f"monthly on day {anchor.day}"


def parse_cadence(text: str) -> Cadence:
    """Parse a cadence text; raise CadenceError when it is not in the grammar.

    >>> parse_cadence("  Every 3  WEEKS ")
    Cadence(text='  Every 3  WEEKS ', kind='weeks', interval=3, nth=0, weekday=0)
    """
    if not isinstance(text, str):
        raise _cadence_error(text, f"expected text, got {type(text).__name__}")
    words = " ".join(text.split()).lower()
    if not words:
        raise _cadence_error(text, "it is empty")
    if words == "weekly":
        return Cadence(text, "weeks", interval=1)
    if words == "biweekly":
        return Cadence(text, "weeks", interval=2)
    if words == "monthly":
        return Cadence(text, "monthly_day")
    every = _EVERY_RE.fullmatch(words)
    if every:
        interval = int(every.group(1))
        if interval < 1:
            raise _cadence_error(text, "the number of weeks must be at least 1")
        return Cadence(text, "weeks", interval=interval)
    monthly_on = _MONTHLY_ON_RE.fullmatch(words)
    if monthly_on:
        ordinal, weekday_word = monthly_on.groups()
        if ordinal not in _ORDINALS:
            raise _cadence_error(text, f"unknown position {ordinal!r}")
        if weekday_word not in _WEEKDAYS:
            raise _cadence_error(text, f"unknown weekday {weekday_word!r}")
        return Cadence(
            text, "monthly_weekday", nth=_ORDINALS[ordinal], weekday=_WEEKDAYS[weekday_word]
        )
    raise _cadence_error(text, "not a known cadence")


def add_months(d: date, months: int) -> date:
    """``d`` moved by ``months`` calendar months (may be negative).

    A day that the target month lacks is clamped to that month's last day:
    2027-01-31 + 1 -> 2027-02-28, 2028-01-31 + 1 -> 2028-02-29,
    2027-03-31 - 1 -> 2027-02-28.
    """
    from dateutil.relativedelta import relativedelta

    return d + relativedelta(months=months)


def end_from_months(start: date, months: int) -> date:
    """The last day (inclusive) of a partnership of ``months`` months from ``start``.

    The partnership runs up to, not including, the same day of the month
    ``months`` months later. When that month has no such day (start on the
    29th-31st), the anniversary falls on the first day of the following month,
    so the partnership takes in the whole of the short month:

    - 2026-12-01 + 6 -> 2027-05-31 (a start on the 1st ends on the last day of
      month N - 1)
    - 2026-12-15 + 6 -> 2027-06-14
    - 2027-01-31 + 1 -> 2027-02-28 (not 02-27: February has no 31st)
    - 2028-01-31 + 1 -> 2028-02-29 (leap year)
    - 2028-01-29 + 1 -> 2028-02-28 (the 29th exists in a leap February)
    - 2027-03-31 + 1 -> 2027-04-30

    >>> end_from_months(date(2027, 1, 31), 1)
    datetime.date(2027, 2, 28)

    ``months`` must be at least 1.
    """
    if months < 1:
        raise ValueError(f"a partnership lasts at least 1 month, not {months}")
    moved = add_months(start, months)
    # clamped to a short month's last day: the anniversary is the day after it
    return moved if moved.day != start.day else moved - timedelta(days=1)


def day_number(start: date, d: date) -> int:
    """Day N of the partnership: ``start`` is day 0."""
    return (d - start).days


def cadence_dates(cadence: Cadence, anchor: date, until: date) -> list[date]:
    """The dates of one series from ``anchor`` to ``until`` inclusive, ascending.

    - ``weeks``: anchor, anchor + interval weeks, ...
    - ``monthly_day``: the anchor's day of the month, each month; in a month
      without that day, the month's last day. Each date is computed from the
      anchor, so a series from the 31st returns to the 31st in long months.
    - ``monthly_weekday``: the nth (or last) weekday of each month, from the
      first such date on or after the anchor.

    An ``until`` before ``anchor`` gives no dates.
    """
    if until < anchor:
        return []
    if cadence.kind == "weeks":  # as dateutil's WEEKLY rule gives them (a test compares)
        step = 7 * cadence.interval
        return [anchor + timedelta(days=d) for d in range(0, (until - anchor).days + 1, step)]
    return [moment.date() for moment in _recurrence(cadence, anchor, until)]


def _recurrence(cadence: Cadence, anchor: date, until: date) -> rrule:
    """A monthly cadence as dateutil's rule."""
    # imported here: dateutil.rrule brings six and locale along (a few ms at startup)
    from dateutil.rrule import MONTHLY, rrule
    from dateutil.rrule import weekday as rrule_weekday

    start = datetime.combine(anchor, time())
    end = datetime.combine(until, time())
    if cadence.kind == "monthly_day":
        # the anchor's day, else the month's last day: the last of (28 .. day) it has
        day = anchor.day
        return rrule(
            MONTHLY, dtstart=start, until=end, bymonthday=range(min(day, 28), day + 1), bysetpos=-1
        )
    return rrule(
        MONTHLY, dtstart=start, until=end, byweekday=rrule_weekday(cadence.weekday, cadence.nth)
    )


@dataclass(frozen=True)
class Period:
    """One cadence series: from ``start`` (its anchor) to ``end`` inclusive."""

    start: date
    end: date
    cadence: Cadence


def periods(
    start: date, end: date, cadence: str, changes: Sequence[tuple[date, str]] = ()
) -> list[Period]:
    """Split ``start``..``end`` into cadence periods.

    ``changes`` are ``(from, cadence text)`` pairs in any order. From each
    change's date on, its cadence applies, in a new series anchored at that
    date. A change on or before ``start`` replaces the initial cadence (the
    latest such change wins, anchored at ``start``); a change after ``end`` is
    ignored. Two changes on the same date raise CadenceError, and so does any
    cadence text that does not parse, including one that is replaced or
    ignored: it is still a mistake in the user's file.

    Raises ValueError when ``end`` is before ``start``.
    """
    if end < start:
        raise ValueError(f"end {end.isoformat()} is before start {start.isoformat()}")
    current = parse_cadence(cadence)
    ordered = sorted(changes, key=lambda change: change[0])
    parsed: list[tuple[date, Cadence]] = []
    for index, (when, text) in enumerate(ordered):
        if index and ordered[index - 1][0] == when:
            raise CadenceError(
                f"two cadence changes from {when.isoformat()}; keep one of them "
                f"(each change takes one of: {ACCEPTED_FORMS})"
            )
        parsed.append((when, parse_cadence(text)))
    later: list[tuple[date, Cadence]] = []
    for when, new in parsed:
        if when <= start:
            current = new
        elif when <= end:
            later.append((when, new))
    result: list[Period] = []
    period_start = start
    for when, new in later:
        result.append(Period(period_start, when - timedelta(days=1), current))
        period_start, current = when, new
    result.append(Period(period_start, end, current))
    return result


@dataclass(frozen=True)
class Occurrence:
    """One planned meeting: its 1-based number, date, kind and period index."""

    number: int
    date: date
    kind: str
    period: int


def assign_kinds(dates: Sequence[date], start: date, end: date) -> list[str]:
    """The meeting kind of each of ``dates`` (ascending) in a ``start``..``end`` partnership.

    - the first date is ``first``; the last is ``closing`` (when there are two or more);
    - ``checkup``: the last date on or before day 90, only when
      ``(end - start).days >= 120``;
    - ``midpoint``: the first date on or after day ``(end - start).days // 2``;
    - when checkup and midpoint fall on the same date, the checkup moves to the
      date before it;
    - a checkup or midpoint that lands on the first or the last date is dropped;
    - everything else is ``regular``.
    """
    count = len(dates)
    if any(later < earlier for earlier, later in zip(dates, dates[1:], strict=False)):
        raise ValueError("meeting dates must be in ascending order")
    kinds = ["regular"] * count
    if count == 0:
        return kinds
    length = (end - start).days
    days = [day_number(start, d) for d in dates]

    midpoint: int | None = next((i for i, n in enumerate(days) if n >= length // 2), None)
    checkup: int | None = None
    if length >= CHECKUP_MIN_LENGTH:
        checkup = next((i for i in reversed(range(count)) if days[i] <= CHECKUP_DAY), None)
    if checkup is not None and checkup == midpoint:
        checkup -= 1

    if checkup is not None and 0 < checkup < count - 1:
        kinds[checkup] = "checkup"
    if midpoint is not None and 0 < midpoint < count - 1:
        kinds[midpoint] = "midpoint"
    kinds[0] = "first"
    if count >= 2:
        kinds[-1] = "closing"
    return kinds


def plan(
    start: date, end: date, cadence: str, changes: Sequence[tuple[date, str]] = ()
) -> list[Occurrence]:
    """Every planned occurrence from ``start`` to ``end`` inclusive, numbered from 1.

    The dates are those of each period's series (see :func:`periods`); the
    kinds come from :func:`assign_kinds` over the whole partnership.
    """
    dated: list[tuple[date, int]] = []
    for index, period in enumerate(periods(start, end, cadence, changes)):
        dated.extend((d, index) for d in cadence_dates(period.cadence, period.start, period.end))
    kinds = assign_kinds([d for d, _ in dated], start, end)
    return [
        Occurrence(number, d, kind, index)
        for number, ((d, index), kind) in enumerate(zip(dated, kinds, strict=True), start=1)
    ]


def next_occurrence(
    occurrences: Sequence[Occurrence], today: date, taken: Collection[date]
) -> Occurrence | None:
    """The earliest occurrence on or after ``today`` whose date is not in ``taken``.

    ``taken`` holds the dates that already have a meeting file. Returns None
    when no such occurrence is left.
    """
    busy = set(taken)
    candidates = [o for o in occurrences if o.date >= today and o.date not in busy]
    return min(candidates, key=lambda o: (o.date, o.number), default=None)
