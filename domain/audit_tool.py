"""Audit tools: questions with a rating scale and per-rating guidance (R-6), and versioned templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.base import AssureAggregate, require_text, stable_id
from domain.errors import InvalidValue
from domain.limits import LINE, MAX_ITEMS, NAME, REASON, REF, check_list, check_mapping, check_text, check_texts
from domain.values import CASE_CONTENT, DEFAULT_SCALE, REFERENCE, AgencyKind

MAX_SCALE = 20  # ratings on one question's scale


@dataclass(frozen=True)
class Question:
    """One question of an audit tool."""

    id: str
    text: str
    scale: tuple[str, ...] = DEFAULT_SCALE
    guidance: dict[str, str] = field(default_factory=dict)
    applies_to: tuple[str, ...] = ()  # agency kinds; empty means every agency
    evidence_expected: str = ""  # self-assessment standards say what evidence they expect

    def applies_to_kind(self, agency_kind: str) -> bool:
        """Whether an agency of this kind answers the question (5.1.2)."""
        return not self.applies_to or agency_kind in self.applies_to

    def missing_guidance(self) -> list[str]:
        """The ratings of the scale with no guidance on what they look like."""
        return [r for r in self.scale if not self.guidance.get(r, "").strip()]

    def to_dict(self) -> dict[str, Any]:
        """The stored form."""
        stored = {
            "id": self.id,
            "text": self.text,
            "scale": list(self.scale),
            "guidance": dict(self.guidance),
            "applies_to": list(self.applies_to),
        }
        return stored | ({"evidence_expected": self.evidence_expected} if self.evidence_expected else {})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        """Validate and build a question from its plain form."""
        if not isinstance(data, dict):
            raise InvalidValue("each question must be an object")
        qid = require_text(data.get("id"), "question id", REF)
        scale = tuple(check_texts(data.get("scale") or DEFAULT_SCALE, f"question {qid} scale", LINE, MAX_SCALE))
        if len(set(scale)) != len(scale) or len(scale) < 2:
            raise InvalidValue(f"question {qid}: the rating scale needs two or more distinct ratings")
        given = check_mapping(data.get("guidance") or {}, f"question {qid} guidance", MAX_SCALE, LINE)
        guidance = {k: check_text(v, f"question {qid} guidance for {k}", REASON) for k, v in given.items()}
        stray = set(guidance) - set(scale)
        if stray:
            raise InvalidValue(f"question {qid}: guidance for ratings not on its scale: {', '.join(sorted(stray))}")
        kinds = {k.value for k in AgencyKind}
        applies_to = tuple(check_texts(data.get("applies_to") or (), f"question {qid} applies_to", REF, len(kinds)))
        if not set(applies_to) <= kinds:
            raise InvalidValue(f"question {qid}: applies_to must name agency kinds: {', '.join(sorted(kinds))}")
        evidence = check_text(data.get("evidence_expected") or "", f"question {qid} evidence expected", REASON).strip()
        text = require_text(data.get("text"), f"question {qid} text", REASON)
        return cls(qid, text, scale, guidance, applies_to, evidence)


def parse_questions(questions: list[dict[str, Any]]) -> list[Question]:
    """Validate a whole tool: at least one question, ids unique."""
    parsed = [Question.from_dict(q) for q in check_list(questions or [], "the questions", MAX_ITEMS)]
    if not parsed:
        raise InvalidValue("an audit tool needs at least one question")
    ids = [q.id for q in parsed]
    if len(set(ids)) != len(ids):
        raise InvalidValue("question ids must be unique")
    return parsed


class ToolTemplate(AssureAggregate):
    """A versioned audit tool template that audits copy and adapt (R-6)."""

    class ToolTemplatePublished(AssureAggregate.Created):
        name: str
        questions: list[dict[str, Any]]

    class ToolTemplateRevised(AssureAggregate.Event):
        questions: list[dict[str, Any]]
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.questions = list(self.questions)
            aggregate.template_version += 1

    def __init__(self, *, actor: str, name: str, questions: list[dict[str, Any]]) -> None:
        self.name = name
        self.questions = list(questions)
        self.template_version = 1

    @staticmethod
    def id_for(name: str) -> UUID:
        """Templates are identified by name."""
        return stable_id("tool-template", check_text(name, "the template name", NAME).strip().lower())

    @classmethod
    def publish(cls, name: str, questions: list[dict[str, Any]], actor: str, at: datetime) -> ToolTemplate:
        """Publish a new template."""
        name = require_text(name, "template name", NAME)
        stored = [q.to_dict() for q in parse_questions(questions)]
        return cls._create(
            cls.ToolTemplatePublished, id=cls.id_for(name), actor=actor, timestamp=at, name=name, questions=stored
        )

    def revise(self, questions: list[dict[str, Any]], reason: str, actor: str, at: datetime) -> None:
        """Publish a new version of the template."""
        stored = [q.to_dict() for q in parse_questions(questions)]
        reason = require_text(reason, "reason", REASON)
        self._record(self.ToolTemplateRevised, actor, at, questions=stored, reason=reason)


# What each field of each template event is: a tool's questions are published, not about a case.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "ToolTemplatePublished": {"name": REFERENCE, "questions": REFERENCE},
    "ToolTemplateRevised": {"questions": REFERENCE, "reason": CASE_CONTENT},
}
