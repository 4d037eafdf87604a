"""One reader per format, chosen by suffix; each returns lines and the metadata the format carries."""

from pathlib import Path, PurePath

import pytest
from conftest import write

from site_builder.errors import SiteError
from site_builder.sources.load import load_source
from site_builder.sources.readers import READERS, reader_for
from site_builder.sources.readers import html as html_reader
from site_builder.sources.readers import markdown as markdown_reader


@pytest.mark.parametrize("name, reader", [
    ("a.txt", "text"), ("a.md", "markdown"), ("a.markdown", "markdown"), ("a.html", "html"), ("A.HTM", "html"),
])
def test_registry_chooses_by_suffix(name, reader):
    assert reader_for(PurePath(name)).__module__ == f"site_builder.sources.readers.{reader}"


def test_unknown_suffix_has_no_reader():
    assert reader_for(PurePath("a.rtf")) is None
    assert ".rtf" not in READERS


def test_markdown_front_matter_becomes_front_matter_fields():
    reading = markdown_reader.read(
        "---\ntitle: Talks in Guilin\npublished: 2021-03-23\nurl: https://example.org/a\n---\n\n"
        "The **ministers** met in [Guilin](https://example.org).\n\nA second\nparagraph here.\n",
        "seeds/a.md",
    )
    assert reading.fields["title"].value == "Talks in Guilin"
    assert reading.fields["title"].kind == "front-matter"
    assert reading.fields["published"].value == "2021-03-23"
    texts = [(line.number, line.text) for line in reading.lines if line.text]
    assert texts == [(7, "The ministers met in Guilin."), (9, "A second paragraph here.")]


def test_markdown_front_matter_errors_name_the_file_line():
    with pytest.raises(SiteError, match=r"^seeds/a.md:3: unknown key 'auther' \(did you mean 'author'\?\)$"):
        markdown_reader.read("---\ntitle: T\nauther: X\n---\nBody text.\n", "seeds/a.md")


def test_unclosed_front_matter_is_an_error():
    with pytest.raises(SiteError, match=r"^seeds/a.md:1: front matter"):
        markdown_reader.read("---\ntitle: T\nBody text.\n", "seeds/a.md")


ARTICLE = """<!doctype html>
<html lang="en-GB"><head>
<title>Ministers meet in Guilin | Example News</title>
<meta name="author" content="Jane Reporter">
<meta name="description" content="The foreign ministers met in Guilin.">
<meta property="og:title" content="Ministers meet in Guilin">
<meta property="og:site_name" content="Example News">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Ministers meet in Guilin", "datePublished": "2021-03-23T10:00:00Z",
 "author": {"@type": "Person", "name": "Jane Reporter"}}</script>
<script>alert('from the source page')</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Ministers meet in Guilin</h1>
<p>Russian Foreign Minister Sergei Lavrov and his Chinese counterpart Wang Yi met in the southern city of Guilin on Monday, their first talks this year.</p>
<p>Both ministers said that unilateral sanctions imposed by Western governments would not be accepted by the international community.</p>
<p>They also called for a summit of the permanent members of the UN Security Council to discuss common problems.</p>
</article>
<footer>Copyright Example News. Subscribe to our newsletter.</footer>
</body></html>
"""


def test_html_reader_gets_metadata_and_main_text():
    reading = html_reader.read(ARTICLE, "seeds/a.html")
    fields = {name: field.value for name, field in reading.fields.items()}
    assert fields["title"] == "Ministers meet in Guilin"
    assert fields["author"] == "Jane Reporter"
    assert fields["published"] == "2021-03-23"
    assert fields["publisher"] == "Example News"
    assert fields["description"] == "The foreign ministers met in Guilin."
    assert fields["language"] == "en-GB"
    assert all(field.kind == "extracted" for field in reading.fields.values())
    text = "\n".join(line.text for line in reading.lines)
    assert "Sergei Lavrov and his Chinese counterpart Wang Yi" in text
    assert "permanent members of the UN Security Council" in text
    assert "alert(" not in text and "newsletter" not in text


def test_html_without_a_date_never_gets_a_guessed_one():
    page = ARTICLE.replace('"datePublished": "2021-03-23T10:00:00Z",', "")
    reading = html_reader.read(page, "seeds/a.html")
    assert "published" not in reading.fields


@pytest.mark.parametrize("page", [
    "", "  \n ", "<!-- a note -->", "<html><head><title>x</title></head><body></body></html>",
    "<script>alert(1)</script><style>p {color: red}</style>",
    "<html><body><nav><a href='/'>Home</a> <a href='/world'>World news</a></nav><form><button>Subscribe</button></form></body></html>",
])
def test_html_with_no_text_is_an_error_naming_it(page):
    with pytest.raises(SiteError, match=r"^seeds/a.html: no main text"):
        html_reader.read(page, "seeds/a.html")


PARAGRAPHS = ("Russian Foreign Minister Sergei Lavrov and Wang Yi met in Guilin on Monday.", "Both said the talks were useful.")


def main_text(page: str) -> list[str]:
    return [line.text.strip() for line in html_reader.read(page, "seeds/a.html").lines if line.text.strip()]


@pytest.mark.parametrize("markup", [
    "<p>{0}</p>", "<p>{0}</p>\n<p>{1}</p>", "<div><p>{0}</p></div>", "<blockquote>{0}</blockquote>", "<span>{0}</span>",
    "{0}", "<!-- a note --><p>{0}</p>", "<ul><li>{0}</li><li>{1}</li></ul>",
])
@pytest.mark.parametrize("short", [False, True])
def test_a_fragment_reads_as_the_same_page_inside_html_and_body(markup, short):
    fragment = markup.format(*(text.split()[0] if short else text for text in PARAGRAPHS))
    text = main_text(fragment)
    assert text == main_text(f"<!doctype html><html><head><title>A page</title></head><body>{fragment}</body></html>")
    assert "Russian" in text[0]


def test_an_html_fragment_file_is_a_source(tmp_path: Path):
    source = load_source(write(tmp_path / "seeds" / "fragment.html", f"<p>{PARAGRAPHS[0]}</p>"))
    assert [line.text for line in source.lines] == [PARAGRAPHS[0]]


def test_html_source_raw_copy_is_named_so_it_cannot_render(tmp_path: Path):
    source = load_source(write(tmp_path / "seeds" / "page.html", ARTICLE))
    assert source.raw_name == "page.html.txt"
    assert source.format == "html"


def test_unsafe_file_name_is_an_error(tmp_path: Path):
    with pytest.raises(SiteError, match=r"^seeds/-rf.txt: file name must"):
        load_source(write(tmp_path / "seeds" / "-rf.txt", "text"))


def test_a_page_url_that_is_not_http_is_dropped():
    page = ARTICLE.replace("<head>", '<head><meta property="og:url" content="javascript:alert(1)">')
    reading = html_reader.read(page, "seeds/a.html")
    assert "url" not in reading.fields
