"""The build: load -> clean -> analyze -> link -> render -> write, each stage a plain function."""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import gc
import hashlib
import itertools
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from site_builder import layout
from site_builder.analysis import analyses
from site_builder.build.cache import CACHE_DIR, COMPARISONS_CACHE_DIR, EVENTS_CACHE_DIR, Cache
from site_builder.site.assets import site_assets
from site_builder.sources.clean import clean
from site_builder.linking.compare import compare_event
from site_builder.config import CONFIG_PATH, load_config
from site_builder.sources.derive import derive
from site_builder.linking.entity_index import gather_names, index_entities
from site_builder.errors import Diagnostics, Problem, SiteError
from site_builder.linking.events import anchored_by_events, load_events
from site_builder.analysis.gazetteer import GAZETTEER_PATH, Gazetteer, load_gazetteer
from site_builder.sources.load import load_source, source_paths
from site_builder.plugins import call_hook
from site_builder.output.manifest import MANIFEST, previous_outputs, write_manifest
from site_builder.model import Event, Site, Source
from site_builder.options import SiteConfig
from site_builder.build.progress import shown
from site_builder.build.pool import default_jobs, parallel_map, pool_size
from site_builder.site.pages import load_pages
from site_builder.linking.proposals import proposed_events
from site_builder.analysis.shingles import WordIndex, word_index
from site_builder.build.fingerprints import ContentDigests, content_digest, digest_of
from site_builder.build.memo import PageMemo, save_memo
from site_builder.site.render import open_page_memo, render_site
from site_builder.linking.reuse import find_reuse
from site_builder.output.search_index import build_search_index
from site_builder.sources.segment import segment
from site_builder.sources.sidecar import apply_sidecar, sidecar_paths
from site_builder.build.timing import Stopwatch
from site_builder.output.write import tidy, write_site

# Stages that prepare one source's text, in order; the analyses (analysis/__init__.py) follow them.
SourceStage = Callable[[Source], Source]
PREPARE_STAGES: tuple[SourceStage, ...] = (clean, segment, derive)


@dataclass(frozen=True)
class BuildOptions:
    strict: bool = False
    base_url: str | None = None
    jobs: int = 0  # processes for the per-source stages; 0 means one per core
    cache: bool = True  # reuse per-source results from .cache/ when their inputs are unchanged
    progress: bool = False  # progress bars on stderr (the command line sets this at a terminal)


@dataclass
class BuildResult:
    site: Site
    files: int
    warnings: list[Problem] = field(default_factory=list)
    search_index_bytes: int = 0
    stopwatch: Stopwatch = field(default_factory=Stopwatch)
    cache: Cache = field(default_factory=lambda: Cache(None))
    pages: PageMemo = field(default_factory=PageMemo)  # which pages were rendered, which taken from the last build
    digests: ContentDigests = field(default_factory=ContentDigests)  # what stood for sources and events in page keys


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
class Prepared:
    """One source as its worker left it (and as the cache keeps it): the analysed source, its word
    index for the link stage, and the digest of its content that stands for it in keys."""

    source: Source
    word_index: WordIndex
    digest: bytes


@dataclass(frozen=True)
class Linked:
    """The site after the link stage, with the digests its page keys use."""

    site: Site
    digests: ContentDigests


def project_cache(project: Path, enabled: bool, folder: str = CACHE_DIR) -> Cache:
    return Cache.in_project(project, folder) if enabled else Cache(None)


@dataclass(frozen=True)
class SourceJob:
    """One source's own work: its file, its sidecar (None when it has none), the size limit and
    the key its result is cached under."""

    path: Path
    sidecar: Path | None
    max_bytes: int
    cache_key: str


_worker_state: tuple[Gazetteer, Cache] | None = None


def _set_worker_state(gazetteer: Gazetteer, cache: Cache) -> None:
    global _worker_state
    _worker_state = gazetteer, cache


def prepare_source(job: SourceJob) -> tuple[bytes, dict[str, float]]:
    """Load, merge the sidecar, clean and analyse one source, index its words and take its digest,
    and store it in the cache (in a worker, so that storing runs in parallel too); the `Prepared`
    source pickled (once, for the cache and for the way back), with the seconds per stage."""
    assert _worker_state is not None, "the pool's initializer sets the gazetteer and the cache"
    gazetteer, cache = _worker_state
    stopwatch = Stopwatch()
    with stopwatch.stage("load"):
        source = load_source(job.path, job.max_bytes)
        if job.sidecar is not None:
            source = apply_sidecar(source, job.sidecar)
    source = process_source(source, gazetteer, stopwatch)
    with stopwatch.stage("analyze"):
        prepared = Prepared(source, word_index(source), content_digest(source))
    return cache.put(job.cache_key, prepared), stopwatch.seconds


