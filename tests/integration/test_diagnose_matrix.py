"""The diagnosis against real faults: one scenario per verdict, and the administrative cut the officers met.

The test network is a small regency: a data centre (LAN gateway, central server, a resolver), the ISP's POP (its
gateway and two upstream anchors) and a kecamatan office with a desa office behind it. Hosts that can fail are
network namespaces (`tests.netns`: cut, delayed, lossy for real); services are loopback servers (`tests.servers`:
refusing, failing, redirecting to a portal host, silent). Each scenario asserts the verdict, the failing layer, the
cause where one applies, and that the run stayed inside its time bound; the namespaces and servers are shared by
the module and put back to health after every test.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from pantau.domain.diagnosis import (
    LAYER_ORDER,
    CallPurpose,
    CauseKind,
    CheckOutcome,
    DiagnosisReport,
    Layer,
    LayerStatus,
    StepKind,
    Verdict,
    plan_diagnosis,
)
from pantau.domain.inventory import (
    INTERNET,
    BudgetRequest,
    BudgetStatus,
    Contract,
    Link,
    LinkMedium,
    LinkRole,
    Network,
    Payment,
    Site,
    SiteKind,
    Target,
    TargetRole,
    validate_network,
)
from pantau.domain.samples import ErrorKind
from pantau.domain.timezones import local_date
from pantau.probing.diagnose import DiagnoseSettings, run_diagnosis
from pantau.probing.icmp import IcmpMode, IcmpPinger
from pantau.reporting.diagnosis_report import render_json, render_text
from pantau.storage.workspace import Workspace
from tests.netns import LabHost, NamespaceLab, namespace_lab, run_checked
from tests.servers import DnsTestServer, HttpTestServer, StalledTcpListener, TcpListener, wait_until

pytestmark = [pytest.mark.netns]

SRC = Path(__file__).resolve().parents[2] / "src"
TIMEZONE = "Asia/Makassar"
RESOLVER = "127.0.0.53"
PORTAL = "127.0.0.2"
NAME = "simda.ppu.test"
TELKOM = "PT Telkom Indonesia (Persero) Tbk"
INTERNET_NUMBER = "045/SPK/DISKOMINFO/II/2025"
INTERNET_CIRCUIT = "TLK-BPN-AST-9001"
HOSTS = ("lan", "srv", "isp", "up1", "up2", "kec", "desa")
SERVER_WEB_PORT = 8080  # inside the server's own namespace, where nothing else listens
# Module-scoped servers outlive single tests; their own stop-by-itself bound must cover the whole module.
SERVER_LIFETIME_S = 600.0
# Short timeouts for scenarios whose subject is not the bound itself; every one of them must end inside `budget_s`.
FAST = DiagnoseSettings(budget_s=4.0, icmp_timeout_s=0.5, tcp_timeout_s=0.5, http_timeout_s=1.0, dns_timeout_s=0.5,
                        max_hops=4, hop_timeout_s=0.5)


@dataclass
class Lab:
    net: NamespaceLab
    hosts: dict[str, LabHost]
    pinger: IcmpPinger
    web: HttpTestServer
    portal: HttpTestServer
    dns: DnsTestServer
    tcp: TcpListener

    def server_url(self, path: str = "/") -> str:
        """The web service that runs on the central server itself, inside its namespace."""
        return f"http://{self.hosts['srv'].address}:{SERVER_WEB_PORT}{path}"

    def wait_answering(self, *names: str) -> None:
        """Wait until these hosts (all by default) answer a ping: a veth brought back up carries traffic only once
        the kernel's link watcher has seen its carrier, up to a second later."""
        pending = set(names or HOSTS)
        deadline = time.monotonic() + 5.0
        while pending and time.monotonic() < deadline:
            pending = {n for n in pending if not self.pinger.ping_round(self.hosts[n].address, 1, 0.2).received}
        assert not pending, f"test hosts still silent after healing: {sorted(pending)}"


