"""Tests for mentorlog.rules.schedule: cadences, series dates, meeting kinds, clock and zones."""

from __future__ import annotations

import calendar
import doctest
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.model.clock import parse_clock
from mentorlog.rules import schedule
from mentorlog.rules.clock import local_to_utc
from mentorlog.rules.schedule import (
    Cadence,
    CadenceError,
    Occurrence,
    Period,
    add_months,
    assign_kinds,
    cadence_dates,
    day_number,
    end_from_months,
    next_occurrence,
    parse_cadence,
    periods,
    plan,
)

D = date


def test_docstring_examples() -> None:
    result = doctest.testmod(schedule, globs={**vars(schedule)})
    assert result.attempted >= 5
    assert result.failed == 0


# --------------------------------------------------------------------------- parse_cadence


@pytest.mark.parametrize(
    ("text", "kind", "interval", "nth", "weekday"),
    [
        ("weekly", "weeks", 1, 0, 0),
        ("WEEKLY", "weeks", 1, 0, 0),
        ("biweekly", "weeks", 2, 0, 0),
        ("  BiWeekly  ", "weeks", 2, 0, 0),
        ("every 3 weeks", "weeks", 3, 0, 0),
        ("Every   4\tWeeks ", "weeks", 4, 0, 0),
        ("every 1 week", "weeks", 1, 0, 0),
        ("every 1 weeks", "weeks", 1, 0, 0),
        ("every 12 weeks", "weeks", 12, 0, 0),
        ("monthly", "monthly_day", 1, 0, 0),
        (" Monthly ", "monthly_day", 1, 0, 0),
        ("monthly on the first monday", "monthly_weekday", 1, 1, 0),
        ("monthly on the second Tuesday", "monthly_weekday", 1, 2, 1),
        ("monthly on the third wed", "monthly_weekday", 1, 3, 2),
        ("monthly on the fourth THURSDAY", "monthly_weekday", 1, 4, 3),
        ("Monthly  on  the  last  Friday", "monthly_weekday", 1, -1, 4),
        ("monthly on the last fri", "monthly_weekday", 1, -1, 4),
        ("monthly on the first sat", "monthly_weekday", 1, 1, 5),
        ("monthly on the last sunday", "monthly_weekday", 1, -1, 6),
        ("monthly on the second sun", "monthly_weekday", 1, 2, 6),
    ],
)
def test_parse_cadence_accepted_forms(
    text: str, kind: str, interval: int, nth: int, weekday: int
) -> None:
    cadence = parse_cadence(text)
    assert cadence == Cadence(text, kind, interval=interval, nth=nth, weekday=weekday)
    assert cadence.text == text  # kept as written


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("daily", "not a known cadence"),
        ("fortnightly", "not a known cadence"),
        ("bi-weekly", "not a known cadence"),
        ("every week", "not a known cadence"),
        ("every two weeks", "not a known cadence"),
        ("every 0 weeks", "at least 1"),
        ("every -2 weeks", "not a known cadence"),
        ("every 2 days", "not a known cadence"),
        ("every 2.5 weeks", "not a known cadence"),
        ("weekly on monday", "not a known cadence"),
        ("monthly on the fifth friday", "unknown position 'fifth'"),
        ("monthly on the 1st friday", "unknown position '1st'"),
        ("monthly on the last fryday", "unknown weekday 'fryday'"),
        ("monthly on the last fr", "unknown weekday 'fr'"),
        ("monthly on last friday", "not a known cadence"),
        ("monthly on the last", "not a known cadence"),
        ("monthly on the 15th", "not a known cadence"),
        ("monthlyish", "not a known cadence"),
    ],
)
def test_parse_cadence_rejects(text: str, fragment: str) -> None:
    with pytest.raises(CadenceError) as info:
        parse_cadence(text)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message
    assert repr(text) in message
    # every message lists the accepted forms
    for form in ("weekly", "biweekly", "every N weeks", "monthly on the first|second"):
        assert form in message


def test_cadence_error_is_value_error() -> None:
    assert issubclass(CadenceError, ValueError)


def test_parse_cadence_rejects_non_text() -> None:
    with pytest.raises(CadenceError, match="expected text"):
        parse_cadence(2)  # type: ignore[arg-type]


