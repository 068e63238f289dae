"""An HTTP client on the real app (SQLite, projector in-process), and a partnership registered over HTTP."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cli.system import build_api
from tests.builders import AGENCIES, PEOPLE
from tests.conftest import drop_pg_schema, settings_for


@dataclass
class Http:
    """The client, and a token for a person in every role."""

    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    def headers(self, who: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}", **extra}

    def post(self, who: str, path: str, body: Any = None, **headers: str) -> Any:
        return self.client.post(path, json=body, headers=self.headers(who, **headers))

    def get(self, who: str, path: str, **params: Any) -> Any:
        return self.client.get(path, params=params, headers=self.headers(who))

    def ok(self, response: Any, status: int = 200) -> Any:
        assert response.status_code == status, response.text
        return response.json()

    def wait(self, who: str, position: int) -> None:
        assert self.get(who, "/views", wait_for=position).json()["reached"] is True

    def register(self) -> Http:
        """Agencies and people of tests/builders.py, registered and given tokens over HTTP."""
        for code, name, kind in AGENCIES:
            self.ok(self.post("admin", "/agencies", {"code": code, "name": name, "agency_kind": kind}), 201)
        for key, (agency, roles) in PEOPLE.items():
            body = {
                "name": key.replace("_", " ").title(),
                "email": f"{key}@t.example",
                "agency_code": agency,
                "roles": [str(r) for r in roles],
            }
            person = self.ok(self.post("admin", "/people", body), 201)
            self.ids[key] = person["id"]
            issued = self.ok(self.post("admin", f"/people/{person['id']}/credentials", {"label": "tests"}), 201)
            self.tokens[key] = issued["token"]
        return self


def open_http(settings: Any) -> Iterator[Http]:
    app = build_api(settings, embedded=True)
    with TestClient(app) as client:
        token, receipt = app.state.application.bootstrap_admin("Admin", "admin@t.example")
        yield Http(client, {"admin": token}, {"admin": str(receipt.id)}).register()


@pytest.fixture
def http(tmp_path: Path) -> Iterator[Http]:
    """The API on SQLite with the projector following in a thread."""
    yield from open_http(settings_for("sqlite", tmp_path))


@pytest.fixture
def http_pg(tmp_path: Path) -> Iterator[Http]:
    """The API on PostgreSQL."""
    settings = settings_for("postgres", tmp_path)
    try:
        yield from open_http(settings)
    finally:
        drop_pg_schema(settings.postgres_schema)


@contextmanager
def served_on_loopback(app: FastAPI) -> Iterator[str]:
    """Serve the app with uvicorn on a free loopback port for the block; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
