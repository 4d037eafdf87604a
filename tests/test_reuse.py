"""Text reuse: seed facts, planted passages found exactly, tolerance, repeats, lineage."""

import random

import numpy as np
import pytest
from conftest import sentence

from site_builder.build.cache import Cache
from site_builder.build.reuse_memo import ReuseMemo
from site_builder.analysis.words import normalise_word
from site_builder.linking import reuse
from site_builder.linking.reuse import find_reuse
from site_builder.model import CopyGroup, Paragraph, Source, extracted
from site_builder.options import ReuseSettings


def pair(site, a, b):
    found = [p for p in site.reuse if p.a.startswith(a) and p.b.startswith(b)]
    return found[0] if found else None


def shared_texts(site, a, b):
    found = pair(site, a, b)
    return [" ".join(normalise_word(w) for w in p.a.text.replace("“", " ").replace("”", " ").split()) for p in found.passages] if found else []


def contains(texts, words):
    words = " ".join(normalise_word(w) for w in words.split())
    return any(words in text for text in texts)


@pytest.mark.parametrize("a, b, passage", [
    ("001", "003", "At a time of increasing global political turbulence, a summit of the permanent members of the UN Security Council "
                   "is particularly necessary to establish direct dialogue about ways to resolve humankind’s common problems in the "
                   "interests of maintaining global stability"),
    ("001", "003", "Interference in a sovereign nation’s internal affairs under the excuse of ‘advancing democracy’ is unacceptable"),
    ("001", "003", "Countries should stand together to oppose all forms of unilateral sanctions"),
    ("001", "003", "not be embraced by the international community"),
    ("002", "003", "Russia and China have close ties with Tehran"),
    ("002", "003", "maliciously spread lies and disinformation"),
    ("001", "002", "from climate change to the coronavirus pandemic"),
])
def test_seed_passages(seed_site, a, b, passage):
    assert contains(shared_texts(seed_site, a, b), passage)


def test_the_turbulence_passage_is_40_words_and_a_quotation(seed_site):
    found = [p for p in pair(seed_site, "001", "003").passages if p.a.text.startswith("At a time")]
    assert len(found) == 1 and found[0].words == 40 and found[0].kind == "quotation"
    assert (found[0].a.start.paragraph, found[0].b.start.paragraph) == ("p11", "p3")


def test_no_passage_between_000_and_004(seed_site):
    assert pair(seed_site, "000", "004") is None


def test_narrative_and_quotation_are_told_apart(seed_site):
    kinds = {p.a.text: p.kind for p in pair(seed_site, "002", "003").passages}
    assert kinds["Russia and China have close ties with Tehran"] == "narrative"
    quoting, narrating = pair(seed_site, "001", "003"), pair(seed_site, "002", "003")
    assert (quoting.lineage.narrative, quoting.lineage.quotations) == (0, 4)
    assert sentence("lineage", quoting, {s: s[:3] for s in (quoting.a, quoting.b)}).startswith("001 and 003 share only quotations (4)")
    assert narrating.lineage.narrative and narrating.lineage.earlier is None
    assert "no dates decide which" in sentence("lineage", narrating, {s: s[:3] for s in (narrating.a, narrating.b)})


def test_wang_yis_quotation_shows_its_speaker(seed_site):
    found = [p for p in pair(seed_site, "001", "003").passages if p.a.text.startswith("Countries should")]
    assert (found[0].a.speaker, found[0].b.speaker) == ("Wang Yi", "Wang Yi")


# Planted passages ------------------------------------------------------------------------------

VOCABULARY = [f"w{n}" for n in range(5000)]


def make_source(source_id: str, words: list[str], published: str | None = None) -> Source:
    text = " ".join(words)
    fields = {"published": extracted(published, "test")} if published else {}
    return Source(id=source_id, path=f"seeds/{source_id}.txt", filename=f"{source_id}.txt", format="txt", sha256="",
                  size=len(text), encoding="utf-8", line_label="line", lines=(), fields=fields,
                  paragraphs=(Paragraph("p1", text, 0, len(text), 1),))


def random_words(rng: random.Random, count: int) -> list[str]:
    return [rng.choice(VOCABULARY) for _ in range(count)]


