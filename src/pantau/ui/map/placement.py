"""Where things go on the map, in screen pixels: spreading crowded sites apart and finding free room for labels.

Pure geometry on points and rectangles, no items or widgets, so it can be reasoned about (and tested) alone.

Crowding (many offices in one government complex share one point): after every zoom change the sites are grouped
by their on-screen distance (closer than `CLUSTER_PX`), and groups whose spread footprints would overlap are merged
until none do. A group of more than one site is spread around its centre on a ring (a sunflower spiral past
`RING_MAX` sites); `spread` does both. Labels then try right, left, above and below their marker
(`label_candidates`) and take the first place that covers nothing (`first_free`). Fitting the regency into the view
beside the legend (`fit_beside`) is worked out here too.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from PySide6.QtCore import QPointF, QRectF, QSizeF

from pantau.ui.state_style import MARKER_SIZE

CLUSTER_PX = 16.0  # sites closer than this on screen are spread apart
MARKER_SPACING_PX = 18.0  # distance between neighbouring markers on a ring
RING_MIN_RADIUS_PX = 16.0
RING_MAX = 24  # more sites than this in one group go on a spiral instead of one wide ring
LABEL_GAP_PX = 10.0


def ring_slots(count: int) -> list[QPointF]:
    """Pixel offsets for `count` markers around a point: one ring, or a sunflower spiral when there are many."""
    if count <= 1:
        return [QPointF(0, 0)] * count
    if count <= RING_MAX:
        radius = max(RING_MIN_RADIUS_PX, count * MARKER_SPACING_PX / (2 * math.pi))
        return [QPointF(radius * math.cos(a), radius * math.sin(a))
                for a in (-math.pi / 2 + 2 * math.pi * k / count for k in range(count))]
    golden = math.pi * (3 - math.sqrt(5))
    step = MARKER_SPACING_PX / 1.75
    return [QPointF(step * math.sqrt(k + 2) * math.cos(k * golden - math.pi / 2),
                    step * math.sqrt(k + 2) * math.sin(k * golden - math.pi / 2)) for k in range(count)]


@functools.cache  # a pure function of the count, asked for on every relabel
def spread_radius(count: int) -> float:
    """How far from its centre a spread group of `count` markers reaches, markers included."""
    if count <= 1:
        return MARKER_SIZE / 2 + 1
    return max(math.hypot(p.x(), p.y()) for p in ring_slots(count)) + MARKER_SIZE / 2 + 1


def group_points(points: Mapping[str, QPointF]) -> list[list[str]]:
    """Group ids whose pixel positions are closer than `CLUSTER_PX`, then merge groups whose spread would overlap.

    Merging repeats until stable: a spread ring is wider than the points it came from and can reach a neighbour.
    Candidate pairs come from a grid, so a zoom step costs about O(n) for a regency's few hundred sites.
    """
    ids = list(points)
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> bool:
        ri, rj = find(i), find(j)
        if ri == rj:
            return False
        parent[max(ri, rj)] = min(ri, rj)
        return True

    coords = [(points[i].x(), points[i].y()) for i in ids]
    for i, j in _near_pairs(coords, [CLUSTER_PX / 2] * len(coords)):
        union(i, j)
    for _ in range(20):
        groups = _collect(parent, find)
        centres = [(sum(coords[m][0] for m in g) / len(g), sum(coords[m][1] for m in g) / len(g)) for g in groups]
        radii = [spread_radius(len(g)) for g in groups]
        merged = False
        for a, b in _near_pairs(centres, radii):
            merged |= union(groups[a][0], groups[b][0])
        if not merged:
            break
    return [[ids[m] for m in group] for group in _collect(parent, find)]


def _collect(parent: list[int], find: Callable[[int], int]) -> list[list[int]]:
    groups: dict[int, list[int]] = {}
    for i in range(len(parent)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _near_pairs(centres: Sequence[tuple[float, float]], radii: Sequence[float]) -> list[tuple[int, int]]:
    """Index pairs whose discs (centre, radius) overlap."""
    if not centres:
        return []
    cell = 2 * max(radii) + 1
    grid: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(centres):
        grid.setdefault((math.floor(x / cell), math.floor(y / cell)), []).append(i)
    pairs = []
    for (cx, cy), members in grid.items():
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for j in grid.get((cx + dx, cy + dy), ()):
                    for i in members:
                        if i < j and math.dist(centres[i], centres[j]) < radii[i] + radii[j]:
                            pairs.append((i, j))
    return pairs



def ring_order(members: list[str], pixels: Mapping[str, QPointF], centre: QPointF) -> list[str]:
    """The members in the order of the ring's slots, so each marker lands on the side of the centre where it truly
    is; members at the centre go last."""
    if len(members) == 1:
        return members
    order = {sid: i for i, sid in enumerate(members)}

    def bearing(site_id: str) -> tuple[float, int]:
        delta = pixels[site_id] - centre
        if math.hypot(delta.x(), delta.y()) < 0.5:
            return (math.inf, order[site_id])
        # Measured from north, clockwise, as the ring's slots are, so each marker lands near its true side.
        return ((math.atan2(delta.y(), delta.x()) + math.pi / 2) % (2 * math.pi), order[site_id])

    return sorted(members, key=bearing)


def spread(pixels: Mapping[str, QPointF]) -> tuple[list[list[str]], list[QPointF], dict[str, QPointF]]:
    """Group the sites whose markers would crowd at these pixel positions (`group_points`) and spread each group on
    its ring around its centre: the groups, their centres, and for each site the offset from its own position to
    its slot."""
    groups = group_points(pixels)
    centres: list[QPointF] = []
    offsets: dict[str, QPointF] = {}
    for members in groups:
        centre = QPointF(sum(pixels[m].x() for m in members) / len(members),
                         sum(pixels[m].y() for m in members) / len(members))
        centres.append(centre)
        for site_id, slot in zip(ring_order(members, pixels, centre), ring_slots(len(members)), strict=True):
            offsets[site_id] = centre - pixels[site_id] + slot
    return groups, centres, offsets


def fit_beside(bounds: QRectF, view: QSizeF, keep_clear: float, max_shrink: float) -> tuple[float, float]:
    """The scale (pixels per scene unit) that shows `bounds` whole in a view of `view` pixels, and the pixels from
    the view's left edge to the bounds' left edge. Centred, unless that leaves less than `keep_clear` pixels on the
    left (where the legend goes): then the bounds keep clear of it when that costs the scale no more than the factor
    `max_shrink`; a narrow view keeps the whole width (shrinking by more would cost more than it gains)."""
    scale = min(view.width() / bounds.width(), view.height() / bounds.height())
    left = (view.width() - bounds.width() * scale) / 2
    if left < keep_clear:
        beside = min((view.width() - keep_clear) / bounds.width(), view.height() / bounds.height())
        if beside >= scale * max_shrink:
            scale = beside
            left = max(keep_clear, (view.width() - bounds.width() * scale) / 2)
    return scale, left


def label_candidates(marker: QPointF, size: QSizeF, centre: QPointF) -> list[QRectF]:
    """The places a label of `size` may take beside its marker, best first: right, left, above, below; a spread
    marker (left of its group's `centre`) tries left first, so its label goes outwards, away from its ring."""
    right = QRectF(QPointF(marker.x() + LABEL_GAP_PX, marker.y() - size.height() / 2), size)
    left = QRectF(QPointF(marker.x() - LABEL_GAP_PX - size.width(), marker.y() - size.height() / 2), size)
    above = QRectF(QPointF(marker.x() - size.width() / 2, marker.y() - LABEL_GAP_PX - size.height()), size)
    below = QRectF(QPointF(marker.x() - size.width() / 2, marker.y() + LABEL_GAP_PX), size)
    return [left, right, above, below] if marker.x() < centre.x() - 0.5 else [right, left, above, below]


def badge_candidates(centre: QPointF, count: int, size: QSizeF) -> list[QRectF]:
    """The places a group's count badge may take just outside its spread ring: right, left, above, below."""
    reach = spread_radius(count) + 3
    return [
        QRectF(QPointF(centre.x() + reach, centre.y() - size.height() / 2), size),
        QRectF(QPointF(centre.x() - reach - size.width(), centre.y() - size.height() / 2), size),
        QRectF(QPointF(centre.x() - size.width() / 2, centre.y() - reach - size.height()), size),
        QRectF(QPointF(centre.x() - size.width() / 2, centre.y() + reach), size),
    ]


class RectGrid:
    """Rectangles (in pixels) bucketed in a coarse grid, so asking what a label would cover looks at its
    neighbourhood only, not at every marker of the map."""

    CELL = 64.0

    def __init__(self, rects: Iterable[QRectF] = ()) -> None:
        self._cells: dict[tuple[int, int], list[QRectF]] = {}
        for rect in rects:
            self.add(rect)

    def _keys(self, rect: QRectF) -> Iterator[tuple[int, int]]:
        for x in range(math.floor(rect.left() / self.CELL), math.floor(rect.right() / self.CELL) + 1):
            for y in range(math.floor(rect.top() / self.CELL), math.floor(rect.bottom() / self.CELL) + 1):
                yield x, y

    def copy(self) -> RectGrid:
        """Another grid of the same rectangles, to which adding leaves this one as it is."""
        grid = RectGrid()
        grid._cells = {key: list(rects) for key, rects in self._cells.items()}
        return grid

    def add(self, rect: QRectF) -> None:
        for key in self._keys(rect):
            self._cells.setdefault(key, []).append(rect)

    def intersects(self, rect: QRectF) -> bool:
        return any(rect.intersects(other) for key in self._keys(rect) for other in self._cells.get(key, ()))


def first_free(candidates: list[QRectF], hard: RectGrid, soft: RectGrid, inside: QRectF) -> QRectF | None:
    """The first candidate that covers nothing; failing that, the first that covers only `soft` obstacles. Within
    each, one inside `inside` (the view) comes before one that sticks out of it."""
    for avoid_soft in (True, False):
        free = [rect for rect in candidates if not hard.intersects(rect) and not (avoid_soft and soft.intersects(rect))]
        if free:
            return next((rect for rect in free if inside.contains(rect)), free[0])
    return None


def nice_length(target: float) -> float:
    """The largest 1, 2 or 5 × 10^k not above `target` (at least 1)."""
    if target < 1:
        return 1.0
    power = 10 ** math.floor(math.log10(target))
    return float(max(step * power for step in (1, 2, 5) if step * power <= target))
