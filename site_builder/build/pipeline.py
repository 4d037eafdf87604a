"""The build: load -> clean -> analyze -> link -> render -> write, each stage a plain function."""

from __future__ import annotations

import dataclasses
import gc
import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Collection, Iterable, Iterator, Mapping, Sequence

from site_builder import layout
from site_builder.analysis.gazetteer import Gazetteer, load_gazetteer
from site_builder.build.cache import COMPARISONS_CACHE_DIR, EVENTS_CACHE_DIR, Cache, project_cache
from site_builder.build.comparisons import compare_events
from site_builder.build.curated import load_events
from site_builder.build.fingerprints import ContentDigests
from site_builder.build.memo import PageMemo, save_memo
from site_builder.build.memory import collector_paused, return_freed_memory
from site_builder.build.pool import default_jobs
from site_builder.build.prepare import Prepared, after_analysis_hooks, prepare_sources
from site_builder.build.reuse_memo import open_reuse_memo
from site_builder.build.timing import Stopwatch
from site_builder.config import CONFIG_PATH, default_config, load_config
from site_builder.errors import Diagnostics, Problem, SiteError
from site_builder.linking.entity_index import gather_names, index_entities
from site_builder.linking.events import anchored_by_events
from site_builder.linking.proposals import proposed_events
from site_builder.linking.reuse import copy_groups, find_reuse, shown_pairs
from site_builder.model import Site
from site_builder.options import SiteConfig
from site_builder.output.manifest import MANIFEST, size_warning, write_manifest
from site_builder.output.search_index import SearchIndex, build_search_index
from site_builder.output.write import Output, live_record, tidy, write_site
from site_builder.plugins import call_hook
from site_builder.site.assets import site_assets
from site_builder.site.pages import load_pages
from site_builder.site.render import open_page_memo, render_site
from site_builder.sources.load import source_files, source_seeds
from site_builder.sources.readers import warc


@dataclass(frozen=True)
class BuildOptions:
    strict: bool = False
    base_url: str | None = None
    jobs: int = 0  # processes for the per-source stages; 0 means one per core
    cache: bool = True  # reuse per-source results from .cache/ when their inputs are unchanged
    progress: bool = False  # progress bars on stderr (the command line sets this at a terminal)
    # serve: keep the live site's search index when pages changed, and bring it up to date after
    # the swap (build/search_later.py), so that an edit is not kept waiting for search
    search_later: bool = False


@dataclass
class BuildResult:
    site: Site
    files: int
    warnings: list[Problem] = field(default_factory=list)
    search_index_bytes: int = 0
    site_bytes: int = 0  # the size of the whole site as written
    search_behind: bool = False  # the search index is the live site's, not yet of these pages (`search_later`)
    stopwatch: Stopwatch = field(default_factory=Stopwatch)
    cache: Cache = field(default_factory=lambda: Cache(None))
    pages: PageMemo = field(default_factory=PageMemo)  # which pages were rendered, which taken from the last build
    digests: ContentDigests = field(default_factory=ContentDigests)  # what stood for sources and events in page keys


@dataclass(frozen=True)
class Linked:
    """The site after the link stage, with the digests its page keys use."""

    site: Site
    digests: ContentDigests


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
        config = diagnostics.attempt(load_config, project, options.base_url) or default_config()
        gazetteer = diagnostics.attempt(load_gazetteer, project, diagnostics) or Gazetteer(())
        files = source_files(project, diagnostics)
        seeds = source_seeds(files, diagnostics, config.max_source_bytes)
    processed = prepare_sources(project, seeds, config, gazetteer, options.jobs or default_jobs(), options.progress,
                                diagnostics, stopwatch, cache)
    for prepared in processed:
        if not prepared.source.paragraphs:
            diagnostics.warn(prepared.source.path, "no text left after cleaning")
        if prepared.source.encoding_note:
            diagnostics.warn(prepared.source.path, prepared.source.encoding_note)
    with stopwatch.stage("link"):
        source_ids = set(seeds) | {path.stem for path in files if not warc.is_warc(path)}
        return link_site(project, config, gazetteer, processed, source_ids, diagnostics,
                         options.jobs or default_jobs(), options.cache, options.progress)


