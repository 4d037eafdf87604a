"""Proposed events: the clusters of uncovered sources, described from what the analyses found,
and drafted as event files for `site-builder events --suggest`."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from typing import Mapping, Sequence

import yaml

from site_builder import layout
from site_builder.analysis.gazetteer import Gazetteer
from site_builder.analysis.shingles import WordIndexes, is_content_word
from site_builder.analysis.words import WORD, normalise_word
from site_builder.linking.cluster import propose
from site_builder.linking.events import PROPOSED_PREFIX, named
from site_builder.linking.key_facts import report_day
from site_builder.model import Derivation, Event, ReusePair, Source, paragraph_number
from site_builder.schema import slug

SHARED_SHARE = 0.4  # a name or day given by this share of an event's reports (and two at least) is one they share
MAX_NAMES = 6


def likely_place(sources: Sequence[Source], gazetteer: Gazetteer, spread: Counter[str], total: int) -> str | None:
    """The place most distinctive of these sources: named by many of them (counted squared) and few others
    (`China` in every report says nothing; `Guilin` does; `spread` counts the reports giving each
    name), earliest in the text on a tie."""
    named: Counter[str] = Counter()
    first_seen: dict[str, tuple[int, int]] = {}
    for source in sources:
        places = [m for m in source.mentions if gazetteer.by_id[m.entity].type == "place"]
        named.update({m.entity for m in places})
        for m in places:
            position = (paragraph_number(m.span.paragraph), m.span.start)
            first_seen[m.entity] = min(first_seen.get(m.entity, position), position)
    scored = [(n * n * math.log((total + 1) / (spread[gazetteer.by_id[p].name] + 1)), p) for p, n in named.items()]
    scored = [(score, p) for score, p in scored if score > 0]
    return min(scored, key=lambda sp: (-round(sp[0], 6), first_seen[sp[1]]))[1] if scored else None


def headline_words(title: str) -> frozenset[str]:
    """The content words of a headline, normalised (no `and`, `the`, numbers)."""
    return frozenset(word for w in WORD.finditer(title) if is_content_word(word := normalise_word(w.group())))


def representative(sources: Sequence[Source], idf: Mapping[str, float]) -> Source:
    """The report whose headline shares most with the others' headlines: each of its words weighs
    its rarity in the collection's headlines times how many other members' headlines have it,
    over the square root of its length (so a long headline does not win by length); the earliest
    id on a tie."""
    words = {s.id: headline_words(s.title) for s in sources if s.field("title").known}
    if not words:
        return sources[0]
    held = Counter(w for found in words.values() for w in found)

    def score(source_id: str) -> float:
        found = words[source_id]
        return sum((held[w] - 1) * idf.get(w, 0.0) for w in found) / math.sqrt(len(found) or 1)

    best = max(sorted(words), key=lambda source_id: round(score(source_id), 9))
    return next(s for s in sources if s.id == best)


def shared_by(sources: Sequence[Source]) -> int:
    """How many of an event's reports must give a name or a day for it to be one they share."""
    return max(2, math.ceil(SHARED_SHARE * len(sources)))


def shared_dates(sources: Sequence[Source]) -> tuple[tuple[str, ...], str | None]:
    """The span of the reports' publication days, else the day most reports' texts give most
    (`report_day`), if they share it: a background date two of nine reports give ("practising
    polygamy on May 1, 2005") is not the event's, nor is a month ("September 2009"), in the text
    or as a publication date (`2009-09`); with where they come from ("published", "text")."""
    published = sorted({day.isoformat() for s in sources if (day := s.published_day)})
    if published:
        return tuple(published[:1] + published[-1:]) if len(published) > 1 else tuple(published), "published"
    given = Counter(day for s in sources if (day := report_day(s)) is not None)
    top = sorted(given.items(), key=lambda kv: (-kv[1], kv[0]))
    return ((dt.date.fromordinal(top[0][0]).isoformat(),), "text") if top and top[0][1] >= shared_by(sources) else ((), None)


def shared_names(sources: Sequence[Source], gazetteer: Gazetteer, spread: Counter[str], total: int) -> tuple[tuple[str, int], ...]:
    """The names (gazetteer entities and names it does not know) most distinctive of these reports:
    given by at least SHARED_SHARE of them, ranked by how many give them (squared) times their
    rarity in the collection, with how many give each."""
    named = Counter(name for s in sources for name in report_names(s, gazetteer))
    least = shared_by(sources)
    scored = [(n * n * math.log((total + 1) / (spread[name] + 1)), name, n) for name, n in named.items() if n >= least]
    ranked = sorted((item for item in scored if item[0] > 0), key=lambda item: (-round(item[0], 6), item[1]))
    return tuple((name, n) for _, name, n in ranked[:MAX_NAMES])


