"""Previews under `serve`: an edited source's page from the last build's model, before the rebuild."""

from conftest import write

from site_builder.build.pipeline import BuildOptions, build
from site_builder.build.preview import edited_sources, write_previews
from site_builder.site import routes

SOLO = "Harbour Fire Contained\n\nFirefighters contained a blaze at the harbour warehouses of Port Valen after six hours.\n"


def test_only_edits_of_sources_and_their_sidecars_are_previewed(project):
    site = build(project, project / "public", BuildOptions()).site
    first, second = site.sources[0], site.sources[1]
    assert edited_sources(site, [f"seeds/{first.filename}"]) == [first.id]
    assert edited_sources(site, [f"content/sources/{second.id}.yaml", f"seeds/{first.filename}"]) == sorted([first.id, second.id])
    assert edited_sources(site, [f"seeds/{first.filename}", "content/entities.yaml"]) is None
    assert edited_sources(site, ["seeds/new-report.txt"]) is None
    assert edited_sources(site, ["templates/source.html"]) is None


def test_the_preview_of_a_source_sharing_no_passage_is_the_page_the_rebuild_writes(project):
    write(project / "seeds/solo.txt", SOLO)
    site = build(project, project / "public", BuildOptions()).site
    assert not [pair for pair in site.reuse if "solo" in (pair.a, pair.b)]
    write(project / "seeds/solo.txt", SOLO + "\nThe cause of the fire is not yet known, a spokeswoman said.\n")
    write(project / "content/sources/solo.yaml", "publisher: Harbour Gazette\n")
    (written,) = write_previews(site, project, project / "public", ["solo"])
    previewed = (project / "public" / written).read_bytes()
    assert b"a spokeswoman said" in previewed and b"Harbour Gazette" in previewed
    build(project, project / "public", BuildOptions())
    assert (project / "public" / written).read_bytes() == previewed


def test_a_preview_leaves_out_the_shared_passages_its_edit_may_have_moved(project):
    site = build(project, project / "public", BuildOptions()).site
    pair = next(pair for pair in site.reuse if routes.has_pair_page(pair))
    source = site.by_id[pair.a]
    pair_page = f"{min(pair.a, pair.b)}--{max(pair.a, pair.b)}"  # in the link to the pair's page
    built = (project / "public/sources" / source.id / "index.html").read_text(encoding="utf-8")
    assert pair_page in built
    (written,) = write_previews(site, project, project / "public", [source.id])
    page = (project / "public" / written).read_text(encoding="utf-8")
    assert source.title.split()[0] in page
    assert pair_page not in page


def test_a_source_read_from_a_web_archive_gets_no_preview(project):
    """Its file holds other sources too: the rebuild alone shows an edit of it or of its sidecar."""
    from test_warc_reader import write_warc

    write_warc(project / "seeds/archive.warc.gz")
    site = build(project, project / "public", BuildOptions()).site
    assert site.by_id["archive-1"].record == 1
    assert edited_sources(site, ["content/sources/archive-1.yaml"]) is None
    assert edited_sources(site, ["seeds/archive.warc.gz"]) is None
    assert edited_sources(site, ["seeds/archive-1.html"]) is None
