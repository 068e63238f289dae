"""``assure organisations import FILE [--kind school]``: register organisations and their DSLs from CSV (R-2)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from application.principal import Principal
from application.settings import Settings
from cli.system import build_application
from domain.values import AgencyKind, Role


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the organisations command."""
    organisations = commands.add_parser("organisations", help="register organisations (schools) in bulk")
    actions = organisations.add_subparsers(dest="action", required=True)
    bulk = actions.add_parser("import", help="register each CSV row's organisation and its DSL (code,name,"
                              "dsl_name,dsl_email)")  # fmt: skip
    bulk.add_argument("file", type=Path)
    bulk.add_argument("--kind", default=AgencyKind.SCHOOL.value, choices=[k.value for k in AgencyKind])
    bulk.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    """Register the rows that are sound; print one line per row in error; exit 1 if any row was in error."""
    app = build_application(settings)
    text = args.file.read_text(encoding="utf-8")
    result = app.register_organisations_from_csv(Principal.for_system("import", Role.ADMIN), text, args.kind)
    for row in result["registered"]:
        print(f"registered {row['code']} (row {row['row']}); DSL person {row['dsl_person_id']}")
    for row in result["errors"]:
        print(f"error: row {row['row']}: {row['error']}", file=sys.stderr)
    print(f"{len(result['registered'])} registered, {len(result['errors'])} rows in error")
    return 1 if result["errors"] else 0
