"""A running alert service takes new channels, rules and contracts over without forgetting the outages in
progress: the recovery of an office alerted DOWN goes out on the new channel, not lost with a rebuilt planner."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta
from pathlib import Path

from pantau import secrets
from pantau.alerts.service import AlertService, senders_for
from pantau.domain.alerts import Alert, AlertKind, AlertPlanner, AlertRules
from pantau.domain.inventory import (
    AlertChannels,
    Contract,
    Link,
    LinkMedium,
    Network,
    Site,
    SiteKind,
    TelegramChannel,
)
from pantau.domain.states import HealthState, StateChange
from pantau.probing.engine import StateChanges
from pantau.reporting.alert_text import ALERT_SENTENCES, alert_text
from pantau.storage.workspace import Workspace
from tests.integration.test_alert_channels import TOKEN, FakeBotApi, bot_api  # noqa: F401

T0 = 1_795_000_000.0


def office_network(api_base: str, chat: str) -> Network:
    return Network("Kabupaten", sites=[Site("hub", "Pusat Data", SiteKind.DATACENTER),
                                       Site("waru", "Kantor Camat Waru", SiteKind.KECAMATAN, "Waru", parent="hub")],
                   alerts=AlertChannels(TelegramChannel("pantau/telegram-bot", [chat], api_base=api_base)))


def change(before: HealthState, after: HealthState, ts: float) -> StateChanges:
    return StateChanges((StateChange("waru", "site", before, after, ts, "test"),), {"waru": after})


def test_new_channels_keep_the_outage_in_progress(tmp_path: Path, bot_api: FakeBotApi) -> None:  # noqa: F811
    secrets.set_secret("pantau/telegram-bot", TOKEN)
    first = office_network(bot_api.base, "1001")
    raised: list[Alert] = []
    got_two = threading.Event()

    def heard(alert: Alert) -> None:
        raised.append(alert)
        if len(raised) == 2:
            got_two.set()

    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        service = AlertService(first, workspace, AlertRules(contract_warnings=False), senders_for(first.alerts),
                               wording=ALERT_SENTENCES, lang="en", tick_s=0.05)
        service.subscribe(heard)
        service.start()
        try:
            service.on_event(change(HealthState.UP, HealthState.DOWN, T0))
            deadline = time.monotonic() + 10
            while not bot_api.received and time.monotonic() < deadline:
                time.sleep(0.02)
            assert bot_api.received, "the DOWN alert never reached the first chat"
            # The second chat takes over while the office is down.
            second = office_network(bot_api.base, "-1002003004")
            service.set_senders(senders_for(second.alerts))
            service.set_network(second)
            service.set_language("id")  # the operator switched the window to Indonesian
            service.on_event(change(HealthState.DOWN, HealthState.UP, T0 + 60))
            assert got_two.wait(10)
        finally:
            service.stop()
    assert [alert.kind for alert in raised] == [AlertKind.DOWN, AlertKind.RECOVERED]
    assert [m["chat_id"] for m in bot_api.received if m["text"].startswith("DOWN")] == ["1001"]
    assert [m["chat_id"] for m in bot_api.received if m["text"].startswith("PULIH")] == ["-1002003004"]


def test_a_renewed_contract_stops_its_expiry_warnings() -> None:
    # T0 is 18 Nov 2026: the contract ends 40 days later (its 60-day warning is due), and eleven days on its
    # 30-day warning would be.
    ends = date(2026, 12, 28)
    ending = Contract("c-2026", "PT Telkom", "185/SPK/2026", "intranet", 2048, date(2026, 1, 1), ends, 1_000_000)
    renewal = Contract("c-2027", "PT Telkom", "12/SPK/2027", "intranet", 2048, ends + timedelta(days=1),
                       date(2027, 12, 31), 1_000_000)

    def network(*contracts: Contract) -> Network:
        return Network("Kabupaten", sites=[Site("hub", "Pusat Data", SiteKind.DATACENTER),
                                           Site("waru", "Kantor Camat Waru", SiteKind.KECAMATAN, parent="hub")],
                       links=[Link("link-waru", "waru", "hub", "PT Telkom", LinkMedium.FIBER, 2048,
                                   contracts=[c.id for c in contracts])],
                       contracts=list(contracts))

    def expiry_of_185(alerts: list[Alert]) -> list[Alert]:
        return [a for a in alerts if a.kind is AlertKind.CONTRACT and "185/SPK/2026" in alert_text(a, "en")]

    later = T0 + 11 * 86_400
    kept = AlertPlanner(network(ending), AlertRules())
    assert expiry_of_185(kept.tick(T0))
    assert expiry_of_185(kept.tick(later))  # not told of the renewal: it warns again at 30 days
    renewed = AlertPlanner(network(ending), AlertRules())
    assert expiry_of_185(renewed.tick(T0))
    renewed.update_network(network(ending, renewal))
    assert not expiry_of_185(renewed.tick(later))
