"""sentences.html: the words the site makes of counts and facts, in the one file a site overrides to
reword or translate them; the other templates call its macros and read the model's own groupings."""

import datetime as dt
import html
import re

import pytest
from conftest import generated_project, sentence, write

from site_builder.build.pipeline import BuildOptions, build
from site_builder.model import (
    UNKNOWN,
    Anchor,
    AnchorKind,
    Basis,
    DateRef,
    DateResolution,
    Origin,
    Span,
    captured,
    combine,
    declared,
    derived,
    extracted,
    front_matter,
)
from site_builder.options import ENTITY_TYPES
from site_builder.site import routes
from site_builder.site.render import BUILTIN_TEMPLATES


@pytest.mark.parametrize("count, words", [(0, "0 reports"), (1, "1 report"), (2, "2 reports"), (1000, "1,000 reports")])
def test_a_count_agrees_with_its_noun(count, words):
    assert sentence("reports", count) == sentence("counted", count, "report") == words


def test_a_noun_that_does_not_just_add_s_is_given_its_plural():
    assert sentence("counted", 1, "more answer", "more answers") == "1 more answer"
    assert sentence("counted", 3, "entry", "entries") == "3 entries"


def test_every_entity_type_has_a_heading():
    headings = [sentence("entity_kind", kind) for kind in ENTITY_TYPES]
    assert all(headings) and len(set(headings)) == len(ENTITY_TYPES)


def test_templates_make_no_plural_and_pick_no_answers_by_standing_themselves():
    """A plural is sentences.html's (`plural`, `counted`, `reports`); a row's conflicts and
    variants are the model's (`Row.conflicts`, `Row.variants`)."""
    inline_plural = re.compile(r"""['"]s['"] if|else ['"]s['"]""")
    for template in sorted(BUILTIN_TEMPLATES.glob("*.html")):
        text = template.read_text(encoding="utf-8")
        assert "selectattr('standing'" not in text, template.name
        assert template.name == "sentences.html" or not inline_plural.search(text), template.name


@pytest.mark.slow
def test_a_site_overriding_sentences_rewords_pair_pages_and_the_network_legend(tmp_path):
    """The words a page's title, breadcrumb and pictures are made of are sentences.html's: the
    generators give labels and titles only."""
    project = generated_project(tmp_path / "project", 60)
    built_in = (BUILTIN_TEMPLATES / "sentences.html").read_text(encoding="utf-8")
    reworded = (built_in.replace("{% macro pair_title(a, b) %}{{ a }} and {{ b }}", "{% macro pair_title(a, b) %}{{ a }} et {{ b }}")
                .replace("{% macro pair_name(a, b) %}{{ a }} ↔ {{ b }}", "{% macro pair_name(a, b) %}{{ a }} / {{ b }}")
                .replace("{% macro other_events() %}other events", "{% macro other_events() %}autres événements"))
    assert reworded.count("et {{ b }}") == reworded.count("{{ a }} / {{ b }}") == reworded.count("autres événements") == 1
    write(project / "templates/sentences.html", reworded)
    output = tmp_path / "public"
    build(project, output, BuildOptions(cache=False))
    pair_page = next((output / routes.REUSE).glob("*--*/index.html")).read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", pair_page).group(1)
    crumb = re.search(r'<li><span aria-current="page">(.*?)</span>', pair_page).group(1)
    assert " et " in title and " and " not in title and " / " in crumb and "↔" not in pair_page
    assert "autres événements" in (output / routes.index(routes.REUSE)).read_text(encoding="utf-8")


