"""The facts that tell one event from another of its kind: names, counted things, the day."""

import datetime as dt

from site_builder.linking.key_facts import KeyFacts, count_agreement, key_facts, name_words, report_day
from site_builder.model import (
    Candidate,
    Count,
    DateRef,
    DateResolution,
    Mention,
    Paragraph,
    Source,
    Span,
    extracted,
)

SPAN = Span("p1", 0, 1)


def report(title: str = "", published: str | None = None, **found) -> Source:
    fields = {"title": extracted(title, "line 1")} if title else {}
    if published:
        fields["published"] = extracted(published, "the sidecar")
    return Source(id="r", path="", filename="", format="txt", sha256="", size=0, encoding="utf-8", line_label="line",
                  lines=(), fields=fields, paragraphs=(Paragraph("p1", "text", 0, 4, 1),), **found)


def test_a_name_is_its_capitalised_words_so_a_surname_meets_the_full_name():
    assert name_words("Warren Jeffs") == ["warren", "jeffs"]
    assert name_words("Church of Jesus Christ") == ["church", "jesus", "christ"]
    assert name_words("Wang") == ["wang"]


def test_names_count_their_mentions_and_a_name_in_the_headline_counts_more():
    source = report("Mara Osei wins in Port Valen",
                    candidates=(Candidate("Mara Osei", SPAN), Candidate("Osei", SPAN), Candidate("Tarn", SPAN)),
                    mentions=(Mention("port-valen", SPAN, "Port Valen"),))
    names = key_facts(source).names
    assert names["osei"] == 2 + 2 and names["mara"] == 1 + 2 and names["tarn"] == 1
    assert names["e:port-valen"] == 1 + 2


def test_counts_agree_or_differ_per_thing_and_a_qualified_or_ambiguous_value_is_no_fact():
    a = key_facts(report(counts=(Count("5 people", SPAN, 5, "people"), Count("3 ships", SPAN, 3, "ships"),
                                 Count("at least 40 boats", SPAN, 40, "boats", "at least"),
                                 Count("2 jets", SPAN, 2, "jets"), Count("4 jets", SPAN, 4, "jets"))))
    b = key_facts(report(counts=(Count("five people", SPAN, 5, "people"), Count("7 ships", SPAN, 7, "ships"),
                                 Count("12 boats", SPAN, 12, "boats"), Count("9 jets", SPAN, 9, "jets"))))
    assert a.counts == {"people": 5, "ship": 3}
    assert count_agreement(a, b) == 1 - 1  # people agree, ships differ; boats and jets say nothing


def test_the_day_is_the_publication_day_else_the_date_the_text_gives_most():
    assert report_day(report(published="2024-05-15T10:00:00Z")) == dt.date(2024, 5, 15).toordinal()
    dates = (DateRef("14 May 2024", SPAN, "2024-05-14", DateResolution.EXPLICIT), DateRef("May 2024", SPAN, "2024-05", DateResolution.EXPLICIT_MONTH),
             DateRef("1 May", SPAN, "2024-05-01", DateResolution.YEAR_FROM_ANCHOR), DateRef("14 May", SPAN, "2024-05-14", DateResolution.YEAR_FROM_ANCHOR),
             DateRef("Thursday", SPAN, None, DateResolution.NO_ANCHOR))
    assert report_day(report(dates=dates)) == dt.date(2024, 5, 14).toordinal()
    assert report_day(report(dates=dates[1:2])) is None


def test_a_publication_month_or_a_date_that_is_no_day_leaves_the_day_to_the_text():
    dates = (DateRef("14 May 2024", SPAN, "2024-05-14", DateResolution.EXPLICIT), DateRef("May 2024", SPAN, "2024-05", DateResolution.EXPLICIT_MONTH))
    for published in ("2024-05", "2024", "2024-02-30"):
        assert report_day(report(published=published, dates=dates)) == dt.date(2024, 5, 14).toordinal()
        assert report_day(report(published=published)) is None


def test_key_facts_of_a_report_with_nothing_found_are_empty():
    assert key_facts(report()) == KeyFacts({}, {}, None)