@pytest.mark.parametrize("seed", range(20))
def test_planted_passages_are_found_with_exact_spans_and_nothing_else(seed):
    rng = random.Random(seed)
    texts = {f"s{n:02d}": random_words(rng, rng.randint(150, 400)) for n in range(8)}
    planted = set()
    for _ in range(6):
        a, b = sorted(rng.sample(sorted(texts), 2))
        passage = random_words(rng, rng.randint(8, 40))
        at_a, at_b = rng.randint(0, len(texts[a])), rng.randint(0, len(texts[b]))
        if any(a in (x, y) or b in (x, y) for x, y, *_ in planted):
            continue  # keep plants apart so that each is a clean ground truth
        texts[a][at_a:at_a] = passage
        texts[b][at_b:at_b] = passage
        planted.add((a, b, at_a, at_a + len(passage) - 1, at_b, at_b + len(passage) - 1))
    sources = [make_source(name, words) for name, words in sorted(texts.items())]
    found = {(p.a.source, p.b.source, p.a.first_word, p.a.last_word, p.b.first_word, p.b.last_word)
             for pair in find_reuse(sources, ReuseSettings(min_words=8)) for p in pair.passages}
    assert found == planted


@pytest.mark.parametrize("seed", range(12))
def test_pairs_dropped_before_chaining_hold_no_passage(seed, monkeypatch):
    """The array pre-filter (reuse.may_hold_passage) is exact: near misses (fragments one word too
    short, fragments a changed word or two apart, matches grown through function words, which seed
    no shingle) give the same passages as chaining every candidate pair."""
    rng = random.Random(seed)
    vocabulary = VOCABULARY[:40] + ["the", "of", "and", "to", "in", "a"] * 4
    texts = [[rng.choice(vocabulary) for _ in range(rng.randint(60, 200))] for _ in range(10)]
    for _ in range(15):
        fragment = [rng.choice(vocabulary) for _ in range(rng.randint(3, 14))]
        for words in rng.sample(texts, rng.randint(2, 3)):
            changed = [word if rng.random() > 0.1 else "x" for word in fragment]
            at = rng.randint(0, len(words))
            words[at:at] = changed
    long_passage = random_words(rng, 20)
    texts[0][5:5], texts[1][9:9] = long_passage, long_passage
    sources = [make_source(f"s{n}", words) for n, words in enumerate(texts)]
    settings = ReuseSettings(min_words=rng.randint(6, 12), shingle_words=rng.randint(3, 5), common_share=1.0)
    filtered = find_reuse(sources, settings)
    monkeypatch.setattr(reuse, "may_hold_passage", lambda texts, a, b, at_a, at_b, bounds, settings: np.ones(len(bounds) - 1, bool))
    assert filtered == find_reuse(sources, settings)
    assert filtered  # the texts do share passages, so the comparison means something


def test_a_changed_or_inserted_word_does_not_split_a_passage():
    rng = random.Random(7)
    passage = random_words(rng, 30)
    changed = passage[:12] + ["criticized"] + passage[13:20] + ["inserted"] + passage[20:]
    original = passage[:12] + ["criticised"] + passage[13:]
    a = make_source("a", random_words(rng, 50) + original + random_words(rng, 50))
    b = make_source("b", random_words(rng, 70) + changed + random_words(rng, 20))
    (found,) = find_reuse([a, b], ReuseSettings())
    assert len(found.passages) == 1
    assert (found.passages[0].a.first_word, found.passages[0].a.last_word) == (50, 79)
    assert (found.passages[0].b.first_word, found.passages[0].b.last_word) == (70, 100)


def test_two_changed_words_far_apart_do_not_split_but_a_long_gap_does():
    rng = random.Random(8)
    passage = random_words(rng, 40)
    other = passage[:10] + ["x1"] + passage[11:25] + ["x2"] + passage[26:]
    apart = passage[:20] + random_words(rng, 10) + passage[20:]
    a = make_source("a", passage)
    assert len(find_reuse([a, make_source("b", other)], ReuseSettings())[0].passages) == 1
    assert len(find_reuse([a, make_source("c", apart)], ReuseSettings())[0].passages) == 2


def test_a_passage_repeated_within_one_source_is_reported_once_per_pair():
    rng = random.Random(9)
    passage = random_words(rng, 15)
    a = make_source("a", random_words(rng, 20) + passage + random_words(rng, 20) + passage + random_words(rng, 5))
    b = make_source("b", random_words(rng, 30) + passage + random_words(rng, 30))
    (found,) = find_reuse([a, b], ReuseSettings())
    assert len(found.passages) == 1


def test_shingles_in_too_many_sources_are_ignored():
    rng = random.Random(10)
    boilerplate = random_words(rng, 12)
    sources = [make_source(f"s{n:03d}", random_words(rng, 40) + boilerplate + random_words(rng, 40)) for n in range(30)]
    assert find_reuse(sources, ReuseSettings(common_share=0.1)) == ()
    assert len(find_reuse(sources[:5], ReuseSettings(common_share=0.1))) == 10  # 5 sources: under the floor of 5


