"""The module ``dramatiq`` loads in production (``assure worker``): sets the broker, then declares the actors."""

from __future__ import annotations

from application.settings import Settings
from workers.broker import setup_broker

broker = setup_broker(Settings())

from workers import actors  # noqa: E402,F401  - the broker must be set before the actors are declared
