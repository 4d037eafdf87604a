"""What helps readers and search engines find the site: sitemap.xml, robots.txt and an Atom feed."""

from __future__ import annotations

import datetime as dt
import os
from typing import Iterator
from xml.sax.saxutils import escape, quoteattr

from site_builder.model import Site
from site_builder.site.render import event_page_path, source_page_path
from site_builder.site.urls import absolute_url
from site_builder.output.write import OutputFile

EPOCH = "1970-01-01T00:00:00Z"


def build_time() -> str | None:
    """The build date, only when SOURCE_DATE_EPOCH gives one (builds are otherwise timeless)."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value or not value.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(value), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def timestamp(date: str | None) -> str | None:
    return f"{date[:10]}T00:00:00Z" if date and len(date) >= 10 else None


def page_paths(site: Site) -> list[str]:
    return (["index.html", "sources/index.html", "events/index.html", "entities/index.html", "quotes/index.html",
             "reuse/index.html", "timeline/index.html", "data/index.html"]
            + [source_page_path(s) for s in site.sources] + [event_page_path(e.id) for e in site.events]
            + [f"entities/{entity_id}/index.html" for entity_id in site.entities] + [p.path for p in site.pages])


def sitemap(site: Site) -> bytes:
    urls = "".join(f"<url><loc>{escape(absolute_url(site.config.base_url, path) or path)}</loc></url>\n" for path in page_paths(site))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n").encode("utf-8")


def robots(site: Site) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if site.config.base_url:
        lines.append(f"Sitemap: {site.config.base_url}sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")


def feed(site: Site) -> bytes:
    """Sources and events, newest first; IDs are absolute when base_url is set, else tag: URIs."""
    entries = [(timestamp(s.field("published").value), s.title, source_page_path(s), f"source {s.id}") for s in site.sources]
    entries += [(timestamp(e.dates[-1] if e.dates else None), e.title, event_page_path(e.id), f"event {e.id}") for e in site.events]
    dated = [when for when, *_ in entries if when]
    updated = build_time() or (max(dated) if dated else EPOCH)
    entries.sort(key=lambda entry: (entry[0] or "", entry[2]), reverse=True)

    def identifier(path: str) -> str:
        return absolute_url(site.config.base_url, path) or f"tag:site-builder,2026:{path.removesuffix('index.html')}"

    items = "".join(
        f"<entry><title>{escape(title)}</title><id>{escape(identifier(path))}</id>"
        f"<link href={quoteattr(absolute_url(site.config.base_url, path) or path)}/>"
        f"<updated>{when or updated}</updated><summary>{escape(summary)}</summary></entry>\n"
        for when, title, path, summary in entries
    )
    home = absolute_url(site.config.base_url, "index.html") or "index.html"
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            f"<title>{escape(site.config.title)}</title><id>{escape(identifier('index.html'))}</id>"
            f"<link href={quoteattr(home)}/><updated>{updated}</updated>"
            f"<author><name>{escape(site.config.author or site.config.title)}</name></author>\n{items}</feed>\n").encode("utf-8")


def discovery_files(site: Site) -> Iterator[OutputFile]:
    yield OutputFile("robots.txt", robots(site))
    yield OutputFile("feed.xml", feed(site))
    if site.config.base_url:
        yield OutputFile("sitemap.xml", sitemap(site))
