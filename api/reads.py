"""Every request's reads of case-level data go on the trail as one record before the answer leaves (R-26).

The application gathers a request's reads (``collecting_reads``); when the response starts, they are written as
one record. A successful answer is sent only once its reads are recorded: if the record cannot be written, the
client gets 503 and none of the content. Refused and failed requests disclosed nothing, so record nothing."""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool

from api.body_limits import ASGIApp, Message, Receive, Scope, Send
from api.errors import error

log = logging.getLogger("assure.api")
UNRECORDED = "the read could not be put on the audit trail, so nothing was shown; try again in a moment"


class ReadAccountability:
    """Pure ASGI middleware: gather the request's case-level reads, record them once, then answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        application = scope["app"].state.application
        with application.collecting_reads(f"{scope['method']} {scope['path']}") as batch:
            withheld = False

            async def send_recorded(message: Message) -> None:
                nonlocal withheld
                if withheld:
                    return
                if message["type"] == "http.response.start" and message["status"] < 400 and batch.reads:
                    route = scope.get("route")
                    batch.through = f"{scope['method']} {getattr(route, 'path', scope['path'])}"
                    try:
                        await run_in_threadpool(application.record_reads, batch)
                    except Exception:
                        log.exception("a request's reads of case-level data could not be recorded")
                        withheld = True
                        await error(503, "reads_not_recorded", UNRECORDED)(scope, receive, send)
                        return
                await send(message)

            await self.app(scope, receive, send_recorded)
