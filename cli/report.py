"""``assure report AUDIT_ID [--at POSITION] [--format html|md|pdf] [--output FILE] [--compare FROM]`` and
``assure export action-plan|return-matrix AUDIT_ID [--format xlsx|csv] --output FILE``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from uuid import UUID

from application.principal import Principal
from application.settings import Settings
from cli.system import build_system
from domain.values import Role
from projections.report.render import compare, render


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the report command."""
    report = commands.add_parser("report", help="render an audit's summary report as at a log position")
    report.add_argument("audit_id", type=UUID)
    report.add_argument("--at", type=int, help="the log position to build from (default: the latest)")
    report.add_argument("--format", choices=["html", "md", "pdf"], default="html")
    report.add_argument("--output", type=Path, metavar="FILE", help="write to a file (needed for pdf)")
    report.add_argument("--compare", type=int, metavar="FROM", help="list what changed since the report at FROM")
    report.set_defaults(handler=run_report)
    export = commands.add_parser("export", help="an audit's action plan or return matrix as a spreadsheet")
    export.add_argument("table", choices=["action-plan", "return-matrix"])
    export.add_argument("audit_id", type=UUID)
    export.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    export.add_argument("--output", type=Path, metavar="FILE", required=True)
    export.set_defaults(handler=run_export)


def run_report(args: argparse.Namespace, settings: Settings) -> int:
    """Bring the views up to date, then print the report (or the comparison) to standard output."""
    system = build_system(settings)
    app = system.app
    system.runner.catch_up()
    reader = Principal.for_system("report", Role.GOVERNANCE)
    facts = app.audit_report(reader, args.audit_id, args.at)
    if args.compare is not None:
        earlier = app.audit_report(reader, args.audit_id, args.compare)
        print(json.dumps({"from": args.compare, "to": facts["position"], "changes": compare(earlier, facts)}, indent=2))
    elif args.format == "pdf":
        if args.output is None:
            print("error: a PDF needs --output FILE", file=sys.stderr)
            return 1
        pdf, position = app.render_report_pdf(reader, args.audit_id, facts["position"])
        args.output.write_bytes(pdf)
        print(f"{args.output} written (log position {position})")
    elif args.output is not None:
        args.output.write_text(render(facts, args.format))
        print(f"{args.output} written (log position {facts['position']})")
    else:
        print(render(facts, args.format), end="")
    return 0


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    """Bring the views up to date, then write the spreadsheet."""
    system = build_system(settings)
    system.runner.catch_up()
    reader = Principal.for_system("export", Role.GOVERNANCE)
    args.output.write_bytes(system.app.export_spreadsheet(reader, args.audit_id, args.table, args.format))
    print(f"{args.output} written")
    return 0
