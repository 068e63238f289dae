"""The shared machinery of the application: loading, saving, the clock and role checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoding
from eventsourcing.utils import Environment

from application.errors import ConcurrentChange, NotFound, NotPermitted, StaleVersion
from application.principal import Principal
from domain.base import AssureAggregate

A = TypeVar("A", bound=AssureAggregate)
_EXPECTED: ContextVar[tuple[UUID, int] | None] = ContextVar("expected_version", default=None)
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


class DateAsISO(Transcoding):
    """Business dates (due dates, meeting dates) are stored as ISO dates."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


@dataclass(frozen=True)
class Receipt:
    """What a command returns: the record it changed, its new version and the log position."""

    id: UUID
    version: int
    position: int
    ref: str | None = None


class AssureBase(Application[UUID]):
    """Application plumbing shared by every group of commands."""

    name = "assure"

    def __init__(self, env: Mapping[str, str] | None = None, clock: Clock = utc_now) -> None:
        self.clock = clock
        super().__init__(env)

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        """Configuration comes from Settings only, never straight from os.environ."""
        return Environment(name, dict(env or {}))

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        """Add business dates to the standard transcodings."""
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def _now(self) -> datetime:
        return self.clock()

    def _load(self, cls: type[A], aggregate_id: UUID, what: str) -> A:
        try:
            aggregate_id = UUID(str(aggregate_id))
        except ValueError:
            raise NotFound(f"no {what} with id {aggregate_id!s}: that is not an id") from None
        try:
            aggregate: Any = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(f"no {what} with id {aggregate_id}") from None
        if not isinstance(aggregate, cls):
            raise NotFound(f"no {what} with id {aggregate_id}")
        expected = _EXPECTED.get()
        if expected is not None and expected[0] == aggregate_id and aggregate.version != expected[1]:
            raise StaleVersion(
                f"the {what} is at version {aggregate.version}, not {expected[1]}: read it again and retry"
            )
        return aggregate

    @staticmethod
    @contextmanager
    def expecting(aggregate_id: UUID, version: int | None) -> Iterator[None]:
        """Within the block, a command refuses (StaleVersion) if this record is not at this version (If-Match)."""
        token = _EXPECTED.set(None if version is None else (UUID(str(aggregate_id)), version))
        try:
            yield
        finally:
            _EXPECTED.reset(token)

    def _exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.repository

    def _commit(self, *aggregates: AssureAggregate, ref: str | None = None) -> Receipt:
        """Save the aggregates in one transaction; the first is the one the receipt names."""
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise ConcurrentChange(
                "someone else changed this record at the same moment; read it again and retry"
            ) from None
        position = recordings[-1].notification.id if recordings else self.max_position()
        return Receipt(aggregates[0].id, aggregates[0].version, position, ref)

    def max_position(self) -> int:
        """The position of the newest event in the log."""
        return self.recorder.max_notification_id() or 0

    @staticmethod
    def _allow(principal: Principal, doing: str, *roles: str, unless: bool = False) -> None:
        """Refuse unless the principal has one of the roles (or ``unless`` holds)."""
        if unless or principal.has(*roles):
            return
        raise NotPermitted(f"{doing} needs the role {' or '.join(roles)}")


def plain(value: Any) -> Any:
    """Turn ids, dates, sets and enums into JSON-simple values for query results."""
    if value is None or type(value) in (str, int, bool, float):
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def record(**fields: Any) -> dict[str, Any]:
    """A query result: named fields as JSON-simple values."""
    return {name: plain(value) for name, value in fields.items()}
