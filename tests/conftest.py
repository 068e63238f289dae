"""Fixtures: the application on each store, a controllable clock, and the partnership builder."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from application.app import AssureApplication
from application.settings import Settings
from cli.system import System, build_system
from demo.clock import SteppingClock
from projections.runner import ProjectionRunner
from tests.builders import Partnership

STORES = ["memory", "sqlite", "postgres"]
PG = {
    "host": os.environ.get("ASSURE_TEST_PG_HOST", "127.0.0.1"),
    "port": int(os.environ.get("ASSURE_TEST_PG_PORT", "5432")),
    "dbname": os.environ.get("ASSURE_TEST_PG_DBNAME", "test"),
    "user": os.environ.get("ASSURE_TEST_PG_USER", "postgres"),
}


class TestClock(SteppingClock):
    """The tests' clock (demo.clock.SteppingClock)."""

    __test__ = False


def fresh_pg_schema() -> str:
    """A new, empty schema on the test database, so tests never see each other's events."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**PG, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return schema


def drop_pg_schema(schema: str) -> None:
    """Our own table reset: drop the test's schema and everything in it."""
    with psycopg.connect(**PG, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def settings_for(store: str, tmp_path: Path, **extra: object) -> Settings:
    """Settings for a store, isolated to this test."""
    extra = {"webhook_allow_http_loopback": True, "checkpoint_key_path": tmp_path / "checkpoint.key",
             "checkpoint_export_path": tmp_path / "checkpoints", **extra}  # fmt: skip
    if store == "postgres":
        extra = {"outbox_path": tmp_path / "outbox", **extra}
        return Settings(store="postgres", postgres_host=PG["host"], postgres_port=PG["port"],
                        postgres_dbname=PG["dbname"], postgres_user=PG["user"], postgres_schema=fresh_pg_schema(),
                        postgres_pool_size=2, **extra)  # fmt: skip
    extra = {"outbox_path": tmp_path / "outbox", **extra}
    return Settings(store=store, sqlite_path=tmp_path / "assure.sqlite", views_sqlite_path=tmp_path / "views.sqlite",
                    **extra)  # type: ignore[arg-type]  # fmt: skip


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


@pytest.fixture(params=STORES)
def store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """The same suite runs on in-memory storage, SQLite and PostgreSQL."""
    settings = settings_for(request.param, tmp_path)
    yield settings
    if settings.store == "postgres":
        drop_pg_schema(settings.postgres_schema)


@pytest.fixture
def system(store_settings: Settings, clock: TestClock) -> Iterator[System]:
    """The whole system on the store, built through the composition root."""
    built = build_system(store_settings, clock=clock)
    yield built
    built.close()


@pytest.fixture
def app(system: System) -> AssureApplication:
    return system.app


@pytest.fixture
def lscp(app: AssureApplication, clock: TestClock) -> Partnership:
    """A registered partnership with a person in every role."""
    return Partnership.register(app, clock)


@pytest.fixture
def runner(system: System) -> ProjectionRunner:
    """The views on the store that goes with the event store (SQLite in memory for the memory store)."""
    return system.runner
