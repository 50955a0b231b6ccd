"""The diagnosis weighs the shared store's other vantages (`domain.diagnosis.triangulate`): an office silent from
here that another vantage hears is a broken path, not a dead office; silent from everywhere stays a cut, with the
vantages named; a stale view is named and never counted; without views nothing changes."""

from __future__ import annotations

from typing import Any

from pantau.domain.diagnosis import (
    CauseKind,
    DiagnosisReport,
    VantageEvidence,
    Verdict,
    build_report,
    plan_diagnosis,
)
from pantau.domain.states import HealthState
from pantau.domain.vantages import VantageView
from pantau.reporting.diagnosis_report import render_json, render_text
from tests.unit.test_diagnosis import TODAY, expired, outcomes_for, small_network

FINISHED = 1_773_100_003.5
UP, DOWN = HealthState.UP, HealthState.DOWN


def site_run(views: dict[str, dict[str, VantageView]] | None, *, unavailable: str = "", **kwargs: Any
             ) -> DiagnosisReport:
    """Site scope for Camat Waru ("kec"), its router silent from here (the data centre, "dc")."""
    network = small_network(**kwargs)
    plan = plan_diagnosis(network, "site", "kec")
    evidence = None if views is None else VantageEvidence("dc", views, unavailable=unavailable)
    return build_report(network, plan, outcomes_for(plan, {"rtr-kec"}), local_ok=True, started=FINISHED - 3,
                        finished=FINISHED, today=TODAY,
                        vantages=evidence)


def seen(state: HealthState, age_s: float = 10.0) -> VantageView:
    return VantageView(state, FINISHED - age_s)


def heard_elsewhere(**kwargs: Any) -> DiagnosisReport:
    """Camat Waru silent from here (and from Desa Sesulu), heard by the agent in the office; this computer's own
    vantage's old view in the store (DOWN) is left out."""
    return site_run({"kec": {"kec": seen(UP), "desa": seen(DOWN), "dc": seen(DOWN)}}, **kwargs)


def test_an_office_heard_by_another_vantage_is_a_broken_path_naming_the_provider() -> None:
    report = heard_elsewhere()
    result = report.result
    assert result.verdict is Verdict.PATH_BROKEN and result.failing_sites == ("kec",)
    assert result.finding is not None and result.finding.heard_from == ("kec",)
    assert result.summary == ("path-broken: silent from dc, answers kec: Router Camat Waru (the path between them "
                              "is broken)")
    assert report.cause.kind is CauseKind.PROVIDER_PATH and report.cause.link is not None
    assert report.cause.link.provider == "PT Telkom Indonesia" and report.cause.link.link_id == "link-kec"
    assert report.next_steps[0].purpose is not None and report.next_steps[0].purpose.value == "report-fault"


def test_an_office_silent_from_every_fresh_vantage_stays_down_with_the_vantages_named() -> None:
    report = site_run({"kec": {"desa": seen(DOWN), "pop": seen(HealthState.UNREACHABLE), "old": seen(UP, 600)}})
    result = report.result
    assert result.verdict is Verdict.ISP_LINK and result.finding is not None
    assert result.finding.silent_from == ("desa", "pop")
    assert result.summary == "isp-link: office link down, silent: Router Camat Waru; silent from every vantage: " \
                             "desa, pop"
    assert report.cause.kind is CauseKind.LINE_FAULT


def test_a_stale_view_is_never_counted() -> None:
    report = site_run({"kec": {"kec": seen(UP, 121)}})
    assert report.result.verdict is Verdict.ISP_LINK and report.result.finding is not None
    assert report.result.finding.silent_from == () and report.result.finding.heard_from == ()
    assert report.vantages is not None and report.vantages.sites[0].stale == ("kec",)
    assert report.result.summary == site_run(None).result.summary


def test_without_views_the_report_is_byte_for_byte_the_same() -> None:
    plain = site_run(None)
    empty = site_run({})
    assert plain.vantages is None
    assert render_text(plain, "en") == render_text(site_run(None), "en")
    assert plain.result == empty.result and plain.cause == empty.cause
    assert "vantages" not in render_json(plain, "en")


def test_a_lapsed_contract_on_the_broken_path_is_the_cause_in_both_languages() -> None:
    report = heard_elsewhere(office=expired("ctr-kec"))
    assert report.result.verdict is Verdict.PATH_BROKEN and report.cause.kind is CauseKind.CONTRACT_EXPIRED
    english, indonesian = render_text(report, "en"), render_text(report, "id")
    assert "Router Camat Waru does not answer this computer (Diskominfo) but does answer the agent at Kantor Camat " \
           "Waru: the path between Diskominfo and Kantor Camat Waru is broken (the line of PT Telkom Indonesia), " \
           "not the office." in english
    assert "the contract for this line (no. NO/ctr-kec" in english
    assert "Router Camat Waru tidak menjawab komputer ini (Diskominfo), tetapi menjawab agen di Kantor Camat Waru: " \
           "jalur antara Diskominfo dan Kantor Camat Waru yang putus (jalur PT Telkom Indonesia), bukan kantornya." \
           in indonesian
    assert "✓ Kantor Camat Waru: agen di Kantor Desa Sesulu tidak mendapat jawaban (10 detik lalu); agen di Kantor " \
           "Camat Waru menjangkaunya (10 detik lalu)" in indonesian


def test_silent_everywhere_and_a_stale_view_are_said_in_both_languages() -> None:
    report = site_run({"kec": {"desa": seen(DOWN), "kec": seen(UP, 600)}})
    english, indonesian = render_text(report, "en"), render_text(report, "id")
    assert "so the line to Kantor Camat Waru is down. No other vantage gets an answer either: Kantor Desa " \
           "Sesulu." in english
    assert "no fresh word from the agent at Kantor Camat Waru (last 10 min ago; set aside)" in english
    assert "Titik pantau lain juga tidak mendapat jawaban: Kantor Desa Sesulu." in indonesian
    assert "tidak ada kabar baru dari agen di Kantor Camat Waru (terakhir 10 menit lalu; tidak dihitung)" in indonesian
    document = render_json(report, "en")
    assert document["findings"][0]["silent_from"] == ["desa"]
    assert document["vantages"]["sites"][0]["stale"] == ["kec"] and document["vantages"]["here"] == "dc"


def test_a_store_that_cannot_be_asked_is_said_and_the_verdict_is_this_computers() -> None:
    report = site_run({}, unavailable="cannot reach the store (db.example)")
    assert report.result == site_run(None).result
    assert "The other vantages could not be asked (cannot reach the store (db.example)); this diagnosis is from " \
           "Diskominfo alone." in render_text(report, "en")
    assert render_json(report, "en")["vantages"]["unavailable"] == "cannot reach the store (db.example)"