@contextmanager
def web_service_in(host: LabHost, directory: Path) -> Iterator[None]:
    """`python -m http.server` on the host's own address inside its namespace, bounded in time, stopped by PID."""
    (directory / "index.html").write_text("pantau ok\n")
    # Its stderr (the request log, and the reason when it cannot start) goes to a file beside the served folder.
    log = directory.with_name(directory.name + "-server.log")
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            ["ip", "netns", "exec", host.namespace, "timeout", str(int(SERVER_LIFETIME_S)), sys.executable, "-m",
             "http.server", "--bind", host.address, "--directory", str(directory), str(SERVER_WEB_PORT)],
            stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        def listening() -> bool:
            with socket.socket() as sock:
                sock.settimeout(0.2)
                return sock.connect_ex((host.address, SERVER_WEB_PORT)) == 0

        assert wait_until(listening, 10.0), (
            f"the web service in the server's namespace did not start: {log.read_text(errors='replace').strip()}")
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    with namespace_lab() as net:
        hosts = {name: net.add_host(name) for name in HOSTS}
        with (IcmpPinger() as pinger,
              web_service_in(hosts["srv"], tmp_path_factory.mktemp("srv-web")),
              HttpTestServer(PORTAL, max_lifetime_s=SERVER_LIFETIME_S) as portal,
              HttpTestServer(portal_url=portal.url("/portal"), max_lifetime_s=SERVER_LIFETIME_S) as web,
              DnsTestServer({NAME: ["127.0.10.1"]}, host=RESOLVER, max_lifetime_s=SERVER_LIFETIME_S) as dns,
              TcpListener(RESOLVER, max_lifetime_s=SERVER_LIFETIME_S) as tcp):
            if pinger.mode is IcmpMode.NONE:
                pytest.skip(f"this process may not send ICMP: {pinger.privilege_hint()}")
            yield Lab(net, hosts, pinger, web, portal, dns, tcp)


def _heal(host: LabHost) -> None:
    """Undo every impairment `LabHost` can make; each undo is harmless when there is nothing to undo."""
    host.stop_processes()
    host.restore()
    namespaced = ["ip", "netns", "exec", host.namespace]
    for command in ([*namespaced, "nft", "delete", "table", "inet", "impair"],
                    [*namespaced, "sysctl", "-qw", "net.ipv4.icmp_echo_ignore_all=0"],
                    ["tc", "qdisc", "del", "dev", host.near_device, "root"]):
        subprocess.run(command, capture_output=True, check=False)


@pytest.fixture(autouse=True)
def healthy(lab: Lab) -> Iterator[None]:
    """Every scenario starts from a healthy lab and leaves one behind, whatever it broke."""
    lab.wait_answering()
    yield
    for host in lab.hosts.values():
        _heal(host)
    lab.dns.mode = "answer"


def today() -> date:
    return local_date(time.time(), TIMEZONE)


def paid_contract(contract_id: str, number: str, start: date, end: date,
                  budget_requests: list[BudgetRequest] | None = None) -> Contract:
    """A contract whose every bill is paid, so that only what a scenario changes can be the cause."""
    return Contract(contract_id, TELKOM, number, "test line", 20_000, start, end, 120_000_000,
                    payments=[Payment(start, 120_000_000, start, end)], budget_requests=budget_requests or [])


