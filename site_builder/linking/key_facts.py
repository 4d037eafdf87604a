"""What a report says happened, in the few facts that tell one event from another of its kind:
who and where (the names it gives, most mentioned first), when (the day), and how many (a value
per counted thing). Event proposals compare reports on these, for and against."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Mapping

from site_builder.analysis.counts import counted_thing
from site_builder.analysis.words import WORD
from site_builder.model import Source, day_of

HEADLINE_WEIGHT = 2  # a name in the headline counts as this many more mentions


def name_words(surface: str) -> list[str]:
    """A name as reports of one event share it: its capitalised words, lowered (`Warren Jeffs`
    and `Jeffs`, `Wang Yi` and `Wang`, `Banda Aceh` and `Aceh` meet; `of` and `the` are no part)."""
    return [word.lower() for word in WORD.findall(surface) if word[0].isupper()]


@dataclass(frozen=True)
class KeyFacts:
    """`names`: the words of the names it gives (gazetteer entities as `e:<id>`), with how often
    it gives them; `counts`: each counted thing it gives exactly one plain value for (`at least
    40` or `30-40` is no value to disagree with); `day`: its day (a day number), when known."""

    names: Mapping[str, int]
    counts: Mapping[str, float]
    day: int | None


def report_day(source: Source) -> int | None:
    """The publication day; else the full date the text gives most often (earliest on a tie)."""
    published = source.published_day
    if published:
        return published.toordinal()
    days = Counter(day for ref in source.dates if (day := day_of(ref.value)))
    return min(days, key=lambda given: (-days[given], given)).toordinal() if days else None


def plain_counts(source: Source) -> dict[str, float]:
    values: dict[str, set[float]] = {}
    for count in source.counts:
        if not count.qualifier and count.high is None:
            values.setdefault(counted_thing(count.counts), set()).add(count.value)
    return {thing: next(iter(found)) for thing, found in values.items() if len(found) == 1}


def names_given(source: Source) -> Counter[str]:
    """How often the report gives each name, a name in its headline counting HEADLINE_WEIGHT more."""
    found = [(word, [word]) for c in source.candidates for word in name_words(c.surface)]
    found += [("e:" + m.entity, name_words(m.surface)) for m in source.mentions]
    names = Counter(key for key, _ in found)
    headline = {word.lower() for word in WORD.findall(source.title)} if source.field("title").known else set()
    for key in {key for key, words in found if headline.intersection(words)}:
        names[key] += HEADLINE_WEIGHT
    return names


def key_facts(source: Source) -> KeyFacts:
    return KeyFacts(dict(names_given(source)), plain_counts(source), report_day(source))


def count_agreement(a: KeyFacts, b: KeyFacts) -> int:
    """Counted things both give with the same value, less those they give with different ones."""
    shared = a.counts.keys() & b.counts.keys()
    return sum(1 if a.counts[thing] == b.counts[thing] else -1 for thing in shared)
