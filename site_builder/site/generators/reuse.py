"""Text reuse: the overview (overlap matrix of the most connected sources, the top pairs), the paged
list of shared passages, and a page per pair of sources that share text."""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from site_builder.model import ReusePair, Site
from site_builder.site import routes
from site_builder.site.generators import (
    PAGED_CONTEXT,
    PER_INDEX_PAGE,
    Generator,
    PageSpec,
    SourceLink,
    crumbs,
    paged,
    source_link,
)
from site_builder.site.lookups import Lookups

MATRIX_SOURCES = 50  # the overlap matrix is drawn for the most connected sources only
REUSE_CRUMB = ("Text reuse", routes.index(routes.REUSE))


def similarity_matrix(site: Site) -> tuple[list[SourceLink], dict[tuple[str, str], ReusePair]]:
    """The most connected sources (at most MATRIX_SOURCES, in id order) and their pairs by both orders."""
    shared: Counter[str] = Counter()
    for pair in site.reuse:
        shared[pair.a] += pair.words
        shared[pair.b] += pair.words
    top = sorted(sorted(shared, key=lambda source_id: (-shared[source_id], source_id))[:MATRIX_SOURCES])
    drawn = set(top)
    by_ids = {}
    for pair in site.reuse:
        if pair.a in drawn and pair.b in drawn:
            by_ids[(pair.a, pair.b)] = by_ids[(pair.b, pair.a)] = pair
    return [SourceLink(source_id, site.by_id[source_id].title) for source_id in top], by_ids


def reuse_index(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    site = lookups.site

    def overview() -> dict:
        matrix_sources, by_ids = similarity_matrix(site)
        top_pairs = sorted(site.reuse, key=lambda p: (-p.words, p.a, p.b))[:PER_INDEX_PAGE]
        return {"matrix_sources": matrix_sources, "by_ids": by_ids, "top_pairs": top_pairs, "pair_count": len(site.reuse),
                "source_count": len(site.sources),
                "short": lookups.shorts(sorted({s.id for s in matrix_sources} | {i for p in top_pairs for i in (p.a, p.b)}))}

    yield PageSpec(routes.index(routes.REUSE), "reuse.html", "Text reuse", crumbs(("Text reuse", None)), overview)


def passages_index(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    site = lookups.site
    passages = sorted(((pair, passage) for pair in site.reuse for passage in pair.passages),
                      key=lambda item: (-item[1].words, item[1].a.source, item[1].b.source, item[1].a.first_word))
    yield from paged(routes.PASSAGES, "passages.html", "Shared passages", crumbs(REUSE_CRUMB, ("Passages", None)), passages,
                     lambda rows: {"rows": rows, "short": lookups.shorts(sorted({i for pair, _ in rows for i in (pair.a, pair.b)}))})


def pair_page(lookups: Lookups, pair: ReusePair) -> PageSpec:
    short = lookups.short
    return PageSpec(routes.pair(pair.a, pair.b), "pair.html", f"{pair.a} and {pair.b}",
                    crumbs(REUSE_CRUMB, (f"{short[pair.a]} ↔ {short[pair.b]}", None)),
                    lambda: {"pair": pair, "a": source_link(lookups.site.by_id[pair.a]), "b": source_link(lookups.site.by_id[pair.b]),
                             "short": lookups.shorts([pair.a, pair.b])})


def pair_pages(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    for pair in lookups.site.reuse[indexes.start:indexes.stop]:
        yield pair_page(lookups, pair)


REUSE_INDEX = Generator("text reuse", "reuse.html", reuse_index, {
    "matrix_sources": "the most connected sources (`SourceLink`s), drawn as the overlap matrix",
    "by_ids": "the `ReusePair` of two of them, by (row id, column id)",
    "top_pairs": "the pairs sharing most words",
    "pair_count": "how many pairs share text",
    "source_count": "how many sources there are",
    "short": "the short label of each source shown",
})
PASSAGES_INDEX = Generator("shared passages", "passages.html", passages_index,
                           {**PAGED_CONTEXT, "rows": "this page's (`ReusePair`, `Passage`) pairs, longest first",
                            "short": "the short label of each source shown"})
PAIR_PAGES = Generator("pairs", "pair.html", pair_pages, {
    "pair": "the `ReusePair`",
    "a": "its first source (`SourceLink`)",
    "b": "its second source (`SourceLink`)",
    "short": "the short labels of both",
}, lambda lookups: len(lookups.site.reuse), per_item=True)
