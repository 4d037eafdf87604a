"""Comparison tables: the Guilin seed facts cell by cell, and each difference type on small cases."""

import random

import pytest
from conftest import PEOPLE_YAML, sentence, write

from site_builder.build.pipeline import BuildOptions, load_site
from site_builder.errors import Diagnostics
from site_builder.linking.compare import FACET_KINDS, Reading, row_of
from site_builder.model import Difference, Standing, Status
from site_builder.options import Facet


def row(site, facet_id, event_id="guilin-2021"):
    event = next(e for e in site.events if e.id == event_id)
    found = next(r for r in event.rows if r.facet.id == facet_id)
    return {cell.source[:3]: cell for cell in found.cells}, found


def test_place_of_the_monday_meeting(seed_site):
    cells, found = row(seed_site, "place")
    for source in ("000", "001", "003"):
        assert (cells[source].status, cells[source].values) == ("agree", ("Guilin",))
    assert (cells["002"].status, cells["002"].difference, cells["002"].wording) == ("differ", "unresolved name", ("Naning",))
    assert "Guilin" not in cells["002"].values  # never silently mapped
    guilin = next(e for e in seed_site.events if e.id == "guilin-2021")
    assert sentence("contest", found, {s: s[:3] for s in guilin.sources}) == (
        "Place of the Monday meeting: other spellings, or names no entity matches: “Naning” (1 report: 002).")


def test_who_imposed_the_sanctions(seed_site):
    cells, _ = row(seed_site, "sanctioners")
    four = ("Canada", "European Union", "United Kingdom", "United States")
    assert (cells["001"].status, cells["001"].values) == ("agree", four)
    assert "Britain" in cells["001"].wording  # Britain is the United Kingdom: they agree
    assert (cells["003"].status, cells["003"].values) == ("agree", four)
    assert (cells["002"].status, cells["002"].values, cells["002"].difference) == ("partial", ("European Union", "United States"), "omission")
    assert (cells["000"].status, cells["000"].values) == ("partial", ("European Union", "United States"))


def test_china_counter_sanctions(seed_site):
    cells, _ = row(seed_site, "counter-sanctions")
    assert (cells["002"].status, cells["002"].values, cells["002"].wording) == ("agree", ("10", "4"), ("10 Europeans", "four institutions"))
    assert (cells["003"].status, cells["003"].values, cells["003"].wording) == ("agree", ("10", "4"), ("10 European individuals", "four institutions"))
    assert cells["000"].status == cells["001"].status == "silent"


@pytest.mark.parametrize("facet, reporting, silent", [("unsc-summit", ("000", "001", "003"), "002"), ("iran", ("001", "002", "003"), "000")])
def test_what_is_reported_at_all(seed_site, facet, reporting, silent):
    cells, _ = row(seed_site, facet)
    assert all(cells[s].status == "agree" and cells[s].evidence for s in reporting)
    assert (cells[silent].status, cells[silent].difference) == ("silent", "omission")


def test_lavrovs_first_name_is_a_spelling_variant(seed_site):
    cells, _ = row(seed_site, "lavrov-name")
    assert [cells[s].values for s in ("000", "001", "002")] == [("Sergei Lavrov",)] * 3
    assert (cells["003"].status, cells["003"].difference, cells["003"].values) == ("differ", "spelling variant", ("Sergey Lavrov",))


def test_xinjiang_region_or_province(seed_site):
    cells, _ = row(seed_site, "xinjiang")
    assert (cells["002"].status, cells["002"].values) == ("differ", ("region",))
    assert (cells["003"].status, cells["003"].values) == ("differ", ("province",))
    assert cells["002"].difference == "conflict"


def test_wang_yis_quote(seed_site):
    cells, _ = row(seed_site, "wang-on-sanctions")
    assert cells["001"].status == cells["003"].status == "agree"
    assert cells["001"].wording == cells["003"].wording == ("Countries should stand together to oppose all forms of unilateral sanctions",)
    assert (cells["002"].status, cells["002"].difference) == ("differ", "quote variant")
    assert cells["002"].wording == ("The parties must unanimously oppose any unilateral sanction",)
    assert cells["000"].status == "silent"


def test_every_reading_links_to_a_paragraph_that_holds_its_words(seed_site):
    for event in seed_site.events:
        for found in event.rows:
            for cell in found.cells:
                source = seed_site.by_id[cell.source]
                assert bool(cell.values) == bool(cell.evidence)
                texts = " ".join(source.paragraph(p).text for p in cell.evidence)
                for words in cell.wording:
                    assert words in texts


# Small hand-written cases -------------------------------------------------------------------------

