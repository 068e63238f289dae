"""The broker from settings. Call ``setup_broker`` before importing ``workers.actors``."""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.stub import StubBroker

from application.settings import Settings


def make_broker(settings: Settings) -> dramatiq.Broker:
    """Redis or RabbitMQ in production; the in-process StubBroker for the embedded mode and unit tests."""
    if settings.broker == "redis":
        from dramatiq.brokers.redis import RedisBroker

        return RedisBroker(url=settings.redis_url)  # type: ignore[no-untyped-call]
    if settings.broker == "rabbitmq":
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        return RabbitmqBroker(url=settings.rabbitmq_url)
    broker = StubBroker()
    broker.emit_after("process_boot")
    return broker


def setup_broker(settings: Settings) -> dramatiq.Broker:
    """Make the broker the global one that actors declared afterwards (and re-declared) attach to."""
    broker = make_broker(settings)
    dramatiq.set_broker(broker)
    return broker
