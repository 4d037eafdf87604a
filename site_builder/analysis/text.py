"""Small text facts the analyses share: sentence starts, capitalised words, possessives."""

from __future__ import annotations

import re

# A capitalised word: `Lavrov`, `O'Brien`, `COVID-19`; a trailing possessive `’s` is not part of it.
WORD = r"[A-Z][\w-]*(?:['’][A-Z][\w-]*)?"
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+[\"“‘(]*$")


def is_sentence_start(text: str, position: int) -> bool:
    """True when `position` opens a sentence: the paragraph start, or after `. `, `? `, `.” ` …"""
    before = text[:position]
    return not before.strip(" \"“‘(") or bool(_SENTENCE_END.search(before))
