"""Issue 5's figures: events/s from the log to delivered webhooks, and commit-to-delivery latency at 100 events/s."""

from __future__ import annotations

import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from benchmarks.common import Figure, free_port, percentile, postgres_settings
from cli.system import build_system
from demo.clock import SteppingClock as TestClock
from demo.partnership import Partnership
from workers.embedded import WorkerSide

ARRIVALS: dict[int, float] = {}


class Sink(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        import json

        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        ARRIVALS.setdefault(body["position"], time.perf_counter())
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def figures(rate: float = 100.0, seconds: float = 5.0) -> list[Figure]:
    """A writer at ``rate`` commands/s; the embedded relay and a dramatiq worker deliver to a loopback sink."""
    ARRIVALS.clear()
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Sink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with postgres_settings(
        webhook_backoff_seconds=0.01, relay_poll_interval=0.01, webhook_allow_http_loopback=True
    ) as settings:
        clock = TestClock()
        system = build_system(settings, clock=clock)
        app, runner = system.app, system.runner
        lscp = Partnership.register(app, clock)
        _, action = lscp.with_action()
        clock.set(date(2024, 4, 1))
        app.create_subscription(lscp.admin, f"http://127.0.0.1:{server.server_address[1]}/", ["ActionProgressReported"])
        stop = threading.Event()
        follower = threading.Thread(target=runner.follow, args=(stop, 0.01), daemon=True)
        follower.start()
        side = WorkerSide(system.runtime, schedule=False)
        side.start()
        commits: dict[int, float] = {}
        for n in range(int(rate * seconds)):
            due = time.perf_counter() + 1 / rate
            commits[app.report_action_progress(lscp.csc_lead, action, f"note {n}").position] = time.perf_counter()
            time.sleep(max(0.0, due - time.perf_counter()))
        deadline = time.perf_counter() + 30
        while len(ARRIVALS) < len(commits) and time.perf_counter() < deadline:
            time.sleep(0.05)
        side.stop()
        stop.set()
        follower.join(timeout=5)
        app.close()
    server.shutdown()
    lags = [(ARRIVALS[p] - t) * 1000 for p, t in commits.items() if p in ARRIVALS]
    span = max(ARRIVALS.values()) - min(commits.values()) if ARRIVALS else float("nan")
    return [
        Figure(f"webhook deliveries/s ({rate:.0f} events/s offered)", len(lags) / span, "events/s"),
        Figure("commit-to-delivery latency p50", percentile(lags, 0.5), "ms"),
        Figure("commit-to-delivery latency p99", percentile(lags, 0.99), "ms", goal="< 1000 ms"),
        Figure("webhook events delivered of those written", 100 * len(lags) / len(commits), "%", goal="100 %"),
    ]
