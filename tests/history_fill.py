"""Generated history for graph tests, benchmarks and screenshots, written through the workspace's real writer.

Every target is probed by ICMP. Rounds of 3 packets every 10 minutes from 30 days ago until 2 days ago, then every
minute until `now` (so every hour has an hourly rollup, and the last 2 days every minute a 1-minute rollup);
a round in 7 loses a packet. Site `s0` is DOWN (every packet lost) for two hours 3 days ago and for half an hour
5 hours ago; the event log says so. `now` is on a whole hour.
"""

from __future__ import annotations

import math

from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.samples import ErrorKind, Sample
from pantau.domain.states import HealthState, StateChange
from pantau.storage.workspace import Workspace

NOW = 1_795_000_000 // 3600 * 3600
DAY = 86_400
HOUR = 3600
OUTAGES: dict[str, list[tuple[float, float]]] = {
    "s0": [(NOW - 3 * DAY, NOW - 3 * DAY + 2 * HOUR), (NOW - 5 * HOUR, NOW - 4.5 * HOUR)],
}


def history_network(sites: int = 3, references: bool = False) -> Network:
    """`sites` offices with an office router each; with `references`, also the data centre (site `dc`) holding
    the central server (`srv`) and the ISP gateway (`isp`)."""
    network = Network(
        "Graph test network",
        timezone="Asia/Makassar",
        sites=[Site(f"s{i}", f"Kantor Camat {i}", SiteKind.KECAMATAN, "Waru") for i in range(sites)],
        targets=[Target(f"t{i}", f"s{i}", f"127.0.30.{i + 1}", TargetRole.OFFICE_ROUTER) for i in range(sites)],
    )
    if references:
        network.sites.append(Site("dc", "Diskominfo", SiteKind.DATACENTER, "Waru"))
        network.targets += [Target("srv", "dc", "127.0.31.1", TargetRole.SERVER),
                            Target("isp", "dc", "127.0.31.2", TargetRole.ISP_GATEWAY)]
    return network


def _down(site: str, ts: float) -> bool:
    return any(start <= ts < end for start, end in OUTAGES.get(site, ()))


def round_times(now: float = NOW) -> list[float]:
    coarse = [float(t) for t in range(int(now - 30 * DAY), int(now - 2 * DAY), 600)]
    fine = [float(t) for t in range(int(now - 2 * DAY), int(now), 60)]
    return coarse + fine


def fill_history(workspace: Workspace, network: Network, now: float = NOW) -> None:
    """Write the rounds and the site events of every site of `network`."""
    times = round_times(now)
    n = 0
    for site in network.sites:
        for target in network.targets_of(site.id):
            samples: list[Sample] = []
            for k, ts in enumerate(times):
                if _down(site.id, ts):
                    samples.append(Sample(ts, target.id, "icmp", None, ErrorKind.TIMEOUT, "timeout", sent=3,
                                          lost=3))
                    continue
                if target.role is TargetRole.OFFICE_ROUTER:
                    rtt = 20.0 + 8 * n + 6 * math.sin(ts / 7200) + (k % 5)
                else:  # the data centre's own server and ISP gateway answer fast and steadily
                    rtt = (2.0 if target.role is TargetRole.SERVER else 6.0) + math.sin(ts / 7200) + 0.2 * (k % 5)
                samples.append(Sample(ts, target.id, "icmp", round(rtt, 3), sent=3, lost=1 if k % 7 == 0 else 0))
            workspace.submit(samples)
            n += target.role is TargetRole.OFFICE_ROUTER
        state, at = HealthState.UNKNOWN, now - 30 * DAY
        for start, end in OUTAGES.get(site.id, ()):
            workspace.record_state_change(StateChange(site.id, "site", state, HealthState.UP, at))
            workspace.record_state_change(StateChange(site.id, "site", HealthState.UP, HealthState.DOWN, start,
                                                      "all packets lost"))
            state, at = HealthState.DOWN, end
        workspace.record_state_change(StateChange(site.id, "site", state, HealthState.UP, at))
    workspace.flush()
