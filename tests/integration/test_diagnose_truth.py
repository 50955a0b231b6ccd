"""The diagnosis under the regency's real faults, with real traffic: a full 100 kbit line, 20 % loss each way, every
office dark while the ISP answers (probed, and seen through a running engine), a dead server beside a dead ISP
gateway.

The lab: the data centre's LAN gateway and server, a kecamatan-sized set of four offices, and the ISP's gateway with
two upstream anchors *behind* it (namespaces that route through the gateway's namespace), so that the line to the
gateway carries the anchors' traffic: rate-limit it or make it lossy and everything beyond it suffers, as on the
real line. Usual RTTs come from a workspace whose history was written through the real writer from this lab's own
healthy rounds (`storage.baselines`).

The congestion and loss scenarios are chance: they run `TRUTH_RUNS` times (3 in the normal suite; the benchmark
`benchmarks/bench_diagnose_truth.py` runs them 10 times and prints the tally).
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from pantau.domain.diagnosis import DiagnosisReport, Layer, LiveView, Verdict, plan_diagnosis
from pantau.domain.inventory import (
    INTERNET,
    Contract,
    Link,
    LinkMedium,
    Network,
    Payment,
    Site,
    SiteKind,
    Target,
    TargetRole,
    validate_network,
)
from pantau.domain.samples import Sample
from pantau.domain.states import HealthState
from pantau.probing.diagnose import DiagnoseSettings, run_diagnosis
from pantau.probing.engine import EngineSettings, ProbeEngine
from pantau.probing.icmp import IcmpMode, IcmpPinger
from pantau.reporting.diagnosis_report import render_json, render_text
from pantau.storage.baselines import rtt_baselines
from pantau.storage.live_states import recorded_live_view
from pantau.storage.workspace import Workspace
from tests.netns import LabHost, NamespaceLab, netns_unavailable_reason

pytestmark = [pytest.mark.netns]

TRUTH_RUNS = int(os.environ.get("PANTAU_TRUTH_RUNS", "3"))
TELKOM = "PT Telkom Indonesia (Persero) Tbk"
OFFICES = ("o1", "o2", "o3", "o4")
ROOT_HOSTS = ("lan", "srv", "isp", *OFFICES)
# Cross traffic on the 100 kbit line: 1000-byte datagrams every 61.5 ms, 130 kbit/s.
CROSS_BYTES, CROSS_GAP_S = 1000, 0.0615


@dataclass
class TruthLab:
    net: NamespaceLab
    hosts: dict[str, LabHost]
    pinger: IcmpPinger
    baselines: dict[str, float]

    def address(self, name: str) -> str:
        return self.hosts[name].address


def build_network(lab: TruthLab | dict[str, LabHost]) -> Network:
    hosts = lab.hosts if isinstance(lab, TruthLab) else lab
    day = date.today()
    contract = Contract("ctr-intranet", TELKOM, "185/SPK/DISKOMINFO/I/2026", "intranet", 20_000,
                        day - timedelta(days=100), day + timedelta(days=265), 100_000_000,
                        payments=[Payment(day - timedelta(days=100), 100_000_000, day - timedelta(days=100),
                                          day + timedelta(days=265))])
    network = Network(
        "Pemkab uji (truth)", timezone="Asia/Makassar",
        sites=[Site("dc", "Pusat data Diskominfo", SiteKind.DATACENTER),
               Site("pop", "POP Telkom Penajam", SiteKind.ISP_POP, parent="dc"),
               *(Site(o, f"Dinas {o[1]}", SiteKind.SKPD, parent="dc") for o in OFFICES)],
        targets=[Target("gw-lan", "dc", hosts["lan"].address, TargetRole.LAN_GATEWAY, name="Gateway LAN"),
                 Target("srv", "dc", hosts["srv"].address, TargetRole.SERVER, name="Server pusat"),
                 Target("gw-isp", "pop", hosts["isp"].address, TargetRole.ISP_GATEWAY, name="Gateway ISP"),
                 Target("up-1", "pop", hosts["up1"].address, TargetRole.UPSTREAM, name="Anchor Balikpapan"),
                 Target("up-2", "pop", hosts["up2"].address, TargetRole.UPSTREAM, name="Anchor nasional"),
                 *(Target(f"rtr-{o}", o, hosts[o].address, TargetRole.OFFICE_ROUTER, name=f"Router Dinas {o[1]}",
                          interval_s=1.0) for o in OFFICES)],
        links=[Link("link-internet", "dc", INTERNET, TELKOM, LinkMedium.METRO_E, 100, circuit_id="TLK-AST-4471"),
               *(Link(f"link-{o}", o, "dc", TELKOM, LinkMedium.FIBER, 20_000, circuit_id=f"TLK-PPU-01{n}",
                      contracts=["ctr-intranet"]) for n, o in enumerate(OFFICES))],
        contracts=[contract],
    )
    assert validate_network(network) == []
    return network


def write_history(workspace: Workspace, network: Network, pinger: IcmpPinger, now: float) -> None:
    """Three hours of one round a minute per target, each with an RTT this lab really measured when healthy."""
    measured: dict[str, list[float]] = {}
    for target in network.targets:
        icmp_round = pinger.ping_round(target.address, 5, 1.0, 0.05)
        assert icmp_round.received, f"{target.id} does not answer before the scenario"
        measured[target.id] = list(icmp_round.rtts_ms)
    samples = [Sample(now - minute * 60.0, target_id, "icmp", rtts[minute % len(rtts)], sent=3)
               for minute in range(1, 181) for target_id, rtts in measured.items()]
    workspace.submit(samples)
    workspace.flush()


@contextmanager
def truth_lab(workdir: Path) -> Iterator[TruthLab]:
    """The lab with its usual RTTs measured and written to a workspace in `workdir`; everything it made is removed
    on the way out. Raises PermissionError when this process may not send ICMP."""
    net = NamespaceLab()
    try:
        hosts = {name: net.add_host(name) for name in ROOT_HOSTS}
        hosts["up1"] = net.add_host_behind("up1", hosts["isp"])
        hosts["up2"] = net.add_host_behind("up2", hosts["isp"])
        with IcmpPinger() as pinger:
            if pinger.mode is IcmpMode.NONE:
                raise PermissionError(f"this process may not send ICMP: {pinger.privilege_hint()}")
            network = build_network(hosts)
            now = time.time()
            with Workspace.open(workdir / "ws.sqlite3") as workspace:
                write_history(workspace, network, pinger, now)
                baselines = rtt_baselines(workspace, [t.id for t in network.targets], now)
            assert set(baselines) == {t.id for t in network.targets}
            yield TruthLab(net, hosts, pinger, baselines)
    finally:
        net.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TruthLab]:
    reason = netns_unavailable_reason()
    if reason:
        pytest.skip(reason)
    try:
        with truth_lab(tmp_path_factory.mktemp("truth")) as made:
            yield made
    except PermissionError as error:
        pytest.skip(str(error))


def heal(host: LabHost) -> None:
    """Undo every impairment a scenario here makes; each undo is harmless when there is nothing to undo."""
    host.restore()
    namespaced = ["ip", "netns", "exec", host.namespace]
    for command in ([*namespaced, "nft", "delete", "table", "inet", "impair"],
                    ["tc", "qdisc", "del", "dev", host.near_device, "root"]):
        subprocess.run(command, capture_output=True, check=False)


@pytest.fixture(autouse=True)
def healthy(lab: TruthLab) -> Iterator[None]:
    wait_answering(lab)
    yield
    heal_all(lab)


def heal_all(lab: TruthLab) -> None:
    for host in lab.hosts.values():
        heal(host)


def wait_answering(lab: TruthLab) -> None:
    pending = set(lab.hosts)
    deadline = time.monotonic() + 5.0
    while pending and time.monotonic() < deadline:
        pending = {n for n in pending if not lab.pinger.ping_round(lab.address(n), 1, 0.3).received}
    assert not pending, f"test hosts still silent: {sorted(pending)}"


def diagnose(lab: TruthLab, scope: str = "all", live: LiveView | None = None,
             settings: DiagnoseSettings | None = None) -> DiagnosisReport:
    network = build_network(lab)
    settings = settings or DiagnoseSettings()
    began = time.monotonic()
    report = run_diagnosis(network, plan_diagnosis(network, scope), lab.pinger, settings, live=live,
                           baselines=lab.baselines)
    assert time.monotonic() - began <= settings.budget_s
    return report


# ---- Impairments ----


def rate_limit_with_cross_traffic(lab: TruthLab, until: threading.Event) -> threading.Thread:
    """The ISP line capped at 100 kbit (tbf on the way to the gateway) and loaded with 130 kbit/s of other traffic
    to an anchor behind it; the sender stops when `until` is set, or after 60 s whatever happens."""
    lab.hosts["isp"].rate_limit(100)
    target = (lab.address("up1"), 9)

    def send() -> None:
        end = time.monotonic() + 60
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            while not until.is_set() and time.monotonic() < end:
                sock.sendto(b"x" * CROSS_BYTES, target)
                until.wait(CROSS_GAP_S)

    sender = threading.Thread(target=send, name="cross-traffic", daemon=True)
    sender.start()
    return sender


def lose_each_way(host: LabHost, percent: int) -> None:
    """Drop that share of every packet into and out of the host's side of its line, whatever it is (nftables
    numgen in the host's namespace, before routing and after it, so forwarded traffic suffers too)."""
    host.run("nft", "add", "table", "inet", "impair")
    for chain, hook, device in (("in", "prerouting", "iifname"), ("out", "postrouting", "oifname")):
        host.run("nft", "add", "chain", "inet", "impair", chain, f"{{ type filter hook {hook} priority 0; }}")
        host.run("nft", "add", "rule", "inet", "impair", chain, "meta", device, host.far_device, "numgen", "random",
                 "mod", "100", "lt", str(percent), "drop")


