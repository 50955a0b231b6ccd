"""What a probe returns: one typed result per round, whatever the method, and how a round that got no answer is
written. Pure data, so the probes, the engine, the graphs' history and the GUI bridge share it without importing
the probes."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field

from pantau.domain.samples import ErrorKind, Sample

# Errors that only an answering host can cause.
_ANSWERING_ERRORS = frozenset({ErrorKind.REFUSED, ErrorKind.BAD_RESPONSE})


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
    def host_answered(self) -> bool:
        """Whether the probed host answered at all, even when the check failed: an echo reply, a refused or
        accepted connection, an HTTP or TLS answer of any kind, a resolver's error code. Proof that the path to
        it passes traffic. (The HTTP probe sets `detail["connected"]` once the first host accepted the
        connection, so a later timeout or a redirect to a dead host still counts.)"""
        return (self.received > 0 or self.error in _ANSWERING_ERRORS or self.detail.get("connected") == "1"
                or "rcode" in self.detail)

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