SOURCES = {
    "a": "Report one\n\nWang Yi met Sergei Lavrov in Guilin on Monday. “We reject all sanctions,” Wang said. Officials counted 12 ships.\n",
    "b": "Report two\n\nWang Yi met Sergey Lavrov in Guilin on Monday. “We reject all the sanctions,” Wang said. Officials counted 12 ships.\n",
    "c": "Report three\n\nWang Yi met Sergei Lavrov in Naning on Monday. “We reject all sanctions,” Wang said. Officials counted 15 ships.\n",
    "d": "Report four\n\nWang Yi met Sergei Lavrov on Monday.\n",
}
FACETS = """facets:
  - {id: place, label: Place, kind: place, patterns: ['met \\w+ \\w+ in (?P<value>[A-Z]\\w+)']}
  - {id: name, label: Name, kind: name, entity: sergei-lavrov}
  - {id: quote, label: Quote, kind: quote, speaker: wang-yi}
  - {id: ships, label: Ships, kind: number, near: [ships]}
  - {id: people, label: People, kind: entities, types: [person]}
"""


@pytest.fixture
def small(tmp_path):
    for name, text in SOURCES.items():
        write(tmp_path / f"seeds/{name}.txt", text)
    write(tmp_path / "content/entities.yaml", PEOPLE_YAML)
    write(tmp_path / "content/events/talks.md", "---\ntitle: Talks\nsources: [a, b, c, d]\n" + FACETS + "---\n")
    site = load_site(tmp_path, BuildOptions(), Diagnostics())
    return {r.facet.id: {c.source: c for c in r.cells} for r in site.events[0].rows} | {"rows": {r.facet.id: r for r in site.events[0].rows}}


@pytest.mark.parametrize("facet, source, status, difference", [
    ("place", "a", "agree", None),
    ("place", "c", "differ", "unresolved name"),
    ("place", "d", "silent", "omission"),
    ("name", "b", "differ", "spelling variant"),
    ("quote", "b", "differ", "quote variant"),
    ("quote", "c", "agree", None),
    ("ships", "c", "differ", "conflict"),
    ("ships", "a", "agree", None),
    ("people", "d", "agree", None),
])
def test_difference_types(small, facet, source, status, difference):
    assert (small[facet][source].status, small[facet][source].difference) == (status, difference)


def test_partial_is_a_subset(tmp_path):
    write(tmp_path / "seeds/a.txt", "One\n\nWang Yi and Sergei Lavrov met.\n")
    write(tmp_path / "seeds/b.txt", "Two\n\nWang Yi and Sergei Lavrov met.\n")
    write(tmp_path / "seeds/c.txt", "Three\n\nWang Yi met officials.\n")
    write(tmp_path / "content/entities.yaml", PEOPLE_YAML)
    write(tmp_path / "content/events/e.md", "---\ntitle: E\nsources: [a, b, c]\n---\n")
    site = load_site(tmp_path, BuildOptions(), Diagnostics())
    people = next(r for r in site.events[0].rows if r.facet.id == "people")
    assert [(c.source, c.status) for c in people.cells] == [("a", "agree"), ("b", "agree"), ("c", "partial")]
    assert not people.contested  # giving less is an omission, not a contradiction
    assert [(a.value, [s for s, _ in a.given_by], a.standing) for a in people.answers] == [
        ("Wang Yi", ["a", "b", "c"], Standing.GIVEN), ("Sergei Lavrov", ["a", "b"], Standing.GIVEN)]


@pytest.mark.parametrize("facet, answers", [
    # two counts of one thing conflict; the most given first
    ("ships", [("12", "ship", ["a", "b"], Standing.CONFLICT), ("15", "ship", ["c"], Standing.CONFLICT)]),
    # a name matching no entity is a variant, not a conflict with the place others give
    ("place", [("“Naning” (unresolved)", "", ["c"], Standing.VARIANT), ("Guilin", "", ["a", "b"], Standing.GIVEN)]),
    # a spelling other than the most given one is a variant
    ("name", [("Sergey Lavrov", "", ["b"], Standing.VARIANT), ("Sergei Lavrov", "", ["a", "c", "d"], Standing.GIVEN)]),
    # several names a report gives are a list, not rival answers
    ("people", [("Sergei Lavrov", "", ["a", "b", "c", "d"], Standing.GIVEN), ("Wang Yi", "", ["a", "b", "c", "d"], Standing.GIVEN)]),
])
def test_answers_are_grouped_with_the_reports_giving_them_conflicts_then_variants_first(small, facet, answers):
    found = small["rows"][facet].answers
    assert [(a.value, a.about, [s for s, _ in a.given_by], a.standing) for a in found] == answers
    assert all(paragraph == "p1" for a in found for _, paragraph in a.given_by)  # each report's evidence


def test_a_question_each_report_answers_once_conflicts_between_any_two_answers(seed_site):
    _, found = row(seed_site, "xinjiang")
    assert {a.value: a.standing for a in found.answers} == {"region": Standing.CONFLICT, "province": Standing.CONFLICT}


