"""The TCP, HTTP and DNS probes against real servers on loopback: results, error kinds and time bounds.

Every timeout test asserts that the probe returned within its timeout plus a small margin: a probe that overruns
would stall the engine's worker pool during an outage, which is exactly when it must not.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pantau.domain.results import ProbeResult
from pantau.domain.samples import ErrorKind
from pantau.probing.dns import NO_SERVER_MESSAGE, probe_dns
from pantau.probing.http import MAX_REDIRECTS, TlsTrust, probe_http
from pantau.probing.tcp import probe_tcp, socket_error_kind
from tests.servers import (
    BIG_NEEDLE,
    OK_TEXT,
    DnsTestServer,
    HttpTestServer,
    StalledTcpListener,
    TcpListener,
    TlsFiles,
    free_port,
    make_self_signed_cert,
    wait_until,
)

TIMEOUT_S = 0.5
# What a probe may take beyond its timeout: scheduling and teardown, not another network wait.
MARGIN_S = 0.5
SRC = Path(__file__).resolve().parents[2] / "src"


def timed(probe: Callable[[], ProbeResult]) -> tuple[ProbeResult, float]:
    start = time.perf_counter()
    result = probe()
    return result, time.perf_counter() - start


def assert_failed(result: ProbeResult, kind: ErrorKind) -> None:
    assert result.error is kind, result
    assert (result.sent, result.received, result.rtts_ms) == (1, 0, ())
    sample = result.to_sample()
    assert sample.error is kind and sample.rtt_ms is None and sample.lost == 1


def assert_ok(result: ProbeResult) -> None:
    assert result.error is None, result
    assert result.sent == result.received == 1
    assert len(result.rtts_ms) == 1 and 0 < result.rtts_ms[0] < 1000
    assert result.to_sample().rtt_ms == result.rtts_ms[0]


def can_bind(host: str) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
    except OSError:
        return False
    return True


@pytest.fixture
def web() -> Iterator[HttpTestServer]:
    with HttpTestServer(slow_s=3.0) as server:
        yield server


@pytest.fixture
def portal_web() -> Iterator[tuple[HttpTestServer, HttpTestServer]]:
    """A service on 127.0.0.1 whose /redirect-portal sends clients to a portal on another host, 127.0.0.2."""
    if not can_bind("127.0.0.2"):
        pytest.skip("127.0.0.2 is not a loopback address on this system")
    with HttpTestServer("127.0.0.2") as portal, HttpTestServer(portal_url=portal.url("/portal")) as service:
        yield service, portal


@pytest.fixture
def dns_server() -> Iterator[DnsTestServer]:
    with DnsTestServer({"simpeg.pemda.test": ["10.20.0.5", "10.20.0.6"], "v6only.pemda.test": ["fd00::5"]}) as server:
        yield server


# --- TCP -------------------------------------------------------------------------------------------------------


def test_tcp_open_port_connects_and_measures_the_handshake() -> None:
    with TcpListener() as listener:
        result = probe_tcp("srv", "127.0.0.1", listener.port, TIMEOUT_S, f"tcp:{listener.port}")
        assert wait_until(lambda: listener.accepted == 1)
    assert_ok(result)
    assert (result.target, result.method) == ("srv", f"tcp:{listener.port}")
    assert result.detail == {"port": str(listener.port)}
    assert abs(result.ts - time.time()) < 5


def test_tcp_closed_port_is_refused_at_once() -> None:
    port = free_port()
    result, elapsed = timed(lambda: probe_tcp("srv", "127.0.0.1", port, TIMEOUT_S, f"tcp:{port}"))
    assert_failed(result, ErrorKind.REFUSED)
    assert "refused" in result.message and str(port) in result.message
    assert elapsed < TIMEOUT_S


def test_tcp_port_that_never_answers_times_out_within_bound() -> None:
    with StalledTcpListener() as listener:
        if not listener.stalled:
            pytest.skip("this system answers SYNs even with a full accept queue")
        result, elapsed = timed(lambda: probe_tcp("srv", "127.0.0.1", listener.port, TIMEOUT_S, "tcp"))
    assert_failed(result, ErrorKind.TIMEOUT)
    assert f"{TIMEOUT_S:g} s" in result.message
    assert TIMEOUT_S - 0.05 <= elapsed <= TIMEOUT_S + MARGIN_S


def test_tcp_ipv6_literal() -> None:
    if not can_bind("::1"):
        pytest.skip("no IPv6 loopback here")
    with TcpListener("::1") as listener:
        assert_ok(probe_tcp("srv", "::1", listener.port, TIMEOUT_S, "tcp"))


@pytest.mark.parametrize(("address", "port", "timeout_s"), [
    ("localhost", 80, 1.0),
    ("server.pemda.test", 80, 1.0),
    ("127.0.0.1", 0, 1.0),
    ("127.0.0.1", 70000, 1.0),
    ("127.0.0.1", 80, 0.0),
])
def test_tcp_rejects_what_is_not_a_probe(address: str, port: int, timeout_s: float) -> None:
    with pytest.raises(ValueError):
        probe_tcp("srv", address, port, timeout_s, "tcp")


@pytest.mark.parametrize(("error", "kind"), [
    (OSError(errno.ENETUNREACH, "Network is unreachable"), ErrorKind.UNREACHABLE),
    (OSError(errno.EHOSTUNREACH, "No route to host"), ErrorKind.UNREACHABLE),
    (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), ErrorKind.REFUSED),
    (TimeoutError("timed out"), ErrorKind.TIMEOUT),
    (OSError(errno.EADDRNOTAVAIL, "Cannot assign requested address"), ErrorKind.OTHER),
])
def test_socket_errors_map_to_kinds(error: OSError, kind: ErrorKind) -> None:
    got, message = socket_error_kind(error)
    assert got is kind
    assert message


@pytest.mark.netns
def test_every_probe_reports_an_unreachable_network(tmp_path: Path) -> None:
    """In a fresh network namespace there is no interface up and no route: connects fail with ENETUNREACH."""
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "--net", "true"], capture_output=True).returncode != 0:
        pytest.skip("cannot create a network namespace here (needs unshare and CAP_SYS_ADMIN)")
    script = tmp_path / "unreachable.py"
    script.write_text(
        "import json\n"
        "from pantau.probing.tcp import probe_tcp\n"
        "from pantau.probing.http import probe_http\n"
        "from pantau.probing.dns import probe_dns\n"
        "results = [probe_tcp('t', '10.250.0.1', 80, 1.0, 'tcp:80'),\n"
        "           probe_http('t', 'http://10.250.0.1/', 1.0, 'http://10.250.0.1/'),\n"
        "           probe_dns('t', 'a.pemda.test', '10.250.0.1', 53, 1.0, 'dns:a.pemda.test@10.250.0.1')]\n"
        "print(json.dumps([[r.error, r.message] for r in results]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run([unshare, "--net", sys.executable, str(script)], capture_output=True, text=True,
                          timeout=30, env=env, check=True)
    results = json.loads(done.stdout)
    assert [kind for kind, _ in results] == ["unreachable"] * 3, results
    assert all("unreachable" in message.lower() for _, message in results)


# --- HTTP ------------------------------------------------------------------------------------------------------


def test_http_ok_with_expected_text(web: HttpTestServer) -> None:
    result = probe_http("app", web.url("/ok"), TIMEOUT_S, "http", expect_text=OK_TEXT)
    assert_ok(result)
    assert result.message == "HTTP 200"
    assert result.detail["status"] == "200"
    assert result.detail["final_url"] == web.url("/ok")
    assert result.detail["redirects"] == "0"
    assert "redirected_to_host" not in result.detail


def test_http_expected_text_missing_is_a_bad_response(web: HttpTestServer) -> None:
    result = probe_http("app", web.url("/ok"), TIMEOUT_S, "http", expect_text="Selamat datang")
    assert_failed(result, ErrorKind.BAD_RESPONSE)
    assert "expected text not found" in result.message
    assert result.detail["status"] == "200"


def test_http_expected_text_is_looked_for_in_a_bounded_body(web: HttpTestServer) -> None:
    result = probe_http("app", web.url("/big"), TIMEOUT_S, "http", expect_text=BIG_NEEDLE)
    assert_failed(result, ErrorKind.BAD_RESPONSE)
    assert "expected text not found" in result.message
    assert_ok(probe_http("app", web.url("/big"), TIMEOUT_S, "http", expect_text="xxxx"))


@pytest.mark.parametrize(("path", "status"), [("/error", 500), ("/missing", 404)])
def test_http_error_status_is_a_bad_response(web: HttpTestServer, path: str, status: int) -> None:
    result = probe_http("app", web.url(path), TIMEOUT_S, "http")
    assert_failed(result, ErrorKind.BAD_RESPONSE)
    assert result.message.startswith(f"HTTP {status}")
    assert result.detail["status"] == str(status)


def test_http_same_host_redirect_is_followed(web: HttpTestServer) -> None:
    result = probe_http("app", web.url("/redirect-same"), TIMEOUT_S, "http", expect_text=OK_TEXT)
    assert_ok(result)
    assert result.detail["final_url"] == web.url("/ok")
    assert result.detail["redirects"] == "1"
    assert "redirected_to_host" not in result.detail
    assert web.requests == ["/redirect-same", "/ok"]


def test_http_redirect_to_another_host_is_reported_as_a_portal(
        portal_web: tuple[HttpTestServer, HttpTestServer]) -> None:
    service, portal = portal_web
    result = probe_http("app", service.url("/redirect-portal"), TIMEOUT_S, "http")
    assert_failed(result, ErrorKind.BAD_RESPONSE)
    assert result.message == (f"redirected to another host: {portal.url('/portal')} — a provider billing or captive "
                              "portal?")
    assert result.detail["redirected_to_host"] == "127.0.0.2"
    assert result.detail["redirected_to"] == portal.url("/portal") and result.detail["connected"] == "1"
    assert result.host_answered
    assert result.detail["final_url"] == portal.url("/portal")
    assert result.detail["status"] == "200"
    assert result.detail["redirects"] == "1"
    assert portal.requests == ["/portal"]


def test_http_redirect_to_a_hostname_is_resolved_and_counts_as_another_host() -> None:
    with HttpTestServer() as portal, HttpTestServer(portal_url=f"http://localhost:{portal.port}/portal") as service:
        result = probe_http("app", service.url("/redirect-portal"), 2.0, "http")
    assert_failed(result, ErrorKind.BAD_RESPONSE)
    assert result.detail["redirected_to_host"] == "localhost"
    assert result.detail["status"] == "200"
    assert portal.requests == ["/portal"]


def test_http_redirect_loop_stops_after_the_limit(web: HttpTestServer) -> None:
    result = probe_http("app", web.url("/loop"), TIMEOUT_S, "http")
    assert_failed(result, ErrorKind.BAD_RESPONSE)
    assert result.message == f"more than {MAX_REDIRECTS} redirects"
    assert result.detail["redirects"] == str(MAX_REDIRECTS)
    assert len(web.requests) == MAX_REDIRECTS + 1


def test_http_slow_server_times_out_within_bound(web: HttpTestServer) -> None:
    result, elapsed = timed(lambda: probe_http("app", web.url("/slow"), TIMEOUT_S, "http"))
    assert_failed(result, ErrorKind.TIMEOUT)
    assert TIMEOUT_S - 0.05 <= elapsed <= TIMEOUT_S + MARGIN_S
    assert "status" not in result.detail
    assert (result.detail["connected"], result.detail["stage"]) == ("1", "answer")
    assert "accepted the connection but sent no answer" in result.message
    assert result.host_answered


def test_http_deadline_covers_a_server_that_drips_bytes(web: HttpTestServer) -> None:
    """Each read returns within the socket timeout; only a deadline over the whole round stops this one."""
    result, elapsed = timed(lambda: probe_http("app", web.url("/drip"), TIMEOUT_S, "http"))
    assert_failed(result, ErrorKind.TIMEOUT)
    assert elapsed <= TIMEOUT_S + MARGIN_S


def test_http_deadline_covers_every_redirect_hop(web: HttpTestServer) -> None:
    with HttpTestServer(portal_url=web.url("/slow")) as first:
        result, elapsed = timed(lambda: probe_http("app", first.url("/redirect-portal"), TIMEOUT_S, "http"))
    assert_failed(result, ErrorKind.TIMEOUT)
    assert elapsed <= TIMEOUT_S + MARGIN_S
    assert result.detail["final_url"] == web.url("/slow")


def test_http_refused_port() -> None:
    port = free_port()
    result = probe_http("app", f"http://127.0.0.1:{port}/", TIMEOUT_S, "http")
    assert_failed(result, ErrorKind.REFUSED)
    assert f"127.0.0.1:{port}" in result.message


def test_http_connect_timeout_within_bound() -> None:
    with StalledTcpListener() as listener:
        if not listener.stalled:
            pytest.skip("this system answers SYNs even with a full accept queue")
        result, elapsed = timed(lambda: probe_http("app", f"http://127.0.0.1:{listener.port}/", TIMEOUT_S, "http"))
    assert_failed(result, ErrorKind.TIMEOUT)
    assert elapsed <= TIMEOUT_S + MARGIN_S
    assert "connected" not in result.detail and not result.host_answered


def test_http_over_ipv6_literal() -> None:
    if not can_bind("::1"):
        pytest.skip("no IPv6 loopback here")
    with HttpTestServer("::1") as server:
        assert server.url().startswith("http://[::1]:")
        assert_ok(probe_http("app", server.url(), TIMEOUT_S, "http", expect_text=OK_TEXT))


def fingerprint(files: TlsFiles) -> str:
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(files.cert.read_text())).hexdigest()


def test_https_untrusted_certificate_is_a_bad_response_and_trusted_one_passes(tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    files = make_self_signed_cert(tmp_path)
    with HttpTestServer(tls=files) as server:
        untrusted = probe_http("app", server.url("/ok"), 2.0, "https")
        by_ca = probe_http("app", server.url("/ok"), 2.0, "https", expect_text=OK_TEXT,
                           trust=TlsTrust(ca_file=str(files.cert)))
        pin = fingerprint(files)
        by_pin = probe_http("app", server.url("/ok"), 2.0, "https", expect_text=OK_TEXT, trust=TlsTrust(pin_sha256=pin))
        wrong_pin = probe_http("app", server.url("/ok"), 2.0, "https", trust=TlsTrust(pin_sha256="0" * 64))
    assert_failed(untrusted, ErrorKind.BAD_RESPONSE)
    assert "certificate" in untrusted.message and "self-signed" in untrusted.message
    assert (untrusted.detail["tls_problem"], untrusted.detail["connected"]) == ("self-signed", "1")
    assert untrusted.host_answered, "a TLS handshake is an answer, whatever the certificate"
    assert_ok(by_ca)
    assert_ok(by_pin)
    assert_failed(wrong_pin, ErrorKind.BAD_RESPONSE)
    assert wrong_pin.detail["tls_problem"] == "pin-mismatch" and pin[:16] in wrong_pin.message


def test_https_certificate_problems_are_named(tmp_path: Path) -> None:
    pytest.importorskip("cryptography")
    (tmp_path / "old").mkdir()
    (tmp_path / "other").mkdir()
    old = make_self_signed_cert(tmp_path / "old", expired=True)
    other = make_self_signed_cert(tmp_path / "other", host="127.0.0.2")
    with HttpTestServer(tls=old) as expired_server, HttpTestServer(tls=other) as misnamed:
        expired = probe_http("app", expired_server.url("/ok"), 2.0, "https", trust=TlsTrust(ca_file=str(old.cert)))
        wrong_name = probe_http("app", misnamed.url("/ok"), 2.0, "https", trust=TlsTrust(ca_file=str(other.cert)))
        unreadable = probe_http("app", misnamed.url("/ok"), 2.0, "https",
                                trust=TlsTrust(ca_file=str(tmp_path / "absent.pem")))
    assert (expired.error, expired.detail["tls_problem"]) == (ErrorKind.BAD_RESPONSE, "expired")
    assert (wrong_name.error, wrong_name.detail["tls_problem"]) == (ErrorKind.BAD_RESPONSE, "wrong-name")
    assert unreadable.detail["tls_problem"] == "ca-file" and "cannot use the CA file" in unreadable.message


@pytest.mark.parametrize(("url", "timeout_s"), [
    ("ftp://127.0.0.1/", 1.0),
    ("http:///path", 1.0),
    ("http://127.0.0.1:99999/", 1.0),
    ("http://127.0.0.1/", -1.0),
])
def test_http_rejects_what_is_not_a_probe(url: str, timeout_s: float) -> None:
    with pytest.raises(ValueError):
        probe_http("app", url, timeout_s, "http")


class FakeResolver:
    """Stands in for the system resolver for names under .pantau.test, so no query leaves the machine."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        self.release = threading.Event()
        self._real = socket.getaddrinfo
        monkeypatch.setattr(socket, "getaddrinfo", self)

    def __call__(self, host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, str) and host.endswith(".pantau.test"):
            self.calls.append(host)
            if host.startswith("stuck."):
                self.release.wait(10)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self._real(host, *args, **kwargs)


