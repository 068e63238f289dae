"""Issue 4's and 7's figures: API throughput and latency under 16 clients, and command appends through the
application, each beside the bare eventsourcing append rate measured in the same run."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from application.settings import Settings
from benchmarks.common import Figure, free_port, percentile, postgres_settings
from cli.serve import DEFAULT_WORKERS
from cli.system import build_application
from demo.clock import SteppingClock as TestClock
from demo.partnership import Partnership

ROOT = Path(__file__).resolve().parents[1]
API_WORKERS = int(os.environ.get("ASSURE_BENCH_API_WORKERS", "0"))  # 0: assure api's default


class Counter(Aggregate):
    """The smallest aggregate: one event per increment."""

    @event("Incremented")
    def increment(self) -> None:
        """Nothing but the event."""


def bare_append_rate(settings: Settings, count: int = 2000, **options: str) -> float:
    """Single-event saves of a trivial aggregate, one transaction each: eventsourcing with nothing of ours (and
    eventsourcing's own options, e.g. ``POSTGRES_ENABLE_DB_FUNCTIONS="y"``)."""
    bare: Application[Any] = Application(
        env=settings.eventsourcing_env() | {"PERSISTENCE_MODULE": "eventsourcing.postgres"} | options
    )
    counter = Counter()
    bare.save(counter)
    start = time.perf_counter()
    for _ in range(count):
        counter.increment()
        bare.save(counter)
    elapsed = time.perf_counter() - start
    bare.close()
    return count / elapsed


def command_rate(settings: Settings, count: int = 2000) -> float:
    """Commands through the application, each loading, checking and saving one aggregate."""
    clock = TestClock()
    app = build_application(settings, clock=clock)
    lscp = Partnership.register(app, clock)
    _, action = lscp.with_action()
    start = time.perf_counter()
    for n in range(count):
        app.report_action_progress(lscp.csc_lead, action, f"note {n}")
    elapsed = time.perf_counter() - start
    app.close()
    return count / elapsed


def api_load(
    settings: Settings, clients: int = 16, seconds: float = 10.0, workers: int | None = None, *options: str
) -> tuple[float, float, float, float]:
    """Mixed load (half commands, half reads) from 16 clients on the API served by uvicorn in its own process(es),
    started as ``assure api`` starts it (``workers`` processes, ``assure api``'s default when None)."""
    clock = TestClock()
    app = build_application(settings, clock=clock)
    lscp = Partnership.register(app, clock)
    actions = []
    for _ in range(clients):
        clock.current = TestClock().current  # each audit's story starts on the same day
        actions.append(lscp.with_action()[1])
    clock.current = datetime.now(UTC)  # tokens must be valid at the real time the server checks them
    work = []
    for action in actions:
        token, _ = app.issue_credential(lscp.admin, lscp.pid("csc_lead"), "bench")
        work.append((str(action), token))
    app.close()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSURE_")} | {"PYTHONPATH": str(ROOT)}
    env |= {f"ASSURE_{k.upper()}": str(v) for k, v in settings.model_dump(mode="json").items() if v is not None}
    env["ASSURE_POSTGRES_PASSWORD"] = ""
    workers = workers or API_WORKERS or DEFAULT_WORKERS
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "api", "--host", "127.0.0.1", "--port", str(port), "--workers",
         str(workers), *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(os.devnull, "w") if not os.environ.get("ASSURE_BENCH_API_LOG") else None,  # noqa: SIM115
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base)
        deadline = time.perf_counter() + seconds
        with ThreadPoolExecutor(clients) as pool:
            results = list(pool.map(lambda job: _client(base, job, deadline), work))
    finally:
        server.terminate()
        server.wait(timeout=10)
    latencies = [lat for r in results for lat in r[0]]
    commands = sum(r[1] for r in results)
    return commands / seconds, len(latencies) / seconds, percentile(latencies, 0.5), percentile(latencies, 0.99)


def _wait_for(base: str) -> None:
    for _ in range(200):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise RuntimeError("the API did not start")


def _client(base: str, job: tuple[str, str], deadline: float) -> tuple[list[float], int]:
    action, token = job
    headers = {"Authorization": f"Bearer {token}"}
    latencies: list[float] = []
    commands = 0
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        n = 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                if n % 2 == 0:
                    response: Any = client.post(f"/actions/{action}/progress", json={"note": f"note {n}"})
                    commands += response.status_code == 200
                else:
                    response = client.get(f"/actions/{action}")
            except httpx.TransportError as error:  # told, not fatal: one reset once cost the whole table's figures
                print(f"API benchmark: a request failed at the transport ({error!r}); not counted", file=sys.stderr)
            else:
                latencies.append((time.perf_counter() - start) * 1000)
            n += 1
    return latencies, commands


def figures_bare(quick: bool = False, **options: str) -> float:
    """The bare eventsourcing append rate on a fresh schema."""
    with postgres_settings() as settings:
        return bare_append_rate(settings, 500 if quick else 2000, **options)


def figures(quick: bool = False) -> list[Figure]:
    """The API and append figures."""
    with postgres_settings() as settings:
        bare = bare_append_rate(settings, 500 if quick else 2000)
        through_app = command_rate(settings, 500 if quick else 2000)
    with postgres_settings() as settings:
        bare_again = bare_append_rate(settings, 500 if quick else 2000)
        commands, requests, p50, p99 = api_load(settings, seconds=3 if quick else 10)
    return [
        Figure(
            "command appends through the application",
            through_app,
            "cmd/s",
            bare,
            "appends/s bare eventsourcing",
            "ratio >= 0.8",
        ),
        Figure(
            "API commands/s (16 clients, half reads)",
            commands,
            "cmd/s",
            bare_again,
            "appends/s bare eventsourcing",
            "ratio >= 0.5",
        ),
        Figure("API requests/s (16 clients)", requests, "req/s"),
        Figure("API latency p50 (16 clients)", p50, "ms"),
        Figure("API latency p99 (16 clients)", p99, "ms", goal="< 50 ms"),
    ]


SETUPS = [(1, ()), (2, ()), (3, ()), (2, ("--no-access-log",))]


def setup_figures(seconds: float = 8.0) -> list[Figure]:
    """``assure api`` set up each way (workers, access log) under the same 16 clients, one after the other on fresh
    schemas; each p99 beside the one-worker p99 of the same run (``python -m benchmarks.api [--quick]``)."""
    measured = []
    for workers, options in SETUPS:
        with postgres_settings() as settings:
            measured.append((workers, options, os.getloadavg()[0], api_load(settings, 16, seconds, workers, *options)))
    first = measured[0][3][3]
    figures = []
    for workers, options, load, (commands, _, p50, p99) in measured:
        setup = f"{workers} worker{'s' if workers > 1 else ''}{' ' + ' '.join(options) if options else ''}"
        figures.append(Figure(f"API p99, {setup} (load {load:.1f})", p99, "ms", first, "ms p99 with 1 worker"))
        figures.append(Figure(f"  commands/s, p50 {p50:.0f} ms", commands, "cmd/s"))
    return figures


if __name__ == "__main__":
    from benchmarks.common import machine, print_table

    print(f"assure API setups on {machine()}", flush=True)
    print_table(setup_figures(3 if "--quick" in sys.argv else 8))
