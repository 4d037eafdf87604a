"""What page generators look up across the site, made once per process: source labels, each
source's pairs, the events of a source or an entity, entity names, findings in context."""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Iterable, Sequence

from site_builder.build.piece_memo import PieceMemo
from site_builder.model import EntityReport, Event, Located, ReusePair, Site
from site_builder.output.write import OutputFile
from site_builder.site import routes
from site_builder.site.data import data_files
from site_builder.site.labels import source_labels
from site_builder.site.markup import keyword_in_context


def pairs_by_source(pairs: Sequence[ReusePair]) -> dict[str, list[ReusePair]]:
    """Each source's pairs, most shared words first: its related sources."""
    found: dict[str, list[ReusePair]] = defaultdict(list)
    for pair in pairs:
        found[pair.a].append(pair)
        found[pair.b].append(pair)
    for source_id, its_pairs in found.items():
        its_pairs.sort(key=lambda p: (-p.words, p.other(source_id)))
    return found


class Lookups:
    """The site with the indexes its pages need; `pieces` keeps the data downloads' pieces between builds."""

    def __init__(self, site: Site, pieces: PieceMemo | None = None) -> None:
        self.site = site
        self.pieces = pieces
        self.labels = source_labels(site.sources)
        self.related = pairs_by_source(site.reuse)
        self.reports: list[EntityReport] = list(site.entities.values())
        self._events_by: dict[str, list[Event]] = defaultdict(list)
        for event in site.events:
            named = [*event.participants, *([event.place] if event.place else [])]
            for key in {*(f"s:{s}" for s in event.sources), *(f"e:{n.entity}" for n in named if n.entity)}:
                self._events_by[key].append(event)

    @functools.cached_property
    def event_of(self) -> dict[str, int]:
        """Each source's first event, as its index in the site's events (pictures colour by it)."""
        found: dict[str, int] = {}
        for number, event in enumerate(self.site.events):
            for source_id in event.sources:
                found.setdefault(source_id, number)
        return found

    @functools.cached_property
    def pair_order(self) -> dict[tuple[str, str], int]:
        return {(pair.a, pair.b): index for index, pair in enumerate(self.site.reuse)}

    @functools.cached_property
    def paged_pairs(self) -> tuple[ReusePair, ...]:
        """The pairs with a page of their own (`routes.has_pair_page`)."""
        return tuple(pair for pair in self.site.reuse if routes.has_pair_page(pair))

    @functools.cached_property
    def data_files(self) -> list[OutputFile]:
        """The data downloads, made once (the data page lists their digests)."""
        return list(data_files(self.site, self.pieces))

    def events_of(self, source_id: str | None = None, entity_id: str | None = None) -> list[Event]:
        """The events a source reports, or an entity takes part in (as participant or place)."""
        return self._events_by.get(f"s:{source_id}" if source_id else f"e:{entity_id}", [])

    def labels_of(self, source_ids: Iterable[str]) -> dict[str, str]:
        """The display labels of just these sources (a page's context holds only what it shows)."""
        return {source_id: self.labels[source_id] for source_id in source_ids}

    def entity_names(self, entity_ids: Sequence[str]) -> dict[str, str]:
        return {entity_id: self.site.entities[entity_id].entity.name for entity_id in entity_ids}

    def kwic(self, located: Located) -> tuple[str, str, str]:
        """A finding in the words around it, for keyword-in-context lists."""
        span = located.item.span
        text = self.site.by_id[located.source].paragraph(span.paragraph).text
        return keyword_in_context(text, span.start, span.end)

    def in_context(self, found: Sequence[Located]) -> list[tuple[Located, tuple[str, str, str]]]:
        """Findings with their words in context."""
        return [(located, self.kwic(located)) for located in found]

    def event_pairs(self, event: Event) -> list[ReusePair]:
        """The pairs of the event's sources, in the site's order (through each source's own pairs,
        not through every pair of the site)."""
        members = set(event.sources)
        found = {(p.a, p.b): p for source_id in members for p in self.related[source_id] if p.a in members and p.b in members}
        return [found[ids] for ids in sorted(found, key=self.pair_order.__getitem__)]
