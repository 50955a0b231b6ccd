"""Several vantage points' views of one site combined: a site heard from one vantage and silent from another is a
broken path, never DOWN; old views are set aside and named; no fresh view is UNKNOWN, never UP. And the wording in
both languages, naming the vantages by their site's name."""

from __future__ import annotations

import pytest

from pantau.domain.inventory import Network, Site, SiteKind
from pantau.domain.states import HealthState
from pantau.domain.vantages import CombinedState, VantageView, combine_all, combine_views
from pantau.reporting.vantage_text import views_text

UP, DEGRADED, DOWN = HealthState.UP, HealthState.DEGRADED, HealthState.DOWN
UNREACHABLE, UNKNOWN = HealthState.UNREACHABLE, HealthState.UNKNOWN
NOW = 10_000.0


def views(**states: HealthState) -> dict[str, VantageView]:
    return {vantage.replace("_", "-"): VantageView(state, NOW - 5) for vantage, state in states.items()}


@pytest.mark.parametrize(("seen", "expected"), [
    ({"diskominfo": DOWN, "camat_waru": UP}, CombinedState.PATH_BROKEN),
    ({"diskominfo": UNREACHABLE, "camat_waru": DEGRADED}, CombinedState.PATH_BROKEN),
    ({"diskominfo": UP, "camat_waru": DEGRADED}, CombinedState.UP),
    ({"diskominfo": DEGRADED}, CombinedState.DEGRADED),
    ({"diskominfo": DOWN, "camat_waru": UNREACHABLE}, CombinedState.DOWN),
    ({"diskominfo": UNREACHABLE, "camat_waru": UNREACHABLE}, CombinedState.UNREACHABLE),
    ({"diskominfo": UNKNOWN}, CombinedState.UNKNOWN),
    ({"diskominfo": UNKNOWN, "camat_waru": DOWN}, CombinedState.DOWN),
    ({}, CombinedState.UNKNOWN),
])
def test_the_views_combine_by_the_rules(seen: dict[str, HealthState], expected: CombinedState) -> None:
    assert combine_views("waru", views(**seen), NOW).state is expected


def test_both_sides_of_a_broken_path_are_named() -> None:
    combined = combine_views("waru", views(diskominfo=DOWN, camat_waru=UP, bpkad=UNKNOWN), NOW)
    assert combined.state is CombinedState.PATH_BROKEN
    assert (combined.heard_from, combined.silent_from, combined.undecided) == (("camat-waru",), ("diskominfo",),
                                                                               ("bpkad",))


def test_an_old_view_is_set_aside_never_counted() -> None:
    seen = {"diskominfo": VantageView(DOWN, NOW - 5), "camat-waru": VantageView(UP, NOW - 600)}
    combined = combine_views("waru", seen, NOW, stale_after_s=120)
    assert combined.state is CombinedState.DOWN and combined.stale == ("camat-waru",)
    only_old = combine_views("waru", {"camat-waru": VantageView(UP, NOW - 600)}, NOW, stale_after_s=120)
    assert only_old.state is CombinedState.UNKNOWN


def test_combine_all_keeps_every_site() -> None:
    combined = combine_all({"a": views(x=UP), "b": views(x=DOWN, y=UP)}, NOW)
    assert {site: v.state for site, v in combined.items()} == {"a": CombinedState.UP, "b": CombinedState.PATH_BROKEN}


NETWORK = Network("n", sites=[Site("diskominfo", "Diskominfo", SiteKind.DATACENTER),
                              Site("camat-waru", "Kantor Camat Waru", SiteKind.KECAMATAN),
                              Site("desa-api", "Kantor Desa Api-Api", SiteKind.DESA)])


def test_a_broken_path_is_worded_with_the_vantages_names() -> None:
    combined = combine_views("desa-api", views(diskominfo=DOWN, camat_waru=UP), NOW)
    assert views_text(NETWORK, combined, "en", 120) == (
        "Kantor Desa Api-Api answers Kantor Camat Waru but not Diskominfo: the path from Diskominfo to it is "
        "broken, not the office")
    assert views_text(NETWORK, combined, "id", 120) == (
        "Kantor Desa Api-Api menjawab Kantor Camat Waru tetapi tidak menjawab Diskominfo: jalur dari Diskominfo "
        "ke kantor itu yang putus, bukan kantornya")


def test_a_stale_vantage_is_said() -> None:
    seen = {"diskominfo": VantageView(UP, NOW - 5), "camat-waru": VantageView(DOWN, NOW - 900)}
    text = views_text(NETWORK, combine_views("desa-api", seen, NOW, 120), "en", 120)
    assert text == "Kantor Desa Api-Api answers Diskominfo; Kantor Camat Waru: no word for over 2 min, set aside"
