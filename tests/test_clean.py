"""Cleaning removes boilerplate line by line, records each removal, and never removes reporting."""

from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.model import Line
from site_builder.sources.clean import clean
from site_builder.sources.clean_rules import (
    FURNITURE_LINES,
    FURNITURE_OPENINGS,
    Context,
    credit_line,
    more_words_than,
    normalise,
    parse_date,
    repeated_lede,
    site_furniture,
)
from site_builder.sources.load import load_source

# Every line each seed loses, with the rule that must remove it. Any other non-blank line is reporting.
EXPECTED_REMOVALS = {
    "000_9f45db1a97bdd9a5": {1: "headline", 25: "site-furniture", 27: "site-furniture", 29: "site-furniture", 31: "site-furniture"},
    "001_31d0fa55b8edf2a7": {1: "headline", 3: "repeated-label", 4: "repeated-lede", 5: "repeated-label", 30: "site-furniture", 32: "site-furniture"},
    "002_83436da1cc890094": {1: "headline", 5: "ad-marker", 29: "rights-notice", 33: "ad-marker"},
    "003_28d1eb4e5542eb3f": {1: "credit-line"},
    "004_7807f473fc62edd1": {1: "headline", 29: "dateline", 30: "credit-line", 32: "site-furniture", 34: "site-furniture", 36: "site-furniture"},
}


def cleaned(source_id: str):
    return clean(load_source(REPO / "seeds" / f"{source_id}.txt"))


@pytest.mark.parametrize("source_id", sorted(EXPECTED_REMOVALS))
def test_each_seed_loses_exactly_its_boilerplate_lines(source_id):
    source = cleaned(source_id)
    assert {r.line: r.rule for r in source.removed} == EXPECTED_REMOVALS[source_id]


@pytest.mark.parametrize("source_id", sorted(EXPECTED_REMOVALS))
def test_removed_lines_are_recorded_verbatim_with_their_numbers(source_id):
    raw_lines = (REPO / "seeds" / f"{source_id}.txt").read_text(encoding="utf-8").split("\n")
    for removed in cleaned(source_id).removed:
        assert raw_lines[removed.line - 1] == removed.text


@pytest.mark.parametrize("source_id", sorted(EXPECTED_REMOVALS))
def test_every_line_of_reporting_survives(source_id):
    raw_lines = (REPO / "seeds" / f"{source_id}.txt").read_text(encoding="utf-8").split("\n")
    kept = {line.number: line.text for line in cleaned(source_id).lines}
    reporting = [n for n, text in enumerate(raw_lines, 1) if text.strip() and n not in EXPECTED_REMOVALS[source_id]]
    assert reporting, "each seed has reporting"
    for number in reporting:
        assert kept.get(number) == raw_lines[number - 1]


def test_seed_001_keeps_the_body_copy_of_its_repeated_lede():
    source = cleaned("001_31d0fa55b8edf2a7")
    kept = [line for line in source.lines if line.text.startswith("The foreign ministers of China and Russia affirmed")]
    assert [line.number for line in kept] == [7]
    assert "countries’ close ties" in kept[0].text


def context(*texts: str) -> Context:
    lines = tuple(Line(n, t) for n, t in enumerate(texts, 1))
    return Context(lines, lines, "line")


def test_furniture_words_inside_a_sentence_are_not_furniture():
    found = list(site_furniture(context("Top officials met on Tuesday.", "Related Posts", "Leave a reply to critics, he said.")))
    assert [f.line.number for f in found] == [2]


def test_a_byline_names_capitalised_words_and_a_sentence_opening_with_by_is_reporting():
    found = list(credit_line(context("By Jane Doe", "BY JOHN SMITH", "By contrast", "by the way", "By and large")))
    assert [(f.line.number, f.fields["author"].value) for f in found] == [(1, "Jane Doe"), (2, "JOHN SMITH")]


def test_a_short_sentence_said_twice_is_not_a_repeated_lede():
    found = list(repeated_lede(context("He agreed.", "", "He agreed.")))
    assert found == []


@pytest.mark.parametrize("text, iso", [
    ("31.03.2022", "2022-03-31"),
    ("2021-03-23", "2021-03-23"),
    ("23 March 2021", "2021-03-23"),
    ("March 23, 2021", "2021-03-23"),
    ("31.02.2022", None),
    ("Tuesday", None),
])
def test_dateline_dates(text, iso):
    assert parse_date(text) == iso


def test_no_rule_fires_on_plain_reporting(tmp_path: Path):
    path = tmp_path / "plain.txt"
    path.write_text(
        "The ministers met in Guilin on Monday and spoke for two hours about trade.\n\n"
        "Both said the talks were useful and that they would meet again soon.\n",
        encoding="utf-8",
    )
    source = clean(load_source(path))
    assert source.removed == ()


FURNITURE_TOKENS = st.sampled_from(["Related", "POSTS", "“Share”", "share", "this:", "Your", "email", "address", "will", "not",
                                    "be", "published.", "Back", "to", "TOP", "ﬁnancial", "Straße", "—", " ", "  ", "\u00a0", "\t"])


@settings(max_examples=300, deadline=None)
@given(st.lists(FURNITURE_TOKENS, max_size=9).map("".join))
def test_site_furniture_is_decided_on_the_normalised_line(text):
    normal = normalise(text)
    expected = normal in FURNITURE_LINES or normal.startswith(FURNITURE_OPENINGS)
    assert bool(list(site_furniture(context(text)))) == expected


@given(st.text(alphabet=st.sampled_from("ab \t\n\u00a0\u2003"), max_size=30), st.integers(0, 8))
def test_more_words_than(text, count):
    assert more_words_than(text, count) == (len(text.split()) > count)
