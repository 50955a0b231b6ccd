"""Local servers that tests probe: a TCP listener, a stalled listener, an HTTP(S) server and a DNS responder.

All bind to a loopback address (127.0.0.x or ::1; anything else is refused) on an ephemeral port, which `port`
still gives after stop(), so a test can probe a port it just closed. Each runs in one non-daemon thread that
`stop()` joins and stops by itself after `max_lifetime_s`, so a forgotten server cannot outlive its test run by
much. Use them as context managers (`with HttpTestServer() as web:`) or call `start()`/`stop()` from a fixture.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import selectors
import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self, cast

import dns.exception
import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

LOOPBACK = "127.0.0.1"
DEFAULT_LIFETIME_S = 60.0
# How often a server loop looks at its stop flag: the upper bound on how long stop() waits for it.
_POLL_S = 0.05


def free_port(host: str = LOOPBACK) -> int:
    """A port nothing listens on right now (bound and released at once): connecting to it is refused."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
    return port


def wait_until(condition: Callable[[], bool], timeout_s: float = 2.0) -> bool:
    """Whether `condition` became true within `timeout_s`, looking every few milliseconds."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.005)
    return True


def _family(host: str) -> socket.AddressFamily:
    """The address family of a loopback address; ValueError for any other: test servers never face a network."""
    address = ipaddress.ip_address(host)
    if not address.is_loopback:
        raise ValueError(f"test servers bind to loopback addresses only, not {host!r}")
    return socket.AF_INET6 if address.version == 6 else socket.AF_INET


class _LoopServer:
    """A server whose work is a loop of short steps on its own thread, until stop() or its lifetime ends."""

    def __init__(self, host: str, max_lifetime_s: float) -> None:
        self.host = host
        self.max_lifetime_s = max_lifetime_s
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        raise NotImplementedError

    def _open(self) -> None:
        raise NotImplementedError

    def _serve_once(self) -> None:
        raise NotImplementedError

    def _close(self) -> None:
        raise NotImplementedError

    def start(self) -> Self:
        if self._thread is not None:
            raise RuntimeError(f"{type(self).__name__} already started")
        self._open()
        self._thread = threading.Thread(target=self._loop, name=f"test-{type(self).__name__}", daemon=False)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            self._close()

    def _loop(self) -> None:
        end = time.monotonic() + self.max_lifetime_s
        while not self._stopping.is_set() and time.monotonic() < end:
            self._serve_once()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()


class TcpListener(_LoopServer):
    """Accepts connections and closes them at once; counts them in `accepted`."""

    def __init__(self, host: str = LOOPBACK, *, port: int = 0, max_lifetime_s: float = DEFAULT_LIFETIME_S) -> None:
        super().__init__(host, max_lifetime_s)
        self.accepted = 0
        self._sock: socket.socket | None = None
        self._port: int | None = None
        # A given port brings a service back where an earlier listener was (an outage that ends).
        self._wanted_port = port
        self._selector = selectors.DefaultSelector()

    @property
    def port(self) -> int:
        assert self._port is not None, "start the listener first"
        return self._port

    def _open(self) -> None:
        self._sock = socket.socket(_family(self.host), socket.SOCK_STREAM)
        # So that a StalledTcpListener may take the port over while closed connections linger.
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((self.host, self._wanted_port))
        self._port = self._sock.getsockname()[1]
        self._sock.listen(16)
        self._sock.setblocking(False)
        self._selector.register(self._sock, selectors.EVENT_READ)

    def _serve_once(self) -> None:
        assert self._sock is not None
        if self._selector.select(_POLL_S):
            try:
                connection, _ = self._sock.accept()
            except BlockingIOError:
                return
            connection.close()
            self.accepted += 1

    def _close(self) -> None:
        self._selector.close()
        if self._sock is not None:
            self._sock.close()


class StalledTcpListener:
    """A listener that never accepts, its queue filled so that new connection attempts get no answer at all.

    On Linux a full accept queue makes the kernel drop further SYNs, which is what a filtered port or a dead link
    looks like to a client. `stalled` tells whether filling worked on this system; tests skip when it did not.
    No thread: the kernel does all the (non-)work. `port` takes over the port of a listener just stopped, so a
    target that answered falls silent, as when its line is cut.
    """

    def __init__(self, host: str = LOOPBACK, port: int = 0) -> None:
        self.host = host
        self.stalled = False
        self._wanted_port = port
        self._sock: socket.socket | None = None
        self._port: int | None = None
        self._fillers: list[socket.socket] = []

    @property
    def port(self) -> int:
        assert self._port is not None, "start the listener first"
        return self._port

    def start(self) -> Self:
        self._sock = socket.socket(_family(self.host), socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((self.host, self._wanted_port))
        self._port = self._sock.getsockname()[1]
        self._sock.listen(0)
        for _ in range(16):
            filler = socket.socket(_family(self.host), socket.SOCK_STREAM)
            filler.settimeout(0.2)
            try:
                filler.connect((self.host, self.port))
            except TimeoutError:
                filler.close()
                self.stalled = True
                break
            self._fillers.append(filler)
        return self

    def stop(self) -> None:
        for filler in self._fillers:
            filler.close()
        self._fillers.clear()
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()


@dataclass(frozen=True)
class TlsFiles:
    cert: Path
    key: Path


def make_self_signed_cert(directory: Path, host: str = LOOPBACK, *, expired: bool = False) -> TlsFiles:
    """A self-signed certificate for the IP address `host`, usable both by a server and as a client's trust root;
    with `expired`, one whose validity ended yesterday.

    Needs the `cryptography` package; callers skip the test when it is missing.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"pantau test {host}")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=3 if expired else 0, minutes=5))
        .not_valid_after(now + dt.timedelta(days=-1 if expired else 1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    files = TlsFiles(directory / "cert.pem", directory / "key.pem")
    files.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()))
    return files


