"""The pages a site has one of: home, search, method, not found, and the researcher's free pages."""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterator

from site_builder import layout
from site_builder.linking import cluster, reuse
from site_builder.linking.compare import DEFAULT_FACETS
from site_builder.linking.key_facts import HEADLINE_WEIGHT
from site_builder.model import Site
from site_builder.site import routes
from site_builder.site.generators import SCHEMA, Generator, PageSpec, crumbs, known
from site_builder.site.lookups import Lookups
from site_builder.site.urls import link
from site_builder.sources.clean_rules import rules

HOME_SOURCES = 10  # the sources the home page lists
HOME_EVENTS = 10  # the events the home page lists


def home(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    site = lookups.site
    config = site.config
    yield PageSpec(routes.HOME, "home.html", config.title, (("Home", None),), lambda: {
        "recent": site.sources[:HOME_SOURCES], "labels": lookups.labels_of(s.id for s in site.sources[:HOME_SOURCES]),
        "source_count": len(site.sources),
        "word_count": sum(source.words for source in site.sources),
        "events": site.events[:HOME_EVENTS], "event_count": len(site.events),
        "structured": known({"@context": SCHEMA, "@type": "WebSite", "name": config.title,
                             "description": config.description, "url": link(config.base_url, routes.HOME, routes.HOME)})})


def search(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    yield PageSpec(routes.index(routes.SEARCH), "search.html", "Search", crumbs(("Search", None)), indexable=False)


def method_facts(site: Site) -> dict[str, Any]:
    """The exact rules and settings this build used, for the Method page."""
    removed = Counter(r.rule for s in site.sources for r in s.removed)
    return {
        "rules": [(rule.name, rule.description, removed[rule.name]) for rule in rules()],
        "reuse": site.config.reuse, "min_too_common": reuse.MIN_TOO_COMMON, "max_sharing": reuse.MAX_SHARING, "max_step": reuse.MAX_STEP,
        "copy_share": reuse.COPY_SHARE, "pair_page_words": routes.PAIR_PAGE_WORDS,
        "cluster": {"threshold": cluster.LINK_THRESHOLD, "passage_weight": cluster.PASSAGE_WEIGHT,
                    "plain_words": cluster.PLAIN_WORDS, "entity_weight": cluster.ENTITY_WEIGHT,
                    "prior_reports": cluster.PRIOR_REPORTS, "headline_weight": HEADLINE_WEIGHT,
                    "fact_weight": cluster.FACT_WEIGHT, "far_apart_days": cluster.FAR_APART_DAYS,
                    "day_conflict": cluster.DAY_CONFLICT, "factor_range": cluster.FACTOR_RANGE,
                    "top_features": cluster.TOP_FEATURES, "min_shared": cluster.MIN_SHARED_FEATURES},
        "default_facets": DEFAULT_FACETS,
        "entities": len(site.entities), "variants": sum(1 for s in site.sources for m in s.mentions if m.variant),
        "curated": sum(1 for e in site.events if e.curated), "proposed": sum(1 for e in site.events if not e.curated),
    }


def method(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    yield PageSpec(routes.index(routes.METHOD), "method.html", "Method", crumbs(("Method", None)),
                   lambda: {"facts": method_facts(lookups.site)})


def free_pages(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    for page in lookups.site.pages:
        yield PageSpec(page.path, "page.html", page.title, crumbs((page.title, None)), lambda page=page: {"page": page})


def not_found(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    yield PageSpec(routes.NOT_FOUND, "404.html", "Page not found", crumbs(("Not found", None)), indexable=False)


HOME = Generator("home", "home.html", home, {
    "recent": "the first sources", "labels": "their display labels", "source_count": "how many sources there are",
    "word_count": "their words of cleaned text",
    "events": "the first events", "event_count": "how many events there are", "structured": "the JSON-LD `WebSite`",
})
SEARCH = Generator("search", "search.html", search)
METHOD = Generator("method", "method.html", method, {"facts": "the rules and settings this build used"})
FREE_PAGES = Generator("free pages", "page.html", free_pages, {"page": f"the `Page` from `{layout.PAGES}/`"})
NOT_FOUND = Generator("not found", "404.html", not_found)
