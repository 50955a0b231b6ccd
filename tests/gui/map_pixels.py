"""Reading the map as the user sees it: render the view to an image and look at the pixels around a marker.

Every colour assertion about markers goes through here, so a marker that is styled right but painted wrong (or not
at all) fails the test.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TypeVar

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage

from pantau.domain.states import HealthState
from pantau.ui.map import MapView
from pantau.ui.state_style import MARKER_SIZE, STYLES

K = TypeVar("K")
TOLERANCE = 6  # per channel: antialiased edges blend, a marker's inside is its exact fill colour


def render(view: MapView) -> QImage:
    """The viewport as painted now (scene, markers, legend), one image pixel per device pixel."""
    return view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def count_near(image: QImage, centre: QPointF, colour: QColor, inner: float, outer: float) -> int:
    """Pixels of `colour` (within TOLERANCE) between `inner` and `outer` logical pixels from `centre`."""
    ratio = image.devicePixelRatio()
    cx, cy = centre.x() * ratio, centre.y() * ratio
    count = 0
    reach = math.ceil(outer * ratio)
    for y in range(math.floor(cy) - reach, math.ceil(cy) + reach + 1):
        for x in range(math.floor(cx) - reach, math.ceil(cx) + reach + 1):
            if not (0 <= x < image.width() and 0 <= y < image.height()):
                continue
            if not inner * ratio <= math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= outer * ratio:
                continue
            pixel = image.pixelColor(x, y)
            if (abs(pixel.red() - colour.red()) <= TOLERANCE and abs(pixel.green() - colour.green()) <= TOLERANCE
                    and abs(pixel.blue() - colour.blue()) <= TOLERANCE):
                count += 1
    return count


def marker_look(view: MapView, site_id: str, looks: Mapping[K, tuple[QColor, QColor]],
                image: QImage | None = None) -> K | None:
    """Which of `looks` (fill and outline colours) the site's marker is painted in, read from the rendered pixels:
    of those whose fill and outline both show in the marker's disc, the one with the most fill pixels; None when
    none shows. (Fill alone is not enough: Unknown's grey ring is outlined in Unreachable's fill colour.)"""
    position = view.marker_view_pos(site_id)
    assert position is not None, f"{site_id} is not on the map"
    image = image if image is not None else render(view)
    reach = MARKER_SIZE / 2 * 1.25 + 1
    counts = {key: (count_near(image, position, fill, 0.0, reach), count_near(image, position, outline, 0.0, reach))
              for key, (fill, outline) in looks.items()}
    shown = {key: fill for key, (fill, outline) in counts.items() if fill >= 6 and outline >= 2}
    if not shown:
        return None
    best = max(shown, key=lambda key: shown[key])
    assert sum(1 for count in shown.values() if count == shown[best]) == 1, f"{site_id}: ambiguous {counts}"
    return best


def state_looks() -> dict[HealthState, tuple[QColor, QColor]]:
    return {state: (look.color, look.pen.color()) for state, look in STYLES.items()}
