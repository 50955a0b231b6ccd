"""The map's contract-risk colouring: the button on the map switches modes, markers take the risk's colour, the
legend lists risk levels, tooltips carry the risk text, and the live state API keeps working underneath."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pantau.domain.contract_risk import RiskLevel, site_contract_risks
from pantau.domain.inventory import Network
from pantau.domain.states import HealthState
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file
from pantau.ui.map_view import (
    COLOR_MODE_CONTRACT,
    COLOR_MODE_STATE,
    RISK_STYLES,
    MapView,
    risk_label,
)
from pantau.ui.state_style import STYLES, state_label


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


def brush_colour(view: MapView, site_id: str) -> str:
    marker = view.marker(site_id)
    assert marker is not None
    return str(marker.brush().color().name())


def test_the_map_button_switches_to_contract_colours_and_back(qtbot: QtBot, view: MapView) -> None:
    assert view.color_mode() == COLOR_MODE_STATE
    assert brush_colour(view, "disdukcapil") == STYLES[HealthState.UP].color.name()
    with qtbot.waitSignal(view.color_mode_changed) as changed:
        qtbot.mouseClick(view.contract_mode_button, Qt.MouseButton.LeftButton)
    assert changed.args == [COLOR_MODE_CONTRACT]
    assert view.color_mode() == COLOR_MODE_CONTRACT
    # In July 2017 Disdukcapil's line has no contract; the rest of the sample's contracts start later.
    assert brush_colour(view, "disdukcapil") == RISK_STYLES[RiskLevel.LAPSED].color.name()
    assert brush_colour(view, "kantor-bupati") == RISK_STYLES[RiskLevel.NO_CONTRACT].color.name()
    marker = view.marker("disdukcapil")
    assert marker is not None and marker.path() == RISK_STYLES[RiskLevel.LAPSED].path
    with qtbot.waitSignal(view.color_mode_changed) as changed:
        qtbot.mouseClick(view.contract_mode_button, Qt.MouseButton.LeftButton)
    assert changed.args == [COLOR_MODE_STATE]
    assert brush_colour(view, "disdukcapil") == STYLES[HealthState.UP].color.name()
    assert brush_colour(view, "diskominfo") == STYLES[HealthState.DOWN].color.name()


def test_legend_lists_risk_levels_in_contract_mode(view: MapView) -> None:
    assert view.legend_labels() == [state_label(s) for s in
                                     (HealthState.UP, HealthState.DEGRADED, HealthState.DOWN,
                                      HealthState.UNREACHABLE, HealthState.UNKNOWN)]
    state_box = view._legend_box()
    view.set_color_mode(COLOR_MODE_CONTRACT)
    assert view.contract_mode_button.isChecked()
    labels = view.legend_labels()
    assert len(labels) == len(RiskLevel) and labels[0] == risk_label(RiskLevel.OK)
    assert "No contract today" in labels
    assert view._legend_box().height() > state_box.height()  # one row more
    # The button sits inside the legend's box, at its top.
    button = view.contract_mode_button.geometry()
    box = view._legend_box().translated(view.viewport().geometry().topLeft().toPointF())
    assert box.contains(button.topLeft().toPointF()) and box.contains(button.bottomRight().toPointF())


def test_tooltip_shows_the_risk_text_and_risks_update_live(view: MapView, sample: Network) -> None:
    assert "<br>No contract for 10 days" in view.site_tooltip("disdukcapil")
    view.set_color_mode(COLOR_MODE_CONTRACT)
    tooltip = view.site_tooltip("disdukcapil")
    assert tooltip.split("<br>")[2] == "<b>No contract for 10 days</b>"
    view.set_contract_risks(site_contract_risks(sample, date(2026, 11, 27)), lang="id")
    assert brush_colour(view, "kantor-bupati") == RISK_STYLES[RiskLevel.EXPIRING].color.name()
    assert brush_colour(view, "diskominfo") == RISK_STYLES[RiskLevel.AT_RISK].color.name()
    assert "<b>Kontrak habis 34 hari lagi</b>" in view.site_tooltip("kantor-bupati")
    view.set_contract_risks(site_contract_risks(sample, date(2026, 11, 27)), lang="en")
    view.set_color_mode(COLOR_MODE_STATE)
    expiring = view.site_tooltip("kantor-bupati")
    assert "<br>Contract ends in 34 days" in expiring
    assert "Contract: Contract" not in expiring and "Kontrak: Kontrak" not in expiring
    view.set_color_mode(COLOR_MODE_CONTRACT)
    # State changes while in contract mode are kept and show once the mode is switched back.
    view.set_site_states({"kantor-bupati": HealthState.DOWN})
    assert brush_colour(view, "kantor-bupati") == RISK_STYLES[RiskLevel.EXPIRING].color.name()
    view.set_color_mode(COLOR_MODE_STATE)
    assert brush_colour(view, "kantor-bupati") == STYLES[HealthState.DOWN].color.name()


def test_contract_mode_survives_a_new_network_and_rejects_unknown_modes(view: MapView, sample: Network) -> None:
    view.set_color_mode(COLOR_MODE_CONTRACT)
    view.set_network(sample)
    assert brush_colour(view, "disdukcapil") == RISK_STYLES[RiskLevel.LAPSED].color.name()
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
