"""Numbers with what they count, in words and digits."""

import re

import pytest
from conftest import analyse
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analysis.counts import NUMBER_WORDS, PATTERN, QUALIFIERS, SCALES, lowered


def counts(site, prefix):
    source = next(s for s in site.sources if s.id.startswith(prefix))
    return [(c.text, c.value, c.counts, c.qualifier) for c in source.counts]


def test_seed_counts(seed_site):
    assert ("10 Europeans", 10, "Europeans", None) in counts(seed_site, "002")
    assert ("four institutions", 4, "institutions", None) in counts(seed_site, "002")
    assert ("more than 1 million people", 1_000_000, "people", "more than") in counts(seed_site, "002")
    assert ("10 European individuals", 10, "European individuals", None) in counts(seed_site, "003")
    assert ("four institutions", 4, "institutions", None) in counts(seed_site, "003")
    assert ("five consecutive years", 5, "consecutive years", None) in counts(seed_site, "000")


@pytest.mark.parametrize("text, found", [
    ("About 2,500 protesters gathered.", [("About 2,500 protesters", 2500, "protesters", "about")]),
    ("Twelve ministers and 3 envoys attended.", [("Twelve ministers", 12, "ministers", None), ("3 envoys", 3, "envoys", None)]),
    ("The 2020 election and COVID-19 were discussed.", []),
    ("They met on 29 March 2022.", []),
    ("The two-day visit ended.", []),
    # Words in other scripts' letters that case-fold like English ones are not number words (they crashed).
    ("Officials said ſix people and thİrty men were hurt.", []),
    ("About 5 thouſand people.", [("About 5 thouſand people", 5, "thouſand people", "about")]),
])
def test_counts(tmp_path, text, found):
    source, _ = analyse(text + "\n", tmp_path=tmp_path)
    assert [(c.text, c.value, c.counts, c.qualifier) for c in source.counts] == found


TOKENS = st.sampled_from(["More than", "about", "ABOUT", "Up To", "5", "1,000", "2.5", "Twenty", "sevenTEEN", "seven",
                          "Hundred", "MILLION", "thouſand", "ſix", "thİrty", "K", "Ten", "-", ".", ",", " ", "  ", "\u00a0", "x"])


# The definition: the words case-insensitive in their ASCII letters, the rest as written.
INSENSITIVE = re.compile(
    r"(?<![\w.,-])(?:(?P<qualifier>(?a:" + "|".join(QUALIFIERS) + r"))\s+)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|(?a:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r"))"
    r"(?:\s+(?P<scale>(?a:" + "|".join(SCALES) + r")))?(?![\w-])",
    re.IGNORECASE,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, max_size=10).map("".join))
def test_matching_the_lowered_text_is_matching_ascii_case_insensitively(text):
    assert [m.span() for m in PATTERN.finditer(lowered(text))] == [m.span() for m in INSENSITIVE.finditer(text)]
