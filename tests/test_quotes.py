"""Direct quotations and their speakers: seed facts, scare quotes, pronouns, unclosed quotes."""

import pytest
from conftest import PEOPLE_YAML, analyse


def quote(site, source_prefix, starts_with):
    source = next(s for s in site.sources if s.id.startswith(source_prefix))
    found = [q for q in source.quotes if q.text.startswith(starts_with)]
    assert len(found) == 1, [q.text for q in source.quotes]
    return found[0]


@pytest.mark.parametrize("source, words, speaker, evidence", [
    ("001", "Countries should stand together to oppose all forms of unilateral sanctions", "wang-yi", "Wang said"),
    ("003", "Countries should stand together to oppose all forms of unilateral sanctions", "wang-yi", "he said"),
    ("002", "The parties must unanimously oppose any unilateral sanction", "wang-yi", "said Wang Yi"),
    ("004", "We are going through a serious stage", "sergei-lavrov", "Lavrov said"),
])
def test_seed_quotes_are_attributed_to_the_person(seed_site, source, words, speaker, evidence):
    found = quote(seed_site, source, words)
    assert (found.kind, found.speaker, found.attribution) == ("statement", speaker, evidence)


@pytest.mark.parametrize("source, label", [("001", "Russia and China"), ("003", "the joint statement of Russia and China")])
def test_the_turbulence_statement_is_collective_not_one_person(seed_site, source, label):
    """001: `they said` after `Both countries said …` (the pair of places named before); 003: `said the
    statement`, named after its authors (`Russia and China’s joint statement`)."""
    found = quote(seed_site, source, "At a time of increasing global political turbulence")
    assert len(found.text.split()) == 40
    assert found.speaker is None and found.speaker_label == label


def test_scare_quotes_are_terms(seed_site):
    source = seed_site.by_id["000_9f45db1a97bdd9a5"]
    terms = [q.text for q in source.quotes if q.kind == "term"]
    assert "illegitimate" in terms and "destructive" in terms
    assert all(q.speaker is None for q in source.quotes if q.kind == "term")


def test_quote_spans_cover_the_marks(seed_site):
    for source in seed_site.sources:
        for found in source.quotes:
            text = source.paragraph(found.span.paragraph).text[found.span.start:found.span.end]
            assert text[0] in "“\"«" and text[-1] in "”\"»" and found.text in text


def test_a_missing_closing_mark_does_not_swallow_the_rest(tmp_path):
    source, _ = analyse(
        "Lavrov said: “We will respond firmly to this.\n\n"
        "Wang Yi met reporters later.\n\n“This is a second, closed quotation,” Wang said.\n",
        PEOPLE_YAML, tmp_path=tmp_path,
    )
    assert [(q.text, q.speaker) for q in source.quotes] == [("This is a second, closed quotation", "wang-yi")]


def test_pronoun_skips_a_person_named_after_a_preposition(tmp_path):
    source, _ = analyse(
        "Later, Wang Yi, at his talks with Foreign Minister Sergei Lavrov, raised the issue.\n\n"
        "“The old mentality must not return,” he warned.\n",
        PEOPLE_YAML, tmp_path=tmp_path,
    )
    assert source.quotes[0].speaker == "wang-yi"


@pytest.mark.parametrize("text, speaker, label", [
    ('"We will cooperate closely in future," Lavrov said.', "sergei-lavrov", "Sergei Lavrov"),
    ("«Nous coopérerons toujours très étroitement», said Wang Yi.", "wang-yi", "Wang Yi"),
    ("According to Lavrov, “the talks were frank and very useful.”", "sergei-lavrov", "Sergei Lavrov"),
    ("Wang said: “sanctions will not work at all here.”", "wang-yi", "Wang Yi"),
    ("“Cooperation will continue in every field,” the joint statement read.", None, "the joint statement"),
    ("“Nobody knows what comes next here,” a diplomat said.", None, None),
])
def test_attribution_patterns(tmp_path, text, speaker, label):
    source, _ = analyse(text + "\n", PEOPLE_YAML, tmp_path=tmp_path)
    assert len(source.quotes) == 1
    assert (source.quotes[0].speaker, source.quotes[0].speaker_label) == (speaker, label)
