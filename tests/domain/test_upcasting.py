"""Events stored before issue 15 still replay: version-1 AuditToolAdopted and ReportPresentedToArg are upcast."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import StoredEvent

from domain.audit import Audit
from tests.builders import Partnership

NEW_FIELDS = {"AuditToolAdopted": "briefings_reset", "ReportPresentedToArg": "report_version"}


def as_version_one(app: Any, stored: StoredEvent) -> StoredEvent:
    """The stored event as the code before class_version 2 wrote it: no new field, no class_version."""
    name = stored.topic.rsplit(".", 1)[-1]
    if name not in NEW_FIELDS:
        return stored
    state = app.mapper.transcoder.decode(stored.state)
    assert state.pop("class_version") == 2
    del state[NEW_FIELDS[name]]
    return StoredEvent(stored.originator_id, stored.originator_version, stored.topic,
                       app.mapper.transcoder.encode(state))  # fmt: skip


def test_an_audit_stored_with_version_one_events_replays_to_the_same_state(lscp: Partnership) -> None:
    audit_id, _ = lscp.in_dissemination()
    stored = lscp.app.recorder.select_events(audit_id)
    old = [lscp.app.mapper.to_domain_event(as_version_one(lscp.app, s)) for s in stored]
    assert {type(e).__name__: getattr(e, NEW_FIELDS[type(e).__name__]) for e in old
            if type(e).__name__ in NEW_FIELDS} == {"AuditToolAdopted": False, "ReportPresentedToArg": None}  # fmt: skip
    replayed: Any = None
    for event in old:
        replayed = event.mutate(replayed)
    current = lscp.app.repository.get(audit_id)
    assert isinstance(replayed, Audit) and replayed.version == current.version
    assert (replayed.stage, replayed.auditors, replayed.presented_on) == (
        current.stage, current.auditors, current.presented_on)  # fmt: skip
