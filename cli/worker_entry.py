"""The module the dramatiq CLI loads (``assure worker``): sets the broker, declares the actors, and tells them
how to build the worker runtime on first use (through the composition root)."""

from __future__ import annotations

from application.settings import Settings
from cli.system import worker_runtime_from_environment
from workers import runtime
from workers.broker import setup_broker

broker = setup_broker(Settings())
runtime.build_with(worker_runtime_from_environment)

from workers import actors  # noqa: E402,F401  - the broker must be set before the actors are declared