def build_network(lab: Lab) -> Network:
    """The healthy test regency, built afresh for each scenario, which then changes what it needs."""
    host = {name: h.address for name, h in lab.hosts.items()}
    day = today()
    network = Network(
        "Pemkab uji (matrix)", timezone=TIMEZONE,
        sites=[
            Site("pop", "POP Telkom Penajam", SiteKind.ISP_POP),
            Site("dc", "Pusat data Diskominfo", SiteKind.DATACENTER, parent="pop"),
            Site("kec", "Kantor Camat Waru", SiteKind.KECAMATAN, parent="dc"),
            Site("desa", "Kantor Desa Sesulu", SiteKind.DESA, parent="kec"),
        ],
        targets=[
            Target("gw-lan", "dc", host["lan"], TargetRole.LAN_GATEWAY, ["icmp"], name="Gateway LAN"),
            Target("srv", "dc", host["srv"], TargetRole.SERVER, ["icmp", lab.server_url()], name="Server pusat"),
            Target("ns1", "dc", RESOLVER, TargetRole.SERVER,
                   ["icmp", f"tcp:{lab.tcp.port}", f"dns:{NAME}@{RESOLVER}:{lab.dns.port}"], name="Resolver"),
            Target("gw-isp", "pop", host["isp"], TargetRole.ISP_GATEWAY, ["icmp"], name="Gateway ISP"),
            Target("up-1", "pop", host["up1"], TargetRole.UPSTREAM, ["icmp"], name="Anchor Balikpapan"),
            Target("up-2", "pop", host["up2"], TargetRole.UPSTREAM, ["icmp"], name="Anchor nasional"),
            Target("rtr-kec", "kec", host["kec"], TargetRole.OFFICE_ROUTER, ["icmp"], name="Router Camat Waru"),
            Target("rtr-desa", "desa", host["desa"], TargetRole.OFFICE_ROUTER, ["icmp"], name="Router Desa Sesulu"),
        ],
        links=[
            Link("link-internet", "dc", INTERNET, TELKOM, LinkMedium.METRO_E, 500_000, circuit_id=INTERNET_CIRCUIT,
                 contracts=["ctr-internet"]),
            Link("link-kec", "kec", "dc", TELKOM, LinkMedium.FIBER, 20_000, circuit_id="TLK-PPU-0301",
                 contracts=["ctr-intranet"]),
            Link("link-desa", "desa", "kec", TELKOM, LinkMedium.WIRELESS, 4_000, circuit_id="TLK-PPU-0302",
                 contracts=["ctr-intranet"]),
        ],
        contracts=[
            paid_contract("ctr-internet", INTERNET_NUMBER, day - timedelta(days=100), day + timedelta(days=265)),
            paid_contract("ctr-intranet", "046/SPK/DISKOMINFO/II/2025", day - timedelta(days=100),
                          day + timedelta(days=265)),
        ],
    )
    assert validate_network(network) == []
    return network


def target(network: Network, target_id: str) -> Target:
    return next(t for t in network.targets if t.id == target_id)


def cut(lab: Lab, *names: str, side: str = "far") -> None:
    for name in names:
        lab.hosts[name].cut(side)


@dataclass
class Run:
    report: DiagnosisReport
    elapsed_s: float
    live: list[CheckOutcome] = field(default_factory=list)

    @property
    def verdict(self) -> Verdict:
        return self.report.result.verdict

    def outcome(self, target_id: str, method: str) -> CheckOutcome:
        return next(o for o in self.report.outcomes
                    if o.target_id == target_id and o.method == method and o.layer is not Layer.PATH)

    def text(self, lang: str) -> str:
        return render_text(self.report, "id" if lang == "id" else "en")


def diagnose(lab: Lab, network: Network, scope: str = "all", site: str | None = None,
             settings: DiagnoseSettings = FAST) -> Run:
    """Run the diagnosis and check what holds for every run: the bound, live outcomes, every planned check."""
    plan = plan_diagnosis(network, scope, site)
    live: list[CheckOutcome] = []
    began = time.monotonic()
    report = run_diagnosis(network, plan, lab.pinger, settings, live.append)
    elapsed = time.monotonic() - began
    assert elapsed <= settings.budget_s, f"the run took {elapsed:.2f} s, over its {settings.budget_s} s bound"
    assert sorted(map(id, live)) == sorted(map(id, report.outcomes)), "every outcome is shown live"
    if report.result.verdict is not Verdict.LOCAL:
        checked = [(o.target_id, o.method) for o in report.outcomes if o.layer not in (Layer.LOCAL, Layer.PATH)]
        assert checked == [(c.target_id, c.method) for c in plan.checks], "every planned check, in plan order"
    return Run(report, elapsed, live)


