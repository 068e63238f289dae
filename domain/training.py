"""The annual audit of training impact: attendees and their managers answer different questionnaires (R-2, 4.2.2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.base import AssureAggregate, require_member, require_text, stable_id
from domain.errors import InvalidValue
from domain.limits import REF, TEXT
from domain.values import CASE_CONTENT, REFERENCE

CONFIDENCE: tuple[str, ...] = ("1", "2", "3", "4", "5")
PRACTICE: tuple[str, ...] = ("yes", "partly", "no")

# respondent -> (question id, text, scale; None for a free-text answer)
QUESTIONNAIRES: dict[str, tuple[tuple[str, str, tuple[str, ...] | None], ...]] = {
    "attendee": (
        ("confidence_before", "Before the course, how confident were you in this area of practice (1-5)?", CONFIDENCE),
        ("confidence_after", "Now, how confident are you in this area of practice (1-5)?", CONFIDENCE),
        ("practice_changed", "Have you changed how you work because of the course?", PRACTICE),
        ("example", "Give an example of what you now do differently, or what stops you.", None),
    ),
    "manager": (
        ("practice_change_seen", "Have you seen the member of staff apply the learning in their practice?", PRACTICE),
        ("confidence_seen", "How confident does the member of staff now seem in this area of practice (1-5)?",
         CONFIDENCE),
        ("example", "Give an example from supervision or casework.", None),
    ),
}  # fmt: skip


def check_answers(respondent: str, answers: dict[str, Any]) -> dict[str, str]:
    """Every question of the respondent's questionnaire answered, on its scale; nothing else."""
    require_member(respondent, list(QUESTIONNAIRES), "respondent")
    questions = {qid: scale for qid, _, scale in QUESTIONNAIRES[respondent]}
    if not isinstance(answers, dict):
        raise InvalidValue("answers must map question ids to answers")
    stray = sorted(set(answers) - set(questions))
    if stray:
        raise InvalidValue(f"not on the {respondent} questionnaire: {', '.join(stray)}")
    clean = {}
    for qid, scale in questions.items():
        value = str(answers.get(qid) if answers.get(qid) is not None else "").strip()
        clean[qid] = require_member(value, scale, qid) if scale else require_text(value, qid.replace("_", " "), TEXT)
    return clean


class QuestionnaireResponse(AssureAggregate):
    """One invited attendee's or manager's answers about one course."""

    class QuestionnaireAnswered(AssureAggregate.Created):
        audit_id: UUID
        course_id: str
        respondent: str
        unit_ref: str
        agency_id: UUID | None
        answers: dict[str, str]

    def __init__(
        self, *, actor: str, audit_id: UUID, course_id: str, respondent: str, unit_ref: str,
        agency_id: UUID | None, answers: dict[str, str],
    ) -> None:  # fmt: skip
        self.audit_id, self.course_id, self.respondent, self.unit_ref = audit_id, course_id, respondent, unit_ref
        self.agency_id, self.answers = agency_id, dict(answers)

    @staticmethod
    def id_for(audit_id: UUID, course_id: str, respondent_ref: str) -> UUID:
        """One response per invited respondent and course."""
        return stable_id("questionnaire-response", audit_id, course_id.upper(), respondent_ref.upper())

    @classmethod
    def answer(
        cls, audit_id: UUID, course_id: str, respondent: str, respondent_ref: str, agency_id: UUID | None,
        answers: dict[str, Any], actor: str, at: datetime,
    ) -> QuestionnaireResponse:  # fmt: skip
        """Record a respondent's answers to their questionnaire."""
        clean = check_answers(respondent, answers)
        ref = require_text(respondent_ref, "respondent reference", REF).upper()
        return cls._create(
            cls.QuestionnaireAnswered, id=cls.id_for(audit_id, course_id, ref), actor=actor, timestamp=at,
            audit_id=audit_id, course_id=course_id.upper(), respondent=respondent, unit_ref=ref,
            agency_id=agency_id, answers=clean,
        )  # fmt: skip


# The data class of each public field: see application/disclosure.py.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "QuestionnaireAnswered": {"audit_id": REFERENCE, "course_id": REFERENCE, "respondent": REFERENCE,
                              "unit_ref": REFERENCE, "agency_id": REFERENCE, "answers": CASE_CONTENT},
}  # fmt: skip
