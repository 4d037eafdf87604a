"""The page kinds of a site, in the order their pages are made."""

from __future__ import annotations

from site_builder.site.generators import Generator
from site_builder.site.generators.data import DATA
from site_builder.site.generators.discovery import DISCOVERY
from site_builder.site.generators.entities import ENTITIES_INDEX, ENTITY_PAGES, NAMES_TO_REVIEW
from site_builder.site.generators.events import EVENT_PAGES, EVENTS_INDEX, TIMELINE
from site_builder.site.generators.general import FREE_PAGES, HOME, METHOD, NOT_FOUND, SEARCH
from site_builder.site.generators.quotes import QUOTES_INDEX
from site_builder.site.generators.reuse import PAIR_PAGES, PASSAGES_INDEX, REUSE_INDEX
from site_builder.site.generators.sources import SOURCE_PAGES, SOURCES_INDEX

BUILTIN: tuple[Generator, ...] = (
    HOME, SOURCES_INDEX, ENTITIES_INDEX, QUOTES_INDEX, REUSE_INDEX, PASSAGES_INDEX, EVENTS_INDEX, TIMELINE, NAMES_TO_REVIEW,
    SEARCH, METHOD, FREE_PAGES, NOT_FOUND,
    SOURCE_PAGES, PAIR_PAGES, EVENT_PAGES, ENTITY_PAGES,
    DATA, DISCOVERY,
)


def generators() -> tuple[Generator, ...]:
    """The built-in page kinds, then those plugins add."""
    from site_builder.plugins import registered

    return BUILTIN + tuple(registered("generators"))
