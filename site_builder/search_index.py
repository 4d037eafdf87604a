"""The search index: pagefind run over the built pages (before they are swapped in).

Pages opt in with `data-pagefind-body` (source, event and entity pages, quotes); filters come from
`data-pagefind-filter` elements in them. The index and pagefind's own UI go to `pagefind/`.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from site_builder.errors import SiteError
from site_builder.parallel import die_with_parent

INDEX_DIR = "pagefind"
# The folders that hold the searchable pages (render.py marks them `searchable`): only these are
# read, which halves the indexer's time on a large site (tests/test_site.py checks the list).
SEARCHED_FOLDERS = ("entities", "events", "quotes", "sources")


def build_search_index(site_dir: Path) -> int:
    """Index the site in `site_dir`; returns the index's size in bytes."""
    import pagefind_bin

    command = [str(pagefind_bin.get_executable()), "--site", str(site_dir), "--output-subdir", INDEX_DIR,
               "--keep-index-url", "--silent", "--glob", "{" + ",".join(SEARCHED_FOLDERS) + "}/**/*.html"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, preexec_fn=die_with_parent)  # never outlives a killed build
    if result.returncode != 0:
        raise SiteError(INDEX_DIR, f"the search indexer failed: {(result.stderr or result.stdout).strip()[:500]}")
    return sum(path.stat().st_size for path in (site_dir / INDEX_DIR).rglob("*") if path.is_file())
