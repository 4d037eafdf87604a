"""Files published as they are: raw copies of the sources, the stylesheet, GitHub Pages markers."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterator

from site_builder import layout
from site_builder.errors import SiteError
from site_builder.inputs import check_input, skipped
from site_builder.model import Site
from site_builder.output.write import OutputFile
from site_builder.site import routes
from site_builder.sources.readers import warc
from site_builder.sources.sidecar import where_captured_warc

BUILTIN_STATIC = Path(__file__).parent / "static"
USER_STATIC = layout.STATIC


def raw_copies(site: Site, project: Path) -> Iterator[OutputFile]:
    """Each source byte for byte under `raw/` (a WARC file's source: its record's payload); it must
    still be what was analysed."""
    records: dict[str, dict[int, bytes]] = {}  # each WARC file read once: {path: {record number: payload}}
    for source in site.sources:
        if source.record is None:
            data = (project / source.path).read_bytes()
        else:
            if source.path not in records:
                records[source.path] = warc_payloads(project / source.path, site.config.max_source_bytes)
            data = records[source.path].get(source.record, b"")
        if hashlib.sha256(data).hexdigest() != source.sha256:
            raise SiteError(source.path, "file changed during the build; build again")
        yield OutputFile(routes.raw(source.raw_name), data)


def warc_payloads(path: Path, max_bytes: int) -> dict[int, bytes]:
    with path.open("rb") as stream:
        return {record.number: record.payload for record in warc.records(stream, path.name, max_bytes)
                if isinstance(record, warc.ArchivedSource)}


def warc_files(site: Site, project: Path) -> Iterator[OutputFile]:
    """Each WARC file a captured source's capture names (`archive/x.warc.gz`, or a WARC file in
    seeds/), once, byte for byte beside the raw copies (`routes.warc`); checked like every input. A
    missing one, or one that would take a raw copy's name, is an error naming the sidecar."""
    taken = {routes.raw(source.raw_name) for source in site.sources}
    done: set[str] = set()
    for source in site.sources:
        path = source.capture.warc if source.capture else None
        if path is None or path in done:
            continue
        try:
            if routes.warc(path) in taken:
                raise SiteError(path, f"would be published as {routes.warc(path)}, which another file already is; rename it")
            checked = check_input(project, project / path, path)
        except SiteError as error:
            shown, line = where_captured_warc(project, source.id) if source.record is None else (source.path, None)
            raise SiteError(shown, f"captured: warc: '{path}': {error.problem.message}", line) from None
        done.add(path)
        taken.add(routes.warc(path))
        yield OutputFile(routes.warc(path), checked.read_bytes())


def static_files(project: Path) -> Iterator[OutputFile]:
    """The built-in assets, with the project's own `static/` files added or replacing them by name
    (each checked like every input: a link to a file outside the project is an error)."""
    files: dict[str, Path] = {}
    for root in (BUILTIN_STATIC, project / USER_STATIC):
        if root.is_dir():
            for path in root.rglob("*"):
                if skipped(path.name) or path.is_dir():
                    continue
                name = path.relative_to(root).as_posix()
                files[name] = path if root == BUILTIN_STATIC else check_input(project, path, f"{USER_STATIC}/{name}")
    for name in sorted(files):
        yield OutputFile(routes.static(name), files[name].read_bytes())


def site_assets(site: Site, project: Path) -> Iterator[OutputFile]:
    yield OutputFile(routes.NO_JEKYLL, b"")
    yield from static_files(project)
    yield from raw_copies(site, project)
    yield from warc_files(site, project)
