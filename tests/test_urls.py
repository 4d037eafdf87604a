from site_builder.urls import absolute_url, relative_url


def test_relative_urls_between_pages():
    assert relative_url("sources/a/index.html", "static/style.css") == "../../static/style.css"
    assert relative_url("index.html", "sources/index.html") == "sources/index.html"
    assert relative_url("sources/a/index.html", "sources/b/index.html#p3") == "../b/index.html#p3"
    assert relative_url("sources/a/index.html", "sources/a/index.html#p3") == "#p3"
    assert relative_url("search/index.html", "pagefind/") == "../pagefind/"


def test_absolute_urls_need_a_base():
    assert absolute_url(None, "sources/a/index.html") is None
    assert absolute_url("https://example.org/r/", "sources/a/index.html") == "https://example.org/r/sources/a/"
