"""From longitude/latitude to the map's scene, and the bundled GeoJSON layers as painter paths.

Projection: equirectangular around the regency's centre, x scaled by cos(latitude) so a kilometre is as long across
as it is up and down. Scene units are approximately metres; the view's scale is therefore pixels per metre.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath, QPolygonF

from pantau.resources import load_geojson

M_PER_DEGREE = 111_320.0


class Projection:
    """Longitude/latitude to scene metres around a centre; north is up (scene y grows southwards)."""

    def __init__(self, lon0: float, lat0: float) -> None:
        self.lon0 = lon0
        self.lat0 = lat0
        self._kx = math.cos(math.radians(lat0)) * M_PER_DEGREE

    def to_scene(self, lon: float, lat: float) -> QPointF:
        return QPointF((lon - self.lon0) * self._kx, -(lat - self.lat0) * M_PER_DEGREE)

    def to_lonlat(self, point: QPointF) -> tuple[float, float]:
        return point.x() / self._kx + self.lon0, -point.y() / M_PER_DEGREE + self.lat0


def geometry_path(geometry: Mapping[str, Any], projection: Projection) -> QPainterPath:
    """A GeoJSON Polygon or MultiPolygon as one path; holes stay holes (odd-even fill). Other types give nothing."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    for polygon in polygons:
        for ring in polygon:
            if len(ring) >= 3:
                path.addPolygon(QPolygonF([projection.to_scene(float(p[0]), float(p[1])) for p in ring]))
                path.closeSubpath()
    return path


@functools.cache
def load_layer(name: str) -> dict[str, Any]:
    """A bundled GeoJSON layer, parsed once per process: every window (and every test) draws from the same
    read-only data. Raises `ResourceError` when it cannot be read."""
    return load_geojson(name)


def first_geometry(features: list[dict[str, Any]]) -> Mapping[str, Any]:
    return features[0]["geometry"] if features else {}
