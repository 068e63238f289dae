"""What the background side asks of the application: exception reports, escalations, subscriptions (R-11, R-21,
R-22, R-25). Workers call these with a system principal; people read the results."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from application.base import AssureBase, Receipt, given, plain, record
from application.errors import NotFound
from application.events import PUBLIC_TYPES
from application.principal import OVERSIGHT, READ_ALL, Principal
from application.read_models import TrailFilter
from application.timeliness import StallPolicy
from domain.action import Action
from domain.exception_report import ExceptionReport
from domain.limits import URL
from domain.risk_report import RiskReport
from domain.subscription import Subscription
from domain.values import REFERENCE, Role


class BackgroundCommands(AssureBase):
    """Scans, escalations and subscriptions."""

    # R-21, R-20a and R-22: stalled actions, moved due dates and scheduled single-agency risk reports, by exception
    def issue_exception_report(self, by: Principal) -> Receipt | None:
        """Report every stall, persisting stall and due-date move not reported before, in one transaction with the
        actions marking them; None if there is nothing to report."""
        self._allow(by, "issuing exception reports", unless=by.system is not None)
        now, items, marked = self._now(), [], []
        for row in self._caught_up_views("issuing exception reports").actions():
            action = self._load(Action, row["action_id"], "action")
            due = _due_for_report(action, self.stall_policy, now)
            if due.marks:
                items.append(self._history(action, due))
                marked.append((action, due.marks))
        if not items:
            return None
        report = ExceptionReport.issue(uuid4(), items, self._scheduled_risks(now.date().isoformat()), by.actor, now)
        for action, marks in marked:
            for mark in marks:
                action.report_by_exception(report.id, mark, by.actor, now)
        return self._commit(report, *[a for a, _ in marked])

    def _history(self, action: Action, due: _Due) -> dict[str, Any]:
        events = self.log_reader().history(action.id, action.version)
        audit = self._audit(action.audit_id)
        moves = [e for e in events if isinstance(e, Action.ActionDueDateRevised | Action.ActionDueDateMoveAgreed)]
        return record(
            action_id=action.id,
            audit_id=action.audit_id,
            audit=f"{audit.theme} ({audit.kind.value.replace('_', ' ')}, commissioned {audit.created_on.date()})",
            recommendation_id=action.recommendation_id,
            recommendation=audit.recommendations.get(action.recommendation_id, ""),
            specific=action.specific,
            owner=self.person(action.owner_person_id).name,
            agency=self.agency_by_id(action.owner_agency_id).name,
            due_date=action.due_date,
            stalls=due.fresh,
            persisting=due.persisting,
            status=action.status.value,
            moves_since_last_report=[_move(moves[n - 1]) for n in due.moves],
            due_date_revisions=[_move(e) for e in moves],
            blockers=[
                {"on": e.timestamp.date(), "blocker": e.blocker} for e in events if isinstance(e, Action.ActionBlocked)
            ],
            last_progress=next(
                (
                    {"on": e.timestamp.date(), "note": e.note}
                    for e in reversed(events)
                    if isinstance(e, Action.ActionProgressReported)
                ),
                None,
            ),
        )

    def _scheduled_risks(self, today: str) -> list[dict[str, Any]]:
        rows = self._views().trail(_risk_filter()).rows
        risks = []
        for row in rows:
            report = self._load(RiskReport, row["aggregate_id"], "risk report")
            if report.meeting_date is not None and report.meeting_date.isoformat() >= today:
                risks.append(
                    record(
                        report_id=report.id,
                        agency=self.agency_by_id(report.agency_id).name,
                        audit_title=report.audit_title,
                        finding=report.finding,
                        meeting_date=report.meeting_date,
                    )
                )
        return risks

    def get_exception_report(self, by: Principal, report_id: UUID) -> dict[str, Any]:
        """An exception report (Executive, ARG, chair, QA officer, governance, business manager)."""
        self._allow(by, "reading exception reports", *READ_ALL, *OVERSIGHT, unless=by.system is not None)
        report = self._load(ExceptionReport, report_id, "exception report")
        return record(
            id=report.id,
            version=report.version,
            issued_on=report.period_end,
            stalled_actions=report.stalled_actions,
            risk_reports=report.risk_reports,
        )

    # urgent concerns are escalated until acknowledged

    # push subscriptions
    def create_subscription(
        self, by: Principal, url: str, event_types: list[str], data_class: str = REFERENCE, reason: str | None = None
    ) -> tuple[Receipt, str]:
        """Subscribe an https URL, at references only unless a reason grants more (R-31); the answer carries the
        signing secret, shown once."""
        self._allow(by, "managing subscriptions", Role.ADMIN)
        url = given(url, "the URL", URL)
        now, policy = self._now(), self.destinations
        subscription = Subscription.create(uuid4(), url.strip(), event_types, PUBLIC_TYPES, by.actor, now,
                                           allow_http_loopback=policy.allow_http_loopback)  # fmt: skip
        policy.check(subscription.url)
        if data_class != REFERENCE:
            subscription.grant_disclosure(data_class, reason or "", by.actor, now)
        return self._commit(subscription), self.subscription_secret(subscription.id)

    def grant_subscription_disclosure(self, by: Principal, subscription_id: UUID, data_class: str, reason: str
                                      ) -> Receipt:  # fmt: skip
        """An admin states the highest data class a subscription receives, with a reason governance sees (R-31)."""
        self._allow(by, "managing subscriptions", Role.ADMIN)
        subscription = self._load(Subscription, subscription_id, "subscription")
        subscription.grant_disclosure(data_class, reason, by.actor, self._now())
        return self._commit(subscription)

    def subscription_secret(self, subscription_id: UUID, generation: int = 0) -> str:
        """A subscription's signing secret: ``whsec_`` + base64 of 32 bytes derived from the server's key, never
        stored (DESIGN: no secret in an event); the HMAC key is the 32 decoded bytes, as Standard Webhooks says."""
        message = f"assure-subscription-secret:{subscription_id}:{generation}".encode()
        key = hmac.new(self.webhook_key, message, hashlib.sha256).digest()
        return "whsec_" + base64.b64encode(key).decode()

    def signing_secrets(self, subscription_id: UUID) -> list[str]:
        """The secrets that sign a delivery now: the current one, and the previous one during a rotation's overlap."""
        subscription = self.subscription(subscription_id)
        return [self.subscription_secret(subscription.id, g) for g in subscription.signing_generations(self._now())]

    def rotate_subscription_secret(
        self, by: Principal, subscription_id: UUID, overlap: timedelta
    ) -> tuple[Receipt, str, str]:
        """Issue a new secret (shown once) and keep signing with the old one too until the overlap ends."""
        self._allow(by, "managing subscriptions", Role.ADMIN)
        subscription = self._load(Subscription, subscription_id, "subscription")
        subscription.rotate_secret(overlap, by.actor, self._now())
        receipt = self._commit(subscription)
        secret = self.subscription_secret(subscription.id, subscription.secret_generation)
        return receipt, secret, plain(subscription.previous_valid_until)

    def subscription_failures(self, by: Principal, subscription_id: UUID) -> list[dict[str, Any]]:
        """Deliveries to a subscription that failed after the last retry, not yet redelivered."""
        self.managed_subscription(by, subscription_id)
        return self._deliveries().failures(str(subscription_id))

    def redeliver(self, by: Principal, subscription_id: UUID, position: int) -> bool:
        """Deliver a failed event to the subscription again, now; True when it got through."""
        self.managed_subscription(by, subscription_id)
        return self._deliveries().redeliver(str(subscription_id), position)

    def pause_subscription(self, by: Principal, subscription_id: UUID, reason: str) -> Receipt:
        """Stop deliveries to a subscription."""
        self._allow(by, "managing subscriptions", Role.ADMIN)
        subscription = self._load(Subscription, subscription_id, "subscription")
        subscription.pause(reason, by.actor, self._now())
        return self._commit(subscription)

    def resume_subscription(self, by: Principal, subscription_id: UUID) -> Receipt:
        """Deliver again from where deliveries stopped."""
        self._allow(by, "managing subscriptions", Role.ADMIN)
        subscription = self._load(Subscription, subscription_id, "subscription")
        subscription.resume(by.actor, self._now())
        return self._commit(subscription)

    def managed_subscription(self, by: Principal, subscription_id: UUID) -> Subscription:
        """A subscription an admin is managing (its failed deliveries, redelivery)."""
        self._allow(by, "managing subscriptions", Role.ADMIN)
        return self.subscription(subscription_id)

    def subscription(self, subscription_id: UUID) -> Subscription:
        """A subscription, for the delivery worker."""
        try:
            return self._load(Subscription, subscription_id, "subscription")
        except NotFound:
            raise NotFound(f"no subscription with id {subscription_id}") from None

    def subscription_ids(self) -> list[UUID]:
        """Every subscription ever created (from the trail index)."""
        rows = self._views().trail(TrailFilter(event_types=("SubscriptionCreated",), limit=500)).rows
        return [UUID(r["aggregate_id"]) for r in rows]


