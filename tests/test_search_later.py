"""Search after the pages, for `serve`: a build asked to index later keeps the live site's index
behind its new pages, and catching up gives the index a clean build makes (the seeds' 48 searchable
pages in 8 shards of about 10 pages, so an edit leaves most shards as they were)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from test_determinism import same_site
from test_search_index import append_line, small_shards  # noqa: F401 (a fixture)

from site_builder.build.pipeline import BuildOptions, build
from site_builder.build.search_later import catch_up_search
from site_builder.output.manifest import verify
from site_builder.output.search_index import in_index
from site_builder.output.write import live_record

TUNXI_PAGE = "sources/004_7807f473fc62edd1/index.html"


def index_files(output: Path) -> dict[str, str]:
    return {path: digest for path, digest in live_record(output).digests.items() if in_index(path)}


def test_a_build_that_searches_later_keeps_the_live_index_behind_its_new_pages(project, tmp_path, small_shards):  # noqa: F811
    output = tmp_path / "public"
    build(project, output, BuildOptions())
    before = index_files(output)
    append_line(project)
    result = build(project, output, BuildOptions(search_later=True))
    assert result.search_behind
    assert index_files(output) == before
    assert "discussed Naning" in (output / TUNXI_PAGE).read_text(encoding="utf-8")
    assert verify(output) == []


def test_with_no_live_index_or_nothing_to_index_a_build_that_searches_later_is_not_behind(project, tmp_path, small_shards):  # noqa: F811
    output = tmp_path / "public"
    first = build(project, output, BuildOptions(search_later=True))
    assert not first.search_behind and index_files(output)
    again = build(project, output, BuildOptions(search_later=True))
    assert not again.search_behind and verify(output) == []


def test_catching_up_gives_the_index_a_clean_build_makes(project, tmp_path, small_shards):  # noqa: F811
    output = tmp_path / "public"
    build(project, output, BuildOptions())
    append_line(project)
    build(project, output, BuildOptions(search_later=True))
    assert catch_up_search(project, output, BuildOptions())
    clean = tmp_path / "clean"
    build(project, clean, BuildOptions(cache=False))
    same_site(output, clean)
    assert verify(output) == []


def test_a_live_site_edited_by_hand_is_left_to_the_next_build(project, tmp_path, small_shards):  # noqa: F811
    output = tmp_path / "public"
    build(project, output, BuildOptions())
    append_line(project)
    build(project, output, BuildOptions(search_later=True))
    page, behind = output / TUNXI_PAGE, index_files(output)
    os.unlink(page)
    page.write_text("edited by hand", encoding="utf-8")
    assert not catch_up_search(project, output, BuildOptions())
    assert page.read_text(encoding="utf-8") == "edited by hand" and index_files(output) == behind


def test_a_cancelled_catch_up_leaves_the_live_site_as_it_was(project, tmp_path, small_shards):  # noqa: F811
    output = tmp_path / "public"
    build(project, output, BuildOptions())
    append_line(project)
    build(project, output, BuildOptions(search_later=True))
    before = dict(live_record(output).digests)
    cancelled = threading.Event()
    cancelled.set()
    assert not catch_up_search(project, output, BuildOptions(), cancelled)
    assert dict(live_record(output).digests) == before and verify(output) == []