# ---- ok ----


def test_ok_when_everything_answers(lab: Lab) -> None:
    run = diagnose(lab, build_network(lab))
    result = run.report.result
    assert run.verdict is Verdict.OK and result.failing_layer is None
    assert all(o.ok for o in run.report.outcomes), [o for o in run.report.outcomes if not o.ok]
    assert {result.layers[layer] for layer in LAYER_ORDER if layer is not Layer.PATH} == {LayerStatus.OK}
    assert run.report.cause.kind is CauseKind.NONE and not run.report.fault
    assert not [o for o in run.report.outcomes if o.layer is Layer.PATH], "no path probe when nothing is silent"
    assert run.elapsed_s < 1.0, "a healthy run waits for no timeout"


# ---- local ----


def test_local_when_no_planned_address_has_a_route_and_not_when_one_has(lab: Lab) -> None:
    """The near side of a veth down removes its /30, so the lab's guard route answers "unreachable" at once: the
    kernel has no route to any planned address. One address with a route left is no longer a local fault."""
    network = build_network(lab)
    network.targets = [t for t in network.targets if t.id in ("gw-lan", "srv", "gw-isp")]
    cut(lab, "lan", "srv", "isp", side="near")
    run = diagnose(lab, network)
    assert run.verdict is Verdict.LOCAL and run.report.result.failing_layer is Layer.LOCAL
    assert run.report.cause.kind is CauseKind.NO_ROUTE
    assert [o.method for o in run.report.outcomes] == ["route"], "nothing beyond the route check runs"
    assert all(lab.hosts[name].address in run.report.outcomes[0].message for name in ("lan", "srv", "isp"))
    assert run.report.next_steps[0].kind is StepKind.CHECK_LOCAL

    lab.hosts["lan"].restore()
    lab.wait_answering("lan")
    run = diagnose(lab, network)
    assert run.verdict is Verdict.SERVER, run.report.result.summary
    assert run.outcome("srv", "icmp").error is ErrorKind.UNREACHABLE
    assert run.report.result.layers[Layer.LOCAL] is LayerStatus.OK


def test_local_on_a_computer_with_no_network_at_all(lab: Lab, tmp_path: Path) -> None:
    """The model of "this computer has no usable network": `pantau diagnose` inside a fresh namespace, where no
    interface is up, not even loopback, so there is no route to anything."""
    workspace = tmp_path / "ws.sqlite3"
    with Workspace.open(workspace) as opened:
        opened.replace_network(build_network(lab))
    bare = f"{lab.net.prefix}-bare"
    run_checked(["ip", "netns", "add", bare])
    try:
        began = time.monotonic()
        result = subprocess.run(
            ["ip", "netns", "exec", bare, sys.executable, "-m", "pantau", "--workspace", str(workspace),
             "diagnose", "all", "--json", "--lang", "en"],
            capture_output=True, text=True, timeout=60, check=False, env={**os.environ, "PYTHONPATH": str(SRC)})
        elapsed = time.monotonic() - began
    finally:
        subprocess.run(["ip", "netns", "del", bare], capture_output=True, check=False)
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["verdict"] == "local" and document["failing_layer"] == "local"
    assert document["cause"]["kind"] == "no-route"
    assert [c["method"] for c in document["checks"]] == ["route"]
    assert "unreachable" in document["checks"][0]["message"]
    assert document["duration_ms"] < 1000, "no check waits for a timeout when there is no route"
    assert elapsed < 15.0


# ---- lan, server, server-service ----