@dataclass(frozen=True)
class _Due:
    """What the next exception report must say of one action, and the marks that stop it being said twice."""

    fresh: list[str]
    persisting: list[str]
    moves: list[int]
    persisting_marks: list[str]

    @property
    def marks(self) -> list[str]:
        return [*self.fresh, *self.persisting_marks, *(f"moved:{n}" for n in self.moves)]


def _due_for_report(action: Action, policy: StallPolicy, now: datetime) -> _Due:
    """New stalls, stalls persisting a full interval since their first report, and due-date moves not yet reported."""
    current = policy.stalls(_stall_facts(action), now)
    fresh = [s for s in current if s not in action.reported_stalls]
    persisting, marks = [], []
    for stall in current:
        first = action.first_reported_at.get(stall)
        mark = policy.persisting(stall, first, now) if first is not None else None
        if mark is not None and mark not in action.reported_stalls:
            persisting.append(stall)
            marks.append(mark)
    moves = [n for n in range(1, action.due_date_moves + 1) if f"moved:{n}" not in action.reported_stalls]
    return _Due(fresh, persisting, moves, marks)


def _move(event: Action.ActionDueDateRevised | Action.ActionDueDateMoveAgreed) -> dict[str, Any]:
    agreed = isinstance(event, Action.ActionDueDateMoveAgreed)
    return {"from": event.from_date, "to": event.to_date, "reason": event.reason, "on": event.timestamp.date(),
            "agreed_by_arg": agreed}  # fmt: skip


def _stall_facts(action: Action) -> dict[str, Any]:
    """What the stall policy looks at, from the action itself (the view only lists the actions to look at)."""
    return {
        "status": action.status.value,
        "due_date": action.due_date.isoformat(),
        "blocked_since": action.blocked_since.isoformat() if action.blocked_since else None,
        "last_progress_at": action.last_progress_at.isoformat() if action.last_progress_at else None,
        "agreed_at": action.created_on.isoformat(),
    }


def _risk_filter() -> TrailFilter:
    return TrailFilter(event_types=("RiskReportScheduled",), newest_first=True, limit=500)
