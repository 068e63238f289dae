"""What the worker side of one process shares: the application, the view store, the mailer, the settings."""

from __future__ import annotations

from dataclasses import dataclass

from application.app import AssureApplication
from application.bootstrap import build_application
from application.principal import Principal
from application.settings import Settings
from domain.values import Role
from projections.setup import attach_views
from projections.store import ViewStore
from workers import mail, relay, webhooks
from workers.mail import Mailer

WORKER = Principal.for_system("worker", Role.GOVERNANCE, Role.BUSINESS_MANAGER)
WORKER_DDL = [*mail.DDL, *relay.DDL, *webhooks.DDL]  # the worker side's own state, beside the views


@dataclass
class Runtime:
    """Built once per process from settings, or handed in by the embedded mode and tests."""

    settings: Settings
    app: AssureApplication
    store: ViewStore
    mailer: Mailer

    def __post_init__(self) -> None:
        self.store.create(WORKER_DDL)  # once per process, not on every delivery

    @classmethod
    def build(cls, settings: Settings, app: AssureApplication | None = None, store: ViewStore | None = None) -> Runtime:
        app = app or build_application(settings)
        if store is None or app.views is None:
            store = attach_views(app, settings, store).store
        return cls(settings, app, store, Mailer(settings, store))


_current: Runtime | None = None


def use(runtime: Runtime) -> None:
    """Make this the runtime the actors of this process use."""
    global _current
    _current = runtime


def current() -> Runtime:
    """The process's runtime, built from the environment's settings on first use."""
    global _current
    if _current is None:
        _current = Runtime.build(Settings())
    return _current
