"""The broker from settings. Call ``setup_broker`` before importing ``workers.actors``."""

from __future__ import annotations

from typing import Any

import dramatiq
from dramatiq.brokers.stub import StubBroker

from application.settings import Settings


def make_broker(settings: Settings) -> dramatiq.Broker:
    """Redis or RabbitMQ in production; the in-process StubBroker for the embedded mode and unit tests."""
    if settings.broker == "redis":
        from dramatiq.brokers.redis import RedisBroker

        return RedisBroker(url=settings.redis_connection_url())  # type: ignore[no-untyped-call]
    if settings.broker == "rabbitmq":
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        return RabbitmqBroker(url=settings.rabbitmq_connection_url())
    broker = StubBroker()
    broker.emit_after("process_boot")
    return broker


def setup_broker(settings: Settings) -> dramatiq.Broker:
    """Make the broker the global one that actors declared afterwards (and re-declared) attach to."""
    broker = make_broker(settings)
    dramatiq.set_broker(broker)
    return broker


def broker_check(settings: Settings) -> dict[str, Any]:
    """Whether the configured broker answers (the in-process broker always does)."""
    try:
        if settings.broker == "redis":
            import redis

            redis.Redis.from_url(settings.redis_connection_url(), socket_timeout=2).ping()
        elif settings.broker == "rabbitmq":
            import pika

            pika.BlockingConnection(pika.URLParameters(settings.rabbitmq_connection_url())).close()
    except Exception as error:  # an unreachable broker, whatever the client raises
        return {"ok": False, "broker": settings.broker, "error": type(error).__name__}
    return {"ok": True, "broker": settings.broker}
