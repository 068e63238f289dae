"""Dramatiq actors: JSON-simple arguments, one job each, idempotent, explicit retries and time limits.

Import this module only after ``workers.broker.setup_broker``; ``bind`` moves the actors to a new broker.
"""

from __future__ import annotations

from typing import Any

import dramatiq

from workers import integrity, jobs, webhooks
from workers.runtime import current

# People's notifications have a queue of their own, so webhook retries can never delay an urgent concern.
NOTIFICATIONS, WEBHOOKS, SCANS = "assure-notifications", "assure-webhooks", "assure"
QUEUES = (NOTIFICATIONS, SCANS, WEBHOOKS)
RETRIES: dict[str, Any] = {"max_retries": 10, "min_backoff": 1_000, "max_backoff": 300_000}
NOTIFY: dict[str, Any] = {"queue_name": NOTIFICATIONS, **RETRIES}
OPTIONS: dict[str, Any] = {"queue_name": SCANS, **RETRIES}


@dramatiq.actor(time_limit=60_000, **NOTIFY)
def notify_concern(concern_id: str, version: int) -> None:
    """Email the manager about an urgent concern (raised, or escalated)."""
    jobs.notify_concern(current(), concern_id, version)


@dramatiq.actor(time_limit=120_000, **NOTIFY)
def send_exception_report(report_id: str) -> None:
    """Email an exception report to the Executive Group and the ARG."""
    jobs.send_exception_report(current(), report_id)


@dramatiq.actor(time_limit=60_000, **NOTIFY)
def notify_risk(report_id: str) -> None:
    """Email the business manager about a single-agency risk finding."""
    jobs.notify_risk(current(), report_id)


@dramatiq.actor(time_limit=600_000, **{**OPTIONS, "queue_name": WEBHOOKS})
def pump_webhooks(subscription_id: str) -> None:
    """Deliver a subscription's pending events in log order."""
    webhooks.pump(current(), subscription_id)


@dramatiq.actor(time_limit=300_000, **NOTIFY)
def scan_stalled_actions() -> None:
    """Issue an exception report for new stalls (R-21)."""
    jobs.scan_stalled_actions(current())


@dramatiq.actor(time_limit=300_000, **NOTIFY)
def escalate_concerns() -> None:
    """Escalate unacknowledged urgent concerns (R-11)."""
    jobs.escalate_concerns(current())


@dramatiq.actor(time_limit=300_000, **OPTIONS)
def chase_returns() -> None:
    """Remind auditors of outstanding returns; a chaser list to the chair (R-12)."""
    jobs.chase_returns(current())


@dramatiq.actor(time_limit=300_000, **OPTIONS)
def issue_routine_summary() -> None:
    """Issue the routine assurance summary of the last whole period, once (R-28)."""
    jobs.issue_routine_summary(current())


@dramatiq.actor(time_limit=120_000, **NOTIFY)
def send_routine_summary(summary_id: str) -> None:
    """Email a routine summary to the Executive Group and the ARG."""
    jobs.send_routine_summary(current(), summary_id)


@dramatiq.actor(time_limit=3_600_000, **OPTIONS)
def checkpoint_if_due() -> None:
    """Sign a checkpoint of the trail every N events or M minutes, and email its digest (R-30)."""
    integrity.checkpoint_if_due(current())


@dramatiq.actor(time_limit=3_600_000, **OPTIONS)
def verify_trail() -> None:
    """Verify the trail incrementally; alert governance and the Executive Group on failure (R-30)."""
    integrity.verify_trail(current())


ACTORS: list[dramatiq.Actor[Any, Any]] = [
    notify_concern,
    send_exception_report,
    notify_risk,
    pump_webhooks,
    scan_stalled_actions,
    escalate_concerns,
    chase_returns,
    issue_routine_summary,
    send_routine_summary,
    checkpoint_if_due,
    verify_trail,
]


def bind(broker: dramatiq.Broker, max_retries: int | None = None) -> None:
    """Declare the actors on a broker (the embedded mode and tests switch brokers within one process)."""
    for actor in ACTORS:
        actor.broker = broker
        if max_retries is not None:
            actor.options["max_retries"] = max_retries
        broker.declare_actor(actor)
