"""The shared machinery of the application: loading, saving, the clock and role checks."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoding
from eventsourcing.utils import Environment

if TYPE_CHECKING:
    from application.log import LogReader
from application.destinations import DestinationPolicy
from application.errors import ConcurrentChange, NotFound, NotPermitted, StaleVersion
from application.ports import ReadModels, ReportRenderer, WebhookDeliveries
from application.principal import OVERSIGHT, READ_ALL, Principal
from application.timeliness import StallPolicy
from domain.audit import Audit
from domain.audit_return import Return
from domain.audit_tool import ToolTemplate
from domain.base import AssureAggregate
from domain.errors import NotReady
from domain.limits import DEFAULT_CASE_REF_PATTERN, MAX_ITEMS, REF, TextLimit, check_count, check_text
from domain.partnership import Agency, Person
from domain.read_record import ReadRecord
from domain.values import Role

A = TypeVar("A", bound=AssureAggregate)
_EXPECTED: ContextVar[tuple[UUID, int] | None] = ContextVar("expected_version", default=None)
Clock = Callable[[], datetime]
DEVELOPMENT_WEBHOOK_KEY = b"assure-development-signing-key"
MAX_CREDENTIAL_DAYS = 730


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


@dataclass
class ReadBatch:
    """The case-level reads of one request, recorded together as one record when it answers (R-26)."""

    through: str
    by: Principal | None = None
    reads: list[dict[str, Any]] = field(default_factory=list)
    recorded: bool = False


_READS: ContextVar[ReadBatch | None] = ContextVar("case_reads", default=None)
DIRECT = "a direct call of the application"


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

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        clock: Clock = utc_now,
        *,
        views: Callable[[AssureBase], ReadModels] | None = None,
        deliveries: Callable[[AssureBase], WebhookDeliveries] | None = None,
        renderer: ReportRenderer | None = None,
        stall_policy: StallPolicy | None = None,
        webhook_key: bytes = DEVELOPMENT_WEBHOOK_KEY,
        destinations: DestinationPolicy | None = None,
        routine_summary_frequency: str = "monthly",
        case_ref_pattern: str = DEFAULT_CASE_REF_PATTERN,
    ) -> None:
        """Collaborators come in here; those that read the log (views, deliveries) are built on the application."""
        self.clock = clock
        self.stall_policy = stall_policy or StallPolicy()
        self.webhook_key = webhook_key
        self.destinations = destinations or DestinationPolicy()  # where webhooks may go
        self.routine_summary_frequency = routine_summary_frequency
        self.case_ref_pattern = case_ref_pattern  # what a pseudonymous case reference looks like
        self.renderer = renderer
        self.credential_holders: dict[UUID, Person] = {}  # people's records kept for token checks (access.py)
        super().__init__(env)
        self.views: ReadModels | None = views(self) if views is not None else None
        self.deliveries: WebhookDeliveries | None = deliveries(self) if deliveries is not None else None

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
            expected = _EXPECTED.get()
            if expected is not None and any(a.id == expected[0] for a in aggregates):
                # The caller's If-Match version was current when loaded, but another write got there first.
                raise StaleVersion(
                    "someone else changed this record at the same moment: read it again and retry"
                ) from None
            raise ConcurrentChange(
                "someone else changed this record at the same moment; read it again and retry"
            ) from None
        position = recordings[-1].notification.id if recordings else self.max_position()
        return Receipt(aggregates[0].id, aggregates[0].version, position, ref)

    def max_position(self) -> int:
        """The position of the newest event in the log."""
        return self.recorder.max_notification_id() or 0

    def log_reader(self, eager: bool = True) -> LogReader:
        """The one way to read the log: by position range, by position, one aggregate's history."""
        from application.log import LogReader

        return LogReader(self, eager)

    @staticmethod
    def _allow(principal: Principal, doing: str, *roles: str, unless: bool = False) -> None:
        """Refuse unless the principal has one of the roles (or ``unless`` holds)."""
        if unless or principal.has(*roles):
            return
        raise NotPermitted(f"{doing} needs the role {' or '.join(roles)}")

    # Lookups shared by every group of commands
    def agency(self, code: str) -> Agency:
        """The agency with this code."""
        try:
            return self._load(Agency, Agency.id_for(code), "agency")
        except NotFound:
            raise NotFound(f"no agency with code {code!r}") from None

    def agency_by_id(self, agency_id: UUID) -> Agency:
        """The agency with this id."""
        return self._load(Agency, agency_id, "agency")

    def person(self, person_id: UUID) -> Person:
        """The person with this id."""
        return self._load(Person, person_id, "person")

    def _template(self, name: str) -> ToolTemplate:
        try:
            return self._load(ToolTemplate, ToolTemplate.id_for(name or "-"), "tool template")
        except NotFound:
            raise NotFound(f"no tool template named {name!r}") from None

    def _audit(self, audit_id: UUID) -> Audit:
        return self._load(Audit, audit_id, "audit")

    def _return(self, audit_id: UUID, case_ref: str, agency_id: UUID) -> Return:
        case_ref = given(case_ref, "the case reference", REF)
        round_ = self._audit(audit_id).return_round(case_ref, agency_id)
        return_id = Return.id_for(audit_id, case_ref, agency_id, round_)
        try:
            return self._load(Return, return_id, "return")
        except NotFound:
            raise NotFound(f"no return has been started for {case_ref.upper()} by that agency") from None

    def return_statuses(self, audit: Audit) -> dict[str, str]:
        """Each assigned return's status, keyed 'CASE|agency id' ('assigned' until started)."""
        statuses = {}
        for key in audit.assignments:
            unit, agency = key.split("|")
            return_id = Return.id_for(audit.id, unit, UUID(agency), audit.return_round(unit, UUID(agency)))
            found = self._exists(return_id)
            statuses[key] = self._load(Return, return_id, "return").status.value if found else "assigned"
        return statuses

    def _record_case_read(
        self, by: Principal, what: str, audit_id: UUID, case_ref: str | None = None, agency_id: UUID | None = None
    ) -> None:
        """Note a person's read of case-level data (R-26); systems' reads are not people's.

        Within a request (``collecting_reads``) the reads are recorded together when it answers; outside one, at
        once. Each record is a new aggregate, so people reading at the same time never contend."""
        if by.person_id is None:
            return
        read = {"what": what, "audit_id": str(audit_id), "case_ref": case_ref,
                "agency_id": None if agency_id is None else str(agency_id)}  # fmt: skip
        batch = _READS.get()
        if batch is None or (batch.by is not None and batch.by.person_id != by.person_id):
            self._write_reads(by, DIRECT if batch is None else batch.through, [read])
            return
        batch.by = by
        if read not in batch.reads:
            batch.reads.append(read)

    def _record_case_reads(
        self, by: Principal, what: str, audit_id: UUID, cases: Iterable[tuple[str | None, Any]]
    ) -> None:
        """Note a read that showed several cases (case reference, agency id or None), one item each, so that
        "who looked at case X" finds it; an audit-level read when it showed none."""
        with self._reads_together():
            noted = False
            for case_ref, agency_id in cases:
                self._record_case_read(by, what, audit_id, case_ref,
                                       None if agency_id is None else UUID(str(agency_id)))  # fmt: skip
                noted = True
            if not noted:
                self._record_case_read(by, what, audit_id)

    @contextmanager
    def _reads_together(self) -> Iterator[None]:
        """The reads noted in the block make one record: the request's, or (called directly) the block's own."""
        if _READS.get() is not None:
            yield
            return
        with self.collecting_reads(DIRECT) as batch:
            yield
        self.record_reads(batch)

    @staticmethod
    @contextmanager
    def collecting_reads(through: str) -> Iterator[ReadBatch]:
        """Within the block, reads of case-level data are gathered into one batch (one per HTTP request)."""
        batch = ReadBatch(through)
        token = _READS.set(batch)
        try:
            yield batch
        finally:
            _READS.reset(token)

    def record_reads(self, batch: ReadBatch) -> None:
        """Put a request's reads on the trail as one record, before it answers; nothing if it read none."""
        if batch.by is None or not batch.reads or batch.recorded:
            return
        self._write_reads(batch.by, batch.through, batch.reads)
        batch.recorded = True

    def _write_reads(self, by: Principal, through: str, reads: list[dict[str, Any]]) -> None:
        """One record, or, past what a record holds (a trail page of 500 rows), several saved together: every case
        read stays findable by case."""
        assert by.person_id is not None
        now = self._now()
        self._commit(*[ReadRecord.record(uuid4(), by.person_id, through, reads[n : n + MAX_ITEMS], by.actor, now)
                       for n in range(0, len(reads), MAX_ITEMS)])  # fmt: skip

    def _visible_audit(self, by: Principal, audit_id: UUID) -> Audit:
        audit = self._audit(audit_id)
        member = by.has(Role.AUDITOR, Role.AGENCY_LEAD) and audit.takes_part(by.agency_id)  # invited
        if not (member or by.has(*READ_ALL, *OVERSIGHT)):
            raise NotFound(f"no audit with id {audit_id}")
        return audit

    @staticmethod
    def _agency_rows(by: Principal) -> str | None:
        """Whose rows of an audit a reader sees: None for every agency's (the chair, QA officer, governance and the
        oversight groups), else their own agency's id (an agency's lead or auditor, R-26)."""
        if by.has(*READ_ALL, *OVERSIGHT):
            return None
        return str(by.agency_id) if by.agency_id is not None else ""  # no agency: no agency's rows

    def _views(self) -> ReadModels:
        if self.views is None:
            raise NotReady("the read models are not configured in this process")
        return self.views

    def _caught_up_views(self, doing: str, timeout: float = 30.0) -> ReadModels:
        """The views, once they have reached the log's head: a scan never silently trusts a stuck view."""
        views, head = self._views(), self.max_position()
        if not views.wait_for(head, timeout):
            behind = min(views.positions().values(), default=0)
            raise NotReady(f"{doing} waits: the views are at position {behind} of {head} (see assure quarantine list"
                           " and assure projections status)")  # fmt: skip
        return views

    def _renderer(self) -> ReportRenderer:
        if self.renderer is None:
            raise NotReady("the report renderer is not configured in this process")
        return self.renderer

    def _deliveries(self) -> WebhookDeliveries:
        if self.deliveries is None:
            raise NotReady("webhook delivery is not configured in this process")
        return self.deliveries

    def _mint_credential(self, by: Principal, person: Person, label: str, valid_days: int) -> tuple[str, Receipt]:
        """A new bearer token for the person: the secret is shown once and stored hashed."""
        token = self._issue_credential(by, person, label, valid_days)
        return token, self._commit(person, ref=token.split(".")[1])

    def _issue_credential(self, by: Principal, person: Person, label: str, valid_days: int) -> str:
        """Record a new credential on the person (the issuer is the event's actor); the token, not yet saved."""
        check_count(valid_days, "the days the credential is valid", 1, MAX_CREDENTIAL_DAYS)
        credential_id, secret, now = secrets.token_hex(6), secrets.token_urlsafe(32), self._now()
        person.issue_credential(credential_id, token_hash(secret), now + timedelta(days=valid_days), label, by.actor,
                                now)  # fmt: skip
        return f"{person.id.hex}.{credential_id}.{secret}"


def given(value: object, what: str, limit: TextLimit) -> str:
    """Text given with a command, stripped; refused (naming the limit) if it is not text or breaks its limit."""
    return check_text(value, what, limit).strip()


def token_hash(secret: str) -> str:
    """How a bearer token's secret is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


MAX_DEPTH = 32


def plain(value: Any, depth: int = 0) -> Any:
    """Turn ids, dates, sets and enums into JSON-simple values for query results; nesting is bounded."""
    if value is None or type(value) in (str, int, bool, float):
        return value
    if depth >= MAX_DEPTH:
        raise ValueError(f"a value is nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, dict):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v, depth + 1) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def record(**fields: Any) -> dict[str, Any]:
    """A query result: named fields as JSON-simple values."""
    return {name: plain(value) for name, value in fields.items()}
