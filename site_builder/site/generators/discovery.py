"""What helps readers and search engines find the site: sitemap.xml, robots.txt and an Atom feed."""

from __future__ import annotations

import datetime as dt
import os
from typing import Callable, Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

from site_builder.model import Site, day_of
from site_builder.options import UTC_TIME
from site_builder.output.write import OutputFile
from site_builder.site import routes
from site_builder.site.generators import Generator, PageSpec
from site_builder.site.lookups import Lookups
from site_builder.site.urls import absolute_url

EPOCH = "1970-01-01T00:00:00Z"


def build_time() -> str | None:
    """The build date, only when SOURCE_DATE_EPOCH gives one (builds are otherwise timeless)."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value or not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), dt.timezone.utc).strftime(UTC_TIME)


def timestamp(date: str | None) -> str | None:
    """The start of a date's day as an Atom time; None for a month, a year or no date (`model.day_of`)."""
    day = day_of(date)
    return f"{day.isoformat()}T00:00:00Z" if day else None


def sitemap(site: Site, pages: Sequence[PageSpec]) -> bytes:
    """Every indexable page of the site (pages that are not say so with `noindex`)."""
    urls = "".join(f"<url><loc>{escape(absolute_url(site.config.base_url, page.path) or page.path)}</loc></url>\n"
                   for page in pages if page.indexable)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n").encode("utf-8")


def robots(site: Site) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if site.config.base_url:
        lines.append(f"Sitemap: {site.config.base_url}{routes.SITEMAP}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def feed(site: Site) -> bytes:
    """Sources and events, newest first; IDs are absolute when base_url is set, else tag: URIs."""
    entries = [(timestamp(s.field("published").value), s.title, routes.source(s.id), f"source {s.id}") for s in site.sources]
    entries += [(timestamp(e.dates[-1] if e.dates else None), e.title, routes.event(e.id), f"event {e.id}") for e in site.events]
    dated = [when for when, *_ in entries if when]
    updated = build_time() or (max(dated) if dated else EPOCH)
    entries.sort(key=lambda entry: (entry[0] or "", entry[2]), reverse=True)

    def identifier(path: str) -> str:
        return absolute_url(site.config.base_url, path) or f"tag:site-builder,2026:{routes.address(path)}"

    items = "".join(
        f"<entry><title>{escape(title)}</title><id>{escape(identifier(path))}</id>"
        f"<link href={quoteattr(absolute_url(site.config.base_url, path) or path)}/>"
        f"<updated>{when or updated}</updated><summary>{escape(summary)}</summary></entry>\n"
        for when, title, path, summary in entries
    )
    home = absolute_url(site.config.base_url, routes.HOME) or routes.HOME
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            f"<title>{escape(site.config.title)}</title><id>{escape(identifier(routes.HOME))}</id>"
            f"<link href={quoteattr(home)}/><updated>{updated}</updated>"
            f"<author><name>{escape(site.config.author or site.config.title)}</name></author>\n{items}</feed>\n").encode("utf-8")


def discovery_files(lookups: Lookups, pages: Callable[[], Sequence[PageSpec]]) -> Iterator[OutputFile]:
    site = lookups.site
    yield OutputFile(routes.ROBOTS, robots(site))
    yield OutputFile(routes.FEED, feed(site))
    if site.config.base_url:  # a sitemap needs absolute addresses
        yield OutputFile(routes.SITEMAP, sitemap(site, pages()))


DISCOVERY = Generator("feed and sitemap", files=discovery_files)
