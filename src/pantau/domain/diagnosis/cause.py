"""The probable cause of a verdict: a line's contract, a provider's portal, a device, a service and what it
answered, a congested line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pantau.domain.contracts import ContractStatus
from pantau.domain.diagnosis.context import ContractContext, ContractFacts, LinkFacts
from pantau.domain.diagnosis.model import CheckOutcome, Verdict
from pantau.domain.diagnosis.verdict import VerdictResult, congestion_text
from pantau.domain.samples import ErrorKind


class CauseKind(StrEnum):
    NONE = "none"
    CONTRACT_EXPIRED = "contract-expired"
    BUDGET_CUT = "budget-cut"
    PAYMENT_OVERDUE = "payment-overdue"
    CONTRACT_EXPIRING = "contract-expiring"
    PROVIDER_PORTAL = "provider-portal-redirect"
    PROVIDER_NETWORK = "provider-network"
    PROVIDER_PATH = "provider-path"
    LINE_FAULT = "line-fault"
    DEVICE_DOWN = "device-down"
    SERVICE_DOWN = "service-down"
    DNS_FAILURE = "dns-failure"
    CONGESTION = "congestion"
    NO_ROUTE = "no-route"
    NO_PRIVILEGE = "no-privilege"
    UNKNOWN = "unknown"


_CONTRACT_CAUSES = frozenset({CauseKind.CONTRACT_EXPIRED, CauseKind.BUDGET_CUT, CauseKind.PAYMENT_OVERDUE,
                              CauseKind.CONTRACT_EXPIRING})


class ServiceFault(StrEnum):
    """How a service of a host that is up failed: what it answered, or that it did not."""

    REDIRECT = "redirect"  # to another host
    CERTIFICATE = "certificate"  # a TLS certificate not accepted (detail tls_problem says why)
    NO_ANSWER = "no-answer"  # the connection was accepted, then nothing
    REFUSED = "refused"
    HTTP_ERROR = "http-error"  # a status of 400 or more, or an answer that is not HTTP
    CONTENT = "content"  # the expected text is missing
    TIMEOUT = "timeout"  # not even the connection was accepted
    OTHER = "other"


def service_fault(outcome: CheckOutcome) -> ServiceFault:
    detail = outcome.detail
    if detail.get("redirected_to_host"):
        return ServiceFault.REDIRECT
    if detail.get("tls_problem"):
        return ServiceFault.CERTIFICATE
    if outcome.error is ErrorKind.REFUSED:
        return ServiceFault.REFUSED
    if outcome.error is ErrorKind.TIMEOUT:
        return ServiceFault.NO_ANSWER if detail.get("connected") == "1" else ServiceFault.TIMEOUT
    if outcome.error is ErrorKind.BAD_RESPONSE:
        return ServiceFault.CONTENT if "expected text" in outcome.message else ServiceFault.HTTP_ERROR
    return ServiceFault.OTHER


@dataclass(frozen=True)
class Cause:
    """The probable cause, with its facts as fields; `summary` is short English machine text.

    `explains_fault` is false for a note on a healthy run (a contract that ended while the line still works, one
    about to end, a bill overdue): worth saying, not the reason for a fault. `days`: days since the end
    (expired, budget-cut), days left (expiring), days overdue (payment-overdue). `portal_host`: an HTTP check was
    redirected to this host while the provider's side failed. For the provider's access network: `lines` silent
    office lines, `lapsed_lines` of them with a lapsed contract, and their `providers`.
    """

    kind: CauseKind
    explains_fault: bool
    summary: str
    link: LinkFacts | None = None
    days: int | None = None
    portal_host: str | None = None
    targets: tuple[str, ...] = ()
    lines: int = 0
    lapsed_lines: int = 0
    providers: tuple[str, ...] = ()

    @property
    def contract(self) -> ContractFacts | None:
        return self.link.contract if self.link else None

    @property
    def is_contract(self) -> bool:
        return self.kind in _CONTRACT_CAUSES


def _portal_host(result: VerdictResult, outcomes: Sequence[CheckOutcome]) -> str | None:
    if result.verdict not in (Verdict.ISP_LINK, Verdict.ISP_UPSTREAM):
        return None
    return next((o.detail["redirected_to_host"] for o in outcomes
                 if not o.ok and o.detail.get("redirected_to_host")), None)


def _contract_risk(link: LinkFacts, fault: bool) -> Cause | None:
    """The contract reason a line is down (`fault`), or the contract risk worth a note on a healthy run."""
    facts = link.contract
    if facts is None:
        return None
    ref = f"contract {facts.number} ({facts.provider}, circuit {link.circuit_id or '-'})"
    if facts.status is ContractStatus.EXPIRED:
        ago = -facts.days_left
        if facts.budget_cut:
            return Cause(CauseKind.BUDGET_CUT, fault, f"budget-cut: {ref} ended {facts.end.isoformat()} "
                         f"({ago} days ago); the {facts.budget_year} budget to renew it was cut", link, ago)
        return Cause(CauseKind.CONTRACT_EXPIRED, fault,
                     f"contract-expired: {ref} ended {facts.end.isoformat()} ({ago} days ago)", link, ago)
    if facts.payment_overdue_days is not None:
        return Cause(CauseKind.PAYMENT_OVERDUE, fault,
                     f"payment-overdue: a bill of {ref} is {facts.payment_overdue_days} days overdue", link,
                     facts.payment_overdue_days)
    if fault:
        return None
    if facts.budget_cut:
        return Cause(CauseKind.BUDGET_CUT, False, f"budget-cut: the {facts.budget_year} budget to continue {ref} "
                     f"was cut; it ends {facts.end.isoformat()}", link, facts.days_left)
    if facts.status is ContractStatus.EXPIRING:
        return Cause(CauseKind.CONTRACT_EXPIRING, False, f"contract-expiring: {ref} ends {facts.end.isoformat()} "
                     f"(in {facts.days_left} days)", link, facts.days_left)
    return None


def _access_cause(result: VerdictResult, context: ContractContext | None, targets: tuple[str, ...]) -> Cause:
    """The provider's access network: the lapsed contracts of the silent offices' lines when there are any (the
    commonest lapse first), else the provider's network itself."""
    finding = result.finding
    lines = context.office_lines if context else ()
    providers = tuple(dict.fromkeys(line.provider for line in lines))
    silent = len(finding.sites) if finding else 0
    lapses = [(line, cause) for line in lines if (cause := _contract_risk(line, fault=True))]
    by_provider = ", ".join(providers) or "the provider"
    if lapses:
        commonest = Counter(cause.kind for _, cause in lapses).most_common(1)[0][0]
        line, cause = next((line, cause) for line, cause in lapses if cause.kind is commonest)
        summary = (f"{cause.kind.value}: {len(lapses)} of {len(lines)} silent office lines ({by_provider}) have a "
                   f"lapsed contract; {cause.summary.split(': ', 1)[1]}")
        return Cause(cause.kind, True, summary, line, cause.days, None, targets, len(lines), len(lapses), providers)
    return Cause(CauseKind.PROVIDER_NETWORK, True,
                 f"provider-network: {silent} office lines silent at once ({by_provider}), contracts in force",
                 lines[0] if lines else (context.link if context else None), targets=targets, lines=len(lines),
                 providers=providers)


