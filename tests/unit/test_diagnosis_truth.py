"""The diagnosis uses every answer it has: hops that pass traffic, congestion against the usual RTT, services that
answer wrongly, the provider's access network, the live view, several findings worst first, the path's hops."""

from __future__ import annotations

from typing import Any

import pytest

from pantau.domain.diagnosis import (
    CauseKind,
    CheckOutcome,
    DiagnosisReport,
    Hop,
    Layer,
    LiveView,
    StepKind,
    Verdict,
    build_report,
    plan_diagnosis,
)
from pantau.domain.inventory import Network, Target, TargetRole
from pantau.domain.samples import ErrorKind
from pantau.domain.states import HealthState
from pantau.domain.traffic import LineLoad, OperStatus
from pantau.reporting.diagnosis_report import render_json, render_text
from tests.unit.test_diagnosis import (
    TODAY,
    diagnose,
    expired,
    outcomes_for,
    small_network,
    with_offices,
)

OFFICE_ROUTERS = {"rtr-kec", "rtr-desa", "rtr-o0", "rtr-o1", "rtr-o2", "rtr-o3"}
STARTED, FINISHED = 1_773_100_000.0, 1_773_100_003.5


def live_diagnose(network: Network, scope: str, live: LiveView, failing: set[str] | None = None,
                  **kwargs: Any) -> DiagnosisReport:
    plan = plan_diagnosis(network, scope)
    return build_report(network, plan, outcomes_for(plan, failing or set(), **kwargs), local_ok=True,
                        started=STARTED, finished=FINISHED, today=TODAY, live=live)


def live_view(targets: dict[str, HealthState], sites: dict[str, HealthState] | None = None,
              age_s: float = 12.0) -> LiveView:
    return LiveView(targets, sites or {}, FINISHED - age_s)


def texts(report: DiagnosisReport) -> tuple[str, str]:
    return render_text(report, "en"), render_text(report, "id")


# ---- Answers from beyond a hop ----


def test_a_silent_isp_gateway_with_anchors_answering_behind_it_passes_traffic_and_is_no_isp_link() -> None:
    report = diagnose(small_network(), "isp", failing={"gw-isp"})
    result = report.result
    assert result.verdict is Verdict.DEGRADED and result.failing_layer is Layer.ISP
    assert [(d.outcome.target_id, d.passing) for d in result.degradations] == [("gw-isp", True)]
    assert result.congestion is None, "the anchors answer as usual: the gateway only ignores ping"
    english, indonesian = texts(report)
    assert "ISP gateway does not answer ping, but traffic passes through it" in english
    assert "ISP gateway tidak menjawab ping, tetapi lalu lintas tetap melewatinya" in indonesian


def test_a_web_answer_from_beyond_the_gateway_proves_it_passes_traffic_too() -> None:
    report = diagnose(small_network(), "isp", failing={"gw-isp", "up-1", "up-2 icmp"})
    assert report.result.verdict is Verdict.DEGRADED, report.result.summary
    assert {d.outcome.target_id for d in report.result.degradations if d.passing} == {"gw-isp"}


def test_a_silent_lan_gateway_with_offices_answering_passes_traffic() -> None:
    report = diagnose(small_network(), "all", failing={"gw-lan"})
    assert report.result.verdict is Verdict.DEGRADED
    assert Verdict.LAN not in {f.verdict for f in report.result.findings}


def test_a_path_probe_that_reaches_a_target_beyond_a_silent_gateway_proves_it_passes() -> None:
    path = CheckOutcome(Layer.PATH, "up-1", "Anchor Balikpapan", "127.0.2.10", "path:ttl1-8", True, 30.0, None, None,
                        site_id="pop", role=TargetRole.UPSTREAM,
                        hops=(Hop(1, None, None, 100.0), Hop(2, "127.0.2.10", 30.0, 0.0, reached=True)))
    report = diagnose(small_network(), "isp", failing={"gw-isp", "up-1", "up-2"}, extra=[path])
    assert report.result.verdict is not Verdict.ISP_LINK, report.result.summary


