"""`content/sources/<id>.yaml`: declared metadata, merged over what the source itself says."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Iterable

from site_builder import layout
from site_builder.config import read_text
from site_builder.errors import Diagnostics, SiteError, did_you_mean
from site_builder.inputs import folder_inputs
from site_builder.model import Source, combine, declared, declared_fields
from site_builder.options import SourceMetadata, options_of
from site_builder.schema import validate
from site_builder.yamlfile import load_mapping

SIDECAR_DIR = layout.SIDECARS
SIDECAR_SUFFIXES = (".yaml", ".yml")


def sidecar_paths(project: Path, source_ids: Iterable[str], diagnostics: Diagnostics) -> dict[str, Path]:
    """Each source id that has a sidecar, with its file; a sidecar for no known source, or a second
    one for a source, is an error recorded in `diagnostics` (and the sidecar left out)."""
    known = set(source_ids)
    found: dict[str, Path] = {}
    for path in folder_inputs(project, SIDECAR_DIR, SIDECAR_SUFFIXES):
        shown = f"{SIDECAR_DIR}/{path.name}"
        if path.stem in found:
            diagnostics.record(SiteError(shown, f"a second sidecar for '{path.stem}' (the first is "
                                                f"{SIDECAR_DIR}/{found[path.stem].name}); keep one", 1))
        elif path.stem not in known:
            diagnostics.record(SiteError(shown, f"sidecar for unknown source '{path.stem}'{did_you_mean(path.stem, known)}", 1))
        else:
            found[path.stem] = path
    return found


def apply_sidecar(source: Source, path: Path) -> Source:
    """The source with its sidecar's declared values merged over what the source itself says."""
    shown = f"{SIDECAR_DIR}/{path.name}"
    values = validate(load_mapping(read_text(path, shown), shown), options_of(SourceMetadata))
    fields = declared_fields(values, lambda value: declared(value, shown))
    return dataclasses.replace(source, fields=combine(fields, source.fields), notes=values["note"])