def resolver_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("pantau-resolve-")]


def test_http_name_that_does_not_resolve_is_a_dns_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    resolver = FakeResolver(monkeypatch)
    result = probe_http("app", "http://gone.pantau.test/", TIMEOUT_S, "http")
    assert_failed(result, ErrorKind.DNS)
    assert result.message == "cannot resolve gone.pantau.test: Name or service not known"
    assert resolver.calls == ["gone.pantau.test"]


def test_hanging_resolver_is_bounded_and_costs_one_thread_per_name(monkeypatch: pytest.MonkeyPatch) -> None:
    resolver = FakeResolver(monkeypatch)
    try:
        for _ in range(3):
            result, elapsed = timed(lambda: probe_http("app", "http://stuck.pantau.test/", 0.2, "http"))
            assert_failed(result, ErrorKind.DNS)
            assert "took longer than" in result.message
            assert elapsed <= 0.2 + MARGIN_S
        assert resolver.calls == ["stuck.pantau.test"]
        assert len(resolver_threads()) == 1
    finally:
        resolver.release.set()
        for thread in resolver_threads():
            thread.join(5)
    assert_failed(probe_http("app", "http://stuck.pantau.test/", 0.5, "http"), ErrorKind.DNS)
    assert resolver.calls == ["stuck.pantau.test", "stuck.pantau.test"]


