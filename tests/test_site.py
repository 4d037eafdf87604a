"""The built site: every page, every link, under a sub-path, with provenance visible."""

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
from conftest import REPO, write

from site_builder.build.pipeline import BuildOptions, build, load_site
from site_builder.errors import Diagnostics


class Links(HTMLParser):
    """Every href/src and every id of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def html_pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html") if p.name != "404.html")


def resolve_served(root: Path, page: Path, link: str, prefix: str = "/repo-name/") -> tuple[Path | None, str]:
    """Resolve `link` as a browser would on a page served at `prefix` + its path; map back to a file."""
    page_url = PurePosixPath(prefix) / page.relative_to(root).as_posix()
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None, parts.fragment
    if not parts.path:
        return page, parts.fragment
    assert not parts.path.startswith("/"), f"root-relative link breaks under a sub-path: {link}"
    target = PurePosixPath(page_url.parent, parts.path)
    resolved: list[str] = []
    for part in target.parts[1:]:
        if part == "..":
            assert resolved, f"{link} on {page} climbs above the site root"
            resolved.pop()
        elif part != ".":
            resolved.append(part)
    depth = len(PurePosixPath(prefix).parts) - 1
    assert resolved[:depth] == list(PurePosixPath(prefix).parts[1:]), f"{link} leaves {prefix}"
    file = root.joinpath(*resolved[depth:])
    return (file / "index.html" if file.is_dir() else file), parts.fragment


@pytest.mark.parametrize("prefix", ["/", "/repo-name/"])
def test_every_internal_link_and_anchor_resolves_at_the_root_and_under_a_sub_path(built, prefix):
    checked = 0
    for page in html_pages(built):
        for link in parse(page).links:
            target, fragment = resolve_served(built, page, link, prefix)
            if target is None:
                continue
            assert target.is_file(), f"{page.relative_to(built)}: broken link {link}"
            if fragment and target.suffix == ".html":
                assert fragment in parse(target).ids, f"{page.relative_to(built)}: {link} has no #{fragment}"
            checked += 1
    assert checked > 100


def test_no_page_loads_anything_from_another_host(built):
    for page in html_pages(built):
        html = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<(?:link|script|img|iframe)[^>]*(?:href|src)="([^"]+)"', html):
            assert not urlsplit(match.group(1)).netloc, f"{page}: {match.group(0)}"


def test_expected_pages_and_github_pages_files_exist(built):
    for path in ["index.html", "404.html", ".nojekyll", "sources/index.html", "static/style.css"]:
        assert (built / path).is_file(), path
    for seed in (REPO / "seeds").iterdir():
        assert (built / "sources" / seed.stem / "index.html").is_file()


@pytest.mark.parametrize("seed", sorted(p.name for p in (REPO / "seeds").iterdir()))
def test_raw_copies_are_byte_identical_and_their_hash_is_shown(built, seed):
    data = (REPO / "seeds" / seed).read_bytes()
    assert (built / "raw" / seed).read_bytes() == data
    page = (built / "sources" / Path(seed).stem / "index.html").read_text(encoding="utf-8")
    assert hashlib.sha256(data).hexdigest() in page
    assert f'href="../../raw/{seed}"' in page


def test_source_page_has_anchored_paragraphs_and_origin_badges(built):
    page = (built / "sources/004_7807f473fc62edd1/index.html").read_text(encoding="utf-8")
    assert '<p id="p1"><a class="anchor" href="#p1"' in page
    assert 'id="p13"' in page and 'id="p14"' not in page
    assert re.search(r"<th scope=\"row\">published</th>\s*<td>2022-03-31</td>\s*<td><span class=\"origin origin-extracted\"", page)
    assert "extracted from line 29" in page
    assert re.search(r"<th scope=\"row\">language</th>\s*<td>en</td>\s*<td><span class=\"origin origin-declared\"", page)
    assert re.search(r"<th scope=\"row\">url</th>\s*<td>\s*<span class=\"unknown\">unknown</span>", page)


def test_source_page_lists_removed_lines_with_rule_and_number(built):
    page = (built / "sources/001_31d0fa55b8edf2a7/index.html").read_text(encoding="utf-8")
    assert "<summary>Removed from the raw text (6 lines)</summary>" in page
    assert '<tr><td class="num">4</td><td>The foreign ministers of China and Russia affirmed their countries&#39; close ties' in page
    assert "<code>repeated-lede</code>" in page


def test_derived_title_is_marked_on_the_page(built):
    page = (built / "sources/003_28d1eb4e5542eb3f/index.html").read_text(encoding="utf-8")
    assert "title derived" in page
    assert "derived: the text has no headline" in page


def test_source_page_has_citation_and_neighbours(built):
    page = (built / "sources/002_83436da1cc890094/index.html").read_text(encoding="utf-8")
    assert 'class="citation">Unknown publisher. “Chinese and Russian diplomatic leaders' in page
    assert 'rel="prev" href="../001_31d0fa55b8edf2a7/index.html"' in page
    assert 'rel="next" href="../003_28d1eb4e5542eb3f/index.html"' in page


def test_sources_index_lists_every_source_with_date_origin(built):
    page = (built / "sources/index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>\s*<td><a href=\"(\.\./)?([^\"]+)\"", page)
    assert [href for _, href in rows] == [f"{p.stem}/index.html" for p in sorted((REPO / "seeds").iterdir())]
    assert page.count("origin origin-unknown") == 4 and page.count("origin origin-extracted") == 1


def test_home_page_introduces_the_collection(built):
    page = (built / "index.html").read_text(encoding="utf-8")
    assert "<h1>Lavrov and Wang Yi: five reports compared</h1>" in page
    assert "Four reports of the March 2021 talks" in page
    assert page.count('href="sources/') >= 6


def test_user_template_overrides_a_built_in_one_file_by_file(project, tmp_path):
    write(project / "templates/home.html", '{% extends "base.html" %}{% block content %}<p>My own home</p>{% endblock %}')
    output = tmp_path / "out"
    build(project, output, BuildOptions())
    assert "<p>My own home</p>" in (output / "index.html").read_text(encoding="utf-8")
    assert "Provenance" in (output / "sources/000_9f45db1a97bdd9a5/index.html").read_text(encoding="utf-8")


def test_a_broken_user_template_is_an_error_naming_it(project, tmp_path):
    write(project / "templates/home.html", "{% extends 'base.html' %}\n{% block content %}\n{% if %}\n{% endblock %}")
    from site_builder.errors import SiteError

    with pytest.raises(SiteError, match=r"^templates/home.html:3: "):
        build(project, tmp_path / "out", BuildOptions())


def test_free_pages_are_rendered_and_sanitised(project, tmp_path):
    write(project / "content/pages/about.md", "# About\n\nWe compare reports.<script>alert(1)</script>\n\n"
          '<a href="javascript:alert(2)" onclick="x()">bad link</a>\n')
    output = tmp_path / "out"
    build(project, output, BuildOptions())
    page = (output / "about/index.html").read_text(encoding="utf-8")
    assert "<h1>About</h1>" in page and "We compare reports." in page
    assert "<script>alert" not in page and "javascript:" not in page and "onclick" not in page
    assert 'href="about/index.html"' in (output / "index.html").read_text(encoding="utf-8")


def test_base_url_gives_canonical_links_and_an_absolute_404(project, tmp_path):
    output = tmp_path / "out"
    build(project, output, BuildOptions(base_url="https://example.org/repo-name/"))
    source = (output / "sources/000_9f45db1a97bdd9a5/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/repo-name/sources/000_9f45db1a97bdd9a5/">' in source
    not_found = (output / "404.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/repo-name/static/style.css"' in not_found


def test_source_text_is_escaped(project, tmp_path):
    write(project / "seeds/zz_hostile.txt", "Headline <b>bold</b>\n\nHe said <script>alert(1)</script> & left.\n")
    output = tmp_path / "out"
    build(project, output, BuildOptions())
    page = (output / "sources/zz_hostile/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; left." in page


def test_project_static_files_add_to_and_replace_the_built_in_ones(project, tmp_path):
    write(project / "static/style.css", "body { color: teal; }")
    write(project / "static/img/logo.svg", "<svg/>")
    output = tmp_path / "out"
    build(project, output, BuildOptions())
    assert (output / "static/style.css").read_text() == "body { color: teal; }"
    assert (output / "static/img/logo.svg").read_text() == "<svg/>"


def test_entity_pages_show_spellings_contexts_and_quotes(built):
    page = (built / "entities/sergei-lavrov/index.html").read_text(encoding="utf-8")
    assert "<h1>Sergei Lavrov</h1>" in page
    assert re.search(r"<tr class=\"variant\">\s*<td>“Sergey Lavrov” <span class=\"variant-note\">variant", page)
    assert 'href="../../sources/004_7807f473fc62edd1/index.html#p4">via Rossiyskaya Gazeta p4</a>' in page  # by its label
    assert "We are going through a serious stage" in page
    assert 'class="kwic"' in page


def test_entities_index_groups_by_type_with_counts_per_source(built):
    page = (built / "entities/index.html").read_text(encoding="utf-8")
    for heading in ('<h2 id="person">Persons</h2>', '<h2 id="place">Places</h2>', '<h2 id="organisation">Organisations</h2>', '<h2 id="other">Other</h2>'):
        assert heading in page
    assert page.index("Persons") < page.index("Places") < page.index("Organisations")
    row = re.search(r'<a href="tunxi/index.html">Tunxi</a></td>\s*<td class="num">1</td>\s*<td class="num">1</td>((?:\s*<td class="num">\d*</td>){5})', page)
    assert row and re.findall(r'<td class="num">(\d*)</td>', row.group(1)) == ["", "", "", "", "1"]


def test_source_pages_link_mentions_inline_and_list_findings_in_a_panel(built):
    page = (built / "sources/002_83436da1cc890094/index.html").read_text(encoding="utf-8")
    assert '<a class="mention variant" href="../../entities/xi-jinping/index.html" title="Xi Jinping (spelled “Xi Jingping” here: a variant)">Xi Jingping</a>' in page
    assert '<a class="mention" href="../../entities/wang-yi/index.html" title="Wang Yi">Wang Yi</a>' in page
    assert '<aside class="panel"' in page and "spelled “Uighurs”" in page
    assert re.search(r'<a href="../../entities/wang-yi/index.html">Wang Yi</a>:\s*“The parties must unanimously', page)


def test_quotes_page_groups_by_speaker(built):
    page = (built / "quotes/index.html").read_text(encoding="utf-8")
    assert "<h2>Wang Yi</h2>" in page and "<h2>Sergei Lavrov</h2>" in page and "<h2>Unattributed</h2>" in page
    assert "<h2>Quoted terms</h2>" in page and "“illegitimate”" in page
    assert page.index("<h2>Wang Yi</h2>") < page.index("<h2>Unattributed</h2>")


def test_quotes_are_paged_past_the_rows_of_an_index_page(project, tmp_path, monkeypatch):
    from site_builder.site import generators

    monkeypatch.setattr(generators, "PER_INDEX_PAGE", 5)
    build(project, tmp_path / "public", BuildOptions(cache=False))
    pages = [tmp_path / "public/quotes/index.html", *sorted((tmp_path / "public/quotes/page").glob("*/index.html"),
                                                            key=lambda path: int(path.parent.name))]
    texts = [path.read_text(encoding="utf-8") for path in pages]
    assert len(pages) > 2 and all(len(re.findall("<li>“", text)) == 5 for text in texts[:-1])
    assert all(text.count("<ul") == text.count("</ul>") for text in texts)  # each heading's list closed on its page
    assert "<h2>Wang Yi</h2>" in texts[0] and "<h2>Quoted terms</h2>" in texts[-1]
    assert 'href="page/2/index.html"' in texts[0]


def test_names_to_review_page(built):
    page = (built / "names/index.html").read_text(encoding="utf-8")
    assert "Naning <span class=\"meta\">(likely a place)</span>" in page
    assert "<mark>Naning</mark>" in page


def test_names_to_review_are_paged_past_the_rows_of_an_index_page(project, tmp_path, monkeypatch):
    from site_builder.site import generators

    monkeypatch.setattr(generators, "PER_INDEX_PAGE", 5)
    result = build(project, tmp_path / "public", BuildOptions(cache=False))
    names = result.site.names_to_review
    count = -(-len(names) // 5)
    assert count > 1 and (tmp_path / f"public/names/page/{count}/index.html").is_file()
    assert not (tmp_path / f"public/names/page/{count + 1}").exists()
    first = (tmp_path / "public/names/index.html").read_text(encoding="utf-8")
    assert first.count('<th scope="row">') == 5 and f"<th scope=\"row\">{names[0].surface}" in first
    last = (tmp_path / f"public/names/page/{count}/index.html").read_text(encoding="utf-8")
    assert f"<th scope=\"row\">{names[-1].surface}" in last and 'href="../../index.html"' in last


def test_markup_in_sources_stays_text_around_mentions(project, tmp_path):
    write(project / "seeds/zz_hostile.txt",
          "A headline\n\n<img src=x onerror=alert(1)> Lavrov said “<script>alert(2)</script>” and \" Wang <b>Yi</b>\n")
    output = tmp_path / "out"
    build(project, output, BuildOptions())
    page = (output / "sources/zz_hostile/index.html").read_text(encoding="utf-8")
    assert "<img" not in page and "<script>alert" not in page and "<b>Yi" not in page
    assert '&lt;img src=x onerror=alert(1)&gt; <a class="mention" href="../../entities/sergei-lavrov/index.html"' in page


def test_reuse_page_matrix_links_every_cell_to_its_pair(built):
    page = (built / "reuse/index.html").read_text(encoding="utf-8")
    cells = re.findall(r'<td class="shade-(\d)"><a href="([^"]+)" title="([^"]+)">(\d+)%</a></td>', page)
    assert len(cells) == 10  # 5 pairs, both directions
    assert ("5", "001_31d0fa55b8edf2a7--003_28d1eb4e5542eb3f/index.html", "Shine shares 73 words with via DM Monitoring", "20") in cells
    assert "004" not in re.search(r'<table class="matrix">.*?</table>', page, re.S).group(0)


def test_a_pair_sharing_a_substantial_passage_has_a_page_showing_both_ends(built):
    page = (built / "reuse/001_31d0fa55b8edf2a7--003_28d1eb4e5542eb3f/index.html").read_text(encoding="utf-8")
    assert "<title>Shine and via DM Monitoring · " in page
    assert '<a href="../../sources/001_31d0fa55b8edf2a7/index.html#p5">Shine p5</a>' in page
    assert '<a href="../../sources/003_28d1eb4e5542eb3f/index.html#p10">via DM Monitoring p10</a>' in page
    assert "Countries should stand together to oppose all forms of unilateral sanctions" in page
    # the seeds' other pairs share 7-15 words: no page of their own
    assert sorted(path.name for path in (built / "reuse").iterdir() if "--" in path.name) == ["001_31d0fa55b8edf2a7--003_28d1eb4e5542eb3f"]


def test_source_page_highlights_shared_passages_with_links_to_the_other_copy(built):
    page = (built / "sources/002_83436da1cc890094/index.html").read_text(encoding="utf-8")
    assert re.search(r'<mark class="shared narrative" title="shared with via DM Monitoring \(narrative, 8 words\)"><a class="mention" [^>]*>Russia</a> and', page)
    # the link to the other copy sits after the paragraph holding the passage, not inside its sentence
    assert re.search(r'Tehran</a></mark>.</p>\s*<p class="copies" data-pagefind-ignore>Shared with 1 report:\s*'
                     r'<a href="../003_28d1eb4e5542eb3f/index.html#p11">via DM Monitoring</a></p>', page)
    assert re.search(r"<a href=\"../003_28d1eb4e5542eb3f/index.html\">via DM Monitoring</a>:\s*<a href=\"../003_28d1eb4e5542eb3f/index.html#p11\">shares 2 passages, 15 words</a>", page)


def test_passage_data_downloads(built):
    import csv
    import json

    rows = list(csv.DictReader((built / "data/passages.csv").open(encoding="utf-8")))
    assert len(rows) == 11 == len(json.loads((built / "data/passages.json").read_text(encoding="utf-8")))
    tehran = next(r for r in rows if r["text_a"] == "Russia and China have close ties with Tehran")
    assert (tehran["source_a"], tehran["start_a"], tehran["source_b"], tehran["words"], tehran["kind"]) == (
        "002_83436da1cc890094", "p2:342", "003_28d1eb4e5542eb3f", "8", "narrative")
    similarity = list(csv.DictReader((built / "data/similarity.csv").open(encoding="utf-8")))
    assert {(r["source_a"][:3], r["source_b"][:3], r["shared_words"]) for r in similarity} >= {("001", "003", "73")}


def test_event_page_table_summary_variants_and_commentary(built):
    page = (built / "events/guilin-2021/index.html").read_text(encoding="utf-8")
    assert "<h1>Lavrov and Wang Yi meet in Guilin</h1>" in page
    assert '<a href="#facet-place">Place of the Monday meeting: other spellings, or names no entity matches: “Naning” (1 report: via BNS).</a>' in page
    cell = re.search(r'<td class="cell status-differ difference-unresolved-name" data-source="via BNS">(.*?)</td>', page, re.S).group(1)
    assert "≠ differ" in cell and "unresolved name" in cell and '<a href="../../sources/002_83436da1cc890094/index.html#p2">via BNS p2</a>' in cell
    assert '<th scope="col"><a href="../../sources/003_28d1eb4e5542eb3f/index.html"' in page
    assert '<h2 id="quote-variants">Quote variants</h2>' in page and '<mark class="diff">parties</mark>' in page
    assert '<h2 id="shared">Shared passages among these reports</h2>' in page and '<h2 id="commentary-heading">Commentary</h2>' in page
    assert page.index('id="commentary-heading"') < page.index('id="differences"') < page.index('class="citation"')


def test_single_source_event_says_there_is_nothing_to_compare(built):
    page = (built / "events/tunxi-2022/index.html").read_text(encoding="utf-8")
    assert "One source only: nothing to compare yet." in page


def test_events_index_timeline_and_links_from_sources_and_entities(built):
    index = (built / "events/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="guilin-2021/index.html">Lavrov and Wang Yi meet in Guilin</a></td>\s*<td>2021-03-22 – 2021-03-23</td>', index)
    assert re.search(r'<td class="num">4</td>\s*<td class="num">4</td>\s*<td>curated</td>', index)  # reports, questions in dispute
    timeline = (built / "timeline/index.html").read_text(encoding="utf-8")
    assert timeline.index("2021-03-22") < timeline.index("2022-03-29")
    assert '“Monday” <span class="meta">weekday resolved against the event &#39;guilin-2021&#39; (2021-03-23)</span>' in timeline
    source = (built / "sources/002_83436da1cc890094/index.html").read_text(encoding="utf-8")
    assert '<a href="../../events/guilin-2021/index.html">Lavrov and Wang Yi meet in Guilin</a>' in source
    entity = (built / "entities/tunxi/index.html").read_text(encoding="utf-8")
    assert '<a href="../../events/tunxi-2022/index.html">Lavrov and Wang Yi meet in Tunxi</a>' in entity


def test_event_data_downloads(built):
    import csv
    import json

    events = json.loads((built / "data/events.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in events] == ["guilin-2021", "tunxi-2022"]
    rows = list(csv.DictReader((built / "data/comparisons/guilin-2021.csv").open(encoding="utf-8")))
    naning = next(r for r in rows if r["facet"] == "place" and r["source"].startswith("002"))
    assert (naning["wording"], naning["evidence"], naning["status"], naning["difference"]) == (
        "Naning", "sources/002_83436da1cc890094/#p2", "differ", "unresolved name")
    assert len(rows) == 8 * 4


def test_method_page_states_this_builds_rules_and_settings(project, tmp_path):
    write(project / "content/site.yaml", "title: T\nreuse:\n  min_words: 9\n  common_share: 0.1\n")
    result = build(project, tmp_path / "out", BuildOptions())
    page = (tmp_path / "out/method/index.html").read_text(encoding="utf-8")
    removed = sum(1 for s in result.site.sources for r in s.removed if r.rule == "site-furniture")
    assert f'<tr><td><code>site-furniture</code></td><td>Comment forms and site navigation: &#39;Related Posts&#39;, &#39;Leave a Reply&#39;, &#39;Top&#39;…</td><td class="num">{removed}</td></tr>' in page
    assert "passages shorter than 9 words are not reported" in page
    assert "found in more than 10% of the sources" in page
    assert "This build has 2 curated events" in page
    assert 'href="method/index.html">how this site was made</a>' in (tmp_path / "out/index.html").read_text(encoding="utf-8")


def test_entity_pages_list_a_bounded_number_of_sources_quotes_and_mentions(project, tmp_path, monkeypatch):
    """Past the limits (made small here) a page says how many more there are and where all of them are."""
    from site_builder.site.generators import entities

    monkeypatch.setattr(entities, "FORM_SOURCES", 2)
    monkeypatch.setattr(entities, "MAX_CONTEXT_LINES", 1)
    build(project, tmp_path / "public", BuildOptions(cache=False))
    page = (tmp_path / "public/entities/wang-yi/index.html").read_text(encoding="utf-8")
    spelling = re.search(r"<td>“Wang Yi”</td>\s*<td class=\"num\">\d+</td>\s*<td>(.*?)</td>", page, re.S).group(1)
    assert len(re.findall("<a ", spelling)) == 3  # two of its five sources, and mentions.csv
    assert 'and 3 more (all in <a href="../../data/mentions.csv">' in spelling
    quotes = sum(q.speaker == "wang-yi" for s in load_site(project, BuildOptions(), Diagnostics()).sources for q in s.quotes)
    assert quotes > 1
    assert f'The first 1 of {quotes} quotes (all in <a href="../../data/quotes.csv">quotes.csv</a>)' in page
    assert len(re.findall("<li>“", page)) == 1
    assert re.search(r"The first 1 of \d+ mentions", page)
