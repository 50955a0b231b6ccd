"""The alert planner: delays, storms, recovery, flapping, maintenance, quiet hours, contract context, languages."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from pantau.domain.alert_rules_json import rules_from_dict, rules_to_dict
from pantau.domain.alerts import (
    Alert,
    AlertKind,
    AlertPlanner,
    AlertRules,
    MaintenanceWindow,
    QuietHours,
    RuleOverride,
    SiteRule,
)
from pantau.domain.diagnosis import Verdict
from pantau.domain.inventory import (
    AlertChannels,
    Contract,
    EmailChannel,
    Link,
    LinkMedium,
    Network,
    Site,
    SiteKind,
    Target,
    TargetRole,
    validate_network,
)
from pantau.domain.states import HealthState, StateChange
from pantau.reporting.alert_text import alert_text
from pantau.reporting.contract_text import verdict_text

WITA = ZoneInfo("Asia/Makassar")
UP, DOWN, UNREACHABLE, DEGRADED = HealthState.UP, HealthState.DOWN, HealthState.UNREACHABLE, HealthState.DEGRADED


def at(hour: int, minute: int = 0, day: int = 27) -> float:
    """Epoch seconds of a local (WITA) time on a Friday, 27 November 2026."""
    return datetime(2026, 11, day, hour, minute, tzinfo=WITA).timestamp()


def star(children: int = 40) -> Network:
    sites = [Site("dc", "Diskominfo", SiteKind.DATACENTER),
             Site("uplink", "Uplink Telkom", SiteKind.ISP_POP, parent="dc")]
    sites += [Site(f"o{i}", f"Kantor {i}", SiteKind.DESA, parent="uplink") for i in range(children)]
    return Network("Test", timezone="Asia/Makassar", sites=sites)


def english(alert: Alert) -> str:
    return alert_text(alert, "en")


def indonesian(alert: Alert) -> str:
    return alert_text(alert, "id")


def change(site: str, previous: HealthState, current: HealthState, ts: float) -> StateChange:
    return StateChange(site, "site", previous, current, ts)


def test_down_at_once_and_recovery_in_both_languages() -> None:
    planner = AlertPlanner(star(0), AlertRules())
    [down] = planner.feed([change("uplink", UP, DOWN, at(14, 5))], at(14, 5))
    assert down.kind is AlertKind.DOWN
    assert english(down) == "DOWN: Uplink Telkom since 14:05 WITA."
    assert indonesian(down) == "GANGGUAN: Uplink Telkom DOWN sejak 14:05 WITA."
    assert planner.tick(at(14, 30)) == []
    [up] = planner.feed([change("uplink", DOWN, UP, at(14, 47))], at(14, 47))
    assert up.kind is AlertKind.RECOVERED
    assert english(up) == "RECOVERED: Uplink Telkom is up again at 14:47 WITA after 42 min down (since 14:05 WITA)."
    assert indonesian(up) == ("PULIH: Uplink Telkom normal kembali pukul 14:47 WITA, setelah 42 menit DOWN "
                          "(sejak 14:05 WITA).")


@pytest.mark.parametrize(("lasted_s", "en", "id_"), [
    (45, "45 s", "45 detik"),  # was "0 min": whole minutes rounded down every outage under 30 s to nothing
    (29.6, "30 s", "30 detik"),
    (90, "2 min", "2 menit"),
    (119, "2 min", "2 menit"),
    (150, "3 min", "3 menit"),  # round() halves to even: 2.5 min read "2 min"
    (3900, "1 h 05 min", "1 jam 5 menit"),
])
def test_a_recovery_gives_the_real_outage_duration(lasted_s: float, en: str, id_: str) -> None:
    planner = AlertPlanner(star(0), AlertRules())
    t = at(14, 5)
    planner.feed([change("uplink", UP, DOWN, t)], t)
    [up] = planner.feed([change("uplink", DOWN, UP, t + lasted_s)], t + lasted_s)
    assert f" after {en} down (since 14:05 WITA)." in english(up)
    assert f", setelah {id_} DOWN (sejak 14:05 WITA)." in indonesian(up)


def test_an_office_still_dead_when_its_uplink_returns_counts_its_outage_from_when_it_went_silent() -> None:
    """The regency cut: the uplink goes down and its offices with it (UNREACHABLE); the uplink returns after two
    minutes but one office is still dead (UNREACHABLE → DOWN) and answers twenty seconds later. That office was
    out for 2 min 20 s, not "0 min"."""
    planner = AlertPlanner(star(2), AlertRules(storm_settle_seconds=0))
    t = at(9)
    cut = [change("uplink", UP, DOWN, t), change("o0", UP, UNREACHABLE, t), change("o1", UP, UNREACHABLE, t)]
    [uplink_down] = planner.feed(cut, t)
    assert "2 offices unreachable" in english(uplink_down)
    back = [change("uplink", DOWN, UP, t + 120), change("o1", UNREACHABLE, UP, t + 120),
            change("o0", UNREACHABLE, DOWN, t + 120)]
    alerts = planner.feed(back, t + 120)
    assert [a.kind for a in alerts] == [AlertKind.RECOVERED, AlertKind.DOWN]
    assert english(alerts[1]).startswith("DOWN: Kantor 0 since 09:00 WITA") and alerts[1].since == t
    [up] = planner.feed([change("o0", DOWN, UP, t + 140)], t + 140)
    assert "after 2 min down (since 09:00 WITA)" in english(up)


def test_one_office_reachable_again_is_singular() -> None:
    planner = AlertPlanner(star(1), AlertRules(storm_settle_seconds=0))
    t = at(9)
    [down] = planner.feed([change("uplink", UP, DOWN, t), change("o0", UP, UNREACHABLE, t)], t)
    assert english(down).endswith("— 1 office unreachable.")
    [up] = planner.feed([change("uplink", DOWN, UP, t + 60), change("o0", UNREACHABLE, UP, t + 60)], t + 60)
    assert english(up).endswith("; 1 office reachable again.")


def test_storm_one_parent_forty_children_is_exactly_one_alert() -> None:
    planner = AlertPlanner(star(40), AlertRules(storm_settle_seconds=10))
    t = at(9)
    batch = [change("uplink", UP, DOWN, t)] + [change(f"o{i}", UP, UNREACHABLE, t) for i in range(20)]
    assert planner.feed(batch, t) == []  # waiting for the offices behind it to settle
    late = [change(f"o{i}", UP, UNREACHABLE, t + 4) for i in range(20, 40)]
    assert planner.feed(late, t + 4) == []
    assert planner.tick(t + 13) == []
    alerts = planner.tick(t + 14)
    assert len(alerts) == 1
    assert alerts[0].subject == "uplink"
    assert "40 offices unreachable" in english(alerts[0])
    assert "40 kantor tidak terjangkau" in indonesian(alerts[0])
    assert len(alerts[0].site_ids) == 41
    assert alerts[0].since == t and "since 09:00 WITA" in english(alerts[0])
    assert planner.tick(at(10)) == []
    # The children coming back with the parent raise one recovery, that of the parent.
    back = [change("uplink", DOWN, UP, at(10))] + [change(f"o{i}", UNREACHABLE, UP, at(10)) for i in range(40)]
    [recovery] = planner.feed(back, at(10))
    assert recovery.kind is AlertKind.RECOVERED and "40 offices reachable again" in english(recovery)


def test_children_reported_down_with_their_parent_are_summarised_too() -> None:
    planner = AlertPlanner(star(40), AlertRules(down_after_minutes=2))
    t = at(9)
    batch = [change(f"o{i}", UP, DOWN, t) for i in range(40)] + [change("uplink", UP, DOWN, t)]
    assert planner.feed(batch, t) == []
    alerts = planner.tick(t + 120)
    assert [a.subject for a in alerts] == ["uplink"]
    assert "40 offices unreachable" in english(alerts[0])


def test_a_storm_settles_at_most_for_the_settle_limit() -> None:
    planner = AlertPlanner(star(3), AlertRules(storm_settle_seconds=10, storm_settle_max_seconds=30))
    t = at(9)
    planner.feed([change("uplink", UP, DOWN, t)], t)
    for step in range(1, 4):  # the offices keep changing every 9 s
        assert planner.feed([change(f"o{step - 1}", UP, UNREACHABLE, t + 9 * step)], t + 9 * step) == []
    [alert] = planner.tick(t + 30)
    assert "3 offices unreachable" in english(alert)


def test_down_after_n_minutes_and_a_short_outage_stays_silent() -> None:
    planner = AlertPlanner(star(1), AlertRules(down_after_minutes=5))
    assert planner.feed([change("o0", UP, DOWN, at(8))], at(8)) == []
    assert planner.feed([change("o0", DOWN, UP, at(8, 3))], at(8, 3)) == []  # no alert, so no recovery either
    assert planner.tick(at(8, 10)) == []
    planner.feed([change("o0", UP, DOWN, at(8, 20))], at(8, 20))
    assert planner.tick(at(8, 24)) == []
    [down] = planner.tick(at(8, 25))
    assert down.kind is AlertKind.DOWN and down.since == at(8, 20)


def test_a_child_down_on_its_own_alerts_once_the_parent_is_back() -> None:
    planner = AlertPlanner(star(2), AlertRules(storm_settle_seconds=0))
    planner.feed([change("uplink", UP, DOWN, at(9)), change("o0", UP, UNREACHABLE, at(9)),
                  change("o1", UP, UNREACHABLE, at(9))], at(9))
    alerts = planner.feed([change("uplink", DOWN, UP, at(9, 10)), change("o0", UNREACHABLE, UP, at(9, 10)),
                           change("o1", UNREACHABLE, DOWN, at(9, 10))], at(9, 10))
    assert [(a.kind, a.subject) for a in alerts] == [(AlertKind.RECOVERED, "uplink"), (AlertKind.DOWN, "o1")]


def test_degraded_alerts_only_when_it_lasts() -> None:
    planner = AlertPlanner(star(1), AlertRules(degraded_after_minutes=15))
    assert planner.feed([change("o0", UP, DEGRADED, at(10))], at(10)) == []
    assert planner.tick(at(10, 14)) == []
    [alert] = planner.tick(at(10, 15))
    assert alert.kind is AlertKind.DEGRADED
    assert english(alert) == "DEGRADED: Kantor 0 slow or lossy since 10:00 WITA."
    assert indonesian(alert) == "TERGANGGU: Kantor 0 lambat/putus-putus sejak 10:00 WITA."
    assert planner.tick(at(10, 40)) == []


def test_flapping_is_one_alert_then_one_summary() -> None:
    planner = AlertPlanner(star(1), AlertRules(flap_count=3, flap_window_minutes=30))
    alerts = []
    t = at(11)
    for i in range(6):
        alerts += planner.feed([change("o0", UP, DOWN, t + i * 120)], t + i * 120)
        alerts += planner.feed([change("o0", DOWN, UP, t + i * 120 + 60)], t + i * 120 + 60)
    # down, recovered, down, recovered, then flapping: nothing more while it flaps.
    assert [a.kind for a in alerts] == [AlertKind.DOWN, AlertKind.RECOVERED, AlertKind.DOWN,
                                       AlertKind.RECOVERED, AlertKind.FLAPPING]
    last_change = t + 5 * 120 + 60
    assert planner.tick(last_change + 29 * 60) == []
    [summary] = planner.tick(last_change + 30 * 60)
    assert summary.kind is AlertKind.FLAP_SUMMARY
    assert english(summary) == "SUMMARY: Kantor 0 went down 6 times between 11:00 WITA and 11:11 WITA; now UP."
    assert indonesian(summary).startswith("RINGKASAN: Kantor 0 putus-sambung 6 kali antara 11:00 WITA")
    assert planner.tick(last_change + 90 * 60) == []


def test_a_flap_summary_that_ends_down_is_followed_by_its_recovery() -> None:
    planner = AlertPlanner(star(1), AlertRules(flap_count=2, flap_window_minutes=10))
    t = at(11)
    planner.feed([change("o0", UP, DOWN, t)], t)
    planner.feed([change("o0", DOWN, UP, t + 60)], t + 60)
    [flapping] = planner.feed([change("o0", UP, DOWN, t + 120)], t + 120)
    assert flapping.kind is AlertKind.FLAPPING
    [summary] = planner.tick(t + 120 + 600)
    assert english(summary).endswith("now DOWN.")
    [recovered] = planner.feed([change("o0", DOWN, UP, t + 3600)], t + 3600)
    assert recovered.kind is AlertKind.RECOVERED


def test_maintenance_window_silences_the_site_and_ends_on_time() -> None:
    window = MaintenanceWindow.once(["o0"], at(22), at(23))
    planner = AlertPlanner(star(2), AlertRules(maintenance=(window,)))
    alerts = planner.feed([change("o0", UP, DOWN, at(22, 10)), change("o1", UP, DOWN, at(22, 10))], at(22, 10))
    assert [a.subject for a in alerts] == ["o1"]  # only the site not in maintenance
    assert planner.tick(at(22, 59)) == []
    [late] = planner.tick(at(23))  # still down when the window ends: it alerts at that moment
    assert late.subject == "o0" and late.since == at(22, 10)


def test_an_outage_inside_maintenance_that_ends_inside_it_never_alerts() -> None:
    window = MaintenanceWindow.once(["o0"], at(22), at(23))
    planner = AlertPlanner(star(1), AlertRules(maintenance=(window,)))
    assert planner.feed([change("o0", UP, DOWN, at(22, 10))], at(22, 10)) == []
    assert planner.feed([change("o0", DOWN, UP, at(22, 40))], at(22, 40)) == []
    assert planner.tick(at(23, 30)) == []
    [after] = planner.feed([change("o0", UP, DOWN, at(23, 31))], at(23, 31))
    assert after.kind is AlertKind.DOWN


def test_recovery_is_never_suppressed_by_maintenance_or_quiet_hours() -> None:
    window = MaintenanceWindow.once(["o0"], at(22), at(23))
    rules = AlertRules(maintenance=(window,), quiet_hours=QuietHours.between("21:00", "06:00"),
                       quiet_kinds=frozenset(AlertKind))
    planner = AlertPlanner(star(1), AlertRules())
    planner.feed([change("o0", UP, DOWN, at(20))], at(20))
    planner.rules = rules
    [recovered] = planner.feed([change("o0", DOWN, UP, at(22, 30))], at(22, 30))
    assert recovered.kind is AlertKind.RECOVERED


def test_weekly_maintenance_window_recurs_and_crosses_midnight() -> None:
    # Sundays 23:00 for two hours (weekday 6).
    window = MaintenanceWindow.weekly(["o0"], 6, "23:00", 120)
    assert window.active("o0", at(23, 30, day=29), WITA)
    assert window.active("o0", at(0, 59, day=30), WITA)  # Monday, still inside
    assert not window.active("o0", at(1, 0, day=30), WITA)
    assert not window.active("o0", at(23, 30, day=28), WITA)  # Saturday
    assert window.active("o0", at(23, 30, day=29) + 7 * 86400, WITA)  # a week later
    assert not window.active("o1", at(23, 30, day=29), WITA)
    with pytest.raises(ValueError):
        MaintenanceWindow.weekly(["o0"], 7, "23:00", 60)
    with pytest.raises(ValueError):
        MaintenanceWindow.weekly(["o0"], 1, "24:00", 60)


def test_quiet_hours_hold_degraded_until_they_end_if_it_still_holds() -> None:
    rules = AlertRules(degraded_after_minutes=0, quiet_hours=QuietHours.between("22:00", "06:00"))
    planner = AlertPlanner(star(2), rules)
    assert planner.feed([change("o0", UP, DEGRADED, at(23)), change("o1", UP, DEGRADED, at(23))], at(23)) == []
    planner.feed([change("o1", DEGRADED, UP, at(2, day=28))], at(2, day=28))
    assert planner.tick(at(5, 59, day=28)) == []
    [held] = planner.tick(at(6, day=28))
    assert held.subject == "o0" and english(held) == "DEGRADED: Kantor 0 slow or lossy since 27-11 23:00 WITA."
    # DOWN is not a quiet kind by default: the on-call officer hears it at night.
    [down] = planner.feed([change("o1", UP, DOWN, at(23, 30))], at(23, 30))
    assert down.kind is AlertKind.DOWN


def test_rules_scope_limits_alerts_to_chosen_sites() -> None:
    planner = AlertPlanner(star(2), AlertRules(site_ids=frozenset({"o1"})))
    alerts = planner.feed([change("o0", UP, DOWN, at(9)), change("o1", UP, DOWN, at(9))], at(9))
    assert [a.subject for a in alerts] == ["o1"]


def contract_network() -> Network:
    network = star(1)
    network.contracts = [Contract("c1", "Telkom", "K-17/2026", "Astinet", 20000, date(2025, 12, 1),
                                  date(2026, 11, 20), 120_000_000)]
    network.links = [Link("l1", "uplink", "internet", "Telkom", LinkMedium.FIBER, 20000, contracts=["c1"])]
    return network


def test_down_alert_carries_the_contract_context() -> None:
    planner = AlertPlanner(contract_network(), AlertRules(contract_warnings=False, storm_settle_seconds=0))
    [down] = planner.feed([change("uplink", UP, DOWN, at(9))], at(9))
    assert english(down) == "DOWN: Uplink Telkom since 09:00 WITA. Contract: Telkom K-17/2026 ended 7 days ago."
    assert indonesian(down) == ("GANGGUAN: Uplink Telkom DOWN sejak 09:00 WITA. "
                            "Kontrak: Telkom K-17/2026 berakhir 7 hari lalu.")


def test_a_diagnosis_of_the_incident_is_named_and_an_older_one_is_not() -> None:
    planner = AlertPlanner(contract_network(), AlertRules(down_after_minutes=5, contract_warnings=False,
                                                          storm_settle_seconds=0))
    planner.note_diagnosis("uplink", "lan", at(8))  # before the outage: stale
    planner.feed([change("uplink", UP, DOWN, at(9))], at(9))
    planner.note_diagnosis("o0", "isp-link", at(9, 2))  # another site
    [down] = planner.tick(at(9, 5))
    assert "Diagnosis" not in english(down)
    planner.feed([change("uplink", DOWN, UP, at(9, 10)), change("uplink", UP, DOWN, at(9, 20))], at(9, 20))
    planner.note_diagnosis("uplink", "isp-link", at(9, 22))
    [again] = planner.tick(at(9, 25))
    assert english(again) == ("DOWN: Uplink Telkom since 09:20 WITA. "
                             "Diagnosis: server and LAN fine, ISP link down (09:22 WITA). "
                             "Contract: Telkom K-17/2026 ended 7 days ago.")
    assert indonesian(again) == ("GANGGUAN: Uplink Telkom DOWN sejak 09:20 WITA. "
                             "Diagnosa: server dan LAN normal, link ISP putus (09:22 WITA). "
                             "Kontrak: Telkom K-17/2026 berakhir 7 hari lalu.")
    planner.rules = AlertRules(diagnosis_verdicts=False, contract_warnings=False)
    planner.feed([change("uplink", DOWN, UP, at(9, 30)), change("uplink", UP, DOWN, at(9, 40))], at(9, 40))
    planner.note_diagnosis("uplink", "isp-link", at(9, 40))
    [unnamed] = planner.feed([], at(9, 41))
    assert "Diagnosis" not in english(unnamed) and "Diagnosa" not in indonesian(unnamed)


def test_a_down_alert_waits_for_the_evidence_being_captured_and_names_its_verdict() -> None:
    planner = AlertPlanner(star(0), AlertRules(contract_warnings=False))
    t = at(14, 5)
    planner.note_evidence_pending(["uplink"], until=t + 15)
    assert planner.feed([change("uplink", UP, DOWN, t)], t) == [], "held for the diagnosis in progress"
    assert planner.tick(t + 6) == []
    planner.note_diagnosis("uplink", "isp-link", t + 7)
    [down] = planner.tick(t + 8)
    assert english(down) == "DOWN: Uplink Telkom since 14:05 WITA. Diagnosis: server and LAN fine, ISP link down " \
                           "(14:05 WITA)."


def test_a_down_alert_waits_no_longer_than_the_evidence_may_take() -> None:
    planner = AlertPlanner(star(0), AlertRules(contract_warnings=False))
    t = at(14, 5)
    planner.note_evidence_pending(["uplink"], until=t + 15)
    assert planner.feed([change("uplink", UP, DOWN, t)], t) == []
    assert planner.tick(t + 14) == []
    [down] = planner.tick(t + 15)
    assert english(down) == "DOWN: Uplink Telkom since 14:05 WITA."


def test_contract_warnings_alert_once_each_outside_quiet_hours() -> None:
    rules = AlertRules(quiet_hours=QuietHours.between("22:00", "07:00"))
    planner = AlertPlanner(contract_network(), rules)
    assert planner.tick(at(23)) == []
    alerts = planner.tick(at(7, day=28))
    assert alerts and {a.kind for a in alerts} == {AlertKind.CONTRACT}
    assert "CONTRACT: Telkom K-17/2026 ended 8 days ago." in [english(a) for a in alerts]
    assert "KONTRAK: Telkom K-17/2026 berakhir 8 hari lalu." in [indonesian(a) for a in alerts]
    assert all(a.site_ids == ("uplink",) for a in alerts)
    assert planner.tick(at(9, day=28)) == []


def test_alert_keys_are_unique_and_target_changes_are_ignored() -> None:
    planner = AlertPlanner(star(1), AlertRules())
    assert planner.feed([StateChange("t1", "target", UP, DOWN, at(9))], at(9)) == []
    first = planner.feed([change("o0", UP, DOWN, at(9))], at(9))
    second = planner.feed([change("o0", DOWN, UP, at(9, 5)), change("o0", UP, DOWN, at(9, 6))], at(9, 6))
    keys = [a.key for a in first + second]
    assert len(keys) == 3 and len(set(keys)) == 3


def test_rules_round_trip_through_json() -> None:
    rules = AlertRules(down_after_minutes=3, degraded_after_minutes=None,
                       quiet_hours=QuietHours.between("22:00", "06:30"),
                       maintenance=(MaintenanceWindow.once(["o0"], at(22), at(23)),
                                    MaintenanceWindow.weekly(["o1", "o0"], 6, "23:00", 120)),
                       site_ids=frozenset({"o0", "o1"}))
    data = json.loads(json.dumps(rules_to_dict(rules)))
    assert data["quiet_hours"] == {"start": "22:00", "end": "06:30"}
    assert data["maintenance"][1] == {"sites": ["o0", "o1"], "weekday": 6, "at": "23:00", "minutes": 120}
    assert rules_from_dict(data) == rules
    assert rules_from_dict({}) == AlertRules()
    with pytest.raises(ValueError, match="HH:MM"):
        rules_from_dict({"quiet_hours": {"start": "25:00", "end": "06:00"}})
    with pytest.raises(ValueError, match="missing or malformed"):
        rules_from_dict({"maintenance": [{"sites": ["o0"], "start": 5}]})
    with pytest.raises(ValueError, match="must end after it starts"):
        rules_from_dict({"maintenance": [{"sites": ["o0"], "start": 5, "end": 5}]})
    with pytest.raises(ValueError):
        rules_from_dict({"quiet_kinds": ["nonsense"]})


def grouped() -> Network:
    """The star, with the offices split over two kecamatan and the uplink holding an ISP gateway."""
    network = star(4)
    for site in network.sites[2:]:
        site.kecamatan = "Tenggarong" if site.id in ("o0", "o1") else "Loa Kulu"
    network.sites.append(Site("dinkes", "Dinas Kesehatan", SiteKind.SKPD))
    network.targets = [Target("gw", "uplink", "127.0.0.1", TargetRole.ISP_GATEWAY)]
    return network


def test_overrides_give_a_group_its_own_delays_and_the_first_match_wins() -> None:
    rules = AlertRules(down_after_minutes=10, overrides=(
        RuleOverride(match_kecamatan="tenggarong ", down_after_minutes=0),
        RuleOverride(match_kind=SiteKind.DESA, down_after_minutes=30, degraded_after_minutes=None),
        RuleOverride(match_role=TargetRole.ISP_GATEWAY, down_after_minutes=2),
    ))
    network = grouped()
    assert rules.for_site(network, "o0").down_after_minutes == 0  # kecamatan, matched without case or spaces
    assert rules.for_site(network, "o2") == SiteRule(30, None, True)  # a desa outside Tenggarong
    assert rules.for_site(network, "uplink").down_after_minutes == 2  # by its target's role
    assert rules.for_site(network, "dinkes").down_after_minutes == 10  # no override: the base rules
    planner = AlertPlanner(network, rules)
    batch = [change(s, UP, DOWN, at(9)) for s in ("o0", "o2", "dinkes")]
    assert [a.subject for a in planner.feed(batch, at(9))] == ["o0"]
    assert [a.subject for a in planner.tick(at(9, 10))] == ["dinkes"]
    assert planner.tick(at(9, 29)) == []
    assert [a.subject for a in planner.tick(at(9, 30))] == ["o2"]
    assert planner.feed([change("o3", UP, DEGRADED, at(10))], at(10)) == []
    assert planner.tick(at(14)) == []  # DEGRADED never alerts for the Loa Kulu desa


def test_an_override_that_disables_a_group_silences_it_but_not_recovery_of_others() -> None:
    rules = AlertRules(overrides=(RuleOverride(match_kecamatan="Loa Kulu", enabled=False),))
    planner = AlertPlanner(grouped(), rules)
    alerts = planner.feed([change("o2", UP, DOWN, at(9)), change("o0", UP, DOWN, at(9))], at(9))
    assert [a.subject for a in alerts] == ["o0"]
    [recovered] = planner.feed([change("o2", DOWN, UP, at(9, 5)), change("o0", DOWN, UP, at(9, 5))], at(9, 5))
    assert recovered.subject == "o0" and recovered.kind is AlertKind.RECOVERED


def test_a_storm_whose_children_have_their_own_rules_is_still_one_alert() -> None:
    network = star(40)
    for index, site in enumerate(network.sites[2:]):
        site.kecamatan = "Tenggarong" if index % 2 else "Loa Kulu"
    rules = AlertRules(down_after_minutes=5, storm_settle_seconds=10, overrides=(
        RuleOverride(match_kind=SiteKind.DESA, match_kecamatan="Tenggarong", down_after_minutes=0),
        RuleOverride(match_kind=SiteKind.DESA, down_after_minutes=1),
    ))
    planner = AlertPlanner(network, rules)
    t = at(9)
    # The offices are seen DOWN first (the engine's hold-back expired), then the uplink.
    alerts = planner.feed([change(f"o{i}", UP, DOWN, t) for i in range(40)] + [change("uplink", UP, DOWN, t)], t)
    for minute in range(1, 7):
        alerts += planner.tick(t + minute * 60)
    assert len(alerts) == 1
    assert alerts[0].subject == "uplink" and "40 offices unreachable" in english(alerts[0])
    assert alerts[0].created == t + 5 * 60


def test_overrides_round_trip_and_bad_ones_are_refused() -> None:
    rules = AlertRules(overrides=(
        RuleOverride(match_kind=SiteKind.KECAMATAN, match_kecamatan="Tenggarong", down_after_minutes=3,
                     degraded_after_minutes=None),
        RuleOverride(match_role=TargetRole.SERVER, enabled=False),
    ))
    data = json.loads(json.dumps(rules_to_dict(rules)))
    assert data["overrides"][0] == {"kind": "kecamatan", "kecamatan": "Tenggarong", "down_after_minutes": 3,
                                    "degraded_after_minutes": None, "enabled": True}
    assert rules_from_dict(data) == rules
    with pytest.raises(ValueError, match="needs a site kind"):
        RuleOverride(down_after_minutes=3)
    with pytest.raises(ValueError, match="cannot be negative"):
        rules_from_dict({"overrides": [{"kind": "desa", "down_after_minutes": -1}]})
    with pytest.raises(ValueError):
        rules_from_dict({"overrides": [{"kind": "village"}]})


@pytest.mark.parametrize(("host", "security", "password_secret", "refused"), [
    ("smtp.kaltim.example", "none", "smtp.password", True),
    ("10.1.2.3", "none", "smtp.password", True),
    ("smtp.kaltim.example", "starttls", "smtp.password", False),
    ("smtp.kaltim.example", "none", "", False),  # an open relay: no password to leak
    ("127.0.0.1", "none", "smtp.password", False),  # a relay on this machine
    ("localhost", "none", "smtp.password", False),
    ("::1", "none", "smtp.password", False),
])
def test_an_smtp_password_is_never_sent_in_the_clear_over_the_network(
        host: str, security: str, password_secret: str, refused: bool) -> None:
    network = star(0)
    network.alerts = AlertChannels(email=EmailChannel(host, 25, "pantau@kab.example", ["oncall@kab.example"],
                                                      password_secret=password_secret, security=security))
    problems = [p for p in validate_network(network) if p.section == "alerts.email"]
    assert bool(problems) == refused
    if refused:
        assert problems[0].field == "security" and "unencrypted" in problems[0].message
        assert problems[0].where() == "alerts.email field 'security'"


def test_every_verdict_has_a_phrase_in_both_languages() -> None:
    for verdict in Verdict:
        phrase_id, phrase_en = verdict_text(verdict.value, "id"), verdict_text(verdict.value, "en")
        assert phrase_id and phrase_en and phrase_id != phrase_en
        assert verdict.value not in (phrase_id, phrase_en)


def test_with_an_evidence_collector_a_down_alert_gives_it_a_moment_to_start() -> None:
    planner = AlertPlanner(star(0), AlertRules(contract_warnings=False))
    planner.evidence_grace_s = 2.0
    t = at(14, 5)
    assert planner.feed([change("uplink", UP, DOWN, t - 1)], t) == [], "the collector may not have spoken yet"
    assert planner.tick(t + 1.9) == []
    [down] = planner.tick(t + 2.0)
    assert down.kind is AlertKind.DOWN
