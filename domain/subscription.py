"""Subscriptions of downstream systems to pushed, signed event deliveries (R-25)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.base import AssureAggregate
from domain.errors import AlreadyRecorded, InvalidValue
from domain.limits import REASON, URL, check_optional_text, check_text, check_texts


class Subscription(AssureAggregate):
    """A URL that receives the events of the named types (all types when none are named)."""

    class SubscriptionCreated(AssureAggregate.Created):
        url: str
        event_types: list[str]

    class SubscriptionPaused(AssureAggregate.Event):
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.active = False

    class SubscriptionResumed(AssureAggregate.Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.active = True

    def __init__(self, *, actor: str, url: str, event_types: list[str]) -> None:
        self.url, self.event_types = url, list(event_types)
        self.active = True

    @classmethod
    def create(
        cls,
        subscription_id: UUID,
        url: str,
        event_types: list[str],
        known_types: frozenset[str],
        actor: str,
        at: datetime,
    ) -> Subscription:
        """Subscribe a URL (http or https) to some or all event types."""
        url = check_text(url, "the URL", URL)
        if not url.startswith(("http://", "https://")) or any(c.isspace() for c in url):
            raise InvalidValue("the URL must start with http:// or https:// and hold no spaces")
        unknown = sorted(set(check_texts(event_types, "event types", URL, len(known_types))) - known_types)
        if unknown:
            raise InvalidValue(f"unknown event types: {', '.join(unknown)}")
        return cls._create(
            cls.SubscriptionCreated,
            id=subscription_id,
            actor=actor,
            timestamp=at,
            url=url,
            event_types=sorted(set(event_types)),
        )

    def wants(self, event_type: str) -> bool:
        """Whether this subscription receives an event type."""
        return self.active and (not self.event_types or event_type in self.event_types)

    def pause(self, reason: str, actor: str, at: datetime) -> None:
        """Stop deliveries for now."""
        if not self.active:
            raise AlreadyRecorded("the subscription is already paused")
        reason = check_optional_text(reason, "the reason", REASON) or "paused"
        self._record(self.SubscriptionPaused, actor, at, reason=reason)

    def resume(self, actor: str, at: datetime) -> None:
        """Deliver again, from where deliveries stopped."""
        if self.active:
            raise AlreadyRecorded("the subscription is active")
        self._record(self.SubscriptionResumed, actor, at)