def test_the_live_view_never_proves_that_a_hop_passes_traffic() -> None:
    live = live_view({"rtr-kec": HealthState.UP, "rtr-desa": HealthState.UP})
    report = live_diagnose(small_network(), "isp", live, failing={"gw-lan", "srv", "gw-isp", "up-1", "up-2"})
    assert report.result.verdict is Verdict.LAN


# ---- Congestion ----


def test_an_rtt_far_above_its_usual_value_with_loss_is_a_saturated_line_saying_how_much() -> None:
    report = diagnose(small_network(), "isp", rtt={"gw-isp": 640.0, "up-1": 650.0, "up-2 icmp": 655.0},
                      loss={"gw-isp": 1}, baselines={"gw-isp": 2.0, "up-1": 8.0, "up-2": 9.0})
    result = report.result
    assert result.verdict is Verdict.DEGRADED and result.failing_layer is Layer.ISP
    congestion = result.congestion
    assert congestion is not None and (congestion.target_id, congestion.saturated) == ("gw-isp", True)
    assert (congestion.rtt_ms, congestion.baseline_ms) == (640.0, 2.0)
    assert result.summary == "degraded: ISP link saturated: RTT 640 ms vs 2.0 ms usual, loss 33 %"
    english, indonesian = texts(report)
    assert "⚠ The ISP line is saturated: RTT 640 ms vs 2.0 ms usual, loss 33%." in english
    assert "⚠ Link ISP padat: RTT 640 ms (biasanya 2,0 ms), loss 33%." in indonesian
    assert "Anchor" not in english.splitlines()[1], "the anchors behind the full line are explained by it"
    assert report.cause.kind is CauseKind.CONGESTION
    assert render_json(report)["congestion"]["baseline_ms"] == 2.0


def test_a_moderate_rise_counts_only_against_a_usual_value() -> None:
    plain = diagnose(small_network(), "isp", rtt={"gw-isp": 150.0})
    assert plain.result.verdict is Verdict.OK, "150 ms is under the 500 ms threshold"
    known = diagnose(small_network(), "isp", rtt={"gw-isp": 150.0}, baselines={"gw-isp": 2.0})
    assert known.result.verdict is Verdict.DEGRADED
    assert known.result.congestion is not None and known.result.congestion.saturated
    usual = diagnose(small_network(), "isp", rtt={"gw-isp": 40.0}, baselines={"gw-isp": 30.0})
    assert usual.result.verdict is Verdict.OK, "40 ms against 30 ms usual is not congestion"


def test_a_silent_gateway_whose_traffic_beyond_is_slow_is_congestion_with_the_figures_from_beyond() -> None:
    report = diagnose(small_network(), "isp", failing={"gw-isp"}, rtt={"up-1": 640.0, "up-2 icmp": 600.0},
                      baselines={"up-1": 2.0, "up-2": 3.0})
    congestion = report.result.congestion
    assert report.result.verdict is Verdict.DEGRADED
    assert congestion is not None and congestion.hop_silent and congestion.target_id == "gw-isp"
    assert congestion.rtt_ms == 620.0 and congestion.baseline_ms == 2.5
    assert "ISP gateway does not answer ping itself" in render_text(report, "en")


def test_loss_at_an_office_router_names_the_line_to_that_office() -> None:
    report = diagnose(small_network(), "all", loss={"rtr-kec": 1})
    assert report.result.congestion is not None and report.result.congestion.layer is Layer.SITE
    assert "The line to Kantor Camat Waru is losing packets: loss 33%" in render_text(report, "en")
    assert "Link ke Kantor Camat Waru kehilangan paket: loss 33%" in render_text(report, "id")


# ---- Services that answer ----


