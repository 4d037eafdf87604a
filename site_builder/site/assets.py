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

BUILTIN_STATIC = Path(__file__).parent / "static"
USER_STATIC = layout.STATIC


def raw_copies(site: Site, project: Path) -> Iterator[OutputFile]:
    """Each source file byte for byte under `raw/`; it must still be the file that was analysed."""
    for source in site.sources:
        data = (project / source.path).read_bytes()
        if hashlib.sha256(data).hexdigest() != source.sha256:
            raise SiteError(source.path, "file changed during the build; build again")
        yield OutputFile(routes.raw(source.raw_name), data)


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
