"""Prometheus metrics of a running monitor or agent (`pantau agent --metrics 127.0.0.1:9108`), for a team that
already has Prometheus and Grafana.

Fed by the engine's events and the link poller's news, so the figures are what the monitor itself judged:
- `pantau_site_state{site, vantage, state}` and `pantau_target_state{target, site, vantage, state}`: 1 for the
  current state, 0 for the others (a state set, the Prometheus way); UNKNOWN until evidence, never UP.
- `pantau_target_rtt_milliseconds{target, method, vantage}`: the mean RTT of the latest answered round; a round
  that got no answer removes the series, so an old RTT never stands for a silent host.
- `pantau_target_loss_ratio{target, method, vantage}`: the latest round's lost share (0..1).
- `pantau_target_last_round_timestamp_seconds`: when that round was taken, so staleness shows.
- `pantau_link_utilisation_ratio{link, direction}`: the busier direction's share of the contracted rate from the
  newest SNMP interval; removed when the interval is a gap.
- `pantau_undelivered_seconds{vantage}`: an agent's rounds not yet in the shared store (how far behind it is).

Served by prometheus_client's own HTTP server on the address given; `parse_listen_address` takes HOST:PORT.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, Gauge, start_http_server

from pantau.domain.addresses import is_ip_literal
from pantau.domain.inventory import Network
from pantau.domain.states import HealthState
from pantau.probing.engine import SUBJECT_SITE, SUBJECT_TARGET, EngineEvent, SampleBatch, StateChanges
from pantau.probing.link_poller import LinkUse

_STATES = tuple(HealthState)


class MetricsAddressError(ValueError):
    """A --metrics address that cannot be used, phrased for the user."""


@dataclass(frozen=True)
class ListenAddress:
    host: str
    port: int


def parse_listen_address(text: str) -> ListenAddress:
    """HOST:PORT (an IP literal; [::1]:9108 for IPv6)."""
    host, sep, port_text = text.strip().rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not sep or not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise MetricsAddressError(f"--metrics {text!r}: expected HOST:PORT, like 127.0.0.1:9108")
    if not is_ip_literal(host):
        raise MetricsAddressError(f"--metrics {text!r}: the host is an IP address of this computer (127.0.0.1 "
                                  "for a Prometheus on it, 0.0.0.0 for any), never a name to resolve")
    return ListenAddress(host, int(port_text))


class MonitorMetrics:
    """The gauges of one monitor, updated from its events (call `on_event`, `on_link_use` from any thread)."""

    def __init__(self, network: Network, vantage: str) -> None:
        self.registry = CollectorRegistry()
        self._vantage = vantage
        self._site_of = {t.id: t.site for t in network.targets}
        self._site_state = Gauge("pantau_site_state", "1 for the site's current state, 0 for the others",
                                 ["site", "vantage", "state"], registry=self.registry)
        self._target_state = Gauge("pantau_target_state", "1 for the target's current state, 0 for the others",
                                   ["target", "site", "vantage", "state"], registry=self.registry)
        self._rtt = Gauge("pantau_target_rtt_milliseconds", "Mean RTT of the latest answered round",
                          ["target", "method", "vantage"], registry=self.registry)
        self._loss = Gauge("pantau_target_loss_ratio", "Share of the latest round's packets lost (0..1)",
                           ["target", "method", "vantage"], registry=self.registry)
        self._last = Gauge("pantau_target_last_round_timestamp_seconds", "When the latest round was taken",
                           ["target", "method", "vantage"], registry=self.registry)
        self._use = Gauge("pantau_link_utilisation_ratio",
                          "Share of the contracted rate used in the newest SNMP interval",
                          ["link", "direction"], registry=self.registry)
        self._behind = Gauge("pantau_undelivered_seconds", "Seconds of rounds not yet delivered to the shared store",
                             ["vantage"], registry=self.registry)
        self._network = network
        self._start_unknown(network)

    def _start_unknown(self, network: Network) -> None:
        for site in network.sites:
            self._set_state(self._site_state, (site.id, self._vantage), HealthState.UNKNOWN)
        for target in network.targets:
            self._set_state(self._target_state, (target.id, target.site, self._vantage), HealthState.UNKNOWN)

    def set_network(self, network: Network) -> None:
        """The agent monitors `network` now: every site and target starts UNKNOWN again, and those no longer in it
        leave the exposition (a scraper must not keep seeing a removed office's last state)."""
        old = self._network
        for site in old.sites:
            for state in _STATES:
                self._remove(self._site_state, (site.id, self._vantage, state.value))
        for target in old.targets:
            for state in _STATES:
                self._remove(self._target_state, (target.id, target.site, self._vantage, state.value))
            for method in target.checks:
                for gauge in (self._rtt, self._loss, self._last):
                    self._remove(gauge, (target.id, method, self._vantage))
        self._network = network
        self._site_of = {t.id: t.site for t in network.targets}
        self._start_unknown(network)

    @staticmethod
    def _set_state(gauge: Gauge, labels: tuple[str, ...], current: HealthState) -> None:
        for state in _STATES:
            gauge.labels(*labels, state.value).set(1 if state is current else 0)

    def on_event(self, event: EngineEvent) -> None:
        if isinstance(event, StateChanges):
            for change in event.changes:
                if change.subject_kind == SUBJECT_SITE:
                    self._set_state(self._site_state, (change.subject, self._vantage), change.current)
                elif change.subject_kind == SUBJECT_TARGET:
                    site = self._site_of.get(change.subject, "")
                    self._set_state(self._target_state, (change.subject, site, self._vantage), change.current)
        elif isinstance(event, SampleBatch):
            for result in event.results:
                labels = (result.target, result.method, self._vantage)
                self._last.labels(*labels).set(result.ts)
                if result.sent:
                    self._loss.labels(*labels).set((result.sent - result.received) / result.sent)
                if result.rtts_ms:
                    self._rtt.labels(*labels).set(sum(result.rtts_ms) / len(result.rtts_ms))
                else:
                    self._remove(self._rtt, labels)

    def on_link_use(self, use: LinkUse) -> None:
        interval = use.interval
        rates: Mapping[str, float | None] = {
            "in": interval.in_bps if interval is not None else None,
            "out": interval.out_bps if interval is not None else None,
        }
        for direction, bps in rates.items():
            if bps is None or use.committed_kbps <= 0:
                self._remove(self._use, (use.link, direction))
            else:
                self._use.labels(use.link, direction).set(bps / (use.committed_kbps * 1000))

    def set_undelivered(self, seconds: float) -> None:
        self._behind.labels(self._vantage).set(seconds)

    @staticmethod
    def _remove(gauge: Gauge, labels: tuple[str, ...]) -> None:
        with contextlib.suppress(KeyError):  # never set: nothing to take back
            gauge.remove(*labels)

    def serve(self, address: ListenAddress) -> MetricsServer:
        """Serve /metrics on `address` until the returned server is stopped. Raises OSError (port taken)."""
        server, thread = start_http_server(address.port, address.host, registry=self.registry)
        return MetricsServer(server, thread)


class MetricsServer:
    """The running /metrics endpoint."""

    def __init__(self, server: WSGIServer, thread: threading.Thread) -> None:
        self._server = server
        self._thread = thread

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
