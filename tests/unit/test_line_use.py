"""A site's line use for the table and the map: the busiest interval of the last hour, in any arrival order, and
only for sites whose serving line is measured."""

from __future__ import annotations

from datetime import date

from pantau.domain.inventory import Link, LinkMedium, Network, Site, SiteKind
from pantau.domain.line_use import RecentPeaks, site_uses
from pantau.domain.snmp_config import SnmpInterface
from pantau.domain.traffic import LineLoad, OperStatus


def test_recent_peaks_keep_the_busiest_of_the_last_hour_in_any_arrival_order() -> None:
    peaks = RecentPeaks()
    peaks.add("l", 10_000, 50_000)
    peaks.add("l", 10_030, 60_000)
    peaks.add("l", 7_000, 99_000)  # the seed from the workspace, arriving after the live feed
    peaks.add("l", 7_000, 1.0)  # the same interval again: ignored
    assert peaks.peak_bps("l", 10_030) == 99_000
    assert peaks.peak_bps("l", 10_700) == 60_000  # the 07:00 one left the hour
    assert peaks.peak_bps("l", 20_000) is None
    assert peaks.peak_bps("other", 10_000) is None


def test_site_uses_name_only_measured_lines_with_their_problems() -> None:
    snmp = SnmpInterface("127.0.0.1", "ether1", community_secret="c")
    network = Network("n", sites=[Site("dc", "DC", SiteKind.DATACENTER),
                                  Site("a", "A", SiteKind.KECAMATAN, parent="dc"),
                                  Site("b", "B", SiteKind.KECAMATAN, parent="dc"),
                                  Site("c", "C", SiteKind.KECAMATAN, parent="dc")],
                      links=[Link("l-a", "a", "dc", "T", LinkMedium.FIBER, 100, snmp=snmp),
                             Link("l-b", "b", "dc", "T", LinkMedium.FIBER, 100, snmp=snmp),
                             Link("l-c", "c", "dc", "T", LinkMedium.FIBER, 100)])
    peaks = RecentPeaks()
    peaks.add("l-a", 1_000, 95_000)
    loads = {"l-a": LineLoad("l-a", 40.0, 100, OperStatus.UP, 1_000, 30),
             "l-b": LineLoad("l-b", None, 100, OperStatus.DOWN, 1_000, 30)}
    uses = site_uses(network, date(2026, 1, 1), loads, {"l-b": "SNMP: no answer"}, peaks, 1_010)
    assert set(uses) == {"a", "b"}  # c's line has no SNMP: not measured, not 0 %
    assert uses["a"].peak_percent == 95.0 and uses["a"].now_percent == 40.0 and uses["a"].full
    assert uses["b"].peak_percent is None and uses["b"].problem == "SNMP: no answer" and uses["b"].interface_down


def test_an_old_reading_gives_no_figure_for_now() -> None:
    snmp = SnmpInterface("127.0.0.1", "ether1", community_secret="c")
    network = Network("n", sites=[Site("dc", "DC", SiteKind.DATACENTER), Site("a", "A", SiteKind.KECAMATAN,
                                                                             parent="dc")],
                      links=[Link("l-a", "a", "dc", "T", LinkMedium.FIBER, 100, snmp=snmp)])
    loads = {"l-a": LineLoad("l-a", 40.0, 100, OperStatus.UP, 1_000, 30)}
    fresh = site_uses(network, date(2026, 1, 1), loads, {}, RecentPeaks(), 1_060)
    old = site_uses(network, date(2026, 1, 1), loads, {}, RecentPeaks(), 1_000 + 600)
    assert fresh["a"].now_percent == 40.0
    assert old["a"].now_percent is None
