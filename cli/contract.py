"""``assure events schemas [--write DIR]``: the event schemas and the AsyncAPI document, printed or written."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from application.event_schemas import asyncapi_document, event_schemas, schema_file_name, snapshot_drift
from application.settings import Settings


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the events command."""
    events = commands.add_parser("events", help="the public event contract")
    what = events.add_subparsers(dest="events_command", required=True)
    schemas = what.add_parser("schemas", help="print the JSON Schemas of every event type's data, or write them")
    help_text = "write a file per type and version, and asyncapi.json; a written version is never changed"
    schemas.add_argument("--write", type=Path, metavar="DIR", help=help_text)
    schemas.set_defaults(handler=run_schemas)


def dumps(document: object) -> str:
    """The committed form: stable key order, two-space indent, a final newline."""
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def run_schemas(args: argparse.Namespace, settings: Settings) -> int:
    """Print the schemas, or write those not yet written (refusing to change a written version)."""
    schemas = event_schemas()
    if args.write is None:
        print(dumps(schemas), end="")
        return 0
    folder: Path = args.write
    folder.mkdir(parents=True, exist_ok=True)
    committed = {p.name: json.loads(p.read_text()) for p in folder.glob("*.schema.json")}
    changed = [p for p in snapshot_drift(schemas, committed) if "changed without" in p]
    if changed:
        print(f"error: {changed[0]}", file=sys.stderr)
        return 1
    for name, schema in schemas.items():
        (folder / schema_file_name(name, schema["schema_version"])).write_text(dumps(schema))
    (folder / "asyncapi.json").write_text(dumps(asyncapi_document()))
    print(f"{len(schemas)} event schemas and asyncapi.json in {folder}")
    return 0
