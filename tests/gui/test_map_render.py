"""The map as painted: marker colours read from the rendered pixels, and the legend kept off office labels and
markers (issue 16, part 2 item 9)."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPointF, QRectF, QSizeF
from pytestqt.qtbot import QtBot

from pantau.domain.inventory import Network, Site, SiteKind
from pantau.domain.states import HealthState
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.ui.map import MapView
from pantau.ui.map.items import SITE_ID_KEY, MapText
from pantau.ui.map.overlays import Corner, legend_corner
from tests.gui.map_pixels import marker_look, render, state_looks

# Five offices far enough apart that none is spread or labelled over another at the fitted zoom.
PLACES = {
    "office-up": (-1.310028, 116.727606),
    "office-down": (-1.255908, 116.496072),
    "office-degraded": (-0.92393, 116.583088),
    "office-unreachable": (-1.52, 116.30),
    "office-unknown": (-1.08, 116.80),
}


def five_offices() -> Network:
    sites = [Site(site_id, site_id.replace("-", " ").title(), SiteKind.SKPD, "Penajam", lat, lon)
             for site_id, (lat, lon) in PLACES.items()]
    return Network("Five offices", sites=sites)


@pytest.fixture
def view(qtbot: QtBot) -> MapView:
    widget = MapView(five_offices())
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_each_state_is_painted_in_its_colour_at_its_marker(view: MapView) -> None:
    states = {f"office-{state.value.lower()}": state for state in HealthState}
    assert set(states) == set(PLACES)
    view.set_site_states(states)
    image = render(view)
    for site_id, state in states.items():
        assert marker_look(view, site_id, state_looks(), image) is state, site_id
    # Every marker changes colour with its state, and only that one.
    rotated = dict(zip(states, itertools.islice(itertools.cycle(states.values()), 1, None), strict=False))
    view.set_site_states(rotated)
    image = render(view)
    for site_id, state in rotated.items():
        assert marker_look(view, site_id, state_looks(), image) is state, site_id


def scale_bar_rect(view: MapView) -> QRectF:
    """Where the scale bar is drawn, found in the rendered pixels: its dark base line 16 px above the bottom edge,
    and room for its text above it."""
    image = render(view)
    right = image.width() - 17  # the bar ends 16 px in from the right edge

    def run(y: int) -> int:
        """How far the dark line reaches left from the bar's right end, on row y."""
        x = right
        while x > 0 and image.pixelColor(x, y).lightness() < 120:
            x -= 1
        return right - x

    base = max(range(image.height() - 19, image.height() - 13), key=run)
    length = run(base)
    assert length > 30, "no scale bar drawn"
    return QRectF(right - length - 4, base - 24, length + 8, 28)


def office_label_rects(view: MapView) -> list[QRectF]:
    """Where the visible office labels and count badges are, in viewport pixels, as the scene places them."""
    rects = []
    for item in view.scene().items():
        if isinstance(item, MapText) and item.isVisible() and (item.data(SITE_ID_KEY) or item.zValue() > 10):
            rects.append(item.deviceTransform(view.viewportTransform()).mapRect(item.boundingRect()))
    return rects


def markers_under(view: MapView, box: QRectF, network: Network) -> int:
    points = [view.marker_view_pos(site.id) for site in network.sites]
    return sum(1 for p in points if p is not None and box.contains(p))