def test_lan_gateway_cut(lab: Lab) -> None:
    """The LAN gateway is the way to the offices and the ISP: cut, they all fall silent; the server on the LAN
    itself still answers."""
    cut(lab, "lan", "isp", "up1", "up2", "kec", "desa")
    run = diagnose(lab, build_network(lab))
    result = run.report.result
    assert run.verdict is Verdict.LAN and result.failing_layer is Layer.LAN
    assert result.finding is not None and result.finding.where == ("Gateway LAN",)
    assert result.also == (), "what lies behind the LAN gateway is not blamed again"
    assert run.report.cause.kind is CauseKind.DEVICE_DOWN
    assert result.layers[Layer.SERVER] is LayerStatus.OK
    path = [o for o in run.report.outcomes if o.layer is Layer.PATH]
    assert [o.target_id for o in path] == ["gw-lan"] and not path[0].ok
    assert "Gateway LAN" in run.text("en") and "tidak menjawab" in run.text("id")


def test_server_cut(lab: Lab) -> None:
    cut(lab, "srv")
    run = diagnose(lab, build_network(lab))
    result = run.report.result
    assert run.verdict is Verdict.SERVER and result.failing_layer is Layer.SERVER
    assert result.finding is not None and result.finding.where == ("Server pusat",)
    assert run.report.cause.kind is CauseKind.DEVICE_DOWN
    assert run.outcome("srv", "icmp").error is ErrorKind.TIMEOUT
    assert result.layers[Layer.LAN] is LayerStatus.OK
    assert [(s.kind, s.target) for s in run.report.next_steps] == [(StepKind.CHECK_DEVICE, "Server pusat")]


def test_server_answers_but_its_services_fail(lab: Lab) -> None:
    network = build_network(lab)
    # Nothing listens on port 9 in the server's namespace, so its own kernel refuses; the web app lacks the page.
    failing = ["tcp:9", lab.server_url("/simda/")]
    target(network, "srv").checks = ["icmp", lab.server_url(), *failing]
    run = diagnose(lab, network)
    result = run.report.result
    assert run.verdict is Verdict.SERVER_SERVICE and result.failing_layer is Layer.SERVER
    assert run.outcome("srv", "icmp").ok and run.outcome("srv", lab.server_url()).ok
    assert run.outcome("srv", "tcp:9").error is ErrorKind.REFUSED
    web = run.outcome("srv", lab.server_url("/simda/"))
    assert web.error is ErrorKind.BAD_RESPONSE and "404" in web.message
    assert result.finding is not None and [o.method for o in result.finding.outcomes] == failing
    assert run.report.cause.kind is CauseKind.SERVICE_DOWN
    assert [s.method for s in run.report.next_steps if s.kind is StepKind.RESTART_SERVICE] == failing
    assert "tcp:9" in run.text("en") and "ditolak" in run.text("id")


# ---- isp-link, isp-upstream ----


def test_isp_gateway_silent_is_isp_link(lab: Lab) -> None:
    """The gateway and, behind it, the anchors fall silent; the LAN, the server and the offices answer."""
    cut(lab, "isp", "up1", "up2")
    run = diagnose(lab, build_network(lab))
    result = run.report.result
    assert run.verdict is Verdict.ISP_LINK and result.failing_layer is Layer.ISP
    assert result.finding is not None and result.finding.where == ("Gateway ISP",)
    assert result.also == (), "silent anchors follow from the silent gateway"
    assert {result.layers[layer] for layer in (Layer.LAN, Layer.SERVER, Layer.SITE)} == {LayerStatus.OK}
    cause = run.report.cause
    assert cause.kind is CauseKind.LINE_FAULT and cause.link is not None
    assert cause.link.link_id == "link-internet"
    calls = [s for s in run.report.next_steps if s.kind is StepKind.CALL_PROVIDER]
    assert calls and calls[0].purpose is CallPurpose.REPORT_FAULT
    assert INTERNET_CIRCUIT in run.text("en") and INTERNET_CIRCUIT in run.text("id")


