"""Dates: explicit forms, weekdays resolved against the publication date, unresolved without one."""

import datetime as dt

import pytest
from conftest import analyse
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.analysis.dates import NAMED, NUMERIC, WEEKDAY, patterns_for
from site_builder.model import Anchor, AnchorKind, DateResolution


@pytest.mark.parametrize("text, value", [
    ("They met on 29 March 2022 in Tunxi.", "2022-03-29"),
    ("They met on March 29, 2022 in Tunxi.", "2022-03-29"),
    ("Dated 31.03.2022 in the footer.", "2022-03-31"),
    ("Filed 2021-03-23 by the desk.", "2021-03-23"),
    ("The treaty was signed in July 2001 in Moscow.", "2001-07"),
])
def test_explicit_dates(tmp_path, text, value):
    source, _ = analyse(text + "\n", tmp_path=tmp_path)
    how = DateResolution.EXPLICIT_MONTH if len(value) == 7 else DateResolution.EXPLICIT
    assert [(d.value, d.resolution, d.anchor) for d in source.dates] == [(value, how, None)]


def test_weekday_resolves_to_the_latest_such_day_across_a_month_boundary(tmp_path):
    source, _ = analyse("The ministers met on Monday.\n", published="2021-04-02", tmp_path=tmp_path)
    (date,) = source.dates
    assert (date.text, date.value) == ("Monday", "2021-03-29")
    assert (date.resolution, date.anchor) == (DateResolution.PAST_WEEKDAY, Anchor(AnchorKind.PUBLISHED, dt.date(2021, 4, 2)))


def test_weekday_without_an_anchor_stays_unresolved(tmp_path):
    source, _ = analyse("The ministers met on Tuesday.\n", tmp_path=tmp_path)
    (date,) = source.dates
    assert (date.value, date.resolution, date.anchor) == (None, DateResolution.NO_ANCHOR, Anchor(AnchorKind.PUBLISHED, None))


# Published on Wednesday 15 May 2024: the last Thursday is 9 May, the coming one 16 May.
@pytest.mark.parametrize("text, value", [
    ("Talks are expected to resume on Thursday.", "2024-05-16"),
    ("The strike will end on Thursday, the union says.", "2024-05-16"),
    ("The vote is due to take place on Thursday.", "2024-05-16"),
    ("Port Valen plans to reopen the harbour next Thursday.", "2024-05-16"),
    ("The ferry is scheduled to sail Thursday morning.", "2024-05-16"),
    ("The dockers' leader will be sentenced on Thursday.", "2024-05-16"),  # a participle after `be` is no past
    ("Mara Osei said on Thursday that the port was closed.", "2024-05-09"),
    ("A dock worker was arrested Thursday.", "2024-05-09"),
    ("The strike began last Thursday and ended on Monday.", "2024-05-09"),
    ("On Wednesday the harbour reopened.", "2024-05-15"),
    ("The men are expected to appear in court on Wednesday.", "2024-05-15"),
])
def test_a_weekday_is_read_by_the_tense_of_its_sentence(tmp_path, text, value):
    source, _ = analyse(text + "\n", published="2024-05-15", tmp_path=tmp_path)
    assert source.dates[0].value == value


def test_in_one_sentence_each_weekday_takes_the_nearest_cue(tmp_path):
    source, _ = analyse("The union said on Monday that talks will resume on Friday.\n", published="2024-05-15", tmp_path=tmp_path)
    assert [(d.text, d.value) for d in source.dates] == [("Monday", "2024-05-13"), ("Friday", "2024-05-17")]
    assert [(d.resolution, d.past_cue, d.future_cue) for d in source.dates] == [
        (DateResolution.PAST_WEEKDAY, "said", None), (DateResolution.COMING_WEEKDAY, None, "will")]


@pytest.mark.parametrize("text, why", [
    ("Strike shuts Port Valen docks on Thursday.", (DateResolution.NO_TENSE, None, None)),
    ("Talks that began Thursday will go on.", (DateResolution.BOTH_TENSES, "began", "will")),
])
def test_a_weekday_without_a_clear_tense_stays_unresolved_and_says_why(tmp_path, text, why):
    source, _ = analyse(text + "\n", published="2024-05-15", tmp_path=tmp_path)
    assert [(d.value, d.resolution, d.past_cue, d.future_cue) for d in source.dates] == [(None, *why)]


def test_day_and_month_take_the_year_of_the_publication_date(tmp_path):
    source, _ = analyse("On Tuesday, March 29, the ministers met.\n", published="2022-03-31", tmp_path=tmp_path)
    (date,) = source.dates
    assert (date.text, date.value) == ("Tuesday, March 29", "2022-03-29")
    assert (date.resolution, date.anchor) == (DateResolution.YEAR_FROM_ANCHOR, Anchor(AnchorKind.PUBLISHED, dt.date(2022, 3, 31)))
    assert (date.weekday_said, date.weekday_real) == (None, None)  # Tuesday it is


