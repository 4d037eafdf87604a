"""Words as the comparison stages see them: found in text, and normalised so spellings compare equal."""

from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Cheap British -> American folding, so that `criticised` and `criticized` are one word.
_ISE = re.compile(r"is(e|ed|es|ing|ation|ations)$")
_SPELLING = (
    (re.compile(r"yse(d|s)?$"), r"yze\1"),
    (re.compile(r"(?<=[a-z]{3})our(s|ed|ing)?$"), r"or\1"),
    (re.compile(r"(?<=[a-z]{3})tre(s)?$"), r"ter\1"),
)
# Every ending the foldings above can change: a word with none of them (most) skips the patterns.
_FOLDED_ENDINGS = ("ise", "ised", "ises", "ising", "isation", "isations", "yse", "ysed", "yses",
                   "our", "ours", "oured", "ouring", "tre", "tres")
# Words ending in -ise that are not British spellings of -ize words.
_NOT_BRITISH = (
    "rise", "raise", "wise", "promise", "exercise", "advise", "surprise", "expertise", "enterprise", "premise",
    "franchise", "merchandise", "compromise", "despise", "devise", "revise", "supervise", "televise", "precise",
    "concise", "paradise", "noise", "poise", "praise", "cruise", "bruise", "disguise", "comprise", "improvise",
    "chastise", "incise", "excise", "demise", "guise", "treatise", "reprise", "premise",
)


@lru_cache(maxsize=200_000)
def normalise_word(word: str) -> str:
    """Case, apostrophes and cheap British spellings folded: `Criticised` -> `criticized`. `word`
    is one word, as WORD finds them (no white space)."""
    folded = word.casefold().replace("’", "'")
    if len(folded) <= 5 or not folded.endswith(_FOLDED_ENDINGS):
        return folded
    ise = _ISE.search(folded)
    if ise:
        base = folded[: ise.start()] + "ise"
        if not base.endswith(_NOT_BRITISH):
            folded = folded[: ise.start()] + "iz" + ise.group(1)
    for pattern, replacement in _SPELLING:
        folded = pattern.sub(replacement, folded)
    return folded
