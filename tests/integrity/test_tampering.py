"""A tampering campaign (R-30): each tampering on a fresh copy of the store is found at the right position, by
kind; a clean store verifies. ASSURE_TAMPERINGS sets how many per store (the benchmark run uses 1,000)."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import struct
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from application.settings import Settings
from cli.system import build_application
from integrity.service import make_checkpoint, run_verification
from tests.builders import Partnership
from tests.conftest import PG, TestClock, drop_pg_schema, fresh_pg_schema, settings_for

TAMPERINGS = int(os.environ.get("ASSURE_TAMPERINGS", "200"))


@dataclass
class Store:
    """A copy of the event table the attacker edits with plain SQL."""

    conn: Any
    table: str
    pos: str  # the position column
    mark: str  # the driver's placeholder

    def q(self, sql: str, *params: Any) -> list[Any]:
        cursor = self.conn.execute(sql.format(t=self.table, pos=self.pos).replace("?", self.mark), params)
        return list(cursor.fetchall()) if cursor.description else []

    def row(self, p: int) -> tuple[Any, ...]:
        return self.q("SELECT {pos}, originator_id, originator_version, topic, state, chain FROM {t} WHERE {pos} = ?",
                      p)[0]  # fmt: skip

    def size(self) -> int:
        return self.q("SELECT MAX({pos}) FROM {t}")[0][0]


def attacker_chain(previous: bytes, row: tuple[Any, ...]) -> bytes:
    """The documented chain (docs/integrity.md), written again here as an attacker without the key would."""
    p, oid, version, topic, state = row[:5]
    oid = str(uuid.UUID(str(oid))).encode()
    leaf = (struct.pack(">QI", p, len(oid)) + oid + struct.pack(">QI", version, len(topic.encode())) + topic.encode()
            + struct.pack(">I", len(state)) + bytes(state))  # fmt: skip
    return hashlib.sha256(previous + leaf).digest()


def flip(state: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(state))
    return state[:i] + bytes([state[i] ^ (1 << rng.randrange(8))]) + state[i + 1 :]


def change_state(s: Store, rng: random.Random, n: int, covered: int) -> tuple[str, int]:
    p = rng.randint(1, n)
    s.q("UPDATE {t} SET state = ? WHERE {pos} = ?", flip(bytes(s.row(p)[4]), rng), p)
    return "changed", p


def change_actor(s: Store, rng: random.Random, n: int, covered: int) -> tuple[str, int]:
    p = rng.randint(1, n)
    state = bytes(s.row(p)[4])
    at = state.index(b'"actor":"') + 9
    s.q("UPDATE {t} SET state = ? WHERE {pos} = ?", state[:at] + b"forged-" + state[at:], p)
    return "changed", p


def change_topic(s: Store, rng: random.Random, n: int, covered: int) -> tuple[str, int]:
    p = rng.randint(1, n)
    s.q("UPDATE {t} SET topic = topic || 'x' WHERE {pos} = ?", p)
    return "changed", p


def change_version(s: Store, rng: random.Random, n: int, covered: int) -> tuple[str, int]:
    p = rng.randint(1, n)
    s.q("UPDATE {t} SET originator_version = originator_version + 1000 WHERE {pos} = ?", p)
    return "changed", p


def delete_row(s: Store, rng: random.Random, n: int, covered: int) -> tuple[str, int]:
    p = rng.randint(1, n - 1)
    s.q("DELETE FROM {t} WHERE {pos} = ?", p)
    return "missing", p


def insert_row(s: Store, rng: random.Random, n: int, covered: int) -> tuple[str, int]:
    p = rng.randint(1, n)
    _, oid, version, topic, state, chain = s.row(rng.randint(1, n))
    s.q("UPDATE {t} SET {pos} = {pos} + 1000000 WHERE {pos} >= ?", p)
    s.q("UPDATE {t} SET {pos} = {pos} - 999999 WHERE {pos} > 1000000")
    s.q("INSERT INTO {t} ({pos}, originator_id, originator_version, topic, state, chain) VALUES (?, ?, ?, ?, ?, ?)",
        p, oid, version + 5000, topic, state, chain)  # fmt: skip
    return "inserted", p


def _two(rng: random.Random, n: int) -> tuple[int, int]:
    p, q = sorted(rng.sample(range(1, n + 1), 2))
    return p, q


def swap_rows(s: Store, rng: random.Random, n: int, covered: int) -> tuple[str, int]:
    p, q = _two(rng, n)
    s.q("UPDATE {t} SET {pos} = -1 WHERE {pos} = ?", p)
    s.q("UPDATE {t} SET {pos} = ? WHERE {pos} = ?", p, q)
    s.q("UPDATE {t} SET {pos} = ? WHERE {pos} = -1", q)
    return "reordered", p


def swap_states(s: Store, rng: random.Random, n: int, covered: int) -> tuple[str, int]:
    p, q = _two(rng, n)
    a, b = bytes(s.row(p)[4]), bytes(s.row(q)[4])
    s.q("UPDATE {t} SET state = ? WHERE {pos} = ?", b, p)
    s.q("UPDATE {t} SET state = ? WHERE {pos} = ?", a, q)
    return "reordered", p


def truncate_tail(s: Store, rng: random.Random, n: int, covered: int) -> tuple[str, int]:
    p = rng.randint(2, n)
    s.q("DELETE FROM {t} WHERE {pos} >= ?", p)
    return "truncated", p


def _rechain_from(s: Store, p: int) -> None:
    previous = bytes(s.row(p - 1)[5]) if p > 1 else bytes(32)
    for row in s.q("SELECT {pos}, originator_id, originator_version, topic, state FROM {t} WHERE {pos} >= ?"
                   " ORDER BY {pos}", p):  # fmt: skip
        previous = attacker_chain(previous, row)
        s.q("UPDATE {t} SET chain = ? WHERE {pos} = ?", previous, row[0])


def rewrite_chain(s: Store, rng: random.Random, n: int, covered: int) -> tuple[str, int]:
    p = rng.randint(1, covered)
    s.q("UPDATE {t} SET state = ? WHERE {pos} = ?", flip(bytes(s.row(p)[4]), rng), p)
    _rechain_from(s, p)
    return "changed", p


def forge_checkpoint(s: Store, rng: random.Random, n: int, covered: int) -> tuple[str, int]:
    state = bytes(s.row(n)[4])  # the last event records the checkpoint
    at = state.index(b'"signature":"') + 13
    forged = b"0" if state[at : at + 1] != b"0" else b"1"
    s.q("UPDATE {t} SET state = ? WHERE {pos} = ?", state[:at] + forged + state[at + 1 :], n)
    _rechain_from(s, n)
    return "bad signature", n


KINDS: list[Callable[[Store, random.Random, int, int], tuple[str, int]]] = [
    change_state, change_actor, change_topic, change_version, delete_row, insert_row, swap_rows, swap_states,
    truncate_tail, rewrite_chain, forge_checkpoint,
]  # fmt: skip


def _base(settings: Settings) -> tuple[int, int]:
    app = build_application(settings, clock=TestClock())
    lscp = Partnership.register(app, TestClock())
    lscp.in_fieldwork()
    checkpoint = make_checkpoint(app, settings)
    assert checkpoint is not None and run_verification(app, settings).ok  # a clean store verifies
    size = app.max_position()
    app.close()
    return size, checkpoint.tree_size


@contextmanager
def _sqlite_copies(tmp_path: Path) -> Iterator[tuple[Settings, Callable[[int], tuple[Store, Settings]]]]:
    base = settings_for("sqlite", tmp_path, checkpoint_key_path=tmp_path / "key",
                        checkpoint_export_path=tmp_path / "checkpoints")  # fmt: skip

    def copy(i: int) -> tuple[Store, Settings]:
        path = tmp_path / f"copy{i}.sqlite"
        shutil.copy(base.sqlite_path, path)
        conn = sqlite3.connect(path, isolation_level=None)
        return Store(conn, "stored_events", "rowid", "?"), base.model_copy(update={"sqlite_path": path})

    yield base, copy


@contextmanager
def _postgres_copies(tmp_path: Path) -> Iterator[tuple[Settings, Callable[[int], tuple[Store, Settings]]]]:
    base = settings_for("postgres", tmp_path, checkpoint_key_path=tmp_path / "key",
                        checkpoint_export_path=tmp_path / "checkpoints")  # fmt: skip
    schemas = [base.postgres_schema]

    def copy(i: int) -> tuple[Store, Settings]:
        schema = fresh_pg_schema()
        schemas.append(schema)
        conn = psycopg.connect(**PG, autocommit=True)
        conn.execute(f"CREATE TABLE {schema}.assure_events AS TABLE {base.postgres_schema}.assure_events")
        store = Store(conn, f"{schema}.assure_events", "notification_id", "%s")
        return store, base.model_copy(update={"postgres_schema": schema, "create_tables": False})

    try:
        yield base, copy
    finally:
        for schema in schemas:
            drop_pg_schema(schema)


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_every_tampering_is_found_at_its_position_and_named_by_kind_r30(store: str, tmp_path: Path) -> None:
    copies = _sqlite_copies if store == "sqlite" else _postgres_copies
    rng = random.Random(14)
    with copies(tmp_path) as (base, copy):
        size, covered = _base(base)
        misses, counts = [], {}
        for i in range(TAMPERINGS):
            tamper = KINDS[i % len(KINDS)]
            target, settings = copy(i)
            expected = tamper(target, rng, size, covered)
            target.conn.close()
            app = build_application(settings)
            outcome = run_verification(app, settings)
            app.close()
            found = (outcome.finding.kind, outcome.finding.position) if outcome.finding else None
            counts[tamper.__name__] = counts.get(tamper.__name__, 0) + 1
            if found != expected:
                misses.append((tamper.__name__, expected, found))
        assert len(counts) == len(KINDS) or len(KINDS) > TAMPERINGS
        assert not misses, f"{len(misses)} of {TAMPERINGS} not found as expected: {misses[:10]}"
