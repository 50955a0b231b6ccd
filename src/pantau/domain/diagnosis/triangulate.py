"""The other vantages' word in a diagnosis: what the shared store's agents see of the sites a run found silent.

This computer sees the network from one vantage. An office that is silent from here may still answer an agent that
sits elsewhere (in the office itself, or behind another provider): then the office is up and the *path* between
here and it is broken. The store's views (`domain.vantages`) are handed in as `VantageEvidence`; nothing here reads
the store. Rules (`triangulate`), applied to the verdict's office findings (`isp-link` at the site layer):

- Views of this computer's own vantage are left out: this run's checks are fresher than anything the store holds.
- A view older than `stale_after_s` is named with its age and never counted, neither as answering nor as silent.
- A silent office (named by the finding: the nearest one on the way in) that a fresh other vantage hears becomes a
  `path-broken` finding: "the path between <here> and <office> is broken; <office> answers <vantage>".
- A silent office that every fresh other vantage finds silent too keeps its verdict, with those vantages named
  (`silent_from`): "silent from every vantage".
- No fresh view of an office: nothing changes. Without evidence at all the verdict is untouched.

Reachability is judged per vantage by each agent: a vantage that has the office UNREACHABLE (behind another silent
site) counts as not hearing it, a vantage that has not judged it yet (UNKNOWN) counts neither way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from pantau.domain.diagnosis.evidence import Finding
from pantau.domain.diagnosis.model import CheckOutcome, Layer, Verdict
from pantau.domain.diagnosis.verdict import VerdictResult, severity
from pantau.domain.states import HealthState
from pantau.domain.vantages import DEFAULT_STALE_AFTER_S, SiteViews, VantageView, combine_views


@dataclass(frozen=True)
class VantageEvidence:
    """The store's views, `views[site][vantage]`, for a run at vantage `here` (a site id). `unavailable` says why
    the store could not be asked ("" when it answered; then `views` may still be empty)."""

    here: str
    views: Mapping[str, Mapping[str, VantageView]] = field(default_factory=dict)
    stale_after_s: float = DEFAULT_STALE_AFTER_S
    unavailable: str = ""


@dataclass(frozen=True)
class OtherView:
    """One other vantage's view of a site, `age_s` seconds old when the run finished."""

    vantage: str
    state: HealthState
    age_s: float
    fresh: bool


@dataclass(frozen=True)
class SiteSeen:
    """A site as the other vantages see it: their views (by vantage name) and what the fresh ones say together."""

    site: str
    views: tuple[OtherView, ...]
    combined: SiteViews

    @property
    def heard_from(self) -> tuple[str, ...]:
        return self.combined.heard_from

    @property
    def silent_from(self) -> tuple[str, ...]:
        return self.combined.silent_from

    @property
    def stale(self) -> tuple[str, ...]:
        return self.combined.stale


@dataclass(frozen=True)
class Triangulation:
    """What the other vantages said in a run: the sites they were asked about, in the order the run met them."""

    here: str
    sites: tuple[SiteSeen, ...]
    stale_after_s: float
    unavailable: str = ""

    def of(self, site: str) -> SiteSeen | None:
        return next((seen for seen in self.sites if seen.site == site), None)


def seen_elsewhere(evidence: VantageEvidence, sites: Sequence[str], now: float) -> Triangulation:
    """The other vantages' views of `sites` (those the store has any view of), judged at `now`."""
    seen = []
    for site in dict.fromkeys(sites):
        others = {v: view for v, view in evidence.views.get(site, {}).items() if v != evidence.here}
        if not others:
            continue
        combined = combine_views(site, others, now, evidence.stale_after_s)
        views = tuple(OtherView(v, view.state, max(0.0, now - view.at), v not in combined.stale)
                      for v, view in sorted(others.items()))
        seen.append(SiteSeen(site, views, combined))
    return Triangulation(evidence.here, tuple(seen), evidence.stale_after_s, evidence.unavailable)


def triangulate(result: VerdictResult, seen: Triangulation) -> VerdictResult:
    """The verdict with its office findings weighed against the other vantages (see the module's rules)."""
    changed = False
    findings: list[Finding] = []
    for finding in result.findings:
        if finding.verdict is not Verdict.ISP_LINK or finding.layer is not Layer.SITE:
            findings.append(finding)
            continue
        views = {site: found for site in finding.sites if (found := seen.of(site)) is not None}
        heard = [site for site in finding.sites if site in views and views[site].heard_from]
        silent = [site for site in finding.sites if site not in heard]
        everywhere = tuple(sorted({v for site in silent if site in views for v in views[site].silent_from}))
        if heard:
            changed = True
            outcomes = tuple(o for o in finding.outcomes if o.site_id in heard)
            findings.append(Finding(Verdict.PATH_BROKEN, Layer.SITE, outcomes, _names(outcomes), tuple(heard),
                                    heard_from=tuple(sorted({v for s in heard for v in views[s].heard_from}))))
        if silent:
            kept = tuple(o for o in finding.outcomes if o.site_id in silent)
            if heard or everywhere:
                changed = True
                finding = replace(finding, outcomes=kept, where=_names(kept), sites=tuple(silent),
                                  silent_from=everywhere)
            findings.append(finding)
    if not changed:
        return result
    findings.sort(key=severity)
    primary = findings[0]
    return replace(result, verdict=primary.verdict, failing_layer=primary.layer, finding=primary,
                   also=tuple(findings[1:]), summary=_summary(result, primary, seen.here))


def _summary(result: VerdictResult, primary: Finding, here: str) -> str:
    where = ", ".join(primary.where)
    if primary.verdict is Verdict.PATH_BROKEN:
        return (f"path-broken: silent from {here}, answers {', '.join(primary.heard_from)}: {where} "
                f"(the path between them is broken)")
    if primary is result.finding or primary.verdict is not Verdict.ISP_LINK or primary.layer is not Layer.SITE:
        return result.summary
    interface = " (the router interface reports the line down)" if primary.lines_down else ""
    everywhere = f"; silent from every vantage: {', '.join(primary.silent_from)}" if primary.silent_from else ""
    return f"isp-link: office link down, silent: {where}{interface}{everywhere}"


def _names(outcomes: Sequence[CheckOutcome]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(o.target_name for o in outcomes))