def assert_congestion_at_the_isp_line(report: DiagnosisReport) -> None:
    result = report.result
    assert result.verdict is Verdict.DEGRADED, result.summary
    assert Verdict.ISP_LINK not in {f.verdict for f in result.findings}, result.summary
    congestion = result.congestion
    assert congestion is not None and congestion.layer in (Layer.ISP, Layer.UPSTREAM), result.summary


# ---- The full line ----


def congested_runs(lab: TruthLab, runs: int) -> list[DiagnosisReport]:
    stop = threading.Event()
    sender = rate_limit_with_cross_traffic(lab, stop)
    try:
        time.sleep(1.0)  # the queue fills
        return [diagnose(lab, "isp") for _ in range(runs)]
    finally:
        stop.set()
        sender.join(timeout=5)


@pytest.mark.slow
def test_a_full_100_kbit_line_is_congestion_at_the_isp_line_never_a_cut(lab: TruthLab) -> None:
    reports = congested_runs(lab, TRUTH_RUNS)
    for report in reports:
        assert_congestion_at_the_isp_line(report)
        congestion = report.result.congestion
        assert congestion is not None and congestion.saturated and congestion.layer is Layer.ISP, \
            report.result.summary
        assert congestion.rtt_ms is not None and congestion.rtt_ms > 100, "packets queue on the full line"
        assert report.result.summary.startswith("degraded: ISP link saturated: RTT ")
    text = render_text(reports[-1], "en")
    assert "The ISP line is saturated: RTT " in text and " ms usual" in text
    assert "Link ISP padat: RTT " in render_text(reports[-1], "id")
    hops = [hop for report in reports for hop in (render_json(report)["path"] or {}).get("hops", [])]
    assert any(hop["address"] == lab.address("isp") for hop in hops), "the hop list shows the ISP gateway"


