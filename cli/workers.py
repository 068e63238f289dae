"""``assure worker``, ``assure relay`` and ``assure scheduler``: the production worker processes."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading

from application.settings import Settings

QUEUES = ("assure-notifications", "assure", "assure-webhooks")  # workers/actors.py, which sets the broker on import


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the worker commands."""
    worker = commands.add_parser("worker", help="run dramatiq workers for assure's actors")
    worker.add_argument("--processes", type=int, default=2)
    worker.add_argument("--threads", type=int, default=4)
    worker.add_argument("--queues", nargs="+", choices=QUEUES, metavar="QUEUE",
                        help=f"only these queues ({', '.join(QUEUES)})")  # fmt: skip
    worker.set_defaults(handler=run_worker)
    commands.add_parser("relay", help="follow the event log and enqueue the reactions").set_defaults(handler=run_relay)
    commands.add_parser("scheduler", help="enqueue the periodic scans").set_defaults(handler=run_scheduler)


def run_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Replace this process with the dramatiq CLI on ``cli.worker_entry``."""
    command = [
        sys.executable,
        "-m",
        "dramatiq",
        "cli.worker_entry",
        "--processes",
        str(args.processes),
        "--threads",
        str(args.threads),
        *(["--queues", *args.queues] if args.queues else []),
    ]
    os.execv(sys.executable, command)


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def run_relay(args: argparse.Namespace, settings: Settings) -> int:
    """Follow the log and enqueue messages until stopped."""
    from workers.broker import setup_broker

    setup_broker(settings)
    from cli.system import build_system
    from workers import actors  # noqa: F401  - declares the actors on the broker
    from workers.relay import Relay, broker_send

    relay = Relay(build_system(settings).runtime, broker_send, settings.relay_batch_size)
    print(f"relay following the log from position {relay.position()}", flush=True)
    relay.follow(_stop_on_signals(), settings.relay_poll_interval)
    return 0


def run_scheduler(args: argparse.Namespace, settings: Settings) -> int:
    """Enqueue the periodic scans until stopped."""
    from apscheduler.schedulers.background import BackgroundScheduler

    from workers.broker import setup_broker

    setup_broker(settings)
    from workers import actors  # noqa: F401
    from workers.relay import broker_send
    from workers.scheduler import add_jobs

    scheduler = BackgroundScheduler()
    add_jobs(scheduler, settings, broker_send)
    scheduler.start()
    print(f"scheduler enqueuing scans every {settings.scan_interval_minutes} minutes", flush=True)
    _stop_on_signals().wait()
    scheduler.shutdown()
    return 0