def test_the_differences_sentence_groups_reports_by_answer(small):
    labels = {"a": "Reuters", "b": "AP", "c": "TASS", "d": "BBC"}
    assert sentence("contest", small["rows"]["ships"], labels) == (
        "Ships: “12 ships” (2 reports: Reuters and AP) against “15 ships” (1 report: TASS).")


def test_the_differences_sentence_stays_short_however_many_reports_and_answers():
    """Thirty reports, five things counted two to four ways: three things, two answers each, two
    labels each, then how many more; never one sentence per report."""
    from site_builder.model import Answer, Cell, Row, Status
    from site_builder.options import Facet

    reports = [f"r{n:02d}" for n in range(30)]
    answers = tuple(Answer(f"{n}", thing, f"{n} {thing}", tuple((r, "p1") for r in reports[:count]), Standing.CONFLICT)
                    for thing, ways in (("dead", 4), ("injured", 3), ("homes", 2), ("ships", 2), ("roads", 2))
                    for n, count in zip(range(10, 10 + ways), (9, 5, 2, 1)))
    row = Row(Facet("numbers", "Numbers given", "number"), tuple(Cell(r, ("1",), ("1",), ("p1",), Status.DIFFER) for r in reports), (), answers,
              FACET_KINDS["number"].traits)
    said = sentence("contest", row, {r: f"Outlet {r}" for r in reports})
    assert said == ("Numbers given: “10 dead” (9 reports: Outlet r00, Outlet r01 and 7 more) against “11 dead” (5 reports: "
                    "Outlet r00, Outlet r01 and 3 more) and 2 other answers; “10 injured” (9 reports: Outlet r00, Outlet r01 and 7 more) "
                    "against “11 injured” (5 reports: Outlet r00, Outlet r01 and 3 more) and 1 other answer; “10 homes” (9 reports: "
                    "Outlet r00, Outlet r01 and 7 more) against “11 homes” (5 reports: Outlet r00, Outlet r01 and 3 more); "
                    "2 more things answered differently.")


def test_numbers_are_compared_thing_by_thing(tmp_path):
    write(tmp_path / "seeds/a.txt", "One\n\nThe strike cut output by 9 percent and idled 40 ships.\n")
    write(tmp_path / "seeds/b.txt", "Two\n\nOutput fell 9 percent. The union said 40 ships were idle.\n")
    write(tmp_path / "seeds/c.txt", "Three\n\nOutput fell 4 percent, and 300 workers marched.\n")
    write(tmp_path / "seeds/d.txt", "Four\n\nSome 300 workers marched past 40 ships.\n")
    write(tmp_path / "content/events/e.md", "---\ntitle: E\nsources: [a, b, c, d]\n---\n")
    site = load_site(tmp_path, BuildOptions(), Diagnostics())
    numbers = next(r for r in site.events[0].rows if r.facet.id == "numbers")
    # only c gives another value for a thing others give (percent); ships and workers agree
    assert [(c.source, c.status) for c in numbers.cells] == [("a", "agree"), ("b", "agree"), ("c", "differ"), ("d", "agree")]
    assert [about for about, _ in numbers.conflicts] == ["percent"]


# The grid, the answers and the differences tell one story -------------------------------------

PLACES = Facet("places", "Places named", "entities", types=("place",))
SHIPS = Facet("ships", "Ships", "number")


def read(*values, about=""):
    return [Reading(value, value, "p1", about=about) for value in values]


def test_naming_a_place_the_others_do_not_is_no_difference():
    found = {"a": read("Guilin"), "b": read("Guilin"), "c": read("Guilin", "Beijing"), "d": read("Guilin", "Shanghai")}
    row = row_of(PLACES, found)
    assert [(c.source, c.status, c.difference) for c in row.cells] == [
        ("a", "agree", None), ("b", "agree", None), ("c", "agree", None), ("d", "agree", None)]
    assert not row.contested


def test_reports_split_with_no_reading_leading_are_split_not_agreeing_nor_in_conflict():
    row = row_of(PLACES, {"a": read("Guilin", "Beijing"), "b": read("Guilin", "Shanghai")})
    assert [(c.status, c.difference) for c in row.cells] == [("split", None), ("split", None)] and not row.contested
    quoted = row_of(Facet("speakers", "Who is quoted", "speakers"), {"a": read("Rick Sturm"), "b": read("Shaw Wu"), "c": []})
    assert [c.status for c in quoted.cells] == ["split", "split", "silent"] and not quoted.contested


