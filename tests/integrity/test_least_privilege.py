"""Least privilege on PostgreSQL (R-30): the service's own role may append and read events, never rewrite them."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest

from cli.main import main
from cli.system import build_application
from tests.builders import Partnership
from tests.conftest import PG, TestClock, drop_pg_schema, settings_for


@pytest.fixture
def secured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    role = f"svc_{uuid.uuid4().hex[:10]}"
    owner = settings_for("postgres", tmp_path, postgres_service_user=role, postgres_service_password="s3cret")
    env = {"STORE": "postgres", "POSTGRES_HOST": PG["host"], "POSTGRES_PORT": str(PG["port"]),
           "POSTGRES_DBNAME": PG["dbname"], "POSTGRES_USER": PG["user"], "POSTGRES_SCHEMA": owner.postgres_schema,
           "POSTGRES_SERVICE_USER": role, "POSTGRES_SERVICE_PASSWORD": "s3cret",
           "VIEWS_SQLITE_PATH": str(tmp_path / "v.sqlite"), "OUTBOX_PATH": str(tmp_path / "out")}  # fmt: skip
    for name, value in env.items():
        monkeypatch.setenv(f"ASSURE_{name}", value)
    assert main(["schema"]) == 0
    yield owner, role
    drop_pg_schema(owner.postgres_schema)
    with psycopg.connect(**PG, autocommit=True) as conn:
        conn.execute(f"DROP OWNED BY {role}")
        conn.execute(f"DROP ROLE {role}")


def test_the_service_role_appends_and_reads_but_cannot_update_or_delete_events_r30(secured) -> None:
    owner, role = secured
    service = owner.model_copy(update={"postgres_user": role, "create_tables": False})
    app = build_application(service, clock=TestClock())
    Partnership.register(app, TestClock())  # the service appends through the chained recorder
    assert app.max_position() > 5
    app.close()
    table = f"{owner.postgres_schema}.assure_events"
    for statement in (f"UPDATE {table} SET topic = 'forged'", f"DELETE FROM {table}", f"TRUNCATE {table}"):
        with psycopg.connect(**{**PG, "user": role}) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement)


def test_a_trigger_refuses_rewrites_even_by_the_owner_r30(secured) -> None:
    owner, _ = secured
    app = build_application(owner.model_copy(update={"create_tables": False}), clock=TestClock())
    Partnership.register(app, TestClock())
    app.close()
    for statement in ("UPDATE {} SET topic = 'forged'", "DELETE FROM {}", "TRUNCATE {}"):
        with psycopg.connect(**PG) as conn, pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            conn.execute(statement.format(f"{owner.postgres_schema}.assure_events"))
