"""The build cache: an incremental build gives exactly the bytes of a clean build, whatever changed."""

import shutil
from pathlib import Path

import pytest
from conftest import write
from test_determinism import same_site

from site_builder.build.cache import CACHE_DIR, Cache
from site_builder.build.pipeline import BuildOptions, build

GUILIN_SEED = "seeds/001_31d0fa55b8edf2a7.txt"


def rebuilt_equals_clean_build(project: Path, tmp_path: Path, edit) -> tuple[Path, int]:
    """Build (filling the cache), apply `edit`, build again into the same folder; compare with a
    clean build of the edited project made without any cache. Returns the output and the cache hits."""
    output = tmp_path / "public"
    build(project, output, BuildOptions())
    edit(project)
    result = build(project, output, BuildOptions())
    clean = tmp_path / "clean"
    build(project, clean, BuildOptions(cache=False))
    same_site(output, clean)
    return output, result.cache.hits


def edit_source(project: Path) -> None:
    path = project / GUILIN_SEED
    path.write_text(path.read_text(encoding="utf-8").replace("Guilin", "Gweilin"), encoding="utf-8")


def edit_template(project: Path) -> None:
    write(project / "templates/source_panel.html", "<p>Panel replaced.</p>\n")


def edit_entity(project: Path) -> None:
    path = project / "content/entities.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases: [Lavrov]", "aliases: [Lavrov, Sergey]"), encoding="utf-8")


def edit_event(project: Path) -> None:
    path = project / "content/events/guilin-2021.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")


@pytest.mark.parametrize("edit, hits", [(edit_source, 4), (edit_template, 5), (edit_entity, 0), (edit_event, 5)])
def test_an_incremental_build_after_an_edit_is_byte_identical_to_a_clean_build(project, tmp_path, edit, hits):
    output, cache_hits = rebuilt_equals_clean_build(project, tmp_path, edit)
    assert cache_hits == hits  # only what the edit touched was recomputed (the gazetteer touches all)


def test_the_edit_shows_in_the_incremental_build(project, tmp_path):
    output, _ = rebuilt_equals_clean_build(project, tmp_path, edit_source)
    assert "Gweilin" in (output / "sources/001_31d0fa55b8edf2a7/index.html").read_text(encoding="utf-8")


def test_deleting_a_source_removes_its_pages_and_its_cache_entry(project, tmp_path):
    def delete(project: Path) -> None:
        (project / "seeds/004_7807f473fc62edd1.txt").unlink()
        (project / "content/sources/004_7807f473fc62edd1.yaml").unlink()
        (project / "content/events/tunxi-2022.md").unlink()

    output, hits = rebuilt_equals_clean_build(project, tmp_path, delete)
    assert not (output / "sources/004_7807f473fc62edd1").exists()
    assert hits == 4 and len(list((project / CACHE_DIR).glob("*/*.pickle"))) == 4


@pytest.mark.parametrize("damage", [b"", b"not a pickle", None])
def test_a_damaged_or_foreign_cache_entry_is_ignored_and_rebuilt(project, tmp_path, damage):
    output = tmp_path / "public"
    build(project, output, BuildOptions())
    entries = sorted((project / CACHE_DIR).glob("*/*.pickle"))
    assert len(entries) == 5
    for entry in entries:
        if damage is None:  # a well-formed entry signed with another key, as a committed cache would be
            data = entry.read_bytes()
            entry.write_bytes(bytes(32) + data[32:])
        else:
            entry.write_bytes(damage)
    result = build(project, output, BuildOptions())
    assert result.cache.hits == 0
    clean = tmp_path / "clean"
    build(project, clean, BuildOptions(cache=False))
    same_site(output, clean)
    assert build(project, output, BuildOptions()).cache.hits == 5  # rewritten, valid again


def test_entries_signed_with_another_key_are_not_loaded(tmp_path):
    Cache(tmp_path, b"k" * 32).put("ab" * 32, {"x": 1})
    assert Cache(tmp_path, b"other key" * 4).get("ab" * 32) is None
    assert Cache(tmp_path, b"k" * 32).get("ab" * 32) == {"x": 1}


def test_a_cache_that_cannot_be_written_only_costs_speed(project, tmp_path):
    write(project / ".cache", "a file where the cache folder would go")
    result = build(project, tmp_path / "public", BuildOptions())
    assert result.cache.hits == 0 and len(result.site.sources) == 5


