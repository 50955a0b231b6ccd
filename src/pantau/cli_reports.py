"""`pantau report`: the incident record (PDF) and the network's availability report (PDF, .xlsx). The documents are
drawn with Qt (pantau.ui), on its offscreen platform when there is no display, imported inside the handlers so the
other commands never load Qt."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from pantau.cli_support import EXIT_OK, UsageError, open_for_command


def add_report_commands(commands: Any) -> None:
    """The `report` command and its kinds, added to the main parser's subcommands."""
    report = commands.add_parser("report", help="write a report: an incident record (PDF) or the network's "
                                                 "availability (PDF, .xlsx)")
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    incident = kinds.add_parser(
        "incident", help="the incident record (berita acara gangguan jaringan) of one outage or a cluster",
        description="The incident record of the outages named by OUTAGE-ID (the ID column of the graphs' outage "
                    "list: the event id of an office's DOWN). Several IDs make one record for the cluster.")
    incident.add_argument("ids", type=int, nargs="+", metavar="OUTAGE-ID")
    incident.add_argument("--pdf", type=Path, required=True, metavar="FILE", help="write the record here")
    incident.add_argument("--lang", choices=["id", "en"], default="id", help="Indonesian (default) or English")
    incident.add_argument("--evidence", type=Path, metavar="FILE.json",
                          help="also write the evidence bundle whose SHA-256 the record states")
    incident.set_defaults(handler=_cmd_report_incident)
    availability = kinds.add_parser(
        "availability", help="availability per office, link and kecamatan, outages, costs, SLA credits and the "
                             "contract calendar, for a range of days, a month, a quarter or a year")
    period = availability.add_argument_group("period (one of)")
    period.add_argument("--from", dest="first", type=_day, metavar="YYYY-MM-DD", help="first day (with --to)")
    period.add_argument("--to", dest="last", type=_day, metavar="YYYY-MM-DD", help="last day (with --from)")
    period.add_argument("--month", metavar="YYYY-MM", help="a calendar month, like 2026-11")
    period.add_argument("--quarter", metavar="YYYYQn", help="a calendar quarter, like 2026Q3")
    period.add_argument("--year", metavar="YYYY", help="a budget (calendar) year, like 2026")
    availability.add_argument("--pdf", type=Path, metavar="FILE", help="write the PDF here")
    availability.add_argument("--xlsx", type=Path, metavar="FILE", help="write the workbook here")
    availability.add_argument("--lang", choices=["id", "en"], default="id", help="report language (default: id)")
    availability.add_argument("--now", type=float, help=argparse.SUPPRESS)
    availability.set_defaults(handler=_cmd_report_availability)


def _cmd_report_incident(args: argparse.Namespace) -> int:
    import time

    from pantau.reporting.incident_record import IncidentError

    opened = open_for_command(args, read_only_ok=True)
    try:
        if opened.network is None:
            raise UsageError(f"the workspace {opened.path} has no network")
        from pantau.ui.incident_export import write_incident_pdf
        from pantau.ui.report_app import headless_application

        _app = headless_application()  # kept alive while the PDF is written
        try:
            record, pages = write_incident_pdf(opened.workspace, opened.network, list(args.ids), args.pdf, args.lang,
                                               time.time(), args.evidence)
        except IncidentError as error:
            raise UsageError(str(error)) from None
        except OSError as error:
            raise UsageError(f"cannot write {error.filename or args.pdf}: {error.strerror or error}") from None
    finally:
        opened.workspace.close()
    print(f"Wrote the incident record {record.number} ({pages} page{'s' if pages != 1 else ''}) to {args.pdf}")
    if args.evidence is not None:
        import hashlib
        print(f"Evidence bundle {args.evidence}: SHA-256 {hashlib.sha256(args.evidence.read_bytes()).hexdigest()}")
    return EXIT_OK


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day: write YYYY-MM-DD, like 2026-11-01") from None


def _report_days(args: argparse.Namespace) -> tuple[date, date]:
    """The report's first and last day from exactly one of --from/--to, --month, --quarter, --year."""
    from pantau.reporting.availability_report import PeriodError, period_days

    given = [name for name in ("month", "quarter", "year") if getattr(args, name) is not None]
    ranged = args.first is not None or args.last is not None
    if len(given) + ranged != 1:
        raise UsageError("give the period once: --from DAY --to DAY, --month YYYY-MM, --quarter YYYYQn or --year YYYY")
    if ranged:
        if args.first is None or args.last is None:
            raise UsageError("--from and --to go together: give both days")
        first, last = args.first, args.last
    else:
        try:
            first, last = period_days(given[0], getattr(args, given[0]))
        except PeriodError as error:
            raise UsageError(str(error)) from None
    if last < first:
        raise UsageError(f"the period ends ({last.isoformat()}) before it starts ({first.isoformat()})")
    return first, last


def _cmd_report_availability(args: argparse.Namespace) -> int:
    import time

    from pantau.domain.timezones import local_date
    from pantau.reporting.availability_report import NoData

    if args.pdf is None and args.xlsx is None:
        raise UsageError("say what to write: --pdf FILE, --xlsx FILE or both")
    first, last = _report_days(args)
    opened = open_for_command(args, read_only_ok=True)
    try:
        network = opened.network
        if network is None:
            raise UsageError(f"the workspace {opened.path} has no network")
        now = args.now if args.now is not None else time.time()
        today = local_date(now, network.timezone)
        if first > today:
            raise UsageError(f"the period starts {first.isoformat()}, after today ({today.isoformat()}): "
                             "nothing has been monitored yet")
        from pantau.ui.availability_pdf import write_availability_report
        from pantau.ui.report_app import headless_application

        if args.pdf is not None:
            headless_application()
        try:
            report = write_availability_report(opened.workspace, network, first, last, now, pdf=args.pdf,
                                               xlsx=args.xlsx, lang=args.lang)
        except OSError as error:
            raise UsageError(f"cannot write the report: {error}") from None
    finally:
        opened.workspace.close()
    figure = report.availability
    unmonitored = sum(1 for row in report.offices if row.no_data is NoData.NOT_MONITORED)
    print(f"Availability {first.isoformat()} to {last.isoformat()}: "
          + (f"{figure * 100:.2f} %" if figure is not None else "no data")
          + f" over {report.offices_with_data} of {len(report.offices)} offices"
          + (f" ({unmonitored} not monitored)" if unmonitored else "") + ".")
    for path in (args.pdf, args.xlsx):
        if path is not None:
            print(f"Wrote {path}")
    return EXIT_OK
