"""Alerts about the agents themselves: a silent agent is an alert of its own (the shared store's `agents` heartbeats).

An agent that stops reporting leaves its vantage blind, and a WAN cut at a kecamatan looks exactly like that from
the data centre, so it must not pass unnoticed. Pure, clock passed in, like `alerts.AlertPlanner`:
- AGENT_SILENT once an agent's last heartbeat is older than `silent_after_s` (five minutes by default: the
  forwarder beats every pass, every second or so, and retries a lost store every few seconds).
- AGENT_BACK when its heartbeat is fresh again, with how long it was silent.
The subject is the agent's vantage (a site), so the rules' site list and that site's maintenance windows apply;
quiet hours do not: a blind vantage is not news that can wait. The agent that watches does not alert about itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pantau.domain.alerts import Alert, AlertFacts, AlertKind, AlertRules
from pantau.domain.inventory import Network

SILENT_AFTER_S = 300.0


@dataclass
class _Agent:
    silent_since: float | None = None
    alerted: bool = False


class AgentWatchPlanner:
    """Turns the agents' heartbeats into AGENT_SILENT and AGENT_BACK alerts (see the module)."""

    def __init__(self, network: Network, rules: AlertRules, own_vantage: str,
                 silent_after_s: float = SILENT_AFTER_S) -> None:
        self.network = network
        self.rules = rules
        self.own_vantage = own_vantage
        self.silent_after_s = silent_after_s
        self._agents: dict[str, _Agent] = {}

    def feed(self, heartbeats: Mapping[str, float], now: float) -> list[Alert]:
        """The alerts due given each vantage's last heartbeat (epoch seconds)."""
        alerts: list[Alert] = []
        for vantage, last_seen in sorted(heartbeats.items()):
            if vantage == self.own_vantage:
                continue
            agent = self._agents.setdefault(vantage, _Agent())
            if now - last_seen > self.silent_after_s:
                if agent.silent_since is None:
                    agent.silent_since = last_seen
                if not agent.alerted and self._may_alert(vantage, now):
                    agent.alerted = True
                    alerts.append(self._alert(AlertKind.AGENT_SILENT, vantage, now, last_seen, last_seen))
            elif agent.silent_since is not None:
                if agent.alerted:
                    alerts.append(self._alert(AlertKind.AGENT_BACK, vantage, now, agent.silent_since, last_seen))
                agent.silent_since, agent.alerted = None, False
        return alerts

    def _may_alert(self, vantage: str, now: float) -> bool:
        rules = self.rules
        if rules.site_ids is not None and vantage not in rules.site_ids:
            return False
        tz = ZoneInfo(self.network.timezone)
        return not any(window.active(vantage, now, tz) for window in rules.maintenance)

    def _alert(self, kind: AlertKind, vantage: str, now: float, since: float, at: float) -> Alert:
        site = self.network.site(vantage)
        facts = AlertFacts(name=site.name if site is not None else vantage, timezone=self.network.timezone, at=at)
        return Alert(f"{kind.value}:{vantage}:{int(since)}", kind, vantage, (vantage,), now, facts, since)
