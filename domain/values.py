"""Shared values of the audit domain, in the partnership's own words."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """The five stages of an audit (guidance section 6), then closed or withdrawn."""

    PLANNING = "planning"
    FIELDWORK = "fieldwork"
    MODERATION = "moderation"
    REPORTING = "reporting"
    DISSEMINATION = "dissemination"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class AuditKind(StrEnum):
    """Audit kinds of guidance section 4; they share one lifecycle (R-2)."""

    DEEP_DIVE = "thematic_deep_dive"
    DIP_SAMPLE = "dip_sample"
    SECTION_11 = "section_11"
    SCHOOLS = "s157_175_schools"
    TRAINING_IMPACT = "training_impact"
    SINGLE_AGENCY = "single_agency"

    @property
    def is_self_assessment(self) -> bool:
        """In self-assessment kinds the unit of a return is the organisation itself."""
        return self in (AuditKind.SECTION_11, AuditKind.SCHOOLS)

    @property
    def return_form(self) -> str:
        """What a return holds in this kind (R-2): a case audit, a self-assessment, or none (questionnaires)."""
        if self.is_self_assessment:
            return ReturnForm.SELF_ASSESSMENT
        return ReturnForm.QUESTIONNAIRE if self is AuditKind.TRAINING_IMPACT else ReturnForm.CASE_FILE


class ReturnForm(StrEnum):
    """The unit and contents of a return, by audit kind (R-2)."""

    CASE_FILE = "case_file"
    SELF_ASSESSMENT = "self_assessment"
    QUESTIONNAIRE = "questionnaire"


class Role(StrEnum):
    """Roles of REQUIREMENTS.md."""

    ARG_MEMBER = "arg_member"
    EXECUTIVE = "executive"
    AUDIT_CHAIR = "audit_chair"
    QA_OFFICER = "qa_officer"
    BUSINESS_MANAGER = "business_manager"
    AUDITOR = "auditor"
    AGENCY_LEAD = "agency_lead"
    LEARNING_DEV = "learning_dev"
    SAFEGUARDING_MANAGER = "safeguarding_manager"  # a manager of an agency to whom urgent concerns go (R-11, 6.3.6)
    GOVERNANCE = "governance"
    ADMIN = "admin"
    SUBSCRIBER = "subscriber"


class AgencyKind(StrEnum):
    """The kinds of partner agency; audit questions can apply to some kinds only (R-6)."""

    POLICE = "police"
    HEALTH = "health"
    CHILDRENS_SERVICES = "childrens_services"
    EDUCATION = "education"
    SCHOOL = "school"
    OTHER = "other"


class FindingKind(StrEnum):
    """What a finding agreed at moderation says (guidance 6.4.2)."""

    WORKS_WELL = "works_well"
    CONCERN = "emerging_concern"
    JUDGEMENT = "overall_judgement"
    THEME = "theme"


class ReturnStatus(StrEnum):
    """Where a return stands."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    REOPENED = "reopened"
    SET_ASIDE = "set_aside"


class ActionStatus(StrEnum):
    """Where a SMART action stands."""

    OPEN = "open"
    BLOCKED = "blocked"
    COMPLETED = "completed"


DEFAULT_SCALE: tuple[str, ...] = ("Outstanding", "Good", "Requires improvement", "Inadequate")

# The fixed sections every return asks for; good practice may honestly be "none found".
RETURN_SECTIONS: tuple[str, ...] = (
    "voice_of_child",
    "lived_experience",
    "context",
    "good_practice",
    "outcomes",
)
REQUIRED_SECTIONS: tuple[str, ...] = ("voice_of_child", "lived_experience", "context", "outcomes")

SECTION_TITLES: dict[str, str] = {
    "voice_of_child": "voice of the child",
    "lived_experience": "lived experience of the child and family",
    "context": "context of practice (caseload, churn, restrictions)",
    "good_practice": "good practice",
    "outcomes": "outcomes and impact",
}

CONTEXT_FACTORS: tuple[str, ...] = (
    "caseload",
    "churn",
    "restrictions",
    "restructuring",
    "supervision",
    "workforce_stability",
    "other",
)

DEFAULT_SAMPLE_LIMIT = 10

# A self-assessment rates itself against each standard; anything short of met needs the organisation's action.
SELF_RATINGS: tuple[str, ...] = ("Met", "Partly met", "Not met")
MET = "Met"


class DataClass(StrEnum):
    """How far a field of an event may travel (R-31), from the least to the most sensitive."""

    REFERENCE = "reference"  # ids, types, positions, stages, dates
    ASSESSMENT = "assessment"  # ratings and statuses about a case
    PERSONAL = "personal"  # names, emails, what a person did or is
    CASE_CONTENT = "case_content"  # commentary, narratives, reasons, quotes
    SECRET = "secret"  # never leaves the service


# Short names for the declarations beside each event (``DATA_CLASSES`` in every aggregate's module).
REFERENCE, ASSESSMENT, PERSONAL, CASE_CONTENT, SECRET = (c.value for c in DataClass)
DISCLOSABLE: tuple[str, ...] = (REFERENCE, ASSESSMENT, PERSONAL, CASE_CONTENT)
