"""Subscriptions of downstream systems to pushed, signed event deliveries (R-25), at a data class (R-31)."""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlsplit
from uuid import UUID

from domain.base import AssureAggregate, require_member, require_reason
from domain.errors import AlreadyRecorded, InvalidValue
from domain.limits import REASON, URL, check_optional_text, check_texts
from domain.values import DISCLOSABLE, REFERENCE, SECRET


def url_host(url: str) -> str:
    """The host of a URL: all of a subscription's URL that may leave the service (it may carry a token)."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def is_loopback(host: str) -> bool:
    """Whether a host names this machine: ``localhost`` or a loopback address."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str, allow_http_loopback: bool) -> str:
    """A subscription URL: https, or http to this machine where a development setting allows it."""
    if len(url) > 2000 or any(c.isspace() or ord(c) < 32 for c in url):
        raise InvalidValue("the URL must be at most 2000 characters, without spaces or control characters")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise InvalidValue("the URL is not a valid URL") from None
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return url
    if parts.scheme == "http" and host and allow_http_loopback and is_loopback(host):
        return url
    raise InvalidValue("the URL must start with https:// and name a host (http:// only to loopback in development)")


MAX_OVERLAP = timedelta(days=7)


class Subscription(AssureAggregate):
    """A URL that receives the events of the named types (all types when none are named), at a data class."""

    class SubscriptionCreated(AssureAggregate.Created):
        class_version: ClassVar[int] = 2
        url: str
        url_host: str
        event_types: list[str]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 2 names the URL's host, the only part of the URL that leaves the service."""
            state["url_host"] = url_host(state["url"])

    class SubscriptionPaused(AssureAggregate.Event):
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.active = False

    class SubscriptionResumed(AssureAggregate.Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.active = True

    class DisclosureGranted(AssureAggregate.Event):
        data_class: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.data_class = self.data_class

    def __init__(self, *, actor: str, url: str, url_host: str, event_types: list[str]) -> None:
        self.url, self.url_host, self.event_types = url, url_host, list(event_types)
        self.active = True
        self.data_class = REFERENCE
        self.secret_generation = 0
        self.previous_valid_until: datetime | None = None

    class SubscriptionSecretRotated(AssureAggregate.Event):
        """A new signing secret; the previous one still signs until ``previous_valid_until`` (the overlap)."""

        generation: int
        previous_valid_until: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.secret_generation = self.generation
            aggregate.previous_valid_until = self.previous_valid_until

    @classmethod
    def create(
        cls,
        subscription_id: UUID,
        url: str,
        event_types: list[str],
        known_types: frozenset[str],
        actor: str,
        at: datetime,
        allow_http_loopback: bool = False,
    ) -> Subscription:
        """Subscribe an https URL to some or all event types, at the reference data class."""
        url = check_url(url, allow_http_loopback)
        unknown = sorted(set(check_texts(event_types, "event types", URL, len(known_types))) - known_types)
        if unknown:
            raise InvalidValue(f"unknown event types: {', '.join(unknown)}")
        return cls._create(cls.SubscriptionCreated, id=subscription_id, actor=actor, timestamp=at, url=url,
                           url_host=url_host(url), event_types=sorted(set(event_types)))  # fmt: skip

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

    def grant_disclosure(self, data_class: str, reason: str, actor: str, at: datetime) -> None:
        """An admin states the highest data class the subscription receives, with a reason (R-31)."""
        require_member(data_class, DISCLOSABLE, "data class")
        if data_class == self.data_class:
            raise AlreadyRecorded(f"the subscription already receives {data_class}")
        self._record(self.DisclosureGranted, actor, at, data_class=data_class,
                     reason=require_reason(reason, "change what a subscription receives"))  # fmt: skip

    def rotate_secret(self, overlap: timedelta, actor: str, at: datetime) -> None:
        """Start signing with a new secret; both are sent for the overlap, so receivers can switch without a gap."""
        if not timedelta(0) <= overlap <= MAX_OVERLAP:
            raise InvalidValue("the overlap must be between 0 and 7 days")
        self._record(
            self.SubscriptionSecretRotated, actor, at, generation=self.secret_generation + 1,
            previous_valid_until=at + overlap,
        )  # fmt: skip

    def signing_generations(self, at: datetime) -> list[int]:
        """The secrets (by generation) that sign a delivery made at a moment: the new one first."""
        overlapping = self.previous_valid_until is not None and at < self.previous_valid_until
        return [self.secret_generation, self.secret_generation - 1] if overlapping else [self.secret_generation]


# What each field of each subscription event is: the URL may carry a token, so only its host leaves.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "SubscriptionCreated": {"url": SECRET, "url_host": REFERENCE, "event_types": REFERENCE},
    "SubscriptionPaused": {"reason": REFERENCE},
    "SubscriptionResumed": {},
    "DisclosureGranted": {"data_class": REFERENCE, "reason": REFERENCE},
    "SubscriptionSecretRotated": {"generation": REFERENCE, "previous_valid_until": REFERENCE},
}
