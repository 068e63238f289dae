"""``assure projector`` and ``assure projections rebuild|status``."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from application.settings import Settings
from cli.rebuild import rebuild_in_parallel
from cli.system import build_system
from projections.runner import VIEW_NAMES


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the projection commands."""
    projector = commands.add_parser("projector", help="keep the views up to date, following the event log")
    projector.add_argument("views", nargs="*", metavar="VIEW", help=", ".join(VIEW_NAMES))
    projector.set_defaults(handler=run_projector)
    projections = commands.add_parser("projections", help="rebuild the views or show how far behind they are")
    actions = projections.add_subparsers(dest="action", required=True)
    rebuild = actions.add_parser("rebuild", help="rebuild views from position zero")
    rebuild.add_argument("views", nargs="*", metavar="VIEW", help=", ".join(VIEW_NAMES))
    rebuild.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="processes (PostgreSQL): the trail by log ranges, the other views beside it",
    )
    rebuild.set_defaults(handler=rebuild_views)
    status = actions.add_parser("status", help="each view's position and lag")
    status.set_defaults(handler=show_status)


def _check(names: list[str]) -> None:
    unknown = sorted(set(names) - set(VIEW_NAMES))
    if unknown:
        raise SystemExit(f"error: unknown views: {', '.join(unknown)}; known: {', '.join(VIEW_NAMES)}")


def run_projector(args: argparse.Namespace, settings: Settings) -> int:
    """Follow the log until SIGTERM or SIGINT."""
    _check(args.views)
    runner = build_system(settings, views=args.views or None).runner
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    print(f"projector following the log for: {', '.join(p.name for p in runner.projections)}", flush=True)
    runner.follow(stop, settings.projection_poll_interval)
    return 0


def _bar(done: int, total: int) -> None:
    share = done / total if total else 1.0
    filled = int(share * 30)
    print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} events", end="", file=sys.stderr, flush=True)


def rebuild_views(args: argparse.Namespace, settings: Settings) -> int:
    """Rebuild the named views (all when none are named) from position zero."""
    _check(args.views)
    if args.jobs < 1:
        raise SystemExit("error: --jobs must be 1 or more")
    if args.jobs > 1:
        head = rebuild_in_parallel(settings, args.views or None, args.jobs)
        print(f"rebuilt {', '.join(args.views or VIEW_NAMES)} up to position {head} in {args.jobs} processes")
        return 0
    runner = build_system(settings, views=args.views or None).runner
    read = runner.rebuild(progress=_bar)
    print(file=sys.stderr)
    print(f"rebuilt {', '.join(p.name for p in runner.projections)} from {read} events")
    return 0


def show_status(args: argparse.Namespace, settings: Settings) -> int:
    """Print each view's position and lag."""
    runner = build_system(settings).runner
    print(f"{'view':<16}{'position':>10}{'lag':>8}")
    for row in runner.status():
        print(f"{row['view']:<16}{row['position']:>10}{row['lag']:>8}")
    return 0
