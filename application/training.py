"""The annual audit of training impact: courses, questionnaires to attendees and managers, responses (R-2, 4.2.2)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from application.base import AssureBase, Receipt
from application.principal import CHAIR_OR_QA, Principal
from domain.errors import AlreadyRecorded, FieldworkNotOpen, InvalidValue
from domain.training import QUESTIONNAIRES, QuestionnaireResponse
from domain.values import Role, Stage

TRAINING_OFFICERS = (*CHAIR_OR_QA, Role.LEARNING_DEV)


class TrainingCommands(AssureBase):
    """The L&D group and the QA officer run the training-impact audit; responses count against invitations."""

    def include_course(self, by: Principal, audit_id: UUID, course_id: str, title: str, delivered_on: date) -> Receipt:
        """Include a multi-agency course in the training-impact audit."""
        self._allow(by, "including a course", *TRAINING_OFFICERS)
        audit = self._audit(audit_id)
        audit.include_course(course_id, title, delivered_on, by.actor, self._now())
        return self._commit(audit, ref=course_id.strip().upper())

    def send_questionnaires(
        self, by: Principal, audit_id: UUID, course_id: str, respondent: str, respondent_refs: list[str]
    ) -> Receipt:
        """Record who was invited to answer the attendee or the manager questionnaire of a course."""
        self._allow(by, "sending questionnaires", *TRAINING_OFFICERS)
        audit = self._audit(audit_id)
        audit.send_questionnaires(course_id, respondent, respondent_refs, by.actor, self._now())
        return self._commit(audit, ref=course_id.strip().upper())

    def record_questionnaire_response(
        self, by: Principal, audit_id: UUID, course_id: str, respondent_ref: str, answers: dict[str, Any],
        agency_code: str | None = None,
    ) -> Receipt:  # fmt: skip
        """Record an invited respondent's answers (entered from the returned questionnaire) while fieldwork is open."""
        self._allow(by, "recording questionnaire responses", *TRAINING_OFFICERS)
        audit = self._audit(audit_id)
        course = audit.course(course_id)
        if audit.stage != Stage.FIELDWORK:
            raise FieldworkNotOpen(
                f"responses are recorded while fieldwork is open; the audit is in {audit.stage.value}"
            )
        ref = (respondent_ref or "").strip().upper()
        respondent = next((kind for kind, refs in course["invited"].items() if ref in refs), None)
        if respondent is None:
            raise InvalidValue(f"{ref or 'that respondent'} was not invited to answer about course {course_id}")
        if self._exists(QuestionnaireResponse.id_for(audit.id, course_id.strip(), ref)):
            raise AlreadyRecorded(f"{ref} has already answered about course {course_id.strip().upper()}")
        agency_id = self.agency(agency_code).id if agency_code else None
        response = QuestionnaireResponse.answer(audit.id, course_id.strip(), respondent, ref, agency_id, answers,
                                                by.actor, self._now())  # fmt: skip
        return self._commit(response, ref=ref)

    @staticmethod
    def questionnaires() -> dict[str, list[dict[str, Any]]]:
        """The attendee and manager questionnaires: their questions and answer scales."""
        return {
            respondent: [{"id": qid, "text": text, "scale": list(scale) if scale else None}
                         for qid, text, scale in questions]
            for respondent, questions in QUESTIONNAIRES.items()
        }  # fmt: skip
