"""``assure report AUDIT_ID [--at POSITION] [--format html|md] [--compare FROM]``."""

from __future__ import annotations

import argparse
import json
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
    report.add_argument("--format", choices=["html", "md"], default="html")
    report.add_argument("--compare", type=int, metavar="FROM", help="list what changed since the report at FROM")
    report.set_defaults(handler=run_report)


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
    else:
        print(render(facts, args.format), end="")
    return 0
