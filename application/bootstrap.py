"""The composition root: builds the application from Settings. Nothing connects at import time."""

from __future__ import annotations

from application.app import AssureApplication
from application.base import Clock, utc_now
from application.settings import Settings
from application.timeliness import StallPolicy


def build_application(settings: Settings | None = None, clock: Clock = utc_now) -> AssureApplication:
    """Build the application on the store the settings choose."""
    settings = settings or Settings()
    app = AssureApplication(env=settings.eventsourcing_env(), clock=clock)
    app.stall_policy = StallPolicy(settings.stall_blocked_days, settings.stall_no_progress_days)
    app.webhook_key = settings.webhook_signing_key.get_secret_value().encode()
    return app
