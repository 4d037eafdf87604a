"""What a researcher writes in Markdown (free pages, event commentary), rendered and sanitised: read
with the content, before any stage, so every stage may hold it as safe HTML."""

from __future__ import annotations

from functools import lru_cache

import markdown as md
import nh3


def sanitise(html: str) -> str:
    """Allow-list sanitising: no script, handlers or dangerous URLs; links made safe to follow."""
    return nh3.clean(html, link_rel="nofollow noopener noreferrer")


@lru_cache(maxsize=1)
def _converter() -> md.Markdown:
    return md.Markdown(extensions=["extra", "sane_lists"])


def researcher_html(text: str) -> str:
    """Markdown a researcher wrote (free pages, event commentary) as sanitised HTML. One converter
    serves every text (reset in between): making one costs more than converting a short text."""
    return sanitise(_converter().reset().convert(text))