@pytest.mark.parametrize("field, said", [
    (declared("AP", "content/sources/a.yaml"), "declared in content/sources/a.yaml"),
    (extracted("2024-05-14", "line 3"), "extracted from line 3"),
    (captured("2026-11-25", "the time of the capture"), "captured: the time of the capture"),
    (derived("Talks", "the headline most reports share"), "derived: the headline most reports share"),
    (front_matter("x"), "front matter"),
    (extracted("2024-05-14", "the PDF's document information (CreationDate)", Basis.FILE_CREATED),
     "extracted from the PDF&#39;s document information (CreationDate): when the file was made, which may be later "
     "than the text’s publication"),
    (UNKNOWN, "not stated in the source or its sidecar"),
])
def test_every_origin_of_a_value_is_said(field, said):
    assert sentence("origin", field) == said


def test_origins_rank_declared_first_and_unknown_last():
    assert [origin.rank for origin in Origin] == list(range(len(Origin)))
    assert combine({"t": extracted("A", "line 1")}, {"t": declared("B", "s.yaml")})["t"].value == "B"


PUBLISHED = Anchor(AnchorKind.PUBLISHED, dt.date(2024, 5, 15))
UNDATED = Anchor(AnchorKind.PUBLISHED, None)
DATE_NOTES = [
    (DateResolution.EXPLICIT, {}, "explicit"),
    (DateResolution.EXPLICIT, {"weekday_said": "Monday", "weekday_real": "Tuesday"},
     "explicit; the text says Monday but this date is a Tuesday"),
    (DateResolution.EXPLICIT_MONTH, {}, "explicit month"),
    (DateResolution.YEAR_FROM_ANCHOR, {"anchor": PUBLISHED}, "year taken from the publication date (2024-05-15)"),
    (DateResolution.YEAR_FROM_ANCHOR, {"anchor": PUBLISHED, "weekday_said": "Monday", "weekday_real": "Friday"},
     "year taken from the publication date (2024-05-15); the text says Monday but this date is a Friday"),
    (DateResolution.PAST_WEEKDAY, {"anchor": Anchor(AnchorKind.DATELINE, dt.date(2024, 5, 14)), "past_cue": "said"},
     "weekday resolved against the dateline's date (2024-05-14)"),
    (DateResolution.PAST_WEEKDAY, {"anchor": Anchor(AnchorKind.EVENT, dt.date(2021, 3, 23), "guilin-2021")},
     "weekday resolved against the event 'guilin-2021' (2021-03-23)"),
    (DateResolution.COMING_WEEKDAY, {"anchor": PUBLISHED, "future_cue": "will"},
     "coming weekday resolved against the publication date (2024-05-15): its sentence looks ahead ('will')"),
    (DateResolution.NO_YEAR, {"anchor": UNDATED}, "unresolved: no year, and no publication date"),
    (DateResolution.NO_ANCHOR, {"anchor": UNDATED}, "unresolved: no publication date to count from"),
    (DateResolution.NO_TENSE, {"anchor": PUBLISHED}, "unresolved: nothing in its sentence says whether it is past or to come"),
    (DateResolution.BOTH_TENSES, {"anchor": PUBLISHED, "past_cue": "began", "future_cue": "will"},
     "unresolved: its sentence reads both as past ('began') and to come ('will')"),
    (DateResolution.NOT_A_DATE, {}, "not a real date"),
    (DateResolution.OUT_OF_CALENDAR, {"anchor": Anchor(AnchorKind.DATELINE, dt.date(1, 1, 1))},
     "unresolved: the dateline's date is too early or too late in the calendar to count from"),
]


@pytest.mark.parametrize("resolution, facts, said", DATE_NOTES)
def test_how_a_date_was_resolved_is_said(resolution, facts, said):
    date = DateRef("Monday", Span("p1", 0, 6), None, resolution, **facts)
    assert html.unescape(sentence("date_note", date)) == said


def test_every_date_resolution_and_anchor_is_said():
    assert {resolution for resolution, _, _ in DATE_NOTES} == set(DateResolution)
    assert {facts["anchor"].kind for _, facts, _ in DATE_NOTES if "anchor" in facts} == set(AnchorKind)


def test_every_status_of_a_comparison_cell_is_explained():
    from site_builder.model import Status
    assert all(sentence("status_meaning", status) for status in Status)
