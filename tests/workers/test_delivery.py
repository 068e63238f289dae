"""Delivery guarantees: the relay killed and restarted, Redis down and back, and signed, ordered, retried webhooks."""

from __future__ import annotations

import base64
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import dramatiq
import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from application.settings import Settings
from cli.system import build_system
from tests.builders import Partnership
from tests.conftest import TestClock, settings_for
from tests.workers.conftest import Inbox, RedisServer, free_port, worker_settings
from workers import actors, runtime, webhooks
from workers.relay import Relay, broker_send
from workers.runtime import Runtime

ROOT = Path(__file__).resolve().parents[2]


def raise_concerns(settings: Settings, count: int) -> tuple[Runtime, int]:
    """A partnership whose auditor raises ``count`` urgent concerns; returns the runtime and the log's head."""
    rt, lscp, audit_id = partnership(settings)
    for n in range(count):
        rt.app.raise_concern(lscp.pol_auditor, audit_id, "DA-02", lscp.pid("pol_lead"), f"Concern number {n}.")
    return rt, rt.app.max_position()


def partnership(settings: Settings) -> tuple[Runtime, Partnership, Any]:
    """The runtime over a registered partnership with an audit in fieldwork."""
    clock = TestClock()
    system = build_system(settings, clock=clock)
    lscp = Partnership.register(system.app, clock)
    audit_id = lscp.in_fieldwork()
    system.runner.catch_up()
    return system.runtime, lscp, audit_id


def start_worker(rt: Runtime, redis_url: str) -> tuple[dramatiq.Broker, Worker]:
    broker = RedisBroker(url=redis_url)
    dramatiq.set_broker(broker)
    actors.bind(broker, max_retries=3)
    runtime.use(rt)
    worker = Worker(broker, worker_threads=2, worker_timeout=100)
    worker.start()
    return broker, worker


def keys(inbox: Inbox) -> list[str]:
    return [str(m["X-Assure-Key"]) for m in inbox.messages]


