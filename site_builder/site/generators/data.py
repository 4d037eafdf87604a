"""The data downloads (`data/`: JSON and CSV of what the analyses found) and the page listing them
with their sizes, hashes and columns. Made in the main process: the page lists the files' digests."""

from __future__ import annotations

from typing import Iterator, Sequence

from site_builder.output.write import OutputFile
from site_builder.site import routes
from site_builder.site.data import COMPARISON_DESCRIPTION, EVENTS_DESCRIPTION, EVENTS_FILE, exports
from site_builder.site.generators import PER_INDEX_PAGE, SCHEMA, Generator, PageSpec, crumbs, known
from site_builder.site.lookups import Lookups
from site_builder.site.urls import link

PAGE = routes.index(routes.DATA)


def data_page(lookups: Lookups, data: Sequence[OutputFile]) -> PageSpec:
    """The downloads with their sizes, hashes and columns; the per-event comparison tables are
    listed one by one up to PER_INDEX_PAGE of them, past that as one row (each event page links its own)."""

    def context() -> dict:
        site = lookups.site
        described = {routes.data(f"{e.name}.{kind}"): e for e in exports(site) for kind in ("json", "csv")}
        per_event = [f for f in data if f.path.startswith(routes.COMPARISONS + "/")]
        listed = [f for f in data if not f.path.startswith(routes.COMPARISONS + "/")] + (per_event if len(per_event) <= PER_INDEX_PAGE else [])
        files = [{"path": f.path, "size": f.size, "sha256": f.digest,
                  "export": (export := described.get(f.path)) and {"description": export.description, "columns": export.columns},
                  "description": EVENTS_DESCRIPTION if f.path == routes.data(EVENTS_FILE)
                  else COMPARISON_DESCRIPTION if f.path.startswith(routes.COMPARISONS + "/") else None}
                 for f in listed]
        grouped = None if len(per_event) <= PER_INDEX_PAGE else {
            "count": len(per_event), "size": sum(f.size for f in per_event), "description": COMPARISON_DESCRIPTION}
        config = site.config
        return {"files": files, "per_event": grouped, "structured": known({
            "@context": SCHEMA, "@type": "Dataset", "name": f"{config.title}: data",
            "description": config.description or "What the site's analyses found, as JSON and CSV.",
            "license": config.licence, "creator": known({"@type": "Person", "name": config.author}) if config.author else None,
            "url": link(config.base_url, PAGE, PAGE),
            "distribution": [{"@type": "DataDownload", "contentUrl": link(config.base_url, PAGE, f["path"]),
                              "encodingFormat": "application/json" if f["path"].endswith(".json") else "text/csv",
                              "contentSize": f"{f['size']} B", "sha256": f["sha256"]} for f in files],
        })}

    return PageSpec(PAGE, "data.html", "Data downloads", crumbs(("Data", None)), context)


def data_pages(lookups: Lookups, indexes: range) -> Iterator[PageSpec]:
    yield data_page(lookups, lookups.data_files)


DATA = Generator("data", "data.html", data_pages, {
    "files": "each download listed: its path, size, SHA-256, and its export (description, columns) or description",
    "per_event": "past a page of events, the per-event comparison files as one row (count, size, description), else None",
    "structured": "the JSON-LD `Dataset`",
}, files=lambda lookups, pages: lookups.data_files, in_main_process=True)