@pytest.mark.parametrize("size", [(500, 360), (600, 400), (1366 - 520, 420), (1000, 700)])
def test_the_legend_covers_no_office_label_at_any_zoom(qtbot: QtBot, size: tuple[int, int]) -> None:
    network = load_network_file(sample_network_path())
    view = MapView(network)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    checked = 0
    for step in range(8):
        if step:
            # Zoom in around the bottom-left quarter, where the legend stands on a fitted map.
            view.zoom_by(1.5, QPointF(view.viewport().width() * 0.3, view.viewport().height() * 0.7))
        legend = view.legend_rect()
        labels = office_label_rects(view)
        checked += len(labels)
        assert not [rect for rect in labels if rect.intersects(legend)], (step, legend)
        bar = scale_bar_rect(view)
        assert not [rect for rect in labels if rect.intersects(bar)], (step, bar)
        # The legend stands in whichever corner hides the fewest offices, its colour mode button inside it.
        under = markers_under(view, legend, network)
        assert under <= min(markers_under(view, box, network) for box in corner_boxes(view)), step
        assert legend.contains(button_rect(view)), (step, legend, button_rect(view))
    assert checked > 20  # labels were there to be covered


def test_the_colour_mode_button_follows_the_legend_back_when_the_map_is_fitted(view: MapView) -> None:
    """Seen at 1366x768 in Indonesian: the legend had moved up to uncover offices, "fit map" put it back in the
    bottom-left corner, and its button stayed at the top, over an office label."""
    height = view.viewport().height()
    view._place_legend([QPointF(30, height - 30 - 10 * i) for i in range(5)])  # offices under the bottom-left box
    assert view.legend_corner() is not Corner.BOTTOM_LEFT
    assert view.legend_rect().contains(button_rect(view))
    view.fit_all()
    assert view.legend_corner() is Corner.BOTTOM_LEFT
    assert view.legend_rect().contains(button_rect(view)), (view.legend_rect(), button_rect(view))


def button_rect(view: MapView) -> QRectF:
    """The colour mode button in viewport pixels (it is the view's child, not the viewport's)."""
    offset = view.viewport().geometry().topLeft()
    return QRectF(view.contract_mode_button.geometry().translated(-offset))


def corner_boxes(view: MapView) -> list[QRectF]:
    legend = view.legend_rect()
    width, height = view.viewport().width(), view.viewport().height()
    return [QRectF(QPointF(10, height - legend.height() - 10), legend.size()), QRectF(QPointF(10, 10), legend.size()),
            QRectF(QPointF(width - legend.width() - 10, 10), legend.size())]


def test_legend_corner_prefers_its_corner_and_moves_only_to_uncover_offices() -> None:
    size, viewport = QSizeF(100, 80), QSizeF(400, 300)
    bottom_left = [QPointF(50, 250)]
    assert legend_corner(size, viewport, [], Corner.TOP_LEFT) is Corner.TOP_LEFT
    assert legend_corner(size, viewport, bottom_left, Corner.BOTTOM_LEFT) is Corner.TOP_LEFT
    assert legend_corner(size, viewport, [*bottom_left, QPointF(50, 40)], Corner.BOTTOM_LEFT) is Corner.TOP_RIGHT
    everywhere = [QPointF(50, 250), QPointF(50, 40), QPointF(350, 40)]
    assert legend_corner(size, viewport, everywhere, Corner.BOTTOM_LEFT) is Corner.BOTTOM_LEFT


@pytest.mark.parametrize("size", [(404, 240), (442, 436), (380, 300), (520, 260)])
def test_a_count_badge_stands_whole_inside_the_map(qtbot: QtBot, size: tuple[int, int]) -> None:
    """At 1366x768 the sample's "24 sites" badge was cut by the map's right edge: a badge is the only sign of the
    offices it groups, so it stays inside the view even where that means covering an office label."""
    view = MapView(load_network_file(sample_network_path()))
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    inside = QRectF(view.viewport().rect())
    badges = [item for item in view.scene().items() if isinstance(item, MapText) and item.isVisible()
              and item.text().endswith("sites")]
    assert badges, "the sample groups offices at this size"
    for badge in badges:
        # The badge ignores the view's scale: its box in viewport pixels comes from its device transform.
        shown = badge.deviceTransform(view.viewportTransform()).mapRect(badge.boundingRect())
        assert inside.contains(shown.adjusted(2, 2, -2, -2)), (badge.text(), shown, inside)
