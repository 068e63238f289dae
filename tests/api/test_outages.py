"""R-32: PostgreSQL connections terminated under load. Every answer is 2xx, 4xx or 503 with a body; the API and the
projector carry on without a restart; a command made afterwards reaches the views."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
import uvicorn

from cli.system import build_api
from tests.api.conftest import Http
from tests.api.test_concurrency import an_action
from tests.conftest import PG, settings_for


@pytest.fixture
def own_database() -> Iterator[str]:
    """A database of the test's own, so terminating its connections touches nobody else's."""
    name = f"assure_outage_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**PG, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield name
    with psycopg.connect(**PG, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def terminate_connections(database: str) -> int:
    with psycopg.connect(**PG, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchall()
    return len(rows)


def test_terminated_database_connections_give_503_or_success_and_everything_carries_on_r32(
    tmp_path: Path, own_database: str
) -> None:
    settings = settings_for("postgres", tmp_path).model_copy(
        update={"postgres_dbname": own_database, "postgres_schema": "", "postgres_pool_size": 4}
    )
    app = build_api(settings, embedded=True, workers=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    statuses: Counter[int] = Counter()
    bodies_missing = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            token, receipt = app.state.application.bootstrap_admin("Admin", "admin@t.example")
            h = Http(client, {"admin": token}, {"admin": str(receipt.id)}).register()  # type: ignore[arg-type]
            action = an_action(h)
            stop = threading.Event()

            def load(worker: int) -> None:
                with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as own:
                    headers = h.headers("csc_lead")
                    n = 0
                    while not stop.is_set():
                        n += 1
                        if n % 2:
                            body = {"note": f"client {worker} note {n}"}
                            answer = own.post(f"/actions/{action}/progress", json=body, headers=headers)
                        else:
                            answer = own.get(f"/actions/{action}", headers=headers)
                        statuses[answer.status_code] += 1
                        if answer.status_code >= 500 and "error" not in answer.json():
                            bodies_missing.append(answer.text)

            clients = [threading.Thread(target=load, args=(n,)) for n in range(6)]
            for thread in clients:
                thread.start()
            terminated = 0
            for _ in range(4):
                time.sleep(1.0)
                terminated += terminate_connections(own_database)
            stop.set()
            for thread in clients:
                thread.join(timeout=60)
            after = h.ok(h.post("csc_lead", f"/actions/{action}/progress", {"note": "after the outage"}))
            reached = h.get("governance", "/views", wait_for=after["position"]).json()["reached"]
    finally:
        server.should_exit = True
    assert terminated > 0
    assert all(status < 500 or status == 503 for status in statuses), statuses  # 409: clients racing each other
    assert statuses[200] + statuses[201] > 0 and bodies_missing == []
    assert reached is True  # the projector thread reconnected by itself