def probable_cause(result: VerdictResult, context: ContractContext | None,
                   outcomes: Sequence[CheckOutcome]) -> Cause:
    """The probable cause of the verdict.

    A link fault (isp-link, isp-upstream) is explained first by the link's contract: ended with its renewal
    budget cut (budget-cut), ended (contract-expired), a bill overdue (payment-overdue); then by an HTTP check
    redirected to another host (provider-portal-redirect, likely the provider's billing or suspension page); else
    it is a line fault, or for an office another vantage hears (path-broken) a fault on the provider's path. The
    portal host is kept as supporting evidence on a contract cause. Many office lines silent at once (isp-access)
    are explained by their contracts when those lapsed, else by the provider's network. A healthy run carries the
    link's contract risk as a note, if it has one.
    """
    finding = result.finding
    targets = finding.where if finding else ()
    link = context.link if context else None
    verdict = result.verdict
    if verdict is Verdict.OK:
        note = _contract_risk(link, fault=False) if link else None
        return note or Cause(CauseKind.NONE, False, "none")
    if verdict is Verdict.LOCAL:
        if result.no_privilege:
            return Cause(CauseKind.NO_PRIVILEGE, True, "no-privilege: this computer may not send ICMP")
        return Cause(CauseKind.NO_ROUTE, True, "no-route: no usable route on this computer")
    if verdict in (Verdict.LAN, Verdict.SERVER):
        return Cause(CauseKind.DEVICE_DOWN, True, f"device-down: {', '.join(targets)}", targets=targets)
    if verdict is Verdict.SERVER_SERVICE:
        answers = "; ".join(f"{o.target_name} {o.method}: {service_fault(o).value}"
                            for o in (finding.outcomes if finding else ()))
        return Cause(CauseKind.SERVICE_DOWN, True, f"service-down: {answers}", targets=targets)
    if verdict is Verdict.DNS:
        return Cause(CauseKind.DNS_FAILURE, True, f"dns-failure: {', '.join(targets)}", targets=targets)
    if verdict is Verdict.DEGRADED:
        where = congestion_text(result.congestion) if result.congestion else ", ".join(targets)
        return Cause(CauseKind.CONGESTION, True, f"congestion: {where}", link=link, targets=targets)
    if verdict is Verdict.ISP_ACCESS:
        return _access_cause(result, context, targets)
    portal = _portal_host(result, outcomes)
    contract_cause = _contract_risk(link, fault=True) if link else None
    if contract_cause:
        summary = contract_cause.summary + (f"; web checks redirected to {portal}" if portal else "")
        return Cause(contract_cause.kind, True, summary, link, contract_cause.days, portal, targets)
    if portal:
        return Cause(CauseKind.PROVIDER_PORTAL, True,
                     f"provider-portal-redirect: web checks redirected to {portal}", link, None, portal, targets)
    if verdict is Verdict.PATH_BROKEN:
        # The office answers another vantage: not its power or its router, the provider's path between.
        provider = f" ({link.provider})" if link else ""
        return Cause(CauseKind.PROVIDER_PATH, True, f"provider-path: the path to {', '.join(targets)}{provider}",
                     link, targets=targets, providers=(link.provider,) if link else ())
    return Cause(CauseKind.LINE_FAULT, True, f"line-fault: {', '.join(targets)}", link, targets=targets)
