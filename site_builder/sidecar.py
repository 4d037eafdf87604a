"""`content/sources/<id>.yaml`: declared metadata, merged over what the source itself says."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Mapping

from site_builder.config import read_text
from site_builder.errors import SiteError, did_you_mean
from site_builder.inputs import folder_inputs
from site_builder.model import Source, combine, declared
from site_builder.schema import validate
from site_builder.source_options import SOURCE_OPTIONS, fields_from
from site_builder.yamlfile import load_mapping

SIDECAR_DIR = "content/sources"


def apply_sidecars(project: Path, sources: Mapping[str, Source]) -> dict[str, Source]:
    """Merge each sidecar into its source; a sidecar for no known source is an error."""
    result = dict(sources)
    paths = folder_inputs(project, SIDECAR_DIR, (".yaml", ".yml"))
    seen: dict[str, str] = {}
    for path in paths:
        shown = f"{SIDECAR_DIR}/{path.name}"
        if path.stem in seen:
            raise SiteError(shown, f"a second sidecar for '{path.stem}' (the first is {seen[path.stem]}); keep one", 1)
        seen[path.stem] = shown
        source = result.get(path.stem)
        if source is None:
            raise SiteError(shown, f"sidecar for unknown source '{path.stem}'{did_you_mean(path.stem, result)}", 1)
        values = validate(load_mapping(read_text(path, shown), shown), SOURCE_OPTIONS)
        fields = fields_from(values, lambda value: declared(value, shown))
        result[path.stem] = dataclasses.replace(
            source, fields=combine(fields, source.fields), notes=values["note"]
        )
    return result
