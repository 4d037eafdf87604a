"""The metadata a researcher may declare for a source, in a sidecar or in Markdown front matter."""

from __future__ import annotations

from typing import Any, Callable

from site_builder.model import Field
from site_builder.schema import Option, as_date, as_language, as_text, as_url

SOURCE_OPTIONS = (
    Option("title", as_text, "The headline."),
    Option("publisher", as_text, "Who published it (outlet, site or agency)."),
    Option("author", as_text, "Who wrote it."),
    Option("credit", as_text, "A credited agency or source the text names."),
    Option("place", as_text, "The place line (dateline) of the report."),
    Option("published", as_date, "Publication date, YYYY-MM-DD."),
    Option("retrieved", as_date, "When the copy in seeds/ was collected, YYYY-MM-DD."),
    Option("url", as_url, "Where the original was published."),
    Option("language", as_language, "Language tag, such as 'en'."),
    Option("rights", as_text, "Copyright or reuse notice."),
    Option("description", as_text, "A one-line summary."),
    Option("note", as_text, "On what basis these values are declared; shown on the source page."),
)


def fields_from(values: dict[str, Any], make: Callable[[str], Field]) -> dict[str, Field]:
    """Turn validated option values into fields (the `note` is not a field), skipping unset ones."""
    return {name: make(value) for name, value in values.items() if value is not None and name != "note"}
