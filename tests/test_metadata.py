"""Seed facts: what extraction finds in the seeds, and where each value says it came from."""

import pytest
from conftest import REPO

from site_builder.build.pipeline import BuildOptions, load_site
from site_builder.errors import Diagnostics


@pytest.fixture(scope="module")
def site():
    return load_site(REPO, BuildOptions(cache=False), Diagnostics())


def field(site, source_id, name):
    return site.by_id[source_id].field(name)


@pytest.mark.parametrize("source_id, title", [
    ("000_9f45db1a97bdd9a5", "China and Russia Join Forces Against Western Sanctions"),
    ("001_31d0fa55b8edf2a7", "China, Russia hit out at US interference"),
    ("002_83436da1cc890094", "Chinese and Russian diplomatic leaders have shown unity against the US and the EU"),
    ("004_7807f473fc62edd1", "Russia and China Agreed to ‘Move Towards Multipolar World Order’"),
])
def test_headline_titles_are_extracted_from_line_1(site, source_id, title):
    assert field(site, source_id, "title").value == title
    assert (field(site, source_id, "title").kind, field(site, source_id, "title").detail) == ("extracted", "line 1")


def test_seed_003_has_no_headline_so_its_title_is_derived_and_says_so(site):
    title = field(site, "003_28d1eb4e5542eb3f", "title")
    assert title.kind == "derived"
    assert title.value.startswith("Russia and China have called for a United Nations Security Council summit")
    assert "DM Monitoring" not in title.value and "BEIJING" not in title.value
    assert "no headline" in title.detail


def test_seed_003_credit_and_dateline(site):
    assert field(site, "003_28d1eb4e5542eb3f", "credit").value == "DM Monitoring"
    assert field(site, "003_28d1eb4e5542eb3f", "credit").detail == "line 1"
    assert field(site, "003_28d1eb4e5542eb3f", "place").value == "BEIJING"
    assert field(site, "003_28d1eb4e5542eb3f", "place").detail == "line 2"


def test_seed_004_dateline_gives_the_publication_date_and_credit(site):
    published = field(site, "004_7807f473fc62edd1", "published")
    assert (published.value, published.kind, published.detail) == ("2022-03-31", "extracted", "line 29")
    credit = field(site, "004_7807f473fc62edd1", "credit")
    assert (credit.value, credit.kind, credit.detail) == ("Rossiyskaya Gazeta", "extracted", "line 30")


def test_seed_001_shine_label_is_the_publisher(site):
    publisher = field(site, "001_31d0fa55b8edf2a7", "publisher")
    assert (publisher.value, publisher.kind, publisher.detail) == ("Shine", "extracted", "line 3")


def test_seed_002_rights_notice_gives_rights_and_credits_bns(site):
    rights = field(site, "002_83436da1cc890094", "rights")
    assert rights.value.startswith("It is not allowed to publish, quote or reproduce the information of the BNS")
    assert (rights.kind, rights.detail) == ("extracted", "line 29")
    assert field(site, "002_83436da1cc890094", "credit").value == "BNS"


@pytest.mark.parametrize("source_id", ["000_9f45db1a97bdd9a5", "001_31d0fa55b8edf2a7", "002_83436da1cc890094", "003_28d1eb4e5542eb3f"])
def test_dates_nothing_states_stay_unknown(site, source_id):
    assert not field(site, source_id, "published").known
    assert field(site, source_id, "published").kind == "unknown"


def test_sidecars_declare_language_and_a_note_for_every_seed(site):
    for source in site.sources:
        language = source.field("language")
        assert (language.value, language.kind) == ("en", "declared")
        assert (language.kind, language.detail) == ("declared", f"content/sources/{source.id}.yaml")
        assert source.notes


def test_paragraph_ids_are_sequential_and_offsets_index_the_cleaned_text(site):
    for source in site.sources:
        assert [p.id for p in source.paragraphs] == [f"p{n}" for n in range(1, len(source.paragraphs) + 1)]
        for paragraph in source.paragraphs:
            assert source.text[paragraph.start:paragraph.end] == paragraph.text
