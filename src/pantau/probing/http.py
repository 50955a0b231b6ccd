"""The `http(s)://…` probe: status, time, where redirects lead, and optionally whether a text is on the page.

One deadline covers the whole round: name resolution, connecting, TLS, sending, and reading the answer (at most
`BODY_LIMIT` bytes of body), over up to `MAX_REDIRECTS` redirects. Every socket read is given only what is left of
it, so a server that drips bytes cannot stretch a round past its timeout.

A redirect to another host fails the check even when the other host answers 200: a provider's billing page or a
captive portal answers that way while the service itself is cut off, and the diagnosis reads
`detail["redirected_to_host"]` (and the whole target, port and query included, in `detail["redirected_to"]`) to say
so.

What the first host did is kept apart from whether the check passed, because a host that answers at all is up:
`detail["connected"] = "1"` once it accepted the TCP connection (`ProbeResult.host_answered` reads it), `stage` says
how far the round got (`connect`, `tls`, `answer`), and a certificate that is not accepted is named in
`tls_problem` (`self-signed`, `expired`, `not-yet-valid`, `wrong-name`, `untrusted`, `pin-mismatch`, `ca-file`).
A target can trust an in-house certificate (`TlsTrust`: a CA file, or a SHA-256 pin of the server's certificate).
"""

from __future__ import annotations

import functools
import hashlib
import http.client
import io
import os
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast
from urllib.parse import quote, urljoin, urlsplit

from pantau import __version__
from pantau.domain.addresses import is_ip_literal
from pantau.domain.inventory import Target, pin_hex
from pantau.domain.results import ProbeResult
from pantau.domain.samples import ErrorKind
from pantau.probing.tcp import check_timeout, socket_error_kind

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

MAX_REDIRECTS = 5
BODY_LIMIT = 64 * 1024
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# What may stay unescaped in a request target (RFC 3986 reserved characters and existing %-escapes).
_TARGET_SAFE = "!$&'()*+,;=:@/?%"

_Address = tuple[int, tuple[Any, ...]]