def test_upstream_silent_behind_an_answering_gateway_is_isp_upstream(lab: Lab) -> None:
    cut(lab, "up1", "up2")
    run = diagnose(lab, build_network(lab))
    result = run.report.result
    assert run.verdict is Verdict.ISP_UPSTREAM and result.failing_layer is Layer.UPSTREAM
    assert result.layers[Layer.ISP] is LayerStatus.OK
    assert result.finding is not None and set(result.finding.where) == {"Anchor Balikpapan", "Anchor nasional"}
    assert run.report.cause.kind is CauseKind.LINE_FAULT, "the contract is in force and nothing redirects"
    assert "the ISP gateway answers" in run.text("en")


# ---- dns ----


@pytest.mark.parametrize("fault", ["servfail", "nxdomain"])
def test_names_fail_while_addresses_answer_is_dns(lab: Lab, fault: str) -> None:
    network = build_network(lab)
    if fault == "servfail":
        lab.dns.mode = "servfail"
    else:
        target(network, "ns1").checks[-1] = f"dns:absent.ppu.test@{RESOLVER}:{lab.dns.port}"
    dns_check = target(network, "ns1").checks[-1]
    run = diagnose(lab, network)
    result = run.report.result
    assert run.verdict is Verdict.DNS and result.failing_layer is Layer.DNS
    assert run.outcome("ns1", "icmp").ok and run.outcome("ns1", f"tcp:{lab.tcp.port}").ok
    failed = run.outcome("ns1", dns_check)
    assert failed.error is ErrorKind.DNS and fault.upper() in failed.message.upper()
    assert run.report.cause.kind is CauseKind.DNS_FAILURE
    assert run.report.next_steps[0].kind is StepKind.CHECK_DNS


# ---- degraded ----


def test_eight_hundred_ms_at_the_isp_gateway_is_degraded(lab: Lab) -> None:
    lab.hosts["isp"].delay_echo_replies(800, lifetime_s=30)
    run = diagnose(lab, build_network(lab), settings=replace(FAST, icmp_timeout_s=1.5))
    result = run.report.result
    assert run.verdict is Verdict.DEGRADED and result.failing_layer is Layer.ISP
    assert [(d.outcome.target_id, d.rtt_high, d.loss_high) for d in result.degradations] == [
        ("gw-isp", True, False)]
    assert 780 <= (run.outcome("gw-isp", "icmp").rtt_ms or 0) <= 1200
    assert run.report.cause.kind is CauseKind.CONGESTION
    assert [s.purpose for s in run.report.next_steps if s.kind is StepKind.CALL_PROVIDER] == [
        CallPurpose.REPORT_QUALITY]
    assert "The ISP line is saturated: RTT" in run.text("en") and "Link ISP padat: RTT" in run.text("id")


def test_one_echo_in_three_lost_at_an_office_is_degraded(lab: Lab) -> None:
    """Exactly every third echo request dropped (a counter, not chance), so a five-echo round loses one or two."""
    office = lab.hosts["kec"]
    office.run("nft", "add", "table", "inet", "impair")
    office.run("nft", "add", "chain", "inet", "impair", "in", "{ type filter hook input priority 0; }")
    office.run("nft", "add", "rule", "inet", "impair", "in", "icmp", "type", "echo-request", "numgen", "inc", "mod",
               "3", "0", "drop")
    run = diagnose(lab, build_network(lab))
    result = run.report.result
    assert run.verdict is Verdict.DEGRADED and result.failing_layer is Layer.SITE
    assert [(d.outcome.target_id, d.loss_high) for d in result.degradations] == [("rtr-kec", True)]
    loss = run.outcome("rtr-kec", "icmp").loss_percent
    assert loss in (20.0, 40.0)
    assert f"The line to Kantor Camat Waru is losing packets: loss {loss:.0f}%" in run.text("en")


# ---- the administrative cut ----


