"""Proposed events: the clusters of uncovered sources, described from what the analyses found,
and drafted as event files for `site-builder events --suggest`."""

from __future__ import annotations

import math
from collections import Counter
from typing import Mapping, Sequence

import yaml

from site_builder.analysis.gazetteer import Gazetteer
from site_builder.analysis.shingles import WordIndexes
from site_builder.linking.cluster import propose
from site_builder.linking.events import PROPOSED_PREFIX
from site_builder.model import EntityReport, Event, ReusePair, Source, paragraph_number
from site_builder.schema import slug


def likely_place(sources: Sequence[Source], gazetteer: Gazetteer, spread: Counter[str], total: int) -> str | None:
    """The place most distinctive of these sources: named by many of them (counted squared) and few others
    (`China` in every report says nothing; `Guilin` does), earliest in the text on a tie."""
    named: Counter[str] = Counter()
    first_seen: dict[str, tuple[int, int]] = {}
    for source in sources:
        places = [m for m in source.mentions if gazetteer.by_id[m.entity].type == "place"]
        named.update({m.entity for m in places})
        for m in places:
            position = (paragraph_number(m.span.paragraph), m.span.start)
            first_seen[m.entity] = min(first_seen.get(m.entity, position), position)
    scored = [(n * n * math.log((total + 1) / (spread[p] + 1)), p) for p, n in named.items()]
    scored = [(score, p) for score, p in scored if score > 0]
    return min(scored, key=lambda sp: (-round(sp[0], 6), first_seen[sp[1]]))[1] if scored else None


def describe(number: int, sources: Sequence[Source], gazetteer: Gazetteer, spread: Counter[str], total: int) -> Event:
    """A proposed event: its most distinctive place, the people named in at least half of its
    sources, and the publication dates they give."""
    people: Counter[str] = Counter()
    for source in sources:
        people.update({m.entity for m in source.mentions if gazetteer.by_id[m.entity].type == "person"})
    ranked = sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
    participants = tuple(sorted(p for p, n in ranked if n * 2 >= len(sources)))
    dates = sorted({s.field("published").value[:10] for s in sources if s.field("published").known})
    place = likely_place(sources, gazetteer, spread, total)
    title = sources[0].title if len(sources) == 1 else f"{len(sources)} reports" + (
        f" on {gazetteer.by_id[place].name}" if place else "")
    return Event(
        id=f"{PROPOSED_PREFIX}{number}",
        title=title,
        dates=tuple(dates[:1] + dates[-1:]) if len(dates) > 1 else tuple(dates),
        place=place,
        participants=participants,
        sources=tuple(s.id for s in sources),
        facets=(),
        curated=False,
    )


def proposed_events(sources: Sequence[Source], covered: set[str], reuse: Sequence[ReusePair],
                    gazetteer: Gazetteer, indexes: WordIndexes | None = None) -> list[Event]:
    uncovered = [s for s in sources if s.id not in covered]
    by_id = {s.id: s for s in uncovered}
    groups = propose(uncovered, [p for p in reuse if p.a in by_id and p.b in by_id], indexes)
    spread = Counter(entity for s in sources for entity in {m.entity for m in s.mentions})
    return [describe(n, [by_id[i] for i in group], gazetteer, spread, len(sources)) for n, group in enumerate(groups, 1)]


def draft_file(event: Event, entities: Mapping[str, EntityReport]) -> tuple[str, str]:
    """(suggested file name, text) of an event file a researcher can start from."""
    def name(entity_id: str) -> str:
        return entities[entity_id].entity.name

    year = event.dates[0][:4] if event.dates else ""
    front = {
        "title": event.title,
        "dates": list(event.dates) or None,
        "place": name(event.place) if event.place else None,
        "participants": [name(p) for p in event.participants] or None,
        "sources": list(event.sources),
    }
    text = yaml.safe_dump({k: v for k, v in front.items() if v}, sort_keys=False, allow_unicode=True, width=100)
    body = ("# facets: the questions to compare across these sources; see the README's 'Events' section.\n"
            "# Without facets the page compares dates, places, people, who is quoted and numbers.\n")
    stem = slug(name(event.place) if event.place else event.title, 40)
    return f"content/events/{stem}{'-' + year if year else ''}.md", f"---\n{text}{body}---\nWhat the researcher knows about this event.\n"
