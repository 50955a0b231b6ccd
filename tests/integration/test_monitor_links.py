"""`pantau monitor` reads the links' SNMP counters beside the probes: traffic lands in the workspace, a link's
condition is printed when it changes (not every poll), and the diagnosis's live view carries the lines' load."""

from __future__ import annotations

import io
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pantau.domain.inventory import Link, LinkMedium, Network, Site, SiteKind, Target, TargetRole
from pantau.domain.snmp_config import SnmpInterface
from pantau.monitor import run_monitor
from pantau.secrets import set_secret
from pantau.storage.networkfile import load_network_file
from pantau.storage.workspace import Workspace
from tests.servers import TcpListener
from tests.snmp_agent import COMMUNITY, SnmpAgent


@pytest.fixture
def listener() -> Iterator[int]:
    with TcpListener("127.0.0.1") as server:
        yield server.port


def test_monitor_records_traffic_and_prints_link_conditions(tmp_path: Path, snmp_agent: SnmpAgent,
                                                            listener: int) -> None:
    set_secret("snmp/ro", COMMUNITY)
    measured = SnmpInterface("127.0.0.1", "lo", port=snmp_agent.port, community_secret="snmp/ro", interval_s=1.0)
    unstored = SnmpInterface("127.0.0.1", "lo", port=snmp_agent.port, community_secret="snmp/absent", interval_s=1.0)
    network = Network("t", sites=[Site("dc", "DC", SiteKind.DATACENTER), Site("k", "K", SiteKind.KECAMATAN)],
                      targets=[Target("srv", "dc", "127.0.0.1", TargetRole.SERVER, [f"tcp:{listener}"])],
                      links=[Link("l-up", "dc", "internet", "Telkom", LinkMedium.FIBER, 100_000, snmp=measured),
                             Link("l-k", "k", "dc", "Telkom", LinkMedium.FIBER, 100, snmp=unstored)])
    out = io.StringIO()
    started = time.time()
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        assert run_monitor(network, workspace, as_json=True, include_targets=False, duration_s=5, lang="en",
                           out=out) == 0
        rows = workspace.traffic("l-up", started - 1, time.time() + 1)
        failed = workspace.traffic("l-k", started - 1, time.time() + 1)
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    links = [(e["link"], e["condition"]) for e in events if e["event"] == "link"]
    assert links.count(("l-up", "waiting for a second reading")) == 1
    assert links.count(("l-up", "measured")) == 1  # printed when it changes, not at every poll
    assert ("l-k", "failing: SNMP: the keyring has no value for 'snmp/absent' (link l-k); store it with "
                   "`pantau secret set snmp/absent`") in links
    assert len([row for row in rows if not row.is_gap]) >= 2
    assert failed and all(row.is_gap for row in failed)


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_the_sample_measures_its_lines_on_a_machine_without_a_keyring(tmp_path: Path) -> None:
    from pantau.resources import sample_network_path
    from tests.integration.test_cli import pantau

    # The sample as shipped, its agent's two ports moved to free ones: the suite's other worker may run the sample
    # (a window test) on the shipped ports, and stop its agent while this one is measuring through it.
    text = sample_network_path().read_text(encoding="utf-8")
    assert text.count("port = 16161") == 1 and text.count("port = 16162") == 1
    sample = tmp_path / "sample.toml"
    sample.write_text(text.replace("port = 16161", f"port = {free_udp_port()}")
                      .replace("port = 16162", f"port = {free_udp_port()}"), encoding="utf-8")
    assert load_network_file(sample).sample
    workspace = tmp_path / "sample.sqlite3"
    assert pantau("import", str(sample), workspace=workspace).returncode == 0
    no_keyring = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    monitor = pantau("monitor", "--json", "--no-alerts", "--duration", "23", workspace=workspace, env=no_keyring)
    assert monitor.returncode == 0, monitor.stderr
    conditions = {json.loads(line)["link"]: json.loads(line)["condition"]
                  for line in monitor.stdout.splitlines() if '"event": "link"' in line}
    assert conditions.get("link-internet") in ("measured", "line full"), monitor.stdout
    links = pantau("links", "--json", workspace=workspace, env=no_keyring)
    by_link = {row["link"]: row for row in json.loads(links.stdout)}
    for link in ("link-internet", "link-camat-sepaku"):
        assert by_link[link]["state"] == "measured", by_link[link]
        assert by_link[link]["use_percent"] is not None and 0 <= by_link[link]["use_percent"] <= 100.5
    assert by_link["link-kantor-bupati"]["state"] == "not-measured"


def test_the_alert_service_alerts_a_full_line_from_a_real_agent(tmp_path: Path, snmp_agent: SnmpAgent,
                                                                listener: int) -> None:
    from pantau.alerts.record import read_record
    from pantau.alerts.service import AlertService
    from pantau.domain.alerts import Alert, AlertRules
    from pantau.probing.engine import ProbeEngine
    from pantau.probing.link_poller import LinkPoller
    from pantau.reporting.alert_text import ALERT_SENTENCES, alert_text

    # A 1 kbit/s contract on loopback, whose SNMP traffic alone is several kbit/s: full at its first busy reading.
    full = SnmpInterface("127.0.0.1", "lo", port=snmp_agent.port, community_secret="snmp/ro", interval_s=1.0)
    network = Network("t", sites=[Site("dc", "DC", SiteKind.DATACENTER),
                                  Site("k", "Kantor Camat Waru", SiteKind.KECAMATAN, parent="dc")],
                      targets=[Target("srv", "dc", "127.0.0.1", TargetRole.SERVER, [f"tcp:{listener}"])],
                      links=[Link("l-k", "k", "dc", "Telkom", LinkMedium.FIBER, 1, snmp=full)])
    heard: list[Alert] = []
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        links = LinkPoller(network, workspace.record_traffic, {"snmp/ro": COMMUNITY}.get, timeout_s=0.5, retries=0)
        engine = ProbeEngine(network, sink=workspace, links=links)
        service = AlertService(network, workspace, AlertRules(line_full_minutes=0.0, quiet_kinds=frozenset()), [],
                               wording=ALERT_SENTENCES, lang="en", tick_s=0.2)
        service.subscribe(heard.append)
        stop = service.listen_to(engine)
        service.start()
        engine.start()
        try:
            deadline = time.monotonic() + 12
            while time.monotonic() < deadline and not heard:
                time.sleep(0.1)
        finally:
            engine.stop()
            stop()
            service.stop()
        workspace.flush()
        records = read_record(workspace)
    kinds = [alert.kind.value for alert in heard]
    assert kinds[:1] == ["line-full"], kinds
    assert heard[0].subject == "k"
    assert alert_text(heard[0], "en").startswith("LINE FULL: Kantor Camat Waru, line l-k at ")
    assert any(record.kind == "line-full" and record.text("id").startswith("LINK PENUH: Kantor Camat Waru")
               for record in records)  # on record, in both languages, for the Alerts tab
