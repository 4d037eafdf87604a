"""Static pictures as data: the text-reuse network and the coverage timeline, laid out here (pure,
deterministic) and drawn as inline SVG by the macros of `templates/pictures.html`.

Coordinates are in the picture's viewBox (about 720 wide; the page scales it), rounded to 0.1.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import networkx

from site_builder.model import ReusePair, Source, day_of

WIDTH = 720
SEED = 7  # the spring layout's random start: fixed, so a build draws the same picture
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 56, 16, 30  # room for the labels under the nodes
PAD = 18  # between a component's cell edge and its outermost node centres
UNIT_MIN, UNIT_MAX = 90, 160  # pixels per sqrt(node) of a component's cell
ASPECT = 1.6  # how much wider than tall the packed components aim to be
ARROW = 8  # the arrowhead's length: a directed edge stops short of its node by this much
NO_GROUP = -1
MAX_HEIGHT = 900  # the tallest a network is drawn (in viewBox units, 720 wide): a crowded picture before an endless one


@dataclass(frozen=True)
class Node:
    """One source in the network: its label, page, position, radius, group, and how many pairs
    and words it shares (the tooltip's words are pictures.html's)."""

    id: str
    label: str
    path: str
    x: float
    y: float
    r: float
    group: int  # an index into `Network.groups`, or NO_GROUP
    pairs: int
    words: int
    labelled: bool = True  # its label is drawn (where it overlaps no label already drawn)


@dataclass(frozen=True)
class Edge:
    """Two sources that share text (their labels `a_label`, `b_label`). When `directed`, `a` was
    published before `b`, on `a_date` and `b_date`."""

    a: str
    b: str
    a_label: str
    b_label: str
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    words: int
    directed: bool
    path: str
    a_date: str | None = None
    b_date: str | None = None


@dataclass(frozen=True)
class Network:
    """The sources that share text, linked by pair; edges widest first; `left_out` connected
    sources beyond the limit are not drawn; `groups` names the node groups for the legend (None for
    a group of the rest, which the template names)."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    width: int
    height: int
    left_out: int
    groups: tuple[str | None, ...]


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def evened(layout: Mapping[str, Sequence[float]]) -> dict[str, tuple[float, float]]:
    """A spring layout in [-1, 1]² spread towards even spacing: each coordinate halfway to its rank
    (a spring layout packs a dense core tight and flings the tails out, and labels need room)."""
    nodes = sorted(layout)
    if len(nodes) < 3:
        return {node: (float(layout[node][0]), float(layout[node][1])) for node in nodes}
    def ranks(axis: int) -> dict[str, float]:
        order = sorted(nodes, key=lambda n: (float(layout[n][axis]), n))
        return {node: 2 * rank / (len(nodes) - 1) - 1 for rank, node in enumerate(order)}

    rx, ry = ranks(0), ranks(1)
    return {n: ((float(layout[n][0]) + rx[n]) / 2, (float(layout[n][1]) + ry[n]) / 2) for n in nodes}


def packed(sizes: Sequence[tuple[float, float]], row: float) -> tuple[list[tuple[float, float]], float, float]:
    """Cells of these (width, height) sizes packed into rows at most `row` wide (a wider one alone):
    each cell's (left, top), the width used and the height."""
    cells, x, y, tallest, used = [], 0.0, 0.0, 0.0, 0.0
    for w, h in sizes:
        if x > 0 and x + w > row + 1e-9:
            x, y, tallest = 0.0, y + tallest, 0.0
        cells.append((x, y))
        x, tallest, used = x + w, max(tallest, h), max(used, x + w)
    return cells, used, y + tallest


