"""Issue 19 (R-26): token checks keep the person's record in each API process and use it again while the store
holds nothing newer. A credential revoked through one API replica is refused on the very next request to another
replica, which had just accepted it; an unchanged token keeps working on both."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from application.settings import Settings
from cli.system import build_system
from tests.conftest import drop_pg_schema, settings_for

ROOT = Path(__file__).resolve().parents[2]
PORTS = range(18190, 18200)  # the ports this project's live servers may use


def free_port(taken: set[int]) -> int:
    for port in PORTS:
        if port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        taken.add(port)
        return port
    pytest.skip("no free port in 18190-18199 for a live API")


@contextmanager
def api_process(settings: Settings, port: int) -> Iterator[str]:
    """``assure api``'s factory in a process of its own, on the given settings; yields its base URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSURE_")} | {"PYTHONPATH": str(ROOT)}
    env |= {f"ASSURE_{k.upper()}": str(v) for k, v in settings.model_dump(mode="json").items()
            if v is not None and not isinstance(v, list)}  # fmt: skip
    env |= {"ASSURE_POSTGRES_PASSWORD": "", "ASSURE_CREATE_TABLES": "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "cli.system:api_from_environment", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, "the API process ended"
            time.sleep(0.05)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=15)


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[Settings]:
    """A fresh schema with every table created once, before any API process starts."""
    settings = settings_for("postgres", tmp_path)
    build_system(settings).close()
    try:
        yield settings
    finally:
        drop_pg_schema(settings.postgres_schema)


def test_a_token_revoked_through_one_replica_is_refused_by_the_other_on_the_next_request_r26_issue19(
    postgres: Settings,
) -> None:
    system = build_system(postgres)
    admin_token, admin = system.app.bootstrap_admin("Admin", "admin@t.example")
    system.close()
    taken: set[int] = set()
    with ExitStack() as stack:
        one = stack.enter_context(api_process(postgres, free_port(taken)))
        two = stack.enter_context(api_process(postgres, free_port(taken)))
        as_admin = {"Authorization": f"Bearer {admin_token}"}
        issued = httpx.post(f"{one}/people/{admin.id}/credentials", json={"label": "laptop"}, headers=as_admin)
        assert issued.status_code == 201, issued.text
        laptop = {"Authorization": f"Bearer {issued.json()['token']}"}
        for base in (one, two, one, two):  # both replicas accept it (and have the person's record in hand)
            assert httpx.get(f"{base}/me", headers=laptop).json()["person_id"] == str(admin.id)

        revoked = httpx.post(f"{one}/people/{admin.id}/credentials/{issued.json()['credential_id']}/revoke",
                             json={"reason": "laptop lost"}, headers=as_admin)  # fmt: skip
        assert revoked.status_code == 200, revoked.text

        refused = httpx.get(f"{two}/me", headers=laptop)
        assert refused.status_code == 401
        assert refused.json() == {"error": "not_authenticated", "detail": "the bearer token has been revoked"}
        assert httpx.get(f"{one}/me", headers=laptop).status_code == 401
        for base in (one, two):  # the person's other token is untouched by the revocation
            assert httpx.get(f"{base}/me", headers=as_admin).status_code == 200
