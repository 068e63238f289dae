"""Events stored before version 2 still load: the upcasters fill the fields added for R-2 and R-22."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from application.app import AssureApplication
from domain.audit import Audit
from domain.audit_return import Return
from domain.risk_report import RiskReport

AT = datetime(2021, 5, 4, 9, tzinfo=UTC)


AGGREGATE_OF = {Audit.AuditCommissioned: Audit, Return.ReturnStarted: Return,
                RiskReport.SingleAgencyRiskReported: RiskReport}  # fmt: skip


def store_v1(app: AssureApplication, event_class: type[Any], state: dict[str, Any]) -> Any:
    """Write a created event as version 1 stored it (no class_version, none of the new fields), then load it."""
    aggregate_id, topic = uuid4(), get_topic(AGGREGATE_OF[event_class])
    body = app.mapper.transcoder.encode({"timestamp": AT, "originator_topic": topic, "actor": "someone"} | state)
    app.recorder.insert_events([StoredEvent(aggregate_id, 1, get_topic(event_class), body)])
    return app.repository.get(aggregate_id)


def test_a_version_1_audit_return_and_risk_report_load_with_their_new_fields_filled_r23(
    app: AssureApplication,
) -> None:
    audit = store_v1(app, Audit.AuditCommissioned, {"kind": "dip_sample", "theme": "Neglect", "focus": "EH",
                                                    "rationale": "JTAI", "schedule_item": None})  # fmt: skip
    assert audit.owner_agency_id is None and not audit.takes_part(uuid4())  # an agency takes part once invited (#13)
    the_return = store_v1(
        app,
        Return.ReturnStarted,
        {
            "audit_id": audit.id,
            "unit_ref": "DA-01",
            "agency_id": uuid4(),
            "auditor_id": uuid4(),
            "questions": [{"id": "Q1", "scale": ["Good", "Poor"]}],
        },
    )
    assert the_return.form == "case_file" and the_return.carried_forward == set()
    assert "Q1 rating" in the_return.missing_for_submission()
    risk = store_v1(app, RiskReport.SingleAgencyRiskReported, {"agency_id": uuid4(), "audit_title": "HV audit",
                                                               "finding": "No routine enquiry"})  # fmt: skip
    assert (risk.audit_id, risk.status) == (None, "awaiting_scheduling")


def test_an_event_stored_before_the_acting_credential_existed_reads_it_as_none_13(app: AssureApplication) -> None:
    """#13: ``acting_credential`` is an envelope field with a default; older stored events read back None."""
    risk = store_v1(app, RiskReport.SingleAgencyRiskReported, {"agency_id": uuid4(), "audit_title": "HV audit",
                                                               "finding": "No routine enquiry"})  # fmt: skip
    [entry] = [e for e in app.log_reader().read(0, 10) if e.event is not None and e.event.aggregate_id == str(risk.id)]
    assert "acting_credential" not in app.recorder.select_notifications(entry.position, 1)[0].state.decode()
    assert entry.event.event.acting_credential is None and "acting_credential" not in entry.event.data