def test_cadence_error_message_is_one_line_for_multiline_text() -> None:
    with pytest.raises(CadenceError) as info:
        parse_cadence("weekly\nand more")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": "daily"},
        {"kind": "weeks", "interval": 0},
        {"kind": "monthly_weekday", "nth": 0, "weekday": 1},
        {"kind": "monthly_weekday", "nth": 5, "weekday": 1},
        {"kind": "monthly_weekday", "nth": 1, "weekday": 7},
    ],
)
def test_cadence_validates_fields(kwargs: dict[str, int | str]) -> None:
    with pytest.raises(CadenceError):
        Cadence("x", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "anchor", "words"),
    [
        ("weekly", None, "weekly"),
        ("every 1 week", None, "weekly"),
        ("biweekly", None, "every 2 weeks"),
        ("every 3 weeks", None, "every 3 weeks"),
        ("monthly on the last fri", None, "monthly on the last Friday"),
        ("monthly on the fourth thu", None, "monthly on the fourth Thursday"),
        ("monthly on the first Monday", None, "monthly on the first Monday"),
        ("monthly", None, "monthly on the same day of the month"),
        ("monthly", D(2027, 1, 15), "monthly on day 15"),
        ("monthly", D(2027, 1, 28), "monthly on day 28"),
        ("monthly", D(2027, 1, 29), "monthly on day 29 (or the month's last day)"),
        ("monthly", D(2027, 1, 31), "monthly on day 31 (or the month's last day)"),
    ],
)
def test_describe(text: str, anchor: date | None, words: str) -> None:
    assert parse_cadence(text).describe(anchor) == words


# --------------------------------------------------------------------------- cadence_dates


def test_weekly_dates() -> None:
    assert cadence_dates(parse_cadence("weekly"), D(2026, 12, 1), D(2026, 12, 29)) == [
        D(2026, 12, 1),
        D(2026, 12, 8),
        D(2026, 12, 15),
        D(2026, 12, 22),
        D(2026, 12, 29),
    ]


def test_weekly_until_just_before_next() -> None:
    assert cadence_dates(parse_cadence("weekly"), D(2026, 12, 1), D(2026, 12, 28)) == [
        D(2026, 12, 1),
        D(2026, 12, 8),
        D(2026, 12, 15),
        D(2026, 12, 22),
    ]


def test_biweekly_dates_across_new_year() -> None:
    assert cadence_dates(parse_cadence("biweekly"), D(2026, 12, 1), D(2027, 1, 12)) == [
        D(2026, 12, 1),
        D(2026, 12, 15),
        D(2026, 12, 29),
        D(2027, 1, 12),
    ]


def test_every_three_weeks_dates() -> None:
    assert cadence_dates(parse_cadence("every 3 weeks"), D(2026, 12, 1), D(2027, 1, 31)) == [
        D(2026, 12, 1),
        D(2026, 12, 22),
        D(2027, 1, 12),
    ]


def test_every_one_week_equals_weekly() -> None:
    anchor, until = D(2027, 2, 20), D(2027, 4, 2)
    assert cadence_dates(parse_cadence("every 1 week"), anchor, until) == cadence_dates(
        parse_cadence("weekly"), anchor, until
    )


def test_single_day_and_empty_range() -> None:
    weekly = parse_cadence("weekly")
    assert cadence_dates(weekly, D(2027, 1, 1), D(2027, 1, 1)) == [D(2027, 1, 1)]
    assert cadence_dates(weekly, D(2027, 1, 2), D(2027, 1, 1)) == []
    assert cadence_dates(parse_cadence("monthly"), D(2027, 1, 2), D(2027, 1, 1)) == []


def test_huge_interval_gives_only_anchor() -> None:
    cadence = parse_cadence("every 1000000000 weeks")
    assert cadence_dates(cadence, D(2027, 1, 1), D(2099, 1, 1)) == [D(2027, 1, 1)]


def test_monthly_same_day() -> None:
    assert cadence_dates(parse_cadence("monthly"), D(2026, 12, 15), D(2027, 4, 15)) == [
        D(2026, 12, 15),
        D(2027, 1, 15),
        D(2027, 2, 15),
        D(2027, 3, 15),
        D(2027, 4, 15),
    ]


def test_monthly_until_before_the_day() -> None:
    assert cadence_dates(parse_cadence("monthly"), D(2026, 12, 15), D(2027, 2, 14)) == [
        D(2026, 12, 15),
        D(2027, 1, 15),
    ]


def test_monthly_from_31st_through_non_leap_and_leap_february() -> None:
    assert cadence_dates(parse_cadence("monthly"), D(2027, 1, 31), D(2028, 4, 30)) == [
        D(2027, 1, 31),
        D(2027, 2, 28),  # non-leap February
        D(2027, 3, 31),  # back to the 31st
        D(2027, 4, 30),
        D(2027, 5, 31),
        D(2027, 6, 30),
        D(2027, 7, 31),
        D(2027, 8, 31),
        D(2027, 9, 30),
        D(2027, 10, 31),
        D(2027, 11, 30),
        D(2027, 12, 31),
        D(2028, 1, 31),
        D(2028, 2, 29),  # leap February
        D(2028, 3, 31),
        D(2028, 4, 30),
    ]


