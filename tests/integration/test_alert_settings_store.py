"""Alert rules kept in the workspace, the service factory, rules swapped in a running service, and `pantau monitor`
reading the stored rules."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pantau import secrets
from pantau.alerts.service import AlertService
from pantau.alerts.settings import RULES_KEY, AlertRulesError, build_alert_service, load_rules, save_rules
from pantau.domain.alerts import Alert, AlertRules, MaintenanceWindow, QuietHours, RuleOverride
from pantau.domain.inventory import AlertChannels, Network, Site, SiteKind, TelegramChannel
from pantau.domain.states import HealthState, StateChange
from pantau.probing.engine import StateChanges
from pantau.reporting.alert_text import ALERT_SENTENCES
from pantau.storage.workspace import Workspace
from tests.integration.test_alert_channels import TOKEN, FakeBotApi, bot_api  # noqa: F401
from tests.servers import wait_until

RULES = AlertRules(down_after_minutes=2, degraded_after_minutes=None,
                   quiet_hours=QuietHours.between("22:00", "06:00"),
                   maintenance=(MaintenanceWindow.weekly(["o1"], 6, "23:00", 120),
                                MaintenanceWindow.once(["o0"], 1_795_000_000.0, 1_795_003_600.0)),
                   overrides=(RuleOverride(match_kind=SiteKind.DESA, down_after_minutes=10),))


def network(api_base: str | None = None) -> Network:
    sites = [Site("uplink", "Uplink Telkom", SiteKind.ISP_POP)]
    sites += [Site(f"o{i}", f"Kantor {i}", SiteKind.DESA, parent="uplink") for i in range(2)]
    channels = AlertChannels() if api_base is None else AlertChannels(
        TelegramChannel("telegram.bot", ["1001"], api_base=api_base))
    return Network("Kabupaten", sites=sites, alerts=channels)


def test_rules_survive_a_reopen_and_default_when_none_are_stored(tmp_path: Path) -> None:
    path = tmp_path / "ws.sqlite3"
    with Workspace.open(path) as workspace:
        assert load_rules(workspace) == AlertRules()
        save_rules(workspace, RULES)
    with Workspace.open(path) as workspace:
        assert load_rules(workspace) == RULES


@pytest.mark.parametrize(("stored", "message"), [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "must be a JSON object"),
    ('{"quiet_hours": {"start": "25:00", "end": "06:00"}}', "HH:MM"),
])
def test_bad_stored_rules_name_the_setting(tmp_path: Path, stored: str, message: str) -> None:
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        workspace.set_setting(RULES_KEY, stored)
        with pytest.raises(AlertRulesError, match=message) as caught:
            load_rules(workspace)
    assert "'alert_rules'" in str(caught.value)


def test_factory_uses_the_stored_rules_and_needs_a_channel(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        save_rules(workspace, RULES)
        assert build_alert_service(network(), workspace, wording=ALERT_SENTENCES, lang="id") is None
        service = build_alert_service(network("http://127.0.0.1:9"), workspace, wording=ALERT_SENTENCES, lang="en")
        assert isinstance(service, AlertService)
        assert service.rules == RULES and service.planner.rules == RULES
        assert [s.name for s in service.delivery.senders.values()] == ["telegram:1001"]


def test_a_running_service_follows_new_rules(tmp_path: Path, bot_api: FakeBotApi) -> None:  # noqa: F811
    secrets.set_secret("telegram.bot", TOKEN)
    raised: list[Alert] = []
    net = network(bot_api.base)
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        service = build_alert_service(net, workspace, wording=ALERT_SENTENCES, lang="en")
        assert service is not None
        service.tick_s = 0.05
        service.subscribe(raised.append)
        service.start()
        try:
            now = service.clock()
            # Kantor 0 is under maintenance from now on: its outage must not alert.
            service.set_rules(AlertRules(maintenance=(MaintenanceWindow.once(["o0"], now - 1, now + 3600),)))
            for site in ("o0", "o1"):
                service.on_event(StateChanges((StateChange(site, "site", HealthState.UP, HealthState.DOWN, now),),
                                              {}))
            assert wait_until(lambda: len(bot_api.received) == 1, 5)
            service.set_rules(AlertRules())  # the window is removed: Kantor 0, still down, alerts at once
            assert wait_until(lambda: len(bot_api.received) == 2, 5)
        finally:
            service.stop()
    assert [a.subject for a in raised] == ["o1", "o0"]
    assert service.rules == AlertRules()


def test_pantau_monitor_refuses_bad_stored_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pantau import secrets
    from pantau.monitor import run_monitor

    monitored = network("http://127.0.0.1:9")
    assert monitored.alerts.telegram is not None
    secrets.set_secret(monitored.alerts.telegram.token_secret, "123:ABC")  # so the rules are what is refused
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        workspace.set_setting(RULES_KEY, "{broken")
        code = run_monitor(monitored, workspace, as_json=True, include_targets=False,
                           duration_s=0.1, out=io.StringIO())
    assert code == 2
    assert "'alert_rules'" in capsys.readouterr().err