def lineage_between(published_a: str, published_b: str, seed: int = 11) -> str:
    """The lineage statement for two sources sharing a 20-word passage, published as given."""
    rng = random.Random(seed)
    passage = random_words(rng, 20)
    a = make_source("a", passage + random_words(rng, 10), published=published_a)
    b = make_source("b", random_words(rng, 10) + passage, published=published_b)
    (found,) = find_reuse([a, b], ReuseSettings())
    return sentence("lineage", found, {"a": "a", "b": "b"})


def test_lineage_names_the_earlier_source_only_when_dates_differ():
    assert lineage_between("2021-03-23", "2021-03-22").endswith(
        "b (2021-03-22) was published before a (2021-03-23): if one copied the other, a copied b.")
    assert lineage_between("2021-03-23", "2021-03-23").endswith("no dates decide which.")


def test_lineage_compares_days_so_a_time_or_a_month_decides_nothing():
    assert lineage_between("2021-03-23T08:00:00", "2021-03-22T23:59:00+01:00").endswith(
        "b (2021-03-22) was published before a (2021-03-23): if one copied the other, a copied b.")
    assert lineage_between("2021-03-23T08:00:00", "2021-03-23T20:00:00").endswith("no dates decide which.")
    assert lineage_between("2021-03", "2021-03-22").endswith("no dates decide which.")
    assert lineage_between("2021", "2020-12-31").endswith("no dates decide which.")


# Long sources: each step costs time linear in its input -------------------------------------------


def plain_chains(hits, size):
    """The definition: each hit extends the latest-begun run it follows on a near diagonal, looked for among all runs."""
    runs = []
    for a, b in sorted(hits):
        for run in reversed(runs):
            step_a, step_b = a - run[-1][0], b - run[-1][1]
            if 0 < step_a <= size + reuse.MAX_STEP and 0 < step_b <= size + reuse.MAX_STEP and abs(step_a - step_b) <= reuse.MAX_STEP:
                run.append((a, b))
                break
        else:
            runs.append([(a, b)])
    return runs


def plain_without_overlaps(found):
    kept = []
    for a0, a1, b0, b1 in sorted(found, key=lambda p: (-(p[1] - p[0]), p)):
        if not any(a0 <= k1 and k0 <= a1 or b0 <= l1 and l0 <= b1 for k0, k1, l0, l1 in kept):
            kept.append((a0, a1, b0, b1))
    return sorted(kept)


@pytest.mark.parametrize("seed", range(300))
def test_chains_and_overlaps_match_their_definitions(seed):
    rng = random.Random(seed)
    span = rng.choice([10, 40, 200])
    hits = {(rng.randint(0, span), rng.randint(0, span)) for _ in range(rng.randint(0, 60))}
    diagonal = rng.randint(-20, 20)  # and a run along a diagonal, drifting a word or two
    hits |= {(x, x + diagonal + rng.choice([0, 0, 0, 1, -1, 2])) for x in range(rng.randint(0, 50), span, rng.randint(1, 7))
             if x + diagonal >= 2}
    assert reuse.chains(sorted(hits), 5) == plain_chains(hits, 5)
    found = [(a, a + rng.randint(0, 30), b, b + rng.randint(0, 30)) for a, b in sorted(hits)[:50]]
    assert reuse.without_overlaps(found) == plain_without_overlaps(found)


@pytest.mark.parametrize("seed", range(100))
def test_pairs_across_are_the_pairs_of_different_owners(seed):
    rng = random.Random(seed)
    owners, starts, sizes = [], [], []
    for _ in range(rng.randint(0, 6)):
        owners += [rng.randint(0, 9) for _ in range(rng.randint(0, 3))]  # entries outside any run
        starts.append(len(owners))
        sizes.append(rng.randint(1, 8))
        owners += sorted(rng.randint(0, 4) for _ in range(sizes[-1]))
    owners, starts, sizes = np.array(owners, np.int32), np.array(starts, np.int64), np.array(sizes, np.int64)
    first, second = reuse.pairs_within(starts, sizes)
    other = owners[first] != owners[second]
    across = reuse.pairs_across(starts, sizes, owners)
    assert sorted(zip(*(side.tolist() for side in across))) == sorted(zip(first[other].tolist(), second[other].tolist()))


