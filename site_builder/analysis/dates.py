"""Dates the text gives: explicit ones, and weekdays resolved against an anchor date when there is one.

The anchor is the source's publication date, which the clean stage may have taken from its dateline. A weekday is read by
the tense of its sentence: in a sentence about the past (`was arrested Thursday`, `said on
Thursday`) it is the latest such day on or before the anchor; in one about the future (`talks are
expected to resume on Thursday`, `will meet next Monday`) the first on or after it. The nearest cue
word decides; a sentence with no cue, or with a past and a future cue equally near, leaves the
weekday unresolved and says why. A day and month without a year take the anchor's year. Without an
anchor these stay unresolved and say so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from site_builder.analysis.gazetteer import Gazetteer
from site_builder.model import Basis, DateRef, Source, Span, paragraph_number

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


def anchor_of(source: Source) -> tuple[dt.date | None, str]:
    """The publication date to resolve against, and its name in notes (the dateline's date when
    the clean stage took it from the dateline)."""
    name = "dateline's date" if source.field("published").basis == Basis.DATELINE else "publication date"
    return source.published_day, name


def last_weekday(weekday: str, anchor: dt.date) -> dt.date:
    """The latest `weekday` on or before `anchor`."""
    return anchor - dt.timedelta(days=(anchor.weekday() - WEEKDAYS.index(weekday)) % 7)


def coming_weekday(weekday: str, anchor: dt.date) -> dt.date:
    """The first `weekday` on or after `anchor`."""
    return anchor + dt.timedelta(days=(WEEKDAYS.index(weekday) - anchor.weekday()) % 7)


# Words that put a sentence in the future or the past. Pairs are cues only together: `is due to`
# and `is set to` look ahead, `due to the storm` does not.
FUTURE_WORDS = frozenset("""
    will shall expected expects expect scheduled schedule plans plan planned intends intend next
    upcoming coming tomorrow
""".split())
FUTURE_PAIRS = frozenset({("is", "due"), ("are", "due"), ("is", "set"), ("are", "set"), ("going", "to"),
                          ("is", "to"), ("are", "to"), ("was", "to"), ("were", "to")})
PAST_WORDS = frozenset("""
    said told was were had did met took came went began gave held stood struck hit shook spoke made found fell
    left saw sent won lost led fought wrote ran knew thought brought bought sold paid broke chose
    last ago earlier yesterday
""".split())
NOT_PAST = frozenset({"speed", "indeed", "hundred", "proceed", "exceed", "succeed", "breed", "greed", "creed", "steed"})
_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_SENTENCE_END = re.compile(r"[.!?;:]\s")


def cue_of(words: list[str], index: int) -> str | None:
    """Whether word `index` of a sentence marks the future or the past, if either. A participle
    after `be` (`will be sentenced`) marks neither, nor a capitalised word inside the sentence (a
    title's `The Next Doctor`)."""
    if index and words[index][0].isupper():
        return None
    word, before = words[index].lower(), words[index - 1].lower() if index else ""
    if word in FUTURE_WORDS or word.endswith(("'ll", "’ll")) or (before, word) in FUTURE_PAIRS:
        return "future"
    if word in PAST_WORDS or (word.endswith("ed") and len(word) >= 5 and word not in NOT_PAST and before != "be"):
        return "past"
    return None


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence (or clause before a colon) of `text` that holds `text[start:end]`."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return (ends[-1] if ends else 0), (after.start() + 1 if after else len(text))


def tense_of(text: str, start: int, end: int) -> tuple[str | None, str]:
    """The tense of the sentence around `text[start:end]` as it bears on that word: "past",
    "future" or None, with the cue words (or why there is no answer)."""
    first, last = sentence_around(text, start, end)
    matches = list(_WORD.finditer(text, first, last))
    words = [m.group() for m in matches]
    position = next(i for i, m in enumerate(matches) if m.start() >= start)
    nearest: dict[str, tuple[int, str]] = {}
    for index in range(len(words)):
        cue = cue_of(words, index)
        distance = abs(index - position)
        if cue and index != position and distance < nearest.get(cue, (len(words) + 1, ""))[0]:
            nearest[cue] = distance, matches[index].group()
    if not nearest:
        return None, "nothing in its sentence says whether it is past or to come"
    if len(nearest) == 2 and nearest["past"][0] == nearest["future"][0]:
        return None, f"its sentence reads both as past ('{nearest['past'][1]}') and to come ('{nearest['future'][1]}')"
    tense = min(nearest, key=lambda cue: nearest[cue][0])
    return tense, nearest[tense][1]


def resolve_weekday(weekday: str, tense: tuple[str | None, str], anchor: dt.date | None,
                    anchor_name: str) -> tuple[str | None, str]:
    """The ISO value of a weekday read in `tense` (from `tense_of`), and how it was reached."""
    if anchor is None:
        return None, f"unresolved: no {anchor_name} to count from"
    reading, cue = tense
    if reading is None:
        return None, f"unresolved: {cue}"
    try:
        if reading == "future":
            return (coming_weekday(weekday, anchor).isoformat(),
                    f"coming weekday resolved against the {anchor_name} ({anchor.isoformat()}): its sentence looks ahead ('{cue}')")
        return last_weekday(weekday, anchor).isoformat(), f"weekday resolved against the {anchor_name} ({anchor.isoformat()})"
    except OverflowError:
        return None, f"unresolved: the {anchor_name} is too early or too late in the calendar to count from"


def resolve(parts: dict[str, str | None], anchor: dt.date | None, anchor_name: str) -> tuple[str | None, str]:
    """The ISO value of one matched date with a month (None when it cannot be resolved) and how it was reached."""
    month = int(parts["mon"]) if parts.get("mon") else MONTHS.index(parts["month"]) + 1
    weekday, year, day = parts.get("weekday"), parts.get("year"), parts.get("day")
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
    return dataclasses.replace(source, dates=dates_in(source, *anchor_of(source)))


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
                parts = match.groupdict()
                if parts.get("mon") or parts.get("month"):
                    value, note = resolve(parts, anchor, anchor_name)
                else:
                    tense = tense_of(paragraph.text, *match.span())
                    value, note = resolve_weekday(parts["weekday"], tense, anchor, anchor_name)
                found.append(DateRef(match.group(), Span(paragraph.id, *match.span()), value, note))
    found.sort(key=lambda d: (paragraph_number(d.span.paragraph), d.span.start))
    return tuple(found)
