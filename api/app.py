"""``create_app(settings, build)``: the FastAPI app; its wiring (application, stores) is built in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials

from api import docs, errors
from api.body_limits import BodyLimits
from api.deps import bearer
from api.idempotency import IdempotencyStore
from api.models import Health, Readiness
from api.reads import ReadAccountability
from api.routes import (
    audits,
    fieldwork,
    governance,
    integrity,
    kinds,
    lists,
    moderation,
    partnership,
    report,
    reporting,
    schedule,
    subscriptions,
    workflow,
)
from application.app import AssureApplication
from application.settings import Settings
from domain.limits import MAX_JSON_DEPTH

W = TypeVar("W", bound="Wiring")

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


def authenticated(application: AssureApplication, token: str) -> bool:
    """Whether the token is a person's valid bearer token (an unreachable store counts as no)."""
    try:
        application.authenticate(token)
    except Exception:  # NotAuthenticated, or a store that cannot answer (readiness says so, without details)
        return False
    return True


class Wiring(Protocol):
    """What the API needs built around it; the composition root (cli/system.py) provides it."""

    app: AssureApplication
    idempotency: IdempotencyStore

    def readiness(self) -> dict[str, dict[str, Any]]: ...

    def close(self) -> None: ...


def create_app(
    settings: Settings,
    build: Callable[[], W],
    start: Callable[[W], None] | None = None,
) -> FastAPI:
    """The API; ``build`` makes its wiring in the lifespan, ``start`` runs what the process runs beside it."""

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        wiring = build()
        api.state.application, api.state.idempotency, api.state.wiring = wiring.app, wiring.idempotency, wiring
        try:
            if start is not None:
                start(wiring)
            yield
        finally:
            wiring.close()

    api = FastAPI(title="assure", version="1.0", description=DESCRIPTION, lifespan=lifespan, docs_url=None,
                  redoc_url=None)  # fmt: skip
    errors.install(api)
    docs.install(api)
    api.state.settings = settings
    api.add_middleware(ReadAccountability)
    api.add_middleware(BodyLimits, max_bytes=settings.max_body_bytes, max_depth=MAX_JSON_DEPTH)
    for module in (partnership, schedule, audits, fieldwork, moderation, reporting, report, integrity, governance,
                   subscriptions, workflow, kinds, lists):  # fmt: skip
        api.include_router(module.router)

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            schema = get_openapi(title=api.title, version=api.version, description=api.description, routes=api.routes)
            api.openapi_schema = without_null_parameters(schema)
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]

    @api.get("/healthz", tags=["health"], response_model=Health)
    def healthz() -> JSONResponse:
        """The process is up."""
        return JSONResponse({"status": "ok"})

    @api.get(
        "/readyz",
        tags=["health"],
        response_model=Readiness,
        responses={503: {"model": Readiness, "description": "Not ready (the reasons: with a token)"}},
    )
    def readyz(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> JSONResponse:
        """Ready to serve: the database and the broker answer, and the views lag the log by little. The checks'
        details (log positions, broker errors) go only to a caller with a valid bearer token."""
        checks = api.state.wiring.readiness()
        ready = all(check["ok"] for check in checks.values())
        degraded = any(check.get("degraded") for check in checks.values())
        status = "degraded" if ready and degraded else "ready" if ready else "not ready"
        body: dict[str, Any] = {"ready": ready, "status": status}
        if credentials is not None and authenticated(api.state.application, credentials.credentials):
            body["checks"] = checks
        return JSONResponse(body, status_code=200 if ready else 503)

    return api