# ---- The lossy line ----


def lossy_runs(lab: TruthLab, runs: int) -> list[DiagnosisReport]:
    lose_each_way(lab.hosts["isp"], 20)
    return [diagnose(lab, "isp") for _ in range(runs)]


@pytest.mark.slow
def test_twenty_percent_loss_each_way_is_degraded_never_a_cut(lab: TruthLab) -> None:
    reports = lossy_runs(lab, TRUTH_RUNS)
    for report in reports:
        assert_congestion_at_the_isp_line(report)
    losses = [o.loss_percent for r in reports for o in r.outcomes if o.method == "icmp" and o.layer in
              (Layer.ISP, Layer.UPSTREAM) and o.loss_percent is not None]
    assert 10 < statistics.fmean(losses) < 60, f"about 36 % of round trips lost: {losses}"


# ---- Every office dark ----


def dark_offices_run(lab: TruthLab) -> DiagnosisReport:
    for office in OFFICES:
        lab.hosts[office].cut()
    return diagnose(lab, "all")


def test_every_office_silent_while_the_isp_answers_is_the_providers_access_network(lab: TruthLab) -> None:
    report = dark_offices_run(lab)
    result = report.result
    assert result.verdict is Verdict.ISP_ACCESS, result.summary
    assert result.finding is not None and (len(result.finding.sites), result.finding.total) == (4, 4)
    assert result.summary == "isp-access: ISP gateway and internet fine; 4 of 4 office lines silent"
    assert report.cause.providers == (TELKOM,)
    assert "4 dari 4 link kantor tidak menjawab — jaringan provider ke kantor-kantor" in render_text(report, "id")


