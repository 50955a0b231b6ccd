"""The diagnosis under real faults, ten runs each: how many runs give the right verdict.

The lab and the scenarios are those of tests/integration/test_diagnose_truth.py (namespaces behind an
`unreachable` guard route; the ISP's upstream anchors routed through the ISP gateway's namespace; usual RTTs from a
workspace history of this lab's own healthy rounds). Each scenario is run `--runs` times with default
`DiagnoseSettings()` (15 s budget) and the verdicts are tallied:

- congested: the ISP line capped at 100 kbit (tbf) with 130 kbit/s of cross traffic to an anchor behind it, scope
  isp. Right: `degraded`, the congestion at the ISP line (saturated), never `isp-link`.
- lossy: 20 % of packets dropped each way on the ISP line (nftables numgen), scope isp. Right: `degraded` with the
  congestion at the ISP line or beyond it, never `isp-link`.
- dark offices: the four office routers cut, the ISP answering, scope all. Right: `isp-access`, 4 of 4.
- server and ISP: the server and the ISP gateway cut, scope all. Right: `server` then `isp-link`.

    sudo PYTHONPATH=src .venv/bin/python benchmarks/bench_diagnose_truth.py [--runs 10]

Needs root (network namespaces) and nftables; skips with a message otherwise. About 3 minutes with 10 runs. It
measures verdicts, not speed, but the run times are printed too (a loaded machine lengthens them).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs

    # The lab lives with the tests; this script is run from the repository root or benchmarks/.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.integration import test_diagnose_truth as truth
    from tests.netns import netns_unavailable_reason

    from pantau.domain.diagnosis import DiagnosisReport, Layer, Verdict

    reason = netns_unavailable_reason()
    if reason:
        print(f"skipped: {reason}")
        print("RESULT skipped=1")
        return 0

    def congested_right(report: DiagnosisReport) -> bool:
        congestion = report.result.congestion
        return (report.result.verdict is Verdict.DEGRADED and congestion is not None
                and congestion.layer is Layer.ISP and congestion.saturated)

    def lossy_right(report: DiagnosisReport) -> bool:
        congestion = report.result.congestion
        return (report.result.verdict is Verdict.DEGRADED and congestion is not None
                and congestion.layer in (Layer.ISP, Layer.UPSTREAM))

    def dark_right(report: DiagnosisReport) -> bool:
        finding = report.result.finding
        return report.result.verdict is Verdict.ISP_ACCESS and finding is not None and len(finding.sites) == 4

    def both_right(report: DiagnosisReport) -> bool:
        return [f.verdict for f in report.result.findings] == [Verdict.SERVER, Verdict.ISP_LINK]

    failures = 0
    with tempfile.TemporaryDirectory(prefix="pantau-truth-") as tmp, truth.truth_lab(Path(tmp)) as lab:
        print("usual RTTs (ms): " + ", ".join(f"{k} {v:.3f}" for k, v in sorted(lab.baselines.items())))

        def scenario(name: str, produce: Callable[[], list[DiagnosisReport]],
                     right: Callable[[DiagnosisReport], bool]) -> None:
            nonlocal failures
            truth.heal_all(lab)
            truth.wait_answering(lab)
            began = time.monotonic()
            reports = produce()
            elapsed = time.monotonic() - began
            truth.heal_all(lab)
            good = sum(right(report) for report in reports)
            failures += len(reports) - good
            verdicts = Counter(report.result.verdict.value for report in reports)
            figures = [r.result.congestion for r in reports if r.result.congestion is not None]
            rtts = [c.rtt_ms for c in figures if c.rtt_ms is not None and c.saturated]
            losses = [c.loss_percent for c in figures if c.loss_percent is not None]
            extra = ""
            if rtts or losses:
                extra = (f"; congestion RTT median {statistics.median(rtts):.0f} ms" if rtts else "") + (
                    f", loss median {statistics.median(losses):.0f} %" if losses else "")
            print(f"{name}: {good} of {len(reports)} right; verdicts {dict(verdicts)}; "
                  f"{elapsed / len(reports):.1f} s a run{extra}")
            for report in reports:
                if not right(report):
                    print(f"  wrong: {report.result.summary}")
            print(f"RESULT {name.replace(' ', '_')}_right={good} runs={len(reports)}")

        scenario("congested", lambda: truth.congested_runs(lab, runs), congested_right)
        scenario("lossy", lambda: truth.lossy_runs(lab, runs), lossy_right)
        def fresh(run: Callable[[truth.TruthLab], DiagnosisReport]) -> list[DiagnosisReport]:
            """`runs` runs, each from a healthy lab: heal, wait until every host answers, break, diagnose."""
            reports = []
            for _ in range(runs):
                truth.heal_all(lab)
                truth.wait_answering(lab)
                reports.append(run(lab))
            return reports

        scenario("dark offices", lambda: fresh(truth.dark_offices_run), dark_right)
        scenario("server and isp", lambda: fresh(truth.server_and_isp_run), both_right)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
