"""Proposed events: clusters of the sources no curated event covers."""

import shutil
import sys
from pathlib import Path

import numpy as np
from conftest import run_cli, write

from site_builder.build.pipeline import BuildOptions, load_site
from site_builder.errors import Diagnostics
from site_builder.linking.cluster import (
    DAY_CONFLICT,
    FACT_WEIGHT,
    FACTOR_RANGE,
    FAR_APART_DAYS,
    LINK_THRESHOLD,
    average_linkage,
    candidate_pairs,
    cosines,
    fact_factor,
    linked_pairs_of_partners,
    passage_share,
    similarity_pairs,
    weighted,
)
from site_builder.linking.key_facts import KeyFacts, key_facts
from site_builder.model import Lineage, Named, Passage, PassageEnd, ReusePair, Span

CORPUS = Path(__file__).parent / "corpus" / "events"
BENCH = Path(__file__).parent.parent / "bench"


def test_seeds_without_event_files_propose_guilin_and_leave_tunxi_alone(project):
    shutil.rmtree(project / "content/events")
    site = load_site(project, BuildOptions(), Diagnostics())
    assert [tuple(s[:3] for s in e.sources) for e in site.events] == [("000", "001", "002", "003")]  # one report is no event
    assert all(not e.curated for e in site.events)
    assert [e.place.entity for e in site.events] == ["guilin"]


def test_a_corpus_of_three_events_with_shared_actors_is_split_by_event():
    site = load_site(CORPUS, BuildOptions(cache=False), Diagnostics())  # no .cache/ in the checkout
    assert [e.sources for e in site.events] == [("a1", "a2", "a3"), ("b1", "b2", "b3"), ("c1", "c2", "c3")]
    assert [e.place.entity for e in site.events] == ["anchorage", "reykjavik", "geneva"]
    assert all(Named("Antony Blinken", "antony-blinken") in e.participants for e in site.events[:2])


def test_curated_events_take_their_sources_out_of_the_proposals(project):
    site = load_site(project, BuildOptions(), Diagnostics())
    assert [e.id for e in site.events] == ["guilin-2021", "tunxi-2022"]


