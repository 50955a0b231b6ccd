"""Alerts from the measured lines (SNMP): a line full for a while, an interface that reports down, and their end.

Pure, clock passed in, like `alerts.AlertPlanner`, and fed the link poller's newest load per link:
- LINE_FULL once a line has been at 90 % or more of its contract on every reading for `line_full_minutes`
  (`AlertRules`; None: never). A gap (a failed poll) neither ends nor extends the run: it says nothing of the
  line. A reading below 90 % ends it; once alerted, that ending is a LINE_RECOVERED.
- INTERFACE_DOWN at once when the router's interface carrying the line reports down (`interface_down`), and
  LINE_RECOVERED when it reports up again.
The subject is the site the line serves (`domain.links`), so the alert log, the site list and maintenance windows
apply as to the site's own alerts: a site in maintenance, or outside the rules' sites, gets no line alert, and
LINE_FULL waits out quiet hours when it is among the quiet kinds (due again when they end if still full).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from pantau.domain.alerts import Alert, AlertFacts, AlertKind, AlertRules
from pantau.domain.inventory import Link, Network
from pantau.domain.links import site_links
from pantau.domain.traffic import LineLoad

_MINUTE = 60.0


@dataclass
class _Line:
    full_since: float | None = None
    full_alerted: bool = False
    down_alerted: bool = False
    last_percent: float | None = None


class LinkAlertPlanner:
    """Turns the measured lines' loads into alerts (see the module)."""

    def __init__(self, network: Network, rules: AlertRules) -> None:
        self.rules = rules
        self._lines: dict[str, _Line] = {}
        self.update_network(network)

    def update_network(self, network: Network) -> None:
        self.network = network
        self._links = {link.id: link for link in network.links if link.snmp is not None}
        self._subjects = {link_id: site_links(network).subject(link) for link_id, link in self._links.items()}
        self._lines = {link_id: line for link_id, line in self._lines.items() if link_id in self._links}

    def feed(self, loads: Mapping[str, LineLoad], now: float) -> list[Alert]:
        """The alerts due after these new readings (one per link, the newest)."""
        alerts: list[Alert] = []
        for link_id, load in loads.items():
            link = self._links.get(link_id)
            if link is None:
                continue
            line = self._lines.setdefault(link_id, _Line())
            alerts += self._interface(link, line, load, now)
            alerts += self._fullness(link, line, load, now)
        return alerts + self.tick(now)

    def tick(self, now: float) -> list[Alert]:
        """The LINE_FULL alerts that fell due since the last reading (the run reached its minutes, quiet hours
        ended)."""
        minutes = self.rules.line_full_minutes
        if minutes is None:
            return []
        alerts = []
        for link_id, line in self._lines.items():
            if line.full_since is None or line.full_alerted or now - line.full_since < minutes * _MINUTE:
                continue
            link = self._links[link_id]
            if not self._may_alert(link, now, AlertKind.LINE_FULL):
                continue
            line.full_alerted = True
            alerts.append(self._alert(AlertKind.LINE_FULL, link, now, line.full_since, line.last_percent))
        return alerts

    def _interface(self, link: Link, line: _Line, load: LineLoad, now: float) -> list[Alert]:
        if load.oper_status is None:
            return []
        if load.interface_down and not line.down_alerted and self.rules.interface_down \
                and self._may_alert(link, now, AlertKind.INTERFACE_DOWN):
            line.down_alerted = True
            return [self._alert(AlertKind.INTERFACE_DOWN, link, now, load.at, None)]
        if not load.interface_down and line.down_alerted:
            line.down_alerted = False
            return [self._alert(AlertKind.LINE_RECOVERED, link, now, load.at, load.use_percent,
                                AlertKind.INTERFACE_DOWN.value)]
        return []

    def _fullness(self, link: Link, line: _Line, load: LineLoad, now: float) -> list[Alert]:
        if load.use_percent is None:
            return []  # a gap: says nothing of the line
        line.last_percent = load.use_percent
        if load.full:
            if line.full_since is None:
                line.full_since = load.at
            return []
        alerted, started = line.full_alerted, line.full_since
        line.full_since, line.full_alerted = None, False
        if alerted:
            return [self._alert(AlertKind.LINE_RECOVERED, link, now, started, load.use_percent,
                                AlertKind.LINE_FULL.value)]
        return []

    def _may_alert(self, link: Link, now: float, kind: AlertKind) -> bool:
        site = self._subjects[link.id]
        rules = self.rules
        if rules.site_ids is not None and site not in rules.site_ids:
            return False
        tz = ZoneInfo(self.network.timezone)
        if any(window.active(site, now, tz) for window in rules.maintenance):
            return False
        quiet = rules.quiet_hours
        return not (kind in rules.quiet_kinds and quiet is not None and quiet.contains(datetime.fromtimestamp(now, tz)))

    def _alert(self, kind: AlertKind, link: Link, now: float, since: float | None, percent: float | None,
               recovered_from: str | None = None) -> Alert:
        site_id = self._subjects[link.id]
        site = self.network.site(site_id)
        facts = AlertFacts(name=site.name if site is not None else site_id, timezone=self.network.timezone,
                           at=now, link=link.id, percent=percent, committed_kbps=link.bandwidth_kbps,
                           recovered_from=recovered_from)
        key = f"{kind.value}:{link.id}:{int(since if since is not None else now)}"
        return Alert(key, kind, site_id, (site_id,), now, facts, since)
