"""The map's contract-risk colouring: the button on the map switches modes, markers take the risk's colour, the
legend lists risk levels, tooltips carry the risk text, and the live state API keeps working underneath."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from pantau.domain.contract_risk import RiskLevel, site_contract_risks
from pantau.domain.inventory import Network
from pantau.domain.states import HealthState
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.ui.map import (
    COLOR_MODE_CONTRACT,
    COLOR_MODE_STATE,
    RISK_STYLES,
    MapView,
    risk_label,
)
from pantau.ui.state_style import state_label
from tests.gui.map_pixels import marker_look, state_looks


@pytest.fixture
def sample() -> Network:
    return load_network_file(sample_network_path())


@pytest.fixture
def view(qtbot: QtBot, sample: Network) -> MapView:
    widget = MapView(sample)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_site_states({"disdukcapil": HealthState.UP, "diskominfo": HealthState.DOWN})
    widget.set_contract_risks(site_contract_risks(sample, date(2017, 7, 10)), lang="en")
    return widget


def painted(view: MapView, site_id: str) -> HealthState | RiskLevel | None:
    """The state or risk level whose colour the site's marker is painted in, read from the rendered view."""
    looks: dict[HealthState | RiskLevel, tuple[QColor, QColor]] = dict(state_looks())
    # A risk level that looks like a state reads as that state (OK is Up's green, LAPSED Down's red).
    looks.update({level: (s.color, s.pen.color()) for level, s in RISK_STYLES.items()
                  if (s.color, s.pen.color()) not in looks.values()})
    return marker_look(view, site_id, looks)


def test_the_map_button_switches_to_contract_colours_and_back(qtbot: QtBot, view: MapView) -> None:
    assert view.color_mode() == COLOR_MODE_STATE
    assert painted(view, "disdukcapil") is HealthState.UP
    with qtbot.waitSignal(view.color_mode_changed) as changed:
        qtbot.mouseClick(view.contract_mode_button, Qt.MouseButton.LeftButton)
    assert changed.args == [COLOR_MODE_CONTRACT]
    assert view.color_mode() == COLOR_MODE_CONTRACT
    # In July 2017 Disdukcapil's line has no contract; the rest of the sample's contracts start later.
    # Disdukcapil is up, but painted in Lapsed's red (which is Down's); no contract is Unknown's grey.
    assert painted(view, "disdukcapil") is HealthState.DOWN
    assert painted(view, "kantor-bupati") is HealthState.UNKNOWN
    with qtbot.waitSignal(view.color_mode_changed) as changed:
        qtbot.mouseClick(view.contract_mode_button, Qt.MouseButton.LeftButton)
    assert changed.args == [COLOR_MODE_STATE]
    assert painted(view, "disdukcapil") is HealthState.UP
    assert painted(view, "diskominfo") is HealthState.DOWN


def test_legend_lists_risk_levels_in_contract_mode(view: MapView) -> None:
    assert view.legend_labels() == [state_label(s) for s in
                                     (HealthState.UP, HealthState.DEGRADED, HealthState.DOWN,
                                      HealthState.UNREACHABLE, HealthState.UNKNOWN)]
    state_box = view.legend_rect()
    view.set_color_mode(COLOR_MODE_CONTRACT)
    assert view.contract_mode_button.isChecked()
    labels = view.legend_labels()
    assert len(labels) == len(RiskLevel) and labels[0] == risk_label(RiskLevel.OK)
    assert "No contract today" in labels
    assert view.legend_rect().height() > state_box.height()  # one row more
    # The button sits inside the legend's box, at its top.
    button = view.contract_mode_button.geometry()
    box = view.legend_rect().translated(view.viewport().geometry().topLeft().toPointF())
    assert box.contains(button.topLeft().toPointF()) and box.contains(button.bottomRight().toPointF())


def test_tooltip_shows_the_risk_text_and_risks_update_live(view: MapView, sample: Network) -> None:
    assert "<br>No contract for 10 days" in view.site_tooltip("disdukcapil")
    view.set_color_mode(COLOR_MODE_CONTRACT)
    tooltip = view.site_tooltip("disdukcapil")
    assert tooltip.split("<br>")[2] == "<b>No contract for 10 days</b>"
    view.set_contract_risks(site_contract_risks(sample, date(2026, 11, 27)), lang="id")
    assert painted(view, "kantor-bupati") is RiskLevel.EXPIRING
    assert painted(view, "diskominfo") is RiskLevel.AT_RISK
    assert "<b>Kontrak habis 34 hari lagi</b>" in view.site_tooltip("kantor-bupati")
    view.set_contract_risks(site_contract_risks(sample, date(2026, 11, 27)), lang="en")
    view.set_color_mode(COLOR_MODE_STATE)
    expiring = view.site_tooltip("kantor-bupati")
    assert "<br>Contract ends in 34 days" in expiring
    assert "Contract: Contract" not in expiring and "Kontrak: Kontrak" not in expiring
    view.set_color_mode(COLOR_MODE_CONTRACT)
    # State changes while in contract mode are kept and show once the mode is switched back.
    view.set_site_states({"kantor-bupati": HealthState.DOWN})
    assert painted(view, "kantor-bupati") is RiskLevel.EXPIRING
    view.set_color_mode(COLOR_MODE_STATE)
    assert painted(view, "kantor-bupati") is HealthState.DOWN


def test_contract_mode_survives_a_new_network_and_rejects_unknown_modes(view: MapView, sample: Network) -> None:
    view.set_color_mode(COLOR_MODE_CONTRACT)
    view.set_network(sample)
    assert painted(view, "disdukcapil") is HealthState.DOWN  # Lapsed's red, while the site is up
    with pytest.raises(ValueError, match="unknown colour mode"):
        view.set_color_mode("rainbow")


def test_links_turn_neutral_in_contract_mode(view: MapView) -> None:
    line = view.link_item("link-disdukcapil")
    assert line is not None
    live = line.pen().color().name()
    view.set_color_mode(COLOR_MODE_CONTRACT)
    assert line.pen().color().name() == "#9a9a9a"
    view.set_color_mode(COLOR_MODE_STATE)
    assert line.pen().color().name() == live