# --- DNS -------------------------------------------------------------------------------------------------------


def test_dns_answer(dns_server: DnsTestServer) -> None:
    method = f"dns:simpeg.pemda.test@127.0.0.1:{dns_server.port}"
    result = probe_dns("dns1", "simpeg.pemda.test", "127.0.0.1", dns_server.port, TIMEOUT_S, method)
    assert_ok(result)
    assert result.method == method
    assert result.detail["answers"] == "10.20.0.5,10.20.0.6"
    assert result.detail["rcode"] == "NOERROR"
    assert "10.20.0.5" in result.message
    assert dns_server.queries == 1


def test_dns_aaaa_answer_and_missing_type(dns_server: DnsTestServer) -> None:
    aaaa = probe_dns("dns1", "v6only.pemda.test", "127.0.0.1", dns_server.port, TIMEOUT_S, "dns", rdtype="AAAA")
    assert_ok(aaaa)
    assert aaaa.detail["answers"] == "fd00::5"
    nodata = probe_dns("dns1", "v6only.pemda.test", "127.0.0.1", dns_server.port, TIMEOUT_S, "dns")
    assert_failed(nodata, ErrorKind.DNS)
    assert nodata.message.startswith("no A record for v6only.pemda.test")


def test_dns_nxdomain(dns_server: DnsTestServer) -> None:
    result = probe_dns("dns1", "hilang.pemda.test", "127.0.0.1", dns_server.port, TIMEOUT_S, "dns")
    assert_failed(result, ErrorKind.DNS)
    assert result.message.startswith("NXDOMAIN")
    assert result.detail["rcode"] == "NXDOMAIN"
    assert "answers" not in result.detail


