"""Real SMTP (aiosmtpd on loopback), real Redis, and a worker runtime over the application."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes
from email.message import Message
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
import redis
from aiosmtpd.controller import Controller

from application.settings import Settings
from cli.system import System
from tests.builders import Partnership
from tests.conftest import TestClock
from workers.mail import Mailer
from workers.runtime import Runtime


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    """An SMTP server on loopback that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 OK"

    def subjects(self) -> list[str]:
        return [str(m["Subject"]) for m in self.messages]

    def wait_for(self, count: int, timeout: float = 20) -> list[str]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # and a moment more, to catch any duplicate
        return self.subjects()


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def worker_settings(base: Settings, smtp_port: int, **extra: Any) -> Settings:
    return base.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp_port,
            "executive_emails": ["exec@lscp.example"],
            "arg_emails": ["arg@lscp.example"],
            "business_manager_emails": ["bm@lscp.example"],
            "audit_chair_emails": ["chair@lscp.example"],
            "webhook_backoff_seconds": 0.01,
            "webhook_attempts": 4,
        }
        | extra
    )


@pytest.fixture
def rt(system: System, store_settings: Settings, inbox: tuple[Inbox, int]) -> Runtime:
    settings = worker_settings(store_settings, inbox[1])
    return Runtime(settings, system.app, system.side_store, Mailer(settings, system.side_store))


def stalled_action(lscp: Partnership, clock: TestClock) -> Any:
    """An action past its due date (30 June 2024)."""
    _, action_id = lscp.with_action()
    clock.set(date(2024, 7, 15))
    return action_id


class RedisServer:
    """A redis-server of the test's own, so stopping it affects nobody else."""

    def __init__(self, tmp_path: Path) -> None:
        self.port, self.dir = free_port(), tmp_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                if redis.Redis(port=self.port).ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_db(tmp_path: Path) -> Iterator[str]:
    """A real Redis of the test's own: concurrent test runs on one machine never share dramatiq's queues."""
    server = RedisServer(tmp_path)
    server.start()
    yield server.url
    server.stop()
