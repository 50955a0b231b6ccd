"""The alert log view on a real workspace outbox: an alert queued while Telegram is unreachable (and marked as
delayed once it has waited), then delivered when the server is back; the status bar hears the queue length."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from pantau import secrets
from pantau.alerts.delivery import AlertDelivery
from pantau.alerts.service import senders_for
from pantau.domain.alerts import AlertPlanner, AlertRules
from pantau.domain.inventory import AlertChannels, Network, Site, SiteKind, TelegramChannel
from pantau.domain.states import HealthState, StateChange
from pantau.reporting.alert_text import ALERT_SENTENCES
from pantau.storage.workspace import Workspace
from pantau.ui.alert_log import AlertLogView
from tests.integration.test_alert_channels import TOKEN, Clock, FakeBotApi, bot_api  # noqa: F401

T0 = 1_795_000_000.0  # 2026-11-18 19:06:40 WITA


def cells(view: AlertLogView, table: str, row: int) -> list[str]:
    widget = view.queue_table if table == "queue" else view.log_table
    return [widget.item(row, column).text() for column in range(widget.columnCount())]


def test_queued_then_delivered(qtbot: QtBot, tmp_path: Path, bot_api: FakeBotApi) -> None:  # noqa: F811
    secrets.set_secret("telegram.bot", TOKEN)
    network = Network("Kabupaten", sites=[Site("uplink", "Uplink Telkom", SiteKind.ISP_POP)],
                      alerts=AlertChannels(TelegramChannel("telegram.bot", ["1001"], api_base=bot_api.base)))
    clock = Clock(T0)
    planner = AlertPlanner(network, AlertRules())
    with Workspace.open(tmp_path / "ws.sqlite3") as workspace:
        delivery = AlertDelivery(workspace, senders_for(network.alerts),
                                 wording=ALERT_SENTENCES, lang="en", clock=clock)
        view = AlertLogView(workspace, refresh_ms=50, now=clock)
        qtbot.addWidget(view)
        counts: list[int] = []
        view.queued_changed.connect(counts.append)
        qtbot.waitUntil(lambda: counts == [0])

        bot_api.stop()  # the uplink is down: Telegram is out of reach
        delivery.enqueue(planner.feed([StateChange("uplink", "site", HealthState.UP, HealthState.DOWN, T0)], T0))
        assert delivery.deliver_due() == 0
        qtbot.waitUntil(lambda: counts == [0, 1])
        assert view.queue_label.text() == "Queued: 1 alert(s)"
        queued = cells(view, "queue", 0)
        assert queued[:3] == ["18-11-2026 19:06:40", "telegram:1001", "1"]
        assert queued[3].startswith("cannot reach the Telegram API")
        assert queued[4] == "DOWN: Uplink Telkom since 19:06 WITA."
        assert cells(view, "log", 0)[2].startswith("connection: cannot reach the Telegram API")
        assert cells(view, "log", 0)[3] == "–"  # not delivered (yet)
        # Said loudly, above the tables, naming the channel and why.
        assert view.problem_label.isVisibleTo(view)
        assert view.problem_label.text().startswith(
            "Alerts to telegram:1001 are NOT being delivered (1 waiting): cannot reach the Telegram API")

        clock.now = T0 + 300  # five minutes in the queue: it will go out marked as delayed
        qtbot.waitUntil(lambda: view.queue_label.text() == "Queued: 1 alert(s) · 1 delayed")
        assert cells(view, "queue", 0)[0] == "18-11-2026 19:06:40 · delayed"

        bot_api.start()
        assert delivery.deliver_due() == 1
        qtbot.waitUntil(lambda: counts == [0, 1, 0])
        assert not view.problem_label.isVisibleTo(view)
        assert view.queue_table.rowCount() == 0 and view.queue_label.text() == "Queued: 0 alert(s)"
        assert view.log_table.rowCount() == 2
        sent = cells(view, "log", 0)
        assert sent[1:] == ["telegram:1001", "sent (delayed)", sent[0], "DOWN: Uplink Telkom since 19:06 WITA."]
        assert cells(view, "log", 1)[3] == sent[0]  # the failed attempt shows when it got through after all
        assert bot_api.received[0]["text"].startswith("[DELAYED — raised 18-11 19:06 WITA] DOWN: Uplink Telkom")
        view.shutdown()