def test_unchanged_output_files_are_linked_not_rewritten(project, tmp_path):
    output = tmp_path / "public"
    build(project, output, BuildOptions())
    before = (output / "sources/003_28d1eb4e5542eb3f/index.html").stat().st_ino
    edit_template(project)  # the panel shows on source pages only: the raw copies stay the same
    raw = (output / "raw/003_28d1eb4e5542eb3f.txt").stat().st_ino
    build(project, output, BuildOptions())
    assert (output / "raw/003_28d1eb4e5542eb3f.txt").stat().st_ino == raw
    assert (output / "sources/003_28d1eb4e5542eb3f/index.html").stat().st_ino != before


def test_no_cache_writes_no_cache(project, tmp_path):
    shutil.rmtree(project / ".cache", ignore_errors=True)
    build(project, tmp_path / "public", BuildOptions(cache=False))
    assert not (project / ".cache").exists()


def test_compiled_templates_are_kept_in_the_users_cache_never_the_projects(project, tmp_path):
    import os

    from site_builder.build.cache import user_cache

    build(project, tmp_path / "public", BuildOptions())
    assert any((user_cache() / "templates").iterdir())
    assert str(user_cache()).startswith(os.environ["XDG_CACHE_HOME"])
    assert all(path.suffix == ".pickle" for path in (project / CACHE_DIR).rglob("*") if path.is_file())


def test_comparison_tables_are_made_again_only_for_events_whose_inputs_changed(project, tmp_path, monkeypatch):
    from site_builder.build import comparisons

    output = tmp_path / "public"
    first = build(project, output, BuildOptions(jobs=1))
    edited = GUILIN_SEED.split("/")[1].removesuffix(".txt")
    assert {edited in event.sources for event in first.site.events} == {True, False}
    compared: list[str] = []
    compare = comparisons.compare_event
    monkeypatch.setattr(comparisons, "compare_event", lambda event, *rest: compared.append(event.id) or compare(event, *rest))
    build(project, output, BuildOptions(jobs=1))
    assert compared == []
    edit_source(project)
    result = build(project, output, BuildOptions(jobs=1))
    assert compared == [event.id for event in result.site.events if edited in event.sources]
    edit_entity(project)
    build(project, output, BuildOptions(jobs=1))
    assert compared[-len(result.site.events):] == [event.id for event in result.site.events]


def add_documents(project: Path) -> None:
    """A web archive and a PDF beside the seeds (the formats read from bytes)."""
    from test_pdf_reader import TWO_COLUMNS, make_pdf
    from test_warc_reader import write_warc

    write_warc(project / "seeds/archive.warc.gz")
    (project / "seeds/harbour.pdf").write_bytes(make_pdf(TWO_COLUMNS, title="Dockers walk out"))


def edit_warc(project: Path) -> None:
    """The archive taken again: one more page, and the first one's text changed."""
    from test_warc_reader import page, response
    from warcio.warcwriter import WARCWriter

    with (project / "seeds/archive.warc.gz").open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        response(writer, "https://example.org/talks", page("Talks in the city", "First, edited."))
        response(writer, "https://example.org/later", page("Talks again", "Second."), date="2026-12-01T08:30:00Z")
        response(writer, "https://example.org/third", page("A third report", "Third."))


def edit_record_sidecar(project: Path) -> None:
    write(project / "content/sources/archive-2.yaml", "label: Example Daily\n")


def edit_pdf(project: Path) -> None:
    from test_pdf_reader import TWO_COLUMNS, make_pdf

    (project / "seeds/harbour.pdf").write_bytes(make_pdf(TWO_COLUMNS[:1], title="Dockers walk out again"))


@pytest.mark.parametrize("edit, hits", [(edit_warc, 6), (edit_record_sidecar, 7), (edit_pdf, 7)])
def test_an_incremental_build_after_editing_a_web_archive_or_a_pdf_equals_a_clean_build(project, tmp_path, edit, hits):
    add_documents(project)
    output, cache_hits = rebuilt_equals_clean_build(project, tmp_path, edit)
    # Only the edited sources are read again (a WARC file written anew gives every record a new id).
    assert cache_hits == hits
