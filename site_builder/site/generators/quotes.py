"""The quotes index: every quotation under the heading of who said it, then the quoted terms, paged."""

from __future__ import annotations

from typing import Iterator

from site_builder.model import Located
from site_builder.site import routes
from site_builder.site.generators import PAGED_CONTEXT, SEARCHABLE_CONTEXT, Generator, PageSpec, crumbs, paged
from site_builder.site.lookups import Lookups


def quotes_index(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    """The speakers most quoted first, the unattributed last, then the quoted terms."""
    statements: dict[str, list[Located]] = {}
    terms: list[Located] = []
    for source in lookups.site.sources:
        for quote in source.quotes:
            if quote.kind == "term":
                terms.append(Located(source.id, quote))
            else:
                statements.setdefault(quote.speaker_label or "", []).append(Located(source.id, quote))
    speakers = sorted(statements, key=lambda label: (label == "", -len(statements[label]), label))
    rows = [(label or "Unattributed", located) for label in speakers for located in statements[label]]
    rows += [("Quoted terms", located) for located in terms]
    yield from paged(routes.QUOTES, "quotes.html", "Quotes", crumbs(("Quotes", None)), rows,
                     lambda page: {"rows": page, "labels": lookups.labels_of(sorted({located.source for _, located in page}))},
                     searchable=True, filters=[("kind", "quotes")])


QUOTES_INDEX = Generator("quotes", "quotes.html", quotes_index, {
    **PAGED_CONTEXT, **SEARCHABLE_CONTEXT, "rows": "this page's (heading, `Located` quote) pairs",
    "labels": "the display labels of their sources"})
