"""The ASGI app for ``uvicorn api.main:app`` (settings from the environment)."""

from __future__ import annotations

from api.app import create_app

app = create_app()
