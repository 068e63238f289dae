"""The base of every assure aggregate: each event records who acted and when."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.errors import InvalidValue, ReasonRequired
from domain.limits import REASON, TextLimit, check_text, shown

ASSURE_NAMESPACE = uuid5(NAMESPACE_URL, "https://assure.lscp/")


def stable_id(*parts: object) -> UUID:
    """An id derived from natural keys, so the same thing always has the same id."""
    return uuid5(ASSURE_NAMESPACE, "/".join(str(p) for p in parts))


class Actor(str):
    """Who acts, as events record them (a person's id or ``system:<worker>``), with the id of the credential
    (never its secret) they came in with; events record both (R-24, R-26)."""

    credential: str | None

    def __new__(cls, who: str, credential: str | None = None) -> Actor:
        actor = super().__new__(cls, who)
        actor.credential = credential
        return actor


def _acting(actor: Any) -> dict[str, Any]:
    """The envelope fields an event takes from whoever acts: a plain actor string, and its credential if any."""
    return {"actor": str(actor), "acting_credential": getattr(actor, "credential", None)}


class AssureAggregate(Aggregate):
    """An aggregate whose events carry the acting person (or ``system:<worker>``) and the credential they used."""

    class Event(Aggregate.Event):
        """Every event names who acted, and with which credential (None for systems and older events)."""

        actor: str
        # Keyword-only with a default: an event stored before this field existed reads back as None (the class
        # attribute), so no upcaster is needed; it is envelope, not data (application.events.ENVELOPE).
        acting_credential: str | None = field(default=None, kw_only=True)

        def apply(self, aggregate: Any) -> None:
            """Events that change no state besides the version override nothing."""

    class Created(Event, Aggregate.Created):
        """The first event of an aggregate."""

    if not TYPE_CHECKING:  # the type checker keeps eventsourcing's signature (it returns the aggregate's type)

        @classmethod
        def _create(cls, event_class, *, id=None, **kwargs):
            """Creating events carry the actor and its credential like every other event."""
            if "actor" in kwargs:
                kwargs.update(_acting(kwargs["actor"]))
            return super()._create(event_class, id=id, **kwargs)

    def _record(self, event_class: type[Aggregate.Event], actor: str, at: datetime, **data: Any) -> None:
        self.trigger_event(event_class, timestamp=at, **_acting(actor), **data)


def require_text(value: str | None, what: str, limit: TextLimit) -> str:
    """Return the stripped text or refuse an empty one (naming what is missing) or one outside its limit."""
    text = check_text("" if value is None else value, what, limit).strip()
    if not text:
        raise InvalidValue(f"{what} is required")
    return text


def require_reason(reason: str | None, for_what: str) -> str:
    """Return the stripped reason or refuse, saying what the reason is for."""
    text = check_text("" if reason is None else reason, "the reason", REASON).strip()
    if not text:
        raise ReasonRequired(f"a reason is required to {for_what}")
    return text


def require_member(value: str, allowed: Iterable[str], what: str) -> str:
    """Refuse a value outside an allowed set, listing the allowed ones."""
    options = list(allowed)
    if not isinstance(value, str) or value not in options:
        raise InvalidValue(f"{what} must be one of: {', '.join(options)} (got {shown(value)})")
    return value
