"""Plain text: every line as it stands, numbered as in the file."""

from __future__ import annotations

from site_builder.model import Line
from site_builder.sources.readers.base import Extracted


def read(text: str, path: str) -> Extracted:
    return Extracted("txt", tuple(Line(number, line) for number, line in enumerate(text.split("\n"), 1)))
