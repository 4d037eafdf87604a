"""Text reuse: the overview (overlap matrix of the most connected sources, the top pairs, the largest
copy groups), the paged list of shared passages, and a page per pair of sources sharing a substantial
passage (of the pairs `linking.reuse.shown_pairs` keeps, those `routes.has_pair_page` admits)."""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from site_builder.linking.reuse import COPY_SHARE, is_copy, representative_order
from site_builder.model import ReusePair, Site
from site_builder.site import routes
from site_builder.site.generators import (
    PAGED_CONTEXT,
    Generator,
    PageSpec,
    SourceLink,
    crumbs,
    paged,
    source_link,
)
from site_builder.site.generators.events import NETWORK_REPORTS
from site_builder.site.lookups import Lookups
from site_builder.site.pictures import Network, reuse_network

MATRIX_SOURCES = 50  # the overlap matrix is drawn for the most connected sources only
TOP_PAIRS = 40  # the pairs the overview lists (every report's page lists its own; similarity.csv has them all)
NAMED_GROUPS = 7  # events with a colour of their own in the network (pictures have eight)
REUSE_CRUMB = ("Text reuse", routes.index(routes.REUSE))


def similarity_matrix(site: Site, event_of: dict[str, int]) -> tuple[list[SourceLink], dict[tuple[str, str], ReusePair]]:
    """The most connected sources (at most MATRIX_SOURCES, by event, then by id: an event's reports
    side by side) and their pairs by both orders."""
    shared: Counter[str] = Counter()
    for pair in site.reuse:
        shared[pair.a] += pair.words
        shared[pair.b] += pair.words
    top = sorted(sorted(shared, key=lambda source_id: (-shared[source_id], source_id))[:MATRIX_SOURCES],
                 key=lambda source_id: (event_of.get(source_id, len(site.events)), source_id))
    drawn = set(top)
    by_ids = {}
    for pair in site.reuse:
        if pair.a in drawn and pair.b in drawn:
            by_ids[(pair.a, pair.b)] = by_ids[(pair.b, pair.a)] = pair
    return [SourceLink(source_id, site.by_id[source_id].title) for source_id in top], by_ids


def collection_network(lookups: Lookups) -> Network | None:
    """Every source sharing text (the most connected NETWORK_REPORTS), coloured by event: the
    NAMED_GROUPS events with most reports drawn have a colour each, named by their titles, the others
    one together, named None (the template words it: sentences.other_events)."""
    site, event_of = lookups.site, lookups.event_of
    drawn = Counter(event_of[i] for pair in site.reuse for i in {pair.a, pair.b} if i in event_of)
    named = sorted(drawn, key=lambda number: (-drawn[number], number))[:NAMED_GROUPS]
    colour = {number: named.index(number) if number in named else NAMED_GROUPS for number in drawn}
    names: list[str | None] = [site.events[number].title for number in named] + ([None] if len(drawn) > len(named) else [])
    group_of = {source_id: colour[number] for source_id, number in event_of.items() if number in colour}
    return reuse_network(site.sources, site.reuse, lookups.labels, group_of, names, routes.source, routes.pair_of, NETWORK_REPORTS)


def reuse_index(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    site = lookups.site

    def overview() -> dict:
        matrix_sources, by_ids = similarity_matrix(site, lookups.event_of)
        top_pairs = sorted(site.reuse, key=lambda p: (-p.words, p.a, p.b))[:TOP_PAIRS]
        groups = site.copy_groups
        top_groups = sorted(groups, key=lambda g: (-len(g.members), g.representative))[:TOP_PAIRS]
        return {"matrix_sources": matrix_sources, "by_ids": by_ids, "top_pairs": top_pairs, "pair_count": len(site.reuse),
                "source_count": len(site.sources), "network": collection_network(lookups),
                "copy_groups": [(source_link(site.by_id[g.representative]), len(g.members)) for g in top_groups],
                "copy_group_count": len(groups), "copies": sum(len(g.members) for g in groups), "copy_share": COPY_SHARE,
                "labels": lookups.labels_of(sorted({s.id for s in matrix_sources} | {i for p in top_pairs for i in (p.a, p.b)}
                                                   | {g.representative for g in top_groups}))}

    yield PageSpec(routes.index(routes.REUSE), "reuse.html", "Text reuse", crumbs(("Text reuse", None)), overview)


def passages_index(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    site = lookups.site
    passages = sorted(((pair, passage) for pair in site.reuse for passage in pair.passages),
                      key=lambda item: (-item[1].words, item[1].a.source, item[1].b.source, item[1].a.first_word))
    yield from paged(routes.PASSAGES, "passages.html", "Shared passages", crumbs(REUSE_CRUMB, ("Passages", None)), passages,
                     lambda rows: {"rows": rows, "labels": lookups.labels_of(sorted({i for pair, _ in rows for i in (pair.a, pair.b)}))})


def copied(site: Site, pair: ReusePair) -> str | None:
    """Of a pair of copies, the one the other is a copy of (first in `representative_order`)."""
    return min((site.by_id[pair.a], site.by_id[pair.b]), key=representative_order).id if is_copy(pair) else None


def pair_page(lookups: Lookups, pair: ReusePair) -> PageSpec:
    """A pair's page; pair.html words its title and breadcrumb from both labels (sentences.html)."""
    return PageSpec(routes.pair(pair.a, pair.b), "pair.html", "", crumbs(REUSE_CRUMB, ("", None)),
                    lambda: {"pair": pair, "a": source_link(lookups.site.by_id[pair.a]), "b": source_link(lookups.site.by_id[pair.b]),
                             "copied": copied(lookups.site, pair), "labels": lookups.labels_of([pair.a, pair.b])})


def pair_pages(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    for pair in lookups.paged_pairs[indexes.start:indexes.stop]:
        yield pair_page(lookups, pair)


REUSE_INDEX = Generator("text reuse", "reuse.html", reuse_index, {
    "matrix_sources": "the most connected sources (`SourceLink`s), drawn as the overlap matrix",
    "by_ids": "the `ReusePair` of two of them, by (row id, column id)",
    "top_pairs": "the pairs sharing most words",
    "pair_count": "how many pairs share text",
    "source_count": "how many sources there are",
    "network": "the text-reuse network of the collection (a `pictures.Network`), or None",
    "copy_groups": "the largest copy groups: (representative's `SourceLink`, how many copies it has)",
    "copy_group_count": "how many copy groups there are",
    "copies": "how many sources are copies in a group (representatives not counted)",
    "copy_share": "the share of the shorter text that makes two sources copies (`linking.reuse.COPY_SHARE`)",
    "labels": "the display label of each source shown",
})
PASSAGES_INDEX = Generator("shared passages", "passages.html", passages_index,
                           {**PAGED_CONTEXT, "rows": "this page's (`ReusePair`, `Passage`) pairs, longest first",
                            "labels": "the display label of each source shown"})
PAIR_PAGES = Generator("pairs", "pair.html", pair_pages, {
    "pair": "the `ReusePair`",
    "a": "its first source (`SourceLink`)",
    "b": "its second source (`SourceLink`)",
    "copied": "when one is a copy of the other (`linking.reuse.is_copy`), the id of the one copied (its copy group's first source), else None",
    "labels": "the display labels of both",
}, lambda lookups: len(lookups.paged_pairs), per_item=True)
