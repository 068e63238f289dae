"""What every route needs: the application, the acting principal, If-Match and Idempotency-Key handling."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from api.errors import STATUS, error
from api.idempotency import IdempotencyStore, KeyReused
from application.app import AssureApplication
from application.base import Receipt
from application.errors import NotAuthenticated
from application.principal import Principal
from domain.errors import DomainError, InvalidValue

bearer = HTTPBearer(auto_error=False, description="A bearer token issued to a person (POST /people/{id}/credentials)")


@dataclass
class Ctx:
    """The request's application, principal and preconditions."""

    app: AssureApplication
    by: Principal
    request: Request
    if_match: int | None
    idempotency_key: str | None


def _version(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise InvalidValue('If-Match must carry the version from an ETag, e.g. "7"')
    return int(text)


def context(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    if_match: Annotated[
        str | None, Header(pattern=r'^(W/)?"?[0-9]{1,9}"?$', description="The ETag (version) the change is based on")
    ] = None,
    idempotency_key: Annotated[
        str | None, Header(min_length=1, max_length=200, description="A unique string; a retry with it appends nothing")
    ] = None,
) -> Ctx:
    """Authenticate the bearer token and read the preconditions."""
    app: AssureApplication = request.app.state.application
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotAuthenticated("a bearer token is required: send 'Authorization: Bearer <token>'")
    return Ctx(app, app.authenticate(credentials.credentials), request, _version(if_match), idempotency_key)


Context = Annotated[Ctx, Depends(context)]


def receipt_body(receipt: Receipt) -> dict[str, Any]:
    """What a command answers."""
    return {"id": str(receipt.id), "version": receipt.version, "position": receipt.position, "ref": receipt.ref}


def run(
    ctx: Ctx,
    call: Callable[[], Receipt],
    body: BaseModel | None = None,
    resource: UUID | None = None,
    status: int = 200,
) -> JSONResponse:
    """Run one command: honour If-Match on the resource and Idempotency-Key on the request."""
    store: IdempotencyStore = ctx.request.app.state.idempotency
    key = fingerprint = None
    if ctx.idempotency_key:
        key = f"{ctx.by.actor}:{ctx.idempotency_key}"[:300]
        payload = body.model_dump(mode="json") if body is not None else None
        fingerprint = store.fingerprint(ctx.by.actor, ctx.request.method, ctx.request.url.path, payload)
        try:
            answered = store.claim(key, fingerprint)
        except KeyReused:
            return error(409, "idempotency_key_reused", "this Idempotency-Key was used with a different request")
        if answered is not None:
            return JSONResponse(answered[1], status_code=answered[0], headers={"Idempotent-Replayed": "true"})
    try:
        with ctx.app.expecting(resource, ctx.if_match) if resource is not None else nullcontext():
            receipt = call()
    except DomainError as exc:
        answer, code = {"error": exc.code, "detail": str(exc)}, STATUS.get(exc.kind, 409)
    except BaseException:
        if key:
            store.release(key)
        raise
    else:
        answer, code = receipt_body(receipt), status
    if key and fingerprint:
        store.answer(key, code, answer)
    headers = {"ETag": f'"{answer["version"]}"'} if code < 300 else None
    return JSONResponse(answer, status_code=code, headers=headers)


def tagged(record: dict[str, Any]) -> JSONResponse:
    """A record read from an aggregate, with its version as the ETag."""
    return JSONResponse(record, headers={"ETag": f'"{record["version"]}"'})
