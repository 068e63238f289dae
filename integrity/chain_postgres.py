"""The PostgreSQL event store with the hash chain written in the inserting transaction.

Writers take a transaction-scoped advisory lock instead of eventsourcing's ``LOCK TABLE ... EXCLUSIVE``: that
lock mode needs UPDATE, DELETE or TRUNCATE on the table, which the service role does not have. Every writer goes
through this recorder, so the advisory lock serialises them just as well (commit order = position order).
Positions are given explicitly under the lock, so a rolled-back insert leaves no gap."""

from __future__ import annotations

import hashlib
import time
import weakref
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore, PostgresFactory
from eventsourcing.utils import Environment, retry
from psycopg import Connection, Cursor
from psycopg.rows import DictRow, tuple_row
from psycopg.sql import SQL, Composed, Identifier
from psycopg_pool import ConnectionPool

from integrity.chain import ChainedRow, canonical_id, chain_batch
from integrity.hashing import GENESIS, chain_next, leaf_bytes


class ChainedPostgresApplicationRecorder(PostgresApplicationRecorder):
    """Each row carries ``chain``: SHA-256 over the previous row's chain and this row's leaf bytes."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.sql_create_statements.append(self._sql("ALTER TABLE {t} ADD COLUMN IF NOT EXISTS chain bytea"))
        # the last position, and the last chain value: a row written around this recorder has none, and is
        # passed over by the chain (verification names it)
        self._select_head = self._sql(
            "SELECT (SELECT MAX(notification_id) FROM {t}) AS notification_id,"
            " (SELECT chain FROM {t} WHERE chain IS NOT NULL ORDER BY notification_id DESC LIMIT 1) AS chain"
        )
        self._sequence = f'"{self.datastore.schema}"."{self.events_table_name}"'
        self._insert = self._sql(
            "INSERT INTO {t} (originator_id, originator_version, topic, state, notification_id, chain)"
            " VALUES (%s, %s, %s, %s, %s, %s)"
        )
        self._select_rows = self._sql(
            "SELECT notification_id, originator_id, originator_version, topic, state, chain FROM {t}"
            " WHERE notification_id > %s AND notification_id <= %s ORDER BY notification_id LIMIT %s"
        )

        digest = hashlib.sha256(f"{self.datastore.schema}.{self.events_table_name}".encode()).digest()
        self._lock_key = int.from_bytes(digest[:8], "big", signed=True)

    def _lock_writers(self, curs: Cursor[DictRow], *, notify: bool = False) -> None:
        """Take the writers' lock (and, with ``notify``, tell listeners at commit): one round trip, or two with a
        lock timeout set."""
        if self.datastore.lock_timeout:
            curs.execute(self.lock_table_statements[0])  # SET LOCAL lock_timeout
        if notify:
            curs.execute("SELECT pg_advisory_xact_lock(%s), pg_notify(%s, '')", (self._lock_key, self.channel_name),
                         prepare=True)  # fmt: skip
        else:
            curs.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_key,))

    def _sql(self, text: str) -> Composed:
        return SQL(text).format(t=SQL("{}.{}").format(Identifier(self.datastore.schema),
                                                      Identifier(self.events_table_name)))  # fmt: skip

    def create_table(self) -> None:
        super().create_table()
        with self.datastore.transaction(commit=True) as curs:
            self._lock_writers(curs)
            self._chain_unchained(curs)

    def _chain_unchained(self, curs: Cursor[DictRow]) -> None:
        """Chain a store written before chaining began (``assure schema`` runs this as the owner). Only a store with
        no chained row at all: an unchained row after chained ones is left for verification to name."""
        curs.execute(self._sql("SELECT 1 FROM {t} WHERE chain IS NOT NULL LIMIT 1"))
        if curs.fetchone():
            return
        curs.execute(self._sql("SELECT notification_id, originator_id, originator_version, topic, state FROM {t}"
                               " WHERE chain IS NULL ORDER BY notification_id"))  # fmt: skip
        rows = curs.fetchall()
        if not rows:
            return
        previous = GENESIS
        for row in rows:
            leaf = leaf_bytes(row["notification_id"], canonical_id(row["originator_id"]), row["originator_version"],
                              row["topic"], bytes(row["state"]))  # fmt: skip
            previous = chain_next(previous, leaf)
            curs.execute(self._sql("UPDATE {t} SET chain = %s WHERE notification_id = %s"),
                         (previous, row["notification_id"]))  # fmt: skip

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        if not stored_events:
            return []
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._lock_writers(curs, notify=True)  # NOTIFY is sent at commit, like eventsourcing's
            curs.execute(self._select_head, prepare=True)
            head = curs.fetchone()
            last_chain = bytes(head["chain"]) if head and head["chain"] is not None else None
            chained = chain_batch(head["notification_id"] or 0 if head else 0, last_chain, stored_events)
            curs.executemany(
                self._insert,
                [
                    (s.originator_id, s.originator_version, s.topic, s.state, position, chain)
                    for s, (position, chain) in zip(stored_events, chained, strict=True)
                ],
            )
            # keep the column's sequence in step, so an insert that relies on it cannot take a used position
            curs.execute("SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), %s)",
                         (self._sequence, chained[-1][0]), prepare=True)  # fmt: skip
        return [position for position, _ in chained]

    def select_chained(self, after: int, limit: int, stop: int | None = None) -> list[ChainedRow]:
        """Rows after a position, in log order."""
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            curs.execute(self._select_rows, (after, stop if stop is not None else 2**62, limit), prepare=True)
            return [
                ChainedRow(r[0], str(r[1]), r[2], r[3], bytes(r[4]), None if r[5] is None else bytes(r[5]))
                for r in curs.fetchall()
            ]


PING_AFTER_IDLE_SECONDS = 1.0


class PingWhenIdle:
    """The pool's pre-ping, only for a connection not handed out in the last second (issue 19). A busy process
    saves one round trip per checkout; a connection the server dropped while idle for longer is still replaced
    before use. One dropped within the second fails its statement: eventsourcing's recorders retry that on a
    fresh connection, the pool discards the broken one, and anything else answers 503 (R-32)."""

    def __init__(self, idle_seconds: float = PING_AFTER_IDLE_SECONDS) -> None:
        self.idle_seconds = idle_seconds
        self.handed_out: weakref.WeakKeyDictionary[Connection[Any], float] = weakref.WeakKeyDictionary()

    def __call__(self, conn: Connection[Any]) -> None:
        now = time.monotonic()
        if now - self.handed_out.get(conn, float("-inf")) >= self.idle_seconds:
            ConnectionPool.check_connection(conn)
        self.handed_out[conn] = now


class ChainedPostgresFactory(PostgresFactory):
    """eventsourcing's PostgreSQL factory with the chained application recorder."""

    application_recorder_class = ChainedPostgresApplicationRecorder

    def __init__(self, env: Environment | dict[str, str] | None) -> None:
        super().__init__(env)
        pool = self.datastore.pool
        if self.datastore.pre_ping:  # psycopg_pool 3.3 keeps the check it was given here; replaced before opening
            assert getattr(pool, "_check", None) is ConnectionPool.check_connection, "psycopg_pool changed"
            pool._check = PingWhenIdle()
