"""Numbers with what they count: `10 European individuals`, `more than 1 million people`,
`two F-16 jets`, `between 30 and 40 people`, `twenty-five people`, `9%`; and measures that are
not counts (`a 7.1-magnitude quake` is magnitude 7.1, not 7.1 quakes)."""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Callable

from site_builder.analysis.gazetteer import Gazetteer
from site_builder.model import Count, Source, Span

UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBER_WORDS = {**UNITS, **TEENS, **TENS}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12}
QUALIFIERS = ("more than", "less than", "fewer than", "at least", "at most", "about", "around",
              "nearly", "almost", "over", "some", "up to", "roughly", "approximately")
CURRENCIES = {"us$": "US dollars", "$": "dollars", "€": "euros", "£": "pounds"}
# Words that end the counted phrase: function words and the commonest verbs.
STOP = frozenset("""
    a an the this that these those which who whom whose it its they their them he she his her we our
    and or but nor of in on at to for with by from as than after before into over under about against
    between through during since while where when if not no is are was were be been being have has had
    do does did will would can could should may might must said says say that also only more most
    per each every all both
""".split())


def _either(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# A number in words: `twenty-five`, `two hundred and fifty`, `a dozen` (`hundred`, `dozen`); a
# lone `one` matches too and is dropped later (it is a pronoun as often as a number).
_SMALL = rf"(?:{_either(TENS)})(?:(?:\s*-\s*|\s)(?:{_either(UNITS)}))?|{_either(TEENS)}|{_either(UNITS)}"
WORD_NUMBER = rf"(?:{_SMALL})\s+hundred(?:\s+(?:and\s+)?(?:{_SMALL}))?|{_SMALL}|hundred|dozen"
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_WORDS = _either(k for k in SCALES if k != "hundred")  # `two hundred` is a WORD_NUMBER
_QUALIFIER = _either(QUALIFIERS)
_CURRENCY = "|".join(re.escape(symbol) for symbol in CURRENCIES)


def number_pattern(english: Callable[[str], str] = lambda words: words) -> str:
    """The whole pattern: an optional qualifier and currency, then one number or a range.
    `english` wraps each group of English words (tests wrap them to match case-insensitively)."""
    number = rf"(?:{DIGITS}|{english(WORD_NUMBER)})(?:\s+(?:{english(_SCALE_WORDS)}))?"
    return (
        rf"(?<![\w.,-])(?:(?P<qualifier>{english(_QUALIFIER)})\s+)?(?:(?P<currency>{_CURRENCY})\s?)?"
        rf"(?:{english('between')}\s+(?P<low>{number})\s+{english('and')}\s+(?P<high>{number})"
        rf"|(?P<number>{number})(?:\s*[-–]\s*(?P<dash_high>{number})|\s+{english('to')}\s+(?P<to_high>{number}))?)"
        r"(?![\w-])"
    )


# Matched in the text with its ASCII capitals lowered (`lowered`): the words are English, so they
# match in any case of their ASCII letters only (not `ſix`), and a case-sensitive pattern runs about
# twice as fast as an IGNORECASE one. The copy is as long as the text, so offsets hold.
PATTERN = re.compile(number_pattern())
# A measure is not a count of the noun after it: `7.1-magnitude quake`, `magnitude 4.6`, `a magnitude of 4.4`.
MEASURES = ("magnitude",)
MEASURE = re.compile(
    rf"(?<![\w.,-])(?P<before>\d+(?:\.\d+)?)\s*-?\s*(?P<unit>{_either(MEASURES)})\b"
    rf"|\b(?P<unit_first>{_either(MEASURES)})(?:\s+of)?\s+(?P<after>\d+(?:\.\d+)?)(?![\w-]|\.\d)"
)
_SPLIT_THOUSANDS = re.compile(r",\s\d{3}(?![\d.,])")
PERCENT = re.compile(r"\s*%|\s+per\s*cent\b")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# A word of the counted phrase, hyphenated parts and all (`F-16`, `first-degree`); a bare number
# only after a capitalised word, as in a model name (`Boeing 737`).
_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w’']*(?:-[\w’']+)*)")
_MODEL_NUMBER = re.compile(r"\s+(\d+[A-Za-z]*)\b")
_POSSESSIVE = re.compile(r"['’]s?$")
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
MAX_COUNTED_WORDS = 3
IRREGULAR_PLURALS = frozenset({"people", "men", "women", "children", "police", "staff", "personnel", "troops", "feet"})
# What a number may count without a plural noun: units, and adjectives that stand for people (`five dead`).
SINGULAR_COUNTS = frozenset("""
    percent km kg mm cm mph gb mb tb ghz mhz megapixel inch metre meter mile foot
    dead wounded injured missing hurt killed
""".split())


def is_plural(word: str) -> bool:
    lower = word.lower()
    return lower in IRREGULAR_PLURALS or (lower.endswith("s") and not lower.endswith("ss"))


def next_word(text: str, end: int, previous: str | None) -> re.Match[str] | None:
    """The next word of a counted phrase after `end`; a number counts as one after a capitalised word."""
    match = _NEXT_WORD.match(text, end)
    if match is None and previous and previous[0].isupper():
        match = _MODEL_NUMBER.match(text, end)
    return match


