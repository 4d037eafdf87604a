"""`content/pages/*.md`: free pages (About, Method…) with front matter, Markdown rendered and sanitised."""

from __future__ import annotations

import re
from pathlib import Path

from site_builder import layout
from site_builder.config import read_text
from site_builder.errors import Diagnostics, SiteError
from site_builder.inputs import RESERVED_NOTE, folder_inputs, reserved_on_windows
from site_builder.model import Page
from site_builder.options import PageFile, options_of
from site_builder.prose import researcher_html
from site_builder.schema import validate
from site_builder.site import routes
from site_builder.sources.readers.markdown import split_front_matter
from site_builder.yamlfile import load_mapping

PAGES_DIR = layout.PAGES
RESERVED_SLUGS = routes.TOP_LEVEL  # a page may not take a name the site itself uses
_SAFE_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def load_page(path: Path) -> Page:
    shown = f"{PAGES_DIR}/{path.name}"
    slug = path.stem
    if not _SAFE_SLUG.match(slug) or slug in RESERVED_SLUGS or reserved_on_windows(slug):
        raise SiteError(shown, f"page name '{slug}' must be lower-case letters, digits and '-', not {RESERVED_NOTE}, "
                               f"and not one of: {', '.join(sorted(RESERVED_SLUGS))}")
    yaml_text, body, _ = split_front_matter(read_text(path, shown), shown)
    values = validate(load_mapping(yaml_text, shown, first_line=2), options_of(PageFile))
    body_text = "\n".join(body)
    heading = re.search(r"^#\s+(.+)$", body_text, re.MULTILINE)
    title = values["title"] or (heading.group(1).strip() if heading else slug.replace("-", " ").capitalize())
    html = researcher_html(body_text)
    return Page(slug=slug, title=title, html=html, path=routes.free_page(slug))


def load_pages(project: Path, diagnostics: Diagnostics) -> tuple[Page, ...]:
    """The free pages; a page with errors is left out, its errors recorded in `diagnostics`."""
    pages = (diagnostics.attempt(load_page, path) for path in folder_inputs(project, PAGES_DIR, (".md",)))
    return tuple(page for page in pages if page is not None)
