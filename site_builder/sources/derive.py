"""Fields derived when nothing states them: today only a title for a text with no headline."""

from __future__ import annotations

import dataclasses
import re

from site_builder.model import Source, combine, derived
from site_builder.sources.clean_rules import DATELINE_FORMS, first_match

TITLE_WORDS = 14


def first_sentence_title(text: str) -> str:
    """The first sentence of `text`, without a leading place line, cut to TITLE_WORDS words."""
    match = first_match(DATELINE_FORMS, text)
    if match:
        text = text[match.end():]
    sentence = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0]
    words = sentence.split()
    return " ".join(words[:TITLE_WORDS]).rstrip(",;:") + ("…" if len(words) > TITLE_WORDS else "")


def derive(source: Source) -> Source:
    if source.field("title").known or not source.paragraphs:
        return source
    first = source.paragraphs[0]
    title = derived(
        first_sentence_title(first.text),
        f"the text has no headline; first sentence of {source.line_label} {first.line}",
    )
    return dataclasses.replace(source, fields=combine(source.fields, {"title": title}))
