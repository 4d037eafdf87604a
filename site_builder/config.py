"""`content/site.yaml`: the site's declared options."""

from __future__ import annotations

from pathlib import Path

from site_builder import layout
from site_builder.errors import SiteError
from site_builder.inputs import optional_input
from site_builder.options import SiteConfig, options_of, settings
from site_builder.schema import as_url, defaults, validate
from site_builder.yamlfile import load_mapping

CONFIG_PATH = layout.SITE_CONFIG

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
    values = validate(document, options_of(SiteConfig))
    if base_url is not None:
        try:
            values["base_url"] = as_url(base_url)
        except ValueError as error:
            raise SiteError("--base-url", str(error)) from None
    if values["base_url"] and not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    config = settings(SiteConfig, values)
    if config.reuse.shingle_words > config.reuse.min_words:
        raise SiteError(CONFIG_PATH, f"reuse: shingle_words ({config.reuse.shingle_words}) cannot exceed min_words "
                                     f"({config.reuse.min_words})", document.child("reuse").line_of("shingle_words"))
    return config


def default_config() -> SiteConfig:
    """Every option at its default: what the build goes on with, to find more problems, when
    content/site.yaml has errors."""
    return settings(SiteConfig, defaults(options_of(SiteConfig)))
