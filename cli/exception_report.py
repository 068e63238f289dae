"""``assure exception-report [REPORT_ID] [--format text|html]``: the exception-report email, as workers send it."""

from __future__ import annotations

import argparse
import sys
from uuid import UUID

from application.principal import Principal
from application.settings import Settings
from cli.system import build_system
from domain.values import Role


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the exception-report command."""
    command = commands.add_parser(
        "exception-report",
        help="print an exception report's email; without an id, run the stalled-action scan now and print its report",
    )
    command.add_argument("report_id", type=UUID, nargs="?")
    command.add_argument("--format", choices=["text", "html"], default="text")
    command.set_defaults(handler=run_exception_report)


def run_exception_report(args: argparse.Namespace, settings: Settings) -> int:
    """Bring the views up to date, issue a report unless one is named (the relay emails it), print its email."""
    from workers.jobs import render_exception_report

    system = build_system(settings)
    system.runner.catch_up()
    app = system.app
    scanner = Principal.for_system("exception-report", Role.GOVERNANCE)
    report_id = args.report_id
    if report_id is None:
        receipt = app.issue_exception_report(scanner)
        if receipt is None:
            print("no stalled action left unreported: no exception report issued", file=sys.stderr)
            return 0
        report_id = receipt.id
        print(
            f"exception report {report_id} issued; the relay emails it to the Executive and ARG lists", file=sys.stderr
        )
    text, html = render_exception_report(app.get_exception_report(scanner, report_id))
    print(text if args.format == "text" else html, end="")
    return 0
