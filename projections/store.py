"""The one small view-store interface every read model is written against, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from application.sealing import PREFIX, Sealer, private_file

Row = dict[str, Any]
POSITIONS_DDL = "CREATE TABLE IF NOT EXISTS view_positions (view TEXT PRIMARY KEY, position BIGINT NOT NULL)"


def _opened(rows: list[Row], sealer: Sealer) -> list[Row]:
    """Rows with their sealed values opened, so queries show what was written."""
    if sealer.active:
        for row in rows:
            for column, value in row.items():
                if isinstance(value, str) and value.startswith(PREFIX):
                    row[column] = sealer.open(value)
    return rows


class Tx(ABC):
    """A transaction on the view store: a view's rows and its position commit together."""

    sealer: Sealer = Sealer()

    def seal(self, value: Any) -> Any:
        """Personal data and case content, sealed for the column when a key is set (R-26)."""
        return self.sealer.seal(value)

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run a statement written with ``?`` placeholders."""

    @abstractmethod
    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for many rows in one round trip where the driver allows."""

    def clear(self, tables: Sequence[str]) -> None:
        """Empty tables (a rebuild's start)."""
        for table in tables:
            self.execute(f"DELETE FROM {table}")

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Append many new rows to a table, by the fastest way the database has."""
        placeholders = ", ".join("?" * len(columns))
        self.execute_many(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a query; rows come back as dicts."""

    @abstractmethod
    def lock_position(self, view: str) -> int:
        """Read a view's tracked position, holding it against any other writer until commit."""

    def set_position(self, view: str, position: int) -> None:
        """Move a view's tracked position."""
        self.execute(
            "INSERT INTO view_positions (view, position) VALUES (?, ?)"
            " ON CONFLICT (view) DO UPDATE SET position = excluded.position",
            (view, position),
        )


class ViewStore(ABC):
    """Where read models live."""

    dialect: str
    sealer: Sealer = Sealer()
    # Whether a rebuild keeps the views' indexes while it writes, rather than dropping them and building them at
    # the end: PostgreSQL keeps them up on its own core while Python works (issue 19); SQLite works in-process.
    rebuild_keeps_indexes = False
    writers = 1  # how many transactions may write at once (views apply a backlog side by side up to this many)

    @abstractmethod
    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """A transaction, committed when the block ends without an error."""

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """A read outside any write transaction."""
        with self.transaction() as tx:
            return tx.query(sql, params)

    def create(self, statements: Sequence[str]) -> None:
        """Create tables and indexes if they do not exist."""
        with self.transaction() as tx:
            for statement in [POSITIONS_DDL, *statements]:
                tx.execute(statement)

    def positions(self) -> dict[str, int]:
        """Every view's tracked position."""
        return {row["view"]: row["position"] for row in self.query("SELECT view, position FROM view_positions")}

    @abstractmethod
    def close(self) -> None:
        """Release connections."""


class _SqliteTx(Tx):
    def __init__(self, conn: sqlite3.Connection, sealer: Sealer) -> None:
        self.conn, self.sealer = conn, sealer

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(sql, tuple(params))

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, [tuple(r) for r in rows])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self.conn.execute(sql, tuple(params))
        names = [d[0] for d in cursor.description or ()]
        return _opened([dict(zip(names, row, strict=True)) for row in cursor.fetchall()], self.sealer)

    def lock_position(self, view: str) -> int:
        rows = self.query("SELECT position FROM view_positions WHERE view = ?", (view,))
        return int(rows[0]["position"]) if rows else 0


