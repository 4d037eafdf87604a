"""Source pages (one per source: text, provenance, what the analyses found) and the sources index."""

from __future__ import annotations

from typing import Iterator

from site_builder.model import Source
from site_builder.site import routes
from site_builder.site.cite import cite
from site_builder.site.generators import (
    PAGED_CONTEXT,
    SCHEMA,
    SEARCHABLE_CONTEXT,
    EventLink,
    Generator,
    PageSpec,
    crumbs,
    known,
    paged,
    source_link,
)
from site_builder.site.lookups import Lookups
from site_builder.site.urls import citation_url, link

RELATED_SOURCES = 5  # the related sources a source page lists (its text marks every shared passage)
SOURCES_CRUMB = ("Sources", routes.index(routes.SOURCES))


def source_structured(lookups: Lookups, source: Source) -> dict:
    base_url, path, field = lookups.site.config.base_url, routes.source(source.id), source.field
    return known({
        "@context": SCHEMA, "@type": "NewsArticle", "headline": source.title, "url": link(base_url, path, path),
        "isBasedOn": field("url").value, "archivedAt": link(base_url, path, routes.raw(source.raw_name)),
        "publisher": known({"@type": "Organization", "name": field("publisher").value}) if field("publisher").known else None,
        "author": known({"@type": "Person", "name": field("author").value}) if field("author").known else None,
        "datePublished": field("published").value, "inLanguage": field("language").value, "wordCount": source.words,
        "identifier": f"sha256:{source.sha256}",
    })


def source_page(lookups: Lookups, index: int) -> PageSpec:
    sources = lookups.site.sources
    source = sources[index]

    def context() -> dict:
        site, pairs = lookups.site, lookups.related[source.id]
        events = lookups.events_of(source_id=source.id)
        field = source.field
        return {
            "source": source,
            "pairs": pairs,
            "related": pairs[:RELATED_SOURCES],
            "labels": lookups.labels_of([source.id] + [pair.other(source.id) for pair in pairs]),
            "entity_names": lookups.entity_names(sorted({m.entity for m in source.mentions})),
            "events": [EventLink(e.id, e.title, e.curated) for e in events],
            "previous": source_link(sources[index - 1] if index > 0 else None),
            "next": source_link(sources[index + 1] if index + 1 < len(sources) else None),
            "citation": cite(source.id, source.title, field("publisher").value, field("published").value, field("url").value,
                             site.config.title, citation_url(site.config.base_url, routes.source(source.id)), sha256=source.sha256),
            "structured": source_structured(lookups, source),
            "og_type": "article",
            "searchable": True,
            "filters": [("kind", "source"), ("source", lookups.labels[source.id])]
            + [("event", e.title) for e in events],
        }

    return PageSpec(routes.source(source.id), "source.html", source.title, crumbs(SOURCES_CRUMB, (lookups.labels[source.id], None)), context)


def source_pages(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    for index in indexes:
        yield source_page(lookups, index)


def sources_index(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    sources = lookups.site.sources
    yield from paged(routes.SOURCES, "sources.html", "Sources", crumbs(("Sources", None)), sources,
                     lambda rows: {"rows": rows, "labels": lookups.labels_of(s.id for s in rows)}, source_count=len(sources))


SOURCE_PAGES = Generator("sources", "source.html", source_pages, {
    "source": "the `Source`",
    "pairs": "every `ReusePair` it is part of, most shared words first",
    "related": "the first of those, listed as related sources",
    "labels": "the display label of the source and of each source it shares text with",
    "entity_names": "the name of each entity it mentions",
    "events": "the events it reports (`EventLink`s)",
    "previous": "the source before it (`SourceLink`), or None",
    "next": "the source after it (`SourceLink`), or None",
    "citation": "a `Citation` of the page (text and BibTeX)",
    "structured": "its JSON-LD (`NewsArticle`)",
    "og_type": "`article`",
    **SEARCHABLE_CONTEXT,
}, lambda lookups: len(lookups.site.sources), per_item=True)
SOURCES_INDEX = Generator("sources index", "sources.html", sources_index,
                          {**PAGED_CONTEXT, "rows": "this page's `Source`s", "labels": "their display labels",
                           "source_count": "how many sources there are"})