def test_the_isp_scope_sees_the_dark_offices_through_a_running_engine(lab: TruthLab, tmp_path: Path) -> None:
    """The engine monitors the lab and records into a workspace; the offices are cut. Scope `isp` probes none of
    them, yet the engine's view (handed over, as the window does) and the workspace's recorded states (as
    `pantau diagnose` reads them) both give the provider's access network, 4 of 4."""
    network = build_network(lab)
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        engine = ProbeEngine(network, sink=workspace, settings=EngineSettings())
        engine.start()
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and any(
                    engine.target_states().get(f"rtr-{o}") is not HealthState.UP for o in OFFICES):
                time.sleep(0.1)
            for office in OFFICES:
                lab.hosts[office].cut()
            while time.monotonic() < deadline + 10 and any(
                    engine.target_states().get(f"rtr-{o}") is not HealthState.DOWN for o in OFFICES):
                time.sleep(0.1)
            view = LiveView(engine.target_states(), engine.site_states(), time.time())
            assert all(view.target_states[f"rtr-{o}"] is HealthState.DOWN for o in OFFICES), view.target_states
            handed = diagnose(lab, "isp", live=view)
            workspace.flush()
            recorded = recorded_live_view(workspace, time.time())
        finally:
            engine.stop()
    assert recorded.view is not None and recorded.age_s is not None and recorded.age_s < 10
    from_workspace = diagnose(lab, "isp", live=recorded.view)
    for report in (handed, from_workspace):
        result = report.result
        assert result.verdict is Verdict.ISP_ACCESS, result.summary
        assert result.finding is not None and (len(result.finding.sites), result.finding.total) == (4, 4)
        assert {o.target_id for o in report.monitored if not o.ok} == {f"rtr-{o}" for o in OFFICES}
        assert "4 of 4 office lines silent" in render_text(report, "en")


# ---- Two faults at once ----


def server_and_isp_run(lab: TruthLab) -> DiagnosisReport:
    lab.hosts["srv"].cut()
    lab.hosts["isp"].cut()
    return diagnose(lab, "all", settings=DiagnoseSettings(budget_s=8.0))


def test_a_dead_server_and_a_dead_isp_gateway_are_both_findings_worst_first(lab: TruthLab) -> None:
    report = server_and_isp_run(lab)
    result = report.result
    assert [(f.verdict, f.layer) for f in result.findings] == [(Verdict.SERVER, Layer.SERVER),
                                                             (Verdict.ISP_LINK, Layer.ISP)], result.summary
    english = render_text(report, "en")
    assert english.splitlines()[1].startswith("✗ LAN is fine; Server pusat does not answer.")
    assert "Also: ✗ Gateway ISP does not answer." in english
    assert "Juga: ✗ Gateway ISP tidak menjawab." in render_text(report, "id")
    assert [f["verdict"] for f in render_json(report)["findings"]] == ["server", "isp-link"]
