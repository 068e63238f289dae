"""Ciphertexts bound to their place (R-30): an encrypted event copied onto another record fails to decrypt, and
the error names the position; eventsourcing's unbound AESCipher would have accepted it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest
from eventsourcing.cipher import AESCipher
from eventsourcing.persistence import MapperDeserialisationError

from application.app import AssureApplication
from application.settings import Settings
from cli.system import build_application
from tests.builders import Partnership
from tests.conftest import PG, TestClock, drop_pg_schema, settings_for


def _two_concerns(settings: Settings) -> tuple[Partnership, Any, Any]:
    app = build_application(settings, clock=TestClock())
    lscp = Partnership.register(app, TestClock())
    audit_id = lscp.in_fieldwork()
    first = app.raise_concern(lscp.pol_auditor, audit_id, "DA-01", lscp.pid("pol_lead"), "Bruising seen").id
    second = app.raise_concern(lscp.pol_auditor, audit_id, "DA-02", lscp.pid("pol_lead"), "Missed appointments").id
    app.acknowledge_concern(lscp.pol_lead, first, "Strategy meeting called")
    return lscp, first, second


def _copy_acknowledgement(settings: Settings, source: Any, target: Any) -> int:
    """As someone with database access would: the first concern's acknowledgement, copied onto the second."""
    if settings.store == "sqlite":
        with sqlite3.connect(settings.sqlite_path) as conn:
            conn.execute("INSERT INTO stored_events (originator_id, originator_version, topic, state) SELECT ?, 2,"
                         " topic, state FROM stored_events WHERE originator_id = ? AND originator_version = 2",
                         (target.hex, source.hex))  # fmt: skip
            return conn.execute("SELECT MAX(rowid) FROM stored_events").fetchone()[0]
    table = f"{settings.postgres_schema}.assure_events"
    with psycopg.connect(**PG) as conn:
        top = conn.execute(f"SELECT MAX(notification_id) FROM {table}").fetchone()[0]
        conn.execute(f"INSERT INTO {table} (originator_id, originator_version, topic, state, notification_id)"
                     f" SELECT %s, 2, topic, state, %s FROM {table} WHERE originator_id = %s AND"
                     " originator_version = 2", (target, top + 1, source))  # fmt: skip
        return top + 1


@pytest.fixture(params=["sqlite", "postgres"])
def keyed(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    settings = settings_for(request.param, tmp_path, cipher_key=AESCipher.create_key(32))
    yield settings
    if settings.store == "postgres":
        drop_pg_schema(settings.postgres_schema)


def test_an_encrypted_event_copied_onto_another_record_fails_to_decrypt_naming_its_position_r30(keyed) -> None:
    lscp, first, second = _two_concerns(keyed)
    position = _copy_acknowledgement(keyed, first, second)
    reader = build_application(keyed.model_copy(update={"create_tables": False}), clock=TestClock())
    entry = reader.log_reader().at(position)  # what the followers quarantine and report, by position
    assert entry is not None and entry.position == position and entry.event is None
    assert "CiphertextMisplaced" in entry.error and "do not decrypt in that place" in entry.error
    assert reader.trail_event(lscp.governance, position)["type"] == "Unreadable"
    reader.repository.cache = None
    with pytest.raises(MapperDeserialisationError, match="do not decrypt in that place"):
        reader.get_concern(lscp.governance, second)
    assert reader.get_concern(lscp.governance, first)["acknowledged"]  # the genuine one still reads
    reader.close()


def test_without_binding_the_copied_ciphertext_would_have_been_accepted(keyed) -> None:
    """The control: eventsourcing's own AESCipher, which binds nothing, decrypts the copy as genuine."""
    env = keyed.eventsourcing_env() | {"CIPHER_TOPIC": "eventsourcing.cipher:AESCipher"}
    env.pop("MAPPER_TOPIC")
    app = AssureApplication(env=env, clock=TestClock())
    lscp = Partnership.register(app, TestClock())
    audit_id = lscp.in_fieldwork()
    first = app.raise_concern(lscp.pol_auditor, audit_id, "DA-01", lscp.pid("pol_lead"), "Bruising seen").id
    second = app.raise_concern(lscp.pol_auditor, audit_id, "DA-02", lscp.pid("pol_lead"), "Missed appointments").id
    app.acknowledge_concern(lscp.pol_lead, first, "Strategy meeting called")
    app.close()
    _copy_acknowledgement(keyed, first, second)
    reader = AssureApplication(env=env | {"CREATE_TABLE": "n"}, clock=TestClock())
    assert reader.get_concern(lscp.governance, second)["acknowledged"]  # forged, and nothing noticed
    reader.close()


def test_events_encrypted_before_binding_still_read(keyed) -> None:
    env = keyed.eventsourcing_env() | {"CIPHER_TOPIC": "eventsourcing.cipher:AESCipher"}
    env.pop("MAPPER_TOPIC")
    old = AssureApplication(env=env, clock=TestClock())
    lscp = Partnership.register(old, TestClock())
    old.close()
    reader = build_application(keyed.model_copy(update={"create_tables": False}), clock=TestClock())
    assert reader.person(lscp.pid("governance")).name
    reader.close()
