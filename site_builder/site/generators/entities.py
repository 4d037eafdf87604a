"""Entities: a page per gazetteer entity (spellings, quotes, mentions in context, co-occurring
entities, events), the entities index, and the paged names to review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Mapping

from site_builder.model import EntityReport, SurfaceForm
from site_builder.options import ENTITY_TYPES, Entity
from site_builder.site import routes
from site_builder.site.generators import (
    PAGED_CONTEXT,
    SCHEMA,
    SEARCHABLE_CONTEXT,
    EventLink,
    Generator,
    PageSpec,
    SourceLink,
    crumbs,
    known,
    paged,
)
from site_builder.site.lookups import Lookups
from site_builder.site.urls import link

MAX_SOURCE_COLUMNS = 12  # per-source columns on the entities index, while a table that wide stays readable
MAX_CONTEXT_LINES = 500  # mentions in context and quotes: the most an entity page lists
FORM_SOURCES = 30  # the sources an entity page links for each spelling
NAME_CONTEXTS = 5  # the occurrences in context the names-to-review index shows of each name
COOCCURRING_SHOWN = 30  # the entities named with it that an entity page lists
ENTITIES_CRUMB = ("Entities", routes.index(routes.ENTITIES))
SCHEMA_TYPES = {"person": "Person", "place": "Place", "organisation": "Organization", "other": "Thing"}


@dataclass(frozen=True)
class EntityRow:
    """An entity as the index lists it: how often it is named, by how many sources, with variants or not."""

    entity: Entity
    mentions: int
    sources: int
    has_variants: bool
    counts_by_source: Mapping[str, int]


@dataclass(frozen=True)
class Spelling:
    """One spelling as an entity page shows it: the form, the sources it links, how many use it."""

    form: SurfaceForm
    shown: tuple[str, ...]
    source_count: int


@dataclass(frozen=True)
class NameRow:
    """A name to review as its row shows it: the name, its hint, how many sources and occurrences
    it has, and its first occurrences in context."""

    surface: str
    hint: str | None
    sources: int
    occurrences: int
    contexts: tuple


def entity_page(lookups: Lookups, report: EntityReport) -> PageSpec:
    entity, path = report.entity, routes.entity(report.entity.id)

    def context() -> dict:
        cooccurring = report.cooccurring[:COOCCURRING_SHOWN]
        return {
            "entity": entity,
            "spellings": [Spelling(form, form.sources[:FORM_SOURCES], len(form.sources)) for form in report.forms],
            "quotes": report.quotes[:MAX_CONTEXT_LINES], "quote_count": len(report.quotes),
            "contexts": lookups.in_context(report.mentions[:MAX_CONTEXT_LINES]), "mention_count": len(report.mentions),
            "labels": lookups.labels_of(sorted({located.source for located in report.quotes[:MAX_CONTEXT_LINES]}
                                               | {located.source for located in report.mentions[:MAX_CONTEXT_LINES]}
                                               | {s for form in report.forms for s in form.sources[:FORM_SOURCES]})),
            "cooccurring": cooccurring, "entity_names": lookups.entity_names([other for other, _ in cooccurring]),
            "events": [EventLink(e.id, e.title, e.curated, e.dates) for e in lookups.events_of(entity_id=entity.id)],
            "structured": known({"@context": SCHEMA, "@type": SCHEMA_TYPES[entity.type], "name": entity.name,
                                 "alternateName": list(entity.aliases), "description": entity.description,
                                 "sameAs": entity.link, "url": link(lookups.site.config.base_url, path, path)}),
            "searchable": True, "filters": [("kind", "entity"), ("entity type", entity.type)],
        }

    return PageSpec(path, "entity.html", entity.name, crumbs(ENTITIES_CRUMB, (entity.name, None)), context)


def entity_pages(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    for report in lookups.reports[indexes.start:indexes.stop]:
        yield entity_page(lookups, report)


def entities_index(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    site = lookups.site

    def context() -> dict:
        columns = site.sources if len(site.sources) <= MAX_SOURCE_COLUMNS else ()
        shown = [source.id for source in columns]
        by_type = {kind: [EntityRow(r.entity, len(r.mentions), len(r.counts_by_source), r.has_variants,
                                    {s: r.counts_by_source[s] for s in shown if s in r.counts_by_source})
                          for r in lookups.reports if r.entity.type == kind] for kind in ENTITY_TYPES}
        return {"by_type": by_type, "source_columns": [SourceLink(s.id, s.title) for s in columns], "labels": lookups.labels_of(shown)}

    yield PageSpec(routes.index(routes.ENTITIES), "entities.html", "Entities", crumbs(("Entities", None)), context)


def names_to_review(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    yield from paged(routes.NAMES, "names.html", "Names to review", crumbs(("Names to review", None)), lookups.site.names_to_review,
                     lambda rows: {"rows": [NameRow(name.surface, name.hint, len(name.sources), len(name.occurrences),
                                                  tuple(lookups.in_context(name.occurrences[:NAME_CONTEXTS]))) for name in rows],
                                   "labels": lookups.labels_of(sorted({o.source for name in rows for o in name.occurrences[:NAME_CONTEXTS]}))})


ENTITY_PAGES = Generator("entities", "entity.html", entity_pages, {
    "entity": "the `Entity`",
    "spellings": "each way the sources write it (`Spelling`s)",
    "quotes": "its first quotations (`Located` quotes)", "quote_count": "how many quotations it has",
    "contexts": "its first mentions, each (`Located` mention, (words before, the mention, words after))",
    "mention_count": "how many mentions it has",
    "labels": "the display labels of the sources those name",
    "cooccurring": "(entity id, paragraphs shared) of the entities named with it most",
    "entity_names": "their names",
    "events": "the events it takes part in (`EventLink`s)",
    "structured": "its JSON-LD (`Person`, `Place`, …)",
    **SEARCHABLE_CONTEXT,
}, lambda lookups: len(lookups.reports), per_item=True)
ENTITIES_INDEX = Generator("entities index", "entities.html", entities_index, {
    "by_type": "`EntityRow`s by entity type",
    "source_columns": "the sources given a column each (`SourceLink`s; none past a few)",
    "labels": "their display labels",
})
NAMES_TO_REVIEW = Generator("names to review", "names.html", names_to_review,
                            {**PAGED_CONTEXT, "rows": "this page's `NameRow`s", "labels": "the display labels of their sources"})
