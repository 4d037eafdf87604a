"""What readers and machines use to find, cite and verify the site: JSON-LD, feeds, sitemap, data, manifest."""

import hashlib
import json
import re
import xml.etree.ElementTree as ElementTree

import pytest
from conftest import run_cli, write

from site_builder.build.pipeline import BuildOptions, build
from site_builder.site.generators.discovery import timestamp

REQUIRED = {
    "NewsArticle": ("headline", "url", "archivedAt", "identifier"),
    "Event": ("name", "startDate", "location", "url"),
    "Person": ("name", "url"), "Place": ("name", "url"), "Organization": ("name", "url"), "Thing": ("name", "url"),
    "Dataset": ("name", "description", "distribution", "url"),
    "WebSite": ("name", "url"),
}


def json_ld(page: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]


def test_every_page_with_structured_data_has_the_required_fields(built):
    seen = set()
    for path in built.rglob("*.html"):
        for record in json_ld(path.read_text(encoding="utf-8")):
            assert record["@context"] == "https://schema.org"
            kind = record["@type"]
            seen.add(kind)
            assert all(record.get(key) for key in REQUIRED[kind]), (path, kind)
    assert seen >= {"NewsArticle", "Event", "Person", "Place", "Organization", "Dataset", "WebSite"}


def test_news_article_states_only_what_is_known(built):
    (article,) = json_ld((built / "sources/004_7807f473fc62edd1/index.html").read_text(encoding="utf-8"))
    assert (article["datePublished"], article["archivedAt"]) == ("2022-03-31", "../../raw/004_7807f473fc62edd1.txt")
    (unknown,) = json_ld((built / "sources/000_9f45db1a97bdd9a5/index.html").read_text(encoding="utf-8"))
    assert "datePublished" not in unknown and "publisher" not in unknown and "isBasedOn" not in unknown


def test_dataset_downloads_carry_the_files_sha256(built):
    (dataset,) = json_ld((built / "data/index.html").read_text(encoding="utf-8"))
    assert len(dataset["distribution"]) >= 13
    for download in dataset["distribution"]:
        data = (built / "data" / download["contentUrl"]).read_bytes()
        assert download["sha256"] == hashlib.sha256(data).hexdigest()