def test_a_phrase_a_long_source_repeats_thousands_of_times_is_one_passage():
    """A transcript saying one sentence of a report 3,000 times: the pair's candidate hits are the
    3,000 repeats per shingle (not every two repeats of it), and one passage is reported."""
    rng = random.Random(12)
    phrase = random_words(rng, 15)
    long_words = [word for n in range(3000) for word in [f"t{n}", f"u{n}", *phrase]]  # its own words between repeats
    report = make_source("a", random_words(rng, 40) + phrase + random_words(rng, 40))
    (found,) = find_reuse([report, make_source("b", long_words)], ReuseSettings())
    assert [(p.a.first_word, p.a.last_word) for p in found.passages] == [(40, 54)]


# Copies: groups shown once ------------------------------------------------------------------------


def copies(rng: random.Random, prefix: str, text: list[str], count: int, dates: list[str | None]) -> list[Source]:
    """`count` copies of `text`, each under a headline of its own with a sentence of its own inserted."""
    made = []
    for n in range(count):
        at = rng.randint(1, len(text) - 1)
        made.append(make_source(f"{prefix}{n:02d}", random_words(rng, 8) + text[:at] + random_words(rng, 12) + text[at:], dates[n]))
    return made


@pytest.mark.parametrize("seed", range(5))
def test_copies_of_one_text_are_a_group_each_shown_with_its_first_source(seed):
    rng = random.Random(seed)
    dates = [f"2021-03-{rng.randint(10, 28)}" if rng.random() < 0.7 else None for _ in range(12)]
    sources = copies(rng, "c", random_words(rng, 200), 12, dates)
    found = find_reuse(sources, ReuseSettings(common_share=1.0))
    every_pair = reuse.shown_pairs(found, reuse.copy_groups(sources, found))
    first = min(sources, key=reuse.representative_order)
    assert first.field("published").value == min(filter(None, dates), default=None)
    assert sorted((p.a, p.b) for p in every_pair) == sorted(tuple(sorted((first.id, s.id))) for s in sources if s is not first)
    assert all(reuse.is_copy(p) for p in every_pair)
    group = CopyGroup(first.id, tuple(sorted(s.id for s in sources if s is not first)))
    assert reuse.copy_groups(sources, found) == reuse.copy_groups(sources, every_pair) == (group,)


def test_the_first_source_of_undated_copies_is_the_longest():
    rng = random.Random(3)
    text = random_words(rng, 150)
    short, long_ = make_source("a", text), make_source("b", text + random_words(rng, 10))
    (group,) = reuse.copy_groups([short, long_], find_reuse([short, long_], ReuseSettings()))
    assert group == CopyGroup("b", ("a",))


def test_the_first_source_of_copies_is_the_first_published_by_day_a_month_counting_as_undated():
    rng = random.Random(4)
    text = random_words(rng, 150)
    month, day, later = (make_source("a", text + random_words(rng, 20), "2021-02"),
                         make_source("b", text, "2021-03-23T18:00:00"), make_source("c", text + random_words(rng, 10), "2021-03-24"))
    assert sorted([later, month, day], key=reuse.representative_order) == [day, later, month]


def test_two_copy_groups_sharing_a_paragraph_are_one_pair_and_a_partial_overlap_is_no_copy():
    rng = random.Random(4)
    background = random_words(rng, 30)
    groups = [copies(rng, prefix, random_words(rng, 120) + background + random_words(rng, 120), 6, [f"2021-03-1{n}" for n in range(6)])
              for prefix in ("a", "b")]
    half = make_source("h", random_words(rng, 100) + groups[0][0].paragraphs[0].text.split()[8:108])  # half of a00's text
    together = [*groups[0], *groups[1], half]
    found = find_reuse(together, ReuseSettings(common_share=1.0))
    shown = reuse.shown_pairs(found, reuse.copy_groups(together, found))
    across = {(p.a, p.b) for p in shown if p.a[0] != p.b[0]}
    assert ("a00", "b00") in across and all("h" in ids or ids == ("a00", "b00") for ids in across)
    assert len([p for p in shown if p.a[0] == p.b[0] == "a"]) == len([p for p in shown if p.a[0] == p.b[0] == "b"]) == 5
    halves = [p for p in shown if "h" in (p.a, p.b)]
    assert halves and not any(reuse.is_copy(p) for p in halves)
    assert reuse.copy_groups(together, shown) == reuse.copy_groups(together, found)
    assert [g.representative for g in reuse.copy_groups(together, shown)] == ["a00", "b00"]


# Aligning anew only what can have changed (a memo of aligned pairs) --------------------------------