def test_monthly_from_29th_and_30th() -> None:
    monthly = parse_cadence("monthly")
    assert cadence_dates(monthly, D(2027, 1, 29), D(2027, 4, 30)) == [
        D(2027, 1, 29),
        D(2027, 2, 28),
        D(2027, 3, 29),
        D(2027, 4, 29),
    ]
    assert cadence_dates(monthly, D(2028, 1, 30), D(2028, 3, 30)) == [
        D(2028, 1, 30),
        D(2028, 2, 29),
        D(2028, 3, 30),
    ]


def test_monthly_last_friday() -> None:
    cadence = parse_cadence("monthly on the last Friday")
    assert cadence_dates(cadence, D(2027, 1, 1), D(2027, 6, 30)) == [
        D(2027, 1, 29),
        D(2027, 2, 26),
        D(2027, 3, 26),
        D(2027, 4, 30),
        D(2027, 5, 28),
        D(2027, 6, 25),
    ]


def test_monthly_last_friday_anchor_after_this_months() -> None:
    cadence = parse_cadence("monthly on the last fri")
    assert cadence_dates(cadence, D(2027, 1, 30), D(2027, 3, 26)) == [
        D(2027, 2, 26),
        D(2027, 3, 26),
    ]


def test_monthly_fourth_thursday() -> None:
    cadence = parse_cadence("monthly on the fourth thursday")
    assert cadence_dates(cadence, D(2027, 1, 1), D(2027, 4, 30)) == [
        D(2027, 1, 28),
        D(2027, 2, 25),
        D(2027, 3, 25),
        D(2027, 4, 22),
    ]


def test_monthly_first_monday_skips_a_match_before_anchor() -> None:
    cadence = parse_cadence("monthly on the first mon")
    assert cadence_dates(cadence, D(2027, 1, 5), D(2027, 4, 30)) == [
        D(2027, 2, 1),
        D(2027, 3, 1),
        D(2027, 4, 5),
    ]


def test_monthly_weekday_anchor_on_the_match_is_included() -> None:
    cadence = parse_cadence("monthly on the second tuesday")
    assert cadence_dates(cadence, D(2027, 1, 12), D(2027, 3, 9)) == [
        D(2027, 1, 12),
        D(2027, 2, 9),
        D(2027, 3, 9),
    ]


def test_monthly_weekday_until_before_first_match() -> None:
    cadence = parse_cadence("monthly on the last friday")
    assert cadence_dates(cadence, D(2027, 1, 1), D(2027, 1, 28)) == []


# --------------------------------------------------------------------------- periods


def test_periods_without_changes() -> None:
    assert periods(D(2026, 12, 1), D(2027, 5, 31), "biweekly") == [
        Period(D(2026, 12, 1), D(2027, 5, 31), parse_cadence("biweekly"))
    ]


CHANGES = [
    (D(2027, 3, 9), "monthly"),  # deliberately out of order
    (D(2027, 1, 12), "biweekly"),
]


def test_periods_weekly_then_biweekly_then_monthly() -> None:
    assert periods(D(2026, 12, 1), D(2027, 5, 31), "weekly", CHANGES) == [
        Period(D(2026, 12, 1), D(2027, 1, 11), parse_cadence("weekly")),
        Period(D(2027, 1, 12), D(2027, 3, 8), parse_cadence("biweekly")),
        Period(D(2027, 3, 9), D(2027, 5, 31), parse_cadence("monthly")),
    ]


def test_plan_weekly_then_biweekly_then_monthly() -> None:
    occurrences = plan(D(2026, 12, 1), D(2027, 5, 31), "weekly", CHANGES)
    assert [o.date for o in occurrences] == [
        D(2026, 12, 1),
        D(2026, 12, 8),
        D(2026, 12, 15),
        D(2026, 12, 22),
        D(2026, 12, 29),
        D(2027, 1, 5),
        D(2027, 1, 12),  # biweekly series starts on its `from` date
        D(2027, 1, 26),
        D(2027, 2, 9),
        D(2027, 2, 23),
        D(2027, 3, 9),  # monthly series anchored on the 9th
        D(2027, 4, 9),
        D(2027, 5, 9),
    ]
    assert [o.period for o in occurrences] == [0] * 6 + [1] * 4 + [2] * 3
    assert [o.number for o in occurrences] == list(range(1, 14))
    # days 0 7 14 21 28 35 42 56 70 84 98 129 159; length 181, half 90
    assert [o.kind for o in occurrences] == [
        "first",
        *["regular"] * 8,
        "checkup",  # 2027-02-23, day 84: last on or before day 90
        "midpoint",  # 2027-03-09, day 98: first on or after day 90
        "regular",
        "closing",
    ]


def test_change_to_monthly_weekday_starts_at_first_match_on_or_after() -> None:
    occurrences = plan(
        D(2027, 1, 4), D(2027, 4, 30), "weekly", [(D(2027, 2, 3), "monthly on the first monday")]
    )
    assert [o.date for o in occurrences] == [
        D(2027, 1, 4),
        D(2027, 1, 11),
        D(2027, 1, 18),
        D(2027, 1, 25),
        D(2027, 2, 1),
        D(2027, 3, 1),  # Feb 1 is before the change on Feb 3
        D(2027, 4, 5),
    ]


