from site_builder.site.urls import absolute_url, citation_url, relative_url


def test_relative_urls_between_pages():
    assert relative_url("sources/a/index.html", "static/style.css") == "../../static/style.css"
    assert relative_url("index.html", "sources/index.html") == "sources/index.html"
    assert relative_url("sources/a/index.html", "sources/b/index.html#p3") == "../b/index.html#p3"
    assert relative_url("sources/a/index.html", "sources/a/index.html#p3") == "#p3"
    assert relative_url("search/index.html", "pagefind/") == "../pagefind/"


def test_absolute_urls_need_a_base():
    assert absolute_url(None, "sources/a/index.html") is None
    assert absolute_url("https://example.org/r/", "sources/a/index.html") == "https://example.org/r/sources/a/"
    assert absolute_url("https://example.org/r/", "sources/a/index.html#p3") == "https://example.org/r/sources/a/#p3"
    assert citation_url(None, "events/e/index.html") == "/events/e/"


def test_relative_urls_agree_with_posixpath_on_every_shape_of_site_path():
    import itertools
    import posixpath

    paths = ["index.html", "a/index.html", "a/b/index.html", "a/c/index.html", "d/e/f/g.html", "a/", "a/b/", "a", "d/e"]
    for from_path, to_path in itertools.product(paths, repeat=2):
        if from_path.endswith("/") or (from_path == to_path):
            continue
        expected = posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
        if to_path.endswith("/") and not expected.endswith("/"):
            expected += "/"
        assert relative_url(from_path, to_path) == expected, (from_path, to_path)
