"""``create_app(settings)``: the FastAPI app. The application and the views are built in the lifespan."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from api import errors
from api.idempotency import IdempotencyStore
from api.routes import audits, fieldwork, governance, moderation, partnership, reporting, schedule
from application.app import AssureApplication
from application.bootstrap import build_application
from application.settings import Settings
from projections.setup import attach_views

DESCRIPTION = """The system of record for a safeguarding children partnership's multi-agency case audits.

Authenticate with `Authorization: Bearer <token>`. Commands answer `{id, version, position, ref}`: the
`version` is also the `ETag`; send it back as `If-Match` to refuse a change based on a stale copy. Send an
`Idempotency-Key` with a POST to make retries safe. Errors are `{"error": code, "detail": text}`.
Views (lists, matrices, the trail) follow the log: to read your own write, pass the command's `position`
to `GET /views?wait_for=`."""


def create_app(
    settings: Settings | None = None,
    *,
    embedded: bool = False,
    prepare: Callable[[AssureApplication], None] | None = None,
) -> FastAPI:
    """Build the app; ``embedded`` also runs the projector in a thread of this process."""
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
        if embedded:
            follower.start()
        try:
            yield
        finally:
            stop.set()
            if embedded:
                follower.join(timeout=5)
            runner.store.close()
            application.close()

    api = FastAPI(title="assure", version="1.0", description=DESCRIPTION, lifespan=lifespan)
    errors.install(api)
    for module in (partnership, schedule, audits, fieldwork, moderation, reporting, governance):
        api.include_router(module.router)

    @api.get("/healthz", tags=["health"])
    def healthz() -> JSONResponse:
        """The process is up."""
        return JSONResponse({"status": "ok"})

    return api