def test_change_before_start_replaces_initial_cadence() -> None:
    result = periods(D(2026, 12, 1), D(2027, 1, 31), "weekly", [(D(2026, 11, 1), "biweekly")])
    assert result == [Period(D(2026, 12, 1), D(2027, 1, 31), parse_cadence("biweekly"))]


def test_change_on_start_replaces_initial_cadence() -> None:
    result = periods(D(2026, 12, 1), D(2027, 1, 31), "weekly", [(D(2026, 12, 1), "every 3 weeks")])
    assert result == [Period(D(2026, 12, 1), D(2027, 1, 31), parse_cadence("every 3 weeks"))]


def test_latest_change_on_or_before_start_wins() -> None:
    result = periods(
        D(2026, 12, 1),
        D(2027, 1, 31),
        "weekly",
        [(D(2026, 12, 1), "every 3 weeks"), (D(2026, 10, 1), "biweekly")],
    )
    assert [p.cadence.text for p in result] == ["every 3 weeks"]


def test_change_after_end_is_ignored() -> None:
    result = periods(D(2026, 12, 1), D(2027, 1, 31), "weekly", [(D(2027, 2, 1), "monthly")])
    assert result == [Period(D(2026, 12, 1), D(2027, 1, 31), parse_cadence("weekly"))]


def test_change_on_end_makes_one_day_period() -> None:
    result = periods(D(2026, 12, 1), D(2027, 1, 31), "weekly", [(D(2027, 1, 31), "monthly")])
    assert result[-1] == Period(D(2027, 1, 31), D(2027, 1, 31), parse_cadence("monthly"))
    assert result[0].end == D(2027, 1, 30)


def test_same_date_changes_are_an_error() -> None:
    with pytest.raises(CadenceError, match="2027-01-12"):
        periods(
            D(2026, 12, 1),
            D(2027, 5, 31),
            "weekly",
            [(D(2027, 1, 12), "biweekly"), (D(2027, 3, 1), "monthly"), (D(2027, 1, 12), "monthly")],
        )


def test_bad_cadence_text_in_periods() -> None:
    with pytest.raises(CadenceError, match="'sometimes'"):
        periods(D(2026, 12, 1), D(2027, 5, 31), "sometimes")
    with pytest.raises(CadenceError, match="'every 0 weeks'"):
        periods(D(2026, 12, 1), D(2027, 5, 31), "weekly", [(D(2027, 1, 1), "every 0 weeks")])


def test_bad_text_in_ignored_change_is_still_an_error() -> None:
    with pytest.raises(CadenceError):
        periods(D(2026, 12, 1), D(2027, 5, 31), "weekly", [(D(2030, 1, 1), "oftener")])


def test_end_before_start_is_an_error() -> None:
    with pytest.raises(ValueError, match="before start"):
        periods(D(2027, 1, 1), D(2026, 12, 31), "weekly")
    with pytest.raises(ValueError, match="before start"):
        plan(D(2027, 1, 1), D(2026, 12, 31), "weekly")


# --------------------------------------------------------------------------- kinds


def test_six_month_biweekly_partnership() -> None:
    # 2026-12-01 .. 2027-05-31: length 181 days, half-way day 90.
    # Biweekly meetings on days 0, 14, ..., 168 (day 182 is past the end): 13 of them.
    occurrences = plan(D(2026, 12, 1), D(2027, 5, 31), "biweekly")
    assert len(occurrences) == 13
    by_kind: dict[str, list[tuple[int, date]]] = {}
    for o in occurrences:
        by_kind.setdefault(o.kind, []).append((o.number, o.date))
    assert by_kind["first"] == [(1, D(2026, 12, 1))]
    assert by_kind["checkup"] == [(7, D(2027, 2, 23))]  # day 84 <= 90 < day 98
    assert by_kind["midpoint"] == [(8, D(2027, 3, 9))]  # day 98 >= 90
    assert by_kind["closing"] == [(13, D(2027, 5, 18))]  # day 168
    assert len(by_kind["regular"]) == 9
    assert {o.period for o in occurrences} == {0}


def test_checkup_and_midpoint_collision() -> None:
    # 2027-01-01 .. 2027-06-30: length 180, half 90. Monthly on the 1st:
    # days 0, 31, 59, 90, 120, 151. Day 90 (Apr 1) is both the last on or before
    # day 90 and the first on or after day 90: the checkup moves to Mar 1.
    occurrences = plan(D(2027, 1, 1), D(2027, 6, 30), "monthly")
    assert [(o.date, o.kind) for o in occurrences] == [
        (D(2027, 1, 1), "first"),
        (D(2027, 2, 1), "regular"),
        (D(2027, 3, 1), "checkup"),
        (D(2027, 4, 1), "midpoint"),
        (D(2027, 5, 1), "regular"),
        (D(2027, 6, 1), "closing"),
    ]


