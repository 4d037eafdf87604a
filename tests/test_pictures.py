"""The pictures: the reuse network and the coverage timeline are laid out deterministically inside
their viewBox, keep the most connected sources past the limit, draw arrows only where the dates say
who came first, and render as well-formed, escaped, labelled SVG."""

from __future__ import annotations

import datetime
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import jinja2
import pytest

import site_builder.site
from site_builder.model import Lineage, Passage, PassageEnd, ReusePair, Source, Span
from site_builder.site.pictures import NO_GROUP, Network, coverage, reuse_network
from site_builder.site import pictures

TEMPLATES = Path(site_builder.site.__file__).parent / "templates"


def make_source(source_id: str) -> Source:
    return Source(id=source_id, path=f"seeds/{source_id}.txt", filename=f"{source_id}.txt", format="txt", sha256="",
                  size=0, encoding="utf-8", line_label="line", lines=(), fields={})


def make_pair(a: str, b: str, words: int, earlier: str | None = None) -> ReusePair:
    def end(source: str) -> PassageEnd:
        return PassageEnd(source, 0, words - 1, Span("p1", 0, 1), Span("p1", 0, 1), "text")

    later = (b if earlier == a else a) if earlier else None
    lineage = Lineage(1, words, 0, earlier, "2024-01-01" if earlier else None, later, "2024-01-03" if earlier else None)
    return ReusePair(a, b, (Passage(end(a), end(b), "narrative"),), 0.1, 0.1, lineage)


def generated(seed: int, count: int = 30, pair_count: int = 40) -> tuple[list[Source], list[ReusePair]]:
    """Sources s00.., random pairs among them (some directed), and a few sources in no pair."""
    rng = random.Random(seed)
    ids = [f"s{n:02d}" for n in range(count)]
    chosen = {tuple(sorted(rng.sample(ids, 2))) for _ in range(pair_count)}
    pairs = [make_pair(a, b, rng.randint(8, 2000), rng.choice([None, a, b])) for a, b in sorted(chosen)]
    return [make_source(i) for i in ids], pairs


def group_of(sources: list[Source]) -> dict[str, int]:
    """Every fourth source (by id) in no group, the others in three groups."""
    return {i: n % 3 for n, i in enumerate(sorted(s.id for s in sources)) if n % 4}


def network(sources: list[Source], pairs: list[ReusePair], limit: int = 150, labels=None) -> Network | None:
    labels = labels or {s.id: f"Outlet {s.id}" for s in sources}
    groups = group_of(sources)
    return reuse_network(sources, pairs, labels, groups, ("first event", "second event", "third event"),
                         lambda i: f"sources/{i}/index.html", lambda p: f"reuse/{p.a}-{p.b}/index.html", limit=limit)


@pytest.mark.parametrize("seed", range(8))
def test_the_layout_is_deterministic_and_independent_of_input_order(seed):
    sources, pairs = generated(seed)
    first = network(sources, pairs)
    assert first == network(sources, pairs)
    rng = random.Random(seed)
    assert first == network(rng.sample(sources, len(sources)), rng.sample(pairs, len(pairs)))


@pytest.mark.parametrize("seed", range(8))
def test_every_node_its_label_and_every_edge_lie_inside_the_view_box(seed):
    sources, pairs = generated(seed, count=10 + seed * 15, pair_count=5 + seed * 20)
    net = network(sources, pairs)
    assert net is not None and net.width == 720
    for node in net.nodes:
        assert node.r <= node.x <= net.width - node.r and node.r <= node.y
        assert node.y + node.r + 14 <= net.height, "the label under the node"
        assert 4 <= node.r <= 12
    for edge in net.edges:
        assert all(0 <= x <= net.width for x in (edge.x1, edge.x2)) and all(0 <= y <= net.height for y in (edge.y1, edge.y2))
        assert 1 <= edge.width <= 6
    assert {n.id for n in net.nodes} == {p.a for p in pairs} | {p.b for p in pairs}, "only sources in a pair"
    assert len({(n.x, n.y) for n in net.nodes}) == len(net.nodes)


def test_components_are_laid_out_apart():
    sources = [make_source(f"s{n}") for n in range(6)]
    pairs = [make_pair("s0", "s1", 50), make_pair("s1", "s2", 50), make_pair("s3", "s4", 50), make_pair("s4", "s5", 50)]
    nodes = {n.id: n for n in network(sources, pairs).nodes}

    def box(ids):
        return min(nodes[i].x for i in ids), max(nodes[i].x for i in ids), min(nodes[i].y for i in ids), max(nodes[i].y for i in ids)

    (l1, r1, t1, b1), (l2, r2, t2, b2) = box(["s0", "s1", "s2"]), box(["s3", "s4", "s5"])
    assert r1 < l2 or r2 < l1 or b1 < t2 or b2 < t1


