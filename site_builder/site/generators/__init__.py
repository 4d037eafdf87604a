"""Page generators (after Pelican's generators): one per page kind, each owning its routes, its
template and the exact context its template sees.

A generator lists its pages as `PageSpec`s. A page's memo key is derived from what its spec holds
(path, title, breadcrumb, the context) and the bytes of the templates it uses, so no list of what a
template reads is kept by hand: a template sees nothing but its context and the site's config and
free pages (`SiteView`), and any value it is given is in the key. A context is therefore made of
inputs (model values, small records), never of rendered HTML; the template derives the rest with
the pure helpers `render.py` gives every template.

A new page kind is one module declaring a `Generator` plus one line in `registry.BUILTIN`, or a
plugin's `GENERATORS` (an entry point in the `site_builder.plugins` group: see `plugins.py`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from site_builder.model import Source
from site_builder.output.write import OutputFile
from site_builder.site import routes
from site_builder.site.lookups import Lookups

Crumbs = tuple[tuple[str, str | None], ...]
Context = Mapping[str, Any]

HOME = ("Home", routes.HOME)
PER_INDEX_PAGE = 200  # rows of a paged index
SCHEMA = "https://schema.org"


@dataclass(frozen=True)
class PageSpec:
    """One page: where it goes, which template renders it, its title and breadcrumb, and its
    context, made only when the page is keyed or rendered (listing pages for the sitemap is cheap).
    `indexable=False` keeps it out of the sitemap and marks it `noindex`."""

    path: str
    template: str
    title: str
    breadcrumb: Crumbs
    context: Callable[[], Context] = dict
    indexable: bool = True


@dataclass(frozen=True)
class Deferred:
    """A context value made only when its page is rendered (a picture's layout): the page's key holds
    the function and its arguments, pickled like the rest of the context, never the value, so that
    keying every page of a build lays out no picture. `make` must be a pure module-level function."""

    make: Callable[..., Any]
    args: tuple[Any, ...]


def made(value: Any) -> Any:
    """`value` with each `Deferred` in it made (at any depth of dicts), for the template."""
    if isinstance(value, Deferred):
        return value.make(*value.args)
    if isinstance(value, dict):
        return {name: made(item) for name, item in value.items()}
    return value


@dataclass(frozen=True)
class Generator:
    """A page kind: its pages (`pages`, over a range of its items), the template they use and what
    each page's context holds (`context`: name -> meaning, for docs/templates.md; a test checks
    it against what the pages get). `count` is how many items it makes pages of (sources, pairs,
    …); a generator of `per_item` pages is rendered in pieces of its items across the worker
    pool, the others (site-wide pages) together in one part. `files` makes the files it writes
    besides pages (data downloads, the feed, the sitemap), given a function listing every page of
    the site (called only by those that need it); a
    generator `in_main_process` renders its pages there, after its files (the data page lists
    the downloads' digests)."""

    name: str
    template: str | None = None
    pages: Callable[[Lookups, range], Iterator[PageSpec]] = lambda lookups, indexes: iter(())
    context: Mapping[str, str] = field(default_factory=dict)
    count: Callable[[Lookups], int] = lambda lookups: 1
    per_item: bool = False
    files: Callable[[Lookups, Callable[[], Sequence[PageSpec]]], Iterable[OutputFile]] | None = None
    in_main_process: bool = False


@dataclass(frozen=True)
class SourceLink:
    """What a page shows of a source it only links to."""

    id: str
    title: str


@dataclass(frozen=True)
class EventLink:
    """What a page shows of an event it only links to."""

    id: str
    title: str
    curated: bool
    dates: tuple[str, ...] = ()


def source_link(source: Source | None) -> SourceLink | None:
    return SourceLink(source.id, source.title) if source else None


def crumbs(*trail: tuple[str, str | None]) -> Crumbs:
    """Home, then `trail`; the last entry is the page itself (no link)."""
    return (HOME, *trail)


def known(record: dict[str, Any]) -> dict[str, Any]:
    """Structured data without the fields nothing states."""
    return {key: value for key, value in record.items() if value not in (None, "", [], {})}


PAGED_CONTEXT = {
    "rows": "this page's rows",
    "page_number": "which page of the index this is (from 1)",
    "page_count": "how many pages the index has",
    "page_folder": "the index's folder, for `paged_path(page_folder, n)`",
}


SEARCHABLE_CONTEXT = {
    "searchable": "true: search reads the page",
    "filters": "(name, value) pairs of search filters",
}


def paged(folder: str, template: str, title: str, trail: Crumbs, items: Sequence[Any],
          context: Callable[[Sequence[Any]], Context] = lambda rows: {"rows": rows}, **common: Any) -> Iterator[PageSpec]:
    """An index split into pages of PER_INDEX_PAGE rows, so no page grows with the collection.
    `context` gives what the template sees of a page's rows; `common` is the same on every page."""
    count = max(1, math.ceil(len(items) / PER_INDEX_PAGE))
    for number in range(1, count + 1):
        rows = items[(number - 1) * PER_INDEX_PAGE: number * PER_INDEX_PAGE]
        yield PageSpec(routes.paged(folder, number), template, title if number == 1 else f"{title}, page {number}", trail,
                       lambda rows=rows, number=number: {**context(rows), **common, "page_number": number, "page_count": count,
                                                         "page_folder": folder})
