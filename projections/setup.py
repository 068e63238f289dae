"""Wiring: the view store the settings choose, the runner, and the views plugged into the application."""

from __future__ import annotations

from collections.abc import Sequence

from application.app import AssureApplication
from application.settings import Settings
from projections.runner import ProjectionRunner, make_projections
from projections.store import PostgresViewStore, SqliteViewStore, ViewStore
from projections.views import Views


def open_view_store(settings: Settings) -> ViewStore:
    """PostgreSQL beside the events; a SQLite file of its own; or SQLite in memory for the memory store."""
    if settings.store == "postgres":
        return PostgresViewStore(settings.postgres_conninfo(), settings.postgres_schema,
                                 connect_timeout=settings.postgres_connect_timeout)  # fmt: skip
    if settings.store == "memory":
        return SqliteViewStore(":memory:")
    return SqliteViewStore(settings.views_sqlite_path)


def attach_views(
    app: AssureApplication, settings: Settings, store: ViewStore | None = None, names: Sequence[str] | None = None
) -> ProjectionRunner:
    """Create the views' tables, plug the views into the application, and return a runner for them."""
    store = store or open_view_store(settings)
    runner = ProjectionRunner(app, store, make_projections(names), batch_size=settings.projection_batch_size)
    app.views = Views(app, store)
    return runner
