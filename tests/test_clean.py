"""Cleaning removes boilerplate line by line, records each removal, and never removes reporting."""

import datetime as dt
import random
import textwrap
from pathlib import Path

import pytest
from conftest import REPO, analyse
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.model import Anchor, AnchorKind, DateResolution, Line, LineKind, Source
from site_builder.sources.clean import clean
from site_builder.sources.clean_rules import (
    BYLINE_FORMS,
    DATELINE_FORMS,
    FURNITURE_LINES,
    FURNITURE_OPENINGS,
    Context,
    credit_line,
    first_match,
    inline_dateline,
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


@pytest.mark.parametrize("form", BYLINE_FORMS, ids=lambda form: form.name)
def test_each_byline_form_reads_its_own_example(form):
    assert first_match(BYLINE_FORMS, form.example).re is form.pattern


@pytest.mark.parametrize("text, fields", [
    ("By Mara Osei, Staff Reporter", {"author": "Mara Osei"}),
    ("By Mara Osei, Port Valen Bureau Chief", {"author": "Mara Osei"}),
    ("By MARA OSEI and JON BERG", {"author": "MARA OSEI and JON BERG"}),
    ("By Mara Osei, Jon Berg and Ana de Souza", {"author": "Mara Osei, Jon Berg and Ana de Souza"}),
    ("By J. Petrov", {"author": "J. Petrov"}),
    ("By Mara Osei (CWS)", {"author": "Mara Osei", "credit": "CWS"}),
])
def test_bylines_as_the_page_writes_them(text, fields):
    (found,) = credit_line(context(text))
    assert {name: value.value for name, value in found.fields.items()} == fields


@pytest.mark.parametrize("form", DATELINE_FORMS, ids=lambda form: form.name)
def test_each_dateline_form_reads_its_own_example(form):
    assert first_match(DATELINE_FORMS, form.example).re is form.pattern


@pytest.mark.parametrize("text, fields", [
    ("PORT VALEN, 14 May 2024 — Dockers walked out.", {"place": "PORT VALEN", "published": "2024-05-14"}),
    ("PORT VALEN, May 14, 2024 — Dockers walked out.", {"place": "PORT VALEN", "published": "2024-05-14"}),
    ("PORT VALEN, Sept. 4, 2024 - Dockers walked out.", {"place": "PORT VALEN", "published": "2024-09-04"}),
    ("PORT VALEN, May 14 (Reuters) - Dockers walked out.", {"place": "PORT VALEN", "credit": "Reuters"}),
    ("PORT VALEN, May 14 (AP) — Dockers walked out.", {"place": "PORT VALEN", "credit": "AP"}),
    ("Port Valen, 14 May (CWS) – Dockers walked out.", {"place": "Port Valen", "credit": "CWS"}),
    ("PORT VALEN (CWS) - Dockers walked out.", {"place": "PORT VALEN", "credit": "CWS"}),
    ("PORT VALEN: Dockers walked out.", {"place": "PORT VALEN"}),
    ("Port Valen - a city of dockers - went on strike.", {}),  # a capitalised place needs a date or an agency
])
def test_datelines_give_place_date_and_credit(text, fields):
    found = list(inline_dateline(context(text)))
    assert {name: value.value for f in found for name, value in f.fields.items()} == fields
    assert all(not f.remove for f in found)


def test_a_datelines_date_is_the_publication_date_and_resolves_weekdays(tmp_path):
    source, _ = analyse("Strike\n\nPORT VALEN, 14 May 2024 — Talks are expected to resume on Thursday.\n", tmp_path=tmp_path)
    assert (source.field("published").kind, source.field("published").detail) == ("extracted", "the dateline, line 3")
    assert [(d.text, d.value) for d in source.dates] == [("14 May 2024", "2024-05-14"), ("Thursday", "2024-05-16")]
    assert (source.dates[1].resolution, source.dates[1].anchor) == (DateResolution.COMING_WEEKDAY, Anchor(AnchorKind.DATELINE, dt.date(2024, 5, 14)))


def test_a_dateline_without_a_year_takes_the_publication_year(tmp_path):
    text = "Strike\n\nPORT VALEN, May 14 (Reuters) - Dockers walked out.\n"
    source, _ = analyse(text, published="2024-05-15", tmp_path=tmp_path)
    assert (source.field("place").value, source.field("credit").value) == ("PORT VALEN", "Reuters")
    assert [(d.text, d.value, d.resolution, d.anchor) for d in source.dates] == [
        ("May 14", "2024-05-14", DateResolution.YEAR_FROM_ANCHOR, Anchor(AnchorKind.PUBLISHED, dt.date(2024, 5, 15)))]


def test_a_derived_title_leaves_out_the_dateline(tmp_path):
    source, _ = analyse("PORT VALEN, May 14 (Reuters) - Dockers walked out on Tuesday.\n", tmp_path=tmp_path)
    assert source.field("title").value == "Dockers walked out on Tuesday."


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


# --- the headline rule, on generated texts -----------------------------------------------------

WORDS = ("ministers", "talks", "port", "strike", "river", "council", "agreed", "warned", "city", "the", "of", "new",
         "workers", "court", "ruled", "vote", "budget", "flood", "quake", "rescue", "teams", "after", "a", "leaders")


def sentence(rng: random.Random, low: int, high: int, end: str = ".") -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + end


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, 12, 24) for _ in range(sentences))


