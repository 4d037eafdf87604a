"""Events: a page per event (its comparison table, differences, quote variants, shared passages),
the events index and the timeline."""

from __future__ import annotations

from typing import Any, Iterator

from site_builder.model import Event, Located, ReusePair
from site_builder.site import routes
from site_builder.site.cite import cite
from site_builder.site.generators import SCHEMA, SEARCHABLE_CONTEXT, Deferred, Generator, PageSpec, crumbs, known, source_link
from site_builder.site.lookups import Lookups
from site_builder.site.pictures import coverage, reuse_network
from site_builder.site.urls import citation_url, link

MAX_DATED = 500  # the dates in the sources the timeline lists
MAX_STATEMENTS = 60  # the dated statements an event's coverage picture marks
NETWORK_REPORTS = 150  # the reports a network picture draws at most (the most connected)
EVENTS_CRUMB = ("Events", routes.index(routes.EVENTS))


def event_pictures(lookups: Lookups, event: Event, pairs: list[ReusePair]) -> dict[str, Any]:
    """The event's text-reuse network and its coverage over time (None where there is nothing to draw)."""
    by_id, labels = lookups.site.by_id, lookups.labels_of(event.sources)
    sources = [by_id[source_id] for source_id in event.sources]
    statements = sorted((d.value, d.text, routes.paragraph(s.id, d.span.paragraph)) for s in sources for d in s.dates if d.value)
    return {
        "network": Deferred(reuse_network, (sources, pairs, labels, {}, (), routes.source, routes.pair_of, NETWORK_REPORTS)),
        "coverage": coverage({s.id: s.field("published").value for s in sources}, labels, routes.source,
                             statements[:MAX_STATEMENTS]),
    }


def event_page(lookups: Lookups, event: Event) -> PageSpec:
    path = routes.event(event.id)

    def context() -> dict:
        site = lookups.site
        config = site.config
        pairs = lookups.event_pairs(event)
        return {
            "event": event,
            "names": lookups.labels_of(event.sources),
            "sources": {source_id: site.by_id[source_id] for source_id in event.sources},
            "pairs": pairs,
            "pictures": event_pictures(lookups, event, pairs),
            "structured": known({
                "@context": SCHEMA, "@type": "Event", "name": event.title, "description": event.summary,
                "startDate": event.dates[0] if event.dates else None, "endDate": event.dates[-1] if event.dates else None,
                "location": {"@type": "Place", "name": event.place.text} if event.place else None,
                "attendee": [{"@type": "Person", "name": p.text} for p in event.participants],
                "url": link(config.base_url, path, path),
            }),
            "citation": cite(event.id, event.title, config.author, event.dates[0] if event.dates else None, None,
                             config.title, citation_url(config.base_url, path), sources=len(event.sources)),
            "searchable": True,
            "filters": [("kind", "event"), ("event", event.title)] + [("source", s) for s in event.sources],
        }

    return PageSpec(path, "event.html", event.title, crumbs(EVENTS_CRUMB, (event.title, None)), context)


def event_pages(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    for event in lookups.site.events[indexes.start:indexes.stop]:
        yield event_page(lookups, event)


def events_index(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    site = lookups.site
    def context() -> dict:
        ungrouped = [source_link(s) for s in site.sources if s.id not in lookups.event_of]
        return {"events": site.events,
                "ungrouped": ungrouped, "labels": lookups.labels_of(s.id for s in ungrouped)}

    yield PageSpec(routes.index(routes.EVENTS), "events.html", "Events", crumbs(("Events", None)), context)


def timeline(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    site = lookups.site

    def context() -> dict:
        dated = sorted(((d.value, Located(s.id, d)) for s in site.sources for d in s.dates if d.value),
                       key=lambda item: (item[0], item[1].source, item[1].item.span.start))
        return {"dated": dated[:MAX_DATED], "dated_count": len(dated),
                "labels": lookups.labels_of(sorted({located.source for _, located in dated[:MAX_DATED]})),
                "coverage": coverage({s.id: s.field("published").value for s in site.sources}, lookups.labels, routes.source),
                "dated_events": sorted((e for e in site.events if e.dates), key=lambda e: (e.dates[0], e.id))}

    yield PageSpec(routes.index(routes.TIMELINE), "timeline.html", "Timeline", crumbs(("Timeline", None)), context)


EVENT_PAGES = Generator("events", "event.html", event_pages, {
    "event": "the `Event`, with its comparison `rows`",
    "names": "the display label of each of its sources",
    "sources": "its `Source`s by id",
    "pairs": "the `ReusePair`s among its sources",
    "pictures": "`network` (a `pictures.Network`) and `coverage` (a `pictures.Coverage`), each None when there is nothing to draw",
    "structured": "its JSON-LD (`Event`)",
    "citation": "a `Citation` of the page",
    **SEARCHABLE_CONTEXT,
}, lambda lookups: len(lookups.site.events), per_item=True)
EVENTS_INDEX = Generator("events index", "events.html", events_index, {
    "events": "every `Event`",
    "ungrouped": "the sources in no event (`SourceLink`s)", "labels": "their display labels",
})
TIMELINE = Generator("timeline", "timeline.html", timeline, {
    "dated": "(ISO date, `Located` date) of the first dates the sources give, in order",
    "dated_count": "how many resolved dates the sources give",
    "labels": "the display labels of their sources",
    "coverage": "the sources by publication date (a `pictures.Coverage`), or None",
    "dated_events": "the events with dates, in order",
})
