"""The load stage: find the source files in `seeds/` and read each with the reader for its format."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from site_builder.decode import decode
from site_builder.errors import Diagnostics, SiteError
from site_builder.model import Source
from site_builder.readers import READERS, reader_for

SEEDS_DIR = "seeds"
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def source_files(project: Path, diagnostics: Diagnostics) -> list[Path]:
    """Every readable file in `seeds/`, sorted; hidden files are skipped, unknown formats warned about."""
    folder = project / SEEDS_DIR
    if not folder.is_dir():
        raise SiteError(SEEDS_DIR, "no seeds/ folder: put the collected sources there")
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if reader_for(path) is None:
            known = ", ".join(sorted(READERS))
            diagnostics.warn(f"{SEEDS_DIR}/{path.name}", f"no reader for '{path.suffix}' files (known: {known}); skipped")
            continue
        files.append(path)
    return files


def load_source(path: Path) -> Source:
    shown = f"{SEEDS_DIR}/{path.name}"
    source_id = path.stem
    if not _SAFE_ID.match(source_id):
        raise SiteError(shown, "file name must start with a letter or digit and use only letters, digits, '.', '_' and '-'")
    data = path.read_bytes()
    decoded = decode(data, shown)
    reading = reader_for(path)(decoded.text, shown)  # type: ignore[misc]
    return Source(
        id=source_id,
        path=shown,
        filename=path.name,
        format=reading.format,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=decoded.encoding,
        line_label=reading.line_label,
        lines=reading.lines,
        fields=reading.fields,
    )


def source_paths(project: Path, diagnostics: Diagnostics) -> dict[str, Path]:
    """Each source id with its file, in id order; two files with one id are an error."""
    paths: dict[str, Path] = {}
    for path in source_files(project, diagnostics):
        if path.stem in paths:
            raise SiteError(f"{SEEDS_DIR}/{path.name}", f"two sources share the id '{path.stem}': "
                                                       f"{SEEDS_DIR}/{paths[path.stem].name} and this one")
        paths[path.stem] = path
    if not paths:
        diagnostics.warn(SEEDS_DIR, "no sources found")
    return dict(sorted(paths.items()))
