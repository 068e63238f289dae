"""One place maps errors to HTTP: ``{"error": code, "detail": text}``, never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from application.log import is_outage
from domain.errors import DomainError

STATUS = {
    "invalid": 422,
    "conflict": 409,
    "not_found": 404,
    "forbidden": 403,
    "precondition": 412,
    "unauthenticated": 401,
}
log = logging.getLogger("assure.api")


class ErrorBody(BaseModel):
    """Every error the API returns."""

    error: str = Field(examples=["out_of_stage"])
    detail: str = Field(examples=["cannot open fieldwork: the audit is in moderation, and this belongs to planning"])


ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in [
        (400, "The request is malformed"),
        (401, "No valid bearer token"),
        (403, "The role does not allow this"),
        (404, "Unknown, or hidden from this person"),
        (409, "Out of stage, or conflicting with the current state"),
        (412, "The If-Match version is stale"),
        (413, "The request body is over the size limit (ASSURE_MAX_BODY_BYTES)"),
        (422, "The payload is invalid: a field breaks its type, length or character limits, or nests too deep"),
    ]
}


def error(status: int, code: str, detail: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The error response."""
    return JSONResponse({"error": code, "detail": detail}, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the exception handlers."""

    @app.exception_handler(DomainError)
    def domain_error(request: Request, exc: DomainError) -> JSONResponse:
        status = STATUS.get(exc.kind, 409)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return error(status, exc.code, str(exc), headers)

    @app.exception_handler(RequestValidationError)
    def invalid_payload(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'] if p != 'body') or 'body'}: {e['msg']}" for e in exc.errors()[:5]
        )
        return error(422, "invalid_payload", problems or "the request could not be read")

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {401: "not_authenticated", 404: "not_found", 405: "method_not_allowed", 400: "bad_request"}
        return error(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail), exc.headers)

    @app.exception_handler(Exception)
    def unexpected(request: Request, exc: Exception) -> JSONResponse:
        """A store or broker outage is 503 (retry shortly); anything else a 500 with a body, never a bare one."""
        if is_outage(exc):
            log.warning("%s %s: the store could not be reached: %s", request.method, request.url.path, exc)
            return error(503, "unavailable", "the store cannot be reached just now; retry shortly",
                         {"Retry-After": "2"})  # fmt: skip
        log.exception("%s %s failed", request.method, request.url.path)
        return error(500, "internal_error", "something went wrong on our side; it has been logged")

    @app.exception_handler(ValueError)
    def bad_value(request: Request, exc: ValueError) -> JSONResponse:
        return error(422, "invalid_value", str(exc))