def test_the_relay_killed_and_restarted_loses_nothing_and_repeats_no_email(
    tmp_path: Path, inbox: tuple[Inbox, int], redis_db: str
) -> None:
    settings = worker_settings(
        settings_for("sqlite", tmp_path),
        inbox[1],
        broker="redis",
        redis_url=redis_db,
        relay_batch_size=2,
        relay_poll_interval=0.01,
    )
    rt, head = raise_concerns(settings, 30)
    broker, worker = start_worker(rt, redis_db)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSURE_")} | {"PYTHONPATH": str(ROOT)}
    env |= {
        f"ASSURE_{k.upper()}": (json.dumps(v) if isinstance(v, list) else str(v))
        for k, v in settings.model_dump(mode="json").items()
        if v is not None
    }
    relay = Relay(rt, broker_send)
    chance, kills = random.Random(7), 0
    try:
        while relay.position() < head and kills < 4:
            process = subprocess.Popen(
                [sys.executable, "-m", "cli.main", "relay"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            target, deadline = relay.position() + chance.randint(3, 20), time.monotonic() + 30
            while relay.position() < target and time.monotonic() < deadline:
                time.sleep(0.005)
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
        process = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "relay"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while relay.position() < head and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
        inbox[0].wait_for(30)
    finally:
        worker.stop()
        broker.close()
    assert kills >= 2
    assert sorted(keys(inbox[0])) == sorted(set(keys(inbox[0]))) and len(keys(inbox[0])) == 30


def test_with_redis_stopped_and_started_again_every_email_still_goes_out(
    tmp_path: Path, inbox: tuple[Inbox, int]
) -> None:
    server = RedisServer(tmp_path)
    server.start()
    settings = worker_settings(settings_for("sqlite", tmp_path), inbox[1], broker="redis", redis_url=server.url)
    rt, lscp, audit_id = partnership(settings)
    broker = RedisBroker(url=server.url)
    dramatiq.set_broker(broker)
    actors.bind(broker, max_retries=3)
    relay = Relay(rt, broker_send)
    relay.run_once()
    server.stop()
    for n in range(3):
        rt.app.raise_concern(lscp.pol_auditor, audit_id, "DA-01", lscp.pid("pol_lead"), f"Outage {n}")
    before = relay.position()
    with pytest.raises(Exception):  # noqa: B017 - whatever the client raises, nothing may be lost
        relay.run_once()
    assert relay.position() == before
    server.start()
    broker.close()
    broker, worker = start_worker(rt, server.url)
    try:
        while relay.run_once():
            pass
        assert len(inbox[0].wait_for(3)) == 3
    finally:
        worker.stop()
        broker.close()
        server.stop()


class Receiver(BaseHTTPRequestHandler):
    """A subscriber on loopback: verifies EVERY delivery with the standardwebhooks package (never with our own
    code), answers 500 to first attempts, and records what it accepts and what failed verification."""

    secret = ""
    other_secrets: list[str] = []  # a second receiver's view: the same delivery checked with these too
    fail_first = 2
    always_fail: set[str] = set()
    attempts: dict[str, int] = {}
    accepted: list[dict[str, Any]] = []
    unverified: list[str] = []
    verified_by: dict[str, set[str]] = {}

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"])).decode()
        headers = {k: self.headers[k] for k in ("webhook-id", "webhook-timestamp", "webhook-signature")}
        for other in self.other_secrets:
            if _verifies(other, body, headers):
                self.verified_by.setdefault(headers["webhook-id"], set()).add(other)
        if not _verifies(self.secret, body, headers):
            self.unverified.append(headers["webhook-id"])
            self.send_response(401)
            self.end_headers()
            return
        message_id = headers["webhook-id"]
        item = json.loads(body)
        self.attempts[message_id] = self.attempts.get(message_id, 0) + 1
        fail = item["type"] in self.always_fail or self.attempts[message_id] <= self.fail_first
        if not fail and all(a["id"] != message_id for a in self.accepted):
            self.accepted.append(item)
        self.send_response(500 if fail else 204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.attempts, Receiver.accepted, Receiver.always_fail = {}, [], set()
    Receiver.unverified, Receiver.other_secrets, Receiver.verified_by = [], [], {}
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    assert Receiver.unverified == [], "every delivery must verify with the standardwebhooks package"


def _verifies(secret: str, body: str, headers: dict[str, str]) -> bool:
    try:
        Webhook(secret).verify(body, headers)
    except WebhookVerificationError:
        return False
    return True


def test_webhooks_are_signed_ordered_and_retried_after_500s_r25(
    tmp_path: Path, inbox: tuple[Inbox, int], receiver: str
) -> None:
    settings = worker_settings(settings_for("sqlite", tmp_path), inbox[1])
    rt, _ = raise_concerns(settings, 4)
    admin = rt.app.principal(rt.app.person_id_for("admin@t.example"))
    receipt, secret = rt.app.create_subscription(admin, receiver, ["ConcernRaised", "SubscriptionCreated"])
    Receiver.secret = secret
    assert webhooks.pump(rt, str(receipt.id)) == 5
    types = [item["type"] for item in Receiver.accepted]
    assert types == ["ConcernRaised"] * 4 + ["SubscriptionCreated"]
    positions = [item["position"] for item in Receiver.accepted]
    assert positions == sorted(positions)
    assert all(Receiver.attempts[item["id"]] == 3 for item in Receiver.accepted)  # two 500s, then accepted
    assert webhooks.pump(rt, str(receipt.id)) == 0  # nothing is delivered twice


def test_a_delivery_that_keeps_failing_is_listed_and_can_be_redelivered_r25(
    tmp_path: Path, inbox: tuple[Inbox, int], receiver: str
) -> None:
    settings = worker_settings(settings_for("sqlite", tmp_path), inbox[1])
    rt, _ = raise_concerns(settings, 2)
    admin = rt.app.principal(rt.app.person_id_for("admin@t.example"))
    receipt, secret = rt.app.create_subscription(admin, receiver, ["ConcernRaised"])
    Receiver.secret, Receiver.fail_first, Receiver.always_fail = secret, 0, {"ConcernRaised"}
    webhooks.pump(rt, str(receipt.id))
    failed = webhooks.failures(rt, str(receipt.id))
    assert [f["attempts"] for f in failed] == [4, 4]
    Receiver.always_fail = set()
    assert webhooks.redeliver(rt, str(receipt.id), failed[0]["position"]) is True
    assert len(webhooks.failures(rt, str(receipt.id))) == 1
    Receiver.fail_first = 2
    assert Receiver.unverified == []


def test_secrets_are_whsec_and_base64_of_32_bytes_and_deliveries_verify_with_standardwebhooks_r25(
    tmp_path: Path, inbox: tuple[Inbox, int], receiver: str
) -> None:
    settings = worker_settings(settings_for("sqlite", tmp_path), inbox[1])
    rt, _ = raise_concerns(settings, 1)
    admin = rt.app.principal(rt.app.person_id_for("admin@t.example"))
    receipt, secret = rt.app.create_subscription(admin, receiver, ["ConcernRaised"])
    _, other = rt.app.create_subscription(admin, receiver, ["ConcernRaised"])
    assert secret.startswith("whsec_") and len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) == 32
    assert other != secret
    Receiver.secret, Receiver.fail_first = secret, 0
    assert webhooks.pump(rt, str(receipt.id)) == 1
    assert Receiver.unverified == [] and len(Receiver.accepted) == 1


def test_a_rotated_secret_signs_beside_the_old_one_until_the_overlap_ends_r25(
    tmp_path: Path, inbox: tuple[Inbox, int], receiver: str
) -> None:
    settings = worker_settings(settings_for("sqlite", tmp_path), inbox[1])
    rt, lscp, audit_id = partnership(settings)
    admin = rt.app.principal(rt.app.person_id_for("admin@t.example"))
    receipt, old = rt.app.create_subscription(admin, receiver, ["ConcernRaised"])
    Receiver.secret, Receiver.fail_first = old, 0

    def concern_delivered() -> str:
        rt.app.raise_concern(lscp.pol_auditor, audit_id, "DA-01", lscp.pid("pol_lead"), "Concern.")
        assert webhooks.pump(rt, str(receipt.id)) == 1
        return str(Receiver.accepted[-1]["id"])

    concern_delivered()
    _, new, until = rt.app.rotate_subscription_secret(admin, receipt.id, timedelta(hours=24))
    rotated = list(rt.app.events.get(receipt.id))[-1]
    assert new != old and until == (rotated.timestamp + timedelta(hours=24)).isoformat()
    Receiver.secret, Receiver.other_secrets = new, [old]
    during = concern_delivered()
    assert Receiver.verified_by[during] == {old}  # a receiver still on the old secret verifies too
    rt.app.clock.advance(hours=25)
    after = concern_delivered()
    assert after not in Receiver.verified_by  # the overlap is over: only the new secret signs
    assert Receiver.unverified == []