def counted_words(text: str, position: int) -> tuple[str, int]:
    """What a number counts: the words after `position` up to and including the first plural noun
    (`five consecutive years`, `10 European individuals`, `two F-16 jets`), never past a function
    word; and where they end. Without a plural within reach, the words up to a unit or a word that
    stands for people (`9 percent`, `15 critically injured`); anything else (`3 p.m.`, `2 landed`) counts nothing."""
    words: list[tuple[str, int]] = []
    end = position
    while len(words) < MAX_COUNTED_WORDS:
        match = next_word(text, end, words[-1][0] if words else None)
        if not match:
            break
        bare = _POSSESSIVE.sub("", match.group(1)) if match.group(1).endswith(("’", "'")) else match.group(1)
        if bare.lower() in STOP:
            break
        end = match.start(1) + len(bare)
        words.append((bare, end))
        if is_plural(bare):
            return " ".join(word for word, _ in words), end
    for index, (word, end) in enumerate(words):
        if word.lower() in SINGULAR_COUNTS:
            return " ".join(word for word, _ in words[:index + 1]), end
    return "", position


def value_of(number: str) -> float:
    """The value of a number as matched in `lowered` text: `1,200`, `2.5 million`, `twenty-five`,
    `two hundred and fifty thousand`, `a dozen` (`dozen`)."""
    total = current = 0.0
    for word in re.split(r"[\s-]+", number.replace(",", "")):
        if word[0].isdigit():
            current += float(word)
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total, current = total + (current or 1) * SCALES[word], 0.0
        elif word != "and":
            current += NUMBER_WORDS[word]
    return total + current


def range_low(low: str, high: str | None) -> float:
    """The lower bound of a range, with the upper bound's scale when only that has one and the bare
    numbers rise (`two to three million` from 2 million; `500 to 2 million` from 500)."""
    scale = high.rsplit(None, 1)[-1] if high else None
    if scale not in SCALES or low.rsplit(None, 1)[-1] in SCALES:
        return value_of(low)
    base = value_of(high.rsplit(None, 1)[0])
    return value_of(low) * SCALES[scale] if value_of(low) < base else value_of(low)


def is_year(number: str) -> bool:
    return _YEAR.fullmatch(number) is not None


def is_count(number: str) -> bool:
    """Whether a lone matched number can be a count: not a year, a lone `one` or a digit string
    with leading zeros (`000` left of `14, 000` by a tokenizer)."""
    return not (is_year(number) or number == "one" or (len(number) > 1 and number[0] == "0" and number[1] != "."))


def counted_thing(counts: str) -> str:
    """What a count counts, as two counts of one thing share it: the last word, lowered, without a
    plural s (`5 people` and `five people`, `3 rockets` and `a rocket`, `two F-16 jets` and `jets`
    meet; `people killed` is not `people`)."""
    words = counts.split()
    word = (words[-1] if words else counts).lower()
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def lowered(text: str) -> str:
    """`text` with ASCII capitals in lower case, and nothing else changed."""
    return text.translate(_ASCII_LOWER)


def measures_in(text: str, paragraph: str) -> list[Count]:
    """The measures in one paragraph's text (`lowered`), as counts of their unit."""
    found = []
    for match in MEASURE.finditer(lowered(text)):
        value = match.group("before") or match.group("after")
        found.append(Count(text[match.start():match.end()], Span(paragraph, *match.span()), float(value),
                           match.group("unit") or match.group("unit_first")))
    return found


def count_of(match: re.Match[str], text: str, paragraph: str) -> Count | None:
    """The count one PATTERN match in `text` stands for, if it is one."""
    low = match.group("low") or match.group("number")
    high = match.group("high") or match.group("dash_high") or match.group("to_high")
    start = match.start()
    if match.group("to_high") and lowered(text[max(0, start - 5):start]) == "from ":  # `from 20 to 30 people` is a change
        low, high, start = high, None, match.start("to_high")
    if high is None and not match.group("currency") and not is_count(low):
        return None
    top = value_of(high) if high else None
    if top is not None and top <= range_low(low, high):  # a score (`3-2`), not a range
        return None
    if _SPLIT_THOUSANDS.match(text, match.end()):  # `$1, 199`: a tokenizer split the number
        return None
    unit = PERCENT.match(text, match.end())
    if match.group("currency"):
        counts, end = CURRENCIES[match.group("currency")], match.end()
    elif unit:
        counts, end = "percent", unit.end()
    else:
        counts, end = counted_words(text, match.end())
    if not counts:
        return None
    return Count(text[start:end], Span(paragraph, start, end), range_low(low, high), counts, match.group("qualifier"), top)


def counts_in(text: str, paragraph: str, taken: list[tuple[int, int]]) -> list[Count]:
    """The counts in one paragraph's text, outside the `taken` spans (dates, measures) and each
    other (`two Boeing 737 jets` holds no count of 737 jets)."""
    found: list[Count] = []
    taken = list(taken)
    for match in PATTERN.finditer(lowered(text)):
        if any(a <= match.start() < b or match.start() <= a < match.end() for a, b in taken):
            continue
        count = count_of(match, text, paragraph)
        if count:
            found.append(count)
            taken.append((count.span.start, count.span.end))
    return found


def find_counts(source: Source, gazetteer: Gazetteer) -> Source:
    found: list[Count] = []
    dated: dict[str, list[tuple[int, int]]] = {}
    for date in source.dates:
        dated.setdefault(date.span.paragraph, []).append((date.span.start, date.span.end))
    for paragraph in source.paragraphs:
        measures = measures_in(paragraph.text, paragraph.id)
        taken = [*dated.get(paragraph.id, ()), *((m.span.start, m.span.end) for m in measures)]
        found += sorted([*measures, *counts_in(paragraph.text, paragraph.id, taken)], key=lambda c: c.span.start)
    return dataclasses.replace(source, counts=tuple(found))
