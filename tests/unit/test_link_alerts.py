"""Alerts from the measured lines: full for a while, an interface down, and their recovery, in both languages."""

from __future__ import annotations

from pantau.domain.alert_rules_json import rules_from_dict, rules_to_dict
from pantau.domain.alerts import AlertKind, AlertRules, MaintenanceWindow, QuietHours
from pantau.domain.inventory import Link, LinkMedium, Network, Site, SiteKind
from pantau.domain.link_alerts import LinkAlertPlanner
from pantau.domain.snmp_config import SnmpInterface
from pantau.domain.traffic import LineLoad, OperStatus
from pantau.reporting.alert_text import alert_text

T0 = 1_780_000_000.0  # 2026-05-28 ~04:26 WITA


def network() -> Network:
    snmp = SnmpInterface("127.0.0.1", "ether1", community_secret="c")
    return Network("n", timezone="Asia/Makassar",
                   sites=[Site("dc", "DC", SiteKind.DATACENTER),
                          Site("waru", "Kantor Camat Waru", SiteKind.KECAMATAN, parent="dc")],
                   links=[Link("link-waru", "waru", "dc", "Telkom", LinkMedium.FIBER, 100, snmp=snmp),
                          Link("link-plain", "waru", "dc", "Lintas", LinkMedium.VSAT, 100)])


def load(t: float, percent: float | None, oper: OperStatus = OperStatus.UP) -> dict[str, LineLoad]:
    return {"link-waru": LineLoad("link-waru", percent, 100, oper, t, 30.0)}


def test_a_line_full_for_its_minutes_alerts_once_and_recovers_with_its_duration() -> None:
    planner = LinkAlertPlanner(network(), AlertRules(line_full_minutes=15, quiet_kinds=frozenset()))
    alerts = []
    for n in range(40):  # 20 minutes of 30 s readings at 95 %, one failed poll among them
        alerts += planner.feed(load(T0 + 30 * n, None if n == 12 else 95.0), T0 + 30 * n)
    assert [a.kind for a in alerts] == [AlertKind.LINE_FULL]
    full = alerts[0]
    assert full.subject == "waru" and full.since == T0 and full.created == T0 + 30 * 30
    assert alert_text(full, "en") == ("LINE FULL: Kantor Camat Waru, line link-waru at 95 % of the contracted "
                                      "100 kbps since 04:26 WITA.")
    assert alert_text(full, "id").startswith(
        "LINK PENUH: Kantor Camat Waru, link link-waru terpakai 95 % dari 100 kbps")
    recovered = planner.feed(load(T0 + 1500, 40.0), T0 + 1500)
    assert [a.kind for a in recovered] == [AlertKind.LINE_RECOVERED]
    assert alert_text(recovered[0], "en") == ("LINE OK: Kantor Camat Waru, line link-waru below 90 % again (40 %) "
                                              "at 04:51 WITA, after 25 min full.")
    assert planner.feed(load(T0 + 1530, 40.0), T0 + 1530) == []


def test_a_short_burst_and_unmeasured_lines_do_not_alert() -> None:
    planner = LinkAlertPlanner(network(), AlertRules(line_full_minutes=15, quiet_kinds=frozenset()))
    alerts = [*planner.feed(load(T0, 99.0), T0), *planner.feed(load(T0 + 600, 50.0), T0 + 600)]
    alerts += planner.feed(load(T0 + 700, 99.0), T0 + 700) + planner.tick(T0 + 700 + 14 * 60)
    alerts += planner.feed({"link-plain": LineLoad("link-plain", 100.0, 100, OperStatus.UP, T0, 30)}, T0 + 710)
    assert alerts == []


def test_an_interface_down_alerts_at_once_and_up_again_recovers() -> None:
    planner = LinkAlertPlanner(network(), AlertRules())
    down = planner.feed(load(T0, None, OperStatus.DOWN), T0)
    assert [a.kind for a in down] == [AlertKind.INTERFACE_DOWN]
    assert "the router reports the interface of line link-waru down since 04:26 WITA" in alert_text(down[0], "en")
    assert planner.feed(load(T0 + 30, None, OperStatus.LOWER_LAYER_DOWN), T0 + 30) == []
    up = planner.feed(load(T0 + 60, 10.0), T0 + 60)
    assert [a.kind for a in up] == [AlertKind.LINE_RECOVERED]
    assert alert_text(up[0], "id").startswith("LINK HIDUP: Kantor Camat Waru, antarmuka link link-waru hidup lagi")


def test_maintenance_quiet_hours_and_rules_that_turn_line_alerts_off() -> None:
    maintenance = MaintenanceWindow.once(["waru"], T0 - 60, T0 + 3600)
    quiet = LinkAlertPlanner(network(), AlertRules(maintenance=(maintenance,)))
    assert quiet.feed(load(T0, None, OperStatus.DOWN), T0) == []
    off = LinkAlertPlanner(network(), AlertRules(interface_down=False, line_full_minutes=None))
    assert off.feed(load(T0, 99.0, OperStatus.DOWN), T0) == [] and off.tick(T0 + 7200) == []
    # 04:26 WITA is inside 22:00–06:00: a full line waits for the morning (LINE_FULL is a quiet kind by default).
    night = LinkAlertPlanner(network(), AlertRules(line_full_minutes=0, quiet_hours=QuietHours.between("22:00",
                                                                                                     "06:00")))
    assert night.feed(load(T0, 99.0), T0) == []
    morning = T0 + 2 * 3600
    assert [a.kind for a in night.tick(morning)] == [AlertKind.LINE_FULL]


def test_line_rules_round_trip_through_json() -> None:
    rules = AlertRules(line_full_minutes=30.0, interface_down=False)
    back = rules_from_dict(rules_to_dict(rules))
    assert (back.line_full_minutes, back.interface_down) == (30.0, False)
    assert rules_from_dict({}).line_full_minutes == 15.0 and AlertKind.LINE_FULL in AlertRules().quiet_kinds