def test_a_weekday_that_contradicts_the_date_is_noted(tmp_path):
    source, _ = analyse("On Monday, March 29, 2022, they met.\n", tmp_path=tmp_path)
    (date,) = source.dates
    assert (date.value, date.resolution, date.weekday_said, date.weekday_real) == (
        "2022-03-29", DateResolution.EXPLICIT, "Monday", "Tuesday")


@pytest.mark.parametrize("text, published, resolution, anchor", [
    ("They met on 29 March.", None, DateResolution.NO_YEAR, Anchor(AnchorKind.PUBLISHED, None)),
    ("They met on 30 February 2022.", None, DateResolution.NOT_A_DATE, None),
    ("They met on 29 February.", "2023-03-01", DateResolution.NOT_A_DATE, Anchor(AnchorKind.PUBLISHED, dt.date(2023, 3, 1))),
    ("They met on Friday.", "0001-01-01", DateResolution.OUT_OF_CALENDAR, Anchor(AnchorKind.PUBLISHED, dt.date(1, 1, 1))),
    ("They will meet on Saturday.", "9999-12-31", DateResolution.OUT_OF_CALENDAR, Anchor(AnchorKind.PUBLISHED, dt.date(9999, 12, 31))),
])
def test_a_date_that_cannot_be_resolved_says_why(tmp_path, text, published, resolution, anchor):
    source, _ = analyse(text + "\n", published=published, tmp_path=tmp_path)
    assert [(d.value, d.resolution, d.anchor) for d in source.dates] == [(None, resolution, anchor)]


def test_seed_004_dates(seed_site):
    source = seed_site.by_id["004_7807f473fc62edd1"]
    assert [(d.text, d.value, d.span.paragraph) for d in source.dates] == [("Tuesday, March 29", "2022-03-29", "p1")]


def test_seed_guilin_weekdays_resolve_through_the_event(seed_site):
    source = seed_site.by_id["001_31d0fa55b8edf2a7"]
    assert [(d.text, d.value) for d in source.dates] == [("Tuesday", "2021-03-23"), ("Monday", "2021-03-22"), ("Tuesday", "2021-03-23")]
    assert {(d.resolution, d.anchor) for d in source.dates} == {
        (DateResolution.PAST_WEEKDAY, Anchor(AnchorKind.EVENT, dt.date(2021, 3, 23), "guilin-2021"))}


def test_seed_weekdays_stay_unresolved_without_a_date_or_an_event(project):
    import shutil

    from site_builder.build.pipeline import BuildOptions, load_site
    from site_builder.errors import Diagnostics

    shutil.rmtree(project / "content/events")
    source = load_site(project, BuildOptions(), Diagnostics()).by_id["001_31d0fa55b8edf2a7"]
    assert [(d.text, d.value) for d in source.dates] == [("Tuesday", None), ("Monday", None), ("Tuesday", None)]
    assert {d.resolution for d in source.dates} == {DateResolution.NO_ANCHOR}


TOKENS = st.sampled_from(["March", "May", "Monday", "Friday,", "29", "2022", "3", "31.03.2022", "2021-03-23", "1st",
                          "١٢", "٢٠٢١", "marchMonday", "in", ",", " ", "\u00a0", "-", "."])


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, max_size=12).map("".join))
def test_the_quick_checks_never_rule_out_a_pattern_that_matches(text):
    every = (*NUMERIC, *NAMED, WEEKDAY)
    kept = patterns_for(text)
    assert kept == [pattern for pattern in every if pattern in kept]  # in order of precedence
    assert all(pattern in kept for pattern in every if pattern.search(text))


def test_the_anchor_is_the_publication_day_named_as_the_datelines_by_its_basis_not_by_its_wording():
    import dataclasses

    from site_builder.analysis.dates import anchor_of
    from site_builder.model import Basis, LineKind, Source, extracted

    def anchored(field):
        source = Source("s", "seeds/s.txt", "s.txt", "txt", "", 0, "utf-8", LineKind.FILE, (), {"published": field})
        return anchor_of(source)

    worded = extracted("2024-05-14", "the dateline, line 3")
    assert anchored(worded).kind == AnchorKind.PUBLISHED
    assert anchored(dataclasses.replace(worded, detail="line 3", basis=Basis.DATELINE)) == Anchor(AnchorKind.DATELINE, dt.date(2024, 5, 14))
    assert anchored(extracted("2024-05-14T23:30:00-04:00", "line 2")) == Anchor(AnchorKind.PUBLISHED, dt.date(2024, 5, 14))
    assert anchored(extracted("2024-05", "line 2")) == Anchor(AnchorKind.PUBLISHED, None)  # a month anchors no weekday
