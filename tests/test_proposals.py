"""Proposed events described from their reports: a headline for a title, dates, shared names, a
readable id that stays while the members do, and no event of one report."""

import dataclasses

from conftest import write

from site_builder.build.pipeline import BuildOptions, load_site
from site_builder.errors import Diagnostics
from site_builder.linking.proposals import headline_idf, representative, shared_dates
from site_builder.model import DateRef, DateResolution, Paragraph, Source, Span, extracted

FLOOD = ("The river Velmar burst its banks in Ostrava Nova on 4 March 2024, flooding three districts. Rescue crews "
         "from Harlan Brigade evacuated residents as the water rose through the night. Mayor Ilse Dorn said the "
         "levees had failed near the old mill and promised an inquiry into the warnings.")
VOTE = ("Voters in Kestria elected Tomas Brel as president on 9 June 2024 after a campaign dominated by grain "
        "prices and the Kestrian port tariffs. Brel won the runoff against Anja Velt with a clear margin, the "
        "electoral commission in Dunmore said. Turnout rose in the northern provinces.")
LONE = "A chess club in Pellworth opened a new hall for junior players and hosted a regional tournament for schools."


def project(root, extra: dict[str, str] | None = None):
    reports = {
        "f1": "River Velmar floods Ostrava Nova districts\n\n" + FLOOD,
        "f2": "Velmar flood: Ostrava Nova districts under water\n\n" + FLOOD.replace("three", "several"),
        "f3": "Mayor promises inquiry after levees fail\n\n" + FLOOD.replace("the night", "Monday night"),
        "v1": "Tomas Brel elected president of Kestria\n\n" + VOTE,
        "v2": "Kestria elects Brel president after runoff\n\n" + VOTE.replace("clear", "narrow"),
        "v3": "Brel wins Kestria runoff against Velt\n\n" + VOTE.replace("northern", "southern"),
        "zz": "Chess hall opens\n\n" + LONE,
        **(extra or {}),
    }
    for name, text in reports.items():
        write(root / f"seeds/{name}.txt", text + "\n")
    return load_site(root, BuildOptions(), Diagnostics())


def test_reports_of_two_events_make_two_titled_events_and_a_lone_report_none(tmp_path):
    site = project(tmp_path)
    assert [e.sources for e in site.events] == [("f1", "f2", "f3"), ("v1", "v2", "v3")]
    flood, vote = site.events
    assert flood.title == "River Velmar floods Ostrava Nova districts"  # shares most with the other headlines
    assert flood.id.startswith("proposed-river-velmar-floods-ostrava-nova-districts-") and len(flood.id) < 64
    assert flood.dates == ("2024-03-04",) and flood.derivation.dates_from == "text"
    assert ("Ostrava Nova", 3) in flood.derivation.names and ("Tomas Brel", 3) in vote.derivation.names
    assert not any("zz" in e.sources for e in site.events)


def test_an_event_keeps_its_id_while_its_members_do(tmp_path):
    before = {e.sources: e.id for e in project(tmp_path / "one").events}
    after = {e.sources: e.id for e in project(tmp_path / "two", {"zy": "Chess results\n\n" + LONE.replace("new", "big")}).events}
    assert {k: v for k, v in after.items() if k in before} == before


def headline(source_id: str, title: str) -> Source:
    return Source(id=source_id, path="", filename="", format="txt", sha256="", size=0, encoding="utf-8", line_label="line",
                  lines=(), fields={"title": extracted(title, "line 1")}, paragraphs=(Paragraph("p1", title, 0, len(title), 1),))


def test_the_representative_headline_shares_the_rarest_words_with_most_others():
    group = [headline("a", "Aceh quake: roads and bridges collapse"), headline("b", "Dozens hurt as quake shakes Aceh province"),
             headline("c", "Officials count the damage"), headline("d", "Aceh quake: dozens hurt")]
    others = [headline(f"x{n}", f"Quake news number {n}") for n in range(5)]
    assert representative(group, headline_idf(group + others)).id == "d"  # short, and every word shared


def test_the_events_page_lists_the_lone_report_as_not_grouped_and_an_event_says_how_it_was_described(tmp_path):
    from site_builder.build.pipeline import build

    project(tmp_path / "project")
    build(tmp_path / "project", tmp_path / "public", BuildOptions())
    index = (tmp_path / "public/events/index.html").read_text(encoding="utf-8")
    lone = index[index.index('id="not-grouped"'):]
    assert '<a href="../sources/zz/index.html"><strong>Chess hall opens</strong></a>' in lone and "f1" not in lone
    flood = next((tmp_path / "public/events").glob("proposed-river-velmar-*/index.html")).read_text(encoding="utf-8")
    assert "titled by the headline of <a href=\"../../sources/f1/index.html\">River Velmar floods Ostrava Nova…</a>" in flood
    assert "the date most of its reports’ texts give" in flood


def dated(source_id: str, *values: str) -> Source:
    source = headline(source_id, "Quake")
    return dataclasses.replace(source, dates=tuple(DateRef(v, Span("p1", 0, 1), v, DateResolution.EXPLICIT) for v in values))


def test_an_event_is_dated_by_the_day_its_reports_give_never_by_a_background_month():
    assert shared_dates([dated("a", "2009-09", "2013-07-02"), dated("b", "2009-09", "2013-07-02"), dated("c", "2009-09")]) == (
        ("2013-07-02",), "text")
    assert shared_dates([dated("a", "2009-09"), dated("b", "2009-09")]) == ((), None)


def published(source_id: str, value: str, *text_dates: str) -> Source:
    source = dated(source_id, *text_dates)
    return dataclasses.replace(source, fields={**source.fields, "published": extracted(value, "line 2")})


def test_an_event_is_dated_by_its_reports_publication_days_never_by_a_publication_month():
    assert shared_dates([published("a", "2013-07-03T09:00:00"), published("b", "2013-07"), published("c", "2013-07-01")]) == (
        ("2013-07-01", "2013-07-03"), "published")
    assert shared_dates([published(name, "2013-07", "2013-07-02") for name in "ab"]) == (("2013-07-02",), "text")


def test_a_day_only_a_few_of_an_events_reports_give_is_not_its_date():
    few = [dated("a", "2005-05-01"), dated("b", "2005-05-01")] + [dated(name) for name in "cdefg"]
    assert shared_dates(few) == ((), None)
    assert shared_dates(few[:4]) == (("2005-05-01",), "text")  # two of four share it