@pytest.mark.parametrize(("mode", "rcode"), [("servfail", "SERVFAIL"), ("refused", "REFUSED")])
def test_dns_error_rcodes(dns_server: DnsTestServer, mode: str, rcode: str) -> None:
    dns_server.mode = "servfail" if mode == "servfail" else "refused"
    result = probe_dns("dns1", "simpeg.pemda.test", "127.0.0.1", dns_server.port, TIMEOUT_S, "dns")
    assert_failed(result, ErrorKind.DNS)
    assert result.message.startswith(rcode)
    assert result.detail["rcode"] == rcode


def test_dns_silent_server_times_out_within_bound(dns_server: DnsTestServer) -> None:
    dns_server.mode = "silent"
    result, elapsed = timed(
        lambda: probe_dns("dns1", "simpeg.pemda.test", "127.0.0.1", dns_server.port, TIMEOUT_S, "dns"))
    assert_failed(result, ErrorKind.TIMEOUT)
    assert TIMEOUT_S - 0.05 <= elapsed <= TIMEOUT_S + MARGIN_S
    assert dns_server.queries == 1


def test_dns_port_without_server_times_out_within_bound() -> None:
    port = free_port()
    result, elapsed = timed(lambda: probe_dns("dns1", "simpeg.pemda.test", "127.0.0.1", port, TIMEOUT_S, "dns"))
    assert result.error in (ErrorKind.TIMEOUT, ErrorKind.REFUSED), result
    assert elapsed <= TIMEOUT_S + MARGIN_S


def test_dns_without_a_server_says_how_to_name_one() -> None:
    result, elapsed = timed(lambda: probe_dns("dns1", "simpeg.pemda.test", None, None, TIMEOUT_S, "dns:simpeg"))
    assert_failed(result, ErrorKind.OTHER)
    assert result.message == NO_SERVER_MESSAGE
    assert elapsed < 0.1


@pytest.mark.parametrize(("name", "server", "port", "rdtype"), [
    ("simpeg.pemda.test", "resolver.pemda.test", 53, "A"),
    ("simpeg..pemda.test", "127.0.0.1", 53, "A"),
    ("simpeg.pemda.test", "127.0.0.1", 0, "A"),
    ("simpeg.pemda.test", "127.0.0.1", 53, "NOT-A-TYPE"),
])
def test_dns_rejects_what_is_not_a_probe(name: str, server: str, port: int, rdtype: str) -> None:
    with pytest.raises(ValueError):
        probe_dns("dns1", name, server, port, TIMEOUT_S, "dns", rdtype=rdtype)
