"""The trail's background jobs (R-30): checkpoints every N events or M minutes with a digest to governance; the
incremental verification, its outcome on /readyz, and an integrity alert when it fails."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import psycopg

from application.app import AssureApplication
from application.settings import Settings
from cli.system import System
from tests.builders import Partnership
from tests.conftest import PG, TestClock
from tests.workers.conftest import Inbox, worker_settings
from workers.integrity import checkpoint_if_due, verify_trail
from workers.mail import Mailer
from workers.runtime import Runtime


def _runtime(system: System, settings: Settings, port: int, **extra) -> Runtime:
    settings = worker_settings(settings, port, governance_emails=["governance@lscp.example"], **extra)
    return Runtime(settings, system.app, system.side_store, Mailer(settings, system.side_store))


def _alter_state(app: AssureApplication, settings: Settings, position: int) -> None:
    """Change one stored event behind the application's back, as someone with database access could."""
    if settings.store == "memory":
        recorder = app.recorder
        stored = recorder._stored_events[position - 1]  # type: ignore[attr-defined]
        recorder._stored_events[position - 1] = replace(stored, state=stored.state.replace(b"a", b"b", 1))  # type: ignore[attr-defined]
    elif settings.store == "sqlite":
        with sqlite3.connect(settings.sqlite_path) as conn:
            conn.execute("UPDATE stored_events SET state = CAST(replace(CAST(state AS TEXT), 'a', 'b') AS BLOB)"
                         " WHERE rowid = ?", (position,))  # fmt: skip
    else:
        with psycopg.connect(**PG) as conn:
            conn.execute(f"UPDATE {settings.postgres_schema}.assure_events SET state = state || 'x'::bytea"
                         " WHERE notification_id = %s", (position,))  # fmt: skip


def test_a_checkpoint_every_n_events_or_m_minutes_is_recorded_exported_and_emailed_to_governance_r30(
    system: System, app: AssureApplication, store_settings: Settings, clock: TestClock,
    inbox: tuple[Inbox, int],
) -> None:  # fmt: skip
    rt = _runtime(system, store_settings, inbox[1], checkpoint_every_events=10, checkpoint_every_minutes=600)
    lscp = Partnership.register(app, clock)
    first = checkpoint_if_due(rt)
    assert first == app.max_position() - 1  # the checkpoint's own event follows what it covers
    assert checkpoint_if_due(rt) is None  # nothing new but the checkpoint's own event
    lscp.commissioned()
    assert app.max_position() - first < 10 and checkpoint_if_due(rt) is None  # fewer than ten, not ten hours
    clock.advance(hours=11)
    second = checkpoint_if_due(rt)
    assert second == app.max_position() - 1
    assert [c["tree_size"] for c in app.signed_checkpoints(lscp.governance)] == [first, second]
    assert len(list(rt.settings.checkpoint_export_path.glob("checkpoint-*.json"))) == 2
    subjects = inbox[0].wait_for(2)
    assert subjects == [f"Trail checkpoint: the first {first} events", f"Trail checkpoint: the first {second} events"]
    assert all(m["To"] == "governance@lscp.example" for m in inbox[0].messages)


def test_a_failed_verification_alerts_governance_and_the_executive_and_shows_in_readiness_r30(
    system: System, app: AssureApplication, store_settings: Settings, clock: TestClock,
    inbox: tuple[Inbox, int],
) -> None:  # fmt: skip
    rt = _runtime(system, store_settings, inbox[1])
    Partnership.register(app, clock)
    assert verify_trail(rt) is True
    assert app.integrity_status()["ok"] is True and inbox[0].messages == []
    _alter_state(app, store_settings, 7)
    assert verify_trail(rt) is False
    status = app.integrity_status()
    assert (status["ok"], status["kind"], status["position"]) == (False, "changed", 7)
    assert inbox[0].wait_for(1) == ["Integrity alert: the trail is changed at position 7"]
    assert set(inbox[0].messages[0]["To"].split(", ")) == {"governance@lscp.example", "exec@lscp.example"}
    assert verify_trail(rt) is False and len(inbox[0].wait_for(2, timeout=1)) == 1  # one alert per finding
