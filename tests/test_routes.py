"""The routes table: every address of the site is spelled in one place."""

from site_builder.site import routes
from site_builder.site.urls import relative_url


def test_pages_live_in_folders_so_their_addresses_end_with_a_slash():
    assert routes.source("a_1") == "sources/a_1/index.html"
    assert routes.pair("a", "b") == "reuse/a--b/index.html"
    assert routes.paged(routes.QUOTES, 1) == "quotes/index.html" and routes.paged(routes.QUOTES, 3) == "quotes/page/3/index.html"
    assert relative_url(routes.source("a"), routes.entity("x")) == "../../entities/x/index.html"


def test_only_pages_of_the_searched_folders_are_indexed():
    assert routes.searched("sources/a/index.html") and routes.searched("quotes/index.html")
    assert not routes.searched("reuse/index.html") and not routes.searched("sources/a/data.json")
    assert not routes.searched("index.html")


def test_every_top_level_folder_the_site_writes_is_reserved():
    folders = {routes.SOURCES, routes.EVENTS, routes.ENTITIES, routes.QUOTES, routes.REUSE, routes.TIMELINE, routes.NAMES,
               routes.DATA, routes.SEARCH, routes.METHOD, routes.RAW, routes.STATIC, routes.SEARCH_INDEX}
    assert folders <= routes.TOP_LEVEL
    assert routes.raw("x.txt").split("/")[0] in routes.TOP_LEVEL and routes.comparison("e").split("/")[0] in routes.TOP_LEVEL