def test_collision_pushing_checkup_onto_first_drops_it() -> None:
    start = D(2027, 1, 1)
    dates = [start, start + timedelta(days=60), start + timedelta(days=100)]
    assert assign_kinds(dates, start, start + timedelta(days=120)) == [
        "first",
        "midpoint",
        "closing",
    ]


def test_short_partnership_has_no_checkup() -> None:
    # 2027-01-04 .. 2027-03-31: length 86 < 120. Weekly on days 0..84; half 43 -> day 49.
    occurrences = plan(D(2027, 1, 4), D(2027, 3, 31), "weekly")
    kinds = [o.kind for o in occurrences]
    assert len(kinds) == 13
    assert "checkup" not in kinds
    assert kinds.index("midpoint") == 7
    assert occurrences[7].date == D(2027, 2, 22)
    assert kinds[0] == "first"
    assert kinds[-1] == "closing"
    assert kinds.count("regular") == 10


def test_checkup_length_threshold() -> None:
    start = D(2027, 1, 1)
    dates = [start + timedelta(days=n) for n in (0, 30, 60, 90, 110, 119)]
    # length 119: no checkup; midpoint first on or after day 59 -> day 60
    assert assign_kinds(dates, start, start + timedelta(days=119)) == [
        "first",
        "regular",
        "midpoint",
        "regular",
        "regular",
        "closing",
    ]
    # length 120: checkup on day 90; midpoint first on or after day 60
    assert assign_kinds(dates, start, start + timedelta(days=120)) == [
        "first",
        "regular",
        "midpoint",
        "checkup",
        "regular",
        "closing",
    ]


def test_checkup_on_day_90_exactly_and_day_91() -> None:
    start = D(2027, 1, 1)
    end = start + timedelta(days=300)
    on = [start + timedelta(days=n) for n in (0, 45, 90, 200, 250)]
    assert assign_kinds(on, start, end)[2] == "checkup"
    off = [start + timedelta(days=n) for n in (0, 45, 91, 200, 250)]
    assert assign_kinds(off, start, end)[1:3] == ["checkup", "regular"]


def test_midpoint_may_precede_checkup_in_a_short_partnership() -> None:
    # 2027-01-04 .. 2027-05-04: length 120, half 60. Weekly: midpoint day 63, checkup day 84.
    occurrences = plan(D(2027, 1, 4), D(2027, 5, 4), "weekly")
    marked = [(o.number, o.date, o.kind) for o in occurrences if o.kind in ("checkup", "midpoint")]
    assert marked == [(10, D(2027, 3, 8), "midpoint"), (13, D(2027, 3, 29), "checkup")]


def test_single_and_two_occurrences() -> None:
    start, end = D(2027, 1, 1), D(2027, 12, 31)
    assert assign_kinds([], start, end) == []
    assert assign_kinds([start], start, end) == ["first"]
    assert assign_kinds([start, D(2027, 6, 1)], start, end) == ["first", "closing"]
    assert [o.kind for o in plan(start, start, "weekly")] == ["first"]
    assert [o.kind for o in plan(start, D(2027, 1, 8), "weekly")] == ["first", "closing"]


def test_three_occurrences_midpoint_in_the_middle() -> None:
    start = D(2027, 1, 1)
    dates = [start, start + timedelta(days=50), start + timedelta(days=100)]
    assert assign_kinds(dates, start, start + timedelta(days=100)) == [
        "first",
        "midpoint",
        "closing",
    ]


def test_midpoint_on_last_occurrence_is_dropped() -> None:
    start = D(2027, 1, 1)
    dates = [start, start + timedelta(days=10), start + timedelta(days=100)]
    assert assign_kinds(dates, start, start + timedelta(days=100)) == [
        "first",
        "regular",
        "closing",
    ]


def test_checkup_on_first_occurrence_is_dropped() -> None:
    start = D(2027, 1, 1)
    dates = [start + timedelta(days=n) for n in (0, 95, 150, 200)]
    assert assign_kinds(dates, start, start + timedelta(days=200)) == [
        "first",
        "regular",
        "midpoint",
        "closing",
    ]


def test_assign_kinds_needs_ascending_dates() -> None:
    with pytest.raises(ValueError, match="ascending"):
        assign_kinds([D(2027, 2, 1), D(2027, 1, 1)], D(2027, 1, 1), D(2027, 12, 31))


def test_plan_with_no_occurrence() -> None:
    assert plan(D(2027, 1, 1), D(2027, 1, 20), "monthly on the last friday") == []


# --------------------------------------------------------------------------- next_occurrence


