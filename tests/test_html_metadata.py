"""HTML metadata as the page states it: one test per byline, date and title strategy on a small page,
and the figures on real saved news pages (tests/html_pages, scored by bench/html_metadata_bench.py)."""

import importlib.util
import sys
from pathlib import Path

import pytest

from site_builder.sources.readers import html as html_reader
from site_builder.sources.readers.html_metadata import stated

BENCH = Path(__file__).resolve().parent.parent / "bench" / "html_metadata_bench.py"
BODY = ("<p>Russian Foreign Minister Sergei Lavrov and his Chinese counterpart Wang Yi met in the southern "
        "city of Guilin on Monday, their first talks this year, and said sanctions would not be accepted.</p>")


def page(head: str = "", body: str = "", title: str = "Talks in Guilin | Example News") -> str:
    return (f"<html><head><title>{title}</title>{head}</head><body>"
            f"<article><h1>Talks in Guilin</h1>{body}{BODY}</article></body></html>")


def json_ld(data: str, wrap: str = "{}") -> str:
    return f'<script type="application/ld+json">{wrap.format(data)}</script>'


ARTICLE = '{{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Talks in Guilin", {}}}'


def test_json_ld_author_in_cdata():
    head = json_ld(ARTICLE.format('"author": {"@type": "Person", "name": "J. Petrov"}'), "//<![CDATA[\n{}\n//]]>")
    assert stated(page(head))["author"] == "J. Petrov"


def test_json_ld_graph_with_author_by_reference():
    graph = ('{"@graph": [{"@type": "Person", "@id": "#mara", "name": "Mara Osei"}, '
             '{"@type": "BlogPosting", "headline": "Talks in Guilin", "author": {"@id": "#mara"}, '
             '"datePublished": "2024-05-15T09:00:00+02:00"}]}')
    found = stated(page(json_ld(graph)))
    assert (found["author"], found["published"]) == ("Mara Osei", "2024-05-15")


@pytest.mark.parametrize("author, expected", [
    ('"Mara Osei"', "Mara Osei"),
    ('[{"@type": "Person", "name": "Mara Osei"}, {"@type": "Person", "name": "Jon Berg"}]', "Mara Osei, Jon Berg"),
    ('"{ \\"@type\\": \\"Person\\", \\"name\\": \\"Mara Osei\\" }"', "Mara Osei"),
])
def test_json_ld_author_as_string_list_or_encoded_object(author, expected):
    assert stated(page(json_ld(ARTICLE.format(f'"author": {author}'))))["author"] == expected


def test_an_author_that_is_the_outlet_is_no_byline():
    head = json_ld(ARTICLE.format('"author": {"@type": "Organization", "name": "Example News"}, '
                                  '"publisher": {"@type": "Organization", "name": "Example News"}'))
    assert "author" not in stated(page(head))
    assert stated(page(head, '<p class="byline">By Mara Osei</p>'))["author"] == "Mara Osei"


def test_byline_element_keeps_initials_and_co_authors_verbatim():
    body = '<p class="article-byline">By J. Petrov (with Anna S. Berg and Jon Berg)</p>'
    assert stated(page(body=body))["author"] == "J. Petrov (with Anna S. Berg and Jon Berg)"


def test_meta_author_and_its_kin():
    for name in ("author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author"):
        head = f'<meta name="{name}" content="By Mara Osei and Jon Berg">'
        assert stated(page(head))["author"] == "Mara Osei and Jon Berg", name


def test_a_meta_author_that_is_a_link_is_skipped():
    head = '<meta property="article:author" content="https://www.facebook.com/someone">'
    assert "author" not in stated(page(head))


def test_rel_author_links_with_co_authors():
    body = '<p>By <a rel="author" href="/a">Mara Osei</a> and <a rel="author" href="/b">Jon Berg</a></p>'
    assert stated(page(body=body))["author"] == "Mara Osei, Jon Berg"


def test_itemprop_author_reads_its_name():
    body = '<div itemprop="author" itemscope><span itemprop="name">Mara Osei</span>, Staff Reporter</div>'
    assert stated(page(body=body))["author"] == "Mara Osei"


def test_account_widget_placeholder_is_never_an_author():
    header = ('<div class="user-account"><span class="author-name">{{user.fullName}}</span></div>'
              '<nav><span class="byline">Sign in</span></nav>'
              '<div class="header-login"><span class="author">Your name</span></div>')
    html = page().replace("<body>", f"<body>{header}")
    assert "author" not in stated(html)


def test_comment_and_share_widgets_are_never_an_author():
    body = ('<div class="share-tools"><span class="author">Share on X</span></div>'
            '<ol class="comment-list"><li><span class="comment-author">pepedelacalle</span></li></ol>')
    assert "author" not in stated(page(body=body))


def test_the_byline_by_the_headline_wins_over_one_in_the_site_header():
    html = page(body='<p class="byline">Mara Osei</p>').replace(
        "<body>", '<body><div class="dates_auteurs">In shops: January 2020</div>')
    assert stated(html)["author"] == "Mara Osei"


def test_a_labelled_author_and_date():
    body = "<ul><li><strong>Date</strong> 10.06.2013</li><li><strong>Author</strong> Mara Osei</li></ul>"
    found = stated(page(body=body))
    assert (found["author"], found["published"]) == ("Mara Osei", "2013-06-10")


def test_a_by_line_paragraph():
    assert stated(page(body="<p><em>Von Mara Osei</em></p>"))["author"] == "Mara Osei"


def test_published_meta_is_the_day_as_written():
    head = '<meta property="article:published_time" content="2020-01-20T23:30:00-05:00">'
    assert stated(page(head))["published"] == "2020-01-20"


def test_page_title_is_kept_beside_the_headline():
    found = stated(page(title="Talks in Guilin | World | Example News"))
    assert (found["title"], found["page_title"]) == ("Talks in Guilin", "Talks in Guilin | World | Example News")


def test_a_headline_with_the_site_logo_inside_its_h1():
    html = page(title="Talks in Guilin » Example News").replace(
        "<h1>Talks in Guilin</h1>", "<h1><span>Talks in Guilin</span><a href='/'>Example News</a></h1>")
    assert stated(html)["title"] == "Talks in Guilin"


def test_og_site_name_is_the_publisher():
    assert stated(page('<meta property="og:site_name" content="Example News">'))["publisher"] == "Example News"


def test_reader_fields_carry_page_title_and_never_trafilaturas_rewritten_author():
    reading = html_reader.read(page('<meta name="author" content="J. Petrov (and A. Berg)">'), "seeds/a.html")
    assert reading.fields["author"].value == "J. Petrov (and A. Berg)"
    assert reading.fields["page_title"].value == "Talks in Guilin | Example News"
    assert reading.fields["page_title"].detail == "the page's <title>"


def bench():
    spec = importlib.util.spec_from_file_location("html_metadata_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def test_title_byline_and_date_right_on_real_news_pages():
    scoring = bench()
    scores = scoring.score_pages()
    scored = [score for score in scores if not score.skipped]
    assert len(scored) >= 30
    assert all(score.found is None for score in scores if score.skipped)  # each skip's reason still holds
    figures = scoring.shares(scores)
    assert all(figures[name] >= 0.95 for name in scoring.FIELDS), figures
