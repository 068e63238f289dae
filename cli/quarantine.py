"""``assure quarantine list|retry|skip``: what the followers passed over, and what an operator does about it."""

from __future__ import annotations

import argparse
import sys

from application.log import describe_error
from application.quarantine import Quarantine
from application.settings import Settings
from cli.system import System, build_system


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the quarantine commands."""
    quarantine = commands.add_parser("quarantine", help="events a follower could not read, project or deliver")
    actions = quarantine.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="one line per quarantined event: position, consumer, error")
    listing.add_argument("--all", action="store_true", help="also those retried or skipped")
    listing.set_defaults(handler=list_entries)
    for name, handler, text in (("retry", retry, "process the event again (after a fix)"),
                                ("skip", skip, "pass over the event for good")):  # fmt: skip
        action = actions.add_parser(name, help=text)
        action.add_argument("position", type=int)
        action.add_argument("consumer", nargs="?", help="e.g. view:trail, relay, webhook:<id> (default: all)")
        action.set_defaults(handler=handler)


def list_entries(args: argparse.Namespace, settings: Settings) -> int:
    """Print the quarantined events in log order."""
    system = build_system(settings)
    try:
        entries = Quarantine(system.side_store).entries(None if args.all else "open")
        for entry in entries:
            status = "" if entry["status"] == "open" else f" [{entry['status']}]"
            print(f"{entry['position']}\t{entry['consumer']}\t{entry['error']}{status}")
        if not entries:
            print("nothing is quarantined", file=sys.stderr)
    finally:
        system.close()
    return 0


def _targets(system: System, args: argparse.Namespace) -> list[str]:
    entries = [e for e in Quarantine(system.side_store).entries() if e["position"] == args.position]
    consumers = [e["consumer"] for e in entries if args.consumer in (None, e["consumer"])]
    if not consumers:
        raise SystemExit(f"error: nothing open in quarantine at position {args.position}"
                         + (f" for {args.consumer}" if args.consumer else ""))  # fmt: skip
    return consumers


def retry(args: argparse.Namespace, settings: Settings) -> int:
    """Process a quarantined event again for each consumer that passed over it."""
    system = build_system(settings)
    failed = 0
    try:
        quarantine = Quarantine(system.side_store)
        for consumer in _targets(system, args):
            try:
                _retry_one(system, consumer, args.position)
            except Exception as error:  # still failing: keep it quarantined, with the new error
                quarantine.add(consumer, args.position, describe_error(error))
                print(f"error: {consumer} at {args.position} failed again: {describe_error(error)}", file=sys.stderr)
                failed += 1
                continue
            quarantine.resolve(consumer, args.position, "retried")
            print(f"{consumer} at {args.position}: done")
    finally:
        system.close()
    return 1 if failed else 0


def _retry_one(system: System, consumer: str, position: int) -> None:
    kind, _, name = consumer.partition(":")
    if kind == "view":
        system.runner.retry(name, position)
    elif kind == "webhook":
        from workers.webhooks import redeliver

        if not redeliver(system.runtime, name, position):
            raise RuntimeError("the delivery did not get through")
    elif kind == "relay":
        from workers.broker import setup_broker

        setup_broker(system.settings)
        from workers import actors  # noqa: F401  - declares the actors on the broker
        from workers.relay import Relay, broker_send, reactions

        entry = Relay(system.runtime, broker_send).reader.at(position)
        if entry is None or entry.event is None:
            raise RuntimeError(f"the event still cannot be read: {entry.error if entry else 'gone'}")
        for actor, arguments in reactions(entry.event):
            broker_send(actor, arguments)
    else:
        raise RuntimeError(f"unknown consumer {consumer!r}")


def skip(args: argparse.Namespace, settings: Settings) -> int:
    """Mark a quarantined event as passed over for good, for each consumer (or the one named)."""
    system = build_system(settings)
    try:
        quarantine = Quarantine(system.side_store)
        for consumer in _targets(system, args):
            quarantine.resolve(consumer, args.position, "skipped")
            print(f"{consumer} at {args.position}: skipped")
    finally:
        system.close()
    return 0
