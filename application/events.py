"""The public form of an event: the item the trail, the feed and webhooks share (DESIGN.md, "Public contracts")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from application.base import plain
from domain.access_log import AccessLog
from domain.action import Action
from domain.administration import AdminBootstrap
from domain.audit import Audit
from domain.audit_return import Return
from domain.audit_tool import ToolTemplate
from domain.base import AssureAggregate, stable_id
from domain.checkpoint import TrailCheckpoint
from domain.concern import Concern
from domain.exception_report import ExceptionReport
from domain.partnership import Agency, Person
from domain.read_record import ReadRecord
from domain.risk_report import RiskReport
from domain.routine_summary import RoutineSummary
from domain.schedule import Schedule
from domain.standards import StandardsFramework
from domain.subscription import Subscription
from domain.training import QuestionnaireResponse

AGGREGATES: tuple[type[AssureAggregate], ...] = (
    Schedule, Audit, Return, Concern, Action, RiskReport, ToolTemplate, Agency, Person, AccessLog, ExceptionReport,
    Subscription, StandardsFramework, QuestionnaireResponse, RoutineSummary, TrailCheckpoint, ReadRecord,
    AdminBootstrap,
)  # fmt: skip
ENVELOPE = {"originator_id", "originator_version", "timestamp", "actor", "acting_credential", "originator_topic"}


def _event_classes(aggregate: type[AssureAggregate]) -> dict[type[Any], str]:
    found: dict[type[Any], str] = {}
    for klass in aggregate.__mro__:
        for value in vars(klass).values():
            is_event = isinstance(value, type) and issubclass(value, AssureAggregate.Event)
            if is_event and value.__name__ not in ("Event", "Created"):
                found[value] = aggregate.__name__
    return found


AGGREGATE_OF: dict[type[Any], str] = {k: v for agg in AGGREGATES for k, v in _event_classes(agg).items()}
PUBLIC_TYPES: frozenset[str] = frozenset(cls.__name__ for cls in AGGREGATE_OF)


@dataclass(frozen=True)
class Context:
    """What an aggregate belongs to: its audit, case and agency, where it has them."""

    audit_id: str | None = None
    case_ref: str | None = None
    agency_id: str | None = None


@dataclass(slots=True, eq=False)
class PublicEvent:
    """One event in the public item format; ``data`` and ``id`` are worked out only when asked for."""

    position: int
    type: str
    schema_version: int
    aggregate_type: str
    aggregate_id: str
    aggregate_version: int
    audit_id: str | None
    case_ref: str | None
    agency_id: str | None
    occurred_at: str
    actor: str
    event: Any = field(repr=False)
    _raw: dict[str, Any] | None = field(default=None, repr=False)
    _data: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def stored(self) -> dict[str, Any]:
        """The event's stored values, envelope included, without a copy (read them, never change them): for code that
        reads a few named fields of every event, such as a rebuild (issue 19)."""
        fields: dict[str, Any] = self.event.__dict__
        return fields

    @property
    def raw(self) -> dict[str, Any]:
        """The event's own fields as stored types (UUIDs, dates)."""
        if self._raw is None:
            self._raw = {k: v for k, v in self.event.__dict__.items() if k not in ENVELOPE}
        return self._raw

    @property
    def data(self) -> dict[str, Any]:
        """The event's own fields as JSON-simple values."""
        if self._data is None:
            self._data = {k: plain(v) for k, v in self.raw.items()}
        return self._data

    @property
    def id(self) -> str:
        """A stable id: the same event always has the same id."""
        return str(stable_id("event", self.aggregate_id, self.aggregate_version))

    def item(self) -> dict[str, Any]:
        """The feed item of DESIGN.md."""
        return {
            "position": self.position, "id": self.id, "type": self.type, "schema_version": self.schema_version,
            "aggregate": {"type": self.aggregate_type, "id": self.aggregate_id, "version": self.aggregate_version},
            "audit_id": self.audit_id, "occurred_at": self.occurred_at, "actor": self.actor, "data": self.data,
        }  # fmt: skip


