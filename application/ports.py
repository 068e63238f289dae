"""The ports: the interfaces the application and its entry points need from storage and delivery.

Adapters implement them outside application/: the views and the SQL stores in projections/, webhook delivery in
workers/. The composition root (cli/system.py) plugs the adapters in."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from application.exports import Table
from application.read_models import ReadModels, Row, TrailFilter, TrailPage

__all__ = ["ReadModels", "ReportRenderer", "Row", "SideStore", "SqlTx", "TrailFilter", "TrailPage", "WebhookDeliveries"]


class SqlTx(Protocol):
    """One transaction on a SQL store (``?`` placeholders on SQLite and PostgreSQL alike)."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...


class SideStore(Protocol):
    """A small transactional store for state beside the log: idempotency keys, delivery claims, follower positions.

    Each table belongs to the module that declares its DDL; the composition root creates them all."""

    def transaction(self) -> AbstractContextManager[SqlTx]: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def create(self, statements: Sequence[str]) -> None: ...

    def close(self) -> None: ...


class WebhookDeliveries(Protocol):
    """Failed webhook deliveries, and delivering one again (R-25)."""

    def failures(self, subscription_id: str) -> list[Row]: ...

    def redeliver(self, subscription_id: str, position: int) -> bool: ...


class ReportRenderer(Protocol):
    """Renders the summary report's facts (R-16) as text or PDF, compares two sets of them, and writes exported
    tables as XLSX or CSV."""

    def render(self, facts: dict[str, Any], fmt: str) -> str: ...

    def compare(self, earlier: dict[str, Any], later: dict[str, Any]) -> list[dict[str, Any]]: ...

    def render_pdf(self, facts: dict[str, Any]) -> bytes: ...

    def write_tables(self, tables: Sequence[Table], fmt: str) -> bytes: ...
