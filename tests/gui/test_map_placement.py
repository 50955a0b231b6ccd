"""The map's pure placement geometry: crowded sites spread apart, and the regency fitted beside the legend."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSizeF

from pantau.ui.map.placement import MARKER_SPACING_PX, fit_beside, spread


def test_sites_on_one_point_are_spread_apart_and_a_lone_site_stays() -> None:
    pixels = {f"opd-{i}": QPointF(100, 100) for i in range(5)} | {"desa": QPointF(400, 300)}
    groups, centres, offsets = spread(pixels)
    assert sorted(map(sorted, groups)) == [["desa"], [f"opd-{i}" for i in range(5)]]
    assert len(centres) == len(groups)
    assert offsets["desa"] == QPointF(0, 0)
    slots = [pixels[f"opd-{i}"] + offsets[f"opd-{i}"] for i in range(5)]
    closest = min(math.dist((a.x(), a.y()), (b.x(), b.y())) for i, a in enumerate(slots) for b in slots[i + 1:])
    assert closest >= MARKER_SPACING_PX * 0.9


def test_a_wide_view_keeps_the_regency_clear_of_the_legend_a_narrow_one_does_not_shrink_much() -> None:
    bounds = QRectF(0, 0, 1000, 1000)
    # Wide: centred, the map starts 250 px in, well clear of a 150 px legend.
    assert fit_beside(bounds, QSizeF(1000, 500), 150, 0.85) == (0.5, 250.0)
    # Square: centred it would start at 0 under the legend; 10 % smaller keeps it clear.
    scale, left = fit_beside(bounds, QSizeF(500, 500), 50, 0.85)
    assert math.isclose(scale, 0.45) and left >= 50
    # Narrow legend room: keeping clear would cost more than 15 %, so the map keeps the whole width.
    assert fit_beside(bounds, QSizeF(500, 500), 200, 0.85) == (0.5, 0.0)
