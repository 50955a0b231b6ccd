"""Reads every link's interface counters on the link's own interval and turns them into traffic intervals.

One thread runs one asyncio loop with a task per link (the SNMP poller is asyncio; 500 links are 500 small
coroutines, not 500 threads). Each reading is compared with the link's previous one (`domain.traffic.rate_between`)
and the interval between them goes to the sink (the workspace) and to subscribers (the window, `pantau monitor`):
a rate, or a gap with its reason. A failed poll is a gap too, with the poller's message ("SNMP: no answer from …"),
and the next good reading only sets a new base: a rate is never stretched over a failure, never made up, never 0.

The sink runs on its own thread so a slow disk never delays a poll. Secrets are looked up through `secret_lookup`
(the keyring, in the application) when a link is first polled and again after a lookup failed, never written down.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pantau.domain.inventory import Link, Network
from pantau.domain.snmp_config import SnmpInterface, SnmpVersion
from pantau.domain.traffic import (
    CounterReading,
    GapReason,
    LineLoad,
    OperStatus,
    RateGap,
    TrafficInterval,
    rate_between,
    utilisation_percent,
)

if TYPE_CHECKING:
    from pantau.probing.snmp import SnmpCredentials, SnmpPoller

log = logging.getLogger(__name__)

GAP_MESSAGES = {
    GapReason.RESTART: "the agent restarted between two readings (sysUpTime)",
    GapReason.COUNTER_RESET: "the interface counters were reset",
    GapReason.AMBIGUOUS_WRAP: "a 32-bit counter may have wrapped more than once (the agent has no 64-bit counters)",
    GapReason.COUNTER_KIND: "the agent switched between 64-bit and 32-bit counters",
    GapReason.CLOCK: "this computer's clock went back",
}


@dataclass(frozen=True)
class LinkUse:
    """The latest word on one link's traffic: its newest interval (rate or gap) and the interface's state."""

    link: str
    at: float
    committed_kbps: int
    interval: TrafficInterval | None
    oper_status: OperStatus | None = None
    speed_bps: int | None = None
    interval_s: float = 30.0

    @property
    def load(self) -> LineLoad:
        """This news as the diagnosis, the alerts and the window weigh it."""
        return LineLoad(self.link, self.utilisation_percent, self.committed_kbps, self.oper_status, self.at,
                        self.interval_s)

    @property
    def problem(self) -> str | None:
        return None if self.interval is None else self.interval.problem

    @property
    def utilisation_percent(self) -> float | None:
        """The fuller direction against the contracted rate; None without a measured rate."""
        if self.interval is None or self.interval.in_bps is None or self.interval.out_bps is None:
            return None
        return utilisation_percent(max(self.interval.in_bps, self.interval.out_bps), self.committed_kbps)


LinkUseListener = Callable[[LinkUse], None]
TrafficSink = Callable[[Sequence[TrafficInterval]], None]
SecretLookup = Callable[[str], str | None]


class LinkPoller:
    """Polls the SNMP interface of every link that has one, from `start()` until `stop()`."""

    def __init__(self, network: Network, sink: TrafficSink | None, secret_lookup: SecretLookup, *,
                 timeout_s: float = 2.0, retries: int = 1, clock: Callable[[], float] = time.time) -> None:
        self._links = [link for link in network.links if link.snmp is not None]
        self._sink = sink
        self._secret_lookup = secret_lookup
        self._timeout_s = timeout_s
        self._retries = retries
        self._clock = clock
        self._listeners: list[LinkUseListener] = []
        self._latest: dict[str, LinkUse] = {}
        self._latest_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._sink_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pantau-traffic-sink")

    @property
    def link_ids(self) -> list[str]:
        return [link.id for link in self._links]

    def subscribe(self, listener: LinkUseListener) -> Callable[[], None]:
        """Hear every new interval, on the poller's thread (a GUI hands it to its own thread)."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def latest(self) -> dict[str, LinkUse]:
        with self._latest_lock:
            return dict(self._latest)

    def line_loads(self) -> dict[str, LineLoad]:
        """Each polled link's latest load, for the diagnosis (`LiveView.line_loads`)."""
        return {link_id: use.load for link_id, use in self.latest().items()}

    def start(self) -> None:
        if self._thread is not None or not self._links:
            return
        self._thread = threading.Thread(target=self._run, name="pantau-link-poller", daemon=True)
        self._thread.start()
        self._ready.wait(10)

    def stop(self, timeout_s: float = 10.0) -> None:
        if self._thread is not None:
            if self._loop is not None and self._stop is not None:
                self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(timeout_s)
            self._thread = None
        self._sink_pool.shutdown(wait=True)

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        # Imported here: pysnmp takes a while to import, and a window with no SNMP link never pays for it.
        from pantau.probing.snmp import SnmpPoller

        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        poller = SnmpPoller(timeout_s=self._timeout_s, retries=self._retries)
        self._ready.set()
        tasks = [asyncio.create_task(self._poll_link(poller, link), name=f"poll {link.id}") for link in self._links]
        await self._stop.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        poller.close()

    async def _poll_link(self, poller: SnmpPoller, link: Link) -> None:
        assert link.snmp is not None and self._stop is not None
        snmp = link.snmp
        previous: CounterReading | None = None
        while not self._stop.is_set():
            started = time.monotonic()
            previous = await self._poll_once(poller, link, snmp, previous)
            delay = max(0.0, snmp.interval_s - (time.monotonic() - started))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), delay)

    async def _poll_once(self, poller: SnmpPoller, link: Link, snmp: SnmpInterface,
                         previous: CounterReading | None) -> CounterReading | None:
        from pantau.probing.snmp import SnmpFailure

        credentials, missing = self._credentials(link, snmp)
        if credentials is None:
            self._publish(link, self._failed(link, previous, missing), None, None)
            return None
        try:
            result = await poller.read(snmp, credentials)
        except Exception as error:  # a bug in the SNMP stack must not end this link's polling
            log.exception("SNMP poll of link %s failed", link.id)
            self._publish(link, self._failed(link, previous, f"SNMP: {snmp.describe()}: {error}"), None, None)
            return None
        if isinstance(result, SnmpFailure):
            self._publish(link, self._failed(link, previous, result.message), None, None)
            return None
        if previous is None:
            self._publish(link, None, result.oper_status, result.speed_bps)
            return result
        between = rate_between(previous, result)
        if isinstance(between, RateGap):
            interval = TrafficInterval(link.id, between.start, between.end, None, None, result.oper_status,
                                       result.speed_bps, f"SNMP: {snmp.describe()}: {GAP_MESSAGES[between.reason]}")
        else:
            interval = TrafficInterval(link.id, between.start, between.end, between.in_bps, between.out_bps,
                                       result.oper_status, result.speed_bps)
        self._publish(link, interval, result.oper_status, result.speed_bps)
        return result

    def _failed(self, link: Link, previous: CounterReading | None, message: str) -> TrafficInterval:
        now = self._clock()
        start = previous.at if previous is not None and previous.at < now else now
        return TrafficInterval(link.id, start, now, None, None, problem=message)

    def _credentials(self, link: Link, snmp: SnmpInterface) -> tuple[SnmpCredentials | None, str]:
        from pantau.probing.snmp import SnmpCredentials

        values: list[str] = []
        for key in snmp.secret_keys():
            try:
                value = self._secret_lookup(key)
            except Exception as error:  # no keyring backend, a locked keyring: say so, keep polling the others
                return None, f"SNMP: the keyring could not give {key!r} for link {link.id}: {error}"
            if not value:
                return None, (f"SNMP: the keyring has no value for {key!r} (link {link.id}); store it with "
                              f"`pantau secret set {key}`")
            values.append(value)
        if snmp.version is SnmpVersion.V2C:
            return SnmpCredentials(community=values[0]), ""
        return SnmpCredentials(auth_key=values[0], priv_key=values[1]), ""

    def _publish(self, link: Link, interval: TrafficInterval | None, oper_status: OperStatus | None,
                 speed_bps: int | None) -> None:
        assert link.snmp is not None
        use = LinkUse(link.id, self._clock(), link.bandwidth_kbps, interval, oper_status, speed_bps,
                      link.snmp.interval_s)
        with self._latest_lock:
            self._latest[link.id] = use
        if interval is not None and self._sink is not None:
            self._sink_pool.submit(self._write, interval)
        for listener in list(self._listeners):
            try:
                listener(use)
            except Exception:
                log.exception("a link-use listener failed")

    def _write(self, interval: TrafficInterval) -> None:
        assert self._sink is not None
        try:
            self._sink([interval])
        except Exception:
            # The workspace reports write failures through its own health channel; the poll goes on.
            log.exception("could not store the traffic of link %s", interval.link)