OK_TEXT = "pantau ok"
PORTAL_TEXT = "billing portal: please pay your invoice"
BIG_NEEDLE = "needle-after-the-limit"


class _HttpServer(ThreadingHTTPServer):
    # Request threads are joined by server_close(), so stop() returns only when every handler has finished.
    daemon_threads = False
    block_on_close = True

    def __init__(self, owner: HttpTestServer) -> None:
        self.address_family = _family(owner.host)
        self.owner = owner
        super().__init__((owner.host, 0), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn: a reverse lookup that, for 127.0.0.2, would leave the machine.
        socketserver.TCPServer.server_bind(self)
        self.server_name = self.owner.host
        self.server_port = self.socket.getsockname()[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hang up mid-answer on purpose in these tests (a probe that timed out): not worth a traceback."""


class _Handler(BaseHTTPRequestHandler):
    server: _HttpServer
    # Bounds how long a handler thread waits for a client that connects and sends nothing.
    timeout = 2.0

    def setup(self) -> None:
        context = self.server.owner.tls_context
        if context is not None:
            plain = cast(socket.socket, self.request)
            plain.settimeout(self.timeout)
            self.request = context.wrap_socket(plain, server_side=True)
        super().setup()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            # The server closes only the plain socket it accepted, which wrapping detached.
            if isinstance(self.request, ssl.SSLSocket):
                self.request.close()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a test reads `requests` instead."""

    def do_GET(self) -> None:
        owner = self.server.owner
        path = self.path.split("?", 1)[0]
        with owner.lock:
            owner.requests.append(path)
        if path == "/ok":
            self._send(200, OK_TEXT)
        elif path == "/redirect-same":
            self._redirect("/ok")
        elif path == "/redirect-portal" and owner.portal_url:
            self._redirect(owner.portal_url)
        elif path == "/portal":
            self._send(200, PORTAL_TEXT)
        elif path == "/loop":
            self._redirect("/loop")
        elif path == "/error":
            self._send(500, "internal error")
        elif path == "/big":
            self._send(200, "x" * (256 * 1024) + BIG_NEEDLE)
        elif path == "/slow":
            owner.stopping.wait(owner.slow_s)
            self._send(200, "slow answer")
        elif path == "/drip":
            self._drip()
        else:
            self._send(404, "not found")

    def _send(self, status: int, text: str) -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _drip(self) -> None:
        """A status line, then one header byte at a time: each read returns quickly, the answer never completes."""
        self.wfile.write(b"HTTP/1.0 200 OK\r\n")
        end = time.monotonic() + self.server.owner.slow_s
        while time.monotonic() < end and not self.server.owner.stopping.wait(0.05):
            self.wfile.write(b"X")
            self.wfile.flush()


class HttpTestServer(_LoopServer):
    """An HTTP (or HTTPS, given `tls`) server with fixed routes:

    `/ok` 200 "pantau ok"; `/redirect-same` 302 to `/ok`; `/redirect-portal` 302 to `portal_url`; `/portal` 200 with
    a billing-portal text; `/loop` redirects to itself; `/error` 500; `/big` 256 KiB of filler then `BIG_NEEDLE`;
    `/slow` answers after `slow_s` (or at stop); `/drip` sends a header a byte at a time for `slow_s`. Paths
    requested are recorded in `requests`.
    """

    def __init__(self, host: str = LOOPBACK, *, portal_url: str | None = None, tls: TlsFiles | None = None,
                 slow_s: float = 3.0, max_lifetime_s: float = DEFAULT_LIFETIME_S) -> None:
        super().__init__(host, max_lifetime_s)
        self.portal_url = portal_url
        self.slow_s = slow_s
        self.requests: list[str] = []
        self.lock = threading.Lock()
        self.tls_context: ssl.SSLContext | None = None
        if tls is not None:
            self.tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.tls_context.load_cert_chain(tls.cert, tls.key)
        self._server: _HttpServer | None = None

    @property
    def stopping(self) -> threading.Event:
        return self._stopping

    @property
    def port(self) -> int:
        assert self._server is not None, "start the server first"
        return self._server.server_port

    def url(self, path: str = "/ok") -> str:
        scheme = "https" if self.tls_context else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}{path}"

    def _open(self) -> None:
        self._server = _HttpServer(self)
        self._server.timeout = _POLL_S

    def _serve_once(self) -> None:
        assert self._server is not None
        self._server.handle_request()

    def _close(self) -> None:
        if self._server is not None:
            self._server.server_close()


DnsMode = Literal["answer", "silent", "servfail", "refused"]


class DnsTestServer(_LoopServer):
    """A UDP DNS responder: A/AAAA records from `records` (name → addresses), NXDOMAIN for other names.

    `mode` may be changed while it runs: "silent" drops queries, "servfail" and "refused" answer with that rcode.
    `queries` counts the queries received.
    """

    def __init__(self, records: Mapping[str, Sequence[str]] | None = None, *, mode: DnsMode = "answer",
                 host: str = LOOPBACK, max_lifetime_s: float = DEFAULT_LIFETIME_S) -> None:
        super().__init__(host, max_lifetime_s)
        self.records = {name.lower().rstrip("."): list(addresses) for name, addresses in (records or {}).items()}
        self.mode: DnsMode = mode
        self.queries = 0
        self._sock: socket.socket | None = None
        self._port: int | None = None
        self._selector = selectors.DefaultSelector()

    @property
    def port(self) -> int:
        assert self._port is not None, "start the server first"
        return self._port

    def _open(self) -> None:
        self._sock = socket.socket(_family(self.host), socket.SOCK_DGRAM)
        self._sock.bind((self.host, 0))
        self._port = self._sock.getsockname()[1]
        self._sock.setblocking(False)
        self._selector.register(self._sock, selectors.EVENT_READ)

    def _serve_once(self) -> None:
        assert self._sock is not None
        if not self._selector.select(_POLL_S):
            return
        try:
            data, client = self._sock.recvfrom(4096)
        except BlockingIOError:
            return
        self.queries += 1
        if self.mode == "silent":
            return
        try:
            query = dns.message.from_wire(data)
        except dns.exception.DNSException:
            return
        self._sock.sendto(self._answer(query).to_wire(), client)

    def _answer(self, query: dns.message.Message) -> dns.message.Message:
        response = dns.message.make_response(query)
        if self.mode == "servfail":
            response.set_rcode(dns.rcode.SERVFAIL)
            return response
        if self.mode == "refused":
            response.set_rcode(dns.rcode.REFUSED)
            return response
        question = query.question[0]
        name = question.name.to_text().lower().rstrip(".")
        if name not in self.records:
            response.set_rcode(dns.rcode.NXDOMAIN)
            return response
        wanted = 4 if question.rdtype == dns.rdatatype.A else 6 if question.rdtype == dns.rdatatype.AAAA else 0
        addresses = [a for a in self.records[name] if ipaddress.ip_address(a).version == wanted]
        if addresses:
            response.answer.append(dns.rrset.from_text_list(question.name, 60, dns.rdataclass.IN, question.rdtype,
                                                            addresses))
        return response

    def _close(self) -> None:
        self._selector.close()
        if self._sock is not None:
            self._sock.close()
