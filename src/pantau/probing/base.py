"""What a probe returns: one typed result per round, whatever the method."""

from __future__ import annotations

import socket
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field

from pantau.domain.inventory import is_ip_literal
from pantau.domain.samples import ErrorKind, Sample


@dataclass(frozen=True)
class ProbeResult:
    """One round of one check of one target.

    `error` is set exactly when nothing was answered (`received == 0`). Probes never raise for network conditions:
    a refused port, a timeout or an unreachable network are results, not exceptions.
    """

    target: str
    method: str
    ts: float
    sent: int
    received: int
    rtts_ms: tuple[float, ...]
    error: ErrorKind | None
    message: str = ""
    detail: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def loss_percent(self) -> float:
        return 100.0 * (self.sent - self.received) / self.sent if self.sent else 0.0

    def to_sample(self) -> Sample:
        rtt = statistics.fmean(self.rtts_ms) if self.rtts_ms else None
        return Sample(self.ts, self.target, self.method, rtt if self.error is None else None, self.error,
                      self.message, sent=self.sent, lost=self.sent - self.received)


def failed(target: str, method: str, ts: float, error: ErrorKind, message: str, sent: int = 1,
           detail: Mapping[str, str] | None = None) -> ProbeResult:
    """A round in which nothing was answered."""
    return ProbeResult(target, method, ts, sent, 0, (), error, message, dict(detail or {}))


def resolve_address(host: str) -> str:
    """The first address of `host` from the system resolver; an IP literal is returned as it is (no lookup).

    Raises OSError when the name does not resolve. Blocking and without a timeout of its own: call it on a worker.
    """
    if is_ip_literal(host):
        return host
    return str(socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)[0][4][0])
