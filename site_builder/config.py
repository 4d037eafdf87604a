"""`content/site.yaml`: the site's declared options."""

from __future__ import annotations

from pathlib import Path

from site_builder import layout
from site_builder.errors import SiteError
from site_builder.inputs import optional_input
from site_builder.sources.load import MAX_SOURCE_BYTES
from site_builder.model import ReuseSettings, SiteConfig
from site_builder.schema import Option, as_fraction, as_language, as_text, as_url, as_whole_number, validate
from site_builder.yamlfile import load_mapping

CONFIG_PATH = layout.SITE_CONFIG

REUSE_OPTIONS = (
    Option("min_words", as_whole_number(3, 200), "Shortest shared passage reported, in words.", ReuseSettings.min_words),
    Option("shingle_words", as_whole_number(2, 20), "Words per hashed shingle (at most min_words).", ReuseSettings.shingle_words),
    Option("common_share", as_fraction, "Shingles in more than this share of sources are too common to seed a passage.", ReuseSettings.common_share),
)

SITE_OPTIONS = (
    Option("title", as_text, "The site's name, shown in every page header.", "Research microsite"),
    Option("description", as_text, "One or two sentences introducing the collection on the home page."),
    Option("base_url", as_url, "Where the site is published, e.g. https://user.github.io/repo/ (for absolute links in citations)."),
    Option("language", as_language, "Language of the site's own text.", "en"),
    Option("author", as_text, "Who compiled the collection."),
    Option("licence", as_text, "Licence of the site's own text and data."),
    Option("max_source_bytes", as_whole_number(1, 10**12), "Largest source file read, in bytes; a larger one is an error.", MAX_SOURCE_BYTES),
    Option("reuse", REUSE_OPTIONS, "Text-reuse detection settings (a section)."),
)


def read_text(path: Path, shown: str) -> str:
    """A content file as UTF-8 text; a file that is not UTF-8 is a user error naming it."""
    try:
        return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as error:
        raise SiteError(shown, f"not UTF-8 text (byte {error.start})") from None


def load_config(project: Path, base_url: str | None = None) -> SiteConfig:
    """The site config; with no site.yaml, the defaults. `base_url` (from the command line) wins."""
    path = optional_input(project, CONFIG_PATH)
    text = read_text(path, CONFIG_PATH) if path else ""
    document = load_mapping(text, CONFIG_PATH)
    values = validate(document, SITE_OPTIONS)
    if base_url is not None:
        try:
            values["base_url"] = as_url(base_url)
        except ValueError as error:
            raise SiteError("--base-url", str(error)) from None
    if values["base_url"] and not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    reuse = ReuseSettings(**values.pop("reuse"))
    if reuse.shingle_words > reuse.min_words:
        raise SiteError(CONFIG_PATH, f"reuse: shingle_words ({reuse.shingle_words}) cannot exceed min_words ({reuse.min_words})",
                        document.child("reuse").line_of("shingle_words"))
    return SiteConfig(**values, reuse=reuse)
