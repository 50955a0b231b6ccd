"""Diagnosis: which checks answer a question, what their outcomes say, the probable cause and what to do next.

Pure: the runner performs the checks and hands over `CheckOutcome`s (built with `outcome_from_round`, so this package
never sees a probe class); `today`, the clock readings, the usual RTTs (`baselines`) and the engine's live view
(`LiveView`) are passed in. The modules, in the order a run uses them: `model` (the vocabulary), `plan`, `live`
(monitored outcomes), `evidence` (what answers prove beyond their own check), `verdict`, `context` (contracts),
`cause`, `steps`, `report`.

Where Pantau runs. The computer that runs a diagnosis sits in the *vantage* site (`[monitoring] vantage`, by
default the site of the `server` and `lan-gateway` targets); the sites are ordered by the vantage's tree
(`domain.reachability`). Seen from there the layers follow the way traffic goes:

    this computer (local) → LAN gateway (lan) ─┬─ central server (server: the host, then each service check)
                                               ├─ offices, through their intranet lines (site)
                                               └─ ISP gateway (isp) → upstream anchors (upstream) → names (dns)

Roles and methods map onto layers: `lan-gateway` → lan, `server` → server, `isp-gateway` → isp, `upstream` →
upstream, `office-router` and `service` → site, and every `dns:` check → dns whatever its target's role. A check is
a *service* check when it is not ICMP or its target has the `service` role: the host can answer while it fails. The
`path` layer holds the runner's TTL-limited probes toward a silent or slow target: every hop (TTL, address, RTT,
loss) is kept; it decides no verdict, but a reply from beyond a hop is an answer like any other.

What counts as an answer. A target *answers* when any check of it gets any answer from its host: an echo reply, a
refused or accepted connection, an HTTP answer of any status, a TLS handshake even with a bad certificate, or its
address answering a path probe. A target is *silent* when nothing of it answers. A silent *hop* (LAN gateway, ISP
gateway, office router) with any answer from beyond it (`evidence`) passes traffic: it is never blamed as down.

Verdict rules (`decide_verdict`); every independent finding is kept, worst first:

- local: this computer has no usable route (`local_ok` false, or a local check failed); also when no check at all
  could run because ICMP needs a privilege this computer lacks.
- lan: a LAN gateway is silent and nothing beyond it answers.
- server: a server is silent; server-service: a server answers (even only at the protocol level: a redirect, a
  TLS handshake, an accepted connection) but one of its service checks fails; the finding says what it answered.
- isp-access: at least `ISP_ACCESS_MIN_OFFICES` offices, and at least half of the offices judged (probed, or known
  from the live view), are silent at once: the provider's access network to the offices, not one office's line.
- isp-link for an office: every site-layer target of an office is silent. Only the office nearest the vantage is
  named: the offices behind it are silent because of it. An office that answers while one of its service checks
  fails is server-service.
- isp-link: an ISP gateway is silent and nothing beyond it answers.
- isp-upstream: every upstream anchor is silent (the ISP gateway answers, or is not configured).
- dns: a `dns:` check fails while its target answers its other checks (or has none). Kept whatever else fails
  upstream: a resolver outage must not hide behind an upstream fault.
- degraded: an answering check has loss ≥ `degraded_loss_percent`, or RTT ≥ `degraded_rtt_ms` or far above its
  usual value (`evidence.far_above`); or some (not all) upstream anchors are silent; or a target ignores ICMP
  while its services answer; or a hop is silent while traffic passes it. The congested line nearest the vantage is
  named with how much (`Congestion`: "ISP link saturated: RTT 640 ms vs 2 ms usual, loss 20 %"). A run that
  would otherwise be ok while the live view has sites DOWN is degraded too, naming them (`recovering`): never a
  green "all clear" against a red map.
- ok: none of the above.
- path-broken (only with the shared store's views, `triangulate`): an office silent from here that a fresh other
  vantage hears: the provider's path between here and it is broken, not the office. An office silent from every
  fresh vantage keeps isp-link, with those vantages named.

Worst first (`verdict.severity`): local, lan, server, isp-access, isp-link (ISP), isp-upstream, isp-link (one
office), path-broken, server-service, dns, degraded. Faults that follow from another (upstream anchors behind a dead
ISP gateway) are left out. A layer with no checks is "not checked", never failing. A check that could not run
(`ErrorKind.NO_PRIVILEGE`) says nothing about the network: it counts neither way.
"""

from pantau.domain.diagnosis.cause import Cause, CauseKind, ServiceFault, probable_cause, service_fault
from pantau.domain.diagnosis.context import (
    ContractContext,
    ContractFacts,
    LinkFacts,
    centre_site,
    contract_context,
    contract_facts,
)
from pantau.domain.diagnosis.evidence import Congestion, Degradation, Finding, far_above
from pantau.domain.diagnosis.live import MONITOR_METHOD, LiveView, monitored_outcomes
from pantau.domain.diagnosis.model import (
    LAYER_ORDER,
    CheckOutcome,
    DiagnosisError,
    Hop,
    Layer,
    LayerStatus,
    PlannedCheck,
    Scope,
    Verdict,
    outcome_from_round,
)
from pantau.domain.diagnosis.plan import DiagnosisPlan, layer_of, plan_diagnosis
from pantau.domain.diagnosis.report import DiagnosisReport, build_report
from pantau.domain.diagnosis.steps import MAX_NEXT_STEPS, CallPurpose, NextStep, StepKind, next_steps
from pantau.domain.diagnosis.triangulate import (
    OtherView,
    SiteSeen,
    Triangulation,
    VantageEvidence,
    seen_elsewhere,
    triangulate,
)
from pantau.domain.diagnosis.verdict import (
    ISP_ACCESS_MIN_OFFICES,
    VerdictResult,
    congestion_text,
    decide_verdict,
    degradation_text,
    severity,
)

__all__ = [
    "ISP_ACCESS_MIN_OFFICES",
    "LAYER_ORDER",
    "MAX_NEXT_STEPS",
    "MONITOR_METHOD",
    "CallPurpose",
    "Cause",
    "CauseKind",
    "CheckOutcome",
    "Congestion",
    "ContractContext",
    "ContractFacts",
    "Degradation",
    "DiagnosisError",
    "DiagnosisPlan",
    "DiagnosisReport",
    "Finding",
    "Hop",
    "Layer",
    "LayerStatus",
    "LinkFacts",
    "LiveView",
    "NextStep",
    "OtherView",
    "PlannedCheck",
    "Scope",
    "ServiceFault",
    "SiteSeen",
    "StepKind",
    "Triangulation",
    "VantageEvidence",
    "Verdict",
    "VerdictResult",
    "build_report",
    "centre_site",
    "congestion_text",
    "contract_context",
    "contract_facts",
    "decide_verdict",
    "degradation_text",
    "far_above",
    "layer_of",
    "monitored_outcomes",
    "next_steps",
    "outcome_from_round",
    "plan_diagnosis",
    "probable_cause",
    "seen_elsewhere",
    "service_fault",
    "severity",
    "triangulate",
]
