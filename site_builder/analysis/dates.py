"""Dates the text gives: explicit ones, and weekdays resolved against an anchor date when there is one.

The anchor is the source's publication date. A weekday means the latest such day on or before the
anchor (news reports look back); a day and month without a year take the anchor's year. Without an
anchor these stay unresolved and say so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from site_builder.analysis.gazetteer import Gazetteer
from site_builder.model import DateRef, Source, Span, paragraph_number

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_MONTH = r"(?P<month>" + "|".join(MONTHS) + r")"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# The forms, in order of precedence, grouped by what a text must contain for them to match at all:
# a quick search for that rules most forms out of most paragraphs before their slower scans.
NUMERIC = tuple(re.compile(p) for p in (  # need a digit
    rf"\b{_YEAR}-(?P<mon>\d{{2}})-(?P<day>\d{{2}})\b",
    rf"\b(?P<day>\d{{1,2}})\.(?P<mon>\d{{1,2}})\.{_YEAR}\b",
))
NAMED = tuple(re.compile(p) for p in (  # need a digit and a month's name
    rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b",
    rf"\b(?:{_WEEKDAY},?\s+)?{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b",
    rf"\b{_MONTH}\s+{_YEAR}\b",
))
WEEKDAY = re.compile(rf"\b{_WEEKDAY}\b")
_DIGIT = re.compile(r"\d")
_MONTH_NAME = re.compile("|".join(MONTHS))
_WEEKDAY_NAME = re.compile("|".join(WEEKDAYS))


def patterns_for(text: str) -> list[re.Pattern[str]]:
    """The date patterns that can match in `text`, in order of precedence."""
    patterns: list[re.Pattern[str]] = []
    if _DIGIT.search(text):
        patterns += NUMERIC
        if _MONTH_NAME.search(text):
            patterns += NAMED
    if _WEEKDAY_NAME.search(text):
        patterns.append(WEEKDAY)
    return patterns


def anchor_of(source: Source) -> dt.date | None:
    published = source.field("published").value
    try:
        return dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def last_weekday(weekday: str, anchor: dt.date) -> dt.date:
    """The latest `weekday` on or before `anchor`."""
    return anchor - dt.timedelta(days=(anchor.weekday() - WEEKDAYS.index(weekday)) % 7)


def resolve(parts: dict[str, str | None], anchor: dt.date | None, anchor_name: str) -> tuple[str | None, str]:
    """The ISO value of one matched date (None when it cannot be resolved) and how it was reached."""
    month = int(parts["mon"]) if parts.get("mon") else (MONTHS.index(parts["month"]) + 1 if parts.get("month") else None)
    weekday, year, day = parts.get("weekday"), parts.get("year"), parts.get("day")
    if month is None:
        if anchor is None:
            return None, f"unresolved: no {anchor_name} to count back from"
        try:
            return last_weekday(weekday, anchor).isoformat(), f"weekday resolved against the {anchor_name} ({anchor.isoformat()})"
        except OverflowError:
            return None, f"unresolved: the {anchor_name} is too early to count back from"
    if day is None:
        return f"{int(year):04d}-{month:02d}", "explicit month"
    how = "explicit"
    if year is None:
        if anchor is None:
            return None, f"unresolved: no year, and no {anchor_name}"
        year, how = str(anchor.year), f"year taken from the {anchor_name} ({anchor.isoformat()})"
    try:
        value = dt.date(int(year), month, int(day))
    except ValueError:
        return None, "not a real date"
    if weekday and WEEKDAYS[value.weekday()] != weekday:
        how += f"; the text says {weekday} but this date is a {WEEKDAYS[value.weekday()]}"
    return value.isoformat(), how


def find_dates(source: Source, gazetteer: Gazetteer) -> Source:
    return dataclasses.replace(source, dates=dates_in(source, anchor_of(source), "publication date"))


def dates_in(source: Source, anchor: dt.date | None, anchor_name: str) -> tuple[DateRef, ...]:
    """Every date in the source's text, resolved against `anchor` (named `anchor_name` in notes)."""
    found: list[DateRef] = []
    for paragraph in source.paragraphs:
        taken: list[tuple[int, int]] = []
        for pattern in patterns_for(paragraph.text):
            for match in pattern.finditer(paragraph.text):
                if any(a < match.end() and match.start() < b for a, b in taken):
                    continue
                taken.append(match.span())
                value, note = resolve(match.groupdict(), anchor, anchor_name)
                found.append(DateRef(match.group(), Span(paragraph.id, *match.span()), value, note))
    found.sort(key=lambda d: (paragraph_number(d.span.paragraph), d.span.start))
    return tuple(found)
