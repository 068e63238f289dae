"""One record of the case-level data a person read in one request (R-26): batched, never an event per row."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.base import AssureAggregate, require_text
from domain.errors import InvalidValue
from domain.limits import LINE, MAX_ITEMS
from domain.values import PERSONAL, REFERENCE


class ReadRecord(AssureAggregate):
    """What one person read in one request: each aggregate is new, so readers never contend with each other."""

    class CaseDataReadRecorded(AssureAggregate.Created):
        person_id: UUID
        through: str
        reads: list[dict[str, Any]]

    def __init__(self, *, actor: str, person_id: UUID, through: str, reads: list[dict[str, Any]]) -> None:
        self.person_id, self.through, self.reads = person_id, through, reads

    @classmethod
    def record(
        cls, record_id: UUID, person_id: UUID, through: str, reads: list[dict[str, Any]], actor: str, at: datetime
    ) -> ReadRecord:
        """Record what a person read through one route: each read names what, the audit, the case, the agency."""
        if not reads:
            raise InvalidValue("a read record needs at least one read")
        kept = [{"what": require_text(r["what"], "what was read", LINE), "audit_id": str(r["audit_id"]),
                 "case_ref": r.get("case_ref"), "agency_id": None if r.get("agency_id") is None
                 else str(r["agency_id"])} for r in reads[:MAX_ITEMS]]  # fmt: skip
        if len(reads) > MAX_ITEMS:  # one request read more: the rest are summarised, never dropped silently
            kept.append({"what": f"and {len(reads) - MAX_ITEMS} more reads", "audit_id": kept[0]["audit_id"],
                         "case_ref": None, "agency_id": None})  # fmt: skip
        return cls._create(cls.CaseDataReadRecorded, id=record_id, actor=actor, timestamp=at, person_id=person_id,
                           through=require_text(through, "the route read through", LINE), reads=kept)  # fmt: skip


# Who read which case, when and through what, is personal data about the reader.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "CaseDataReadRecorded": {"person_id": PERSONAL, "through": REFERENCE, "reads": PERSONAL},
}
