"""Stories of the background side, against real SMTP and Redis (R-11, R-12, R-21, R-22, R-25)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from datetime import date

import dramatiq
import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker

from application.errors import ConcurrentChange
from application.principal import Principal
from application.read_models import TrailFilter
from domain.values import Role
from projections.runner import ProjectionRunner
from tests.builders import Partnership
from tests.conftest import TestClock
from tests.workers.conftest import Inbox, stalled_action
from workers import actors, jobs, runtime
from workers.relay import Relay, broker_send
from workers.runtime import Runtime

GOVERNANCE = Principal.for_system("test", Role.GOVERNANCE)


@pytest.fixture
def redis_worker(rt: Runtime, redis_db: str) -> Iterator[dramatiq.Broker]:
    """A dramatiq Worker in this process, on real Redis, running the actors against ``rt``."""
    broker = RedisBroker(url=redis_db)
    dramatiq.set_broker(broker)
    actors.bind(broker, max_retries=0)
    runtime.use(rt)
    worker = Worker(broker, worker_threads=2, worker_timeout=100)
    worker.start()
    yield broker
    worker.stop()
    broker.close()


def events_of(rt: Runtime, runner: ProjectionRunner, event_type: str) -> list[dict[str, object]]:
    runner.catch_up()
    return rt.app.trail(GOVERNANCE, TrailFilter(event_types=(event_type,), limit=500)).rows


def test_a_stalled_action_gives_one_email_and_one_event_even_with_two_scans_at_once_r21(
    lscp: Partnership,
    clock: TestClock,
    runner: ProjectionRunner,
    rt: Runtime,
    inbox: tuple[Inbox, int],
    redis_worker: dramatiq.Broker,
) -> None:
    stalled_action(lscp, clock)
    runner.catch_up()
    start = threading.Barrier(2)

    def scan() -> None:
        start.wait()
        with contextlib.suppress(ConcurrentChange):
            jobs.scan_stalled_actions(rt)

    threads = [threading.Thread(target=scan) for _ in range(2)]
    stop = threading.Event()
    projector = threading.Thread(target=runner.follow, args=(stop, 0.01))  # scans wait for the views to catch up
    projector.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    projector.join()
    assert len(events_of(rt, runner, "ExceptionReportIssued")) == 1
    assert jobs.scan_stalled_actions(rt) is None  # the same stall is not reported again
    Relay(rt, broker_send).run_once()
    subjects = inbox[0].wait_for(1)
    assert subjects == ["Exception report: 1 stalled actions (2024-07-15)"]
    body = inbox[0].messages[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "overdue:2024-06-30" in body and "Csc Lead" in body
    report_id = events_of(rt, runner, "ExceptionReportIssued")[0]["aggregate_id"]
    assert rt.app.get_exception_report(lscp.executive, report_id)["stalled_actions"][0]["stalls"]


def test_a_stall_that_changes_is_reported_again_r21(
    lscp: Partnership, clock: TestClock, runner: ProjectionRunner, rt: Runtime
) -> None:
    action_id = stalled_action(lscp, clock)
    runner.catch_up()
    assert jobs.scan_stalled_actions(rt) is not None
    lscp.app.agree_action_due_date(lscp.arg, action_id, date(2024, 7, 20), "supplier delay")
    clock.set(date(2024, 7, 25))
    runner.catch_up()
    assert jobs.scan_stalled_actions(rt) is not None
    assert len(events_of(rt, runner, "ExceptionReportIssued")) == 2


def test_an_urgent_concern_is_escalated_until_acknowledged_r11(
    lscp: Partnership,
    clock: TestClock,
    runner: ProjectionRunner,
    rt: Runtime,
    inbox: tuple[Inbox, int],
    redis_worker: dramatiq.Broker,
) -> None:
    audit_id = lscp.in_fieldwork()
    concern = lscp.app.raise_concern(lscp.pol_auditor, audit_id, "DA-02", lscp.pid("pol_lead"), "No safety plan.")
    runner.catch_up()
    assert jobs.escalate_concerns(rt) == 0  # just raised: the manager was told at once
    clock.advance(hours=5)
    runner.catch_up()
    assert jobs.escalate_concerns(rt) == 1
    relay = Relay(rt, broker_send)
    relay.run_once()
    assert sorted(inbox[0].wait_for(2)) == [  # two worker threads: either may finish first
        "Urgent safeguarding concern: case DA-02",
        "Urgent safeguarding concern: case DA-02 (reminder 1)",
    ]
    lscp.app.acknowledge_concern(lscp.pol_lead, concern.id, "Safety plan agreed today.")
    clock.advance(hours=5)
    runner.catch_up()
    assert jobs.escalate_concerns(rt) == 0
    assert len(events_of(rt, runner, "ConcernEscalated")) == 1
    relay.run_once()
    assert len(inbox[0].wait_for(3, timeout=1)) == 2


def test_a_single_agency_risk_goes_to_the_business_manager_at_once_and_into_the_exception_report_r22(
    lscp: Partnership,
    clock: TestClock,
    runner: ProjectionRunner,
    rt: Runtime,
    inbox: tuple[Inbox, int],
    redis_worker: dramatiq.Broker,
) -> None:
    risk = lscp.app.report_single_agency_risk(lscp.nhs_lead, "Health visiting DA audit", "No routine enquiry")
    lscp.app.schedule_risk_report(lscp.business_manager, risk.id, date(2024, 8, 1))
    stalled_action(lscp, clock)
    runner.catch_up()
    jobs.scan_stalled_actions(rt)
    Relay(rt, broker_send).run_once()
    subjects = inbox[0].wait_for(2)
    assert "Single-agency risk finding: Health visiting DA audit" in subjects
    report = next(m for m in inbox[0].messages if str(m["Subject"]).startswith("Exception report"))
    assert "No routine enquiry" in report.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_chasers_go_to_auditors_of_outstanding_returns_and_a_list_to_the_chair_r12(
    lscp: Partnership, clock: TestClock, runner: ProjectionRunner, rt: Runtime, inbox: tuple[Inbox, int]
) -> None:
    audit_id = lscp.in_fieldwork()
    lscp.complete_return(audit_id, "csc_auditor", "DA-01")
    clock.set(date(2024, 2, 10))
    runner.catch_up()
    assert jobs.chase_returns(rt) == 0  # more than a week before the fieldwork end (29 February)
    clock.set(date(2024, 2, 25))
    assert jobs.chase_returns(rt) == 4  # three auditors' returns and the chair's list
    assert jobs.chase_returns(rt) == 0  # once a day
    clock.advance(days=1)
    assert jobs.chase_returns(rt) == 4
    subjects = inbox[0].wait_for(8)
    assert "Outstanding returns: Domestic abuse audit (3)" in subjects


def test_the_routine_summary_is_issued_once_a_period_and_emailed_to_the_executive_with_scheduled_risks_r22_r28(
    lscp: Partnership,
    clock: TestClock,
    runner: ProjectionRunner,
    rt: Runtime,
    inbox: tuple[Inbox, int],
    redis_worker: dramatiq.Broker,
) -> None:
    risk = lscp.app.report_single_agency_risk(lscp.nhs_lead, "Health visiting DA audit", "No routine enquiry")
    lscp.app.schedule_risk_report(lscp.business_manager, risk.id, date(2024, 2, 20))
    clock.set(date(2024, 2, 1))
    runner.catch_up()
    assert jobs.scan_stalled_actions(rt) is None  # nothing has stalled: no exception report
    summary_id = jobs.issue_routine_summary(rt)  # what the scheduler's periodic run does
    assert summary_id is not None and jobs.issue_routine_summary(rt) is None
    Relay(rt, broker_send).run_once()
    subjects = inbox[0].wait_for(2)
    assert "Routine assurance summary: 2024-01" in subjects
    summary = next(m for m in inbox[0].messages if str(m["Subject"]).startswith("Routine assurance summary"))
    text = summary.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Health visiting DA audit (meeting 2024-02-20): No routine enquiry" in text
    assert "No action has stalled." in text


def test_chasers_go_to_each_schools_dsl_with_an_outstanding_self_assessment_r2_r12(
    lscp: Partnership, clock: TestClock, runner: ProjectionRunner, rt: Runtime, inbox: tuple[Inbox, int]
) -> None:
    from demo.frameworks import KCSIE_NAME, KCSIE_STANDARDS
    from tests.application.test_self_assessment import leads, organisations_csv, planned_round, self_rate

    imported = lscp.app.register_organisations_from_csv(lscp.admin, organisations_csv([("OAK", "Oak"), ("ELM", "Elm")],
                                                                                      "dsl"))  # fmt: skip
    lscp.app.publish_standards_framework(lscp.chair, KCSIE_NAME, "s157_175_schools", KCSIE_STANDARDS)
    oak, elm = leads(lscp.app, imported["registered"])
    audit_id = planned_round(lscp, "s157_175_schools", KCSIE_NAME, [oak, elm])
    self_rate(lscp.app, oak, audit_id, "OAK", {s["id"]: "Met" for s in KCSIE_STANDARDS})
    clock.set(date(2024, 2, 25))  # within a week of the fieldwork end
    runner.catch_up()
    assert jobs.chase_returns(rt) == 2  # Elm's DSL, and the chair's list
    subjects = inbox[0].wait_for(2)
    assert "Return for your organisation is due on 2024-02-29" in subjects
    chased = next(m for m in inbox[0].messages if str(m["Subject"]).startswith("Return for"))
    assert str(chased["To"]) == "dsl.elm@org.example"
