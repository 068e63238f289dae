"""The event store: audits replay to the same state on every store; payloads are encrypted when a key is set."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
from eventsourcing.cipher import AESCipher

from application.app import AssureApplication
from application.settings import Settings
from cli.system import build_application
from tests.builders import Partnership
from tests.conftest import PG, TestClock, drop_pg_schema, settings_for

SECRET_TEXT = "Perpetrator released on bail to the family home"


def test_a_stored_audit_replays_to_the_same_state_r23(
    app: AssureApplication, lscp: Partnership, store_settings: Settings, clock: TestClock
) -> None:
    audit_id, action_id = lscp.in_dissemination()
    before = (lscp.app.get_audit(lscp.chair, audit_id), lscp.app.get_action(lscp.chair, action_id),
              lscp.app.get_return(lscp.chair, audit_id, "DA-01", "POL"))  # fmt: skip
    if store_settings.store == "memory":
        reopened = app  # the in-memory store lives with the process: replay through a cold repository
        reopened.repository.cache = None
    else:
        reopened = build_application(store_settings, clock=clock)
    after = (reopened.get_audit(lscp.chair, audit_id), reopened.get_action(lscp.chair, action_id),
             reopened.get_return(lscp.chair, audit_id, "DA-01", "POL"))  # fmt: skip
    assert after == before
    assert after[0]["version"] > 20


def test_every_event_records_who_acted_r23(lscp: Partnership) -> None:
    audit_id = lscp.in_reporting()
    events = list(lscp.app.events.get(audit_id))
    actors = {event.actor for event in events}  # type: ignore[attr-defined]
    assert str(lscp.pid("arg")) in actors and str(lscp.pid("chair")) in actors
    assert all(event.actor for event in events)  # type: ignore[attr-defined]


def _raise_concern(settings: Settings) -> None:
    app = build_application(settings, clock=TestClock())
    lscp = Partnership.register(app, TestClock())
    audit_id = lscp.in_fieldwork()
    app.raise_concern(lscp.pol_auditor, audit_id, "DA-02", lscp.pid("pol_lead"), SECRET_TEXT)
    app.close()


def _sqlite_payloads(path: Path) -> bytes:
    with sqlite3.connect(path) as conn:
        return b"".join(row[0] for row in conn.execute("SELECT state FROM stored_events"))


def _postgres_payloads(schema: str) -> bytes:
    with psycopg.connect(**PG) as conn:
        return b"".join(bytes(row[0]) for row in conn.execute(f"SELECT state FROM {schema}.assure_events"))


def test_case_text_is_encrypted_at_rest_on_sqlite_with_a_key_r26(tmp_path: Path) -> None:
    plain = settings_for("sqlite", tmp_path / "plain")
    _raise_concern(plain)
    assert SECRET_TEXT.encode() in _sqlite_payloads(plain.sqlite_path)  # the check itself can fail
    keyed = settings_for("sqlite", tmp_path / "keyed", cipher_key=AESCipher.create_key(32))
    _raise_concern(keyed)
    stored = _sqlite_payloads(keyed.sqlite_path)
    assert stored and SECRET_TEXT.encode() not in stored and b"DA-02" not in stored


def test_case_text_is_encrypted_at_rest_on_postgres_with_a_key_r26(tmp_path: Path) -> None:
    keyed = settings_for("postgres", tmp_path, cipher_key=AESCipher.create_key(32))
    try:
        _raise_concern(keyed)
        stored = _postgres_payloads(keyed.postgres_schema)
        assert stored and SECRET_TEXT.encode() not in stored and b"Pol Auditor" not in stored
        reader = build_application(keyed)
        decoded = [reader.mapper.to_domain_event(n) for n in reader.recorder.select_notifications(1, 1000)]
        assert any(getattr(event, "summary", None) == SECRET_TEXT for event in decoded)
        reader.close()
    finally:
        drop_pg_schema(keyed.postgres_schema)