def http_only_server(detail: dict[str, str], error: ErrorKind, message: str = "") -> DiagnosisReport:
    network = small_network()
    server = next(t for t in network.targets if t.id == "srv")
    server.checks = ["https://127.0.1.1:8443/app?x=1"]
    key = "srv https://127.0.1.1:8443/app?x=1"
    plan = plan_diagnosis(network, "server")
    outcomes = outcomes_for(plan, {key}, errors={key: error}, details={key: detail})
    outcomes = [o if o.target_id != "srv" else CheckOutcome(**{**o.__dict__, "message": message}) for o in outcomes]
    return build_report(network, plan, outcomes, local_ok=True, started=STARTED, finished=FINISHED, today=TODAY)


@pytest.mark.parametrize(("detail", "error", "english", "indonesian", "step"), [
    ({"connected": "1", "redirected_to_host": "10.9.9.9", "redirected_to": "http://10.9.9.9:8081/login?next=%2F"},
     ErrorKind.BAD_RESPONSE, "redirects to http://10.9.9.9:8081/login?next=%2F",
     "mengalihkan ke http://10.9.9.9:8081/login?next=%2F", StepKind.CHECK_REDIRECT),
    ({"connected": "1", "tls_problem": "self-signed"}, ErrorKind.BAD_RESPONSE,
     "is self-signed (not issued by a trusted CA)", "self-signed (tidak diterbitkan CA tepercaya)",
     StepKind.FIX_CERTIFICATE),
    ({"connected": "1", "tls_problem": "expired"}, ErrorKind.BAD_RESPONSE, "is expired", "kedaluwarsa",
     StepKind.FIX_CERTIFICATE),
    ({"connected": "1", "stage": "answer", "elapsed_ms": "5003.1"}, ErrorKind.TIMEOUT,
     "accepted the connection but sent no answer in 5 s", "menerima koneksi tetapi tidak menjawab dalam 5 detik",
     StepKind.RESTART_SERVICE),
])
def test_a_server_that_answers_at_the_protocol_level_is_up_and_the_answer_is_named(
        detail: dict[str, str], error: ErrorKind, english: str, indonesian: str, step: StepKind) -> None:
    report = http_only_server(detail, error)
    assert report.result.verdict is Verdict.SERVER_SERVICE, report.result.summary
    assert report.cause.kind is CauseKind.SERVICE_DOWN
    assert [s.kind for s in report.next_steps] == [step]
    en, id_ = texts(report)
    assert english in en and indonesian in id_
    for text in (en, id_):
        assert "power" not in text and "listrik" not in text and "does not answer." not in text


def test_a_server_whose_only_check_gets_no_connection_at_all_is_down() -> None:
    report = http_only_server({"stage": "connect"}, ErrorKind.TIMEOUT)
    assert report.result.verdict is Verdict.SERVER
    assert [s.kind for s in report.next_steps] == [StepKind.CHECK_DEVICE]


def test_a_redirect_to_another_host_from_beyond_the_isp_is_no_answer_of_the_anchor() -> None:
    report = diagnose(small_network(), "isp", failing={"up-1", "up-2"},
                      errors={"up-2 http://127.0.2.11/": ErrorKind.BAD_RESPONSE},
                      details={"up-2 http://127.0.2.11/": {"connected": "1", "redirected_to_host": "portal.test"}})
    assert report.result.verdict is Verdict.ISP_UPSTREAM


# ---- The provider's access network ----


