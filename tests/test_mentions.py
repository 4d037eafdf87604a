"""Mentions, spelling variants and candidate names: seed facts with exact surface forms."""

from collections import defaultdict

import pytest
from conftest import PEOPLE_YAML, analyse

from site_builder.sources.clean_rules import ROLE_WORDS


def forms(site, entity_id):
    """{(surface, variant): sorted source-id prefixes}"""
    result = defaultdict(set)
    for source in site.sources:
        for mention in source.mentions:
            if mention.entity == entity_id:
                result[(mention.surface, mention.variant)].add(source.id[:3])
    return {key: sorted(value) for key, value in result.items()}


def test_sergei_and_sergey_lavrov(seed_site):
    found = forms(seed_site, "sergei-lavrov")
    assert found[("Sergei Lavrov", False)] == ["000", "001", "002"]
    assert found[("Sergey Lavrov", True)] == ["003", "004"]


def test_uyghur_and_uighur(seed_site):
    found = forms(seed_site, "uyghurs")
    assert found == {("Uyghur", False): ["000"], ("Uighurs", True): ["002"], ("Uighur", True): ["003"]}


def test_xi_jingping_and_xi_jinping(seed_site):
    assert forms(seed_site, "xi-jinping") == {("Xi Jingping", True): ["002"], ("Xi Jinping", False): ["004"]}


def test_naning_is_a_candidate_place_and_never_guilin(seed_site):
    source = seed_site.by_id["002_83436da1cc890094"]
    naning = [c for c in source.candidates if c.surface == "Naning"]
    assert len(naning) == 1 and naning[0].hint == "place"
    assert not any(m.entity == "guilin" for m in source.mentions)
    assert forms(seed_site, "guilin")[("Guilin", False)] == ["000", "001", "003"]


def test_spelling_differences_of_ordinary_words_are_not_names(seed_site):
    every = {m.surface for s in seed_site.sources for m in s.mentions} | {c.surface for s in seed_site.sources for c in s.candidates}
    assert not {"criticized", "criticised", "Criticized", "Criticised"} & every
    assert not {"Russian", "Chinese", "European", "Western"} & {c.surface for s in seed_site.sources for c in s.candidates}


def test_mention_spans_point_at_their_surface(seed_site):
    for source in seed_site.sources:
        for mention in source.mentions:
            paragraph = source.paragraph(mention.span.paragraph)
            assert paragraph.text[mention.span.start:mention.span.end] == mention.surface


def test_dateline_in_capitals_is_a_mention(seed_site):
    first = seed_site.by_id["003_28d1eb4e5542eb3f"].mentions[0]
    assert (first.entity, first.surface, first.span.paragraph, first.span.start) == ("beijing", "BEIJING", "p1", 0)


def test_possessives_and_hyphenations(tmp_path):
    source, _ = analyse(
        "Lavrov's aides and Lavrov’s staff met.\n\nThe Russia-China talks in Guilin-based venues went on.\n",
        PEOPLE_YAML, tmp_path=tmp_path,
    )
    assert [(m.entity, m.surface) for m in source.mentions] == [
        ("sergei-lavrov", "Lavrov"), ("sergei-lavrov", "Lavrov"), ("russia", "Russia"), ("china", "China"), ("guilin", "Guilin"),
    ]


def test_matching_is_case_aware_and_on_word_boundaries(tmp_path):
    source, _ = analyse("Wangs and wang and Chinatown are not names here; China is.\n", PEOPLE_YAML, tmp_path=tmp_path)
    assert [m.surface for m in source.mentions] == ["China"]


def test_the_gazetteer_is_one_compiled_pattern_shaped_as_a_trie(tmp_path):
    _, gazetteer = analyse("Text.\n", PEOPLE_YAML, tmp_path=tmp_path)
    assert "L(?<!\\w[\\s\\S])(?:AVROV|avrov)" in gazetteer.pattern.pattern  # names sharing a prefix share its branch
    assert [m.group() for m in gazetteer.pattern.finditer("Sergei Lavrov met Wang Yi in Guilin; Wang Yix")] == [
        "Sergei Lavrov", "Wang Yi", "Guilin", "Wang"]  # the longest name that ends at a word boundary


def test_the_names_pattern_finds_what_a_longest_first_alternation_finds():
    import random
    import re

    from site_builder.analysis.gazetteer import names_pattern

    rng = random.Random(3)
    names = sorted({" ".join(rng.choice(["Wang", "Yi", "Wa", "Li", "Lin", "Guilin", "U.S.", "Xi'an"])
                             for _ in range(rng.randint(1, 3))) for _ in range(60)} | {"'Yi", "-Li"})
    text = " ".join(rng.choice(names + ["and", "Wan", "Lix", "met", "\nLi", "x'Yi", "Wang-Li"]) for _ in range(400))
    plain = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(names, key=lambda n: (-len(n), n)))) + r")(?!\w)")
    assert [m.span() for m in names_pattern(names).finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_capitals_that_only_start_sentences_give_no_candidates(tmp_path):
    source, _ = analyse("The talks went well. Both sides agreed. After that, nothing happened. Later they left.\n",
                        PEOPLE_YAML, tmp_path=tmp_path)
    assert source.candidates == ()


@pytest.mark.parametrize("text, candidate", [
    ("Officials met the delegation in Naning on Monday.", ("Naning", "place")),
    ("Talks covered the Good Neighbor Treaty and more.", ("Good Neighbor Treaty", None)),
    ("Observers from the Shanghai Cooperation Organisation attended.", ("Shanghai Cooperation Organisation", None)),
])
def test_unknown_names_become_candidates(tmp_path, text, candidate):
    source, _ = analyse(text + "\n", PEOPLE_YAML, tmp_path=tmp_path)
    assert [(c.surface, c.hint) for c in source.candidates] == [candidate]


def test_titles_and_nationality_words_are_not_candidates(tmp_path):
    source, _ = analyse("Talks with Pakistani Foreign Minister Qureshi and the Chinese side.\n", PEOPLE_YAML, tmp_path=tmp_path)
    assert [c.surface for c in source.candidates] == ["Qureshi"]


@pytest.mark.parametrize("role", ROLE_WORDS)
def test_the_roles_bylines_credit_are_not_names(tmp_path, role):
    role = role.capitalize()
    text = f"The piece was filed by Staff {role} Mara Osei, and a {role} said it on Monday; the Senior {role} agreed.\n"
    source, _ = analyse(text, PEOPLE_YAML, tmp_path=tmp_path)
    assert [c.surface for c in source.candidates] == ["Mara Osei"]


def test_a_capital_inside_a_word_starts_no_name(tmp_path):
    source, _ = analyse("Users of the iPhone, readers of eWEEK and a 4G LTE network met Velmar officials.\n", PEOPLE_YAML, tmp_path=tmp_path)
    assert [c.surface for c in source.candidates] == ["LTE", "Velmar"]
