"""Numbers with what they count: `10 European individuals`, `more than 1 million people`, `five consecutive years`."""

from __future__ import annotations

import dataclasses
import re
import string

from site_builder.analysis.gazetteer import Gazetteer
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
# Matched in the text with its ASCII capitals lowered (`lowered`): the words are English, so they
# match in any case of their ASCII letters only (not `ſix`, which has no entry in NUMBER_WORDS), and
# a case-sensitive pattern runs about twice as fast as an IGNORECASE one. The copy is as long as
# the text, so offsets hold.
PATTERN = re.compile(
    r"(?<![\w.,-])(?:(?P<qualifier>" + "|".join(QUALIFIERS) + r")\s+)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + _NUMBER + r")"
    r"(?:\s+(?P<scale>" + "|".join(SCALES) + r"))?(?![\w-])"
)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w’']*)")
_POSSESSIVE = re.compile(r"['’]s?$")
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
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
        bare = _POSSESSIVE.sub("", match.group(1)) if match.group(1).endswith(("’", "'")) else match.group(1)
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
    """The value of a matched number and scale, as `lowered`."""
    base = float(number.replace(",", "")) if number[0].isdigit() else float(NUMBER_WORDS[number])
    return base * SCALES[scale] if scale else base


def is_year(number: str, scale: str | None) -> bool:
    return scale is None and _YEAR.fullmatch(number) is not None


def lowered(text: str) -> str:
    """`text` with ASCII capitals in lower case, and nothing else changed."""
    return text.translate(_ASCII_LOWER)


def find_counts(source: Source, gazetteer: Gazetteer) -> Source:
    found: list[Count] = []
    dated: dict[str, list[tuple[int, int]]] = {}
    for date in source.dates:
        dated.setdefault(date.span.paragraph, []).append((date.span.start, date.span.end))
    for paragraph in source.paragraphs:
        text, taken = paragraph.text, dated.get(paragraph.id, ())
        for match in PATTERN.finditer(lowered(text)):
            number, scale = match.group("number"), match.group("scale")
            counts, end = counted_words(text, match.end())
            if not counts or is_year(number, scale) or any(a <= match.start("number") < b for a, b in taken):
                continue
            found.append(Count(text[match.start():end], Span(paragraph.id, match.start(), end),
                               value_of(number, scale), counts, match.group("qualifier")))
    return dataclasses.replace(source, counts=tuple(found))