def test_a_count_against_the_reference_differs_and_the_reference_cells_agree():
    row = row_of(SHIPS, {"a": read("12", about="ships"), "b": read("12", about="ships"), "c": read("15", about="ships"),
                         "d": read("9", about="percent")})
    assert [(c.source, c.status, c.difference) for c in row.cells] == [
        ("a", "agree", None), ("b", "agree", None), ("c", "differ", Difference.CONFLICT), ("d", "agree", None)]
    assert row.contested and [answer.value for _, group in row.conflicts for answer in group] == ["12", "15"]


@pytest.mark.parametrize("seed", range(40))
def test_a_cell_differs_exactly_where_it_gives_a_contested_answer_outside_the_reference(seed):
    rng = random.Random(seed)
    facet = rng.choice([PLACES, SHIPS, Facet("name", "Name", "name"), Facet("quote", "Quote", "quote")])
    pool = ["Guilin", "Beijing", "Naning", "Tunxi"]
    found = {}
    for source in "abcdef"[: rng.randint(2, 6)]:
        picked = rng.sample(pool, rng.randint(0, 2))
        found[source] = [Reading(v, v, "p1", unresolved=v == "Naning", about=rng.choice(["", "ships"]) if facet is SHIPS else "")
                         for v in picked]
    row = row_of(facet, found)
    standing = {answer.value: answer.standing for answer in row.answers}
    for cell in row.cells:
        given = [standing[value] for value in cell.values]
        if cell.status == Status.DIFFER:
            assert row.contested
            assert (Standing.CONFLICT if cell.difference == Difference.CONFLICT else Standing.VARIANT) in given
        else:
            assert cell.difference in (None, Difference.OMISSION)
        if not cell.values:
            assert cell.status == Status.SILENT


def test_counts_are_rivals_when_they_count_one_thing_by_the_rule_event_proposals_use(tmp_path):
    """`3 rockets` and `4 Grad rockets` count rockets (analysis.counts.counted_thing), here as when
    proposals weigh what two reports disagree on."""
    write(tmp_path / "seeds/a.txt", "One\n\nMilitants fired 3 rockets at the town on Monday.\n")
    write(tmp_path / "seeds/b.txt", "Two\n\nMilitants fired 4 Grad rockets at the town on Monday.\n")
    write(tmp_path / "content/events/e.md", "---\ntitle: E\nsources: [a, b]\n---\n")
    site = load_site(tmp_path, BuildOptions(), Diagnostics())
    numbers = next(r for r in site.events[0].rows if r.facet.id == "numbers")
    assert [(about, [a.value for a in group]) for about, group in numbers.conflicts] == [("rocket", ["3", "4"])]
    assert [c.difference for c in numbers.cells] == [Difference.CONFLICT, Difference.CONFLICT]


def test_two_spellings_given_equally_often_are_each_a_variant_of_the_other():
    name = Facet("name", "Name", "name")
    row = row_of(name, {"a": read("Sergei Lavrov"), "b": read("Sergey Lavrov"), "c": []})
    assert [answer.standing for answer in row.answers] == [Standing.VARIANT, Standing.VARIANT]
    assert [(c.status, c.difference) for c in row.cells] == [
        ("differ", Difference.SPELLING), ("differ", Difference.SPELLING), ("silent", Difference.OMISSION)]
    row = row_of(name, {"a": read("Sergei Lavrov"), "b": read("Sergey Lavrov"), "c": read("Sergei Lavrov")})
    assert [answer.standing for answer in row.answers] == [Standing.VARIANT, Standing.GIVEN]


def test_a_plugins_facet_kind_compares_by_the_traits_it_declares(monkeypatch):
    from site_builder.linking import compare
    from site_builder.model import FacetTraits

    def first_word(source, facet, gazetteer, where):
        return []

    declared = compare.FacetKind(first_word, FacetTraits(variant=Difference.SPELLING, own_words=True))
    monkeypatch.setattr(compare, "registered", lambda kind: [("spelled", declared), ("bare", first_word)])
    kinds = compare.facet_kinds()
    assert kinds["spelled"] is declared and kinds["bare"] == compare.FacetKind(first_word) and "quote" in kinds
    found = {"a": read("Lavrov"), "b": read("Lavrov"), "c": read("Lavrow")}
    spelled, bare = row_of(Facet("s", "S", "spelled"), found), row_of(Facet("b", "B", "bare"), found)
    assert [c.difference for c in spelled.cells] == [None, None, Difference.SPELLING] and spelled.traits.own_words
    assert [c.difference for c in bare.cells] == [None, None, Difference.CONFLICT] and bare.traits == FacetTraits()


def test_a_cell_no_other_source_answers_agrees_and_the_event_page_says_it_is_alone():
    row = row_of(PLACES, {"a": read("Guilin"), "b": [], "c": []})
    assert row.reporting == 1 and [c.status for c in row.cells] == ["agree", "silent", "silent"]
    assert sentence("alone") == "no other source reports this"