def test_next_occurrence() -> None:
    occurrences = plan(D(2026, 12, 1), D(2027, 1, 31), "weekly")
    found = next_occurrence(occurrences, D(2026, 12, 9), taken=[D(2026, 12, 15)])
    assert found == Occurrence(4, D(2026, 12, 22), "regular", 0)
    found = next_occurrence(occurrences, D(2026, 12, 8), taken=set())
    assert found is not None
    assert found.date == D(2026, 12, 8)  # today itself counts
    assert next_occurrence(occurrences, D(2027, 1, 27), taken=()) is None
    everything = {o.date for o in occurrences}
    assert next_occurrence(occurrences, D(2026, 1, 1), taken=everything) is None
    assert next_occurrence([], D(2026, 1, 1), taken=()) is None


# --------------------------------------------------------------------------- months


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2027, 1, 15), 1, D(2027, 2, 15)),
        (D(2027, 1, 31), 1, D(2027, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2027, 3, 31), 1, D(2027, 4, 30)),
        (D(2027, 3, 31), -1, D(2027, 2, 28)),
        (D(2026, 12, 1), 6, D(2027, 6, 1)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2027, 5, 20), 0, D(2027, 5, 20)),
        (D(2027, 5, 20), 24, D(2029, 5, 20)),
        (D(2027, 1, 10), -13, D(2025, 12, 10)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 12, 1), 6, D(2027, 5, 31)),
        (D(2027, 1, 1), 1, D(2027, 1, 31)),
        (D(2027, 1, 1), 12, D(2027, 12, 31)),
        (D(2027, 2, 1), 1, D(2027, 2, 28)),
        (D(2026, 12, 15), 6, D(2027, 6, 14)),
        (D(2027, 1, 28), 1, D(2027, 2, 27)),
        (D(2027, 1, 29), 1, D(2027, 2, 28)),
        (D(2027, 1, 30), 1, D(2027, 2, 28)),
        (D(2027, 1, 31), 1, D(2027, 2, 28)),
        (D(2028, 1, 29), 1, D(2028, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2027, 3, 31), 1, D(2027, 4, 30)),
        (D(2027, 8, 31), 6, D(2028, 2, 29)),
        (D(2027, 5, 31), 1, D(2027, 6, 30)),
        (D(2027, 12, 31), 2, D(2028, 2, 29)),
    ],
)
def test_end_from_months(start: date, months: int, expected: date) -> None:
    assert end_from_months(start, months) == expected


def test_end_from_months_differs_from_clamped_add_months_at_month_end() -> None:
    start = D(2027, 1, 31)
    assert add_months(start, 1) - timedelta(days=1) == D(2027, 2, 27)
    assert end_from_months(start, 1) == D(2027, 2, 28)


@pytest.mark.parametrize("months", [0, -1])
def test_end_from_months_needs_a_month(months: int) -> None:
    with pytest.raises(ValueError, match="at least 1 month"):
        end_from_months(D(2027, 1, 1), months)


def test_day_number() -> None:
    assert day_number(D(2026, 12, 1), D(2026, 12, 1)) == 0
    assert day_number(D(2026, 12, 1), D(2027, 3, 1)) == 90
    assert day_number(D(2026, 12, 1), D(2026, 11, 30)) == -1


# --------------------------------------------------------------------------- clock and zones


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17:30", time(17, 30)),
        ("9:05", time(9, 5)),
        ("09:05", time(9, 5)),
        ("17:30:00", time(17, 30)),
        ("23:59:59", time(23, 59, 59)),
        ("0:00", time(0, 0)),
        (" 8:15 ", time(8, 15)),
    ],
)
def test_parse_clock(text: str, expected: time) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "24:00", "17:60", "17:30:60", "1730", "17:3", "5pm", "17.30", "17:30:0", "-1:00", "x"],
)
def test_parse_clock_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="HH:MM") as info:
        parse_clock(text)
    assert "\n" not in str(info.value)


def test_parse_clock_rejects_non_text() -> None:
    # YAML reads an unquoted 17:30 as the number 1050
    with pytest.raises(ValueError, match="quote"):
        parse_clock(1050)  # type: ignore[arg-type]


def z(hour: int, minute: int, d: date) -> datetime:
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("d", "expected_utc"),
    [
        # last Sunday of March 2027 is the 28th; of October 2027 the 31st
        (D(2027, 3, 27), (16, 30)),
        (D(2027, 3, 28), (15, 30)),
        (D(2027, 10, 30), (15, 30)),
        (D(2027, 10, 31), (16, 30)),
        # 2026: March 29 and October 25
        (D(2026, 3, 28), (16, 30)),
        (D(2026, 3, 29), (15, 30)),
        (D(2026, 10, 24), (15, 30)),
        (D(2026, 10, 25), (16, 30)),
    ],
)
def test_berlin_around_dst(d: date, expected_utc: tuple[int, int]) -> None:
    result = local_to_utc(d, time(17, 30), "Europe/Berlin")
    assert result == z(*expected_utc, d)
    assert result.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("d", "expected_utc"),
    [
        # 2027: second Sunday of March is the 14th, first Sunday of November the 7th
        (D(2027, 3, 13), (22, 30)),
        (D(2027, 3, 14), (21, 30)),
        (D(2027, 11, 6), (21, 30)),
        (D(2027, 11, 7), (22, 30)),
    ],
)
def test_new_york_around_dst(d: date, expected_utc: tuple[int, int]) -> None:
    assert local_to_utc(d, time(17, 30), "America/New_York") == z(*expected_utc, d)


