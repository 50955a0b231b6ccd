"""Diagnosis rules: plans on the sample network, every verdict from synthetic outcomes, contract causes, next steps."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from pantau.domain.contracts import ContractStatus
from pantau.domain.diagnosis import (
    CallPurpose,
    CauseKind,
    CheckOutcome,
    DiagnosisError,
    DiagnosisPlan,
    DiagnosisReport,
    Layer,
    LayerStatus,
    PlannedCheck,
    Scope,
    StepKind,
    Verdict,
    build_report,
    centre_site,
    contract_facts,
    decide_verdict,
    outcome_from_round,
    plan_diagnosis,
)
from pantau.domain.inventory import (
    INTERNET,
    BillingPeriod,
    BudgetRequest,
    BudgetStatus,
    Contract,
    Link,
    LinkMedium,
    LinkRole,
    MonitoringSettings,
    Network,
    Payment,
    Site,
    SiteKind,
    Target,
    TargetRole,
)
from pantau.domain.samples import ErrorKind
from pantau.resources import sample_network_path
from pantau.storage.networkfile import load_network_file

TODAY = date(2026, 3, 10)
PORTAL = "isolir.provider.example"


@pytest.fixture(scope="module")
def sample() -> Network:
    return load_network_file(sample_network_path())


def contract(cid: str, start: date, end: date, **overrides: Any) -> Contract:
    fields: dict[str, Any] = {"provider": "PT Telkom Indonesia", "number": f"NO/{cid}", "service": "Astinet",
                              "bandwidth_kbps": 100_000, "value_idr": 1_200_000_000,
                              "billing_period": BillingPeriod.YEARLY,
                              "payments": [Payment(start, 1_200_000_000, start, end)]}
    fields.update(overrides)
    return Contract(cid, start=start, end=end, **fields)


def in_force(cid: str) -> Contract:
    return contract(cid, TODAY - timedelta(days=100), TODAY + timedelta(days=265))


def expired(cid: str, days_ago: int = 10, **overrides: Any) -> Contract:
    end = TODAY - timedelta(days=days_ago)
    return contract(cid, end - timedelta(days=364), end, **overrides)


def small_network(internet: Contract | None = None, office: Contract | None = None,
                  extra_targets: list[Target] | None = None) -> Network:
    """A data centre behind an ISP POP, a kecamatan office below it and a desa below that, two backup lines."""
    sites = [Site("pop", "POP Telkom", SiteKind.ISP_POP), Site("dc", "Diskominfo", SiteKind.DATACENTER, parent="pop"),
             Site("kec", "Kantor Camat Waru", SiteKind.KECAMATAN, parent="dc"),
             Site("desa", "Kantor Desa Sesulu", SiteKind.DESA, parent="kec")]
    targets = [
        Target("gw-lan", "dc", "127.0.1.254", TargetRole.LAN_GATEWAY, name="LAN gateway"),
        Target("srv", "dc", "127.0.1.1", TargetRole.SERVER, ["icmp", "tcp:5432", "http://127.0.1.1:8080/"],
               name="Central server"),
        Target("gw-isp", "pop", "127.0.2.1", TargetRole.ISP_GATEWAY, name="ISP gateway"),
        Target("up-1", "pop", "127.0.2.10", TargetRole.UPSTREAM, name="Anchor Balikpapan"),
        Target("up-2", "pop", "127.0.2.11", TargetRole.UPSTREAM, ["icmp", "http://127.0.2.11/"],
               name="Anchor national"),
        Target("rtr-kec", "kec", "127.0.3.1", TargetRole.OFFICE_ROUTER, name="Router Camat Waru"),
        Target("rtr-desa", "desa", "127.0.4.1", TargetRole.OFFICE_ROUTER, name="Router Desa Sesulu"),
        Target("off", "desa", "127.0.4.2", TargetRole.SERVICE, enabled=False, name="Switched off"),
        *(extra_targets or []),
    ]
    contracts = [internet or in_force("ctr-inet"), office or in_force("ctr-kec"), in_force("ctr-4g")]
    links = [
        Link("link-inet", "dc", INTERNET, "PT Telkom Indonesia", LinkMedium.METRO_E, 100_000,
             circuit_id="TLK-AST-4471", contracts=[contracts[0].id]),
        Link("link-inet-4g", "dc", INTERNET, "PT Indosat", LinkMedium.CELLULAR_4G, 20_000, LinkRole.BACKUP,
             circuit_id="ISAT-M2M-0901", contracts=["ctr-4g"]),
        Link("link-kec", "kec", "dc", "PT Telkom Indonesia", LinkMedium.FIBER, 20_000, circuit_id="TLK-PPU-0114",
             contracts=[contracts[1].id]),
        Link("link-kec-vsat", "kec", "dc", "PT Lintasarta", LinkMedium.VSAT, 2_000, LinkRole.BACKUP,
             circuit_id="LA-VSAT-07"),
        Link("link-desa", "desa", "kec", "PT Telkom Indonesia", LinkMedium.FIBER, 20_000, circuit_id="TLK-PPU-0120",
             contracts=[contracts[1].id]),
    ]
    return Network("Test regency", sites=sites, targets=targets, links=links, contracts=contracts)


def with_offices(network: Network, count: int, contract_id: str = "ctr-kec") -> Network:
    """`count` more SKPD offices on the data centre's LAN, each with a router (`rtr-o0`…) and an intranet line of
    Telkom under `contract_id`."""
    for n in range(count):
        network.sites.append(Site(f"o{n}", f"Dinas {n}", SiteKind.SKPD, parent="dc"))
        network.targets.append(Target(f"rtr-o{n}", f"o{n}", f"127.0.5.{n + 1}", TargetRole.OFFICE_ROUTER,
                                      name=f"Router Dinas {n}"))
        network.links.append(Link(f"link-o{n}", f"o{n}", "dc", "PT Telkom Indonesia", LinkMedium.FIBER, 20_000,
                                  circuit_id=f"TLK-PPU-02{n:02d}", contracts=[contract_id]))
    return network


def outcomes_for(plan: DiagnosisPlan, failing: Collection[str] = (), *,
                 errors: Mapping[str, ErrorKind] | None = None, rtt: Mapping[str, float] | None = None,
                 loss: Mapping[str, int] | None = None,
                 details: Mapping[str, Mapping[str, str]] | None = None) -> list[CheckOutcome]:
    """One outcome per planned check. Keys are a target id (every check of it) or "target method" (one check)."""
    def pick(mapping: Mapping[str, Any] | None, check: PlannedCheck) -> Any:
        mapping = mapping or {}
        return mapping.get(f"{check.target_id} {check.method}", mapping.get(check.target_id))

    outcomes = []
    for check in plan.checks:
        key_failed = check.target_id in failing or f"{check.target_id} {check.method}" in failing
        error = pick(errors, check) or (ErrorKind.TIMEOUT if key_failed else None)
        sent = 3 if check.method == "icmp" else 1
        lost = pick(loss, check) or 0
        received = 0 if error else sent - lost
        value = pick(rtt, check) or 1.5
        outcomes.append(outcome_from_round(check, sent=sent, received=received,
                                           rtts_ms=() if error else (value,) * received, error=error,
                                           message="" if not error else f"{error.value} ({check.address})",
                                           detail=pick(details, check), duration_ms=5.0))
    return outcomes


def diagnose(network: Network, scope: str = "isp", site: str | None = None, failing: Collection[str] = (), *,
             local_ok: bool = True, backup: Mapping[str, bool] | None = None, today: date = TODAY,
             extra: list[CheckOutcome] | None = None, baselines: Mapping[str, float] | None = None,
             **kwargs: Any) -> DiagnosisReport:
    plan = plan_diagnosis(network, scope, site)
    outcomes = [*outcomes_for(plan, failing, **kwargs), *(extra or [])]
    return build_report(network, plan, outcomes, local_ok=local_ok, started=1_773_100_000.0,
                        finished=1_773_100_003.5, today=today, backup_reachable=backup, baselines=baselines)


def redirected() -> dict[str, Any]:
    return {"errors": {"up-2 http://127.0.2.11/": ErrorKind.BAD_RESPONSE},
            "details": {"up-2 http://127.0.2.11/": {"redirected_to_host": PORTAL, "status": "200"}}}


# ---- Plans ----


def test_the_server_scope_plans_lan_gateways_and_servers_only(sample: Network) -> None:
    plan = plan_diagnosis(sample, "server")
    assert [(c.layer, c.target_id) for c in plan.checks] == [(Layer.LAN, "gw-lan-diskominfo"),
                                                             (Layer.SERVER, "srv-central")]
    assert plan.layers() == (Layer.LAN, Layer.SERVER)


def test_the_isp_scope_adds_the_isp_gateway_and_the_upstream_anchors(sample: Network) -> None:
    plan = plan_diagnosis(sample, Scope.ISP)
    assert [c.target_id for c in plan.checks] == ["gw-lan-diskominfo", "srv-central", "gw-isp-telkom",
                                                  "upstream-telkom-bpn", "upstream-nasional"]
    assert plan.checks_in(Layer.SITE) == ()


def test_the_site_scope_walks_the_parent_chain_nearest_the_data_centre_first(sample: Network) -> None:
    plan = plan_diagnosis(sample, "site", "kel-sungai-parit")
    assert plan.chain == ("kel-sungai-parit", "camat-penajam", "diskominfo")
    assert [c.target_id for c in plan.checks_in(Layer.SITE)] == ["rtr-camat-penajam", "rtr-kel-sungai-parit"]
    assert plan.layers() == (Layer.LAN, Layer.SERVER, Layer.SITE, Layer.ISP, Layer.UPSTREAM)


def test_the_all_scope_plans_every_check_of_every_enabled_target(sample: Network) -> None:
    plan = plan_diagnosis(sample, "all")
    assert len(plan.checks) == sum(len(t.checks) for t in sample.targets if t.enabled)
    assert {c.target_id for c in plan.checks} == {t.id for t in sample.targets}


@pytest.mark.parametrize(("scope", "site", "message"), [
    ("everything", None, "unknown scope"),
    ("site", None, "needs a site id"),
    ("site", "nowhere", "not a site"),
    ("server", "diskominfo", "takes no site id"),
])
def test_a_plan_that_cannot_be_made_says_why(sample: Network, scope: str, site: str | None, message: str) -> None:
    with pytest.raises(DiagnosisError, match=message):
        plan_diagnosis(sample, scope, site)


def test_methods_place_checks_in_layers_and_mark_services() -> None:
    resolver = Target("dns-1", "dc", "127.0.1.53", TargetRole.SERVER, ["icmp", "dns:simda.ppu.go.id@127.0.1.53"],
                      name="Resolver")
    plan = plan_diagnosis(small_network(extra_targets=[resolver]), "all")
    by_key = {(c.target_id, c.method): c for c in plan.checks}
    assert by_key[("srv", "icmp")].service is False
    assert by_key[("srv", "tcp:5432")].service is True and by_key[("srv", "tcp:5432")].layer is Layer.SERVER
    assert by_key[("dns-1", "dns:simda.ppu.go.id@127.0.1.53")].layer is Layer.DNS
    assert "off" not in {c.target_id for c in plan.checks}
    assert plan.checks[-1].layer is Layer.DNS


def test_the_data_centre_is_the_site_of_the_server(sample: Network) -> None:
    assert centre_site(sample) == "diskominfo"


def test_an_outcome_from_a_round_carries_mean_rtt_and_packet_loss() -> None:
    check = plan_diagnosis(small_network(), "server").checks[0]
    good = outcome_from_round(check, sent=4, received=3, rtts_ms=(1.0, 2.0, 3.0), error=None)
    assert (good.ok, good.rtt_ms, good.loss_percent, good.error) == (True, 2.0, 25.0, None)
    silent = outcome_from_round(check, sent=3, received=0, rtts_ms=(), error=None)
    assert (silent.ok, silent.rtt_ms, silent.loss_percent, silent.error) == (False, None, 100.0, ErrorKind.OTHER)


# ---- Verdicts ----


def test_everything_answering_is_ok() -> None:
    report = diagnose(small_network(), "all")
    assert report.result.verdict is Verdict.OK and not report.fault
    assert report.result.failing_layer is None
    assert report.result.checked == len(report.outcomes)
    assert report.cause.kind is CauseKind.NONE and report.next_steps == ()


def test_no_route_on_this_computer_is_local_and_nothing_else_is_blamed() -> None:
    report = diagnose(small_network(), "isp", failing={"gw-lan", "srv", "gw-isp", "up-1", "up-2"}, local_ok=False,
                      errors={"gw-lan": ErrorKind.UNREACHABLE})
    assert report.result.verdict is Verdict.LOCAL
    assert report.result.also == ()
    assert report.cause.kind is CauseKind.NO_ROUTE
    assert [s.kind for s in report.next_steps] == [StepKind.CHECK_LOCAL]


def test_no_check_able_to_run_for_lack_of_privilege_is_local() -> None:
    network = small_network()
    report = diagnose(network, "server", errors={"gw-lan": ErrorKind.NO_PRIVILEGE, "srv": ErrorKind.NO_PRIVILEGE})
    assert report.result.verdict is Verdict.LOCAL and report.result.no_privilege
    assert report.cause.kind is CauseKind.NO_PRIVILEGE
    assert report.next_steps[0].kind is StepKind.GRANT_PRIVILEGE


def test_a_check_that_could_not_run_is_not_a_failure() -> None:
    report = diagnose(small_network(), "server", errors={"gw-lan": ErrorKind.NO_PRIVILEGE})
    assert report.result.verdict is Verdict.OK
    assert report.result.layers[Layer.LAN] is LayerStatus.NOT_RUN
    assert [o.target_id for o in report.result.unrun] == ["gw-lan"]


def test_a_silent_lan_gateway_is_lan_and_what_lies_behind_it_is_not_blamed_again() -> None:
    report = diagnose(small_network(), "all", failing={"gw-lan", "srv", "gw-isp", "up-1", "up-2", "rtr-kec",
                                                       "rtr-desa"})
    assert report.result.verdict is Verdict.LAN
    assert report.result.finding is not None and report.result.finding.where == ("LAN gateway",)
    assert report.result.also == ()
    assert report.cause.kind is CauseKind.DEVICE_DOWN
    assert report.next_steps[0].kind is StepKind.CHECK_DEVICE and report.next_steps[0].target == "LAN gateway"


def test_a_silent_server_is_server() -> None:
    report = diagnose(small_network(), "server", failing={"srv"})
    assert report.result.verdict is Verdict.SERVER
    assert report.result.fine_layers() == (Layer.LAN,)
    assert "Central server" in report.result.summary


def test_a_server_that_answers_with_a_failing_service_is_server_service() -> None:
    report = diagnose(small_network(), "server", failing={"srv tcp:5432"}, errors={"srv tcp:5432": ErrorKind.REFUSED})
    assert report.result.verdict is Verdict.SERVER_SERVICE
    assert report.cause.kind is CauseKind.SERVICE_DOWN
    step = report.next_steps[0]
    assert (step.kind, step.target, step.method) == (StepKind.RESTART_SERVICE, "Central server", "tcp:5432")


def test_a_server_that_ignores_icmp_while_its_services_answer_is_only_degraded() -> None:
    report = diagnose(small_network(), "server", failing={"srv icmp"})
    assert report.result.verdict is Verdict.DEGRADED
    assert [d.silent for d in report.result.degradations] == [True]


def test_a_silent_isp_gateway_behind_a_working_lan_and_server_is_isp_link() -> None:
    report = diagnose(small_network(), "isp", failing={"gw-isp", "up-1", "up-2"})
    assert report.result.verdict is Verdict.ISP_LINK and report.result.failing_layer is Layer.ISP
    assert report.result.fine_layers() == (Layer.LAN, Layer.SERVER)
    assert report.result.also == ()
    assert report.context is not None and report.context.link.link_id == "link-inet"
    assert report.cause.kind is CauseKind.LINE_FAULT
    assert report.next_steps[0].kind is StepKind.CALL_PROVIDER
    assert report.next_steps[0].purpose is CallPurpose.REPORT_FAULT


def test_every_upstream_anchor_silent_behind_an_answering_isp_gateway_is_isp_upstream() -> None:
    report = diagnose(small_network(), "isp", failing={"up-1", "up-2"})
    assert report.result.verdict is Verdict.ISP_UPSTREAM
    assert report.result.layers[Layer.ISP] is LayerStatus.OK
    assert report.result.summary == "isp-upstream: ISP gateway answers; all 2 upstream anchors silent"


def test_one_silent_upstream_anchor_of_two_is_degraded_and_named() -> None:
    report = diagnose(small_network(), "isp", failing={"up-1"})
    assert report.result.verdict is Verdict.DEGRADED
    assert report.result.finding is not None and report.result.finding.where == ("Anchor Balikpapan",)


def test_failing_name_lookups_while_addresses_answer_is_dns() -> None:
    resolver = Target("dns-1", "dc", "127.0.1.53", TargetRole.SERVER, ["icmp", "dns:simda.ppu.go.id@127.0.1.53"],
                      name="Resolver")
    report = diagnose(small_network(extra_targets=[resolver]), "isp",
                      failing={"dns-1 dns:simda.ppu.go.id@127.0.1.53"}, errors={"dns-1 dns:simda.ppu.go.id@127.0.1.53":
                                                                               ErrorKind.DNS})
    assert report.result.verdict is Verdict.DNS
    assert report.cause.kind is CauseKind.DNS_FAILURE
    assert report.next_steps[0].kind is StepKind.CHECK_DNS


def test_a_dns_check_on_a_silent_target_is_a_consequence_not_a_dns_fault() -> None:
    resolver = Target("dns-1", "dc", "127.0.1.53", TargetRole.SERVER, ["icmp", "dns:simda.ppu.go.id@127.0.1.53"],
                      name="Resolver")
    report = diagnose(small_network(extra_targets=[resolver]), "isp", failing={"dns-1"})
    assert report.result.verdict is Verdict.SERVER
    assert all(f.verdict is not Verdict.DNS for f in report.result.also)


@pytest.mark.parametrize(("kwargs", "text"), [
    ({"loss": {"gw-isp": 1}}, "ISP link losing packets: loss 33 %"),
    ({"rtt": {"up-2 icmp": 900.0}}, "upstream beyond the ISP gateway saturated: RTT 900 ms"),
])
def test_loss_or_latency_past_the_thresholds_is_degraded_and_says_where(kwargs: dict[str, Any], text: str) -> None:
    report = diagnose(small_network(), "isp", **kwargs)
    assert report.result.verdict is Verdict.DEGRADED
    assert text in report.result.summary
    assert report.cause.kind is CauseKind.CONGESTION
    assert [s.kind for s in report.next_steps] == [StepKind.WATCH, StepKind.CALL_PROVIDER]


def test_thresholds_come_from_the_monitoring_settings() -> None:
    plan = plan_diagnosis(small_network(), "server")
    outcomes = outcomes_for(plan, rtt={"srv": 120.0})
    assert decide_verdict(outcomes, MonitoringSettings(), True).verdict is Verdict.OK
    strict = MonitoringSettings(degraded_rtt_ms=100.0)
    assert decide_verdict(outcomes, strict, True).verdict is Verdict.DEGRADED


def test_layers_without_checks_are_not_checked_and_never_fail() -> None:
    network = small_network()
    network.targets = [t for t in network.targets if t.role is TargetRole.SERVER]
    report = diagnose(network, "isp")
    assert report.result.verdict is Verdict.OK
    statuses = report.result.layers
    assert (statuses[Layer.LAN], statuses[Layer.ISP], statuses[Layer.UPSTREAM], statuses[Layer.DNS]) == (
        LayerStatus.NOT_CHECKED,) * 4
    assert statuses[Layer.SERVER] is LayerStatus.OK


def test_silent_anchors_without_an_isp_gateway_configured_say_the_gateway_was_not_checked() -> None:
    network = small_network()
    network.targets = [t for t in network.targets if t.role is not TargetRole.ISP_GATEWAY]
    report = diagnose(network, "isp", failing={"up-1", "up-2"})
    assert report.result.verdict is Verdict.ISP_UPSTREAM
    assert "ISP gateway not checked" in report.result.summary


def test_a_silent_office_names_only_the_office_nearest_the_data_centre() -> None:
    report = diagnose(small_network(), "site", "desa", failing={"rtr-kec", "rtr-desa"})
    result = report.result
    assert result.verdict is Verdict.ISP_LINK and result.failing_layer is Layer.SITE
    assert result.failing_sites == ("kec",)
    assert result.finding is not None and result.finding.where == ("Router Camat Waru",)
    assert report.context is not None and report.context.link.link_id == "link-kec"
    assert [b.link_id for b in report.context.backups] == ["link-kec-vsat"]
    assert [s.kind for s in report.next_steps][:2] == [StepKind.ASK_OFFICE, StepKind.CALL_PROVIDER]
    assert report.next_steps[0].site == "Kantor Camat Waru"


def test_a_silent_office_whose_parent_answers_is_named_itself() -> None:
    report = diagnose(small_network(), "site", "desa", failing={"rtr-desa"})
    assert report.result.failing_sites == ("desa",)
    assert report.context is not None and report.context.link.link_id == "link-desa"
    assert [link.link_id for link in report.context.chain] == ["link-kec", "link-inet"]


def test_an_office_that_answers_with_a_failing_service_is_server_service() -> None:
    app = Target("app-desa", "desa", "127.0.4.1", TargetRole.OFFICE_ROUTER, ["icmp", "tcp:443"], name="Desa app")
    network = small_network(extra_targets=[app])
    report = diagnose(network, "site", "desa", failing={"app-desa tcp:443"},
                      errors={"app-desa tcp:443": ErrorKind.REFUSED})
    assert report.result.verdict is Verdict.SERVER_SERVICE and report.result.failing_layer is Layer.SITE


def test_independent_faults_are_kept_as_also() -> None:
    report = diagnose(small_network(), "all", failing={"srv", "rtr-kec", "rtr-desa"})
    assert report.result.verdict is Verdict.SERVER
    assert [(f.verdict, f.sites) for f in report.result.also] == [(Verdict.ISP_LINK, ("kec",))]


def test_the_path_layer_only_names_the_last_hop() -> None:
    path = CheckOutcome(Layer.PATH, "up-1", "Anchor Balikpapan", "127.0.2.10", "ttl:1-8", False, None, None,
                        ErrorKind.TIMEOUT, detail={"last_hop": "127.0.2.1"})
    report = diagnose(small_network(), "isp", extra=[path])
    assert report.result.verdict is Verdict.OK
    assert (report.result.last_hop, report.result.path_toward) == ("127.0.2.1", "Anchor Balikpapan")
    assert Layer.PATH not in report.result.layers


# ---- Contract context and causes ----


def test_an_expired_contract_explains_a_dead_link() -> None:
    report = diagnose(small_network(internet=expired("ctr-inet")), "isp", failing={"up-1", "up-2"})
    cause = report.cause
    assert (cause.kind, cause.explains_fault, cause.days) == (CauseKind.CONTRACT_EXPIRED, True, 10)
    assert cause.link is not None and cause.link.circuit_id == "TLK-AST-4471"
    assert cause.contract is not None and cause.contract.status is ContractStatus.EXPIRED
    assert [s.kind for s in report.next_steps] == [StepKind.CALL_PROVIDER, StepKind.RENEW_CONTRACT,
                                                   StepKind.USE_BACKUP]
    assert report.next_steps[0].purpose is CallPurpose.CONFIRM_CUT


def test_an_expired_contract_whose_renewal_budget_was_cut_is_budget_cut() -> None:
    cut = BudgetRequest(TODAY.year, 1_300_000_000, BudgetStatus.CUT)
    end_before_new_year = date(TODAY.year - 1, 12, 31)
    lapsed = contract("ctr-inet", end_before_new_year - timedelta(days=364), end_before_new_year,
                      budget_requests=[cut])
    report = diagnose(small_network(internet=lapsed), "isp", failing={"gw-isp", "up-1", "up-2"})
    assert report.cause.kind is CauseKind.BUDGET_CUT
    assert report.cause.contract is not None and report.cause.contract.budget_year == TODAY.year
    assert report.next_steps[0].kind is StepKind.ASK_BUDGET


def test_an_overdue_bill_explains_a_dead_link_under_a_running_contract() -> None:
    monthly = contract("ctr-inet", TODAY - timedelta(days=120), TODAY + timedelta(days=245),
                       billing_period=BillingPeriod.MONTHLY, payments=[])
    report = diagnose(small_network(internet=monthly), "isp", failing={"up-1", "up-2"})
    assert report.cause.kind is CauseKind.PAYMENT_OVERDUE
    assert report.cause.days is not None and report.cause.days > 0
    assert report.next_steps[0].kind is StepKind.ASK_PAYMENT
    assert report.next_steps[1].purpose is CallPurpose.RESTORE


def test_an_expiring_contract_is_a_note_on_a_healthy_run() -> None:
    soon = contract("ctr-inet", TODAY - timedelta(days=340), TODAY + timedelta(days=25))
    report = diagnose(small_network(internet=soon), "isp")
    assert report.result.verdict is Verdict.OK
    assert (report.cause.kind, report.cause.explains_fault, report.cause.days) == (
        CauseKind.CONTRACT_EXPIRING, False, 25)
    assert [s.kind for s in report.next_steps] == [StepKind.RENEW_CONTRACT]


def test_a_cut_budget_ahead_is_a_note_on_a_healthy_run() -> None:
    running = contract("ctr-inet", date(TODAY.year, 1, 1), date(TODAY.year, 12, 31),
                       budget_requests=[BudgetRequest(TODAY.year + 1, 1_000_000_000, BudgetStatus.CUT)])
    report = diagnose(small_network(internet=running), "isp")
    assert (report.cause.kind, report.cause.explains_fault) == (CauseKind.BUDGET_CUT, False)
    assert report.cause.contract is not None and report.cause.contract.budget_cut


def test_an_approved_budget_outweighs_a_cut_request_for_the_same_year() -> None:
    requests = [BudgetRequest(TODAY.year + 1, 1, BudgetStatus.CUT), BudgetRequest(TODAY.year + 1, 1,
                                                                                  BudgetStatus.APPROVED)]
    running = contract("ctr-inet", date(TODAY.year, 1, 1), date(TODAY.year, 12, 31), budget_requests=requests)
    facts = contract_facts(small_network(internet=running), small_network(internet=running).links[0], TODAY)
    assert facts is not None and not facts.budget_cut


def test_a_redirect_to_another_host_while_upstream_fails_is_the_provider_portal() -> None:
    report = diagnose(small_network(), "isp", failing={"up-1", "up-2"}, **redirected())
    assert report.result.verdict is Verdict.ISP_UPSTREAM
    assert (report.cause.kind, report.cause.portal_host) == (CauseKind.PROVIDER_PORTAL, PORTAL)
    assert report.next_steps[0].kind is StepKind.OPEN_PORTAL and report.next_steps[0].host == PORTAL


def test_a_redirect_beside_an_expired_contract_supports_the_contract_cause() -> None:
    report = diagnose(small_network(internet=expired("ctr-inet")), "isp", failing={"up-1", "up-2"}, **redirected())
    assert (report.cause.kind, report.cause.portal_host) == (CauseKind.CONTRACT_EXPIRED, PORTAL)
    assert PORTAL in report.cause.summary


def test_a_redirected_service_while_upstream_answers_is_not_a_portal() -> None:
    report = diagnose(small_network(), "server", failing={"srv http://127.0.1.1:8080/"},
                      errors={"srv http://127.0.1.1:8080/": ErrorKind.BAD_RESPONSE},
                      details={"srv http://127.0.1.1:8080/": {"redirected_to_host": PORTAL}})
    assert report.result.verdict is Verdict.SERVER_SERVICE
    assert report.cause.kind is CauseKind.SERVICE_DOWN and report.cause.portal_host is None


def test_a_working_backup_line_is_offered_and_a_dead_one_is_not() -> None:
    network = small_network(internet=expired("ctr-inet"))
    up = diagnose(network, "isp", failing={"gw-isp", "up-1", "up-2"}, backup={"link-inet-4g": True})
    assert up.context is not None and up.context.backup is not None
    assert (up.context.backup.link_id, up.context.backup.reachable) == ("link-inet-4g", True)
    assert StepKind.USE_BACKUP in [s.kind for s in up.next_steps]
    down = diagnose(network, "isp", failing={"gw-isp", "up-1", "up-2"}, backup={"link-inet-4g": False})
    assert StepKind.USE_BACKUP not in [s.kind for s in down.next_steps]


def test_office_backup_lines_are_not_offered_for_the_internet_link() -> None:
    report = diagnose(small_network(), "isp", failing={"gw-isp", "up-1", "up-2"})
    assert report.context is not None
    assert [b.link_id for b in report.context.backups] == ["link-inet-4g"]


def test_the_server_scope_looks_at_no_link() -> None:
    assert diagnose(small_network(), "server").context is None


def test_the_current_contract_is_the_one_covering_today_not_a_signed_renewal() -> None:
    renewal = contract("ctr-next", TODAY + timedelta(days=266), TODAY + timedelta(days=630))
    network = small_network()
    network.contracts.append(renewal)
    network.links[0].contracts.append("ctr-next")
    facts = contract_facts(network, network.links[0], TODAY)
    assert facts is not None and (facts.contract_id, facts.status) == ("ctr-inet", ContractStatus.ACTIVE)


def test_the_july_2017_disdukcapil_lapse_is_a_cut_budget_with_the_next_contract_named(sample: Network) -> None:
    report = diagnose(sample, "site", "disdukcapil", failing={"rtr-disdukcapil"}, today=date(2017, 7, 10))
    assert report.result.verdict is Verdict.ISP_LINK and report.result.failing_sites == ("disdukcapil",)
    cause = report.cause
    assert (cause.kind, cause.days) == (CauseKind.BUDGET_CUT, 10)
    assert cause.contract is not None
    assert (cause.contract.number, cause.contract.next_start) == ("027/SPK/DISKOMINFO/VI/2016", date(2017, 8, 1))
    assert cause.link is not None and cause.link.circuit_id == "TLK-PPU-0108"


def test_next_steps_are_capped() -> None:
    report = diagnose(small_network(internet=expired("ctr-inet")), "isp", failing={"up-1", "up-2"},
                      backup={"link-inet-4g": True}, **redirected())
    assert len(report.next_steps) == 4
    assert [s.kind for s in report.next_steps] == [StepKind.CALL_PROVIDER, StepKind.RENEW_CONTRACT,
                                                   StepKind.USE_BACKUP, StepKind.OPEN_PORTAL]


def test_a_report_keeps_the_scope_the_site_and_its_name() -> None:
    report = diagnose(small_network(), "site", "kec")
    assert (report.scope, report.site_id, report.site_name) == (Scope.SITE, "kec", "Kantor Camat Waru")
    assert replace(report, site_id=None).site_name is None
