"""An agent's DOWN alert asks the store's views first (`domain.path_alerts`): a site another vantage still hears is
a broken path from here; a site silent from every fresh vantage is DOWN, never hidden; a stale view counts for
nothing; without views nothing changes."""

from __future__ import annotations

from pantau.domain.alerts import AlertKind, AlertPlanner, AlertRules
from pantau.domain.path_alerts import PATH_CONFIRM_S, PathWord, path_word
from pantau.domain.states import HealthState
from pantau.domain.vantages import VantageView
from pantau.reporting.alert_text import alert_text
from tests.unit.test_alerts import at, change, star

UP, DOWN = HealthState.UP, HealthState.DOWN
T = at(14, 5)


def planner_with(views: dict[str, dict[str, VantageView]]) -> AlertPlanner:
    planner = AlertPlanner(star(2), AlertRules(contract_warnings=False))
    planner.set_views("dc", views)
    return planner


def test_the_rules_of_a_down_seen_against_the_other_vantages() -> None:
    later = T + PATH_CONFIRM_S
    assert path_word({}, "dc", T, T) == (PathWord.DOWN, ())
    assert path_word({"dc": VantageView(UP, later)}, "dc", T, later) == (PathWord.DOWN, ()), "its own view is old"
    assert path_word({"o0": VantageView(UP, T + 5)}, "dc", T, T + 5) == (PathWord.WAIT, ("o0",))
    assert path_word({"o0": VantageView(UP, later)}, "dc", T, later) == (PathWord.BROKEN, ("o0",))
    assert path_word({"o0": VantageView(DOWN, later)}, "dc", T, later) == (PathWord.DOWN, ())
    assert path_word({"o0": VantageView(UP, T)}, "dc", T, T + 121) == (PathWord.DOWN, ()), "stale: set aside"


def test_a_down_another_vantage_hears_alerts_as_a_broken_path_in_both_languages() -> None:
    planner = planner_with({"o0": {"o0": VantageView(UP, T + 5)}})
    assert planner.feed([change("o0", UP, DOWN, T)], T + 5) == [], "the other agent's UP may be old news yet"
    planner.set_views("dc", {"o0": {"o0": VantageView(UP, T + PATH_CONFIRM_S)}})
    [alert] = planner.tick(T + PATH_CONFIRM_S)
    assert alert.kind is AlertKind.PATH_BROKEN and alert.subject == "o0"
    assert alert_text(alert, "en") == ("PATH BROKEN: the path from Diskominfo to Kantor 0 is broken since 14:05 WITA; "
                                       "Kantor 0 still answers the Pantau agent at Kantor 0, so the office is up.")
    assert alert_text(alert, "id").startswith("JALUR PUTUS: jalur dari Diskominfo ke Kantor 0 putus sejak 14:05 WITA")
    assert planner.tick(T + 100) == [], "said once"
    [back] = planner.feed([change("o0", DOWN, UP, T + 110)], T + 110)
    assert back.kind is AlertKind.RECOVERED


def test_a_down_silent_from_every_fresh_vantage_is_never_hidden() -> None:
    views = {"o1": {"o0": VantageView(DOWN, T + 1), "old": VantageView(UP, T - 600)}}
    planner = planner_with(views)
    [alert] = planner.feed([change("o1", UP, DOWN, T)], T)
    assert alert.kind is AlertKind.DOWN and alert_text(alert, "en").startswith("DOWN: Kantor 1 since")


def test_the_other_vantage_losing_the_site_too_turns_a_wait_into_down() -> None:
    planner = planner_with({"o0": {"o0": VantageView(UP, T + 5)}})
    assert planner.feed([change("o0", UP, DOWN, T)], T + 5) == []
    planner.set_views("dc", {"o0": {"o0": VantageView(DOWN, T + 30)}})
    [alert] = planner.tick(T + 30)
    assert alert.kind is AlertKind.DOWN


def test_without_views_a_down_alerts_at_once_and_waiting_for_views_is_bounded() -> None:
    plain = AlertPlanner(star(2), AlertRules(contract_warnings=False))
    assert [a.kind for a in plain.feed([change("o0", UP, DOWN, T)], T)] == [AlertKind.DOWN]
    waiting = AlertPlanner(star(2), AlertRules(contract_warnings=False))
    waiting.expect_views("dc", T + 10)
    assert waiting.feed([change("o0", UP, DOWN, T)], T) == []
    assert [a.kind for a in waiting.tick(T + 10)] == [AlertKind.DOWN], "no views came: DOWN after the grace"