def context_of(event: Any) -> Context | None:
    """The context a creating event declares, or None for events that do not create."""
    audit_id = getattr(event, "audit_id", None)
    if audit_id is not None and isinstance(event, AssureAggregate.Created):
        agency = getattr(event, "agency_id", None) or getattr(event, "owner_agency_id", None)
        return Context(str(audit_id), getattr(event, "unit_ref", None), str(agency) if agency else None)
    if isinstance(event, AssureAggregate.Created):
        return Context()
    return None


class EventDescriber:
    """Turns stored notifications into public events, remembering each aggregate's id as text and its context."""

    def __init__(self, app: Application[UUID]) -> None:
        self.app = app
        self.known: dict[UUID, tuple[str, str | None, str | None, str | None]] = {}  # id, audit, case, agency

    def describe(self, notification: Notification) -> PublicEvent:
        """Decode one notification."""
        event = self.app.mapper.to_domain_event(notification)
        return self.describe_event(event, notification.id)

    def describe_event(self, event: Any, position: int) -> PublicEvent:
        """Describe a decoded domain event recorded at a position (per event: a rebuild describes every one)."""
        kind = _kind(type(event))
        fields = event.__dict__
        originator_id = fields["originator_id"]
        known = self.known.get(originator_id)
        if known is None or kind.created:
            known = self._learn(event, originator_id, kind)
        aggregate_id, audit_id, case_ref, agency_id = known
        if kind.audit:  # an audit's own events: the audit is the context, the event may name a case and agency
            audit_id, case_ref = aggregate_id, getattr(event, "case_ref", None)
            agency_id = _str(getattr(event, "agency_id", None))
        return PublicEvent(
            position, kind.name, kind.version, kind.aggregate, aggregate_id, fields["originator_version"],
            audit_id, case_ref, agency_id, fields["timestamp"].isoformat(), fields["actor"], event,
        )  # fmt: skip

    def _learn(self, event: Any, originator_id: UUID, kind: _Kind) -> tuple[str, str | None, str | None, str | None]:
        """What an aggregate's events share: declared by its first event, read from the store when not seen yet."""
        if kind.audit:
            context = Context()
        elif kind.created:
            context = context_of(event) or Context()
        else:
            first = next(iter(self.app.events.get(originator_id, lte=1)), None)
            context = (context_of(first) if first is not None else None) or Context()
        known = self.known[originator_id] = (str(originator_id), context.audit_id, context.case_ref, context.agency_id)
        return known


@dataclass(frozen=True, slots=True)
class _Kind:
    """What describing needs to know of an event class, worked out once per class."""

    name: str
    aggregate: str
    version: int
    created: bool  # the aggregate's first event, which declares its context
    audit: bool  # an event of the Audit aggregate itself


_KINDS: dict[type[Any], _Kind] = {}


def _kind(event_class: type[Any]) -> _Kind:
    """An event class's public name, aggregate type, schema version and role (looked up once per class)."""
    kind = _KINDS.get(event_class)
    if kind is None:
        aggregate = AGGREGATE_OF.get(event_class, "Unknown")
        version, created = getattr(event_class, "class_version", 1), issubclass(event_class, AssureAggregate.Created)
        kind = _KINDS[event_class] = _Kind(event_class.__name__, aggregate, version, created, aggregate == "Audit")
    return kind


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def unreadable_item(position: int, error: str | None) -> dict[str, Any]:
    """The feed item for a position whose event cannot be read: it is quarantined, and readers are told so."""
    return {
        "position": position, "id": None, "type": "Unreadable", "schema_version": 1, "aggregate": None,
        "audit_id": None, "occurred_at": None, "actor": None,
        "data": {"quarantined": True, "detail": "this event could not be read; operators have been told"},
    }  # fmt: skip
