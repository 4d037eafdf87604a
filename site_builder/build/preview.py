"""A quick look at an edited source while the site rebuilds (`serve` only).

Under `serve`, an edit of a source or its sidecar shows in about a second: the source is read and
analysed again and its own page written over the live site, from the last build's model. What
depends on other sources (its shared passages, which are aligned across the collection) is left out
of that page until the full rebuild that follows replaces the whole site, so a preview never shows
a passage that the edit may have moved. Anything else (an event file, the gazetteer, a template, a
new or deleted source) gets no preview: the rebuild alone shows it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
from pathlib import Path
from typing import Collection, Iterable

from site_builder import layout
from site_builder.analysis.gazetteer import GAZETTEER_PATH, Gazetteer, load_gazetteer
from site_builder.build.prepare import loaded_source, process_source
from site_builder.linking.entity_index import index_entities
from site_builder.linking.events import anchored_by_events
from site_builder.model import Site, Source
from site_builder.site.generators.sources import source_page
from site_builder.site.lookups import Lookups
from site_builder.site.render import Renderer
from site_builder.sources.load import Seed
from site_builder.sources.sidecar import sidecar_file, sidecar_source


def edited_sources(site: Site, changed: Iterable[str]) -> list[str] | None:
    """The ids of the sources whose file or sidecar are `changed` (paths within the project, as
    `seeds/x.txt`), when every change is one of those and no source is new; otherwise None. A
    source read from a WARC file gets no preview (its file holds others too): the rebuild shows it."""
    own = [source for source in site.sources if source.record is None]
    by_file = {f"{layout.SEEDS}/{source.filename}": source.id for source in own}
    own_ids = {source.id for source in own}
    found: set[str] = set()
    for path in changed:
        source_id = by_file.get(path) or sidecar_source(path)
        if source_id is None or source_id not in own_ids:
            return None
        found.add(source_id)
    return sorted(found)


def gazetteer_of(project: Path) -> Gazetteer:
    """The project's gazetteer, compiled once for each version of content/entities.yaml (its names'
    pattern takes most of a second to build for a few hundred entities)."""
    path = project / GAZETTEER_PATH
    return _gazetteer(project, hashlib.sha256(path.read_bytes() if path.is_file() else b"").digest())


@functools.lru_cache(maxsize=1)
def _gazetteer(project: Path, digest: bytes) -> Gazetteer:
    return load_gazetteer(project)


def reanalysed(site: Site, project: Path, source_id: str) -> Source:
    """The source read from its file and sidecar and analysed again, as the build would."""
    source = loaded_source(Seed(source_id, project / layout.SEEDS / site.by_id[source_id].filename),
                           sidecar_file(project, source_id), site.config.max_source_bytes)
    source = process_source(source, gazetteer_of(project))
    (anchored,) = anchored_by_events([source], [event for event in site.events if event.curated])
    return anchored


def previewed_site(site: Site, project: Path, source_ids: Collection[str]) -> Site:
    """The last build's site with these sources analysed again, for their own pages: with no text
    reuse, as their pairs' passages may have moved (the other pages, which would show the pairs of
    other sources, are not rendered from it)."""
    fresh = {source_id: reanalysed(site, project, source_id) for source_id in source_ids}
    sources = tuple(fresh.get(source.id, source) for source in site.sources)
    mentioned = {mention.entity for source in fresh.values() for mention in source.mentions}
    entities = site.entities if mentioned <= site.entities.keys() else index_entities(sources, gazetteer_of(project))
    return dataclasses.replace(site, sources=sources, reuse=(), copy_groups=(), entities=entities)


def write_previews(site: Site, project: Path, output: Path, source_ids: Collection[str]) -> list[str]:
    """Write the pages of these sources, from `previewed_site`, over the live site in `output`;
    the paths written. Each file is replaced whole (a new file renamed over the old one), so a
    page the live site shares with the last build's spare copy is not changed there."""
    previewed = previewed_site(site, project, source_ids)
    lookups = Lookups(previewed)
    renderer = Renderer(previewed, project, lookups=lookups)
    index = {source.id: number for number, source in enumerate(previewed.sources)}
    written = []
    for source_id in source_ids:
        spec = source_page(lookups, index[source_id])
        page = renderer.page(spec, spec.context())
        target = output / page.path
        temporary = target.with_name(f".{target.name}.preview")
        temporary.write_bytes(page.data)
        os.replace(temporary, target)
        written.append(page.path)
    return written
