"""A silent agent is an alert of its own: once past the silence, once again when it is back (with how long), never
about the watching agent itself, within the rules' site list and outside the vantage's maintenance; worded in
both languages."""

from __future__ import annotations

from datetime import UTC, datetime

from pantau.domain.agent_alerts import AgentWatchPlanner
from pantau.domain.alerts import AlertKind, AlertRules, MaintenanceWindow
from pantau.domain.inventory import Network, Site, SiteKind
from pantau.reporting.alert_text import alert_text

NETWORK = Network("n", timezone="Asia/Makassar",
                  sites=[Site("diskominfo", "Diskominfo", SiteKind.DATACENTER),
                         Site("camat-waru", "Kantor Camat Waru", SiteKind.KECAMATAN)])
T0 = datetime(2026, 12, 6, 1, 0, tzinfo=UTC).timestamp()  # 09:00 WITA


def test_silent_once_then_back_with_how_long() -> None:
    planner = AgentWatchPlanner(NETWORK, AlertRules(), own_vantage="diskominfo", silent_after_s=300)
    beats = {"diskominfo": T0 + 900, "camat-waru": T0}
    assert planner.feed(beats, T0 + 200) == []
    (silent,) = planner.feed(beats, T0 + 400)
    assert (silent.kind, silent.subject, silent.since) == (AlertKind.AGENT_SILENT, "camat-waru", T0)
    assert planner.feed(beats, T0 + 900) == []  # said once
    (back,) = planner.feed({**beats, "camat-waru": T0 + 1800}, T0 + 1801)
    assert (back.kind, back.since, back.facts.at) == (AlertKind.AGENT_BACK, T0, T0 + 1800)
    assert alert_text(silent, "en") == ("AGENT SILENT: the Pantau agent at Kantor Camat Waru has not reported since "
                                        "09:00 WITA; what it sees is not known (its line may be cut, or the agent "
                                        "stopped).")
    assert alert_text(back, "id").startswith("AGEN KEMBALI: agen Pantau di Kantor Camat Waru melapor lagi pukul 09:30")
    assert "setelah 30 menit diam" in alert_text(back, "id")


def test_the_watching_agent_never_alerts_about_itself() -> None:
    planner = AgentWatchPlanner(NETWORK, AlertRules(), own_vantage="camat-waru", silent_after_s=300)
    assert planner.feed({"camat-waru": T0}, T0 + 3600) == []


def test_the_site_list_and_maintenance_hold_it_back() -> None:
    only_dc = AlertRules(site_ids=frozenset({"diskominfo"}))
    planner = AgentWatchPlanner(NETWORK, only_dc, own_vantage="diskominfo", silent_after_s=300)
    assert planner.feed({"camat-waru": T0}, T0 + 400) == []
    window = MaintenanceWindow.once(["camat-waru"], T0, T0 + 3600)
    planner = AgentWatchPlanner(NETWORK, AlertRules(maintenance=(window,)), own_vantage="diskominfo",
                                silent_after_s=300)
    assert planner.feed({"camat-waru": T0}, T0 + 400) == []
    (late,) = planner.feed({"camat-waru": T0}, T0 + 3700)
    assert late.kind is AlertKind.AGENT_SILENT