@pytest.mark.parametrize("seed", range(6))
def test_past_the_limit_the_most_connected_sources_are_kept(seed):
    sources, pairs = generated(seed, count=25, pair_count=30)
    words: dict[str, int] = {}
    for pair in pairs:
        for end in (pair.a, pair.b):
            words[end] = words.get(end, 0) + pair.words
    limit = 7
    net = network(sources, pairs, limit=limit)
    expected = sorted(words, key=lambda s: (-words[s], s))[:limit]
    assert sorted(n.id for n in net.nodes) == sorted(expected)
    assert net.left_out == len(words) - limit
    assert all(e.a in expected and e.b in expected for e in net.edges)
    assert network(sources, pairs, limit=len(words)).left_out == 0


def test_arrows_only_where_the_lineage_says_which_came_first():
    sources, pairs = generated(3)
    net = network(sources, pairs)
    by_ends = {frozenset((p.a, p.b)): p for p in pairs}
    for edge in net.edges:
        lineage = by_ends[frozenset((edge.a, edge.b))].lineage
        assert edge.directed == (lineage.earlier is not None)
        if edge.directed:
            assert (edge.a, edge.b, edge.a_date, edge.b_date) == (lineage.earlier, lineage.later, lineage.earlier_date, lineage.later_date)
    assert [e.words for e in net.edges] == sorted((e.words for e in net.edges), reverse=True)


def test_no_network_without_pairs():
    sources = [make_source("a"), make_source("b")]
    assert network(sources, []) is None
    assert network(sources, [make_pair("a", "elsewhere", 20)]) is None


def test_nodes_outside_a_group_get_the_neutral_group():
    sources, pairs = generated(1)
    expected = group_of(sources)
    nodes = network(sources, pairs).nodes
    assert all(n.group == expected.get(n.id, NO_GROUP) for n in nodes) and NO_GROUP in {n.group for n in nodes}


# Coverage ------------------------------------------------------------------------------------


def dates(seed: int, count: int = 40) -> dict[str, str | None]:
    rng = random.Random(seed)
    return {f"s{n:02d}": rng.choice([None, "not a date", "2024-03", "2024", f"2024-03-{rng.randint(1, 28):02d}", "2024-02-27T08:00:00"])
            for n in range(count)}


def timeline(by_source, statements=()):
    return coverage(by_source, {s: f"Outlet {s}" for s in by_source}, lambda i: f"sources/{i}/index.html", statements)


@pytest.mark.parametrize("seed", range(6))
def test_coverage_marks_the_earliest_reports_first_and_counts_the_undated(seed):
    by_source = dates(seed)
    statements = [("2024-02-20", "A statement", "events/e/index.html"), ("someday", "Ignored", "x"), ("2024-02", "A month", "y")]
    cov = timeline(by_source, statements)
    assert cov == timeline(by_source, statements)
    dated = {s: d[:10] for s, d in by_source.items() if d and d[0].isdigit() and len(d) >= 10}  # a month or a year is no day
    assert cov.undated == len(by_source) - len(dated) and len(cov.marks) == len(dated)
    earliest = min(dated.values())
    assert {m.label for m in cov.marks if m.first} == {f"Outlet {s}" for s, d in dated.items() if d == earliest}
    assert all(m.first == (m.date == earliest) for m in cov.marks)
    assert [t.date for t in cov.ticks] == ["2024-02-20"]
    assert all(0 <= m.x <= cov.width and 0 <= m.y - 4 and m.y + 4 < cov.axis_y for m in cov.marks)
    assert cov.ticks[0].x < min(m.x for m in cov.marks), "the statement is before every report"
    for date in {m.date for m in cov.marks}:
        same = [m for m in cov.marks if m.date == date]
        assert len({m.x for m in same}) == 1 and len({m.y for m in same}) == len(same), "stacked per day"


def test_coverage_crowded_or_over_a_long_span_stays_inside():
    rng = random.Random(0)
    by_source = {f"s{n:03d}": f"{rng.randint(2015, 2024)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}" for n in range(300)}
    by_source |= {f"t{n:03d}": "2020-01-10" for n in range(150)}
    cov = timeline(by_source)
    assert all(0 < m.x < cov.width and 0 < m.y < cov.axis_y for m in cov.marks)
    assert cov.height < 320 and len(cov.axis) == 5


def test_no_coverage_without_a_date_and_one_day_is_centred():
    assert timeline({"a": None, "b": "unknown"}) is None
    cov = timeline({"a": "2024-05-01", "b": "2024-05-01"})
    assert {m.x for m in cov.marks} == {cov.width / 2} and [label for _, label in cov.axis] == ["2024-04-30", "2024-05-01", "2024-05-02"]


# Rendering -----------------------------------------------------------------------------------


def render(source: str, **context) -> ET.Element:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
                                     trim_blocks=True, lstrip_blocks=True)
    page = environment.from_string('{% from "pictures.html" import network, coverage with context %}<div>' + source + "</div>")
    return ET.fromstring(page.render(url=lambda path: path, **context))


