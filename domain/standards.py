"""Standards frameworks for self-assessment audits: Section 11 and S157/175 (R-2, guidance 4.2.1, 4.2.3)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.base import AssureAggregate, require_member, require_reason, require_text, stable_id
from domain.errors import InvalidValue
from domain.limits import NAME, REASON, REF
from domain.values import CASE_CONTENT, REFERENCE, SELF_RATINGS, AuditKind

STANDARD_FIELDS = ("id", "title", "guidance", "evidence_expected")


def parse_standards(standards: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Each standard has an id, a title, guidance and the evidence expected; ids are unique."""
    if not isinstance(standards, list) or not standards:
        raise InvalidValue("a standards framework needs at least one standard")
    parsed = []
    for standard in standards:
        if not isinstance(standard, dict) or set(standard) - set(STANDARD_FIELDS):
            raise InvalidValue(f"each standard holds only: {', '.join(STANDARD_FIELDS)}")
        sid = require_text(standard.get("id"), "standard id", REF)
        parsed.append({"id": sid} | {f: require_text(standard.get(f), f"standard {sid} {f.replace('_', ' ')}", REASON)
                                     for f in STANDARD_FIELDS[1:]})  # fmt: skip
    ids = [s["id"] for s in parsed]
    if len(set(ids)) != len(ids):
        raise InvalidValue("standard ids must be unique")
    return parsed


def standards_as_questions(standards: list[dict[str, str]]) -> list[dict[str, Any]]:
    """A framework adopted as an audit's tool: each standard rated met / partly met / not met."""
    return [
        {
            "id": s["id"],
            "text": s["title"],
            "scale": list(SELF_RATINGS),
            "guidance": {
                "Met": f"{s['guidance']} Evidence expected: {s['evidence_expected']}",
                "Partly met": "Some of the evidence expected is in place; the organisation names what is missing.",
                "Not met": "The evidence expected is not in place; the organisation names its own action.",
            },
            "evidence_expected": s["evidence_expected"],
        }
        for s in standards
    ]


class StandardsFramework(AssureAggregate):
    """A versioned set of standards that organisations rate themselves against."""

    class StandardsFrameworkPublished(AssureAggregate.Created):
        name: str
        audit_kind: str
        standards: list[dict[str, str]]

    class StandardsFrameworkRevised(AssureAggregate.Event):
        standards: list[dict[str, str]]
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.standards = list(self.standards)
            aggregate.framework_version += 1

    def __init__(self, *, actor: str, name: str, audit_kind: str, standards: list[dict[str, str]]) -> None:
        self.name, self.audit_kind = name, audit_kind
        self.standards = list(standards)
        self.framework_version = 1

    @staticmethod
    def id_for(name: str) -> UUID:
        """Frameworks are identified by name."""
        return stable_id("standards-framework", name.strip().lower())

    @classmethod
    def publish(
        cls, name: str, audit_kind: str, standards: list[dict[str, Any]], actor: str, at: datetime
    ) -> StandardsFramework:
        """Publish a framework for a self-assessment kind."""
        name = require_text(name, "framework name", NAME)
        kinds = [k.value for k in AuditKind if k.is_self_assessment]
        require_member(audit_kind, kinds, "the audit kind a standards framework serves")
        return cls._create(cls.StandardsFrameworkPublished, id=cls.id_for(name), actor=actor, timestamp=at,
                           name=name, audit_kind=audit_kind, standards=parse_standards(standards))  # fmt: skip

    def revise(self, standards: list[dict[str, Any]], reason: str, actor: str, at: datetime) -> None:
        """Publish a new version of the framework, with a reason."""
        parsed = parse_standards(standards)
        self._record(self.StandardsFrameworkRevised, actor, at, standards=parsed,
                     reason=require_reason(reason, "revise a standards framework"))  # fmt: skip


# The data class of each public field: see application/disclosure.py.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "StandardsFrameworkPublished": {"name": REFERENCE, "audit_kind": REFERENCE, "standards": REFERENCE},
    "StandardsFrameworkRevised": {"standards": REFERENCE, "reason": CASE_CONTENT},
}
