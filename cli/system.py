"""The composition root: the one place that builds assure from Settings.

Every entry point builds through here: the API factory, the worker processes, the CLI commands, the tests and the
benchmarks. It owns the one list of all tables (``assure schema``). Nothing here runs at import time."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI

from api import idempotency
from api.app import create_app
from api.idempotency import IdempotencyStore
from application import quarantine
from application.app import AssureApplication
from application.base import AssureBase, Clock, utc_now
from application.destinations import DestinationPolicy
from application.quarantine import Quarantine
from application.settings import Settings
from application.timeliness import StallPolicy
from integrity import ledger
from projections.report.render import JinjaReportRenderer
from projections.runner import VIEW_CLASSES, ProjectionRunner, make_projections
from projections.store import PostgresViewStore, SqliteViewStore, ViewStore
from projections.views import Views
from workers import mail, relay, webhooks
from workers.broker import broker_check
from workers.mail import Mailer
from workers.runtime import Runtime

VIEW_DDL: list[str] = [statement for view in VIEW_CLASSES for statement in view().ddl]
SIDE_DDL: list[str] = [*idempotency.DDL, *quarantine.DDL, *mail.DDL, *relay.DDL, *webhooks.DDL, *ledger.STATUS_DDL]


def open_view_store(settings: Settings) -> ViewStore:
    """PostgreSQL beside the events; a SQLite file of its own; or SQLite in memory for the memory store."""
    if settings.store == "postgres":
        return PostgresViewStore(settings.postgres_conninfo(), settings.postgres_schema,
                                 connect_timeout=settings.postgres_connect_timeout,
                                 sealer=settings.sealer())  # fmt: skip
    if settings.store == "memory":
        return SqliteViewStore(":memory:")
    return SqliteViewStore(settings.views_sqlite_path, settings.sealer())


def open_side_store(settings: Settings) -> ViewStore:
    """The side store: the same database as the views, its own connections, every commit durable."""
    if settings.store == "postgres":
        return PostgresViewStore(settings.postgres_conninfo(), settings.postgres_schema, pool_size=2,
                                 connect_timeout=settings.postgres_connect_timeout, durable=True)  # fmt: skip
    if settings.store == "memory":
        return SqliteViewStore(":memory:")
    return SqliteViewStore(settings.views_sqlite_path)


def build_application(
    settings: Settings | None = None,
    clock: Clock = utc_now,
    view_store: ViewStore | None = None,
    side_store: ViewStore | None = None,
) -> AssureApplication:
    """The application on the store the settings choose, with its collaborators; views only when given a store."""
    settings = settings or Settings()
    views = (lambda app: Views(app, view_store)) if view_store is not None else None

    def deliveries(app: AssureBase) -> webhooks.Deliveries:
        assert isinstance(app, AssureApplication) and side_store is not None
        return webhooks.Deliveries(Runtime(settings, app, side_store, Mailer(settings, side_store)))

    production = settings.env == "production"
    app = AssureApplication(
        env=settings.eventsourcing_env(),
        clock=clock,
        views=views,
        deliveries=deliveries if side_store is not None else None,
        renderer=JinjaReportRenderer(),
        stall_policy=StallPolicy(
            settings.stall_blocked_days, settings.stall_no_progress_days, settings.stall_persisting_days
        ),
        webhook_key=settings.webhook_signing_key.get_secret_value().encode(),
        destinations=DestinationPolicy(settings.webhook_allow_http_loopback and not production, production),
        routine_summary_frequency=settings.routine_summary_frequency,
        case_ref_pattern=settings.case_ref_pattern,
    )
    if side_store is not None:  # proofs and the last verification of the trail
        app.ledger = ledger.Ledger(app, side_store, settings)
    return app


@dataclass
class System:
    """The whole of assure in one process: the application, its stores, the projector and the worker runtime."""

    settings: Settings
    app: AssureApplication
    view_store: ViewStore
    side_store: ViewStore
    runner: ProjectionRunner
    idempotency: IdempotencyStore
    runtime: Runtime
    _stop: threading.Event = field(default_factory=threading.Event)
    _background: list[Any] = field(default_factory=list)

    def readiness(self) -> dict[str, dict[str, Any]]:
        """Each readiness check with whether it passed and what it saw."""
        checks: dict[str, dict[str, Any]] = {}
        try:
            head = self.app.max_position()
            checks["database"] = {"ok": True, "log_position": head}
        except Exception as error:  # any failure to answer means not ready
            return {"database": {"ok": False, "error": type(error).__name__}}
        lag = head - min(self.runner.positions().values(), default=0)
        checks["views"] = {"ok": lag <= self.settings.ready_max_lag, "lag": lag, "max_lag": self.settings.ready_max_lag}
        checks["broker"] = broker_check(self.settings)
        checks["quarantine"] = quarantine_check(Quarantine(self.side_store))
        checks["integrity"] = integrity_check(self.app)
        return checks

    def start_projector(self) -> None:
        """Keep the views up to date in a thread of this process (the embedded mode)."""
        thread = threading.Thread(target=self.runner.follow, args=(self._stop, self.settings.projection_poll_interval),
                                  daemon=True)  # fmt: skip
        thread.start()
        self._background.append(thread)

    def start_workers(self, **options: Any) -> Any:
        """Run the worker side in this process: StubBroker, a dramatiq worker, the relay and the scheduler."""
        from workers.embedded import WorkerSide

        side = WorkerSide(self.runtime, **options)
        side.start()
        self._background.append(side)
        return side

    def close(self) -> None:
        """Stop what runs in the background, then let go of the stores."""
        self._stop.set()
        for item in reversed(self._background):
            if isinstance(item, threading.Thread):
                item.join(timeout=5)
            else:
                item.stop()
        self._background.clear()
        self.view_store.close()
        self.side_store.close()
        self.app.close()


def quarantine_check(store: Quarantine) -> dict[str, Any]:
    """Degraded (still ready) while any event is quarantined: which consumer passed over which position."""
    entries = store.entries()
    held = [{"consumer": e["consumer"], "position": e["position"]} for e in entries[:20]]
    return {"ok": True, "degraded": bool(entries), "open": len(entries), "entries": held}


def integrity_check(app: AssureApplication) -> dict[str, Any]:
    """The last verification of the trail (R-30): not ready once it found tampering."""
    last = app.integrity_status()
    return {"ok": True, "verified": False} if last is None else {**last, "verified": True}


def create_tables(settings: Settings, view_store: ViewStore, side_store: ViewStore) -> None:
    """Every table beside the event store's (which eventsourcing creates): views, API and worker state."""
    view_store.create(VIEW_DDL)
    side_store.create(SIDE_DDL)