def report_names(source: Source, gazetteer: Gazetteer) -> set[str]:
    """The names a report gives, once each: its entities' names and the capitalised names no entity matches."""
    return {gazetteer.by_id[m.entity].name for m in source.mentions} | {c.surface for c in source.candidates}


def group_digest(source_ids: Sequence[str]) -> str:
    """Six hex digits naming a group of sources, the same while its members are."""
    return hashlib.sha256("\n".join(sorted(source_ids)).encode()).hexdigest()[:6]


def describe(sources: Sequence[Source], gazetteer: Gazetteer, spread: Counter[str], total: int,
             idf: Mapping[str, float]) -> Event:
    """A proposed event: titled by its most representative headline, dated by its reports, its most
    distinctive place, the people named in at least half of its reports and the names most of them
    give; `derivation` says how each was found. Its id is readable and stays while its members do."""
    people: Counter[str] = Counter()
    for source in sources:
        people.update({m.entity for m in source.mentions if gazetteer.by_id[m.entity].type == "person"})
    ranked = sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
    participants = tuple(named(p, gazetteer) for p in sorted(p for p, n in ranked if n * 2 >= len(sources)))
    dates, dates_from = shared_dates(sources)
    place = likely_place(sources, gazetteer, spread, total)
    datelines = Counter(s.field("place").value for s in sources if s.field("place").known)
    dateline = max(sorted(datelines.items()), key=lambda kv: kv[1]) if datelines else None
    headline = representative(sources, idf)
    ids = tuple(s.id for s in sources)
    return Event(
        id=f"{PROPOSED_PREFIX}{slug(headline.title, 48) or 'event'}-{group_digest(ids)}",
        title=headline.title,
        dates=dates,
        place=named(place, gazetteer) if place else None,
        participants=participants,
        sources=ids,
        facets=(),
        curated=False,
        derivation=Derivation(headline.id, dates_from, dateline if dateline and dateline[1] >= 2 else None,
                              shared_names(sources, gazetteer, spread, total)),
    )


def headline_idf(sources: Sequence[Source]) -> dict[str, float]:
    """How rare each headline word is among the collection's headlines."""
    df = Counter(w for s in sources if s.field("title").known for w in headline_words(s.title))
    return {w: math.log((len(sources) + 1) / (n + 1)) for w, n in df.items()}


def proposed_events(sources: Sequence[Source], covered: set[str], reuse: Sequence[ReusePair],
                    gazetteer: Gazetteer, indexes: WordIndexes | None = None) -> list[Event]:
    """The events the build proposes for the sources no curated event covers: groups of two or more
    (a report alike to no other is not an event: the events index lists it as not grouped)."""
    uncovered = [s for s in sources if s.id not in covered]
    by_id = {s.id: s for s in uncovered}
    groups = propose(uncovered, [p for p in reuse if p.a in by_id and p.b in by_id], indexes)
    spread = Counter(name for s in sources for name in report_names(s, gazetteer))
    idf = headline_idf(sources)
    return [describe([by_id[i] for i in group], gazetteer, spread, len(sources), idf) for group in groups if len(group) > 1]


def draft_file(event: Event) -> tuple[str, str]:
    """(suggested file name, text) of an event file a researcher can start from."""
    year = event.dates[0][:4] if event.dates else ""
    front = {
        "title": event.title,
        "dates": list(event.dates) or None,
        "place": event.place.text if event.place else None,
        "participants": [p.text for p in event.participants] or None,
        "sources": list(event.sources),
    }
    text = yaml.safe_dump({k: v for k, v in front.items() if v}, sort_keys=False, allow_unicode=True, width=100)
    body = ("# facets: the questions to compare across these sources; see the README's 'Events' section.\n"
            "# Without facets the page compares dates, places, people, who is quoted and numbers.\n")
    stem = slug(event.place.text if event.place else event.title, 40)
    return f"{layout.EVENTS}/{stem}{'-' + year if year else ''}.md", f"---\n{text}{body}---\nWhat the researcher knows about this event.\n"