def test_every_office_silent_while_gateway_and_upstream_answer_is_isp_access_naming_the_count() -> None:
    report = diagnose(with_offices(small_network(), 4), "all", failing=OFFICE_ROUTERS)
    result = report.result
    assert result.verdict is Verdict.ISP_ACCESS and result.failing_layer is Layer.SITE
    assert result.finding is not None and (len(result.finding.sites), result.finding.total) == (6, 6)
    assert result.summary == "isp-access: ISP gateway and internet fine; 6 of 6 office lines silent"
    cause = report.cause
    assert (cause.kind, cause.lines, cause.lapsed_lines, cause.providers) == (
        CauseKind.PROVIDER_NETWORK, 6, 0, ("PT Telkom Indonesia",))
    assert report.next_steps[0].kind is StepKind.CALL_PROVIDER
    english, indonesian = texts(report)
    assert "ISP gateway and internet fine; 6 of 6 office lines silent — the provider's network to the offices." \
        in english
    assert "Gateway ISP dan internet normal; 6 dari 6 link kantor tidak menjawab — jaringan provider ke " \
           "kantor-kantor." in indonesian
    assert "(PT Telkom Indonesia): 6 office lines went silent at once while their contracts are in force" in english
    assert len(render_json(report)["office_lines"]) == 6


def test_the_office_lines_lapsed_contracts_are_the_probable_cause_counted() -> None:
    network = with_offices(small_network(office=expired("ctr-kec", days_ago=12)), 4)
    report = diagnose(network, "all", failing=OFFICE_ROUTERS)
    cause = report.cause
    assert report.result.verdict is Verdict.ISP_ACCESS
    assert (cause.kind, cause.days, cause.lines, cause.lapsed_lines) == (CauseKind.CONTRACT_EXPIRED, 12, 6, 6)
    english, indonesian = texts(report)
    assert "6 of 6 silent office lines (PT Telkom Indonesia) have a lapsed contract: the contract for this line " \
           "(no. NO/ctr-kec" in english
    assert "6 dari 6 link kantor yang tidak menjawab (PT Telkom Indonesia) kontraknya sudah tidak berlaku" \
        in indonesian
    assert [s.kind for s in report.next_steps][:2] == [StepKind.CALL_PROVIDER, StepKind.RENEW_CONTRACT]


def test_two_offices_of_six_silent_are_their_own_lines_not_the_access_network() -> None:
    report = diagnose(with_offices(small_network(), 4), "all", failing={"rtr-o0", "rtr-o1"})
    assert report.result.verdict is Verdict.ISP_LINK and report.result.failing_sites == ("o0", "o1")


def test_a_scoped_run_sees_the_offices_the_live_view_has_down() -> None:
    network = with_offices(small_network(), 4)
    live = live_view(dict.fromkeys(OFFICE_ROUTERS, HealthState.DOWN))
    report = live_diagnose(network, "isp", live)
    result = report.result
    assert result.verdict is Verdict.ISP_ACCESS, result.summary
    assert result.finding is not None and (len(result.finding.sites), result.finding.total) == (6, 6)
    assert {o.target_id for o in report.monitored} == OFFICE_ROUTERS and report.live_age_s == 12.0
    english, indonesian = texts(report)
    assert "Monitor states from 12 s ago are used for the 6 targets this run did not probe." in english
    assert "Keadaan dari pemantauan (12 detik yang lalu) dipakai untuk 6 target" in indonesian
    assert "✗ 6 of 6 targets not probed are down in the monitor: Router Camat Waru, " in english
    document = render_json(report)
    assert document["live"]["age_s"] == 12.0 and len(document["monitored"]) == 6
    assert [c["target"] for c in document["checks"]] == [c.target_id for c in plan_diagnosis(network, "isp").checks]


def test_never_all_clear_while_the_live_view_has_an_office_down() -> None:
    live = live_view({"rtr-kec": HealthState.DOWN, "rtr-desa": HealthState.UNKNOWN},
                     {"kec": HealthState.DOWN, "desa": HealthState.UNREACHABLE})
    report = live_diagnose(small_network(), "server", live)
    assert report.result.verdict is Verdict.ISP_LINK and report.result.failing_sites == ("kec",)
    assert "Kantor Camat Waru" in render_text(report, "en")


