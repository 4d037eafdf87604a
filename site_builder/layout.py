"""Where a project keeps its inputs: one place for every folder and file name the build reads."""

from __future__ import annotations

SEEDS = "seeds"  # raw sources exactly as collected
CONTENT = "content"  # what the researcher writes
TEMPLATES = "templates"  # the researcher's overrides of the built-in templates
STATIC = "static"  # the researcher's extra or replaced static files
ARCHIVE = "archive"  # WARC files of the pages `new source <URL>` captured, published beside their raw copies
# Every folder a build reads: watched by `serve`, listed in the manifest, never an output folder.
INPUT_FOLDERS = (SEEDS, CONTENT, TEMPLATES, STATIC, ARCHIVE)

SITE_CONFIG = f"{CONTENT}/site.yaml"
GAZETTEER = f"{CONTENT}/entities.yaml"
SIDECARS = f"{CONTENT}/sources"
EVENTS = f"{CONTENT}/events"
PAGES = f"{CONTENT}/pages"
