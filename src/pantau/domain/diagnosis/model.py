"""The diagnosis's vocabulary: layers, verdicts, scopes, a planned check and what one check found.

A `CheckOutcome` comes from a probe round (`outcome_from_round`), from the engine's live view of a target the run
did not probe (`monitored`), or from the path probe (`hops`). Nothing here decides anything.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from pantau.domain.inventory import TargetRole
from pantau.domain.samples import ErrorKind

# Errors only a host that answered can cause: it refused the connection, or answered wrongly (HTTP, TLS).
_ANSWERING_ERRORS = frozenset({ErrorKind.REFUSED, ErrorKind.BAD_RESPONSE})
# Beyond the provider's gateway a web request can be answered by the provider instead of the target: a billing or
# suspension portal that intercepts the traffic and redirects it.
_INTERCEPTABLE = frozenset({TargetRole.ISP_GATEWAY, TargetRole.UPSTREAM})


class Layer(StrEnum):
    LOCAL = "local"
    LAN = "lan"
    SERVER = "server"
    SITE = "site"
    ISP = "isp"
    UPSTREAM = "upstream"
    DNS = "dns"
    PATH = "path"


LAYER_ORDER: tuple[Layer, ...] = tuple(Layer)


class Verdict(StrEnum):
    OK = "ok"
    LOCAL = "local"
    LAN = "lan"
    SERVER = "server"
    SERVER_SERVICE = "server-service"
    ISP_LINK = "isp-link"
    ISP_ACCESS = "isp-access"
    ISP_UPSTREAM = "isp-upstream"
    PATH_BROKEN = "path-broken"
    DNS = "dns"
    DEGRADED = "degraded"


class Scope(StrEnum):
    SERVER = "server"
    ISP = "isp"
    SITE = "site"
    ALL = "all"


class LayerStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"
    DEGRADED = "degraded"
    NOT_CHECKED = "not-checked"
    NOT_RUN = "not-run"


class DiagnosisError(ValueError):
    """A diagnosis that cannot be planned: an unknown scope or site. The message is fit for the user."""


@dataclass(frozen=True)
class PlannedCheck:
    """One check the runner performs: one method of one target, placed in a layer. `reach`: whether the check's
    answers say the target's host is reachable (`domain.reachability.proves_reachability`)."""

    layer: Layer
    target_id: str
    target_name: str
    site_id: str
    address: str
    method: str
    service: bool
    role: TargetRole
    reach: bool = True


@dataclass(frozen=True)
class Hop:
    """One TTL of the path probe: who answered (None: nobody), how fast and how many of its probes were lost.
    `reached`: the probed target itself answered at this TTL."""

    ttl: int
    address: str | None
    rtt_ms: float | None
    loss_percent: float
    reached: bool = False


@dataclass(frozen=True)
class CheckOutcome:
    """What one check found. `error` is set exactly when `ok` is false; `detail` carries method facts such as
    `redirected_to` (http), `tls_problem`, `connected`, `confirm_round` (icmp) or `last_hop` (path). `service`,
    `site_id`, `role` and `reach` come from the planned check. `monitored`: not probed by this run but taken from
    the engine's live view (method `monitor`). `hops`: the path probe's hop list."""

    layer: Layer
    target_id: str | None
    target_name: str
    address: str
    method: str
    ok: bool
    rtt_ms: float | None
    loss_percent: float | None
    error: ErrorKind | None
    message: str = ""
    detail: Mapping[str, str] = field(default_factory=dict)
    duration_ms: float = 0.0
    service: bool = False
    site_id: str | None = None
    role: TargetRole | None = None
    reach: bool = True
    monitored: bool = False
    hops: tuple[Hop, ...] = ()

    @property
    def ran(self) -> bool:
        """False when the check could not run on this computer, so it says nothing about the network."""
        return self.error is not ErrorKind.NO_PRIVILEGE

    @property
    def answered(self) -> bool:
        """Whether the host answered at all, even when the check failed: a reply, a refused or accepted connection,
        an HTTP or TLS answer of any kind. Only checks that prove reachability count when they fail, and a redirect to
        another host from beyond the ISP gateway does not: the provider's portal may have sent it."""
        if self.ok:
            return True
        if self.detail.get("redirected_to_host") and self.role in _INTERCEPTABLE:
            return False
        return self.reach and (self.error in _ANSWERING_ERRORS or self.detail.get("connected") == "1")


def outcome_from_round(check: PlannedCheck, *, sent: int, received: int, rtts_ms: Sequence[float],
                       error: ErrorKind | None, message: str = "", detail: Mapping[str, str] | None = None,
                       duration_ms: float = 0.0) -> CheckOutcome:
    """The outcome of one probe round of a planned check, from the round's plain fields."""
    ok = error is None and received > 0
    return CheckOutcome(
        layer=check.layer, target_id=check.target_id, target_name=check.target_name, address=check.address,
        method=check.method, ok=ok,
        rtt_ms=statistics.fmean(rtts_ms) if ok and rtts_ms else None,
        loss_percent=100.0 * (sent - received) / sent if sent else None,
        error=None if ok else (error or ErrorKind.OTHER), message=message, detail=dict(detail or {}),
        duration_ms=duration_ms, service=check.service, site_id=check.site_id, role=check.role, reach=check.reach)