def test_spring_forward_gap_moves_forward() -> None:
    # 02:30 does not exist in Berlin on 2027-03-28; it becomes 03:30 CEST = 01:30Z
    assert local_to_utc(D(2027, 3, 28), time(2, 30), "Europe/Berlin") == z(1, 30, D(2027, 3, 28))
    # New York 2027-03-14 02:30 -> 03:30 EDT = 07:30Z
    assert local_to_utc(D(2027, 3, 14), time(2, 30), "America/New_York") == z(7, 30, D(2027, 3, 14))


def test_ambiguous_fall_back_takes_first() -> None:
    # 02:30 happens twice in Berlin on 2027-10-31; the first is CEST (+2)
    assert local_to_utc(D(2027, 10, 31), time(2, 30), "Europe/Berlin") == z(0, 30, D(2027, 10, 31))
    # even when the caller passes fold=1
    assert local_to_utc(D(2027, 10, 31), time(2, 30, fold=1), "Europe/Berlin") == z(
        0, 30, D(2027, 10, 31)
    )
    # New York 2027-11-07 01:30 first happens as EDT (-4)
    assert local_to_utc(D(2027, 11, 7), time(1, 30), "America/New_York") == z(5, 30, D(2027, 11, 7))


def test_tzinfo_on_time_is_ignored() -> None:
    aware = time(17, 30, tzinfo=timezone(timedelta(hours=5)))
    assert local_to_utc(D(2027, 1, 4), aware, "Europe/Berlin") == z(16, 30, D(2027, 1, 4))


def test_utc_zone() -> None:
    assert local_to_utc(D(2027, 1, 4), time(9, 0), "UTC") == z(9, 0, D(2027, 1, 4))


@pytest.mark.parametrize("tz", ["Mars/Olympus_Mons", "europe/berlin", "", "Europe", "../etc/x"])
def test_unknown_zone(tz: str) -> None:
    with pytest.raises(ValueError, match="unknown time zone") as info:
        local_to_utc(D(2027, 1, 4), time(9, 0), tz)
    assert repr(tz) in str(info.value)


# --------------------------------------------------------------------------- properties

# no example database on disk (keeps the working tree clean), no per-example deadline
PROPERTY = settings(database=None, deadline=None)

ORDINAL_WORDS = ["first", "second", "third", "fourth", "last"]
WEEKDAY_WORDS = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
]

cadence_texts = st.one_of(
    st.sampled_from(["weekly", "biweekly", "monthly", "every 1 week"]),
    st.integers(1, 9).map(lambda n: f"every {n} weeks"),
    st.builds(
        lambda o, w: f"monthly on the {o} {w}",
        st.sampled_from(ORDINAL_WORDS),
        st.sampled_from(WEEKDAY_WORDS),
    ),
)
anchors = st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31))
spans = st.integers(-5, 900).map(lambda n: timedelta(days=n))


@PROPERTY
@given(cadence_texts, anchors, spans)
def test_property_dates_sorted_unique_in_range(text: str, anchor: date, span: timedelta) -> None:
    until = anchor + span
    dates = cadence_dates(parse_cadence(text), anchor, until)
    assert all(a < b for a, b in zip(dates, dates[1:], strict=False))
    assert all(anchor <= d <= until for d in dates)


@PROPERTY
@given(st.integers(1, 9), anchors, spans)
def test_property_weekly_gaps_exact(interval: int, anchor: date, span: timedelta) -> None:
    until = anchor + span
    dates = cadence_dates(parse_cadence(f"every {interval} weeks"), anchor, until)
    if until < anchor:
        assert dates == []
        return
    step = timedelta(weeks=interval)
    assert dates[0] == anchor
    assert all(b - a == step for a, b in zip(dates, dates[1:], strict=False))
    assert dates[-1] + step > until


@PROPERTY
@given(anchors, spans)
def test_property_monthly_day_from_anchor(anchor: date, span: timedelta) -> None:
    until = anchor + span
    dates = cadence_dates(parse_cadence("monthly"), anchor, until)
    for k, d in enumerate(dates):
        month_index = anchor.year * 12 + anchor.month - 1 + k
        year, month = divmod(month_index, 12)
        assert (d.year, d.month) == (year, month + 1)
        assert d.day == min(anchor.day, calendar.monthrange(year, month + 1)[1])


