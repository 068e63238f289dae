"""``assure``: run the demo, create the schema, and (as the system grows) run its processes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from eventsourcing.persistence import PersistenceError
from pydantic import ValidationError

from application.deployment import SettingsRefused
from application.settings import Settings
from cli import contract, exception_report, integrity, organisations, projections, quarantine, report, serve, workers
from cli.system import build_application, build_system
from demo.scale import load_scale
from demo.story import DemoClock
from domain.errors import DomainError

Command = Callable[[argparse.Namespace, Settings], int]


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    """Load the demo partnership and play the whole 2022/23 year; the scans email into the outbox."""
    clock = DemoClock(datetime(2022, 4, 1, tzinfo=UTC))
    app = build_application(settings, clock=clock)
    if args.scale is not None and args.scale < 1:
        print("error: --scale takes a number of partnerships, 1 or more", file=sys.stderr)
        return 1
    if args.scale:
        for line in load_scale(app, clock, args.scale):
            print(line, flush=True)
        print(f"{app.max_position()} events recorded in the {settings.store} store")
        return 0
    if app.max_position():
        print("error: the store already holds events; the demo loads only into an empty store", file=sys.stderr)
        return 1
    app.close()
    from cli.demo import play_year

    for line in play_year(clock, settings):
        print(line)
    return 0


def cmd_schema(args: argparse.Namespace, settings: Settings) -> int:
    """Create every table once (events, views, worker state), before starting the processes together."""
    system = build_system(settings.model_copy(update={"create_tables": True}))
    if settings.store == "postgres" and settings.postgres_service_user:
        from integrity.roles import secure_event_table

        secure_event_table(settings)
        print(f"role {settings.postgres_service_user} may only INSERT and SELECT events")
    print(f"schema ready in the {settings.store} store (log position {system.app.max_position()})")
    system.close()
    return 0


COMMANDS: dict[str, tuple[Command, str]] = {
    "demo": (cmd_demo, "load the demo partnership and play its whole 2022/23 year of audits"),
    "schema": (cmd_schema, "create the event store tables (run once before starting the processes)"),
}


def parser() -> argparse.ArgumentParser:
    """The command line's shape."""
    top = argparse.ArgumentParser(prog="assure", description="Multi-agency case audits for a safeguarding partnership")
    top.add_argument("--store", choices=["memory", "sqlite", "postgres"], help="override ASSURE_STORE")
    commands = top.add_subparsers(dest="command", required=True)
    for name, (handler, help_text) in COMMANDS.items():
        command = commands.add_parser(name, help=help_text)
        command.set_defaults(handler=handler)
        if name == "demo":
            command.add_argument("--scale", type=int, metavar="N", help="generate N partnerships' year of audits")
    projections.add_parsers(commands)
    serve.add_parsers(commands)
    report.add_parsers(commands)
    workers.add_parsers(commands)
    quarantine.add_parsers(commands)
    organisations.add_parsers(commands)
    exception_report.add_parsers(commands)
    contract.add_parsers(commands)
    integrity.add_parsers(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``assure`` console script."""
    args = parser().parse_args(argv)
    try:
        settings = Settings()
        if args.store:
            settings = settings.model_copy(update={"store": args.store})
        status: int = args.handler(args, settings)
        return status
    except ValidationError as error:
        problems = "; ".join(f"ASSURE_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors())
        print(f"error: invalid settings: {problems}", file=sys.stderr)
    except SettingsRefused as error:
        print(f"error: {error}", file=sys.stderr)
    except DomainError as error:
        print(f"error: {error}", file=sys.stderr)
    except (PersistenceError, OSError) as error:
        print(f"error: the store could not be reached: {error}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
