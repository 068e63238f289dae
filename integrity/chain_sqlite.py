"""The SQLite event store with the hash chain written in the inserting transaction (BEGIN IMMEDIATE)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteFactory, SQLiteTransaction

from integrity.chain import ChainedRow, canonical_id, chain_batch
from integrity.hashing import GENESIS, chain_next, leaf_bytes


class _ImmediateTransaction(SQLiteTransaction):
    """Take the write lock before reading the chain's head, so no other writer slips in between."""

    def __enter__(self) -> SQLiteCursor:
        cursor = self.connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        return cursor


class ChainedSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """Each row carries ``chain``: SHA-256 over the previous row's chain and this row's leaf bytes."""

    def construct_create_table_statements(self) -> list[str]:
        statement = (
            f"CREATE TABLE IF NOT EXISTS {self.events_table_name} (originator_id TEXT, originator_version INTEGER,"
            " topic TEXT, state BLOB, chain BLOB, PRIMARY KEY (originator_id, originator_version))"
        )
        return [statement]

    def _create_table(self, c: SQLiteCursor) -> None:
        super()._create_table(c)
        c.execute(f"PRAGMA table_info({self.events_table_name})")
        if "chain" not in {row["name"] for row in c.fetchall()}:  # a store from before chaining
            c.execute(f"ALTER TABLE {self.events_table_name} ADD COLUMN chain BLOB")
        self._chain_unchained(c)

    def _chain_unchained(self, c: SQLiteCursor) -> None:
        """Chain a store written before chaining began (run by ``assure schema`` and on table creation). Only a store
        with no chained row at all: an unchained row after chained ones is left for verification to name."""
        c.execute(f"SELECT 1 FROM {self.events_table_name} WHERE chain IS NOT NULL LIMIT 1")
        if c.fetchone():
            return
        c.execute(f"SELECT rowid, originator_id, originator_version, topic, state, chain FROM {self.events_table_name}"
                  " WHERE chain IS NULL ORDER BY rowid")  # fmt: skip
        rows = c.fetchall()
        if not rows:
            return
        previous = GENESIS
        for row in rows:
            oid = canonical_id(row["originator_id"])
            leaf = leaf_bytes(row["rowid"], oid, row["originator_version"], row["topic"], row["state"])
            previous = chain_next(previous, leaf)
            c.execute(f"UPDATE {self.events_table_name} SET chain = ? WHERE rowid = ?", (previous, row["rowid"]))

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        with self.datastore.get_connection(commit=True) as conn, _ImmediateTransaction(conn, commit=True) as c, c:
            return self._insert_events(c, stored_events, **kwargs)

    def _insert_events(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **_: Any) -> Sequence[int] | None:
        # the last position, and the last chain value: a row written around this recorder has none, and is passed
        # over by the chain (verification names it)
        t = self.events_table_name
        c.execute(f"SELECT (SELECT MAX(rowid) FROM {t}) AS top,"
                  f" (SELECT chain FROM {t} WHERE chain IS NOT NULL ORDER BY rowid DESC LIMIT 1) AS chain")  # fmt: skip
        last = c.fetchone()
        chained = chain_batch(last["top"] or 0, last["chain"], stored_events)
        c.executemany(
            f"INSERT INTO {self.events_table_name} (rowid, originator_id, originator_version, topic, state, chain)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (position, _hex(s.originator_id), s.originator_version, s.topic, s.state, chain)
                for s, (position, chain) in zip(stored_events, chained, strict=True)
            ],
        )
        return [position for position, _ in chained]

    def select_chained(self, after: int, limit: int, stop: int | None = None) -> list[ChainedRow]:
        """Rows after a position, in log order."""
        sql = f"SELECT rowid, originator_id, originator_version, topic, state, chain FROM {self.events_table_name}"
        params: list[Any] = [after, stop if stop is not None else 2**62, limit]
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql + " WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?", params)
            return [ChainedRow(r[0], canonical_id(r[1]), r[2], r[3], r[4], r[5]) for r in c.fetchall()]


def _hex(originator_id: UUID | str) -> str:
    return originator_id.hex if isinstance(originator_id, UUID) else originator_id


class ChainedSQLiteFactory(SQLiteFactory):
    """eventsourcing's SQLite factory with the chained application recorder."""

    application_recorder_class = ChainedSQLiteApplicationRecorder
