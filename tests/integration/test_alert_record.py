"""The alert record on a real workspace: every alert the service raises is on record with no channel configured
(the window's case: the tray shows them and the Alerts tab lists them), after a restart too; a DOWN kept back by a
rule is on record as suppressed; a contract warning is raised once per day, not at every launch; and the real
engine's short outage on loopback is told in seconds, not as "0 min"."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import pytest

from pantau.alerts.record import RAISED, SUPPRESSED, read_record
from pantau.alerts.service import AlertService
from pantau.domain.alerts import Alert, AlertKind, AlertRules, MaintenanceWindow
from pantau.domain.inventory import Contract, Link, LinkMedium, Network, Site, SiteKind, Target, TargetRole
from pantau.domain.states import HealthState, StateChange
from pantau.probing.engine import EngineSettings, ProbeEngine, StateChanges
from pantau.reporting.alert_text import ALERT_SENTENCES, alert_text
from pantau.storage.workspace import Workspace
from tests.integration.test_alert_channels import Clock
from tests.servers import StalledTcpListener, TcpListener

T0 = 1_795_000_000.0  # 18 Nov 2026, 19:06 WITA
DAY = 86_400.0
FAST = EngineSettings(icmp_timeout_s=0.5, tcp_timeout_s=0.5, retry_interval_s=0.2, publish_interval_s=0.05)


def offices() -> Network:
    # The contract ends 40 days after T0: its 60-day warning is due.
    contract = Contract("c-waru", "PT Telkom", "185/SPK/2026", "intranet", 2048, date(2026, 1, 1),
                        date(2026, 12, 28), 1_000_000)
    return Network("Kabupaten", sites=[Site("hub", "Pusat Data", SiteKind.DATACENTER),
                                       Site("waru", "Kantor Camat Waru", SiteKind.KECAMATAN, parent="hub"),
                                       Site("sepaku", "Kantor Camat Sepaku", SiteKind.KECAMATAN, parent="hub")],
                   links=[Link("link-waru", "waru", "hub", "PT Telkom", LinkMedium.FIBER, 2048,
                               contracts=["c-waru"])],
                   contracts=[contract])


def change(site: str, before: HealthState, after: HealthState, ts: float) -> StateChanges:
    return StateChanges((StateChange(site, "site", before, after, ts, "test"),), {site: after})


class Heard:
    def __init__(self) -> None:
        self.alerts: list[Alert] = []
        self._lock = threading.Lock()

    def __call__(self, alert: Alert) -> None:
        with self._lock:
            self.alerts.append(alert)

    def wait_for(self, count: int, timeout_s: float = 10.0) -> list[Alert]:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.alerts) >= count:
                    return list(self.alerts)
            time.sleep(0.02)
        raise AssertionError(f"heard {len(self.alerts)} alerts, expected {count}")


def run_service(workspace: Workspace, network: Network, rules: AlertRules, clock: Clock) -> tuple[AlertService,
                                                                                                    Heard]:
    service = AlertService(network, workspace, rules, [], wording=ALERT_SENTENCES, lang="en", tick_s=0.05, clock=clock)
    heard = Heard()
    service.subscribe(heard)
    service.start()
    return service, heard


def wait_rows(workspace: Workspace, count: int, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while len(read_record(workspace)) < count:
        assert time.monotonic() < deadline, f"{len(read_record(workspace))} rows on record, expected {count}"
        time.sleep(0.02)


def test_alerts_without_channels_are_on_record_and_stay_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    with Workspace.open(path) as workspace:
        service, heard = run_service(workspace, offices(), AlertRules(contract_warnings=False), Clock(T0))
        try:
            service.on_event(change("waru", HealthState.UP, HealthState.DOWN, T0))
            service.on_event(change("waru", HealthState.DOWN, HealthState.UP, T0 + 45))
            heard.wait_for(2)
            wait_rows(workspace, 2)
        finally:
            service.stop()
    with Workspace.open(path) as reopened:
        rows = read_record(reopened)
    assert [(row.kind, row.outcome, row.channels) for row in rows] == [
        ("recovered", RAISED, ()), ("down", RAISED, ())]
    assert rows[1].text_en.startswith("DOWN: Kantor Camat Waru since 19:06 WITA.")
    assert rows[0].text("id").startswith("PULIH: Kantor Camat Waru normal kembali")
    assert "after 45 s down" in rows[0].text_en


def test_a_down_kept_back_by_maintenance_is_on_record_as_suppressed(tmp_path: Path) -> None:
    rules = AlertRules(contract_warnings=False, maintenance=(MaintenanceWindow.once(["sepaku"], T0 - 60, T0 + 3600),))
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        service, heard = run_service(workspace, offices(), rules, Clock(T0))
        try:
            service.on_event(change("sepaku", HealthState.UP, HealthState.DOWN, T0))
            service.on_event(change("waru", HealthState.UP, HealthState.DOWN, T0))
            heard.wait_for(1)
            wait_rows(workspace, 2)
        finally:
            service.stop()
        rows = read_record(workspace)
    assert [alert.subject for alert in heard.alerts] == ["waru"]  # the tray heard only the one alerted
    suppressed = [row for row in rows if row.outcome == SUPPRESSED]
    assert [(row.subject, row.reason) for row in suppressed] == [("sepaku", "maintenance")]
    assert suppressed[0].text_en.startswith("DOWN: Kantor Camat Sepaku since")


def test_a_contract_warning_is_raised_once_per_day_across_restarts(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"

    def launch(now: float) -> list[Alert]:
        """One launch of Pantau at `now`: what the tray hears in its first moments."""
        with Workspace.open(path) as workspace:
            clock = Clock(now)
            service, heard = run_service(workspace, offices(), AlertRules(), clock)
            try:
                before = len(read_record(workspace))
                wait_rows(workspace, before + 3)  # the warnings, raised or suppressed, are on record
                time.sleep(0.2)
            finally:
                service.stop()
            return [alert for alert in heard.alerts if alert.kind is AlertKind.CONTRACT]

    # Its three warnings (ending, no budget, unpaid) are raised together, once.
    first = launch(T0)
    assert [alert.subject for alert in first] == ["c-waru"] * 3
    assert launch(T0 + 3600) == []  # a restart an hour later: not again
    assert launch(T0 + 7200) == []
    with Workspace.open(path) as workspace:
        rows = read_record(workspace)
    assert [(row.outcome, row.reason) for row in rows] == [(SUPPRESSED, "shown-today")] * 6 + [(RAISED, "")] * 3
    assert [alert.subject for alert in launch(T0 + DAY)] == ["c-waru"] * 3  # the next day, once more


def test_the_real_engine_s_short_outage_is_told_in_seconds(tmp_path: Path) -> None:
    with TcpListener("127.0.0.1") as listener:
        port = listener.port
        network = Network("Loopback", sites=[Site("hub", "Pusat Data", SiteKind.DATACENTER),
                                              Site("waru", "Kantor Camat Waru", SiteKind.KECAMATAN, parent="hub")],
                          targets=[Target("rtr", "waru", "127.0.0.1", TargetRole.OFFICE_ROUTER, [f"tcp:{port}"],
                                          interval_s=0.3)])
        with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
            workspace.replace_network(network)
            service = AlertService(network, workspace, AlertRules(contract_warnings=False), [],
                                   wording=ALERT_SENTENCES, lang="en",
                                   tick_s=0.05)
            heard = Heard()
            service.subscribe(heard)
            engine = ProbeEngine(network, sink=workspace, settings=FAST)
            engine.subscribe(service.on_event)
            service.start()
            engine.start()
            try:
                deadline = time.monotonic() + 10
                while engine.site_states().get("waru") is not HealthState.UP:
                    assert time.monotonic() < deadline, "the office never came up"
                    time.sleep(0.05)
                listener.stop()  # the office's service goes away …
                [down] = heard.wait_for(1)
                assert down.kind is AlertKind.DOWN
                time.sleep(2.0)
                with TcpListener("127.0.0.1", port=port):  # … and comes back where it was
                    alerts = heard.wait_for(2)
            finally:
                engine.stop()
                service.stop()
            rows = read_record(workspace)
    recovery = alerts[1]
    assert recovery.kind is AlertKind.RECOVERED
    assert recovery.since is not None
    lasted = int(recovery.created - recovery.since + 0.5)  # its own time stamps, a second or so after the change
    said = alert_text(recovery, "en")
    assert " after 0 min down" not in said
    assert any(f" after {s} s down" in said for s in range(1, lasted + 1)), said
    assert [row.kind for row in rows] == ["recovered", "down"]


def test_an_office_still_dead_after_its_uplink_returns_is_told_its_whole_outage(tmp_path: Path) -> None:
    """The real engine: uplink and office silent together (the office UNREACHABLE behind the uplink), the uplink
    back first, the office a few seconds later (UNREACHABLE → DOWN → UP): its recovery counts from the cut."""
    with TcpListener("127.0.0.1") as uplink_service, TcpListener("127.0.0.2") as office_service:
        uplink_port, office_port = uplink_service.port, office_service.port
        network = Network("Loopback", sites=[Site("hub", "Pusat Data", SiteKind.DATACENTER),
                                              Site("pop", "POP Telkom", SiteKind.ISP_POP, parent="hub"),
                                              Site("waru", "Kantor Camat Waru", SiteKind.KECAMATAN, parent="pop")],
                          targets=[Target("gw", "pop", "127.0.0.1", TargetRole.ISP_GATEWAY, [f"tcp:{uplink_port}"],
                                          interval_s=0.3),
                                   Target("rtr", "waru", "127.0.0.2", TargetRole.OFFICE_ROUTER,
                                          [f"tcp:{office_port}"], interval_s=0.3)])
        with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
            workspace.replace_network(network)
            service = AlertService(network, workspace, AlertRules(contract_warnings=False, storm_settle_seconds=0.5),
                                   [], wording=ALERT_SENTENCES, lang="en", tick_s=0.05)
            heard = Heard()
            service.subscribe(heard)
            engine = ProbeEngine(network, sink=workspace, settings=FAST)
            engine.subscribe(service.on_event)
            service.start()
            engine.start()
            try:
                deadline = time.monotonic() + 10
                while engine.site_states().get("waru") is not HealthState.UP:
                    assert time.monotonic() < deadline, "the office never came up"
                    time.sleep(0.05)
                uplink_service.stop()
                silent_uplink = StalledTcpListener("127.0.0.1", uplink_port).start()  # the uplink's line is cut …
                if not silent_uplink.stalled:
                    silent_uplink.stop()
                    pytest.skip("a full accept queue does not drop connections here")
                try:
                    [pop_down] = heard.wait_for(1)
                    assert pop_down.subject == "pop"
                    cut = time.time()
                    office_service.stop()  # … and the office behind it dies too, unseen (UNREACHABLE)
                    with StalledTcpListener("127.0.0.2", office_port):
                        deadline = time.monotonic() + 10
                        while engine.site_states().get("waru") is not HealthState.UNREACHABLE:
                            assert time.monotonic() < deadline, f"the office is {engine.site_states().get('waru')}"
                            time.sleep(0.05)
                        time.sleep(1.0)
                        silent_uplink.stop()
                        # The uplink is back, the office still dead: UNREACHABLE → DOWN.
                        with TcpListener("127.0.0.1", port=uplink_port):
                            alerts = heard.wait_for(3)  # the uplink's recovery, then the office's DOWN
                            time.sleep(2.0)
                finally:
                    silent_uplink.stop()
                with TcpListener("127.0.0.2", port=office_port):
                    alerts = heard.wait_for(4)
                    back = time.time()
            finally:
                engine.stop()
                service.stop()
    office = [alert for alert in alerts if alert.subject == "waru"]
    assert [alert.kind for alert in office] == [AlertKind.DOWN, AlertKind.RECOVERED]
    recovery = office[1]
    assert recovery.since is not None and recovery.since <= cut + 2.0, "counted from the cut, not the uplink's return"
    lasted = [s for s in range(1, int(back - cut) + 3) if f" after {s} s down" in alert_text(recovery, "en")]
    assert lasted and lasted[0] >= 3, alert_text(recovery, "en")