@PROPERTY
@given(st.sampled_from(ORDINAL_WORDS), st.integers(0, 6), anchors, spans)
def test_property_monthly_weekday(
    ordinal: str, weekday: int, anchor: date, span: timedelta
) -> None:
    until = anchor + span
    cadence = parse_cadence(f"monthly on the {ordinal} {WEEKDAY_WORDS[weekday]}")
    dates = cadence_dates(cadence, anchor, until)
    for d in dates:
        assert d.weekday() == weekday
        if ordinal == "last":
            assert (d + timedelta(days=7)).month != d.month
        else:
            assert (d.day - 1) // 7 + 1 == ORDINAL_WORDS.index(ordinal) + 1
    # one per month, no month skipped
    months = [d.year * 12 + d.month for d in dates]
    assert all(b - a == 1 for a, b in zip(months, months[1:], strict=False))
    # nothing matching was missed at either end: every matching day in range is listed
    brute = [
        anchor + timedelta(days=n)
        for n in range((until - anchor).days + 1)
        if (anchor + timedelta(days=n)).weekday() == weekday
    ]
    if ordinal == "last":
        expected = [d for d in brute if (d + timedelta(days=7)).month != d.month]
    else:
        nth = ORDINAL_WORDS.index(ordinal) + 1
        expected = [d for d in brute if (d.day - 1) // 7 + 1 == nth]
    assert dates == expected


plan_changes = st.lists(
    st.tuples(st.integers(-30, 400).map(lambda n: timedelta(days=n)), cadence_texts),
    max_size=3,
    unique_by=lambda change: change[0],
)


@PROPERTY
@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31)),
    st.integers(0, 400),
    cadence_texts,
    plan_changes,
)
def test_property_plan(
    start: date, length: int, text: str, offsets: list[tuple[timedelta, str]]
) -> None:
    end = start + timedelta(days=length)
    changes = [(start + offset, change) for offset, change in offsets]
    occurrences = plan(start, end, text, changes)
    dates = [o.date for o in occurrences]
    assert all(a < b for a, b in zip(dates, dates[1:], strict=False))
    assert all(start <= d <= end for d in dates)
    assert [o.number for o in occurrences] == list(range(1, len(occurrences) + 1))
    indices = [o.period for o in occurrences]
    assert indices == sorted(indices)
    spans_ = periods(start, end, text, changes)
    assert spans_[0].start == start
    assert spans_[-1].end == end
    assert all(
        a.end + timedelta(days=1) == b.start for a, b in zip(spans_, spans_[1:], strict=False)
    )
    for o in occurrences:
        assert spans_[o.period].start <= o.date <= spans_[o.period].end
    kinds = [o.kind for o in occurrences]
    if kinds:
        assert kinds[0] == "first"
        assert kinds.count("first") == 1
    if len(kinds) >= 2:
        assert kinds[-1] == "closing"
    assert kinds.count("closing") <= 1
    assert kinds.count("checkup") <= 1
    assert kinds.count("midpoint") <= 1
    if "checkup" in kinds:
        assert length >= 120
        assert day_number(start, dates[kinds.index("checkup")]) <= 90
        # (in a 120-180 day partnership the midpoint may come before the checkup)
    if "midpoint" in kinds:
        assert day_number(start, dates[kinds.index("midpoint")]) >= length // 2


@PROPERTY
@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31)), st.integers(1, 60))
def test_property_end_from_months(start: date, months: int) -> None:
    end = end_from_months(start, months)
    following = end + timedelta(days=1)
    target = add_months(start, months)
    if target.day == start.day:
        assert following == target
    else:  # the anniversary does not exist: the whole short month is included
        assert following.day == 1
        assert end == target
    if start.day == 1:
        assert following.day == 1
    assert end >= start


@PROPERTY
@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31)), st.integers(-60, 60))
def test_property_add_months(d: date, months: int) -> None:
    moved = add_months(d, months)
    assert (moved.year * 12 + moved.month) - (d.year * 12 + d.month) == months
    assert moved.day == min(d.day, calendar.monthrange(moved.year, moved.month)[1])


@PROPERTY
@given(cadence_texts)
def test_property_describe_round_trips(text: str) -> None:
    cadence = parse_cadence(text)
    if cadence.kind == "monthly_day":
        return
    again = parse_cadence(cadence.describe())
    assert (again.kind, again.interval, again.nth, again.weekday) == (
        cadence.kind,
        cadence.interval,
        cadence.nth,
        cadence.weekday,
    )


def test_occurrence_and_period_are_frozen() -> None:
    occurrence = Occurrence(1, D(2027, 1, 1), "first", 0)
    with pytest.raises(AttributeError):
        occurrence.kind = "regular"  # type: ignore[misc]
    cadence = parse_cadence("weekly")
    with pytest.raises(AttributeError):
        cadence.interval = 3  # type: ignore[misc]
