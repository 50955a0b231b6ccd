"""A probe sample: what one check of one target returned at one moment."""

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
    """`ts` is epoch seconds (UTC); `rtt_ms` is None exactly when `error` is set."""

    ts: float
    target: str
    method: str
    rtt_ms: float | None
    error: ErrorKind | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None
