"""The per-source stages in a pool of processes: each source loaded, its sidecar merged, cleaned,
segmented, analysed, its words indexed and its content digested, in a worker that stores the
result in the cache; unchanged sources come from the cache."""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from site_builder.analysis import analyses
from site_builder.analysis.gazetteer import GAZETTEER_PATH, Gazetteer
from site_builder.analysis.shingles import WordIndex, word_index
from site_builder.build.cache import Cache
from site_builder.build.fingerprints import content_digest
from site_builder.build.pool import parallel_map, pool_size
from site_builder.build.progress import shown
from site_builder.build.timing import Stopwatch
from site_builder.errors import Diagnostics, SiteError
from site_builder.model import Source
from site_builder.options import SiteConfig
from site_builder.plugins import call_hook
from site_builder.sources.clean import clean
from site_builder.sources.derive import derive
from site_builder.sources.load import Seed, load_seed
from site_builder.sources.segment import segment
from site_builder.sources.sidecar import apply_sidecar, read_sidecar, sidecar_paths

# Stages that prepare one source's text, in order; the analyses (analysis/__init__.py) follow them.
SourceStage = Callable[[Source], Source]
PREPARE_STAGES: tuple[SourceStage, ...] = (clean, segment, derive)



@dataclass(frozen=True)
class Prepared:
    """One source as its worker left it (and as the cache keeps it): the analysed source, its word
    index for the link stage, and the digest of its content that stands for it in keys."""

    source: Source
    word_index: WordIndex
    digest: bytes


def loaded_source(seed: Seed, sidecar: Path | None, max_bytes: int) -> Source:
    """The source `seed` is read from, with its sidecar's declared values merged in (the sidecar
    read first: the encoding it declares decodes the file)."""
    if sidecar is None:
        return load_seed(seed, max_bytes)
    declared = read_sidecar(sidecar)
    return apply_sidecar(load_seed(seed, max_bytes, declared.encoding), declared)


def process_source(source: Source, gazetteer: Gazetteer, stopwatch: Stopwatch | None = None) -> Source:
    """Every per-source stage after loading; shares nothing with other sources."""
    stopwatch = stopwatch or Stopwatch()
    with stopwatch.stage("clean"):
        for stage in PREPARE_STAGES:
            source = stage(source)
    with stopwatch.stage("analyze"):
        for analysis in analyses():
            source = analysis(source, gazetteer)
    return source


@dataclass(frozen=True)
class SourceJob:
    """One source's own work: what it is read from, its sidecar (None when it has none), the size
    limit and the key its result is cached under."""

    seed: Seed
    sidecar: Path | None
    max_bytes: int
    cache_key: str


_worker_state: tuple[Gazetteer, Cache] | None = None


def _set_worker_state(gazetteer: Gazetteer, cache: Cache) -> None:
    global _worker_state
    _worker_state = gazetteer, cache


def prepare_source(job: SourceJob) -> tuple[bytes | SiteError, dict[str, float]]:
    """Load, merge the sidecar, clean and analyse one source, index its words and take its digest,
    and store it in the cache (in a worker, so that storing runs in parallel too); the `Prepared`
    source pickled (once, for the cache and for the way back), or the errors in its file or its
    sidecar, with the seconds per stage."""
    assert _worker_state is not None, "the pool's initializer sets the gazetteer and the cache"
    gazetteer, cache = _worker_state
    stopwatch = Stopwatch()
    with stopwatch.stage("load"):
        try:
            source = loaded_source(job.seed, job.sidecar, job.max_bytes)
        except SiteError as error:
            return error, stopwatch.seconds
    source = process_source(source, gazetteer, stopwatch)
    with stopwatch.stage("analyze"):
        prepared = Prepared(source, word_index(source), content_digest(source))
    return cache.put(job.cache_key, prepared), stopwatch.seconds


def source_key(cache: Cache, entities_digest: bytes, seed: Seed, sidecar: Path | None) -> str:
    """The cache key of a source's prepared result, from all it is made of: the gazetteer (its
    digest), the seed's file name (and for a WARC record its number and capture, which the file's
    headers give), the seed's bytes and its sidecar's."""
    record = seed.record
    identity = seed.path.name.encode() + (b"" if record is None else f"\0{record.number}\0{record.capture!r}".encode())
    return cache.key_of(entities_digest, identity, seed.data(), sidecar.read_bytes() if sidecar else b"")


def prepare_sources(project: Path, seeds: dict[str, Seed], config: SiteConfig, gazetteer: Gazetteer, jobs: int,
                    progress: bool, diagnostics: Diagnostics, stopwatch: Stopwatch, cache: Cache) -> tuple[Prepared, ...]:
    """Every source of `seeds` (`source_seeds`), loaded and analysed: from the cache when its inputs
    are unchanged, else in a pool of `jobs` processes (with a progress bar if `progress`). A source
    with errors in its file or sidecar is left out, its errors recorded in `diagnostics`. The pool's
    wall time is shared among load, clean and analyze in proportion to the seconds the workers
    spent in each."""
    keys, done = {}, {}
    with stopwatch.stage("load"):  # finding the sidecars and reading the cached sources
        sidecars = sidecar_paths(project, seeds, diagnostics)
        entities = project / GAZETTEER_PATH
        # Every key depends on the gazetteer: its digest, taken once, stands for it (43 KB at 10k sources).
        entities_digest = hashlib.sha256(entities.read_bytes() if entities.is_file() else b"").digest()
        for source_id, seed in seeds.items():
            keys[source_id] = source_key(cache, entities_digest, seed, sidecars.get(source_id))
            cached = cache.get(keys[source_id])
            if isinstance(cached, Prepared):
                done[source_id] = cached
    todo = [source_id for source_id in seeds if source_id not in done]
    started, worker_seconds = time.perf_counter(), Stopwatch()
    work = [SourceJob(seeds[source_id], sidecars.get(source_id), config.max_source_bytes, keys[source_id]) for source_id in todo]
    processes = pool_size(jobs, len(work))
    with contextlib.closing(parallel_map(prepare_source, work, processes, _set_worker_state, (gazetteer, cache))) as prepared:
        for source_id, (pickled, seconds) in zip(todo, shown(prepared, "Analysing", progress, len(todo), "source")):
            if isinstance(pickled, SiteError):
                diagnostics.record(pickled)
            else:
                done[source_id] = pickle.loads(pickled)
            worker_seconds.add(seconds)
    cache.prune()
    spent = sum(worker_seconds.seconds.values())
    stopwatch.add(worker_seconds.seconds, (time.perf_counter() - started) / spent if spent else 0.0)
    return tuple(done[source_id] for source_id in seeds if source_id in done)


def after_analysis_hooks(processed: Sequence[Prepared]) -> list[Prepared]:
    """The analysed sources as plugins' `on_sources_analysed` leave them: a source a plugin replaced
    is indexed and digested again (its cached result stays the analysis's own)."""
    analysed = [prepared.source for prepared in processed]
    hooked = call_hook("sources_analysed", analysed)
    if [source.id for source in hooked] != [source.id for source in analysed]:
        raise SiteError("plugins", "an on_sources_analysed hook must return the same sources, in order (it may change them)")
    return [prepared if source is prepared.source else Prepared(source, word_index(source), content_digest(source))
            for prepared, source in zip(processed, hooked)]
