"""R-11, R-32: notifications survive a worker killed mid-send, never wait behind webhooks, and never break on a
line break in a reference."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from email import message_from_bytes
from email.message import Message
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from cli.system import build_system
from tests.builders import Partnership
from tests.conftest import TestClock, settings_for
from tests.workers.conftest import Inbox, free_port, worker_settings
from tests.workers.test_delivery import keys
from workers.mail import Mailer

ROOT = Path(__file__).resolve().parents[2]


class SlowRelay:
    """An SMTP server that holds the first message until told, then refuses it (never accepted), like a relay
    that stalls; later messages are accepted."""

    def __init__(self) -> None:
        self.holding, self.release = threading.Event(), threading.Event()
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if not self.holding.is_set():
            self.holding.set()
            while not self.release.is_set():
                import asyncio

                await asyncio.sleep(0.05)
            return "451 the relay gave up"
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"


def test_an_email_whose_worker_was_killed_mid_send_is_sent_after_restart_r11(tmp_path: Path) -> None:
    relay, port = SlowRelay(), free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    settings = worker_settings(settings_for("sqlite", tmp_path), port, mail_lease_seconds=1)
    system = build_system(settings, clock=TestClock())
    lscp = Partnership.register(system.app, TestClock())
    audit_id = lscp.in_fieldwork()
    concern = system.app.raise_concern(lscp.pol_auditor, audit_id, "DA-02", lscp.pid("pol_lead"), "No safety plan.")
    system.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSURE_")} | {"PYTHONPATH": str(ROOT)}
    env |= {f"ASSURE_{k.upper()}": v if isinstance(v, str) else __import__("json").dumps(v)
            for k, v in settings.model_dump(mode="json").items() if v is not None}  # fmt: skip
    job = ("from application.settings import Settings; from cli.system import build_system; from workers import jobs;"
           f" print(jobs.notify_concern(build_system(Settings()).runtime, '{concern.id}', 1))")  # fmt: skip
    try:
        first = subprocess.Popen([sys.executable, "-c", job], env=env, cwd=tmp_path, stdout=subprocess.PIPE)
        assert relay.holding.wait(60), "the worker never reached the relay"
        first.send_signal(signal.SIGKILL)  # killed while the relay holds the message
        first.wait()
        relay.release.set()
        again = subprocess.run([sys.executable, "-c", job], env=env, cwd=tmp_path, capture_output=True, text=True,
                               timeout=120)  # fmt: skip
    finally:
        controller.stop()
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "True"  # the restarted worker sends it: the killed send was never marked sent
    assert [str(m["X-Assure-Key"]) for m in relay.messages] == [f"concern:{concern.id}:1"]


def test_a_line_break_in_a_case_reference_or_title_never_breaks_the_email_r11(
    tmp_path: Path, inbox: tuple[Inbox, int]
) -> None:
    settings = worker_settings(settings_for("sqlite", tmp_path), inbox[1])
    mailer = Mailer(settings, build_system(settings).side_store)
    assert mailer.send_once("k1", ["lead@lscp.example"], "Urgent concern: case DA-02\r\nBcc: evil@x.example", "t")
    [message] = inbox[0].messages
    assert message["Subject"] == "Urgent concern: case DA-02 Bcc: evil@x.example" and message["Bcc"] is None


class Stuck(BaseHTTPRequestHandler):
    """A webhook subscriber that holds every delivery until the test lets go."""

    released = threading.Event()

    def do_POST(self) -> None:
        Stuck.released.wait(60)
        self.send_response(500)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_a_stuck_webhook_subscriber_never_delays_an_urgent_concern_email_r11(
    tmp_path: Path, inbox: tuple[Inbox, int]
) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Stuck)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Stuck.released.clear()
    settings = worker_settings(settings_for("sqlite", tmp_path), inbox[1])
    settings = settings.model_copy(update={"relay_poll_interval": 0.01, "scan_interval_minutes": 600})
    system = build_system(settings, clock=TestClock())
    try:
        lscp = Partnership.register(system.app, TestClock())
        audit_id = lscp.in_fieldwork()
        for n in range(3):  # three subscriptions: three pumps, more than the worker pool has threads
            url = f"http://127.0.0.1:{server.server_address[1]}/hook{n}"
            system.app.create_subscription(lscp.admin, url, ["ConcernRaised"])
        system.start_projector()
        system.start_workers(schedule=False)
        for n in range(3):  # each delivery is held: the webhook pool is busy for as long as the test wants
            system.app.raise_concern(lscp.pol_auditor, audit_id, "DA-02", lscp.pid("pol_lead"), f"Concern {n}.")
        inbox[0].wait_for(3, timeout=60)
        still_stuck = not Stuck.released.is_set()
    finally:
        Stuck.released.set()
        system.close()
        server.shutdown()
    assert still_stuck and len(set(keys(inbox[0]))) == 3  # all three emails went while every delivery was held
