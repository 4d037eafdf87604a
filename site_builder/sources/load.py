"""The load stage: find the source files in `seeds/` and read each with the reader for its format."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from site_builder import layout
from site_builder.errors import Diagnostics, SiteError
from site_builder.inputs import RESERVED_NOTE, check_entry, listed, reserved_on_windows, skipped
from site_builder.model import Source, combine
from site_builder.options import MAX_SOURCE_BYTES
from site_builder.sources import ids
from site_builder.sources.decode import Declared, decode
from site_builder.sources.readers import reader_for, readers, warc
from site_builder.sources.readers.base import BinaryReader, Extracted, Reader
from site_builder.sources.sidecar import capture_fields

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
        if reader_for(path) is None and not warc.is_warc(path):
            known = ", ".join(sorted([*readers(), *warc.SUFFIXES]))
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
    stem = warc.warc_stem(path) if warc.is_warc(path) else path.stem
    if not ids.is_source_id(stem):
        raise SiteError(shown, f"file name must {ids.RULE}, its suffix aside; rename it to '{ids.proposed_rename(path)}', "
                               "or move it out of seeds/ and add it with `site-builder new source`, which names it so")
    if reserved_on_windows(stem):
        raise SiteError(shown, f"'{stem}' is {RESERVED_NOTE}; rename the file")
    size = path.stat().st_size
    if size > max_bytes and not warc.is_warc(path):  # a WARC file's limit is per record (`warc.records`)
        raise SiteError(shown, f"file is {size:,} bytes, over the limit of {max_bytes:,}; "
                               f"raise max_source_bytes in {layout.SITE_CONFIG} to read it")
    return path


def read_file(data: bytes, reader: Reader, shown: str, encoding: Declared | None = None) -> tuple[Extracted, str, str | None]:
    """What `reader` gets out of a file's bytes, the encoding the source page names and why the
    text may read wrong (`Decoded.note`): a binary reader reads the bytes, a text reader the text
    they decode to (in the `encoding` a sidecar declares, if any)."""
    if isinstance(reader, BinaryReader):
        if encoding is not None:
            raise SiteError(encoding.where, f"'encoding': {shown} is read from its bytes ({reader.encoding}), "
                                            "not decoded as text; remove the key", encoding.line)
        return reader.read(data, shown), reader.encoding, None
    decoded = decode(data, shown, encoding)
    return reader(decoded.text, shown), decoded.encoding, decoded.note


def load_source(path: Path, max_bytes: int = MAX_SOURCE_BYTES, encoding: Declared | None = None) -> Source:
    """Read one source file, checked first (`check_source_file`), in the `encoding` its sidecar
    declares, if any."""
    shown = f"{SEEDS_DIR}/{path.name}"
    check_source_file(path, max_bytes)
    data = path.read_bytes()
    reading, named, note = read_file(data, reader_for(path), shown, encoding)  # type: ignore[arg-type]
    return source_of(path.stem, shown, path.name, data, reading, named, note)


def load_record(seed: Seed, encoding: Declared | None = None) -> Source:
    """Read one source of a WARC file (`seed.record`), by the reader for its content type."""
    assert seed.record is not None
    shown = f"{SEEDS_DIR}/{seed.path.name}"
    where = f"{shown}: record {seed.record.number} ({seed.record.capture.url})"
    reading, named, note = read_file(seed.record.payload, readers()[seed.record.suffix], where, encoding)
    source = source_of(seed.id, shown, seed.id + seed.record.suffix, seed.record.payload, reading, named, note)
    return dataclasses.replace(source, capture=seed.record.capture, record=seed.record.number,
                               fields=combine(capture_fields(seed.record.capture), source.fields))


def load_seed(seed: Seed, max_bytes: int = MAX_SOURCE_BYTES, encoding: Declared | None = None) -> Source:
    return load_source(seed.path, max_bytes, encoding) if seed.record is None else load_record(seed, encoding)


def source_of(source_id: str, shown: str, filename: str, data: bytes, reading: Extracted, encoding: str,
              encoding_note: str | None = None) -> Source:
    """The loaded source, as its reader found it in `data`."""
    return Source(
        id=source_id,
        path=shown,
        filename=filename,
        format=reading.format,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=encoding,
        encoding_note=encoding_note,
        line_label=reading.line_label,
        lines=reading.lines,
        fields=reading.fields,
    )


@dataclass(frozen=True)
class Seed:
    """One source to read: a file in seeds/, or one record of a WARC file there (`record`)."""

    id: str
    path: Path
    record: warc.ArchivedSource | None = None

    def data(self) -> bytes:
        """What the source is read from."""
        return self.path.read_bytes() if self.record is None else self.record.payload


def warc_seeds(path: Path, max_bytes: int, diagnostics: Diagnostics) -> list[Seed]:
    """The sources in the WARC file at `path`, each record passed over for its size a warning."""
    shown = f"{SEEDS_DIR}/{path.name}"
    found = []
    with path.open("rb") as stream:
        for record in warc.records(stream, shown, max_bytes):
            if isinstance(record, warc.Skipped):
                diagnostics.warn(shown, f"record {record.number} ({record.url}) skipped: {record.reason}")
            else:
                found.append(Seed(warc.record_id(warc.warc_stem(path), record.number), path, record))
    if not found:
        diagnostics.warn(shown, "no HTML or PDF response (with a 2xx status) in this WARC file")
    return found


def file_seeds(path: Path, max_bytes: int, diagnostics: Diagnostics) -> list[Seed]:
    """The sources in one file of seeds/: the file itself, or a WARC file's records."""
    return warc_seeds(path, max_bytes, diagnostics) if warc.is_warc(path) else [Seed(path.stem, path)]


def source_seeds(files: Sequence[Path], diagnostics: Diagnostics, max_bytes: int = MAX_SOURCE_BYTES) -> dict[str, Seed]:
    """Each source id with what it is read from, in id order, every one of `files` (`source_files`)
    checked (`check_source_file`) before anything reads it; a file with errors is left out, its
    errors recorded. Ids that differ only in case (`Report`, `report`) are one id: their pages would
    overwrite each other on macOS and Windows, which ignore case in file names."""
    seeds: dict[str, Seed] = {}
    by_folded: dict[str, Seed] = {}
    for path in files:
        if diagnostics.attempt(check_source_file, path, max_bytes) is None:
            continue
        for seed in diagnostics.attempt(file_seeds, path, max_bytes, diagnostics) or ():
            other = by_folded.get(seed.id.casefold())
            if other is not None:
                same = "share the id" if other.id == seed.id else "have ids that differ only in case"
                diagnostics.record(SiteError(f"{SEEDS_DIR}/{path.name}", f"two sources {same} '{seed.id}': "
                                                                        f"{SEEDS_DIR}/{other.path.name} and this one; rename one"))
                continue
            by_folded[seed.id.casefold()] = seeds[seed.id] = seed
    return dict(sorted(seeds.items()))
