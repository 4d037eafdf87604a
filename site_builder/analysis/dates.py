"""Dates the text gives: explicit ones, and weekdays resolved against an anchor date when there is one.

The anchor is the source's publication date, which the clean stage may have taken from its dateline. A weekday is read by
the tense of its sentence: in a sentence about the past (`was arrested Thursday`, `said on
Thursday`) it is the latest such day on or before the anchor; in one about the future (`talks are
expected to resume on Thursday`, `will meet next Monday`) the first on or after it. The nearest cue
word decides; a sentence with no cue, or with a past and a future cue equally near, leaves the
weekday unresolved. A day and month without a year take the anchor's year. Without an anchor these
stay unresolved. Each date says how it was resolved, or why not, as a `DateResolution` with the facts
it rests on (the anchor, the cue words, a weekday the date contradicts); sentences.html words them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from site_builder.analysis.gazetteer import Gazetteer
from site_builder.model import Anchor, AnchorKind, Basis, DateRef, DateResolution, Source, Span, paragraph_number

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


def anchor_of(source: Source) -> Anchor:
    """The publication day to resolve against, as the dateline's when the clean stage took it from
    the dateline."""
    kind = AnchorKind.DATELINE if source.field("published").basis == Basis.DATELINE else AnchorKind.PUBLISHED
    return Anchor(kind, source.published_day)


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


def tense_of(text: str, start: int, end: int) -> tuple[DateResolution, str | None, str | None]:
    """How the sentence around `text[start:end]` reads that weekday: past, to come, neither or
    both (a past and a future cue equally near); with the past and the future cue that decided."""
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
        return DateResolution.NO_TENSE, None, None
    closest = min(distance for distance, _ in nearest.values())
    cues = {tense: word for tense, (distance, word) in nearest.items() if distance == closest}
    if len(cues) == 2:
        return DateResolution.BOTH_TENSES, cues["past"], cues["future"]
    if "future" in cues:
        return DateResolution.COMING_WEEKDAY, None, cues["future"]
    return DateResolution.PAST_WEEKDAY, cues["past"], None


COUNT_FROM_ANCHOR = {DateResolution.PAST_WEEKDAY: last_weekday, DateResolution.COMING_WEEKDAY: coming_weekday}


def resolve_weekday(text: str, span: Span, weekday: str, tense: tuple[DateResolution, str | None, str | None],
                    anchor: Anchor) -> DateRef:
    """A weekday read as `tense` says (from `tense_of`), counted from `anchor` when there is one."""
    resolution, past_cue, future_cue = tense
    value = None
    if anchor.day is None:
        resolution = DateResolution.NO_ANCHOR
    elif resolution in COUNT_FROM_ANCHOR:
        try:
            value = COUNT_FROM_ANCHOR[resolution](weekday, anchor.day).isoformat()
        except OverflowError:
            resolution = DateResolution.OUT_OF_CALENDAR
    return DateRef(text, span, value, resolution, anchor, past_cue, future_cue)


def resolve(text: str, span: Span, parts: dict[str, str | None], anchor: Anchor) -> DateRef:
    """One matched date with a month, resolved (its year taken from `anchor` when it gives none)."""
    month = int(parts["mon"]) if parts.get("mon") else MONTHS.index(parts["month"]) + 1
    weekday, year, day = parts.get("weekday"), parts.get("year"), parts.get("day")
    if day is None:
        return DateRef(text, span, f"{int(year):04d}-{month:02d}", DateResolution.EXPLICIT_MONTH)
    resolution, counted_from = DateResolution.EXPLICIT, None
    if year is None:
        if anchor.day is None:
            return DateRef(text, span, None, DateResolution.NO_YEAR, anchor)
        year, resolution, counted_from = str(anchor.day.year), DateResolution.YEAR_FROM_ANCHOR, anchor
    try:
        value = dt.date(int(year), month, int(day))
    except ValueError:
        return DateRef(text, span, None, DateResolution.NOT_A_DATE, counted_from)
    real = WEEKDAYS[value.weekday()]
    contradicted = weekday is not None and weekday != real
    return DateRef(text, span, value.isoformat(), resolution, counted_from,
                   weekday_said=weekday if contradicted else None, weekday_real=real if contradicted else None)


def find_dates(source: Source, gazetteer: Gazetteer) -> Source:
    return dataclasses.replace(source, dates=dates_in(source, anchor_of(source)))


def dates_in(source: Source, anchor: Anchor) -> tuple[DateRef, ...]:
    """Every date in the source's text, resolved against `anchor`."""
    found: list[DateRef] = []
    for paragraph in source.paragraphs:
        taken: list[tuple[int, int]] = []
        for pattern in patterns_for(paragraph.text):
            for match in pattern.finditer(paragraph.text):
                if any(a < match.end() and match.start() < b for a, b in taken):
                    continue
                taken.append(match.span())
                parts, where = match.groupdict(), (match.group(), Span(paragraph.id, *match.span()))
                if parts.get("mon") or parts.get("month"):
                    found.append(resolve(*where, parts, anchor))
                else:
                    tense = tense_of(paragraph.text, *match.span())
                    found.append(resolve_weekday(*where, parts["weekday"], tense, anchor))
    found.sort(key=lambda d: (paragraph_number(d.span.paragraph), d.span.start))
    return tuple(found)
