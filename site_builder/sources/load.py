"""The load stage: find the source files in `seeds/` and read each with the reader for its format."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Sequence

from site_builder import layout
from site_builder.errors import Diagnostics, SiteError
from site_builder.inputs import RESERVED_NOTE, check_entry, listed, reserved_on_windows, skipped
from site_builder.model import Source
from site_builder.options import MAX_SOURCE_BYTES
from site_builder.sources import ids
from site_builder.sources.decode import decode
from site_builder.sources.readers import reader_for, readers
from site_builder.sources.readers.base import BinaryReader, Extracted, Reader

SEEDS_DIR = layout.SEEDS


def source_files(project: Path, diagnostics: Diagnostics) -> list[Path]:
    """Every readable file in `seeds/`, sorted and checked (`inputs.check_entry`; a file that fails
    is left out, its error recorded); hidden files, editors' backups (`inputs.skipped`) and folders
    (symbolic links to folders too: seeds/ is flat) are skipped, unknown formats warned about."""
    folder = project / SEEDS_DIR
    if not folder.is_dir():
        diagnostics.record(SiteError(SEEDS_DIR, "no seeds/ folder: put the collected sources there"))
        return []
    files = []
    entries, inside = listed(project, folder)
    for entry in entries:
        if skipped(entry.name) or entry.is_dir():
            continue
        path = Path(entry.path)
        if reader_for(path) is None:
            known = ", ".join(sorted(readers()))
            diagnostics.warn(f"{SEEDS_DIR}/{path.name}", f"no reader for '{path.suffix}' files (known: {known}); skipped")
            continue
        checked = diagnostics.attempt(check_entry, project, entry, f"{SEEDS_DIR}/{path.name}", inside)
        if checked is not None:
            files.append(checked)
    if not files:
        diagnostics.warn(SEEDS_DIR, "no sources found")
    return files


def check_source_file(path: Path, max_bytes: int) -> Path:
    """`path`, once checked that its name makes a safe id and its size (from the file system,
    before any read) is within the limit."""
    shown = f"{SEEDS_DIR}/{path.name}"
    if not ids.is_source_id(path.stem):
        raise SiteError(shown, f"file name must {ids.RULE}, its suffix aside; rename it to '{ids.proposed_rename(path)}', "
                               "or move it out of seeds/ and add it with `site-builder new source`, which names it so")
    if reserved_on_windows(path.stem):
        raise SiteError(shown, f"'{path.stem}' is {RESERVED_NOTE}; rename the file")
    size = path.stat().st_size
    if size > max_bytes:
        raise SiteError(shown, f"file is {size:,} bytes, over the limit of {max_bytes:,}; "
                               "raise max_source_bytes in content/site.yaml to read it")
    return path


def read_file(data: bytes, reader: Reader, shown: str) -> tuple[Extracted, str]:
    """What `reader` gets out of a file's bytes, and the encoding the source page names: a binary
    reader reads the bytes, a text reader the text they decode to."""
    if isinstance(reader, BinaryReader):
        return reader.read(data, shown), reader.encoding
    decoded = decode(data, shown)
    return reader(decoded.text, shown), decoded.encoding


def load_source(path: Path, max_bytes: int = MAX_SOURCE_BYTES) -> Source:
    """Read one source file, checked first (`check_source_file`)."""
    shown = f"{SEEDS_DIR}/{path.name}"
    source_id = path.stem
    check_source_file(path, max_bytes)
    data = path.read_bytes()
    reading, encoding = read_file(data, reader_for(path), shown)  # type: ignore[arg-type]
    return Source(
        id=source_id,
        path=shown,
        filename=path.name,
        format=reading.format,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=encoding,
        line_label=reading.line_label,
        lines=reading.lines,
        fields=reading.fields,
        capture=reading.capture,
    )


def source_paths(files: Sequence[Path], diagnostics: Diagnostics, max_bytes: int = MAX_SOURCE_BYTES) -> dict[str, Path]:
    """Each source id with its file, in id order, every one of `files` (`source_files`) checked
    (`check_source_file`) before anything reads it; a file with errors is left out, its errors
    recorded. Ids that differ only in case (`Report`, `report`) are one id: their pages would
    overwrite each other on macOS and Windows, which ignore case in file names."""
    paths: dict[str, Path] = {}
    by_folded: dict[str, Path] = {}
    for path in files:
        if diagnostics.attempt(check_source_file, path, max_bytes) is None:
            continue
        other = by_folded.get(path.stem.casefold())
        if other is not None:
            same = "share the id" if other.stem == path.stem else "have ids that differ only in case"
            diagnostics.record(SiteError(f"{SEEDS_DIR}/{path.name}", f"two sources {same} '{path.stem}': "
                                                                    f"{SEEDS_DIR}/{other.name} and this one; rename one"))
            continue
        by_folded[path.stem.casefold()] = paths[path.stem] = path
    return dict(sorted(paths.items()))
