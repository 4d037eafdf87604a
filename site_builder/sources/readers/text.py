"""Plain text: every line as it stands, numbered as in the file."""

from __future__ import annotations

from site_builder.model import Line
from site_builder.sources.readers.base import Reading


def read(text: str, path: str) -> Reading:
    return Reading("txt", tuple(Line(number, line) for number, line in enumerate(text.split("\n"), 1)))
