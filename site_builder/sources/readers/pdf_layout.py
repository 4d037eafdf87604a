"""The reading order of a page's text boxes, columns kept: a recursive XY cut.

A page's top and bottom tenths are its margins: a box wholly inside one (a running head, a page
number) is read before or after the body, never inside a column. The body is cut where a gutter, a
vertical strip no box crosses, parts it into columns, read left to right; a region with no gutter is
cut into bands where a horizontal strip parts it, read top to bottom, and consecutive bands that
share a gutter are read as one region (the paragraphs of two columns side by side, a column's
heading above them). Each part is ordered the same way. Boxes that overlap are read top to bottom.
"""

from __future__ import annotations

from typing import Protocol, Sequence, TypeVar

MARGIN = 0.1  # the share of the page's height at its top and at its bottom that is margin
GUTTER = 4.0  # the narrowest gap, in points, that parts two columns
MAX_DEPTH = 64  # cuts within cuts: a real page needs a handful


class Box(Protocol):
    x0: float
    y0: float  # PDF space: y grows upwards, so a box's top is y1
    x1: float
    y1: float


B = TypeVar("B", bound=Box)


def reading_order(boxes: Sequence[B], height: float) -> list[B]:
    """`boxes` of a page `height` points tall, in the order they are read."""
    top = [box for box in boxes if box.y0 >= height * (1 - MARGIN)]
    bottom = [box for box in boxes if box.y1 <= height * MARGIN and box not in top]
    body = [box for box in boxes if box not in top and box not in bottom]
    return [*top_down(top), *ordered(body), *top_down(bottom)]


def top_down(boxes: Sequence[B]) -> list[B]:
    return sorted(boxes, key=lambda box: (-box.y1, box.x0))


def ordered(boxes: Sequence[B], depth: int = 0) -> list[B]:
    """`boxes` cut into columns, else bands, each part ordered the same way; past MAX_DEPTH cuts
    (no page is laid out so deep; a crafted one would exhaust the stack), top to bottom."""
    if len(boxes) <= 1:
        return list(boxes)
    if depth >= MAX_DEPTH:
        return top_down(boxes)
    columns = columns_of(boxes)
    if len(columns) > 1:
        return [box for column in columns for box in ordered(column, depth + 1)]
    bands = bands_of(boxes)
    if len(bands) == 1:
        return top_down(boxes)
    return [box for region in regions(bands) for box in ordered(region, depth + 1)]


def columns_of(boxes: Sequence[B]) -> list[list[B]]:
    """`boxes` parted at every gutter, left to right (one part when there is none)."""
    parts: list[list[B]] = []
    right = float("-inf")
    for box in sorted(boxes, key=lambda box: box.x0):
        if box.x0 - right >= GUTTER:
            parts.append([])
        parts[-1].append(box)
        right = max(right, box.x1)
    return parts


def bands_of(boxes: Sequence[B]) -> list[list[B]]:
    """`boxes` parted at every horizontal strip no box crosses, top to bottom."""
    parts: list[list[B]] = []
    bottom = float("inf")
    for box in top_down(boxes):
        if box.y1 <= bottom:
            parts.append([])
        parts[-1].append(box)
        bottom = min(bottom, box.y0)
    return parts


def regions(bands: list[list[B]]) -> list[list[B]]:
    """Consecutive bands joined while together they still have a gutter."""
    joined = [bands[0]]
    for band in bands[1:]:
        if len(columns_of(joined[-1] + band)) > 1:
            joined[-1] = joined[-1] + band
        else:
            joined.append(band)
    return joined
