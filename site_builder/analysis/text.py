"""Small text facts the analyses share: sentence starts, capitalised words, possessives."""

from __future__ import annotations

import re

# A capitalised word: `Lavrov`, `O'Brien`, `COVID-19`; a trailing possessive `’s` is not part of it.
WORD = r"[A-Z][\w-]*(?:['’][A-Z][\w-]*)?"
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+[\"“‘(]*$")
_OPENING = re.compile(r"[ \"“‘(]*")
# How far back a cue before a word is looked for: far enough for any real cue, and a fixed cost per
# word (searching all the text before it made a long paragraph take time quadratic in its length).
LOOKBACK = 80


def is_sentence_start(text: str, position: int) -> bool:
    """True when `position` opens a sentence: the paragraph start, or after `. `, `? `, `.” ` …"""
    return (_OPENING.match(text, 0, position).end() == position  # type: ignore[union-attr]
            or bool(_SENTENCE_END.search(text, max(0, position - LOOKBACK), position)))
