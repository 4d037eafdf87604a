"""Comparison tables in a pool of processes, each cached under the digest of what it was made from."""

from __future__ import annotations

import dataclasses
from typing import Sequence

from site_builder.analysis.gazetteer import Gazetteer
from site_builder.build.cache import Cache
from site_builder.build.fingerprints import ContentDigests, digest_of
from site_builder.build.pool import parallel_map, pool_size
from site_builder.build.progress import shown
from site_builder.linking.compare import compare_event
from site_builder.model import Event, Source

_comparing: tuple[dict[str, Source], Gazetteer, Cache] | None = None


def _set_comparing(state: tuple[dict[str, Source], Gazetteer, Cache] | None) -> None:
    global _comparing
    _comparing = state


def compared(work: tuple[Event, bytes]) -> Event:
    """The event with its comparison table, stored in the cache under its digest (in a worker:
    events are compared independently)."""
    assert _comparing is not None, "the pool's initializer sets the sources, the gazetteer and the cache"
    by_id, gazetteer, cache = _comparing
    event, digest = work
    rows = compare_event(event, by_id, gazetteer)
    cache.put(Cache.key_of(digest), rows)
    return dataclasses.replace(event, rows=rows)


def compare_events(events: Sequence[Event], by_id: dict[str, Source], gazetteer: Gazetteer, jobs: int,
                   cache: Cache, digests: ContentDigests, progress: bool = False) -> tuple[Event, ...]:
    """Each event with its comparison table: from the cache when the event, its sources and the
    gazetteer are those it was made from, else compared in `jobs` processes (with a bar counting
    them if `progress`). The digest of what each table was made from goes into `digests`."""
    common = digest_of(gazetteer.entities)
    for event in events:
        digests.events[event.id] = digest_of(common, event, [digests.sources[s] for s in event.sources])
    found = [cache.get(Cache.key_of(digests.events[event.id])) for event in events]
    todo = [(event, digests.events[event.id]) for event, rows in zip(events, found) if not isinstance(rows, tuple)]
    try:
        made = shown(parallel_map(compared, todo, pool_size(jobs, len(todo)), _set_comparing, ((by_id, gazetteer, cache),)),
                     "Comparing", progress, len(todo), "event")
        result = tuple(dataclasses.replace(event, rows=rows) if isinstance(rows, tuple) else next(made)
                       for event, rows in zip(events, found))
    finally:
        _set_comparing(None)  # when compared in this process: no sources kept past the build (serve)
    cache.prune()
    return result
