"""Numbers with what they count: `10 European individuals`, `more than 1 million people`, `five consecutive years`."""

from __future__ import annotations

import dataclasses
import re

from site_builder.gazetteer import Gazetteer
from site_builder.model import Count, Source, Span

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
QUALIFIERS = ("more than", "less than", "fewer than", "at least", "at most", "about", "around",
              "nearly", "almost", "over", "some", "up to", "roughly", "approximately")
# Words that end the counted phrase: function words and the commonest verbs.
STOP = frozenset("""
    a an the this that these those which who whom whose it its they their them he she his her we our
    and or but nor of in on at to for with by from as than after before into over under about against
    between through during since while where when if not no is are was were be been being have has had
    do does did will would can could should may might must said says say that also only more most
    per each every all both
""".split())
_NUMBER = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# The words match in any case of their ASCII letters only (`(?a:…)`): under plain IGNORECASE, `ſix`
# (long s) or `thİrty` matched, and had no entry in NUMBER_WORDS.
PATTERN = re.compile(
    r"(?<![\w.,-])(?:(?P<qualifier>(?a:" + "|".join(QUALIFIERS) + r"))\s+)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|(?a:" + _NUMBER + r"))"
    r"(?:\s+(?P<scale>(?a:" + "|".join(SCALES) + r")))?(?![\w-])",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w’']*)")
MAX_COUNTED_WORDS = 3
IRREGULAR_PLURALS = frozenset({"people", "men", "women", "children", "police", "staff", "personnel", "troops"})


def is_plural(word: str) -> bool:
    lower = word.lower()
    return lower in IRREGULAR_PLURALS or (lower.endswith("s") and not lower.endswith("ss"))


def counted_words(text: str, position: int) -> tuple[str, int]:
    """What a number counts: the words after `position` up to and including the first plural noun
    (`five consecutive years`, `10 European individuals`), never past a function word; and where
    they end. Without a plural within reach, only the first word (`one million barrel`-less text)."""
    words: list[tuple[str, int]] = []
    end = position
    while len(words) < MAX_COUNTED_WORDS:
        match = _NEXT_WORD.match(text, end)
        if not match:
            break
        bare = re.sub(r"['’]s?$", "", match.group(1)) if match.group(1).endswith(("’", "'")) else match.group(1)
        if bare.lower() in STOP:
            break
        end = match.start(1) + len(bare)
        words.append((bare, end))
        if is_plural(bare):
            return " ".join(word for word, _ in words), end
    if not words:
        return "", position
    return words[0][0], words[0][1]


def value_of(number: str, scale: str | None) -> float:
    base = float(number.replace(",", "")) if number[0].isdigit() else float(NUMBER_WORDS[number.lower()])
    return base * SCALES[scale.lower()] if scale else base


def is_year(number: str, scale: str | None) -> bool:
    return scale is None and re.fullmatch(r"1[89]\d\d|20\d\d", number) is not None


def find_counts(source: Source, gazetteer: Gazetteer) -> Source:
    found: list[Count] = []
    for paragraph in source.paragraphs:
        text = paragraph.text
        dated = [(d.span.start, d.span.end) for d in source.dates if d.span.paragraph == paragraph.id]
        for match in PATTERN.finditer(text):
            number, scale = match.group("number"), match.group("scale")
            counts, end = counted_words(text, match.end())
            if not counts or is_year(number, scale) or any(a <= match.start("number") < b for a, b in dated):
                continue
            qualifier = match.group("qualifier")
            found.append(Count(text[match.start():end], Span(paragraph.id, match.start(), end),
                               value_of(number, scale), counts, qualifier.lower() if qualifier else None))
    return dataclasses.replace(source, counts=tuple(found))
