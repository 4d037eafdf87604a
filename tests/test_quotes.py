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


def speakers(text: str, tmp_path, entities: str = PEOPLE_YAML) -> list[tuple[str | None, str | None]]:
    source, _ = analyse(text + "\n", entities, tmp_path=tmp_path)
    return [(q.speaker, q.speaker_label) for q in source.quotes if q.kind == "statement"]


WANG, LAVROV = ("wang-yi", "Wang Yi"), ("sergei-lavrov", "Sergei Lavrov")


@pytest.mark.parametrize("text, expected", [
    ("“Sanctions will not work here,” Wang said. “Nobody supports these measures.”", [WANG, WANG]),
    ("“Sanctions will not work here,” said Wang Yi. “Nobody supports these measures.”", [WANG, WANG]),
    ("“We will answer this firmly,” Lavrov said.\n\n“The West knows it very well.”", [LAVROV, LAVROV]),
    ("“We will answer this firmly,” Lavrov said, adding, “The West knows it very well.”", [LAVROV, LAVROV]),
    ("“We will answer this firmly,” Lavrov wrote in a letter last June. “The West knows it very well.”",
     [LAVROV, LAVROV]),
    # Another person named between them: the second quotation is not Lavrov's.
    ("“We will answer this firmly,” Lavrov said. Wang Yi disagreed. “That is not at all true.”", [LAVROV, (None, None)]),
    ("“We will answer this firmly,” Lavrov said.\n\nWang Yi met reporters.\n\n“That is not at all true.”",
     [LAVROV, (None, None)]),
])
def test_a_continued_quotation_keeps_its_speaker(tmp_path, text, expected):
    assert speakers(text, tmp_path) == expected


@pytest.mark.parametrize("text, expected", [
    ("“The old mentality must not return,” Wang warned.", WANG),
    ("“We agreed on every single point,” Lavrov added.", LAVROV),
    ("“We will strike until the end,” union leader Tomas Brandt told a rally.", (None, "Tomas Brandt")),
    ("“We will strike until the end,” said Tomas Brandt, a union leader.", (None, "Tomas Brandt")),
    ("Lavrov said sanctions were failing and accused the West of “imposing their own rules on everyone.”", LAVROV),
    ("Wang sharply criticised the moves, warning they would “not be embraced by anyone.”", WANG),
    ("Wang sharply criticised the moves, warning that “nobody will accept such measures.”", WANG),
    ("“The talks were frank and useful,” according to Wang Yi.", WANG),
    ("Lavrov said in a statement: “The talks were frank and useful.”", LAVROV),
    ("In a statement, Lavrov said: “The talks were frank and useful.”", LAVROV),
    ("Lavrov said in a statement that the talks “were frank and very useful.”", LAVROV),
    ("Wang Yi was quoted as saying: “The talks were frank and useful.”", WANG),
    ("Wang Yi was quoted by Xinhua as saying that “the talks were frank and useful.”", WANG),
    ("“The talks were frank and useful,” Wang Yi was quoted as saying.", WANG),
    ("The harbour master, Ana Ruiz, said: “Every ship must wait outside.”", (None, "Ana Ruiz")),
    ("“Every ship must wait outside,” said port spokesman Ana Ruiz.", (None, "Ana Ruiz")),
    ("Ana Ruiz, a 40-year-old spokeswoman for the port authority, said: “Every ship must wait outside.”", (None, "Ana Ruiz")),
    ("“Every ship must wait outside,” said Hector Ruiz.", (None, "Hector Ruiz")),  # `He` is no pronoun here
    ("Ana Ruiz, a U.N. spokeswoman in South Sudan, said: “Every ship must wait outside.”", (None, "Ana Ruiz")),
    ("US Secretary of State Ana Ruiz said the response “sends a strong signal to all.”", (None, "Ana Ruiz")),
    ("“Why must every ship wait?” asked Ana Ruiz.", (None, "Ana Ruiz")),
])
def test_reporting_verbs_and_frames(tmp_path, text, expected):
    assert speakers(text, tmp_path) == [expected]


