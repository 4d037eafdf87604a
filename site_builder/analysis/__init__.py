"""The analyze stage: per-source analyses, each one module and one line in ANALYSES.

Every analysis is a function `(source, gazetteer) -> source` that reads the cleaned paragraphs
(and what earlier analyses found) and returns the source with its findings added. They share
nothing between sources, so they can run in any process.
"""

from __future__ import annotations

from typing import Callable

from site_builder.analysis import counts, dates, mentions, quotes
from site_builder.analysis.gazetteer import Gazetteer
from site_builder.model import Source
from site_builder.plugins import registered

Analysis = Callable[[Source, Gazetteer], Source]

# Order matters: quotes need mentions (speakers), counts skip what dates took.
ANALYSES: tuple[Analysis, ...] = (
    mentions.find_mentions,
    quotes.find_quotes,
    dates.find_dates,
    counts.find_counts,
)


def analyses() -> tuple[Analysis, ...]:
    """The built-in analyses, then those plugins add."""
    return ANALYSES + tuple(registered("analyses"))