class SqliteViewStore(ViewStore):
    """Views in a SQLite file (or in memory, for time travel); one writer at a time."""

    dialect = "sqlite"

    def __init__(self, path: Path | str, sealer: Sealer | None = None) -> None:
        self.path = str(path)
        self.memory = self.path == ":memory:"
        self.sealer = sealer or Sealer()
        if not self.memory:
            private_file(Path(self.path))  # 0600 before SQLite opens it; its WAL files take the same mode
        self._local = threading.local()
        self._shared: sqlite3.Connection | None = self._connect() if self.memory else None
        self._lock = threading.RLock()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        if not self.memory:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def _conn(self) -> sqlite3.Connection:
        if self._shared is not None:
            return self._shared
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        with self._lock if self.memory else _nolock():
            conn = self._conn()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteTx(conn, self.sealer)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Reads take no write lock: in WAL mode they see the last commit and never wait for a writer."""
        if self.memory:
            return super().query(sql, params)
        return _SqliteTx(self._conn(), self.sealer).query(sql, params)

    def close(self) -> None:
        conn = self._shared or getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()


@contextmanager
def _nolock() -> Iterator[None]:
    yield


_PLACEHOLDER = re.compile(r"\?")


COPY_FROM_ROWS = 64  # from this many rows, COPY beats a pipelined executemany (issue 19: the rebuilds)


class _PostgresTx(Tx):
    """Statements go in pipeline mode (sent without waiting for each result); many new rows go by COPY."""

    def __init__(self, conn: psycopg.Connection[Row], sealer: Sealer) -> None:
        self.conn, self.sealer = conn, sealer
        self._pipeline: Any = None

    def open_pipeline(self) -> None:
        self._pipeline = self.conn.pipeline()
        self._pipeline.__enter__()

    def close_pipeline(self, error: BaseException | None = None) -> None:
        pipeline, self._pipeline = self._pipeline, None
        if pipeline is not None:
            pipeline.__exit__(type(error) if error else None, error, error.__traceback__ if error else None)

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Many rows go by COPY (not allowed in pipeline mode: the pipeline is synced first and reopened after)."""
        if len(rows) < COPY_FROM_ROWS:
            super().insert_rows(table, columns, rows)
            return
        self.close_pipeline()
        try:
            with self.conn.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        finally:
            self.open_pipeline()

    def clear(self, tables: Sequence[str]) -> None:
        """TRUNCATE: no row-by-row delete, no dead rows left for the rebuild to skip over."""
        if tables:
            self.execute(f"TRUNCATE {', '.join(tables)}")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(_PLACEHOLDER.sub("%s", sql), tuple(params))

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(_PLACEHOLDER.sub("%s", sql), [tuple(r) for r in rows])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return _opened(self.conn.execute(_PLACEHOLDER.sub("%s", sql), tuple(params)).fetchall(), self.sealer)

    def lock_position(self, view: str) -> int:
        self.execute("INSERT INTO view_positions (view, position) VALUES (?, 0) ON CONFLICT (view) DO NOTHING", (view,))
        rows = self.query("SELECT position FROM view_positions WHERE view = ? FOR UPDATE", (view,))
        return int(rows[0]["position"])


class PostgresViewStore(ViewStore):
    """Views in PostgreSQL, beside the event store, in the same schema."""

    dialect = "postgres"
    rebuild_keeps_indexes = True

    def __init__(self, conninfo: str, schema: str = "", pool_size: int = 4, connect_timeout: int = 5,
                 durable: bool = False, sealer: Sealer | None = None) -> None:  # fmt: skip
        self.sealer = sealer or Sealer()
        self.writers = max(1, pool_size - 1)  # a connection stays free for reads
        # Views can always be rebuilt from the log, and a view's rows and position commit together, so an
        # unflushed commit lost in a server crash only means re-applying it: no need to wait for the disk.
        # The side store (idempotency keys, sent mail) cannot be rebuilt: it is ``durable``.
        options = ("" if durable else "-c synchronous_commit=off") + (f" -c search_path={schema}" if schema else "")
        kwargs: dict[str, Any] = {"row_factory": dict_row, "autocommit": True, "options": options}
        self.pool: ConnectionPool[psycopg.Connection[Row]] = ConnectionPool(
            conninfo,
            kwargs=kwargs,
            min_size=1,
            max_size=pool_size,
            timeout=connect_timeout,
            open=True,
            check=ConnectionPool.check_connection,  # a connection the server dropped is replaced, not handed out
        )

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        # Pipeline mode: statements whose results are not read go to the server without waiting for each one.
        with self.pool.connection() as conn, conn.transaction():
            tx = _PostgresTx(conn, self.sealer)
            tx.open_pipeline()
            try:
                yield tx
            except BaseException as error:
                tx.close_pipeline(error)
                raise
            tx.close_pipeline()

    def close(self) -> None:
        self.pool.close()