def prepare_sources(project: Path, config: SiteConfig, gazetteer: Gazetteer, options: BuildOptions,
                    diagnostics: Diagnostics, stopwatch: Stopwatch, cache: Cache) -> tuple[Prepared, ...]:
    """Every source, loaded and analysed: from the cache when its inputs are unchanged, else in a
    pool of processes. The pool's wall time is shared among load, clean and analyze in proportion
    to the seconds the workers spent in each."""
    keys, done = {}, {}
    with stopwatch.stage("load"):  # finding the sources and reading the cached ones
        paths = source_paths(project, diagnostics, config.max_source_bytes)
        sidecars = sidecar_paths(project, paths)
        entities = project / GAZETTEER_PATH
        # Every key depends on the gazetteer: its digest, taken once, stands for it (43 KB at 10k sources).
        entities_digest = hashlib.sha256(entities.read_bytes() if entities.is_file() else b"").digest()
        for source_id, path in paths.items():
            sidecar = sidecars.get(source_id)
            keys[source_id] = cache.key_of(entities_digest, path.name.encode(), path.read_bytes(),
                                           sidecar.read_bytes() if sidecar else b"")
            cached = cache.get(keys[source_id])
            if isinstance(cached, Prepared):
                done[source_id] = cached
    todo = [source_id for source_id in paths if source_id not in done]
    started, worker_seconds = time.perf_counter(), Stopwatch()
    jobs = [SourceJob(paths[source_id], sidecars.get(source_id), config.max_source_bytes, keys[source_id]) for source_id in todo]
    processes = pool_size(options.jobs or default_jobs(), len(jobs))
    with contextlib.closing(parallel_map(prepare_source, jobs, processes, _set_worker_state, (gazetteer, cache))) as prepared:
        for source_id, (pickled, seconds) in zip(todo, shown(prepared, "Analysing", options.progress, len(todo), "source")):
            done[source_id] = pickle.loads(pickled)
            worker_seconds.add(seconds)
    cache.prune()
    spent = sum(worker_seconds.seconds.values())
    stopwatch.add(worker_seconds.seconds, (time.perf_counter() - started) / spent if spent else 0.0)
    return tuple(done[source_id] for source_id in paths)


def load_site(project: Path, options: BuildOptions, diagnostics: Diagnostics) -> Site:
    """Read and analyse everything under `project` into the Site model, writing nothing to the site
    (per-source results go to the cache, `options.cache` permitting)."""
    return analyse_and_link(project, options, diagnostics).site


def analyse_and_link(project: Path, options: BuildOptions, diagnostics: Diagnostics, stopwatch: Stopwatch | None = None,
                     cache: Cache | None = None) -> Linked:
    """The site and the digests of its sources and events (see `load_site`)."""
    stopwatch = stopwatch or Stopwatch()
    cache = cache or project_cache(project, options.cache)
    with stopwatch.stage("load"):
        config = load_config(project, options.base_url)
        gazetteer = load_gazetteer(project)
    processed = prepare_sources(project, config, gazetteer, options, diagnostics, stopwatch, cache)
    for prepared in processed:
        if not prepared.source.paragraphs:
            diagnostics.warn(prepared.source.path, "no text left after cleaning")
    with stopwatch.stage("link"):
        return link_site(project, config, gazetteer, processed, diagnostics, options.jobs or default_jobs(), options.cache)


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
                   cache: Cache, digests: ContentDigests) -> tuple[Event, ...]:
    """Each event with its comparison table: from the cache when the event, its sources and the
    gazetteer are those it was made from, else compared in `jobs` processes. The digest of what
    each table was made from goes into `digests`."""
    common = digest_of(gazetteer.entities)
    for event in events:
        digests.events[event.id] = digest_of(common, event, [digests.sources[s] for s in event.sources])
    found = [cache.get(Cache.key_of(digests.events[event.id])) for event in events]
    todo = [(event, digests.events[event.id]) for event, rows in zip(events, found) if not isinstance(rows, tuple)]
    try:
        made = iter(parallel_map(compared, todo, pool_size(jobs, len(todo)), _set_comparing, ((by_id, gazetteer, cache),)))
        result = tuple(dataclasses.replace(event, rows=rows) if isinstance(rows, tuple) else next(made)
                       for event, rows in zip(events, found))
    finally:
        _set_comparing(None)  # when compared in this process: no sources kept past the build (serve)
    cache.prune()
    return result


def after_analysis_hooks(processed: Sequence[Prepared]) -> list[Prepared]:
    """The analysed sources as plugins' `on_sources_analysed` leave them: a source a plugin replaced
    is indexed and digested again (its cached result stays the analysis's own)."""
    analysed = [prepared.source for prepared in processed]
    hooked = call_hook("sources_analysed", analysed)
    if [source.id for source in hooked] != [source.id for source in analysed]:
        raise SiteError("plugins", "an on_sources_analysed hook must return the same sources, in order (it may change them)")
    return [prepared if source is prepared.source else Prepared(source, word_index(source), content_digest(source))
            for prepared, source in zip(processed, hooked)]


