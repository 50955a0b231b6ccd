"""`pantau import` fuzzed with seeded mutations of the real sample network file and a real spreadsheet CSV.

A few hundred cases in-process and a handful through the real `pantau` command; `scripts/fuzz.sh` runs thousands.
What is asserted, for every case: exit 0 or 2 and never a traceback; a refused import leaves the workspace file
byte-identical; every message line names its place (file:line, or the CSV row); no raw control character reaches a
message; an accepted inventory re-imports byte-identical (export → import → export).
"""

from __future__ import annotations

from pathlib import Path

from tests.fuzz_import import FuzzReport, _judge_messages, run_fuzz


def assert_clean(report: FuzzReport) -> None:
    assert report.crashes == [], report.summary()
    assert report.workspace_changed == [], report.summary()
    assert report.unlocated == [], report.summary()
    assert report.raw_controls == [], report.summary()
    assert report.round_trip_failures == [], report.summary()


def test_fuzzed_network_files_and_spreadsheets_in_process() -> None:
    report = run_fuzz(cases=200, seed=18)
    assert report.cases == 200
    # Both outcomes are exercised, and refusals come with messages.
    assert report.accepted >= 30 and report.refused >= 100, report.summary()
    assert report.messages >= report.refused
    assert_clean(report)


def test_fuzzed_imports_through_the_pantau_command() -> None:
    report = run_fuzz(cases=0, cli_cases=6, seed=1818)
    assert report.cli_cases == 6 and report.accepted + report.refused == 6
    assert_clean(report)


def test_the_judge_sees_a_message_without_location_and_a_raw_control_character(tmp_path: Path) -> None:
    report = FuzzReport(seed=0)
    source = tmp_path / "net.toml"
    stderr = (f"{source}:3: network field 'name': fine\n"
              f"{source}: network field 'x': no line\n"
              f"{source}:4: sites[0] field 'name': '\x1b[2J'\n"
              "3 problems; the workspace was not changed.\n")
    _judge_messages(report, stderr, source, "toml", "t")
    assert report.messages == 3
    assert [u.split(": ", 1)[1] for u in report.unlocated] == [f"{source}: network field 'x': no line"]
    assert len(report.raw_controls) == 1
    csv_report = FuzzReport(seed=0)
    _judge_messages(csv_report, "k.csv: row 3 column 'lat': x\nk.csv: line 2: not UTF-8\nk.csv: nothing\n",
                    Path("k.csv"), "csv", "t")
    assert [u.split(": ", 1)[1] for u in csv_report.unlocated] == ["k.csv: nothing"]
