"""A server that answers wrongly is up: against real HTTP(S) servers, the diagnosis says what the server answered
(a redirect with its port and query, the certificate problem, an accepted connection with no answer) and never
sends anyone to check power and cables. An in-house certificate trusted by CA file or by pin makes the check pass.

The server target has one check only, the web service, as an officer writes it for a box that does not answer
ping; everything runs on loopback addresses (`tests.servers`).
"""

from __future__ import annotations

import hashlib
import ssl
from collections.abc import Iterator

import pytest

from pantau.domain.diagnosis import CauseKind, DiagnosisReport, StepKind, Verdict, plan_diagnosis
from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole, validate_network
from pantau.probing.diagnose import DiagnoseSettings, run_diagnosis
from pantau.probing.icmp import IcmpMode, IcmpPinger
from pantau.reporting.diagnosis_report import render_json, render_text
from tests.servers import HttpTestServer, TlsFiles, make_self_signed_cert

SERVER = "127.0.0.5"
PORTAL = "127.0.0.2"
SETTINGS = DiagnoseSettings(budget_s=6.0, http_timeout_s=2.0)


@pytest.fixture(scope="module")
def pinger() -> Iterator[IcmpPinger]:
    with IcmpPinger() as made:
        if made.mode is IcmpMode.NONE:
            pytest.skip(f"this process may not send ICMP: {made.privilege_hint()}")
        yield made


def network_with(url: str, tls_ca_file: str = "", tls_pin_sha256: str = "") -> Network:
    network = Network("Pemkab uji (services)", sites=[Site("dc", "Pusat data", SiteKind.DATACENTER)], targets=[
        Target("gw-lan", "dc", "127.0.0.1", TargetRole.LAN_GATEWAY, name="Gateway LAN"),
        Target("app", "dc", SERVER, TargetRole.SERVER, [url], name="Server SIMDA", tls_ca_file=tls_ca_file,
               tls_pin_sha256=tls_pin_sha256),
    ])
    assert validate_network(network) == []
    return network


def diagnose(pinger: IcmpPinger, network: Network) -> DiagnosisReport:
    return run_diagnosis(network, plan_diagnosis(network, "server"), pinger, SETTINGS)


def assert_up_with_a_faulty_service(report: DiagnosisReport) -> tuple[str, str]:
    """The verdict is server-service, the steps never send anyone to the power switch; the texts, en and id."""
    assert report.result.verdict is Verdict.SERVER_SERVICE, report.result.summary
    assert report.cause.kind is CauseKind.SERVICE_DOWN
    assert StepKind.CHECK_DEVICE not in {step.kind for step in report.next_steps}
    english, indonesian = render_text(report, "en"), render_text(report, "id")
    assert "power" not in english and "listrik" not in indonesian
    return english, indonesian


def test_a_redirect_to_another_host_names_where_with_port_and_query(pinger: IcmpPinger) -> None:
    with HttpTestServer(PORTAL) as portal:
        login = portal.url("/portal?next=%2Fsimda&from=app")
        with HttpTestServer(SERVER, portal_url=login) as app:
            report = diagnose(pinger, network_with(app.url("/redirect-portal")))
        assert portal.requests == ["/portal"], "the probe followed the redirect"
    english, indonesian = assert_up_with_a_faulty_service(report)
    assert f"redirects to {login}" in english and f"mengalihkan ke {login}" in indonesian
    assert [step.kind for step in report.next_steps] == [StepKind.CHECK_REDIRECT]
    check = render_json(report)["checks"][-1]
    assert check["detail"]["redirected_to"] == login and check["detail"]["connected"] == "1"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    pytest.importorskip("cryptography")
    return make_self_signed_cert(tmp_path_factory.mktemp("tls"), SERVER)


def test_a_self_signed_certificate_is_a_handshake_an_answer(pinger: IcmpPinger, certificate: TlsFiles) -> None:
    with HttpTestServer(SERVER, tls=certificate) as app:
        report = diagnose(pinger, network_with(app.url("/ok")))
    english, indonesian = assert_up_with_a_faulty_service(report)
    assert "the certificate of https://127.0.0.5:" in english and "is self-signed (not issued by a trusted CA)" \
        in english
    assert "self-signed (tidak diterbitkan CA tepercaya)" in indonesian
    assert [step.kind for step in report.next_steps] == [StepKind.FIX_CERTIFICATE]
    assert "tls_ca_file or tls_pin_sha256" in english


@pytest.mark.parametrize("trust", ["ca-file", "pin"])
def test_the_same_certificate_trusted_in_the_network_file_is_ok(pinger: IcmpPinger, certificate: TlsFiles,
                                                                trust: str) -> None:
    pin = hashlib.sha256(ssl.PEM_cert_to_DER_cert(certificate.cert.read_text())).hexdigest()
    with HttpTestServer(SERVER, tls=certificate) as app:
        network = (network_with(app.url("/ok"), tls_ca_file=str(certificate.cert)) if trust == "ca-file"
                   else network_with(app.url("/ok"), tls_pin_sha256=":".join(pin[i:i + 2] for i in range(0, 64, 2))))
        report = diagnose(pinger, network)
    assert report.result.verdict is Verdict.OK, report.result.summary


def test_an_accepted_connection_with_no_answer_is_a_hung_service(pinger: IcmpPinger) -> None:
    with HttpTestServer(SERVER, slow_s=10) as app:
        report = diagnose(pinger, network_with(app.url("/slow")))
    english, indonesian = assert_up_with_a_faulty_service(report)
    assert "accepted the connection but sent no answer in 2 s" in english
    assert "menerima koneksi tetapi tidak menjawab dalam 2 detik" in indonesian
    assert [step.kind for step in report.next_steps] == [StepKind.RESTART_SERVICE]


def test_a_refused_connection_is_the_host_answering(pinger: IcmpPinger) -> None:
    """Nothing listens on port 9: the host's own kernel refuses, so the host is up and the service is not."""
    report = diagnose(pinger, network_with(f"http://{SERVER}:9/"))
    english, indonesian = assert_up_with_a_faulty_service(report)
    assert f"http://{SERVER}:9/ on Server SIMDA refuses connections" in english
    assert "menolak koneksi" in indonesian