def headline_found(text: str, line_label: LineKind = LineKind.FILE) -> str | None:
    """The title the cleaning rules take from `text`'s headline, if any."""
    lines = tuple(Line(n, t) for n, t in enumerate(text.split("\n"), 1))
    source = clean(Source("s", "seeds/s.txt", "s.txt", "txt", "", 0, "utf-8", line_label, lines, {}))
    headlines = [r for r in source.removed if r.rule == "headline"]
    return source.field("title").value if headlines else None


HEADLINE_LAYOUTS = {
    "above a blank line": "{title}\n\n{body}",
    "above a byline": "{title}\nBy Mara Osei\n\n{body}",
    "above a date line": "{title}\n14 May 2024\n\n{body}",
    "directly above its text": "{title}\n{body}\n{more}",
    "ending in a full stop": "{title}.\n\n{body}",
    "a question": "{title}?\n{body}",
}


@pytest.mark.parametrize("layout", HEADLINE_LAYOUTS)
@pytest.mark.parametrize("seed", range(25))
def test_a_first_line_that_is_a_headline_is_the_title(layout, seed):
    rng = random.Random(seed)
    title = sentence(rng, 3, 12, end="")
    text = HEADLINE_LAYOUTS[layout].format(title=title, body=paragraph(rng, rng.randint(2, 4)), more=paragraph(rng, 1))
    assert headline_found(text) == text.split("\n")[0]


def wrapped(rng: random.Random) -> str:
    """A paragraph broken at a fixed width, as plain-text mail and wire copy are."""
    return "\n".join(textwrap.wrap(paragraph(rng, 3), width=rng.randint(55, 75)))


ORDINARY_OPENINGS = {
    "a paragraph of sentences": lambda rng: f"{sentence(rng, 3, 6)} {sentence(rng, 3, 6)}\n\n{paragraph(rng, 3)}",
    "a lede sentence alone": lambda rng: f"{sentence(rng, 13, 25)}\n\n{paragraph(rng, 3)}",
    "a hard-wrapped paragraph": wrapped,
    "paragraphs one per line": lambda rng: "\n".join(paragraph(rng, 1) for _ in range(3)),
    "a clause ending in a colon": lambda rng: f"{sentence(rng, 3, 8, end=':')}\n\n{paragraph(rng, 3)}",
    "short lines alike": lambda rng: "\n\n".join(sentence(rng, 3, 5) for _ in range(4)),
    "one line": lambda rng: sentence(rng, 3, 8, end=""),
}


@pytest.mark.parametrize("opening", ORDINARY_OPENINGS)
@pytest.mark.parametrize("seed", range(25))
def test_the_opening_of_an_ordinary_text_is_not_a_headline(opening, seed):
    assert headline_found(ORDINARY_OPENINGS[opening](random.Random(seed))) is None


@pytest.mark.parametrize("seed", range(25))
def test_a_short_first_block_of_a_web_page_is_kept_as_text(seed):
    """A page's main text is its blocks, one a line: a short one above a long one is as likely a
    credit ("CNN", "Photos") or a caption as a headline, and the page states its headline."""
    rng = random.Random(seed)
    text = f"{sentence(rng, 1, 4, end='')}\n{paragraph(rng, 2)}\n{paragraph(rng, 1)}"
    assert headline_found(text) is not None
    assert headline_found(text, LineKind.MAIN_TEXT) is None
