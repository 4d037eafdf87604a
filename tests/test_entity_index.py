"""The link stage for entities: spellings with their sources, co-occurrence, quotes, names to review."""

import random

import pytest

from site_builder.linking.entity_index import gather_names
from site_builder.model import Candidate, Source, Span, SurfaceForm


def test_surface_forms_list_each_spelling_with_its_sources(seed_site):
    forms = seed_site.entities["uyghurs"].forms
    assert set(forms) == {
        SurfaceForm("Uyghur", False, ("000_9f45db1a97bdd9a5",), 1),
        SurfaceForm("Uighurs", True, ("002_83436da1cc890094",), 1),
        SurfaceForm("Uighur", True, ("003_28d1eb4e5542eb3f",), 1),
    }
    assert seed_site.entities["uyghurs"].has_variants
    assert not seed_site.entities["tunxi"].has_variants


def test_counts_by_source_and_cooccurrence(seed_site):
    report = seed_site.entities["tunxi"]
    assert report.counts_by_source == {"004_7807f473fc62edd1": 1}
    together = dict(report.cooccurring)
    assert together["sergei-lavrov"] == 1 and together["wang-yi"] == 1 and "tunxi" not in together


def test_quotes_are_gathered_under_their_speaker(seed_site):
    quoted = [(q.source[:3], q.item.text[:20]) for q in seed_site.entities["wang-yi"].quotes]
    assert ("001", "Countries should sta") in quoted and ("002", "The parties must una") in quoted
    assert ("003", "Countries should sta") in quoted


def test_names_to_review_put_names_in_several_sources_first(seed_site):
    names = seed_site.names_to_review
    assert [n.surface for n in names[:3]] == ["West", "Cold War", "Kremlin"]
    naning = next(n for n in names if n.surface == "Naning")
    assert naning.sources == ("002_83436da1cc890094",) and naning.hint == "place"


def reviewed(written: list[list[str]]) -> dict[str, int]:
    """{listed name: occurrences} of the names to review of sources whose candidates are `written`."""
    sources = [Source(f"s{n}", f"seeds/s{n}.txt", f"s{n}.txt", "txt", "", 0, "utf-8", "line", (), {},
                      candidates=tuple(Candidate(surface, Span("p1", 0, len(surface))) for surface in surfaces))
               for n, surfaces in enumerate(written)]
    return {name.surface: len(name.occurrences) for name in gather_names(sources)}


NAMES = ("Port Valen", "Mara Osei", "Velmar", "Ostrava Nova Harbour", "Kestrel Bay")


@pytest.mark.parametrize("seed", range(30))
def test_a_name_in_capitals_is_listed_once_under_its_mixed_case_form_written_most(seed):
    rng = random.Random(seed)
    name = rng.choice(NAMES)
    other = " ".join(word.upper() if rng.random() < 0.5 else word for word in name.split())  # `PORT Valen`
    counts = {name: rng.randint(1, 4), name.upper(): rng.randint(1, 6)}
    if other not in counts:
        counts[other] = rng.randint(1, 4)
    occurrences = [surface for surface, count in counts.items() for _ in range(count)]
    rng.shuffle(occurrences)
    mixed = [surface for surface in counts if not surface.isupper()]
    listed = max(mixed, key=lambda surface: (counts[surface], surface))
    assert reviewed([occurrences[:2], occurrences[2:]]) == {listed: len(occurrences)}


@pytest.mark.parametrize("surface, listed", [
    ("FLDS", True), ("OS X", True),  # acronyms
    ("WINSTON BLACKMORE AND JAMES OLER", False), ("HAD BEEN ARRESTED", False),  # text set in capitals
])
def test_capitals_with_no_mixed_case_form_are_acronyms_up_to_two_words(surface, listed):
    assert (surface in reviewed([[surface, surface]])) == listed
