"""Curated event files read once: each kept in `.cache/events/` under its text and the gazetteer."""

from __future__ import annotations

from pathlib import Path
from typing import Collection

from site_builder.analysis.gazetteer import Gazetteer
from site_builder.build.cache import Cache
from site_builder.build.fingerprints import digest_of
from site_builder.config import read_text
from site_builder.errors import Diagnostics
from site_builder.inputs import folder_inputs
from site_builder.linking.events import EVENTS_DIR, load_event
from site_builder.model import Event


def load_events(project: Path, gazetteer: Gazetteer, source_ids: Collection[str], diagnostics: Diagnostics,
                cache: Cache | None = None) -> list[Event]:
    """The curated events; each taken from `cache` when its file and the gazetteer are unchanged
    (and the sources it names still exist: else it is read again, to report the line). A file with
    errors is left out, its errors recorded in `diagnostics`."""
    cache = cache or Cache(None)
    common = digest_of(gazetteer.entities)
    events = []
    for path in folder_inputs(project, EVENTS_DIR, (".md",)):
        text = diagnostics.attempt(read_text, path, f"{EVENTS_DIR}/{path.name}")
        if text is None:
            continue
        key = Cache.key_of(common, path.name.encode(), text.encode())
        event = cache.get(key)
        if not isinstance(event, Event) or any(source_id not in source_ids for source_id in event.sources):
            event = diagnostics.attempt(load_event, path, text, gazetteer, source_ids)
            if event is None:
                continue
            cache.put(key, event)
        events.append(event)
    cache.prune()
    return events
