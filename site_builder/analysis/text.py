"""Small text facts the analyses share: sentence starts, capitalised words, possessives."""

from __future__ import annotations

import re

# A capitalised word: `Lavrov`, `O'Brien`, `COVID-19`; a trailing possessive `’s` is not part of it.
WORD = r"[A-Z][\w-]*(?:['’][A-Z][\w-]*)?"
# Quotation marks as typeset, and as tokenised text writes them (`` and '', set apart by spaces).
_QUOTE = "\"“”‘’'`"
# What ends a sentence before a word: a full stop, question or exclamation mark (closing quotes
# after it), or a quotation opened after a colon (`said: "There`; not after a comma, where a quote
# mark as often closes a quotation before its speaker: `," Abbott said`), then any opening marks.
_SENTENCE_END = re.compile(rf"(?:[.!?][{_QUOTE})]*\s+|:\s*[{_QUOTE}(]+\s*)[{_QUOTE}(\s]*$")
_OPENING = re.compile(rf"[\s{_QUOTE}(]*")
# How far back a cue before a word is looked for: far enough for any real cue, and a fixed cost per
# word (searching all the text before it made a long paragraph take time quadratic in its length).
LOOKBACK = 80


def is_sentence_start(text: str, position: int) -> bool:
    """True when `position` opens a sentence: the paragraph start, or after `. `, `? `, `.” ` …"""
    return (_OPENING.match(text, 0, position).end() == position  # type: ignore[union-attr]
            or bool(_SENTENCE_END.search(text, max(0, position - LOOKBACK), position)))
