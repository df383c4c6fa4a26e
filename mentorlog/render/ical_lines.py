"""iCalendar content lines for the few kinds of value schedule.ics holds, written
as text: TEXT, DATE, DATE-TIME (in UTC or with a TZID), INTEGER, DURATION,
UTC-OFFSET and RECUR.

The bytes are exactly those icalendar writes for the same components (the
property order of its ``Event``, ``Alarm`` and time-zone blocks, its escaping,
its folding at 75 octets and its choice of zones written in UTC):
``tests/unit/test_ical_lines.py`` builds the same events with icalendar and
compares. Written here because building and serialising icalendar components
was most of the time ``schedule`` and ``new-meeting`` took (and importing
icalendar a large part of the rest); icalendar still reads calendars.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from typing import Any

#: the zones icalendar counts as UTC: their times are written with a "Z", no TZID
UTC_ZONES = frozenset(
    [
        "Africa/Abidjan",
        "Africa/Accra",
        "Africa/Bamako",
        "Africa/Banjul",
        "Africa/Conakry",
        "Africa/Dakar",
        "Africa/Freetown",
        "Africa/Lome",
        "Africa/Nouakchott",
        "Africa/Ouagadougou",
        "Africa/Timbuktu",
        "Atlantic/Reykjavik",
        "Atlantic/St_Helena",
        "Etc/GMT",
        "Etc/GMT+0",
        "Etc/GMT-0",
        "Etc/GMT0",
        "Etc/Greenwich",
        "Etc/UCT",
        "Etc/UTC",
        "Etc/Universal",
        "Etc/Zulu",
        "GMT",
        "GMT+0",
        "GMT-0",
        "GMT0",
        "Greenwich",
        "Iceland",
        "UCT",
        "UTC",
        "Universal",
        "Zulu",
    ]
)

#: RECUR parts in the order they are written; the rest follow alphabetically
_RECUR_ORDER = [
    "RSCALE",
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYSECOND",
    "BYMINUTE",
    "BYHOUR",
    "BYDAY",
    "BYWEEKDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
    "SKIP",
]

#: what :func:`text` changes
_TO_ESCAPE = re.compile(r"[\\;,\r\n]")

#: the longest line (in octets) left unfolded; longer ones are cut before this many
_FOLD = 75
#: a parameter value written as it is (zone names); compiled when first asked
_PLAIN_PARAM = r"[A-Za-z0-9/_+.-]+"


def text(value: str) -> str:
    """A TEXT value escaped: backslash, semicolon, comma; any line break as ``\\n``."""
    if not _TO_ESCAPE.search(value):
        return value  # most are: one search instead of seven replaces
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _octets(char: str) -> int:
    code = ord(char)
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


def fold(line: str) -> str:
    """``line`` cut into pieces of fewer than 75 octets joined by CRLF and a space,
    never between a backslash or caret and the character it escapes."""
    if len(line) < _FOLD and (line.isascii() or len(line.encode("utf-8", "replace")) < _FOLD):
        return line
    pieces: list[str] = []
    start = 0
    if line.isascii():
        while len(line) - start >= _FOLD:
            end = start + _FOLD - 1
            if line[end - 1] in "\\^":
                end -= 1
            pieces.append(line[start:end])
            start = end
    else:
        count = 0
        for i, char in enumerate(line):
            size = _octets(char)
            if i > start and count + size >= _FOLD:
                if i - start > 1 and line[i - 1] in "\\^":
                    pieces.append(line[start : i - 1])
                    start, count = i - 1, 1
                else:
                    pieces.append(line[start:i])
                    start, count = i, 0
            count += size
    pieces.append(line[start:])
    return "\r\n ".join(pieces)


def date(day: dt.date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def local(moment: dt.datetime) -> str:
    """A date-time as written, without any zone mark."""
    iso = moment.isoformat()  # YYYY-MM-DDTHH:MM:SS, then fractions and offset if any
    return iso[:4] + iso[5:7] + iso[8:13] + iso[14:16] + iso[17:19]


def utc(moment: dt.datetime) -> str:
    """A date-time in UTC (given as such)."""
    return local(moment) + "Z"


def when(moment: dt.datetime | dt.date, zone: str | None) -> str:
    """What follows a date or date-time property's name: its parameters and value.
    ``moment`` is a wall time in ``zone`` (None: a floating time)."""
    if not isinstance(moment, dt.datetime):
        return ";VALUE=DATE:" + date(moment)
    if zone is None:
        return ":" + local(moment)
    if zone in UTC_ZONES:
        return ":" + utc(moment)
    return _tzid(zone) + local(moment)


@functools.cache
def _tzid(zone: str) -> str:
    """``;TZID=zone:`` (asked for every time of the file: worked out once)."""
    if re.fullmatch(_PLAIN_PARAM, zone):
        return f";TZID={zone}:"
    raise ValueError(f"a parameter value this writer does not quote: {zone!r}")


def duration(span: dt.timedelta) -> str:
    """A DURATION value (``-PT15M``, ``-P1DT1H``, ``P0D``)."""
    sign = ""
    if span.days < 0:
        sign, span = "-", -span
    clock = ""
    if span.seconds:
        hours, rest = divmod(span.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        clock = "T" + (f"{hours}H" if hours else "")
        clock += f"{minutes}M" if minutes or (hours and seconds) else ""
        clock += f"{seconds}S" if seconds else ""
    if span.days == 0 and clock:
        return f"{sign}P{clock}"
    return f"{sign}P{span.days}D{clock}"


#: a DURATION as :func:`duration` writes it; compiled when first asked (an earlier file)
_DURATION = r"(-?)P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?"


def read_duration(value: str) -> dt.timedelta | None:
    """A DURATION as :func:`duration` writes it (None for any other text)."""
    found = re.fullmatch(_DURATION, value)
    if found is None or value in ("P", "-P") or value.endswith("T"):
        return None
    sign, days, hours, minutes, seconds = found.groups()
    span = dt.timedelta(
        days=int(days or 0),
        hours=int(hours or 0),
        minutes=int(minutes or 0),
        seconds=int(seconds or 0),
    )
    return -span if sign else span


def utc_offset(span: dt.timedelta) -> str:
    """A UTC-OFFSET value (``+0100``, ``-0330``, ``+010005``)."""
    sign = "-" if span < dt.timedelta(0) else "+"
    span = abs(span)
    hours = span.days * 24 + span.seconds // 3600
    minutes, seconds = divmod(span.seconds % 3600, 60)
    return f"{sign}{hours:02}{minutes:02}" + (f"{seconds:02}" if seconds else "")


def recur(rule: Mapping[str, Any]) -> str:
    """A RECUR value from parts named as icalendar takes them (``freq``, ``until`` in
    UTC, ``interval``, ``byday`` ...), each one value."""
    parts = {key.upper(): value for key, value in rule.items()}
    order = [k for k in _RECUR_ORDER if k in parts]
    order += sorted(k for k in parts if k not in _RECUR_ORDER)
    out = []
    for key in order:
        value = parts[key]
        if isinstance(value, dt.datetime):
            shown = utc(value)
        elif isinstance(value, dt.date):
            shown = date(value)
        elif isinstance(value, int):
            shown = str(value)
        else:
            shown = text(str(value)) if key not in ("FREQ", "BYDAY") else str(value).upper()
        out.append(f"{key}={shown}")
    return ";".join(out)
