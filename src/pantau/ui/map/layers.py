"""The static map under the sites: neighbouring regencies, the regency's land and outline, village and district
boundaries with their names, drawn from the bundled GeoJSON into a scene.

Layers, bottom to top: neighbouring regencies (light grey, context only), the regency's land, village (desa/kelurahan)
boundaries (thin; only shown once zoomed in far enough for them to be useful, see `show_for`), district (kecamatan)
boundaries with their names, the regency outline (bold). Each top-level layer is cached as a pixmap in device
coordinates (redrawn on zoom only). A layer that cannot be read is left out and named in `problems`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsScene

from pantau.domain.inventory import Network
from pantau.resources import ResourceError
from pantau.ui.map.items import MapText
from pantau.ui.map.projection import M_PER_DEGREE, Projection, first_geometry, geometry_path, load_layer
from pantau.ui.map.styles import (
    BRUSH_LAND,
    BRUSH_NEIGHBOUR,
    PEN_DESA,
    PEN_KECAMATAN,
    PEN_NEIGHBOUR,
    PEN_OUTLINE,
    Z_DESA,
    Z_KECAMATAN,
    Z_LAND,
    Z_MAP_LABELS,
    Z_NEIGHBOURS,
    Z_OUTLINE,
)

DESA_MIN_PX_PER_KM = 22.0
DESA_LABEL_MIN_PX_PER_KM = 45.0


class MapLayers:
    """The map's layers in `scene`, projected around the regency's centre (or, without the regency's outline, the
    sites' of `network`). `region` is the regency's bounds and `extent` everything drawn, in scene metres."""

    def __init__(self, scene: QGraphicsScene, network: Network) -> None:
        self._scene = scene
        self.problems: list[str] = []
        self.region = QRectF()
        self.extent = QRectF()
        self.kecamatan_labels: list[MapText] = []
        self.desa_label_items: list[MapText] = []
        self._name_rects: tuple[float, bool, list[QRectF]] | None = None
        self.desa_group = self._layer_group()
        self.desa_labels = self._layer_group()
        self.projection = self._make_projection(network)
        self._build()

    def show_for(self, px_per_km: float) -> None:
        """Show the village boundaries and names only from the zoom where they are useful."""
        self.desa_group.setVisible(px_per_km >= DESA_MIN_PX_PER_KM)
        self.desa_labels.setVisible(px_per_km >= DESA_LABEL_MIN_PX_PER_KM)

    def name_rects(self, scale: float) -> list[QRectF]:
        """Where the district and (while shown) village names are, in the map's pixels at `scale`, which office
        labels keep off when they can. Kept per zoom: they move only with it."""
        desa = self.desa_labels.isVisible()
        if self._name_rects is None or self._name_rects[:2] != (scale, desa):
            labels = self.kecamatan_labels + (self.desa_label_items if desa else [])
            self._name_rects = (scale, desa, [label.boundingRect().translated(label.pos() * scale)
                                              for label in labels])
        return self._name_rects[2]

    def _layer_group(self) -> QGraphicsItem:
        group = QGraphicsPathItem()  # an empty path: a parent that draws nothing, for showing a layer at once
        self._scene.addItem(group)
        return group

    def _load(self, name: str) -> list[dict[str, Any]]:
        try:
            return list(load_layer(name)["features"])
        except ResourceError as error:
            if str(error) not in self.problems:
                self.problems.append(str(error))
            return []

    def _make_projection(self, network: Network) -> Projection:
        region = geometry_path(first_geometry(self._load("ppu_kabupaten")), Projection(0.0, 0.0)).boundingRect()
        if not region.isEmpty():
            return Projection(region.center().x() / M_PER_DEGREE, -region.center().y() / M_PER_DEGREE)
        positioned = [s for s in network.sites if s.lat is not None and s.lon is not None]
        if positioned:
            return Projection(sum(s.lon or 0.0 for s in positioned) / len(positioned),
                              sum(s.lat or 0.0 for s in positioned) / len(positioned))
        return Projection(0.0, 0.0)

    def _add_path(self, path: QPainterPath, pen: QPen | None, brush: QBrush | None, z: float,
                  parent: QGraphicsItem | None = None) -> QGraphicsPathItem:
        item = QGraphicsPathItem(path, parent)
        item.setPen(pen if pen is not None else QPen(Qt.PenStyle.NoPen))
        item.setBrush(brush if brush is not None else QBrush(Qt.BrushStyle.NoBrush))
        item.setZValue(z)
        if parent is None:
            # A top-level layer: thousands of antialiased vertices that change only with the zoom. Village
            # outlines (children) stay uncached: dozens of viewport-sized pixmaps would cost more than they save.
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self._scene.addItem(item)
        return item

    def _build(self) -> None:
        project = self.projection
        extent = QRectF()
        for feature in self._load("ppu_context_neighbours"):
            item = self._add_path(geometry_path(feature["geometry"], project), PEN_NEIGHBOUR, BRUSH_NEIGHBOUR,
                                  Z_NEIGHBOURS)
            extent = extent.united(item.boundingRect())
        for feature in self._load("ppu_kabupaten"):
            path = geometry_path(feature["geometry"], project)
            self._add_path(path, None, BRUSH_LAND, Z_LAND)
            self._add_path(path, PEN_OUTLINE, None, Z_OUTLINE)
            self.region = self.region.united(path.boundingRect())
        self.desa_group.setZValue(Z_DESA)
        self.desa_labels.setZValue(Z_MAP_LABELS)
        desa_font = QFont()
        desa_font.setPointSizeF(7.5)
        desa_font.setItalic(True)
        for feature in self._load("ppu_desa"):
            self._add_path(geometry_path(feature["geometry"], project), PEN_DESA, None, 0, self.desa_group)
            desa_label = self._add_map_label(feature, desa_font, QColor("#8c8778"), self.desa_labels)
            if desa_label is not None:
                self.desa_label_items.append(desa_label)
        kecamatan_font = QFont()
        kecamatan_font.setPointSizeF(9.0)
        kecamatan_font.setBold(True)
        kecamatan_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 112)
        for feature in self._load("ppu_kecamatan"):
            self._add_path(geometry_path(feature["geometry"], project), PEN_KECAMATAN, None, Z_KECAMATAN)
            label = self._add_map_label(feature, kecamatan_font, QColor("#6e6a5e"), None, upper=True)
            if label is not None:
                label.setZValue(Z_MAP_LABELS)
                self.kecamatan_labels.append(label)
        if self.region.isEmpty():
            self.region = extent
        self.extent = extent.united(self.region)

    def _add_map_label(self, feature: Mapping[str, Any], font: QFont, color: QColor, parent: QGraphicsItem | None,
                       upper: bool = False) -> MapText | None:
        properties = feature.get("properties") or {}
        name = str(properties.get("name") or "")
        if not name:
            return None
        if "label_lon" in properties and "label_lat" in properties:
            position = self.projection.to_scene(float(properties["label_lon"]), float(properties["label_lat"]))
        else:
            position = geometry_path(feature["geometry"], self.projection).boundingRect().center()
        label = MapText(name.upper() if upper else name, font, color, centered=True, parent=parent)
        label.setPos(position)
        if parent is None:
            self._scene.addItem(label)
        return label
