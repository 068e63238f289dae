"""No plaintext personal data at rest when a key is set (R-26): every file the service wrote, every table."""

from __future__ import annotations

import base64
import stat
from pathlib import Path
from uuid import UUID

import psycopg
import pytest
from Crypto.Cipher import AES
from Crypto.Hash import SHA256
from Crypto.Protocol.KDF import HKDF
from eventsourcing.cipher import AESCipher
from psycopg import sql

from application.read_models import TrailFilter
from application.settings import Settings
from cli.system import build_system
from demo.partnership import Partnership
from tests import canaries
from tests.conftest import PG, TestClock, drop_pg_schema, settings_for
from workers import jobs


def run_story(settings: Settings) -> None:
    """Canaries planted, the views caught up and read back, and the concern's email written to the file sink."""
    clock = TestClock()
    system = build_system(settings, clock=clock)
    app = system.app
    try:
        lscp = Partnership.register(app, clock)
        audit_id = canaries.plant(app, lscp)
        system.runner.catch_up()
        concern = app.concerns(lscp.governance, audit_id)[0]
        assert jobs.notify_concern(system.runtime, concern["concern_id"], 1)
        people = app.trail(lscp.governance, TrailFilter(event_types=("PersonRegistered",), limit=500)).rows
        assert any(canaries.NAME in row["summary"] for row in people)  # the views still show what was written
        assert app.get_concern(lscp.governance, UUID(concern["concern_id"]))["summary"] == canaries.SUMMARY
    finally:
        system.close()


def written_files(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_with_a_key_no_file_the_service_wrote_holds_personal_data_or_case_content_r26(tmp_path: Path) -> None:
    key = AESCipher.create_key(32)
    root = tmp_path / "var"
    settings = settings_for("sqlite", root, cipher_key=key)
    run_story(settings)
    files = written_files(root)
    names = {p.name for p in files}
    assert {"assure.sqlite", "views.sqlite"} <= names and any(n.endswith(".eml.sealed") for n in names)
    for path, data in files.items():
        assert canaries.found_in_bytes(data) == set(), f"{path.name} holds a canary"
    mail = next(data for path, data in files.items() if path.name.endswith(".eml.sealed"))
    assert canaries.found_in_bytes(open_independently(key, mail)) == {"summary", "email"}  # the real email


def open_independently(cipher_key: str, sealed_file: bytes) -> bytes:
    """Open a sealed file by the documented scheme with another library (pycryptodome): a key derived by
    HKDF-SHA256 (no salt, info "assure: sealed at rest"), then AES-GCM over nonce | ciphertext | tag, with the
    purpose "file" authenticated."""
    magic, sealed = sealed_file.split(b"\n", 1)
    assert magic == b"assure-sealed:1"
    key = HKDF(base64.b64decode(cipher_key), 32, b"", SHA256, context=b"assure: sealed at rest")
    cipher = AES.new(key, AES.MODE_GCM, nonce=sealed[:12])
    cipher.update(b"file")
    return cipher.decrypt_and_verify(sealed[12:-16], sealed[-16:])


def test_without_a_key_the_same_search_finds_the_canaries_r26(tmp_path: Path) -> None:
    root = tmp_path / "var"
    settings = settings_for("sqlite", root)
    run_story(settings)
    found = set().union(*(canaries.found_in_bytes(data) for data in written_files(root).values()))
    assert found == {"commentary", "summary", "name", "email"}  # so the search above can fail


def test_files_the_service_writes_are_its_own_users_only_r26(tmp_path: Path) -> None:
    root = tmp_path / "var"
    settings = settings_for("sqlite", root, cipher_key=AESCipher.create_key(16))
    run_story(settings)
    paths = [root, *root.rglob("*")]
    assert len(paths) > 4
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path.name} is {oct(mode)}"


def copy_of_every_table(schema: str) -> dict[str, bytes]:
    """Each table of the schema as ``COPY ... TO STDOUT`` in binary, so bytea columns are searched byte for byte."""
    copies = {}
    with psycopg.connect(**PG) as conn:
        tables = conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                              (schema,)).fetchall()  # fmt: skip
        for (table,) in tables:
            statement = sql.SQL("COPY {}.{} TO STDOUT (FORMAT binary)").format(sql.Identifier(schema),
                                                                              sql.Identifier(table))  # fmt: skip
            with conn.cursor().copy(statement) as copy:
                copies[table] = b"".join(bytes(block) for block in copy)
    return copies


@pytest.mark.parametrize("keyed", [True, False], ids=["with a key", "without (the control)"])
def test_on_postgresql_no_table_holds_a_canary_when_a_key_is_set_r26(tmp_path: Path, keyed: bool) -> None:
    extra = {"cipher_key": AESCipher.create_key(32)} if keyed else {}
    settings = settings_for("postgres", tmp_path, **extra)
    try:
        run_story(settings)
        copies = copy_of_every_table(settings.postgres_schema)
    finally:
        drop_pg_schema(settings.postgres_schema)
    assert {"assure_events", "view_trail", "view_trail_names"} <= set(copies)
    found = {table: canaries.found_in_bytes(data) for table, data in copies.items()}
    if keyed:
        assert all(not marks for marks in found.values()), found
        assert not canaries.found_in_bytes(b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()))
    else:
        assert set().union(*found.values()) == {"commentary", "summary", "name", "email"}
