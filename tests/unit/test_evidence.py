"""When evidence is captured by itself: one run per outage cluster, rate-limited, the right scope."""

from __future__ import annotations

from pantau.domain.evidence import EvidencePlanner, EvidenceRequest
from pantau.domain.inventory import Network, Site, SiteKind, Target, TargetRole
from pantau.domain.states import HealthState, StateChange

UP, DOWN, UNREACHABLE = HealthState.UP, HealthState.DOWN, HealthState.UNREACHABLE


def network() -> Network:
    return Network("n", sites=[Site("dc", "DC", SiteKind.DATACENTER), Site("pop", "POP", SiteKind.ISP_POP),
                               Site("kec", "Kec", SiteKind.KECAMATAN), Site("desa", "Desa", SiteKind.DESA)],
                   targets=[Target("srv", "dc", "127.0.0.1", TargetRole.SERVER),
                            Target("lan", "dc", "127.0.0.2", TargetRole.LAN_GATEWAY),
                            Target("gw", "pop", "127.0.0.3", TargetRole.ISP_GATEWAY),
                            Target("rtr", "kec", "127.0.0.4", TargetRole.OFFICE_ROUTER),
                            Target("rtr-desa", "desa", "127.0.0.5", TargetRole.OFFICE_ROUTER)])


def site(subject: str, current: HealthState, ts: float = 100.0) -> StateChange:
    return StateChange(subject, "site", UP, current, ts)


def target(subject: str, current: HealthState, ts: float = 100.0) -> StateChange:
    return StateChange(subject, "target", UP, current, ts)


def test_a_lone_office_gets_its_own_site_scope() -> None:
    planner = EvidencePlanner(network())
    assert planner.feed([site("kec", DOWN)], 100.0) == EvidenceRequest("site", "kec", ("kec",))
    assert planner.busy


def test_one_update_with_several_downs_is_one_cluster_diagnosed_in_full() -> None:
    planner = EvidencePlanner(network())
    request = planner.feed([site("kec", DOWN), site("desa", UNREACHABLE), site("pop", DOWN)], 100.0)
    assert request == EvidenceRequest("all", None, ("kec", "pop"))


def test_the_server_or_the_isp_gateway_going_down_is_diagnosed_in_full() -> None:
    planner = EvidencePlanner(network())
    # The ISP gateway's target DOWN before its site's state changes (the site may hold another target).
    assert planner.feed([target("gw", DOWN)], 100.0) == EvidenceRequest("all", None, ("pop",))
    planner.finished(110.0)
    assert planner.feed([target("rtr", DOWN)], 500.0) is None, "an office router's target alone starts nothing"
    assert planner.feed([site("dc", DOWN)], 500.0) == EvidenceRequest("all", None, ("dc",))


def test_runs_are_one_at_a_time_and_rate_limited_and_later_downs_merge_into_one_follow_up() -> None:
    planner = EvidencePlanner(network(), min_gap_s=60.0)
    assert planner.feed([site("kec", DOWN)], 100.0) is not None
    assert planner.feed([site("desa", DOWN, 105.0)], 105.0) is None, "one run at a time"
    assert planner.finished(115.0) is None, "the gap since the last start holds the follow-up back"
    assert planner.feed([site("pop", DOWN, 130.0)], 130.0) is None
    assert planner.waiting == ("desa", "pop")
    assert planner.tick(159.0) is None
    assert planner.tick(160.0) == EvidenceRequest("all", None, ("desa", "pop"))
    assert planner.finished(170.0) is None and planner.waiting == ()


def test_recoveries_and_unreachable_offices_start_nothing() -> None:
    planner = EvidencePlanner(network())
    assert planner.feed([site("kec", UNREACHABLE), site("dc", UP), target("srv", UP)], 100.0) is None
    assert planner.waiting == ()
