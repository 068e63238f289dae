"""A return: one agency's audit of one sampled case (or of itself, in self-assessment kinds) (R-10)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.base import AssureAggregate, require_member, require_reason, stable_id
from domain.errors import AlreadyRecorded, InvalidValue, ReturnIncomplete, ReturnLocked
from domain.limits import (
    MAX_ITEMS,
    REF,
    TEXT,
    check_flag,
    check_list,
    check_mapping,
    check_optional_text,
    check_text,
    shown,
)
from domain.values import (
    ASSESSMENT,
    CASE_CONTENT,
    CONTEXT_FACTORS,
    MET,
    REFERENCE,
    REQUIRED_SECTIONS,
    RETURN_SECTIONS,
    SECTION_TITLES,
    ReturnForm,
    ReturnStatus,
)

ANSWER_FIELDS = {
    ReturnForm.CASE_FILE: ("rating", "commentary"),
    ReturnForm.SELF_ASSESSMENT: ("rating", "evidence", "own_action"),
}


class Return(AssureAggregate):
    """The audit tool as completed by an agency's auditor for one case, or by an organisation for itself."""

    class ReturnStarted(AssureAggregate.Created):
        """Version 2 adds the form of the return and the answers carried forward from last year (R-2)."""

        class_version = 2
        audit_id: UUID
        unit_ref: str
        agency_id: UUID
        auditor_id: UUID
        questions: list[dict[str, Any]]
        form: str
        carried_forward: dict[str, dict[str, Any]]

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["form"] = ReturnForm.CASE_FILE.value
            state["carried_forward"] = {}

    class ReturnDraftSaved(AssureAggregate.Event):
        answers: dict[str, dict[str, Any]]
        sections: dict[str, str]
        child_voice_evident: bool | None
        context_factors: list[str] | None

        def apply(self, aggregate: Any) -> None:
            for qid, answer in self.answers.items():
                aggregate.answers[qid] = dict(aggregate.answers.get(qid, {}), **answer)
            aggregate.carried_forward.difference_update(self.answers)
            aggregate.sections.update(self.sections)
            if self.child_voice_evident is not None:
                aggregate.child_voice_evident = self.child_voice_evident
            if self.context_factors is not None:
                aggregate.context_factors = list(self.context_factors)

    class ReturnSubmitted(AssureAggregate.Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.status = ReturnStatus.SUBMITTED

    class ReturnReopened(AssureAggregate.Event):
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.status = ReturnStatus.REOPENED

    class ReturnSetAside(AssureAggregate.Event):
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.status = ReturnStatus.SET_ASIDE

    class RatingRevisedAtModeration(AssureAggregate.Event):
        question_id: str
        from_rating: str
        to_rating: str
        reason: str
        meeting_id: str

        def apply(self, aggregate: Any) -> None:
            aggregate.original_ratings.setdefault(self.question_id, self.from_rating)
            aggregate.answers[self.question_id]["rating"] = self.to_rating

    def __init__(
        self, *, actor: str, audit_id: UUID, unit_ref: str, agency_id: UUID, auditor_id: UUID,
        questions: list[dict[str, Any]], form: str, carried_forward: dict[str, dict[str, Any]],
    ) -> None:  # fmt: skip
        self.audit_id, self.unit_ref, self.agency_id, self.auditor_id = audit_id, unit_ref, agency_id, auditor_id
        self.questions = {q["id"]: list(q["scale"]) for q in questions}
        self.form = ReturnForm(form)
        self.status = ReturnStatus.DRAFT
        self.answers: dict[str, dict[str, Any]] = {qid: dict(a) for qid, a in carried_forward.items()}
        self.carried_forward: set[str] = set(carried_forward)
        self.sections: dict[str, str] = {}
        self.child_voice_evident: bool | None = None
        self.context_factors: list[str] = []
        self.original_ratings: dict[str, str] = {}

    @staticmethod
    def id_for(audit_id: UUID, unit_ref: str, agency_id: UUID, round_: int = 0) -> UUID:
        """One return per audit, case (or organisation) and agency; a reassigned case starts a new round."""
        ref = check_text(unit_ref, "the case reference", REF).upper()
        if round_:
            return stable_id("return", audit_id, ref, agency_id, round_)
        return stable_id("return", audit_id, ref, agency_id)

    @classmethod
    def start(
        cls, audit_id: UUID, unit_ref: str, agency_id: UUID, auditor_id: UUID,
        questions: list[dict[str, Any]], actor: str, at: datetime, round_: int = 0,
        form: str = ReturnForm.CASE_FILE, carried_forward: dict[str, dict[str, Any]] | None = None,
    ) -> Return:  # fmt: skip
        """Start a return with the questions that apply to the agency; a self-assessment starts from last year's."""
        form = ReturnForm(require_member(form, list(ANSWER_FIELDS), "return form")).value
        scales = {q["id"]: q["scale"] for q in questions}
        carried = {qid: {k: v for k, v in answer.items() if k in ANSWER_FIELDS[ReturnForm(form)]}
                   for qid, answer in (carried_forward or {}).items()
                   if qid in scales and answer.get("rating") in scales[qid]}  # fmt: skip
        return cls._create(
            cls.ReturnStarted, id=cls.id_for(audit_id, unit_ref, agency_id, round_), actor=actor, timestamp=at,
            audit_id=audit_id, unit_ref=unit_ref.upper(), agency_id=agency_id, auditor_id=auditor_id,
            questions=[{"id": q["id"], "scale": list(q["scale"])} for q in questions], form=form,
            carried_forward=carried,
        )  # fmt: skip

    def save_draft(
        self, answers: dict[str, dict[str, Any]], sections: dict[str, str], child_voice_evident: bool | None,
        context_factors: list[str] | None, actor: str, at: datetime,
    ) -> None:  # fmt: skip
        """Save a draft; drafts can be saved many times until submission."""
        self._require_editable()
        given = check_mapping(answers or {}, "the answers", MAX_ITEMS)
        clean_answers = {qid: self._check_answer(qid, answer) for qid, answer in given.items()}
        if self.form != ReturnForm.CASE_FILE and (sections or child_voice_evident is not None or context_factors):
            raise InvalidValue("a self-assessment has no child-level sections: rate each standard with evidence")
        clean_sections = self._check_sections(sections or {})
        check_flag(child_voice_evident, "whether the child's voice is evident")
        if context_factors is not None:
            for factor in check_list(context_factors, "context factors", len(CONTEXT_FACTORS)):
                require_member(factor, CONTEXT_FACTORS, "context factor")
            context_factors = list(context_factors)
        if not (clean_answers or clean_sections or child_voice_evident is not None or context_factors is not None):
            raise InvalidValue("the draft holds nothing to save")
        self._record(self.ReturnDraftSaved, actor, at, answers=clean_answers, sections=clean_sections,
                     child_voice_evident=child_voice_evident, context_factors=context_factors)  # fmt: skip

    def submit(self, actor: str, at: datetime) -> None:
        """Submit a complete return, which locks it (R-10)."""
        self._require_editable()
        missing = self.missing_for_submission()
        if missing:
            raise ReturnIncomplete(f"the return cannot be submitted; missing: {'; '.join(missing)}")
        self._record(self.ReturnSubmitted, actor, at)

    def missing_for_submission(self) -> list[str]:
        """What a complete return still lacks."""
        if self.form == ReturnForm.SELF_ASSESSMENT:
            return self._missing_self_assessment()
        missing = []
        for qid in self.questions:
            answer = self.answers.get(qid, {})
            if not answer.get("rating"):
                missing.append(f"{qid} rating")
            if not (answer.get("commentary") or "").strip():
                missing.append(f"{qid} commentary")
        missing += [SECTION_TITLES[s] for s in REQUIRED_SECTIONS if not self.sections.get(s)]
        if self.child_voice_evident is None:
            missing.append("whether the child's voice is evident in the records")
        return missing

    def _missing_self_assessment(self) -> list[str]:
        """Each standard: a self-rating and its evidence; anything short of met, the organisation's own action."""
        missing = []
        for qid in self.questions:
            answer = self.answers.get(qid, {})
            if not answer.get("rating"):
                missing.append(f"{qid} self-rating")
            if not (answer.get("evidence") or "").strip():
                missing.append(f"{qid} evidence")
            if answer.get("rating") and answer["rating"] != MET and not (answer.get("own_action") or "").strip():
                missing.append(f"{qid} the organisation's own action (rated {answer['rating']})")
        return missing

    def reopen(self, reason: str, actor: str, at: datetime) -> None:
        """Reopen a submitted return for correction, with a reason."""
        if self.status != ReturnStatus.SUBMITTED:
            raise AlreadyRecorded("only a submitted return can be reopened; this one is still open for editing")
        self._record(self.ReturnReopened, actor, at, reason=require_reason(reason, "reopen a submitted return"))

    def set_aside(self, reason: str, actor: str, at: datetime) -> None:
        """Set aside the return of an auditor found to have a link to the case: kept, never deleted (R-9)."""
        if self.status == ReturnStatus.SET_ASIDE:
            raise AlreadyRecorded("the return is already set aside")
        self._record(self.ReturnSetAside, actor, at, reason=require_reason(reason, "set a return aside"))

    def revise_rating(
        self, question_id: str, to_rating: str, reason: str, meeting_id: str, actor: str, at: datetime
    ) -> None:
        """Revise a rating at moderation, on a submitted or reopened return; the original is kept (R-14)."""
        if self.status not in (ReturnStatus.SUBMITTED, ReturnStatus.REOPENED):
            raise ReturnLocked("only a submitted or reopened return's ratings are revised at moderation")
        scale = self._scale(question_id)
        require_member(to_rating, scale, f"rating for {question_id}")
        if question_id not in self.answers or not self.answers[question_id].get("rating"):
            raise InvalidValue(f"{question_id} has no rating to revise")
        current = self.answers[question_id]["rating"]
        if to_rating == current:
            raise InvalidValue(f"{question_id} is already rated {current}")
        self._record(self.RatingRevisedAtModeration, actor, at, question_id=question_id, from_rating=current,
                     to_rating=to_rating, reason=require_reason(reason, "revise a rating at moderation"),
                     meeting_id=meeting_id)  # fmt: skip

    def _require_editable(self) -> None:
        if self.status == ReturnStatus.SET_ASIDE:
            raise ReturnLocked("the return was set aside when its auditor declared a link to the case")
        if self.status == ReturnStatus.SUBMITTED:
            raise ReturnLocked(
                "the return is submitted; it changes only through a recorded reopen or a moderation revision"
            )

    def _scale(self, question_id: str) -> list[str]:
        scale = self.questions.get(question_id) if isinstance(question_id, str) else None
        if scale is None:
            named = question_id if isinstance(question_id, str) and len(question_id) <= 50 else shown(question_id)
            raise InvalidValue(f"question {named} does not apply to this return")
        return scale

    def _check_answer(self, question_id: str, answer: dict[str, Any]) -> dict[str, Any]:
        scale = self._scale(question_id)
        fields = ANSWER_FIELDS[self.form]
        if not isinstance(answer, dict) or set(answer) - set(fields):
            raise InvalidValue(f"the answer to {question_id} may hold only: {', '.join(fields)}")
        if answer.get("rating") is not None:
            require_member(answer["rating"], scale, f"rating for {question_id}")
        for field in fields[1:]:  # commentary, evidence, own action: long text
            check_optional_text(answer.get(field), f"the {field.replace('_', ' ')} on {question_id}", TEXT)
        return {k: v for k, v in answer.items() if v is not None}

    @staticmethod
    def _check_sections(sections: dict[str, str]) -> dict[str, str]:
        given = check_mapping(sections, "the sections", len(RETURN_SECTIONS))
        for key, text in given.items():
            require_member(key, RETURN_SECTIONS, "section")
            check_text(text, f"the section {key}", TEXT)
        return {key: text.strip() for key, text in given.items()}


# What each field of each return event is: an answer holds commentary, so answers are case content.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "ReturnStarted": {"form": REFERENCE, "carried_forward": CASE_CONTENT,
                      "audit_id": REFERENCE, "unit_ref": REFERENCE, "agency_id": REFERENCE, "auditor_id": REFERENCE,
                      "questions": REFERENCE},
    "ReturnDraftSaved": {"answers": CASE_CONTENT, "sections": CASE_CONTENT, "child_voice_evident": ASSESSMENT,
                         "context_factors": ASSESSMENT},
    "ReturnSubmitted": {},
    "ReturnReopened": {"reason": CASE_CONTENT},
    "ReturnSetAside": {"reason": CASE_CONTENT},
    "RatingRevisedAtModeration": {"question_id": REFERENCE, "from_rating": ASSESSMENT, "to_rating": ASSESSMENT,
                                  "reason": CASE_CONTENT, "meeting_id": REFERENCE},
}  # fmt: skip
