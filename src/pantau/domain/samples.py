"""A probe sample: what one round of one check of one target returned at one moment."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorKind(StrEnum):
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    REFUSED = "refused"
    DNS = "dns"
    NO_PRIVILEGE = "no-privilege"
    BAD_RESPONSE = "bad-response"
    OTHER = "other"


@dataclass(frozen=True)
class Sample:
    """One round: `sent` packets (or attempts), `lost` of them unanswered.

    `ts` is epoch seconds (UTC). `rtt_ms` is the mean over the answered packets, None exactly when `error` is set;
    an error means nothing came back (`lost == sent`). An ICMP round of 3 packets with one lost is a success with
    `lost=1`, so loss is counted in packets, as operators read it.
    """

    ts: float
    target: str
    method: str
    rtt_ms: float | None
    error: ErrorKind | None = None
    message: str = ""
    sent: int = 1
    lost: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None
