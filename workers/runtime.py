"""What the worker side of one process shares: the application, the side store, the mailer, the settings.

The composition root (cli/system.py) builds it; a dramatiq worker process registers a builder with ``build_with``
so that the actors build it on first use, not at import time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from application.app import AssureApplication
from application.ports import SideStore
from application.principal import Principal
from application.quarantine import Quarantine
from application.settings import Settings
from domain.values import Role
from workers.mail import Mailer

WORKER = Principal.for_system("worker", Role.GOVERNANCE, Role.BUSINESS_MANAGER)


@dataclass
class Runtime:
    """The worker side's collaborators in one process."""

    settings: Settings
    app: AssureApplication
    store: SideStore
    mailer: Mailer

    @property
    def quarantine(self) -> Quarantine:
        """Where this process's followers put the events they cannot handle."""
        return Quarantine(self.store)


_current: Runtime | None = None
_builder: Callable[[], Runtime] | None = None


def use(runtime: Runtime) -> None:
    """Make this the runtime the actors of this process use."""
    global _current
    _current = runtime


def build_with(builder: Callable[[], Runtime]) -> None:
    """Build the runtime with this on first use (the dramatiq worker processes)."""
    global _builder
    _builder = builder


def current() -> Runtime:
    """The process's runtime."""
    global _current
    if _current is None:
        if _builder is None:
            raise RuntimeError("no worker runtime: start the workers through `assure worker`")
        _current = _builder()
    return _current
