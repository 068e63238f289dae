"""Issue 11's figure: from ConcernRaised to the manager's email, with a failing webhook subscriber alongside."""

from __future__ import annotations

import asyncio
import threading
import time
from email import message_from_bytes
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

from benchmarks.common import Figure, free_port, percentile, postgres_settings
from cli.system import build_system
from demo.clock import SteppingClock
from demo.partnership import Partnership


class Failing(BaseHTTPRequestHandler):
    """A subscriber that is down: slow, then 503, every time."""

    def do_POST(self) -> None:
        time.sleep(0.5)
        self.send_response(503)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


class Arrivals:
    """An SMTP server that notes when each message arrived, by its key."""

    def __init__(self) -> None:
        self.at: dict[str, float] = {}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=default)
        self.at.setdefault(str(message["X-Assure-Key"]), time.perf_counter())
        await asyncio.sleep(0)
        return "250 OK"


def figures(rate: float = 50.0, seconds: float = 5.0) -> list[Figure]:
    """Concerns raised at ``rate`` per second; every event also goes to three failing webhook subscribers."""
    hooks = ThreadingHTTPServer(("127.0.0.1", free_port()), Failing)
    threading.Thread(target=hooks.serve_forever, daemon=True).start()
    inbox, port = Arrivals(), free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    extra = {"smtp_host": "127.0.0.1", "smtp_port": port, "relay_poll_interval": 0.01, "webhook_backoff_seconds": 1.0,
             "webhook_allow_http_loopback": True}  # fmt: skip
    with postgres_settings(**extra) as settings:
        clock = SteppingClock()
        system = build_system(settings, clock=clock)
        lscp = Partnership.register(system.app, clock)
        audit_id = lscp.in_fieldwork()
        for n in range(3):
            url = f"http://127.0.0.1:{hooks.server_address[1]}/down{n}"
            system.app.create_subscription(lscp.admin, url, [])
        system.start_projector()
        system.start_workers(schedule=False)
        raised: dict[str, float] = {}
        for n in range(int(rate * seconds)):
            due = time.perf_counter() + 1 / rate
            receipt = system.app.raise_concern(lscp.pol_auditor, audit_id, "DA-02", lscp.pid("pol_lead"), f"No. {n}")
            raised[f"concern:{receipt.id}:1"] = time.perf_counter()
            time.sleep(max(0.0, due - time.perf_counter()))
        deadline = time.perf_counter() + 60
        while len(inbox.at) < len(raised) and time.perf_counter() < deadline:
            time.sleep(0.05)
        system.close()
    smtp.stop()
    hooks.shutdown()
    lags = [(inbox.at[key] - at) * 1000 for key, at in raised.items() if key in inbox.at]
    return [
        Figure(
            f"ConcernRaised to email p99, failing subscribers, {rate:.0f} events/s",
            percentile(lags, 0.99),
            "ms",
            goal="< 2000 ms",
        ),
        Figure("concern emails sent of those raised", 100 * len(lags) / len(raised), "%", goal="100 %"),
    ]
