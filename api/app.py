"""``create_app(settings)``: the FastAPI app. The application and the views are built in the lifespan."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from api import errors
from api.idempotency import IdempotencyStore
from api.routes import (
    audits,
    fieldwork,
    governance,
    moderation,
    partnership,
    report,
    reporting,
    schedule,
    subscriptions,
)
from application.app import AssureApplication
from application.bootstrap import build_application
from application.settings import Settings
from projections.setup import attach_views
from workers.embedded import WorkerSide
from workers.mail import Mailer
from workers.runtime import Runtime

DESCRIPTION = """The system of record for a safeguarding children partnership's multi-agency case audits.

Authenticate with `Authorization: Bearer <token>`. Commands answer `{id, version, position, ref}`: the
`version` is also the `ETag`; send it back as `If-Match` to refuse a change based on a stale copy. Send an
`Idempotency-Key` with a POST to make retries safe. Errors are `{"error": code, "detail": text}`.
Views (lists, matrices, the trail) follow the log: to read your own write, pass the command's `position`
to `GET /views?wait_for=`."""


def without_null_parameters(schema: dict[str, Any]) -> dict[str, Any]:
    """Query and header parameters are absent or a value, never JSON null: say so in the spec."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                spec = parameter.get("schema", {})
                options = [o for o in spec.get("anyOf", []) if o.get("type") != "null"]
                if len(options) == 1 and len(spec["anyOf"]) == 2:
                    del spec["anyOf"]
                    spec.update(options[0])
    return schema


def readiness(application: AssureApplication, settings: Settings) -> dict[str, dict[str, Any]]:
    """Each readiness check with whether it passed and what it saw."""
    checks: dict[str, dict[str, Any]] = {}
    try:
        head = application.max_position()
        checks["database"] = {"ok": True, "log_position": head}
    except Exception as error:  # any failure to answer means not ready
        return {"database": {"ok": False, "error": type(error).__name__}}
    positions = application.views.positions() if application.views else {}
    lag = head - min(positions.values(), default=0)
    checks["views"] = {"ok": lag <= settings.ready_max_lag, "lag": lag, "max_lag": settings.ready_max_lag}
    checks["broker"] = broker_check(settings)
    return checks


def broker_check(settings: Settings) -> dict[str, Any]:
    """Whether the configured broker answers (the in-process broker always does)."""
    try:
        if settings.broker == "redis":
            import redis

            redis.Redis.from_url(settings.redis_url, socket_timeout=2).ping()
        elif settings.broker == "rabbitmq":
            import pika

            pika.BlockingConnection(pika.URLParameters(settings.rabbitmq_url)).close()
    except Exception as error:  # an unreachable broker, whatever the client raises
        return {"ok": False, "broker": settings.broker, "error": type(error).__name__}
    return {"ok": True, "broker": settings.broker}


def create_app(
    settings: Settings | None = None,
    *,
    embedded: bool = False,
    workers: bool = True,
    prepare: Callable[[AssureApplication], None] | None = None,
) -> FastAPI:
    """Build the app; ``embedded`` also runs the projector (and, with ``workers``, the worker side) in-process."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        application = build_application(settings)
        runner = attach_views(application, settings)
        api.state.application = application
        api.state.idempotency = IdempotencyStore(runner.store)
        if prepare is not None:
            prepare(application)
        stop = threading.Event()
        follower = threading.Thread(target=runner.follow, args=(stop, settings.projection_poll_interval), daemon=True)
        worker_side = WorkerSide(Runtime(settings, application, runner.store, Mailer(settings, runner.store)))
        api.state.runtime = worker_side.rt
        if embedded:
            follower.start()
        if embedded and workers:
            worker_side.start()
        try:
            yield
        finally:
            stop.set()
            if embedded and workers:
                worker_side.stop()
            if embedded:
                follower.join(timeout=5)
            runner.store.close()
            application.close()

    api = FastAPI(title="assure", version="1.0", description=DESCRIPTION, lifespan=lifespan)
    errors.install(api)
    for module in (partnership, schedule, audits, fieldwork, moderation, reporting, report, governance, subscriptions):
        api.include_router(module.router)

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            schema = get_openapi(title=api.title, version=api.version, description=api.description, routes=api.routes)
            api.openapi_schema = without_null_parameters(schema)
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]

    @api.get("/healthz", tags=["health"])
    def healthz() -> JSONResponse:
        """The process is up."""
        return JSONResponse({"status": "ok"})

    @api.get("/readyz", tags=["health"], responses={503: {"description": "Not ready: the reasons are listed"}})
    def readyz() -> JSONResponse:
        """Ready to serve: the database and the broker answer, and the views lag the log by little."""
        checks = readiness(api.state.application, settings)
        ready = all(check["ok"] for check in checks.values())
        return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)

    return api
