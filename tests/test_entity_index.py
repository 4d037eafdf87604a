"""The link stage for entities: spellings with their sources, co-occurrence, quotes, names to review."""

from site_builder.model import SurfaceForm


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