def memory_memo(previous: dict | None = None) -> ReuseMemo:
    """The build's alignment memo, in memory only (no cache folder), holding `previous` pairs."""
    return ReuseMemo(Cache(None), previous=previous or {})


def aligned_pairs(monkeypatch) -> list[tuple[str, str]]:
    """The pairs (by source id) `aligned_spans` is called for from now on."""
    calls: list[tuple[str, str]] = []
    align = reuse.aligned_spans
    monkeypatch.setattr(reuse, "aligned_spans", lambda a, b, *rest: calls.append((a.source.id, b.source.id)) or align(a, b, *rest))
    return calls


def sharing_sources(rng: random.Random, count: int = 8) -> list[Source]:
    """Sources of random words, some pairs of which share a planted passage (some chained through one source)."""
    texts = {f"s{n:02d}": random_words(rng, rng.randint(100, 200)) for n in range(count)}
    for _ in range(count):
        a, b = rng.sample(sorted(texts), 2)
        passage = random_words(rng, rng.randint(8, 30))
        for name in (a, b):
            at = rng.randint(0, len(texts[name]))
            texts[name][at:at] = passage
    return [make_source(name, words) for name, words in sorted(texts.items())]


@pytest.mark.parametrize("seed", range(6))
def test_pairs_taken_from_the_memo_are_those_aligned_afresh(seed, monkeypatch):
    sources = sharing_sources(random.Random(seed))
    fresh = find_reuse(sources, ReuseSettings())
    first = memory_memo()
    assert find_reuse(sources, ReuseSettings(), memo=first) == fresh and fresh
    calls = aligned_pairs(monkeypatch)
    assert find_reuse(sources, ReuseSettings(), memo=memory_memo(first.entries)) == fresh
    assert calls == []


@pytest.mark.parametrize("seed", range(6))
def test_an_edited_source_has_its_pairs_aligned_anew_and_no_other(seed, monkeypatch):
    rng = random.Random(seed)
    sources = sharing_sources(rng)
    first = memory_memo()
    before = find_reuse(sources, ReuseSettings(), memo=first)
    edited = rng.choice([source for source in sources if any(source.id in (pair.a, pair.b) for pair in before)])
    words = edited.paragraphs[0].text.split()
    words[len(words) // 2:len(words) // 2] = random_words(rng, 3)  # inside or beside its passages
    sources = [make_source(source.id, words) if source is edited else source for source in sources]
    calls = aligned_pairs(monkeypatch)
    after = find_reuse(sources, ReuseSettings(), memo=memory_memo(first.entries))
    monkeypatch.undo()
    assert after == find_reuse(sources, ReuseSettings())
    partners = {(pair.a, pair.b) for pair in after if edited.id in (pair.a, pair.b)}
    assert partners <= set(calls) and all(edited.id in pair for pair in calls)


def test_a_pair_whose_hits_change_while_its_sources_do_not_is_aligned_anew(monkeypatch):
    """A phrase two sources share becomes too common when one more source holds it: their hits
    change though neither source did, so their pair is aligned again (and loses that phrase)."""
    rng = random.Random(12)
    phrase, passage = random_words(rng, 10), random_words(rng, 15)
    holders = [make_source(f"p{n:02d}", random_words(rng, 30) + phrase + random_words(rng, 30)) for n in range(reuse.MIN_TOO_COMMON - 2)]
    a = make_source("a", random_words(rng, 30) + phrase + random_words(rng, 30) + passage + random_words(rng, 10))
    b = make_source("b", random_words(rng, 20) + passage + random_words(rng, 30) + phrase + random_words(rng, 10))
    shared = random_words(rng, 12)  # by a pair of sources the change leaves alone
    c, d = (make_source(name, random_words(rng, 30) + shared + random_words(rng, 30)) for name in "cd")
    sources = [a, b, c, d, *holders]
    first = memory_memo()
    before = find_reuse(sources, ReuseSettings(), memo=first)
    assert len(next(pair for pair in before if (pair.a, pair.b) == ("a", "b")).passages) == 2
    one_more = make_source("q", random_words(rng, 30) + phrase + random_words(rng, 30))
    calls = aligned_pairs(monkeypatch)
    after = find_reuse([*sources, one_more], ReuseSettings(), memo=memory_memo(first.entries))
    monkeypatch.undo()
    assert after == find_reuse([*sources, one_more], ReuseSettings())
    assert ("a", "b") in calls and ("c", "d") not in calls
    assert len(next(pair for pair in after if (pair.a, pair.b) == ("a", "b")).passages) == 1