def test_a_site_the_monitor_had_down_that_answers_now_is_named_not_all_clear() -> None:
    live = live_view({}, {"dc": HealthState.DOWN})
    report = live_diagnose(small_network(), "server", live)
    assert report.result.verdict is Verdict.DEGRADED and report.result.recovering == ("dc",)
    assert "The monitor had Diskominfo down 12 s ago, but it answers now" in render_text(report, "en")


# ---- Several findings, worst first ----


def test_server_down_and_isp_gateway_down_are_both_findings_worst_first() -> None:
    report = diagnose(small_network(), "isp", failing={"srv", "gw-isp", "up-1", "up-2"})
    result = report.result
    assert [(f.verdict, f.layer) for f in result.findings] == [(Verdict.SERVER, Layer.SERVER),
                                                             (Verdict.ISP_LINK, Layer.ISP)]
    english, indonesian = texts(report)
    assert english.splitlines()[1].startswith("✗ LAN is fine; Central server does not answer.")
    assert "Also: ✗ ISP gateway does not answer." in english
    assert "Juga: ✗ ISP gateway tidak menjawab." in indonesian
    findings = render_json(report)["findings"]
    assert [f["verdict"] for f in findings] == ["server", "isp-link"]
    assert findings[1]["text"] == "ISP gateway does not answer."


def test_the_whole_regency_internet_ranks_above_one_office_line() -> None:
    report = diagnose(small_network(), "all", failing={"rtr-desa", "gw-isp", "up-1", "up-2"})
    assert [(f.verdict, f.layer) for f in report.result.findings] == [(Verdict.ISP_LINK, Layer.ISP),
                                                                    (Verdict.ISP_LINK, Layer.SITE)]


def test_a_dns_outage_during_an_upstream_fault_stays_among_the_findings() -> None:
    resolver = Target("dns-1", "dc", "127.0.1.53", TargetRole.SERVER, ["icmp", "dns:simda.ppu.go.id@127.0.1.53"],
                      name="Resolver")
    check = "dns-1 dns:simda.ppu.go.id@127.0.1.53"
    report = diagnose(small_network(extra_targets=[resolver]), "isp", failing={"up-1", "up-2", check},
                      errors={check: ErrorKind.DNS})
    assert [f.verdict for f in report.result.findings] == [Verdict.ISP_UPSTREAM, Verdict.DNS]


# ---- The path's hops ----


def test_the_path_keeps_every_hop_and_the_report_lists_them() -> None:
    hops = (Hop(1, "127.0.2.1", 640.0, 33.3), Hop(2, None, None, 100.0))
    path = CheckOutcome(Layer.PATH, "up-1", "Anchor Balikpapan", "127.0.2.10", "path:ttl1-8", False, None, None,
                        ErrorKind.TIMEOUT, detail={"last_hop": "127.0.2.1"}, site_id="pop",
                        role=TargetRole.UPSTREAM, hops=hops)
    report = diagnose(small_network(), "isp", failing={"up-1", "up-2"}, extra=[path])
    assert report.result.hops == hops
    english, indonesian = texts(report)
    assert "Path toward Anchor Balikpapan (last hop that answers: 127.0.2.1):\n  1. 127.0.2.1 · 640 ms · loss 33%\n" \
           "  2. * no answer" in english
    assert "  1. 127.0.2.1 · 640 ms · loss 33%\n  2. * tidak ada jawaban" in indonesian
    assert render_json(report)["path"]["hops"] == [
        {"ttl": 1, "address": "127.0.2.1", "rtt_ms": 640.0, "loss_percent": 33.3, "reached": False},
        {"ttl": 2, "address": None, "rtt_ms": None, "loss_percent": 100.0, "reached": False}]


# ---- The lines' measured load (SNMP) ----


def load(link: str, percent: float | None, oper: OperStatus = OperStatus.UP, age_s: float = 20.0) -> LineLoad:
    return LineLoad(link, percent, 20_000, oper, FINISHED - age_s, 30.0)