def link_site(project: Path, config: SiteConfig, gazetteer: Gazetteer, processed: Sequence[Prepared],
              diagnostics: Diagnostics, jobs: int = 1, cached: bool = False) -> Linked:
    """The cross-source stage: events, text reuse, proposals, comparisons (in `jobs` processes),
    the entity index. With `cached`, event files and comparison tables are kept in `.cache/`."""
    processed = after_analysis_hooks(processed)
    analysed = [prepared.source for prepared in processed]
    digests = ContentDigests({prepared.source.id: prepared.digest for prepared in processed})
    # Word indexes are for text reuse and proposals alone: the rest of the build goes without them
    # (18 KB a source, a third of the model's memory at 10,000 sources).
    indexes = {prepared.source.id: prepared.word_index for prepared in processed}
    curated = load_events(project, gazetteer, {s.id: s for s in analysed}, project_cache(project, cached, EVENTS_CACHE_DIR))
    sources = tuple(anchored_by_events(analysed, curated))
    for before, after in zip(analysed, sources):
        digests.changed(before, after)
    reuse = find_reuse(sources, config.reuse, indexes)
    covered = {source_id for event in curated for source_id in event.sources}
    events = curated + proposed_events(sources, covered, reuse, gazetteer, indexes)
    del indexes
    events = compare_events(events, {s.id: s for s in sources}, gazetteer, jobs, project_cache(project, cached, COMPARISONS_CACHE_DIR),
                            digests)
    if not config.base_url:  # last, so that problems in the files themselves are reported first
        diagnostics.warn(CONFIG_PATH, "base_url is not set: no sitemap.xml, and citations and the feed use paths within the site")
    site = Site(
        config=config,
        sources=sources,
        pages=load_pages(project),
        entities=index_entities(sources, gazetteer),
        names_to_review=gather_names(sources),
        reuse=reuse,
        events=events,
    )
    call_hook("site_linked", site)
    return Linked(site, digests)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while the model is read and linked: it would scan the
    millions of objects made there again and again (reading 10,000 cached sources took 2.5 times
    as long with it on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def return_freed_memory() -> None:
    """Give the C heap's free memory back to the system (glibc only). The link stage frees many
    small arrays (word indexes, text reuse's working set) that the heap would otherwise keep for
    this process while it and its workers render (194 MB at 10,000 sources)."""
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: a C library without malloc_trim
        ctypes.CDLL(None).malloc_trim(0)




def check_output(project: Path, output: Path) -> None:
    """Refuse an output folder whose replacement would delete the researcher's own files."""
    project, output = project.resolve(), output.resolve()
    if output == project or output in project.parents:
        raise SiteError(str(output), "the output folder would contain the project; choose a folder such as public/")
    for folder in layout.INPUT_FOLDERS:
        protected = project / folder
        if output == protected or protected in output.parents:
            raise SiteError(str(output), f"the output folder is inside {folder}/, which the build reads; choose another")
    if output.is_dir() and any(output.iterdir()) and not (output / MANIFEST).is_file():
        raise SiteError(str(output), "this folder is not empty and holds no site_builder build (no manifest.json); "
                                     "a build replaces the whole folder, so remove it or choose another --output")


def build(project: Path, output: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the site into `output`; on any error the previous `output` is left as it was."""
    check_output(project, output)
    tidy(output)  # first: a site left aside by a killed build goes back in place even if this build fails
    diagnostics = Diagnostics(strict=options.strict)
    previous = previous_outputs(output)  # the live site's digests: unchanged search shards are linked from it
    stopwatch, cache = Stopwatch(), project_cache(project, options.cache)
    with collector_paused():
        linked = analyse_and_link(project, options, diagnostics, stopwatch, cache)
    return_freed_memory()
    gc.freeze()  # the model lives until the end of the build: later collections need not scan it
    try:
        return render_and_write(project, output, options, linked, diagnostics, stopwatch, cache, previous)
    finally:
        gc.unfreeze()


def render_and_write(project: Path, output: Path, options: BuildOptions, linked: Linked, diagnostics: Diagnostics,
                     stopwatch: Stopwatch, cache: Cache, previous: dict[str, str]) -> BuildResult:
    """The rest of `build` once the model is in memory: render, write, index for search, swap in."""
    jobs, site = options.jobs or default_jobs(), linked.site
    memo = open_page_memo(site, project, output, options.cache)
    files = stopwatch.timed("render", itertools.chain(render_site(site, project, jobs, memo, linked.digests),
                                                      site_assets(site, project)))
    files = shown(files, "Writing", options.progress)
    result = BuildResult(site, 0, diagnostics.warnings, stopwatch=stopwatch, cache=cache, pages=memo, digests=linked.digests)

    def finish(staging: Path, written: dict[str, str]) -> None:
        with stopwatch.stage("search"):
            index = build_search_index(staging, output, written, previous, jobs)
            result.search_index_bytes = index.size
        with stopwatch.stage("write"):
            write_manifest(staging, project, {"base_url": site.config.base_url, "strict": options.strict,
                                              "reuse": dataclasses.asdict(site.config.reuse)}, {**written, **index.files})

    before = dict(stopwatch.seconds)
    started = time.perf_counter()
    result.files = len(write_site(files, output, finish))
    call_hook("site_written", output)
    save_memo(project, memo)  # only now do the recorded pages describe the live output
    inside = sum(stopwatch.seconds[name] - before.get(name, 0.0) for name in ("render", "search", "write"))
    stopwatch.add({"write": time.perf_counter() - started - inside})
    return result
