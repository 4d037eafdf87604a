"""Word normalisation for comparisons."""

import pytest

from site_builder.analysis.words import normalise_word


@pytest.mark.parametrize("word, normal", [
    ("Criticised", "criticized"), ("criticized", "criticized"), ("organisation", "organization"),
    ("behaviour", "behavior"), ("centre", "center"), ("analysed", "analyzed"), ("Lavrov’s", "lavrov's"),
    ("rising", "rising"), ("surprised", "surprised"), ("exercising", "exercising"), ("four", "four"), ("hour", "hour"),
])
def test_normalise_word(word, normal):
    assert normalise_word(word) == normal