def test_the_network_renders_as_labelled_linked_svg_with_escaped_labels():
    sources, pairs = generated(2, count=12, pair_count=15)
    labels = {s.id: f"<script>alert('{s.id}')</script> & a very long outlet name" for s in sources}
    net = network(sources, pairs, limit=8, labels=labels)
    page = render("{{ network(net, 'Who shares text with whom', id='reuse') }}", net=net)
    svg = page.find("figure/svg")
    assert svg.get("viewBox") == f"0 0 720 {net.height}"
    title, desc = svg.find("title"), svg.find("desc")
    assert svg.get("aria-labelledby") == title.get("id") == "reuse-title" and svg.get("aria-describedby") == desc.get("id")
    assert desc.text.startswith(f"8 reports, {len(net.edges)} pairs sharing text; the widest links: ")
    node_links = [a for a in svg.iter("a") if "net-node" in a.get("class", "")]
    assert [a.get("href") for a in node_links] == [n.path for n in net.nodes]
    assert all(a.find("title").text.startswith(f"{n.label}: {n.pairs} pair") for a, n in zip(node_links, net.nodes))
    assert all((a.find("text") is not None) == n.labelled for a, n in zip(node_links, net.nodes))
    assert all(a.find("text").text.endswith("…") for a in node_links if a.find("text") is not None)
    edge_links = [a for a in svg.iter("a") if a.find("line") is not None]
    assert [a.get("href") for a in edge_links] == [e.path for e in net.edges]
    assert [a.find("line").get("marker-end") is not None for a in edge_links] == [e.directed for e in net.edges]
    assert len(svg.findall("defs/marker")) == 1 and svg.find("defs/marker").get("id") == "reuse-arrow"
    assert page.find(".//script") is None and "<script>" in node_links[0].find("title").text
    caption = "".join(page.find("figure/figcaption").itertext())
    assert "4 more reports not shown" in caption and "second event" in caption


def test_two_pictures_on_a_page_have_distinct_ids_and_escaped_text():
    sources, pairs = generated(4, count=6, pair_count=4)
    net = network(sources, pairs)
    by_source = {"a": "2024-01-02", "<b>": "2024-01-01", "c": None}
    cov = coverage(by_source, {s: f"{s} & co" for s in by_source}, lambda i: f"sources/{i}/index.html",
                   [("2024-01-01", "<i>said</i>", "events/e/index.html")])
    page = render("{{ network(net, 'Network') }}{{ coverage(cov, 'Coverage', id='cov') }}", net=net, cov=cov)
    ids = [element.get("id") for element in page.iter() if element.get("id")]
    assert len(ids) == len(set(ids)) and "cov-title" in ids and "network-title" in ids
    svg = page.findall("figure/svg")[1]
    assert svg.find("desc").text.startswith("2 dated reports, from 2024-01-01 to 2024-01-02; first: <b> & co (2024-01-01).")
    marks = [a for a in svg.iter("a") if a.find("circle") is not None]
    assert [a.get("href") for a in marks] == [m.path for m in cov.marks]
    assert [a.find("circle").get("class") for a in marks] == ["cov-mark cov-first", "cov-mark"]
    assert [a.find("line/title").text for a in svg.iter("a") if a.find("line") is not None] == ["2024-01-01: <i>said</i>"]
    assert page.find(".//i") is None and page.find(".//b") is None
    assert "1 undated report not shown." in "".join(page.findall("figure")[1].find("figcaption").itertext())


def test_labels_are_drawn_only_where_they_overlap_no_other_the_most_connected_first():
    sources, pairs = generated(3, count=40, pair_count=80)
    net = network(sources, pairs, labels={s.id: f"Outlet number {s.id}" for s in sources})
    half = lambda n: min(len(n.label), pictures.LABEL_CHARS) * pictures.CHAR_WIDTH / 2  # noqa: E731
    boxes = [(n.x - half(n), n.y + n.r, n.x + half(n), n.y + n.r + pictures.LABEL_HEIGHT) for n in net.nodes if n.labelled]
    assert all(a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1] for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert max(net.nodes, key=lambda n: (n.words, n.id)).labelled and not all(n.labelled for n in net.nodes)


def test_past_max_marks_coverage_draws_bars_of_counts_and_marks_only_the_first_reports():
    rng = random.Random(5)
    start = datetime.date(2024, 1, 1)
    by_source = {f"s{n:03d}": (start + datetime.timedelta(days=rng.randint(0, 90))).isoformat() for n in range(pictures.MAX_MARKS + 100)}
    cov = coverage(by_source, {s: f"Outlet {s}" for s in by_source}, lambda i: f"sources/{i}/index.html")
    assert sum(bar.count for bar in cov.bars) == cov.dated == len(by_source)
    assert 0 < len(cov.marks) <= pictures.FIRST_MARKS and all(m.first and m.date == cov.span[0] for m in cov.marks)
    page = render("{{ coverage(cov, 'Coverage', id='cov') }}", cov=cov)
    assert page.find("figure/svg/desc").text.startswith(f"{len(by_source)} dated reports, from {cov.span[0]} to {cov.span[1]}")
    assert len(page.findall("figure/svg/rect")) == len(cov.bars)
