"""HTML: main text through trafilatura; metadata as the page states it (`html_metadata`), with
trafilatura's own metadata as the fallback for a field the page's markup does not give."""

from __future__ import annotations

import logging

import trafilatura

from site_builder.errors import SiteError
from site_builder.model import Field, Line, extracted
from site_builder.schema import as_url
from site_builder.sources.readers.base import Extracted
from site_builder.sources.readers.html_metadata import stated

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

WHERE = "the HTML metadata (<title>, <meta>, Open Graph or JSON-LD)"
WHERE_STATED = {"page_title": "the page's <title>", "author": "the page's byline (JSON-LD, <meta> or byline markup)",
                "language": "the <html lang> attribute"}
# trafilatura's metadata names -> our field names. Not its author: it rewrites names ("J. Petrov"
# becomes "J Petrov", a co-author in parentheses is dropped), so bylines come only from the page.
FALLBACK = {
    "title": "title",
    "date": "published",
    "sitename": "publisher",
    "url": "url",
    "description": "description",
    "license": "rights",
}


def is_web_url(value: str | None) -> bool:
    try:
        as_url(value)
    except ValueError:
        return False
    return True


def read(text: str, path: str) -> Extracted:
    document = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        # Only dates the page states; never a guess from the URL or the body.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not (document.text or "").strip():
        raise SiteError(path, "no main text found in this HTML page")
    found = document.as_dict()
    fields: dict[str, Field] = {}
    for theirs, ours in FALLBACK.items():
        value = found.get(theirs)
        if isinstance(value, str) and value.strip():
            fields[ours] = extracted(value.strip(), WHERE)
    for name, value in stated(text).items():
        fields[name] = extracted(value, WHERE_STATED.get(name, WHERE))
    if "url" in fields and not is_web_url(fields["url"].value):
        del fields["url"]  # a page's own canonical link is untrusted: only http(s) becomes a link
    lines = tuple(Line(n, line) for n, line in enumerate(document.text.split("\n"), 1))
    return Extracted("html", lines, fields, line_label="main-text line")
