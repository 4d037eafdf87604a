"""Link stage: gather each entity's mentions, spellings, co-occurrences and quotes across sources,
and the candidate names worth a researcher's review."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable

from site_builder.analysis.gazetteer import Gazetteer
from site_builder.model import EntityReport, Located, NameToReview, Source, SurfaceForm


def surface_forms(mentions: Iterable[Located]) -> tuple[SurfaceForm, ...]:
    sources: dict[tuple[str, bool], list[str]] = defaultdict(list)
    for located in mentions:
        sources[(located.item.surface, located.item.variant)].append(located.source)
    return tuple(
        SurfaceForm(text, variant, tuple(sorted(set(ids))), len(ids))
        for (text, variant), ids in sorted(sources.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    )


def index_entities(sources: Iterable[Source], gazetteer: Gazetteer) -> dict[str, EntityReport]:
    mentions: dict[str, list[Located]] = defaultdict(list)
    quotes: dict[str, list[Located]] = defaultdict(list)
    together: dict[str, Counter[str]] = defaultdict(Counter)
    for source in sources:
        by_paragraph: dict[str, set[str]] = defaultdict(set)
        for mention in source.mentions:
            mentions[mention.entity].append(Located(source.id, mention))
            by_paragraph[mention.span.paragraph].add(mention.entity)
        for entities in by_paragraph.values():
            for entity in entities:
                together[entity].update(entities - {entity})
        for quote in source.quotes:
            if quote.speaker:
                quotes[quote.speaker].append(Located(source.id, quote))
    return {
        entity.id: EntityReport(
            entity=entity,
            forms=surface_forms(mentions[entity.id]),
            mentions=tuple(mentions[entity.id]),
            counts_by_source=dict(sorted(Counter(m.source for m in mentions[entity.id]).items())),
            cooccurring=tuple(sorted(together[entity.id].items(), key=lambda kv: (-kv[1], kv[0]))),
            quotes=tuple(quotes[entity.id]),
        )
        for entity in gazetteer.entities
    }


ACRONYM_WORDS = 2


def spellings(found: dict[str, list[Located]]) -> dict[str, list[Located]]:
    """Candidate occurrences by the name they spell. A name's capitals (a headline or dateline in
    capitals: `PORT VALEN`) are the name in mixed case (`Port Valen`), listed under the mixed-case
    form written most often. Capitals with no mixed-case form are a name of acronyms up to
    ACRONYM_WORDS words (`FLDS`, `OS X`), and text set in capitals beyond (a shouted headline)."""
    by_letters: dict[str, list[str]] = defaultdict(list)
    for surface in found:
        by_letters[surface.casefold()].append(surface)
    names: dict[str, list[Located]] = {}
    for surfaces in by_letters.values():
        mixed = [surface for surface in surfaces if not surface.isupper()]
        if not mixed and len(surfaces[0].split()) > ACRONYM_WORDS:
            continue
        listed = max(mixed or surfaces, key=lambda surface: (len(found[surface]), surface))
        names[listed] = [located for surface in sorted(surfaces, key=lambda s: s != listed) for located in found[surface]]
    return names


def gather_names(sources: Iterable[Source]) -> tuple[NameToReview, ...]:
    """Candidate names by the name they spell (`spellings`), most widely used first; those in several sources lead."""
    found: dict[str, list[Located]] = defaultdict(list)
    for source in sources:
        for candidate in source.candidates:
            found[candidate.surface].append(Located(source.id, candidate))
    names = [
        NameToReview(
            surface,
            tuple(sorted({o.source for o in occurrences})),
            tuple(occurrences),
            next((o.item.hint for o in occurrences if o.item.hint), None),
        )
        for surface, occurrences in spellings(found).items()
    ]
    return tuple(sorted(names, key=lambda n: (-len(n.sources), -n.words, -len(n.occurrences), n.surface)))