def build_system(
    settings: Settings | None = None, clock: Clock = utc_now, views: Sequence[str] | None = None
) -> System:
    """Build everything from settings; tables are created unless ``ASSURE_CREATE_TABLES`` is off."""
    settings = settings or Settings()
    view_store, side_store = open_view_store(settings), open_side_store(settings)
    if settings.create_tables:
        create_tables(settings, view_store, side_store)
    app = build_application(settings, clock, view_store, side_store)
    runner = ProjectionRunner(app, view_store, make_projections(views), batch_size=settings.projection_batch_size,
                              quarantine=Quarantine(side_store).add)  # fmt: skip
    runtime = Runtime(settings, app, side_store, Mailer(settings, side_store))
    return System(settings, app, view_store, side_store, runner, IdempotencyStore(side_store), runtime)


def build_api(
    settings: Settings | None = None,
    *,
    embedded: bool = False,
    workers: bool = True,
    prepare: Callable[[AssureApplication], None] | None = None,
) -> FastAPI:
    """The HTTP API; ``embedded`` also runs the projector (and, with ``workers``, the worker side) in-process."""
    settings = settings or Settings()

    def start(system: System) -> None:
        if prepare is not None:
            prepare(system.app)
        if embedded:
            system.start_projector()
        if embedded and workers:
            system.start_workers()

    return create_app(settings, lambda: build_system(settings), start)


def api_from_environment() -> FastAPI:
    """The uvicorn factory of ``assure api`` (``cli.system:api_from_environment``)."""
    return build_api(Settings())


def worker_runtime_from_environment() -> Runtime:
    """The runtime of a dramatiq worker process, built on first use from the environment's settings."""
    return build_system(Settings()).runtime