class _Failure(Exception):
    """A round that ended in a known way; raised inside the probe, never out of it."""

    def __init__(self, kind: ErrorKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


# OpenSSL's verify codes, named as the diagnosis says them (X509_V_ERR_…).
_CERT_PROBLEMS = {9: "not-yet-valid", 10: "expired", 18: "self-signed", 19: "self-signed", 62: "wrong-name",
                  64: "wrong-name", 2: "untrusted", 20: "untrusted", 21: "untrusted"}


@dataclass(frozen=True)
class TlsTrust:
    """An in-house certificate a target's HTTPS checks trust instead of the system's store: a CA file (a server's
    own certificate works too), or the SHA-256 fingerprint of the server's certificate (64 hex digits)."""

    ca_file: str = ""
    pin_sha256: str = ""


def tls_trust_of(target: Target) -> TlsTrust | None:
    """The trust the network file gives `target`, None for the system's trust store."""
    if target.tls_pin_sha256:
        return TlsTrust(pin_sha256=pin_hex(target.tls_pin_sha256) or target.tls_pin_sha256)
    if target.tls_ca_file:
        return TlsTrust(ca_file=target.tls_ca_file)
    return None


@dataclass
class _Progress:
    """How far the round got with its first host, whatever happened next."""

    connected: bool = False
    stage: str = "connect"
    tls_problem: str | None = None


@dataclass(frozen=True)
class _Url:
    text: str
    scheme: str
    host: str
    port: int
    host_header: str
    request_target: str


@dataclass(frozen=True)
class _Answer:
    status: int
    reason: str
    location: str | None
    body: str


def _split(url: str) -> _Url:
    """The parts of an http(s) URL a request needs; ValueError when it has no usable host or scheme."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {url!r}")
    host = (parts.hostname or "").lower()
    if not host or not host.isascii() or any(c.isspace() for c in url):
        raise ValueError(f"no usable host in {url!r}")
    port = parts.port or (443 if scheme == "https" else 80)  # .port raises ValueError when out of range
    target = quote(parts.path or "/", safe=_TARGET_SAFE)
    if parts.query:
        target += "?" + quote(parts.query, safe=_TARGET_SAFE)
    host_header = parts.netloc.rpartition("@")[2]
    return _Url(url, scheme, host, port, host_header, target)


class _Lookup:
    """One system-resolver lookup of one name, in its own thread because getaddrinfo cannot be given a timeout.

    Probes that want the same name while a lookup is still running wait on that lookup instead of starting another,
    so a resolver that hangs costs one thread per name, however many rounds time out meanwhile.
    """

    _running: ClassVar[dict[tuple[str, int], _Lookup]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, host: str, port: int) -> None:
        self.done = threading.Event()
        self.addresses: list[_Address] = []
        self.error: OSError | None = None
        self._key = (host, port)
        # A daemon thread: a lookup stuck in the system resolver must not hold up the application's exit.
        self._thread = threading.Thread(target=self._run, name=f"pantau-resolve-{host}", daemon=True)

    @classmethod
    def of(cls, host: str, port: int) -> _Lookup:
        with cls._lock:
            lookup = cls._running.get((host, port))
            if lookup is None:
                lookup = cls._running[(host, port)] = cls(host, port)
                lookup._thread.start()
            return lookup

    def _run(self) -> None:
        host, port = self._key
        try:
            self.addresses = [(info[0], info[4]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
        except OSError as error:
            self.error = error
        finally:
            with self._lock:
                del self._running[self._key]
            self.done.set()


def _resolve(host: str, port: int, timeout_s: float) -> list[_Address]:
    """The addresses to connect to for `host`; a DNS failure when the name does not resolve within `timeout_s`.

    IP literals never reach a resolver. Names go to the system resolver (hosts file, then DNS), like a browser's.
    """
    if is_ip_literal(host):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
        except OSError as error:
            raise _Failure(ErrorKind.OTHER, f"unusable address {host}: {error.strerror or error}") from error
        return [(info[0], info[4]) for info in infos]
    lookup = _Lookup.of(host, port)
    if not lookup.done.wait(timeout_s):
        raise _Failure(ErrorKind.DNS, f"resolving {host} took longer than {timeout_s:.3g} s")
    if lookup.error is not None:
        raise _Failure(ErrorKind.DNS, f"cannot resolve {host}: {lookup.error.strerror or lookup.error}")
    if not lookup.addresses:
        raise _Failure(ErrorKind.DNS, f"{host} has no address")
    return lookup.addresses


@functools.cache
def _default_context() -> ssl.SSLContext:
    """The system's trust store, loaded once: loading it costs more CPU than a whole loopback round."""
    return ssl.create_default_context()


@functools.cache
def _pinning_context() -> ssl.SSLContext:
    """A handshake that checks nothing itself: the certificate's fingerprint is compared afterwards."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


@functools.lru_cache(maxsize=32)
def _ca_context(path: str, mtime_ns: int) -> ssl.SSLContext:
    """A store of the one CA file, reloaded when the file changes. A partial chain is accepted, so a server's own
    certificate (or an intermediate) can be the file."""
    context = ssl.create_default_context(cafile=path)
    context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
    return context


def _context_for(trust: TlsTrust | None) -> ssl.SSLContext:
    if trust is None:
        return _default_context()
    if trust.pin_sha256:
        return _pinning_context()
    try:
        return _ca_context(trust.ca_file, os.stat(trust.ca_file).st_mtime_ns)
    except (OSError, ssl.SSLError) as error:
        reason = getattr(error, "strerror", None) or getattr(error, "reason", None) or error
        raise _Failure(ErrorKind.OTHER, f"cannot use the CA file {trust.ca_file}: {reason}") from error


def _remaining(deadline: float) -> float:
    left = deadline - time.perf_counter()
    if left <= 0:
        raise TimeoutError("the round's deadline has passed")
    return left


def _connect(addresses: list[_Address], deadline: float) -> socket.socket:
    last_error: OSError | None = None
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(_remaining(deadline))
            sock.connect(sockaddr)
        except TimeoutError:
            sock.close()
            raise
        except OSError as error:
            sock.close()
            last_error = error
            continue
        return sock
    assert last_error is not None  # _resolve never returns an empty list
    raise last_error


class _DeadlineReader(io.RawIOBase):
    """Socket reads that each get only what is left of the round's deadline."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        super().__init__()
        self._sock = sock
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        self._sock.settimeout(_remaining(self._deadline))
        return self._sock.recv_into(buffer)


class _DeadlineSocket:
    """The one thing HTTPResponse asks of a socket, `makefile`, answered with a deadline-bound reader."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock = sock
        self._deadline = deadline

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))


def _read_body(response: http.client.HTTPResponse) -> str:
    chunks: list[bytes] = []
    size = 0
    while size < BODY_LIMIT:
        chunk = response.read(BODY_LIMIT - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    charset = response.headers.get_content_charset() or "utf-8"
    try:
        return b"".join(chunks).decode(charset, "replace")
    except LookupError:
        return b"".join(chunks).decode("utf-8", "replace")


def _fetch(url: _Url, deadline: float, trust: TlsTrust | None, progress: _Progress | None) -> _Answer:
    """One request; `progress` (given for the first host only) records how far it got."""
    addresses = _resolve(url.host, url.port, _remaining(deadline))
    sock = _connect(addresses, deadline)
    if progress is not None:
        progress.connected, progress.stage = True, "tls" if url.scheme == "https" else "answer"
    try:
        if url.scheme == "https":
            sock.settimeout(_remaining(deadline))
            try:
                context = _context_for(trust)
            except _Failure:
                if progress is not None:
                    progress.tls_problem = "ca-file"
                raise
            try:
                sock = context.wrap_socket(sock, server_hostname=url.host)
            except ssl.SSLCertVerificationError as error:
                if progress is not None:
                    progress.tls_problem = _CERT_PROBLEMS.get(error.verify_code, "untrusted")
                raise
            if trust is not None and trust.pin_sha256:
                _check_pin(sock, url, trust.pin_sha256, progress)
            if progress is not None:
                progress.stage = "answer"
        request = (f"GET {url.request_target} HTTP/1.1\r\nHost: {url.host_header}\r\n"
                   f"User-Agent: Pantau/{__version__}\r\nAccept: */*\r\nAccept-Encoding: identity\r\n"
                   "Connection: close\r\n\r\n")
        sock.settimeout(_remaining(deadline))
        sock.sendall(request.encode("ascii"))
        response = http.client.HTTPResponse(cast(socket.socket, _DeadlineSocket(sock, deadline)), method="GET")
        try:
            response.begin()
            location = (response.getheader("Location") or None) if response.status in _REDIRECT_STATUSES else None
            body = "" if location else _read_body(response)
            return _Answer(response.status, response.reason, location, body)
        finally:
            response.close()
    finally:
        sock.close()


def _check_pin(sock: ssl.SSLSocket, url: _Url, pin: str, progress: _Progress | None) -> None:
    der = sock.getpeercert(binary_form=True) or b""
    found = hashlib.sha256(der).hexdigest()
    if found != pin:
        if progress is not None:
            progress.tls_problem = "pin-mismatch"
        raise _Failure(ErrorKind.BAD_RESPONSE, f"certificate of {url.host} is not the pinned one: its SHA-256 is "
                                               f"{found[:16]}…, the network file pins {pin[:16]}…")


def _failure_of(error: Exception, url: _Url, timeout_s: float, progress: _Progress,
                first_host: bool) -> tuple[ErrorKind, str]:
    where = f"[{url.host}]:{url.port}" if ":" in url.host else f"{url.host}:{url.port}"
    if isinstance(error, _Failure):
        return error.kind, error.message
    if isinstance(error, TimeoutError):
        if first_host and progress.stage == "tls":
            return ErrorKind.TIMEOUT, (f"{where} accepted the connection but did not finish the TLS handshake "
                                       f"within {timeout_s:g} s")
        if first_host and progress.stage == "answer":
            return ErrorKind.TIMEOUT, f"{where} accepted the connection but sent no answer within {timeout_s:g} s"
        return ErrorKind.TIMEOUT, f"no complete answer from {where} within {timeout_s:g} s"
    if isinstance(error, ssl.SSLCertVerificationError):
        return ErrorKind.BAD_RESPONSE, f"certificate of {url.host} not accepted: {error.verify_message}"
    if isinstance(error, ssl.SSLError):
        return ErrorKind.BAD_RESPONSE, f"TLS with {where} failed: {error.reason or error}"
    if isinstance(error, http.client.RemoteDisconnected):
        return ErrorKind.BAD_RESPONSE, f"{where} closed the connection without answering"
    if isinstance(error, http.client.HTTPException):
        return ErrorKind.BAD_RESPONSE, f"{where} did not answer in HTTP ({type(error).__name__})"
    if isinstance(error, OSError):
        kind, text = socket_error_kind(error)
        return kind, f"{text} ({where})"
    raise error


def probe_http(target_id: str, url: str, timeout_s: float, method: str, expect_text: str | None = None, *,
               trust: TlsTrust | None = None) -> ProbeResult:
    """GET `url`, following up to `MAX_REDIRECTS` redirects, all within `timeout_s`.

    Fails with BAD_RESPONSE for a status of 400 or more, a redirect to another host, a TLS certificate that is not
    trusted (by `trust`, the system's trust store by default), or `expect_text` missing from the first
    `BODY_LIMIT` bytes of the final page. `detail` holds `final_url`, `redirects`, `elapsed_ms`, `status` (the last
    one received), `redirected_to_host` and `redirected_to` (the first other host a redirect led to, and that whole
    URL), `connected`, `stage` and `tls_problem` (see the module docstring). Raises ValueError for a URL that is
    not http(s) with a host, or a non-positive timeout.
    """
    origin = _split(url)
    check_timeout(timeout_s)
    ts = time.time()
    start = time.perf_counter()
    deadline = start + timeout_s
    current = origin
    redirects = 0
    other_host: str | None = None
    other_url: str | None = None
    answer: _Answer | None = None
    failure: tuple[ErrorKind, str] | None = None
    progress = _Progress()
    try:
        while True:
            answer = _fetch(current, deadline, trust, progress if redirects == 0 else None)
            if answer.location is None:
                break
            if redirects == MAX_REDIRECTS:
                raise _Failure(ErrorKind.BAD_RESPONSE, f"more than {MAX_REDIRECTS} redirects")
            next_text = urljoin(current.text, answer.location)
            try:
                current = _split(next_text)
            except ValueError:
                raise _Failure(ErrorKind.BAD_RESPONSE, f"redirected to an unusable URL: {next_text!r}") from None
            redirects += 1
            if other_host is None and current.host != origin.host:
                other_host, other_url = current.host, current.text
    except (_Failure, OSError, http.client.HTTPException) as error:
        failure = _failure_of(error, current, timeout_s, progress, redirects == 0)
    elapsed_ms = (time.perf_counter() - start) * 1000.0

    detail = {"final_url": current.text, "redirects": str(redirects), "elapsed_ms": f"{elapsed_ms:.1f}",
              "stage": progress.stage}
    if progress.connected:
        detail["connected"] = "1"
    if progress.tls_problem is not None:
        detail["tls_problem"] = progress.tls_problem
    if answer is not None:
        detail["status"] = str(answer.status)
    if other_host is not None and other_url is not None:
        detail["redirected_to_host"] = other_host
        detail["redirected_to"] = other_url
    if failure is None:
        assert answer is not None
        failure = _judge(answer, other_url, expect_text)
    elif other_host is not None:
        failure = (failure[0], f"{failure[1]} (after a redirect to another host: {other_url})")
    if failure is not None:
        return ProbeResult(target_id, method, ts, 1, 0, (), failure[0], failure[1], detail)
    assert answer is not None
    return ProbeResult(target_id, method, ts, 1, 1, (elapsed_ms,), None, f"HTTP {answer.status}", detail)


def _judge(answer: _Answer, other_url: str | None, expect_text: str | None) -> tuple[ErrorKind, str] | None:
    """What is wrong with a complete answer, or None when the check passes."""
    if other_url is not None:
        return ErrorKind.BAD_RESPONSE, (f"redirected to another host: {other_url} — "
                                        "a provider billing or captive portal?")
    if answer.status >= 400:
        return ErrorKind.BAD_RESPONSE, f"HTTP {answer.status} {answer.reason}".rstrip()
    if expect_text is not None and expect_text not in answer.body:
        return ErrorKind.BAD_RESPONSE, f"expected text not found: {expect_text!r}"
    return None