def test_a_silent_office_whose_line_is_full_is_a_full_line_not_a_cut() -> None:
    live = LiveView({}, {}, FINISHED - 5, {"link-kec": load("link-kec", 98.0)})
    plan = plan_diagnosis(small_network(), "site", "kec")
    report = build_report(small_network(), plan, outcomes_for(plan, {"rtr-kec", "rtr-desa"}), local_ok=True,
                          started=STARTED, finished=FINISHED, today=TODAY, live=live)
    result = report.result
    assert result.verdict is Verdict.DEGRADED, result.summary
    assert result.congestion is not None and result.congestion.line is not None
    assert "full: 98 % of 20000 kbit/s in use" in result.summary
    assert not any(f.verdict is Verdict.ISP_LINK for f in result.findings)
    english, indonesian = texts(report)
    assert ("⚠ The line to Kantor Camat Waru is full: 98% of the contracted 20 Mbps in use, measured on the router "
            "(a full line, not a cut) (Router Camat Waru gets no answer through it).") in english
    assert "Link ke Kantor Camat Waru penuh: 98% dari 20 Mbps sesuai kontrak terpakai" in indonesian
    assert report.cause.kind is CauseKind.CONGESTION


def test_an_office_line_whose_interface_reports_down_is_a_cut_with_that_evidence() -> None:
    live = LiveView({}, {}, FINISHED - 5, {"link-kec": load("link-kec", None, OperStatus.DOWN)})
    plan = plan_diagnosis(small_network(), "site", "kec")
    report = build_report(small_network(), plan, outcomes_for(plan, {"rtr-kec", "rtr-desa"}), local_ok=True,
                          started=STARTED, finished=FINISHED, today=TODAY, live=live)
    assert report.result.verdict is Verdict.ISP_LINK
    assert report.result.summary.endswith("(the router interface reports the line down)")
    assert report.result.finding is not None and report.result.finding.lines_down[0].link_id == "link-kec"
    english, indonesian = texts(report)
    assert "so the line to Kantor Camat Waru is down. The router's interface reports the line down (SNMP)." in english
    assert "Antarmuka router melaporkan link mati (SNMP)." in indonesian


def test_an_old_load_says_nothing_about_now() -> None:
    live = LiveView({}, {}, FINISHED - 5, {"link-kec": load("link-kec", 98.0, age_s=600)})
    plan = plan_diagnosis(small_network(), "site", "kec")
    report = build_report(small_network(), plan, outcomes_for(plan, {"rtr-kec", "rtr-desa"}), local_ok=True,
                          started=STARTED, finished=FINISHED, today=TODAY, live=live)
    assert report.result.verdict is Verdict.ISP_LINK  # a full line 10 minutes ago does not explain a cut now


def test_a_congested_isp_link_measured_full_says_so_with_the_figures() -> None:
    live = LiveView({}, {}, FINISHED - 5, {"link-inet": load("link-inet", 96.0)})
    plan = plan_diagnosis(small_network(), "isp")
    outcomes = outcomes_for(plan, set(), rtt={"gw-isp": 640.0, "up-1": 650.0, "up-2 icmp": 655.0},
                            loss={"gw-isp": 1})
    report = build_report(small_network(), plan, outcomes, local_ok=True, started=STARTED, finished=FINISHED,
                          today=TODAY, live=live, baselines={"gw-isp": 2.0, "up-1": 8.0, "up-2": 9.0})
    congestion = report.result.congestion
    assert congestion is not None and congestion.line is not None and congestion.line.link_id == "link-inet"
    assert report.result.summary.startswith("degraded: ISP link full: 96 % of 20000 kbit/s in use, RTT 640 ms")
    assert render_json(report)["congestion"]["line"] == {"link": "link-inet", "use_percent": 96.0,
                                                         "committed_kbps": 20_000}
