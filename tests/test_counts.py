"""Numbers with what they count, in words and digits."""

import re

import pytest
from conftest import analyse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from site_builder.analysis.counts import PATTERN, counted_thing, lowered, number_pattern


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
    # A model name with a hyphen or a number is part of what is counted.
    ("Two F-16 jets and three M-16 rifles were seen over Port Valen.",
     [("Two F-16 jets", 2, "F-16 jets", None), ("three M-16 rifles", 3, "M-16 rifles", None)]),
    ("Valen Air flew two Boeing 737 jets.", [("two Boeing 737 jets", 2, "Boeing 737 jets", None)]),
    ("He faces two first-degree murder charges.", [("two first-degree murder charges", 2, "first-degree murder charges", None)]),
    ("Troops fired 1,200 rounds.", [("1,200 rounds", 1200, "rounds", None)]),
    # Spelled-out numbers.
    ("Twenty-five people and two hundred and fifty soldiers.",
     [("Twenty-five people", 25, "people", None), ("two hundred and fifty soldiers", 250, "soldiers", None)]),
    ("Some two dozen boats and a dozen trucks.", [("Some two dozen boats", 24, "boats", "some"), ("dozen trucks", 12, "trucks", None)]),
    ("One man and one hundred women.", [("one hundred women", 100, "women", None)]),
    # Units without a plural noun; words that say nothing of what is counted are no count.
    ("Prices rose 9% and 4 percent; 3 per cent fell at 3 p.m. and two landed.",
     [("9%", 9, "percent", None), ("4 percent", 4, "percent", None), ("3 per cent", 3, "percent", None)]),
    ("At least five dead and 15 critically injured.",
     [("At least five dead", 5, "dead", "at least"), ("15 critically injured", 15, "critically injured", None)]),
    ("A deal worth about $334 million.", [("about $334 million", 334_000_000, "dollars", "about")]),
    # Pieces of a number a tokenizer split (`23, 000`), and scores, are no count.
    ("Some 23, 000 refugees fled; prices start at $1, 199; Valen won 3-2 matches.", []),
])
def test_counts(tmp_path, text, found):
    source, _ = analyse(text + "\n", tmp_path=tmp_path)
    assert [(c.text, c.value, c.counts, c.qualifier) for c in source.counts] == found


@pytest.mark.parametrize("text, found", [
    ("A 7.1-magnitude quake hit Port Valen.", [("7.1-magnitude", 7.1, "magnitude")]),
    ("A magnitude 4.6 earthquake and a quake with a magnitude of 4.4 followed.",
     [("magnitude 4.6", 4.6, "magnitude"), ("magnitude of 4.4", 4.4, "magnitude")]),
    # events-dev 37_5ecbplus: its tokenizer spaced the hyphen.
    (("A strong 6.1 - magnitude earthquake struck Indonesia's northwestern province of Aceh today, "
      "causing buildings to collapse and injuring at least 50 people."),
     [("6.1 - magnitude", 6.1, "magnitude"), ("at least 50 people", 50, "people")]),
])
def test_a_magnitude_is_a_measure_not_a_count_of_quakes(tmp_path, text, found):
    source, _ = analyse(text + "\n", tmp_path=tmp_path)
    assert [(c.text, c.value, c.counts) for c in source.counts] == found


@pytest.mark.parametrize("text, found", [
    ("Between 30 and 40 people were hurt.", ("Between 30 and 40 people", 30, 40, "people")),
    ("30-40 people were hurt.", ("30-40 people", 30, 40, "people")),
    ("About 30–40 people were hurt.", ("About 30–40 people", 30, 40, "people")),
    ("Between two and three million people voted.", ("Between two and three million people", 2_000_000, 3_000_000, "people")),
    # Real sentences (events-dev 36_3ecbplus, 37_6ecb, 43_3ecb).
    ("So far, all seven who have been prosecuted have been convicted, receiving prison sentences of between six and 75 years.",
     ("between six and 75 years", 6, 75, "years")),
    ("Japan's Meteorological Agency said tsunamis 10 to 40 centimeters in height swept into towns along the coast.",
     ("10 to 40 centimeters", 10, 40, "centimeters")),
    ("The ATI research team has a proven capacity to turn major new products out every 12 to 18 months.",
     ("12 to 18 months", 12, 18, "months")),
])
def test_ranges_keep_both_bounds(tmp_path, text, found):
    source, _ = analyse(text + "\n", tmp_path=tmp_path)
    assert [(c.text, c.value, c.high, c.counts) for c in source.counts][-1] == found


def test_a_change_from_one_number_to_another_is_no_range(tmp_path):
    source, _ = analyse("The toll rose from 20 to 30 people.\n", tmp_path=tmp_path)
    assert [(c.text, c.value, c.high) for c in source.counts] == [("30 people", 30, None)]


TOKENS = st.sampled_from(["More than", "about", "ABOUT", "Up To", "5", "1,000", "2.5", "Twenty", "sevenTEEN", "seven",
                          "Hundred", "MILLION", "thouſand", "ſix", "thİrty", "K", "Ten", "-", ".", ",", " ", "  ", "\u00a0", "x",
                          "between", "AND", "to", "$", "Dozen", "twenty-FIVE"])


# The definition: the words case-insensitive in their ASCII letters, the rest as written (white
# space between them is any Unicode space, a no-break space too, as in the pattern itself).
INSENSITIVE = re.compile(number_pattern(lambda words: "(?a:{})".format(words.replace(r"\s", r"(?u:\s)"))), re.IGNORECASE)


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, max_size=10).map("".join))
@example("Twenty\u00a0seven")  # a no-break space between number words (found by a CI run)
def test_matching_the_lowered_text_is_matching_ascii_case_insensitively(text):
    assert [m.span() for m in PATTERN.finditer(lowered(text))] == [m.span() for m in INSENSITIVE.finditer(text)]


def test_a_counted_thing_is_its_last_word_without_a_plural_s():
    assert counted_thing("people") == counted_thing("People") == "people"
    assert counted_thing("rockets") == counted_thing("rocket") == "rocket"
    assert counted_thing("top leaders") == "leader" and counted_thing("F-16 jets") == counted_thing("jets") == "jet"