def test_a_value_cannot_close_the_json_ld_block(project, tmp_path):
    write(project / "seeds/zz.txt", "Title </script><script>alert(1)</script> & more\n\nBody text of the report here.\n")
    build(project, tmp_path / "out", BuildOptions())
    page = (tmp_path / "out/sources/zz/index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block and json.loads(block)["headline"] == "Title </script><script>alert(1)</script> & more"


def test_with_base_url_sitemap_feed_and_canonical_links_are_absolute(project, tmp_path):
    output = tmp_path / "out"
    result = build(project, output, BuildOptions(base_url="https://example.org/repo-name/"))
    assert not result.warnings
    locations = [loc.text for loc in ElementTree.parse(output / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/repo-name/sources/002_83436da1cc890094/" in locations
    assert all(loc.startswith("https://example.org/repo-name/") for loc in locations)
    assert "Sitemap: https://example.org/repo-name/sitemap.xml" in (output / "robots.txt").read_text()
    feed = ElementTree.parse(output / "feed.xml").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 7  # five sources, two events
    assert entries[0].find("{http://www.w3.org/2005/Atom}id").text.startswith("https://example.org/repo-name/")
    page = (output / "events/guilin-2021/index.html").read_text(encoding="utf-8")
    assert '<meta property="og:url" content="https://example.org/repo-name/events/guilin-2021/">' in page


def test_without_base_url_there_is_a_warning_and_no_sitemap(project, tmp_path):
    result = build(project, tmp_path / "out", BuildOptions())
    assert [w.message for w in result.warnings] == ["base_url is not set: no sitemap.xml, and citations and the feed use paths within the site"]
    assert not (tmp_path / "out/sitemap.xml").exists()
    ElementTree.parse(tmp_path / "out/feed.xml")  # the feed is still well formed


@pytest.mark.parametrize(("date", "stamp"), [
    ("2022-03-31", "2022-03-31T00:00:00Z"), ("2022-03-31T23:30:00-05:00", "2022-03-31T00:00:00Z"),
    ("2022-03", None), ("2022", None), ("2022-02-30", None), (None, None),
])
def test_a_feed_entry_is_timed_by_the_start_of_its_day_and_a_month_or_a_year_is_undated(date, stamp):
    assert timestamp(date) == stamp


def test_feed_dates_are_stable_unless_source_date_epoch_says(project, tmp_path, monkeypatch):
    build(project, tmp_path / "a", BuildOptions())
    assert "<updated>2022-03-31T00:00:00Z</updated>" in (tmp_path / "a/feed.xml").read_text()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(project, tmp_path / "b", BuildOptions())
    assert "<updated>2023-11-14T22:13:20Z</updated>" in (tmp_path / "b/feed.xml").read_text()


def test_cite_blocks_in_text_and_bibtex(built):
    page = (built / "sources/001_31d0fa55b8edf2a7/index.html").read_text(encoding="utf-8")
    assert "<pre class=\"citation\">Shine. “China, Russia hit out at US interference”. n.d. In “Lavrov and Wang Yi: five reports compared”, /sources/001_31d0fa55b8edf2a7/." in page
    assert "@misc{001_31d0fa55b8edf2a7,\n  title = {China, Russia hit out at US interference},\n  author = {Shine}," in page
    assert "Cite this page" in (built / "events/guilin-2021/index.html").read_text(encoding="utf-8")


def test_bibtex_values_are_escaped():
    from markupsafe import Markup

    from site_builder.site.cite import bibtex_value, cite

    assert cite("a b", "T", None, None, None, "S", "/x/").key == "a_b"
    assert bibtex_value("Braces } and {") == "Braces \\} and \\{"
    assert bibtex_value(Markup("Rock &amp; Roll&#39;s #1")) == "Rock \\& Roll's \\#1"  # a macro's words, as shown


def test_data_page_lists_every_export_with_its_hash(built):
    page = (built / "data/index.html").read_text(encoding="utf-8")
    for name in ("sources", "mentions", "quotes", "passages", "similarity"):
        for kind in ("json", "csv"):
            data = (built / f"data/{name}.{kind}").read_bytes()
            assert f'<a href="{name}.{kind}">{name}.{kind}</a>' in page
            assert hashlib.sha256(data).hexdigest() in page
    assert "comparisons/guilin-2021.csv" in page and "events.json" in page
    assert len(json.loads((built / "data/mentions.json").read_text())) == sum(1 for _ in open(built / "data/mentions.csv")) - 1


def test_manifest_verifies_and_reports_a_tampered_file(project):
    assert run_cli("build", "-q", cwd=project).returncode == 0
    manifest = json.loads((project / "public/manifest.json").read_text())
    assert manifest["inputs"]["seeds/002_83436da1cc890094.txt"] == "3de162bd8e7e6e466fb568d967ac90595da7a025ecd1fafe12c60b35a0986172"
    assert "sources/002_83436da1cc890094/index.html" in manifest["outputs"] and "pagefind/pagefind.js" in manifest["outputs"]
    ok = run_cli("verify", "--inputs", cwd=project)
    assert ok.returncode == 0 and "every file matches" in ok.stdout
    (project / "public/data/quotes.csv").write_text("tampered\n")
    (project / "seeds/004_7807f473fc62edd1.txt").write_text("changed\n")
    bad = run_cli("verify", "--inputs", cwd=project)
    assert bad.returncode == 1
    assert "mismatch: data/quotes.csv: SHA-256 differs from the manifest" in bad.stderr
    assert "mismatch: seeds/004_7807f473fc62edd1.txt: input differs from the one the site was built from" in bad.stderr


@pytest.mark.parametrize("path", ["index.html", "sources/index.html", "events/guilin-2021/index.html"])
def test_open_graph_and_feed_link_on_pages(built, path):
    page = (built / path).read_text(encoding="utf-8")
    assert '<meta property="og:title" content="' in page and '<meta name="twitter:card" content="summary">' in page
    assert 'rel="alternate" type="application/atom+xml"' in page


def test_every_searchable_page_is_in_a_folder_the_indexer_reads(built):
    from site_builder.site.routes import SEARCHED_FOLDERS

    searchable = [p.relative_to(built).as_posix() for p in built.rglob("*.html")
                  if "data-pagefind-body" in p.read_text(encoding="utf-8") and "pagefind/" not in p.as_posix()]
    assert searchable and all(path.split("/")[0] in SEARCHED_FOLDERS for path in searchable)
    indexed = len(list((built / "pagefind/fragment").iterdir()))
    assert indexed == len(searchable)  # one fragment per searchable page: none missed by the glob


def test_data_page_groups_the_comparison_files_past_an_index_page(project, tmp_path, monkeypatch):
    from site_builder.site.generators import data

    monkeypatch.setattr(data, "PER_INDEX_PAGE", 1)  # the seeds have two events
    build(project, tmp_path / "public", BuildOptions(cache=False))
    page = (tmp_path / "public/data/index.html").read_text(encoding="utf-8")
    assert "comparisons/guilin-2021.csv" not in page and "One file per event (2 files," in page
    assert '<a href="sources.csv">sources.csv</a>' in page
    event = (tmp_path / "public/events/guilin-2021/index.html").read_text(encoding="utf-8")
    assert '<a href="../../data/comparisons/guilin-2021.csv">guilin-2021.csv</a>' in event


def test_a_citation_ends_the_title_with_one_full_stop():
    from conftest import sentence

    from site_builder.site.cite import cite

    for title, written in (("Talks end.", "“Talks end.” n.d."), ("Talks end", "“Talks end”. n.d."), ("Why?", "“Why?” n.d.")):
        citation = cite("k", title, "AP", None, None, "Site", "/x/")
        assert written in sentence("citation", citation, "")