@pytest.mark.parametrize("cause", [CauseKind.CONTRACT_EXPIRED, CauseKind.BUDGET_CUT])
def test_administrative_cut_names_the_contract_provider_circuit_and_portal(lab: Lab, cause: CauseKind) -> None:
    """The seed's day: LAN and server fine, the ISP gateway answers, nothing beyond it does, a web check lands on
    the provider's portal, and the line's contract ended ten days ago (its renewal budget cut, in one variant)."""
    network = build_network(lab)
    end = today() - timedelta(days=10)
    budget = ([BudgetRequest((end + timedelta(days=1)).year, 120_000_000, BudgetStatus.CUT)]
              if cause is CauseKind.BUDGET_CUT else [])
    network.contracts[0] = paid_contract("ctr-internet", INTERNET_NUMBER, end - timedelta(days=364), end,
                                         budget_requests=budget)
    target(network, "up-2").checks.append(lab.web.url("/redirect-portal"))
    cut(lab, "up1", "up2")
    run = diagnose(lab, network)
    result, found = run.report.result, run.report.cause
    assert run.verdict is Verdict.ISP_UPSTREAM and result.failing_layer is Layer.UPSTREAM
    assert result.layers[Layer.ISP] is LayerStatus.OK
    assert found.kind is cause and found.explains_fault and found.days == 10
    assert found.portal_host == PORTAL
    assert found.contract is not None and found.contract.number == INTERNET_NUMBER
    assert run.outcome("up-2", lab.web.url("/redirect-portal")).detail["redirected_to_host"] == PORTAL
    assert "/redirect-portal" in lab.web.requests
    for lang, ended in (("en", "10 days ago"), ("id", "10 hari yang lalu")):
        text = run.text(lang)
        for fact in (INTERNET_NUMBER, TELKOM, INTERNET_CIRCUIT, PORTAL, ended):
            assert fact in text, f"{lang} report lacks {fact!r}:\n{text}"
    assert ("budget" if cause is CauseKind.BUDGET_CUT else "ended") in run.text("en")
    document = render_json(run.report, "en")
    assert document["verdict"] == "isp-upstream" and document["cause"]["kind"] == cause.value
    assert document["contract"]["number"] == INTERNET_NUMBER and document["contract"]["status"] == "expired"
    kinds = [s.kind for s in run.report.next_steps]
    assert StepKind.CALL_PROVIDER in kinds and StepKind.OPEN_PORTAL in kinds
    assert (StepKind.ASK_BUDGET if cause is CauseKind.BUDGET_CUT else StepKind.RENEW_CONTRACT) in kinds


# ---- backup lines ----


def test_backup_line_that_answers_while_the_primary_is_down_is_stated(lab: Lab) -> None:
    network = build_network(lab)
    network.links.append(Link("link-internet-4g", "dc", INTERNET, "PT Indosat Tbk", LinkMedium.CELLULAR_4G, 20_000,
                              role=LinkRole.BACKUP, circuit_id="ISAT-M2M-0901", contracts=["ctr-4g"]))
    network.contracts.append(paid_contract("ctr-4g", "077/SPK/DISKOMINFO/III/2025", today() - timedelta(days=30),
                                           today() + timedelta(days=335)))
    cut(lab, "isp", "up1", "up2")
    run = diagnose(lab, network)
    assert run.verdict is Verdict.ISP_LINK
    context = run.report.context
    assert context is not None and context.link.link_id == "link-internet"
    assert context.backup is not None and context.backup.link_id == "link-internet-4g"
    assert context.backup.reachable is True, "the data centre the backup serves answers"
    assert "Backup line: ISAT-M2M-0901 (PT Indosat Tbk, 4g) — answers." in run.text("en")
    assert "Link cadangan: ISAT-M2M-0901 (PT Indosat Tbk, 4g) — menjawab." in run.text("id")
    assert StepKind.USE_BACKUP in [s.kind for s in run.report.next_steps]
    assert render_json(run.report, "en")["backup"]["reachable"] is True


# ---- offices (site scope) ----


