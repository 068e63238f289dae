"""Refuse a request body before anything parses it: too large (413), or JSON nested too deep (422).

The size is checked against Content-Length first, then counted as the body streams in, so a body over the limit
is never held in memory whole. Control characters in the path or query are refused too (400)."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import unquote_to_bytes

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# A JSON string (skipped whole) or a bracket; the depth is counted over brackets outside strings.
_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_OPEN = frozenset(b"[{")
_CONTROL = re.compile(rb"[\x00-\x1f\x7f]")


def json_depth_exceeds(body: bytes, limit: int) -> bool:
    """Whether a JSON text nests arrays and objects deeper than ``limit``; never recurses."""
    depth = 0
    for token in _TOKENS.finditer(body):
        first = token.group()[0]
        if first in _OPEN:
            depth += 1
            if depth > limit:
                return True
        elif first != 0x22:  # a closing bracket, not a string
            depth -= 1
    return False


class BodyLimits:
    """ASGI middleware: request bodies up to ``max_bytes``, JSON up to ``max_depth`` levels deep."""

    def __init__(self, app: ASGIApp, max_bytes: int, max_depth: int) -> None:
        self.app, self.max_bytes, self.max_depth = app, max_bytes, max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _CONTROL.search(unquote_to_bytes(scope.get("query_string", b""))) or _CONTROL.search(
            scope.get("path", "").encode("utf-8", "surrogatepass")
        ):
            await _refuse(send, 400, "invalid_characters", "the path or query holds a control character")
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._too_large(send)
            return
        body = await self._read(receive)
        if body is None:
            await self._too_large(send)
            return
        if json_depth_exceeds(body, self.max_depth):
            await _refuse(send, 422, "invalid_payload",
                          f"body: JSON nested deeper than {self.max_depth} levels is refused")  # fmt: skip
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it grows past the limit."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks)  # the client went away; the app will see the disconnect
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _too_large(self, send: Send) -> None:
        await _refuse(send, 413, "payload_too_large", f"the request body is over the limit of {self.max_bytes} bytes",
                      close=True)  # fmt: skip


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _refuse(send: Send, status: int, code: str, detail: str, close: bool = False) -> None:
    content = json.dumps({"error": code, "detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode())]
    if close:  # the rest of the body is never read, so the connection cannot carry another request
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})
