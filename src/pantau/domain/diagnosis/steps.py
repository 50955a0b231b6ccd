"""Next steps: at most `MAX_NEXT_STEPS` concrete things to do, most useful first, each with the facts its sentence
needs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from pantau.domain.diagnosis.cause import Cause, CauseKind, ServiceFault, service_fault
from pantau.domain.diagnosis.context import ContractContext, LinkFacts
from pantau.domain.diagnosis.model import CheckOutcome, Layer
from pantau.domain.diagnosis.verdict import VerdictResult

# The most next steps a report lists: a chat message, not a manual.
MAX_NEXT_STEPS = 4


class StepKind(StrEnum):
    CALL_PROVIDER = "call-provider"
    CHECK_DEVICE = "check-device"
    ASK_OFFICE = "ask-office"
    RESTART_SERVICE = "restart-service"
    USE_BACKUP = "use-backup"
    ASK_PAYMENT = "ask-payment"
    ASK_BUDGET = "ask-budget"
    RENEW_CONTRACT = "renew-contract"
    OPEN_PORTAL = "open-portal"
    CHECK_LOCAL = "check-local"
    GRANT_PRIVILEGE = "grant-privilege"
    CHECK_DNS = "check-dns"
    WATCH = "watch"
    CHECK_REDIRECT = "check-redirect"
    FIX_CERTIFICATE = "fix-certificate"


class CallPurpose(StrEnum):
    REPORT_FAULT = "report-fault"
    CONFIRM_CUT = "confirm-cut"
    RESTORE = "restore"
    REPORT_QUALITY = "report-quality"


@dataclass(frozen=True)
class NextStep:
    """One concrete thing to do, with the facts the sentence needs; `summary` is short English machine text."""

    kind: StepKind
    summary: str
    target: str | None = None
    site: str | None = None
    method: str | None = None
    link: LinkFacts | None = None
    host: str | None = None
    purpose: CallPurpose | None = None
    # What the service answered: the redirect's target, or the certificate problem.
    detail: str | None = None


def _call(link: LinkFacts | None, purpose: CallPurpose) -> list[NextStep]:
    if link is None:
        return []
    number = link.contract.number if link.contract else "-"
    return [NextStep(StepKind.CALL_PROVIDER, f"call {link.provider}: circuit {link.circuit_id or '-'}, "
                     f"contract {number} ({purpose.value})", link=link, purpose=purpose)]


def _backup_step(context: ContractContext | None) -> list[NextStep]:
    backup = context.backup if context else None
    if backup is None or backup.reachable is False:
        return []
    return [NextStep(StepKind.USE_BACKUP, f"use backup line {backup.link_id} ({backup.provider}, "
                     f"circuit {backup.circuit_id or '-'})", link=backup)]


def next_steps(result: VerdictResult, cause: Cause, context: ContractContext | None,
               site_names: Mapping[str, str] | None = None) -> tuple[NextStep, ...]:
    """At most `MAX_NEXT_STEPS` concrete steps, most useful first."""
    names = site_names or {}
    finding = result.finding
    targets = finding.where if finding else ()
    link = cause.link or (context.link if context else None)
    steps: list[NextStep] = []
    kind = cause.kind
    if kind is CauseKind.NO_PRIVILEGE:
        steps.append(NextStep(StepKind.GRANT_PRIVILEGE, "give Pantau the ICMP privilege and run again"))
    elif kind is CauseKind.NO_ROUTE:
        steps.append(NextStep(StepKind.CHECK_LOCAL, "check this computer's cable or Wi-Fi and its address"))
    elif kind is CauseKind.DEVICE_DOWN:
        steps += [NextStep(StepKind.CHECK_DEVICE, f"check power and cabling of {name}", target=name)
                  for name in targets]
    elif kind is CauseKind.SERVICE_DOWN and finding:
        steps += [_service_step(o) for o in finding.outcomes]
    elif kind is CauseKind.DNS_FAILURE:
        steps.append(NextStep(StepKind.CHECK_DNS, f"check the resolver {', '.join(targets)}",
                              target=", ".join(targets)))
    elif kind is CauseKind.CONGESTION:
        steps.append(NextStep(StepKind.WATCH, f"watch {', '.join(targets)}", target=", ".join(targets)))
        if finding and finding.layer in (Layer.SITE, Layer.ISP, Layer.UPSTREAM):
            steps += _call(link, CallPurpose.REPORT_QUALITY)
    elif kind is CauseKind.BUDGET_CUT and cause.explains_fault:
        steps += _budget_step(cause)
        steps += _call(link, CallPurpose.RESTORE)
        steps += _backup_step(context)
    elif kind is CauseKind.CONTRACT_EXPIRED and cause.explains_fault:
        steps += _call(link, CallPurpose.CONFIRM_CUT)
        steps += _renew_step(cause)
        steps += _backup_step(context)
    elif kind is CauseKind.PAYMENT_OVERDUE and cause.explains_fault:
        steps += _payment_step(cause)
        steps += _call(link, CallPurpose.RESTORE)
        steps += _backup_step(context)
    elif kind is CauseKind.PROVIDER_NETWORK:
        steps += _call(link, CallPurpose.REPORT_FAULT)
    elif kind is CauseKind.PROVIDER_PATH:
        steps += _call(link, CallPurpose.REPORT_FAULT)
        steps += _backup_step(context)
    elif kind is CauseKind.PROVIDER_PORTAL:
        steps.append(NextStep(StepKind.OPEN_PORTAL, f"open {cause.portal_host} to read the notice",
                              host=cause.portal_host))
        steps += _call(link, CallPurpose.CONFIRM_CUT)
        steps += _backup_step(context)
    elif kind is CauseKind.LINE_FAULT:
        if finding and finding.layer is Layer.SITE:
            steps += [NextStep(StepKind.ASK_OFFICE, f"ask {names.get(site, site)} to check the router's power",
                               site=names.get(site, site), target=", ".join(targets)) for site in finding.sites[:1]]
        steps += _call(link, CallPurpose.REPORT_FAULT)
        if finding and finding.layer is Layer.ISP:
            steps += [NextStep(StepKind.CHECK_DEVICE, f"check power and cabling of {name}", target=name)
                      for name in targets]
        steps += _backup_step(context)
    elif kind is CauseKind.BUDGET_CUT:
        steps += _budget_step(cause)
    elif kind is CauseKind.PAYMENT_OVERDUE:
        steps += _payment_step(cause)
    elif kind in (CauseKind.CONTRACT_EXPIRED, CauseKind.CONTRACT_EXPIRING):
        steps += _renew_step(cause)
    if cause.portal_host and kind is not CauseKind.PROVIDER_PORTAL and len(steps) < MAX_NEXT_STEPS:
        steps.append(NextStep(StepKind.OPEN_PORTAL, f"open {cause.portal_host} to read the notice",
                              host=cause.portal_host))
    return tuple(steps[:MAX_NEXT_STEPS])


def _budget_step(cause: Cause) -> list[NextStep]:
    facts = cause.contract
    if facts is None:
        return []
    return [NextStep(StepKind.ASK_BUDGET, f"ask BPKAD/TAPD about the {facts.budget_year} budget for contract "
                     f"{facts.number}", link=cause.link)]


def _renew_step(cause: Cause) -> list[NextStep]:
    facts = cause.contract
    if facts is None:
        return []
    return [NextStep(StepKind.RENEW_CONTRACT, f"renew contract {facts.number} with {facts.provider}",
                     link=cause.link)]


def _payment_step(cause: Cause) -> list[NextStep]:
    facts = cause.contract
    if facts is None:
        return []
    return [NextStep(StepKind.ASK_PAYMENT, f"ask BPKAD about the unpaid bill of contract {facts.number}",
                     link=cause.link)]


# ---- The report ----


def _service_step(outcome: CheckOutcome) -> NextStep:
    """What to do about a service that failed, by what it answered."""
    fault = service_fault(outcome)
    name, method = outcome.target_name, outcome.method
    if fault is ServiceFault.REDIRECT:
        where = outcome.detail.get("redirected_to") or outcome.detail.get("redirected_to_host", "")
        return NextStep(StepKind.CHECK_REDIRECT, f"check why {method} on {name} redirects to {where}",
                        target=name, method=method, detail=where)
    if fault is ServiceFault.CERTIFICATE:
        problem = outcome.detail.get("tls_problem", "")
        return NextStep(StepKind.FIX_CERTIFICATE, f"fix the certificate of {method} on {name} ({problem})",
                        target=name, method=method, detail=problem)
    return NextStep(StepKind.RESTART_SERVICE, f"restart {method} on {name}", target=name, method=method)
