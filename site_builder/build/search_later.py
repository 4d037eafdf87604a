"""Search brought up to date after the pages, for `serve`: an edit is written and shown first (a
build with `BuildOptions.search_later` keeps the live site's index as it is), and the index is made
after, by `catch_up_search`, while the browser already shows the edit.

Catching up is a write of the live site onto itself: every file it holds is taken as it is (linked,
never rendered or read again), and the staging folder gets a search index of those pages, made as
any build makes it (unchanged shards linked, the others indexed), and a new manifest; then it is
swapped in. The pipeline's stages before the write are not run again. A catch-up that is
`cancelled` (serve saw an edit: a preview is about to be written over the live site, and a rebuild
will follow) stops before it indexes and again before the swap, leaving the live site as it was.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from site_builder.build.pipeline import BuildOptions, SiteFinish
from site_builder.build.timing import Stopwatch
from site_builder.errors import Diagnostics
from site_builder.output.manifest import MANIFEST
from site_builder.output.search_index import in_index
from site_builder.output.write import LiveCopy, Record, live_record, write_site


def live_pages(output: Path, record: Record) -> list[LiveCopy] | None:
    """Every file of the live site but its search index and manifest, each vouched for by the
    manifest (write.py's trust rule); None when one is not (edited by hand: a build must redo it)."""
    files = []
    for path, digest in sorted(record.digests.items()):
        if in_index(path):
            continue
        try:
            info = os.lstat(os.path.join(output, path))
        except OSError:
            return None
        if not record.vouches(path, digest, info, info.st_size):
            return None
        files.append(LiveCopy(path, digest, info.st_size))
    return files


def live_build(output: Path) -> tuple[dict[str, Any], dict[str, str]] | None:
    """The build settings and the input digests the live site's manifest records (None when it
    cannot be read)."""
    try:
        manifest = json.loads((output / MANIFEST).read_bytes())
        settings, inputs = manifest["settings"], manifest["inputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (settings, inputs) if isinstance(settings, dict) and isinstance(inputs, dict) else None


class Cancelled(Exception):
    """The catch-up was cancelled: the live site is left as it was."""


def catch_up_search(project: Path, output: Path, options: BuildOptions, cancelled: threading.Event | None = None) -> bool:
    """Rewrite the live site in `output` with a search index of its own pages (see the module
    docstring); False when it could not be trusted as it is, or was `cancelled`, and was left for
    the next build."""
    cancelled = cancelled or threading.Event()
    record, built = live_record(output), live_build(output)
    files = live_pages(output, record) if record.digests and built is not None else None
    if files is None or built is None:
        return False
    options = BuildOptions(strict=False, jobs=options.jobs, cache=options.cache)  # the index of these pages, now
    # The manifest keeps the inputs the live one lists (the site was built from those) and the settings.
    finish_site = SiteFinish(output, project, dict(record.digests), *built, options, Diagnostics(), Stopwatch())

    def finish(staging: Path, written: dict[str, str]) -> None:
        if cancelled.is_set():
            raise Cancelled
        finish_site(staging, written, sum(file.size for file in files))
        if cancelled.is_set():
            raise Cancelled

    try:
        write_site(files, output, finish)
    except Cancelled:
        return False
    return True