@pytest.mark.parametrize("text, expected", [
    # `he` is the last person named as a subject (with or without a gazetteer) ...
    ("Lavrov met Wang Yi in Guilin.\n\n“We will respond firmly,” he said.", LAVROV),
    ("Port spokeswoman Ana Ruiz said the harbour was closed. “Every ship must wait outside,” she said.",
     (None, "Ana Ruiz")),
    ("Lavrov spoke first. Ana Ruiz told reporters the harbour was closed. “Every ship must wait,” she said.",
     (None, "Ana Ruiz")),
    # ... not someone unnamed who spoke since, and no one when no one is named.
    ("Wang Yi spoke first. A diplomat said the talks went well. “It was all very friendly,” he said.", (None, None)),
    ("The harbour was closed on Monday. “Every ship must wait outside,” she said.", (None, None)),
    # `they`: the group the text names, with their names; `both countries` is the pair of places named before.
    ("Wang Yi and Sergei Lavrov agreed to meet again. “Our cooperation has no limits,” they said.",
     (None, "Wang Yi and Sergei Lavrov")),
    (("Talks between China and Russia went on.\n\nBoth countries said they wanted a summit.\n\n"
      "“A summit is particularly necessary now,” they said."), (None, "China and Russia")),
    ("Officials said the port was closed. “Every ship must wait outside,” they said.", (None, None)),
])
def test_pronouns_resolve_to_a_named_subject_or_to_no_one(tmp_path, text, expected):
    assert speakers(text, tmp_path)[-1] == expected


@pytest.mark.parametrize("text, label", [
    ("Russia and China’s joint statement urged restraint. “Interference is unacceptable,” it said.",
     "the joint statement of Russia and China"),
    ("They issued a joint statement of Russia and China. “Interference is unacceptable,” the statement said.",
     "the joint statement of Russia and China"),
    ("The statement was published on Monday. “Interference is unacceptable here,” it was stated.", "the statement"),
    ("The two heads of state expressed in a joint communiqué that: “there is an urgent need to meet.”",
     "the joint communiqué"),
])
def test_it_and_the_statement_are_one_statement_named_after_its_authors(tmp_path, text, label):
    assert speakers(text, tmp_path)[-1] == (None, label)


@pytest.mark.parametrize("text", [
    "“Interference is unacceptable to us,” it said.",  # no statement named: `it` is no one
    "“Interference is unacceptable to us,” it was stated.",
    "The paper ran the headline “Intel Sharpens its Offensive Game” on Monday.",  # a title
    "Prosecutors said the girls were “spiritual wives of the leader.”",  # unnamed speakers
    "“Apple says five years, but it might be two,” one customer said. “Look at the way we travel.”",
])
def test_the_speaker_stays_unknown_when_the_text_does_not_name_one(tmp_path, text):
    assert {speaker for speaker in speakers(text, tmp_path)} == {(None, None)}


def test_tokenised_quotations_close_with_two_apostrophes(tmp_path):
    text = "\"This has been a very complex issue, '' Oppal said. \"It's been with us for 20 years. '' Blackmore nodded."
    assert speakers(text, tmp_path, "") == [(None, "Oppal"), (None, "Oppal")]


def test_no_speaker_label_is_a_bare_pronoun(seed_site):
    labels = {q.speaker_label for s in seed_site.sources for q in s.quotes if q.speaker_label}
    assert labels and not labels & {"he", "she", "they", "it", "He", "She", "They", "It"}
    assert not any("(" in label for label in labels)


def test_speaker_attribution_on_hand_labelled_real_reports():
    """204 quotations of real reports (tests/quotes/labelled.yaml), labelled by reading each text."""
    from quotes.score import found_speakers, load_labels, score

    roots, labels = load_labels()
    result = score(found_speakers(roots, labels))
    assert result.labelled >= 150
    assert result.precision >= 0.95 and result.recall >= 0.80, result