def link_site(project: Path, config: SiteConfig, gazetteer: Gazetteer, processed: Sequence[Prepared],
              source_ids: Collection[str], diagnostics: Diagnostics, jobs: int = 1, cached: bool = False,
              progress: bool = False) -> Linked:
    """The cross-source stage: events, text reuse, proposals, comparisons (in `jobs` processes),
    the entity index. With `cached`, event files, comparison tables and text reuse's aligned pairs
    are kept in `.cache/`; with `progress`, comparing the events draws a bar.
    `source_ids` are every source file's (those left out for their errors too), so that an event
    naming one is not reported as well. The input's errors stop the build once the event files
    and free pages have been read, the warnings made errors by --strict at the end."""
    processed = after_analysis_hooks(processed)
    analysed = [prepared.source for prepared in processed]
    digests = ContentDigests({prepared.source.id: prepared.digest for prepared in processed})
    # Word indexes are for text reuse and proposals alone: the rest of the build goes without them
    # (18 KB a source, a third of the model's memory at 10,000 sources).
    indexes = {prepared.source.id: prepared.word_index for prepared in processed}
    curated = load_events(project, gazetteer, source_ids, diagnostics, project_cache(project, cached, EVENTS_CACHE_DIR))
    pages = load_pages(project, diagnostics)
    diagnostics.stop_if_errors()
    sources = tuple(anchored_by_events(analysed, curated))
    for before, after in zip(analysed, sources):
        digests.changed(before, after)
    alignments = open_reuse_memo(project, cached)
    pairs = find_reuse(sources, config.reuse, indexes, alignments)
    alignments.save()
    covered = {source_id for event in curated for source_id in event.sources}
    events = curated + proposed_events(sources, covered, pairs, gazetteer, indexes)  # every pair: copies link too
    groups = copy_groups(sources, pairs)
    reuse = shown_pairs(pairs, groups)
    del pairs
    del indexes
    events = compare_events(events, {s.id: s for s in sources}, gazetteer, jobs, project_cache(project, cached, COMPARISONS_CACHE_DIR),
                            digests, progress)
    if not config.base_url:  # last, so that problems in the files themselves are reported first
        diagnostics.warn(CONFIG_PATH, "base_url is not set: no sitemap.xml, and citations and the feed use paths within the site")
    diagnostics.stop_if_errors()
    site = Site(
        config=config,
        sources=sources,
        pages=pages,
        entities=index_entities(sources, gazetteer),
        names_to_review=gather_names(sources),
        reuse=reuse,
        copy_groups=groups,
        events=events,
    )
    call_hook("site_linked", site)
    return Linked(site, digests)


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
    previous = live_record(output).digests  # the live site's digests: unchanged search shards are linked from it
    stopwatch, cache = Stopwatch(), project_cache(project, options.cache)
    with collector_paused():
        linked = analyse_and_link(project, options, diagnostics, stopwatch, cache)
    return_freed_memory()
    gc.freeze()  # the model lives until the end of the build: later collections need not scan it
    try:
        return render_and_write(project, output, options, linked, diagnostics, stopwatch, cache, previous)
    finally:
        gc.unfreeze()


def manifest_settings(config: SiteConfig, options: BuildOptions) -> dict[str, Any]:
    """The build settings the manifest records."""
    return {"base_url": config.base_url, "strict": options.strict, "reuse": dataclasses.asdict(config.reuse)}


@dataclass(frozen=True)
class SiteFinish:
    """What a staging folder holding the written files gets before it is swapped in (write_site's
    `finish`): the search index and the manifest; then the site's size is checked against what
    GitHub Pages publishes (a warning; under --strict an error, and the live site stays). The size
    is added up from what was written, never by walking the folder."""

    output: Path
    project: Path
    previous: Mapping[str, str]  # the live site's outputs: unchanged search shards are linked from it
    settings: dict[str, Any]  # the build settings the manifest records
    inputs: Mapping[str, str]  # input digests already known (`write_manifest`)
    options: BuildOptions
    diagnostics: Diagnostics
    stopwatch: Stopwatch

    def __call__(self, staging: Path, written: dict[str, str], written_bytes: int) -> tuple[SearchIndex, int]:
        """The index and the site's size, once `written` (`written_bytes` in all) are in `staging`."""
        options, stopwatch = self.options, self.stopwatch
        with stopwatch.stage("search"):
            index = build_search_index(staging, self.output, written, self.previous, options.jobs or default_jobs(),
                                       options.progress, options.search_later)
        with stopwatch.stage("write"):
            size = written_bytes + index.size + write_manifest(staging, self.project, self.settings, {**written, **index.files},
                                                               self.inputs)
            too_large = size_warning(size)
            if too_large is not None:
                self.diagnostics.warn(f"{self.output.name}/", too_large)
            self.diagnostics.stop_if_errors()
        return index, size


@dataclass
class Sized:
    """Files passed on as they come, their bytes added up."""

    files: Iterable[Output]
    bytes: int = 0

    def __iter__(self) -> Iterator[Output]:
        for file in self.files:
            self.bytes += file.size
            yield file


def render_and_write(project: Path, output: Path, options: BuildOptions, linked: Linked, diagnostics: Diagnostics,
                     stopwatch: Stopwatch, cache: Cache, previous: Mapping[str, str]) -> BuildResult:
    """The rest of `build` once the model is in memory: render, write, index for search, swap in."""
    jobs, site = options.jobs or default_jobs(), linked.site
    memo = open_page_memo(site, project, output, options.cache)
    files = Sized(stopwatch.timed("render", itertools.chain(render_site(site, project, jobs, memo, linked.digests, options.progress),
                                                            site_assets(site, project))))
    result = BuildResult(site, 0, diagnostics.warnings, stopwatch=stopwatch, cache=cache, pages=memo, digests=linked.digests)
    finish_site = SiteFinish(output, project, previous, manifest_settings(site.config, options),
                             {f"{layout.SEEDS}/{source.filename}": source.sha256 for source in site.sources if source.record is None},
                             options, diagnostics, stopwatch)

    def finish(staging: Path, written: dict[str, str]) -> None:
        index, result.site_bytes = finish_site(staging, written, files.bytes)
        result.search_index_bytes, result.search_behind = index.size, index.behind

    before = dict(stopwatch.seconds)
    started = time.perf_counter()
    result.files = len(write_site(files, output, finish, options.progress))
    call_hook("site_written", output)
    save_memo(project, memo)  # only now do the recorded pages describe the live output
    inside = sum(stopwatch.seconds[name] - before.get(name, 0.0) for name in ("render", "search", "write"))
    stopwatch.add({"write": time.perf_counter() - started - inside})
    return result
