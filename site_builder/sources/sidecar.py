"""`content/sources/<id>.yaml`: declared metadata, merged over what the source itself says."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from site_builder import layout
from site_builder.config import read_text
from site_builder.errors import Diagnostics, SiteError, did_you_mean
from site_builder.inputs import folder_inputs, skipped
from site_builder.model import Capture, Field, Source, captured, combine, declared, declared_fields
from site_builder.options import SourceMetadata, options_of
from site_builder.schema import is_web_url, validate
from site_builder.sources.decode import Declared
from site_builder.yamlfile import YamlMapping, load_mapping

SIDECAR_DIR = layout.SIDECARS
SIDECAR_SUFFIXES = (".yaml", ".yml")
CAPTURE_HOW = "captured by site-builder new source"


def sidecar_files(project: Path) -> list[Path]:
    """Every sidecar file in the project, sorted (a `.yaml` before its `.yml`)."""
    return folder_inputs(project, SIDECAR_DIR, SIDECAR_SUFFIXES)


def sidecar_source(path: str) -> str | None:
    """The id of the source whose sidecar is at `path` within the project (`content/sources/x.yaml`),
    or None when that is no sidecar's path."""
    folder, _, name = path.rpartition("/")
    stem, suffix = Path(name).stem, Path(name).suffix
    return stem if folder == SIDECAR_DIR and suffix in SIDECAR_SUFFIXES and not skipped(name) else None


def sidecar_file(project: Path, source_id: str) -> Path | None:
    """The sidecar of `source_id`, if it has one."""
    return next((path for suffix in SIDECAR_SUFFIXES if (path := project / SIDECAR_DIR / f"{source_id}{suffix}").is_file()), None)


def sidecar_paths(project: Path, source_ids: Iterable[str], diagnostics: Diagnostics) -> dict[str, Path]:
    """Each source id that has a sidecar, with its file; a sidecar for no known source, or a second
    one for a source, is an error recorded in `diagnostics` (and the sidecar left out)."""
    known = set(source_ids)
    found: dict[str, Path] = {}
    for path in sidecar_files(project):
        shown = f"{SIDECAR_DIR}/{path.name}"
        if path.stem in found:
            diagnostics.record(SiteError(shown, f"a second sidecar for '{path.stem}' (the first is "
                                                f"{SIDECAR_DIR}/{found[path.stem].name}); keep one", 1))
        elif path.stem not in known:
            diagnostics.record(SiteError(shown, f"sidecar for unknown source '{path.stem}'{did_you_mean(path.stem, known)}", 1))
        else:
            found[path.stem] = path
    return found


@dataclass(frozen=True)
class Sidecar:
    """A sidecar read and validated: its display path, its YAML (for lines) and its values."""

    shown: str
    document: YamlMapping
    values: dict[str, Any]

    @property
    def encoding(self) -> Declared | None:
        """The encoding it declares for its source's file, if any."""
        name = self.values["encoding"]
        return None if name is None else Declared(name, self.shown, self.document.line_of("encoding"))


def read_sidecar(path: Path) -> Sidecar:
    shown = f"{SIDECAR_DIR}/{path.name}"
    document = load_mapping(read_text(path, shown), shown)
    return Sidecar(shown, document, validate(document, options_of(SourceMetadata)))


def apply_sidecar(source: Source, sidecar: Sidecar) -> Source:
    """The source with its sidecar's declared values merged over what the source itself says, and
    its `captured:` section, if any, as the source's capture."""
    values = sidecar.values
    fields = declared_fields(values, lambda value: declared(value, sidecar.shown))
    capture = capture_of(values["captured"])
    capture = capture or source.capture
    return dataclasses.replace(source, fields=combine(fields, capture_fields(capture), source.fields),
                               notes=values["note"], capture=capture)


def capture_fields(capture: Capture | None) -> dict[str, Field]:
    """Where and when a source was captured, as its `url` and `retrieved` fields marked as captured
    (a URL only if it is http(s), a day only if it has a time: `Capture.day`)."""
    found: dict[str, Field] = {}
    if capture is None:
        return found
    if capture.day is not None:
        found["retrieved"] = captured(capture.day.isoformat(), f"the time of the capture ({capture.how})")
    if is_web_url(capture.url):
        found["url"] = captured(capture.url, f"the final URL of the capture ({capture.how})")
    return found


def capture_of(values: dict[str, Any]) -> Capture | None:
    """The capture a sidecar's validated `captured:` section records (None without one: its URL and
    time are required options, checked by `validate` when the section is there)."""
    if all(value is None for value in values.values()):
        return None
    return Capture(**values, how=CAPTURE_HOW)


def where_captured_warc(project: Path, source_id: str) -> tuple[str, int | None]:
    """The sidecar of a captured source and the line of its `captured: warc:` value, for messages."""
    path = sidecar_file(project, source_id)
    if path is None:
        return f"{SIDECAR_DIR}/{source_id}.yaml", None
    shown = f"{SIDECAR_DIR}/{path.name}"
    try:
        return shown, load_mapping(read_text(path, shown), shown).child("captured").line_of("warc")
    except SiteError:
        return shown, None


def captured_urls(project: Path) -> dict[str, str]:
    """Every URL a sidecar's `captured:` section names (final and requested), with its source id
    (a sidecar that cannot be read is left to the build to report)."""
    found: dict[str, str] = {}
    for path in sidecar_files(project):
        try:
            captured = load_mapping(read_text(path, path.name), path.name).values.get("captured")
        except SiteError:
            continue
        if isinstance(captured, dict):
            for key in ("url", "requested_url"):
                if isinstance(captured.get(key), str):
                    found.setdefault(captured[key].strip(), path.stem)
    return found
