"""The build: load -> clean -> analyze -> link -> render -> write, each stage a plain function."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from site_builder.analysis import ANALYSES
from site_builder.assets import site_assets
from site_builder.clean import clean
from site_builder.compare import compare_event
from site_builder.config import CONFIG_PATH, load_config
from site_builder.data import data_files
from site_builder.derive import derive
from site_builder.discovery import discovery_files
from site_builder.entity_index import gather_names, index_entities
from site_builder.errors import Diagnostics, Problem, SiteError
from site_builder.events import anchored_by_events, load_events
from site_builder.gazetteer import Gazetteer, load_gazetteer
from site_builder.load import load_sources
from site_builder.manifest import MANIFEST, write_manifest
from site_builder.model import Site, Source
from site_builder.pages import load_pages
from site_builder.proposals import proposed_events
from site_builder.render import render_site
from site_builder.reuse import find_reuse
from site_builder.search_index import build_search_index
from site_builder.segment import segment
from site_builder.sidecar import apply_sidecars
from site_builder.write import write_site

# Stages that prepare one source's text, in order; the analyses (analysis/__init__.py) follow them.
SourceStage = Callable[[Source], Source]
PREPARE_STAGES: tuple[SourceStage, ...] = (clean, segment, derive)


@dataclass(frozen=True)
class BuildOptions:
    strict: bool = False
    base_url: str | None = None


@dataclass
class BuildResult:
    site: Site
    files: int
    warnings: list[Problem] = field(default_factory=list)
    search_index_bytes: int = 0


def process_source(source: Source, gazetteer: Gazetteer) -> Source:
    """Every per-source stage; shares nothing with other sources."""
    for stage in PREPARE_STAGES:
        source = stage(source)
    for analysis in ANALYSES:
        source = analysis(source, gazetteer)
    return source


def load_site(project: Path, options: BuildOptions, diagnostics: Diagnostics) -> Site:
    """Read and analyse everything under `project` into the Site model, writing nothing."""
    config = load_config(project, options.base_url)
    gazetteer = load_gazetteer(project)
    loaded = apply_sidecars(project, load_sources(project, diagnostics, config.max_source_bytes))
    processed = tuple(process_source(loaded[key], gazetteer) for key in sorted(loaded))
    for source in processed:
        if not source.paragraphs:
            diagnostics.warn(source.path, "no text left after cleaning")
    curated = load_events(project, gazetteer, {s.id: s for s in processed})
    sources = tuple(anchored_by_events(processed, curated))
    reuse = find_reuse(sources, config.reuse)
    covered = {source_id for event in curated for source_id in event.sources}
    events = curated + proposed_events(sources, covered, reuse, gazetteer)
    by_id = {s.id: s for s in sources}
    if not config.base_url:  # last, so that problems in the files themselves are reported first
        diagnostics.warn(CONFIG_PATH, "base_url is not set: no sitemap.xml, and citations and the feed use paths within the site")
    return Site(
        config=config,
        sources=sources,
        pages=load_pages(project),
        entities=index_entities(sources, gazetteer),
        names_to_review=gather_names(sources),
        reuse=reuse,
        events=tuple(dataclasses.replace(e, rows=compare_event(e, by_id, gazetteer)) for e in events),
    )


PROTECTED = ("seeds", "content", "templates", "static")


def check_output(project: Path, output: Path) -> None:
    """Refuse an output folder whose replacement would delete the researcher's own files."""
    project, output = project.resolve(), output.resolve()
    if output == project or output in project.parents:
        raise SiteError(str(output), "the output folder would contain the project; choose a folder such as public/")
    for folder in PROTECTED:
        protected = project / folder
        if output == protected or protected in output.parents:
            raise SiteError(str(output), f"the output folder is inside {folder}/, which the build reads; choose another")
    if output.is_dir() and any(output.iterdir()) and not (output / MANIFEST).is_file():
        raise SiteError(str(output), "this folder is not empty and holds no site_builder build (no manifest.json); "
                                     "a build replaces the whole folder, so remove it or choose another --output")


def build(project: Path, output: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the site into `output`; on any error the previous `output` is left as it was."""
    check_output(project, output)
    diagnostics = Diagnostics(strict=options.strict)
    site = load_site(project, options, diagnostics)
    data = list(data_files(site))
    files = itertools.chain(render_site(site, project, data), site_assets(site, project), data, discovery_files(site))
    result = BuildResult(site, 0, diagnostics.warnings)

    def finish(staging: Path) -> None:
        result.search_index_bytes = build_search_index(staging)
        write_manifest(staging, project, {"base_url": site.config.base_url, "strict": options.strict,
                                          "reuse": dataclasses.asdict(site.config.reuse)})

    result.files = write_site(files, output, finish)
    return result
