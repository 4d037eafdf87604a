"""Source ids from the names people give files: accents folded, punctuation to hyphens, unique."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_builder.inputs import reserved_on_windows
from site_builder.sources import ids


@pytest.mark.parametrize(("name", "expected"), [
    ("My Report (AP).txt", "my-report-ap"), ("Résumé café.html", "resume-cafe"), ("Straße  --  Ørsted.md", "strasse-orsted"),
    ("001_foo.txt", "001_foo"), ("v1.2 draft!.txt", "v1.2-draft"), ("-rf.txt", "rf"), ("报告.txt", ids.FALLBACK),
    ("con.txt", "con-2"),
])
def test_a_proposed_id_folds_accents_and_punctuation(name, expected):
    assert ids.proposed_id(name) == expected


@given(st.text(min_size=1, max_size=300), st.sets(st.text(alphabet="ab-2", min_size=1, max_size=4), max_size=5))
def test_every_name_gets_a_valid_id_unlike_those_taken(name, taken):
    proposed = ids.proposed_id(name + ".txt", taken)
    assert ids.is_source_id(proposed) and not reserved_on_windows(proposed)
    assert proposed.casefold() not in {t.casefold() for t in taken}
    assert ids.folded(ids.folded(name)) == ids.folded(name)


def test_taken_ids_get_the_next_number_ignoring_case():
    assert ids.proposed_id("My Report.txt", ["MY-REPORT", "my-report-2"]) == "my-report-3"
