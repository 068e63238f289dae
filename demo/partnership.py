"""A small partnership for tests and benchmarks, built only through application methods."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from application.app import AssureApplication
from application.principal import Principal
from domain.values import Role

GUIDANCE = {
    "Outstanding": "Exceeds the standard.",
    "Good": "Meets the standard.",
    "Requires improvement": "Safe but short of the standard.",
    "Inadequate": "Leaves the child at risk.",
}
TOOL: list[dict[str, Any]] = [
    {"id": "Q1", "text": "Was the risk identified at the right threshold?", "guidance": GUIDANCE},
    {"id": "Q2", "text": "Were DVPNs considered?", "guidance": GUIDANCE, "applies_to": ["police"]},
]
TERMS: dict[str, Any] = {
    "scope": "Children with domestic abuse concerns, practice in 2023.",
    "auditor_responsibilities": "Audit own records; tell case-holding teams the purpose, process and focus.",
    "competing_demands": "Avoids the inspection window.",
    "barriers": "None identified.",
    "fieldwork_start": date(2024, 2, 1),
    "fieldwork_end": date(2024, 2, 29),
    "moderation_date": date(2024, 3, 8),
    "sign_off_date": date(2024, 3, 20),
    "report_to_arg_date": date(2024, 4, 2),
}
AGENCIES = [("CSC", "Children's Services", "childrens_services"), ("POL", "Police", "police"),
            ("NHS", "Health", "health"), ("EDU", "Schools", "education")]  # fmt: skip
PEOPLE: dict[str, tuple[str | None, list[str]]] = {
    "arg": (None, [Role.ARG_MEMBER]),
    "executive": (None, [Role.EXECUTIVE]),
    "chair": (None, [Role.AUDIT_CHAIR]),
    "qa": (None, [Role.QA_OFFICER]),
    "business_manager": (None, [Role.BUSINESS_MANAGER]),
    "learning": (None, [Role.LEARNING_DEV]),
    "governance": (None, [Role.GOVERNANCE]),
    "csc_auditor": ("CSC", [Role.AUDITOR]),
    "csc_auditor2": ("CSC", [Role.AUDITOR]),
    "pol_auditor": ("POL", [Role.AUDITOR]),
    "nhs_auditor": ("NHS", [Role.AUDITOR]),
    "csc_lead": ("CSC", [Role.AGENCY_LEAD]),
    "pol_lead": ("POL", [Role.AGENCY_LEAD]),
    "nhs_lead": ("NHS", [Role.AGENCY_LEAD]),
}
DUTY = "Each auditor briefs the case-holding team on the purpose, process and focus of the audit before starting."
ANSWERS = {"Q1": {"rating": "Good", "commentary": "Threshold applied well."}}
POLICE_ANSWERS = ANSWERS | {"Q2": {"rating": "Requires improvement", "commentary": "DVPN not considered."}}
SECTIONS = {
    "voice_of_child": "The child said they felt safer at school.",
    "lived_experience": "Frequent moves between relatives.",
    "context": "High caseloads in the team.",
    "outcomes": "Risk reduced.",
}


class Clock(Protocol):
    def set(self, day: date) -> None: ...


@dataclass
class Partnership:
    """A partnership with a person in every role, and helpers that drive an audit to any stage."""

    app: AssureApplication
    clock: Clock
    people: dict[str, Principal] = field(default_factory=dict)

    @classmethod
    def register(cls, app: AssureApplication, clock: Clock) -> Partnership:
        system = Principal.for_system("test", Role.ADMIN)
        admin = app.principal(app.register_person(system, "Admin", "admin@t.example", None, [Role.ADMIN]).id)
        for code, name, kind in AGENCIES:
            app.register_agency(admin, code, name, kind)
        lscp = cls(app, clock, {"admin": admin})
        for key, (agency, roles) in PEOPLE.items():
            person_id = app.register_person(admin, key.replace("_", " ").title(), f"{key}@t.example", agency, roles).id
            lscp.people[key] = app.principal(person_id)
        return lscp

    def __getattr__(self, key: str) -> Principal:
        try:
            return self.people[key]
        except KeyError:
            raise AttributeError(key) from None

    def pid(self, key: str) -> UUID:
        person_id = self.people[key].person_id
        assert person_id is not None
        return person_id

    # An audit at each stage
    def commissioned(self, kind: str = "thematic_deep_dive") -> UUID:
        return self.app.commission_audit(self.arg, kind, "Domestic abuse", "Coercive control", "DHR learning").id

    def planned(self, cases: tuple[str, ...] = ("DA-01", "DA-02")) -> UUID:
        app, chair = self.app, self.chair
        audit_id = self.commissioned()
        app.draft_terms_of_reference(chair, audit_id, TERMS)
        app.confirm_duty_to_communicate(chair, audit_id, DUTY)
        app.endorse_terms_of_reference(chair, audit_id, date(2024, 1, 20), True, True)
        app.adopt_audit_tool(chair, audit_id, TOOL)
        app.agree_rating_guidance(chair, audit_id, date(2024, 1, 20))
        for code in ("CSC", "POL"):  # the chair invites the agencies that take part
            app.invite_agency(chair, audit_id, code)
        for auditor in ("csc_auditor", "pol_auditor"):
            app.nominate_auditor(chair, audit_id, self.pid(auditor))
            app.confirm_tool_briefing(self.people[auditor], audit_id, self.pid(auditor))
        for case_ref in cases:
            app.sample_case(chair, audit_id, case_ref, "child protection", "DA notification")
            app.assign_case(chair, audit_id, case_ref, self.pid("csc_auditor"))
            app.assign_case(chair, audit_id, case_ref, self.pid("pol_auditor"))
        return audit_id

    def in_fieldwork(self) -> UUID:
        audit_id = self.planned()
        self.app.open_fieldwork(self.chair, audit_id)
        return audit_id

    def complete_return(self, audit_id: UUID, auditor: str, case_ref: str) -> None:
        answers = POLICE_ANSWERS if auditor.startswith("pol") else ANSWERS
        by = self.people[auditor]
        self.app.save_return_draft(by, audit_id, case_ref, answers=answers, sections=SECTIONS,
                                   child_voice_evident=True)  # fmt: skip
        self.app.submit_return(by, audit_id, case_ref)

    def returns_submitted(self) -> UUID:
        audit_id = self.in_fieldwork()
        for case_ref in ("DA-01", "DA-02"):
            for auditor in ("csc_auditor", "pol_auditor"):
                self.complete_return(audit_id, auditor, case_ref)
        return audit_id

    def in_moderation(self) -> UUID:
        audit_id = self.returns_submitted()
        self.app.close_fieldwork(self.chair, audit_id)
        return audit_id

    def at_moderation_meeting(self) -> UUID:
        audit_id = self.in_moderation()
        self.app.hold_moderation_meeting(self.chair, audit_id, date(2024, 3, 8), ["Chair", "Pol Auditor"])
        return audit_id

    def in_reporting(self) -> UUID:
        audit_id = self.at_moderation_meeting()
        self.app.agree_finding(self.chair, audit_id, "works_well", "Information shared promptly.")
        self.app.complete_moderation(self.chair, audit_id)
        return audit_id

    def with_action(self) -> tuple[UUID, UUID]:
        audit_id = self.in_reporting()
        self.clock.set(date(2024, 3, 15))
        rec = self.app.make_recommendation(self.chair, audit_id, "Name coercive control in plans.").ref
        assert rec is not None
        action = self.app.agree_action(self.chair, audit_id, rec, "Update the plan template", "80% at re-audit",
                                       self.pid("csc_lead"), date(2024, 6, 30))  # fmt: skip
        return audit_id, action.id

    def in_dissemination(self) -> tuple[UUID, UUID]:
        audit_id, action_id = self.with_action()
        self.app.draft_report(self.chair, audit_id, "Practice mostly good.")
        self.clock.set(date(2024, 3, 20))
        self.app.sign_off_report(self.chair, audit_id, date(2024, 3, 20))
        self.clock.set(date(2024, 4, 2))
        self.app.present_report_to_arg(self.chair, audit_id, date(2024, 4, 2))
        return audit_id, action_id
