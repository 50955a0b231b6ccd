"""The `tcp:PORT` probe: can a connection be opened, and how long does the handshake take.

The probe takes IP literals only: name resolution belongs to the caller (the engine caches it), so a probe's time
is the network's time and never a resolver's. `socket_error_kind` is shared with the HTTP and DNS probes, so an
unreachable network reads the same whatever the check.
"""

from __future__ import annotations

import errno
import socket
import time

from pantau.domain.addresses import is_ip_literal
from pantau.domain.results import ProbeResult, failed
from pantau.domain.samples import ErrorKind

# Windows reports Winsock codes (WSAE…), which the errno module names separately from the POSIX ones.
_UNREACHABLE_ERRNOS = frozenset(
    code for name in ("ENETUNREACH", "EHOSTUNREACH", "ENETDOWN", "EHOSTDOWN",
                      "WSAENETUNREACH", "WSAEHOSTUNREACH", "WSAENETDOWN", "WSAEHOSTDOWN")
    if (code := getattr(errno, name, None)) is not None
)


def socket_error_kind(error: OSError) -> tuple[ErrorKind, str]:
    """The error kind and a short message for a socket failure that is a network condition, not a bug."""
    if isinstance(error, TimeoutError):
        return ErrorKind.TIMEOUT, "no answer in time"
    if isinstance(error, ConnectionRefusedError):
        return ErrorKind.REFUSED, "connection refused"
    if error.errno in _UNREACHABLE_ERRNOS:
        return ErrorKind.UNREACHABLE, error.strerror or "network unreachable"
    return ErrorKind.OTHER, error.strerror or str(error) or type(error).__name__


def check_timeout(timeout_s: float) -> None:
    if not timeout_s > 0:
        raise ValueError(f"a probe timeout must be positive, not {timeout_s!r}")


def probe_tcp(target_id: str, address: str, port: int, timeout_s: float, method: str) -> ProbeResult:
    """Open and close one TCP connection to `address:port` (an IPv4 or IPv6 literal) within `timeout_s`.

    Raises ValueError for a hostname, a bad port or a non-positive timeout: those are the caller's mistakes.
    """
    if not is_ip_literal(address):
        raise ValueError(f"probe_tcp takes an IP address, not {address!r}: resolve names before probing")
    if not 1 <= port <= 65535:
        raise ValueError(f"a TCP port is 1 to 65535, not {port!r}")
    check_timeout(timeout_s)
    detail = {"port": str(port)}
    ts = time.time()
    start = time.perf_counter()
    try:
        # An IP literal makes getaddrinfo inside create_connection purely numeric: no lookup leaves the machine.
        with socket.create_connection((address, port), timeout=timeout_s):
            rtt_ms = (time.perf_counter() - start) * 1000.0
    except OSError as error:
        kind, text = socket_error_kind(error)
        if kind is ErrorKind.TIMEOUT:
            text = f"no answer within {timeout_s:g} s"
        return failed(target_id, method, ts, kind, f"{text} (port {port})", detail=detail)
    return ProbeResult(target_id, method, ts, 1, 1, (rtt_ms,), None, f"port {port} open", detail)