def test_events_suggest_prints_draft_event_files(project):
    shutil.rmtree(project / "content/events")
    result = run_cli("events", "--suggest", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "# content/events/guilin.md\n---\ntitle: China and Russia Join Forces Against Western Sanctions\nplace: Guilin\n" in result.stdout
    assert "sources:\n- 000_9f45db1a97bdd9a5\n- 001_31d0fa55b8edf2a7\n- 002_83436da1cc890094\n- 003_28d1eb4e5542eb3f\n" in result.stdout
    assert "004_" not in result.stdout


def test_cosines_in_bulk_equal_dot_products_of_the_dense_vectors():
    rng = np.random.default_rng(3)
    counts = []
    for size in [0, 1, 5, 40, 40, 120, 3, 0, 60, 0]:  # empty vectors first, inside and last
        named = np.unique(rng.integers(0, 200, size).astype(np.uint64))
        counts.append((named, rng.integers(1, 4, len(named)).astype(float)))
    vectors = weighted(counts)
    dense = np.zeros((len(counts), vectors.feature_count))
    for number in range(len(counts)):
        codes, weights = vectors.of(number)
        dense[number, codes] = weights
    a = np.array([0, 1, 2, 3, 3, 5, 4, 8, 2, 4, 9], dtype=np.int64)
    b = np.array([1, 2, 3, 4, 5, 8, 7, 6, 6, 9, 0], dtype=np.int64)
    assert np.allclose(cosines(vectors, a, b), (dense[a] * dense[b]).sum(axis=1))
    assert np.allclose(np.linalg.norm(dense[[2, 3, 5]], axis=1), 1.0)


def test_candidate_pairs_share_two_top_features():
    counts = [(np.array([1, 2, 3], dtype=np.uint64), np.ones(3)), (np.array([2, 3, 4], dtype=np.uint64), np.ones(3)),
              (np.array([3, 5, 6], dtype=np.uint64), np.ones(3)), (np.array([7, 8, 9], dtype=np.uint64), np.ones(3))]
    assert candidate_pairs(weighted(counts), 4).tolist() == [[0, 1]]


def test_proposals_in_a_synthetic_collection_match_the_planted_events(tmp_path):
    """300 reports of events covered by 2-8 reports each, with a passage planted in each disjoint
    pair of reports across events: the links those passages make must not chain events together."""
    sys.path.insert(0, str(BENCH))
    try:
        from project import proposal_quality, write_project
    finally:
        sys.path.remove(str(BENCH))
    write_project(300, tmp_path / "p")
    site = load_site(tmp_path / "p", BuildOptions(cache=False), Diagnostics())
    quality = proposal_quality([event.sources for event in site.events if not event.curated], tmp_path / "p/seeds")
    assert quality["largest"] <= 8
    assert quality["precision"] >= 0.9 and quality["recall"] >= 0.9


def test_average_linkage_keeps_two_tight_groups_apart_across_one_strong_link():
    tight = {(0, 1): 0.5, (0, 2): 0.4, (1, 2): 0.45, (3, 4): 0.5, (3, 5): 0.4, (4, 5): 0.45}
    group = average_linkage(7, {**tight, (2, 3): 0.3}, 0.15)
    assert group == [0, 0, 0, 3, 3, 3, 6]  # connected components would have made one group of six
    assert average_linkage(3, {(0, 1): 0.3, (1, 2): 0.3, (0, 2): 0.0}, 0.15) == [0, 0, 0]  # mean 0.2
    assert average_linkage(3, {(0, 1): 0.3, (1, 2): 0.3}, 0.25) == [0, 0, 2]  # mean (0.3 + 0) / 2 = 0.15


def test_partners_of_a_common_source_are_paired_for_scoring():
    similarities = {(0, 1): 0.5, (1, 2): 0.3, (1, 3): 0.1, (2, 4): 0.9}
    assert linked_pairs_of_partners(similarities, 0.2) == {(0, 2), (1, 4)}


def test_events_lists_each_event_with_its_reports_and_questions_in_dispute(project):
    result = run_cli("events", cwd=project)
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert [line[:3] for line in lines] == [["guilin-2021", "curated", "4 reports"], ["tunxi-2022", "curated", "1 report"]]
    assert all(line[3].endswith(" in dispute") for line in lines)


QUAKE = ("{town} earthquake leaves {dead} dead\n\n"
         "A strong earthquake struck {town} on Tuesday, killing {dead} people and injuring dozens, {official} said. "
         "Rescue teams searched collapsed buildings through the night while aftershocks shook the region {detail}.\n\n"
         "“We are doing everything we can,” {official} told reporters. {leader} visited the damaged hospital and promised "
         "emergency funds for families who lost their homes in the earthquake.\n")
WORDS = "farmers market harvest season prices grain weather rainfall storage export".split()


def two_quakes_project(root: Path) -> Path:
    """Four reports of an earthquake in Port Valen and four of another in Kessa Ridge, told in the
    same words but with other names and numbers; and six reports of other things."""
    details = ["and roads cracked", "and power failed", "near the coast", "for hours"]
    events = {"pv": dict(town="Port Valen", dead="12", official="Mayor Mara Osei", leader="Governor Tomas Brel"),
              "kr": dict(town="Kessa Ridge", dead="40", official="Mayor Ilse Varn", leader="Governor Juno Pike")}
    for key, facts in events.items():
        for n, detail in enumerate(details):
            write(root / "seeds" / f"{key}{n}.txt", QUAKE.format(detail=detail, **facts))
    for n in range(6):
        words = WORDS[n:] + WORDS[:n]
        write(root / "seeds" / f"other{n}.txt", f"Report {n} on {words[0]}\n\n" + " ".join(words * 3).capitalize() + ".\n")
    return root


def test_two_events_of_one_kind_told_in_the_same_words_stay_apart(tmp_path):
    site = load_site(two_quakes_project(tmp_path), BuildOptions(), Diagnostics())
    quakes = [e.sources for e in site.events if "other0" not in e.sources]
    assert quakes == [("kr0", "kr1", "kr2", "kr3"), ("pv0", "pv1", "pv2", "pv3")]


def test_names_and_counts_that_differ_lower_the_score_of_reports_sharing_their_words(tmp_path):
    site = load_site(two_quakes_project(tmp_path), BuildOptions(), Diagnostics())
    sources = sorted(site.sources, key=lambda s: s.id)
    number = {s.id: n for n, s in enumerate(sources)}
    scores = similarity_pairs(sources, site.reuse, {})
    same, other = scores[(number["kr0"], number["kr1"])], scores[(number["kr0"], number["pv1"])]
    assert same >= LINK_THRESHOLD > other
    facts = {s.id: key_facts(s) for s in sources}
    assert fact_factor(facts["kr0"], facts["pv0"]) < 1 < fact_factor(facts["kr0"], facts["kr1"])


def test_days_far_apart_count_against_a_pair_within_the_factor_range():
    near, far = KeyFacts({}, {}, 100), KeyFacts({}, {}, 100 + FAR_APART_DAYS + 1)
    assert fact_factor(near, KeyFacts({}, {}, 100 + FAR_APART_DAYS)) == 1
    assert fact_factor(near, far) == max(FACTOR_RANGE[0], FACT_WEIGHT ** -DAY_CONFLICT)
    many = KeyFacts({}, {str(n): n for n in range(20)}, None)
    assert fact_factor(many, many) == FACTOR_RANGE[1]


def end(source: str, text: str) -> PassageEnd:
    return PassageEnd(source, 0, len(text.split()) - 1, Span("p1", 0, 1), Span("p1", 0, 1), text)


def shared(*texts: str) -> ReusePair:
    passages = tuple(Passage(end("a", t), end("b", t), "narrative") for t in texts)
    return ReusePair("a", "b", passages, 0.0, 0.0, Lineage(len(passages), 0, 0))


def test_a_passage_counts_by_the_share_it_covers_and_a_name_or_title_counts_nothing():
    words = {"a": 100, "b": 400}
    assert passage_share(shared("Foreign Minister Sergei Lavrov and his Chinese counterpart Wang Yi"), words) == 0
    substantial = "the rescue teams searched collapsed buildings through the night"
    assert passage_share(shared(substantial), words) == 9 / 100
    assert passage_share(shared(substantial, substantial), {"a": 10, "b": 10}) == 1.0
