"""Issue 19 (R-32): the event store's pool pings a connection before handing it out only when it has not been handed
out in the last second; a busy process skips the round trip, an idle connection is still checked. Dropped
connections under load are the outage tests' (tests/api/test_outages.py, tests/workers/test_resilience.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from eventsourcing.application import Application
from psycopg_pool import ConnectionPool

from integrity import chain_postgres
from integrity.chain_postgres import PingWhenIdle
from tests.conftest import drop_pg_schema, settings_for


class Conn:
    """Stands in for a pooled connection."""


def test_only_a_connection_idle_for_a_second_is_pinged_before_it_is_handed_out_r32_issue19(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [100.0]
    pinged: list[Any] = []
    monkeypatch.setattr(chain_postgres.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(ConnectionPool, "check_connection", staticmethod(pinged.append))
    check, first, second = PingWhenIdle(idle_seconds=1.0), Conn(), Conn()

    check(first)  # never handed out before: pinged
    now[0] += 0.5
    check(first)  # handed out half a second ago: not pinged
    check(second)
    now[0] += 1.0
    check(first)  # idle for a second: pinged again
    assert pinged == [first, second, first]


def test_the_postgres_store_checks_connections_with_ping_when_idle_r32_issue19(tmp_path: Path) -> None:
    settings = settings_for("postgres", tmp_path)
    try:
        app: Application[Any] = Application(env=settings.eventsourcing_env())
        assert isinstance(app.factory.datastore.pool._check, PingWhenIdle)  # type: ignore[attr-defined]
        assert app.recorder.max_notification_id() is None  # the pool works with it
        app.close()
    finally:
        drop_pg_schema(settings.postgres_schema)