def test_office_behind_a_cut_parent_names_the_parent_and_its_silent_backup(lab: Lab) -> None:
    """The desa reaches the data centre through its kecamatan, so cutting the kecamatan silences both; the test
    hosts hang side by side, so both are cut. The kecamatan's backup line is written parent first."""
    network = build_network(lab)
    network.links.append(Link("link-kec-vsat", "dc", "kec", "PT Aplikanusa Lintasarta", LinkMedium.VSAT, 2_000,
                              role=LinkRole.BACKUP, circuit_id="LA-VSAT-0077"))
    cut(lab, "kec", "desa")
    run = diagnose(lab, network, "site", "desa")
    result = run.report.result
    assert run.report.site_id == "desa" and run.report.site_name == "Kantor Desa Sesulu"
    assert run.verdict is Verdict.ISP_LINK and result.failing_layer is Layer.SITE
    assert result.failing_sites == ("kec",)
    assert result.finding is not None and result.finding.where == ("Router Camat Waru",)
    assert run.report.cause.kind is CauseKind.LINE_FAULT
    context = run.report.context
    assert context is not None and context.link.link_id == "link-kec"
    assert context.backup is not None and context.backup.reachable is False, "the office is silent on it too"
    text = run.text("en")
    assert "Kantor Camat Waru" in text and "Router Desa Sesulu does not answer" not in text
    assert "Backup line: LA-VSAT-0077 (PT Aplikanusa Lintasarta, vsat) — does not answer either." in text
    offices = [s for s in run.report.next_steps if s.kind is StepKind.ASK_OFFICE]
    assert [s.site for s in offices] == ["Kantor Camat Waru"]


def test_office_alone_silent_is_named_itself(lab: Lab) -> None:
    cut(lab, "desa")
    run = diagnose(lab, build_network(lab), "site", "desa")
    assert run.verdict is Verdict.ISP_LINK and run.report.result.failing_sites == ("desa",)
    context = run.report.context
    assert context is not None and context.link.link_id == "link-desa"


# ---- the bound ----


@pytest.mark.slow
def test_total_outage_ends_within_fifteen_seconds_with_default_settings(lab: Lab) -> None:
    """Every namespace host cut and every loopback service stalled: TCP never accepted, DNS never answered, and
    more slow web checks than the pool has workers, so without the bound they would queue for over 20 s."""
    network = build_network(lab)
    cut(lab, *HOSTS)
    lab.dns.mode = "silent"
    with (HttpTestServer(slow_s=60, max_lifetime_s=90) as slow, StalledTcpListener(RESOLVER) as stalled):
        target(network, "srv").checks = ["icmp", *(slow.url(f"/slow?n={n}") for n in range(32))]
        target(network, "ns1").checks = ["icmp", f"tcp:{stalled.port}", f"dns:{NAME}@{RESOLVER}:{lab.dns.port}"]
        run = diagnose(lab, network, settings=DiagnoseSettings())
    assert 10.0 < run.elapsed_s <= 15.0, "the slow checks need the bound, and the bound holds"
    result = run.report.result
    assert run.verdict is Verdict.LAN and result.failing_layer is Layer.LAN
    assert result.also == (), "everything else depends on the LAN"
    web = [o for o in run.report.outcomes if o.target_id == "srv" and o.method != "icmp"]
    assert len(web) == 32 and not any(o.ok for o in web)
    assert {o.error for o in web} == {ErrorKind.TIMEOUT}
    assert max(o.duration_ms for o in web) < 5500, "a check's time is its own, not its wait for a worker"
    for name in HOSTS:
        address = lab.hosts[name].address
        assert not next(o for o in run.report.outcomes if o.address == address and o.method == "icmp").ok
    if stalled.stalled:
        assert run.outcome("ns1", f"tcp:{stalled.port}").error is ErrorKind.TIMEOUT
    assert run.outcome("ns1", f"dns:{NAME}@{RESOLVER}:{lab.dns.port}").error is ErrorKind.TIMEOUT
    path = [o for o in run.report.outcomes if o.layer is Layer.PATH]
    assert [o.target_id for o in path] == ["gw-lan"], "the path probe goes toward the first layer that fails"