def component_positions(graph: networkx.Graph) -> dict[str, tuple[float, float]]:
    """Each node's position, the components laid out apart and packed into rows of cells ASPECT
    times wider than tall (area growing with their size, largest first); of the ways to break the
    rows, the one drawing them largest within the width and MAX_HEIGHT."""
    components = sorted((sorted(c) for c in networkx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    sizes = [(math.sqrt(len(c) * ASPECT), math.sqrt(len(c) / ASPECT)) for c in components]
    inner = WIDTH - 2 * MARGIN_X

    def unit_of(used: float, height: float) -> float:
        return min(inner / used, UNIT_MAX, MAX_HEIGHT / height)

    rows = sorted({round(sum(w for w, _ in sizes[:n]), 9) for n in range(1, len(sizes) + 1)})
    best = max(rows, key=lambda row: (round(unit_of(*packed(sizes, row)[1:]), 9), -row))
    cells, used, height = packed(sizes, best)
    unit = unit_of(used, height)
    offset = MARGIN_X + (inner - used * unit) / 2
    positions = {}
    for component, (left, top), (w, h) in zip(components, cells, sizes):
        sub = networkx.Graph()
        sub.add_nodes_from(component)
        sub.add_edges_from(sorted((a, b, d) for a, b, d in graph.subgraph(component).edges(data=True)))
        layout = evened(networkx.spring_layout(sub, seed=SEED, weight="weight"))
        half_w, half_h = w * unit / 2, h * unit / 2
        for node, (px, py) in layout.items():
            positions[node] = (round(offset + left * unit + half_w + float(px) * max(half_w - PAD, 0), 1),
                               round(MARGIN_TOP + top * unit + half_h + float(py) * max(half_h - PAD, 0), 1))
    return positions


def edge(nodes: Mapping[str, Node], pair: ReusePair, path: str) -> Edge:
    """The line between a pair's nodes, from the earlier to the later when the lineage says which,
    trimmed to the circles (and the arrowhead) unless the nodes touch."""
    lineage = pair.lineage
    directed = lineage.earlier is not None and lineage.later is not None
    a, b = (nodes[lineage.earlier], nodes[lineage.later]) if directed else (nodes[pair.a], nodes[pair.b])
    dx, dy = b.x - a.x, b.y - a.y
    distance = math.hypot(dx, dy)
    start, end = a.r + 1, b.r + 1 + (ARROW if directed else 0)
    if distance <= start + end:
        start = end = 0
    ux, uy = (dx / distance, dy / distance) if distance else (0.0, 0.0)
    return Edge(a.id, b.id, a.label, b.label, round(a.x + ux * start, 1), round(a.y + uy * start, 1), round(b.x - ux * end, 1),
                round(b.y - uy * end, 1), round(clamp(1 + math.log1p(pair.words / 20), 1, 6), 1), pair.words,
                directed, path, lineage.earlier_date if directed else None, lineage.later_date if directed else None)


LABEL_CHARS = 18  # a drawn label's length at most (the template cuts it there)
CHAR_WIDTH, LABEL_HEIGHT = 6.6, 13  # a label's size in viewBox units, per character and in height


def unclashing(nodes: dict[str, Node], words: Mapping[str, int]) -> dict[str, Node]:
    """The nodes, a label drawn only where it overlaps no label drawn before it (the most
    connected first): the others are named in their tooltip and in the picture's text."""
    drawn: list[tuple[float, float, float, float]] = []
    result = dict(nodes)
    for source_id in sorted(nodes, key=lambda s: (-words[s], s)):
        n = nodes[source_id]
        half = min(len(n.label), LABEL_CHARS) * CHAR_WIDTH / 2
        box = (n.x - half, n.y + n.r, n.x + half, n.y + n.r + LABEL_HEIGHT)
        clear = all(box[2] < b[0] or b[2] < box[0] or box[3] < b[1] or b[3] < box[1] for b in drawn)
        if clear:
            drawn.append(box)
        else:
            result[source_id] = dataclasses.replace(n, labelled=False)
    return result


def reuse_network(sources: Sequence[Source], pairs: Sequence[ReusePair], labels: Mapping[str, str],
                  group_of: Mapping[str, int], group_names: Sequence[str | None], source_path: Callable[[str], str],
                  pair_path: Callable[[ReusePair], str], limit: int = 150) -> Network | None:
    """The network of sources sharing text (only those in a pair), or None without pairs. Past
    `limit` sources, the most connected are kept (by words shared, then id)."""
    known = {source.id for source in sources}
    pairs = sorted((p for p in pairs if p.a in known and p.b in known), key=lambda p: (p.a, p.b))
    if not pairs:
        return None
    words: dict[str, int] = defaultdict(int)
    degree: dict[str, int] = defaultdict(int)
    for pair in pairs:
        for end in (pair.a, pair.b):
            words[end] += pair.words
            degree[end] += 1
    kept = set(sorted(words, key=lambda s: (-words[s], s))[:limit])
    pairs = [p for p in pairs if p.a in kept and p.b in kept]
    graph = networkx.Graph()
    graph.add_nodes_from(sorted(kept))
    graph.add_edges_from((p.a, p.b, {"weight": math.log1p(p.words)}) for p in pairs)
    positions = component_positions(graph)

    def node(source_id: str) -> Node:
        x, y = positions[source_id]
        return Node(source_id, labels.get(source_id, source_id), source_path(source_id), x, y,
                    round(clamp(4 + 1.2 * math.log1p(words[source_id] / 10), 4, 12), 1), group_of.get(source_id, NO_GROUP),
                    degree[source_id], words[source_id])

    nodes = unclashing({source_id: node(source_id) for source_id in sorted(kept)}, words)
    edges = sorted((edge(nodes, pair, pair_path(pair)) for pair in pairs), key=lambda e: (-e.words, e.a, e.b))
    height = max(n.y for n in nodes.values()) + MARGIN_BOTTOM
    return Network(tuple(nodes.values()), tuple(edges), WIDTH, math.ceil(height), len(words) - len(kept), tuple(group_names))


@dataclass(frozen=True)
class ReportMark:
    """One dated report on the timeline; `first` for the reports of the earliest date."""

    x: float
    y: float
    label: str
    path: str
    first: bool
    date: str


@dataclass(frozen=True)
class Tick:
    """A dated statement, drawn as a tick under the axis."""

    x: float
    text: str
    path: str
    date: str


@dataclass(frozen=True)
class CountBar:
    """How many reports were published in a span of days (drawn instead of a mark per report when
    there are more than MAX_MARKS)."""

    x: float
    y: float
    height: float
    count: int
    first_date: str
    last_date: str


@dataclass(frozen=True)
class Coverage:
    """Reports stacked by publication date above an axis (a mark each, or bars past MAX_MARKS with
    marks for the first reports only), statements as ticks below it; `dated` reports from
    `span[0]` to `span[1]`, `undated` more."""

    marks: tuple[ReportMark, ...]
    ticks: tuple[Tick, ...]
    axis: tuple[tuple[float, str], ...]  # (x, ISO date) of a few dates along the axis
    width: int
    height: int
    undated: int
    axis_y: float
    dated: int
    span: tuple[str, str]
    bars: tuple[CountBar, ...] = ()


COVERAGE_MARGIN_X = 44  # half an axis label
MARK_GAP = 9  # the fewest pixels between neighbouring stacks (a mark's diameter and a bit)
STEP, STACK_MAX = 10, 200  # a mark's height in its stack, and the tallest stack before marks overlap
AXIS_LABELS = 5
MAX_MARKS = 300  # past this many dated reports, bars of counts (a mark each would be a smear)
FIRST_MARKS = 5  # in bar mode, the first reports still marked one by one


def coverage(dates_by_source: Mapping[str, str | None], labels: Mapping[str, str], source_path: Callable[[str], str],
             statements: Sequence[tuple[str, str, str]] = (), width: int = WIDTH) -> Coverage | None:
    """The timeline of the reports' publication dates (stacked per day, or per span of days when
    days would crowd) with dated statements (ISO date, text, site path) as ticks; None when no
    report is dated."""
    dated = sorted((d, s) for s, iso in dates_by_source.items() if (d := day_of(iso)) is not None)
    if not dated:
        return None
    said = sorted((d, text, path) for iso, text, path in statements if (d := day_of(iso)) is not None)
    everything = [d for d, _ in dated] + [d for d, _, _ in said]
    start, end = min(everything), max(everything)
    if start == end:  # one day: in the middle
        start, end = start - datetime.timedelta(days=1), end + datetime.timedelta(days=1)
    days = (end - start).days
    inner = width - 2 * COVERAGE_MARGIN_X
    span = max(1, math.ceil(MARK_GAP * days / inner))  # days per stack

    def x(offset: float) -> float:
        return round(COVERAGE_MARGIN_X + min(offset, days) / days * inner, 1)

    stacks: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for date, source_id in dated:
        stacks[(date - start).days // span].append((date, source_id))
    tallest = max(len(stack) for stack in stacks.values())
    step = min(STEP, STACK_MAX / tallest)
    axis_y = round(MARGIN_TOP + step * tallest + 6, 1)
    many = len(dated) > MAX_MARKS
    marks = tuple(ReportMark(x(index * span + (span - 1) / 2), round(axis_y - 6 - step * (level + 0.5), 1),
                       labels.get(source_id, source_id), source_path(source_id), date == dated[0][0], date.isoformat())
                  for index, stack in sorted(stacks.items()) for level, (date, source_id) in enumerate(stack)
                  if not many or (date == dated[0][0] and level < FIRST_MARKS))
    bars = tuple(CountBar(round(x(index * span) - 0.5, 1), round(axis_y - 6 - step * len(stack), 1), round(step * len(stack), 1),
                     len(stack), stack[0][0].isoformat(), stack[-1][0].isoformat())
                 for index, stack in sorted(stacks.items())) if many else ()
    offsets = sorted({round(days * i / (AXIS_LABELS - 1)) for i in range(AXIS_LABELS)})
    axis = tuple((x(offset), (start + datetime.timedelta(days=offset)).isoformat()) for offset in offsets)
    ticks = tuple(Tick(x((date - start).days), text, path, date.isoformat()) for date, text, path in said)
    return Coverage(marks, ticks, axis, width, math.ceil(axis_y + 34), len(dates_by_source) - len(dated), axis_y,
                    len(dated), (dated[0][0].isoformat(), dated[-1][0].isoformat()), bars)
