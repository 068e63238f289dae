"""Self-assessment audits (Section 11, S157/175): standards frameworks, organisations at scale, carry-forward (R-2)."""

from __future__ import annotations

import csv
import io
from typing import Any
from uuid import UUID

from application.base import AssureBase, Receipt, record
from application.errors import NotFound
from application.principal import CHAIR_OR_QA, OVERSIGHT, READ_ALL, Principal
from domain.base import stable_id
from domain.errors import AlreadyRecorded, DomainError, InvalidValue
from domain.partnership import Agency, Person, person_key
from domain.standards import StandardsFramework, standards_as_questions
from domain.values import AgencyKind, Role

CSV_COLUMNS = ("code", "name", "dsl_name", "dsl_email")
MAX_CSV_ROWS = 5000
MAX_CSV_CHARS = 2_000_000


class SelfAssessmentCommands(AssureBase):
    """Frameworks of standards, organisations registered in bulk, and rounds that start from last year's."""

    def publish_standards_framework(
        self, by: Principal, name: str, audit_kind: str, standards: list[dict[str, Any]]
    ) -> Receipt:
        """Publish a versioned standards framework (Section 11 or S157/175)."""
        self._allow(by, "publishing a standards framework", *CHAIR_OR_QA, Role.ADMIN)
        if self._exists(StandardsFramework.id_for(name or "-")):
            raise AlreadyRecorded(f"a standards framework named {name!r} exists: revise it instead")
        return self._commit(StandardsFramework.publish(name, audit_kind, standards, by.actor, self._now()))

    def revise_standards_framework(
        self, by: Principal, name: str, standards: list[dict[str, Any]], reason: str
    ) -> Receipt:
        """Publish a new version of a standards framework, with a reason."""
        self._allow(by, "revising a standards framework", *CHAIR_OR_QA, Role.ADMIN)
        framework = self._framework(name)
        framework.revise(standards, reason, by.actor, self._now())
        return self._commit(framework, ref=f"v{framework.framework_version}")

    def get_standards_framework(self, by: Principal, name: str) -> dict[str, Any]:
        """A framework's current version and its standards."""
        self._allow(by, "reading a standards framework", *READ_ALL, *OVERSIGHT, Role.AGENCY_LEAD, Role.AUDITOR)
        framework = self._framework(name)
        return record(id=framework.id, name=framework.name, audit_kind=framework.audit_kind,
                      framework_version=framework.framework_version, standards=framework.standards)  # fmt: skip

    def adopt_standards_framework(self, by: Principal, audit_id: UUID, name: str) -> Receipt:
        """A self-assessment audit's tool is a framework's standards, each rated met / partly met / not met."""
        self._allow(by, "adopting a standards framework", *CHAIR_OR_QA)
        audit, framework = self._audit(audit_id), self._framework(name)
        if framework.audit_kind != audit.kind.value:
            raise InvalidValue(f"{framework.name} serves {framework.audit_kind} audits, not {audit.kind.value}")
        source = f"{framework.name} v{framework.framework_version}"
        audit.adopt_tool(standards_as_questions(framework.standards), source, by.actor, self._now())
        return self._commit(audit)

    def carry_forward_last_round(self, by: Principal, audit_id: UUID, previous_audit_id: UUID) -> Receipt:
        """This round's returns start from last round's answers and the organisations' open actions."""
        self._allow(by, "carrying last year's returns forward", *CHAIR_OR_QA)
        audit = self._audit(audit_id)
        audit.carry_forward_from(self._audit(previous_audit_id), by.actor, self._now())
        return self._commit(audit)

    def enrol_organisations(self, by: Principal, audit_id: UUID, person_ids: list[UUID]) -> Receipt:
        """Nominate each organisation's lead for the return (a school's DSL) and assign them its return, at once."""
        self._allow(by, "enrolling organisations", *CHAIR_OR_QA)
        audit, now = self._audit(audit_id), self._now()
        if not audit.kind.is_self_assessment:
            raise InvalidValue("only self-assessment audits enrol organisations; assign cases instead")
        if not person_ids:
            raise InvalidValue("name at least one organisation's lead")
        for person_id in person_ids:
            person = self.person(person_id)
            if Role.AUDITOR not in person.roles or person.agency_id is None:
                raise InvalidValue(f"{person.name} does not hold the auditor role of an organisation")
            if str(person.id) not in audit.auditors:
                if not audit.takes_part(person.agency_id):
                    audit.invite_agency(person.agency_id, by.actor, now)  # enrolling invites the organisation
                audit.nominate_auditor(person.id, person.agency_id, False, by.actor, now)
            audit.assign_case(self.agency_by_id(person.agency_id).code, person.id, by.actor, now)
        return self._commit(audit, ref=str(len(person_ids)))

    def _framework(self, name: str) -> StandardsFramework:
        try:
            return self._load(StandardsFramework, StandardsFramework.id_for(name or "-"), "standards framework")
        except NotFound:
            raise NotFound(f"no standards framework named {name!r}") from None

    # Schools at scale: organisations and their designated safeguarding leads from a CSV
    def register_organisations_from_csv(
        self, by: Principal, csv_text: str, agency_kind: str = AgencyKind.SCHOOL
    ) -> dict[str, Any]:
        """Register each row's organisation and its DSL (auditor and lead); rows in error are listed, not registered."""
        self._allow(by, "registering organisations", Role.ADMIN)
        rows = _csv_rows(csv_text)
        registered: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        seen: set[str] = set()
        for number, row in rows:
            try:
                code = _row_code(row, seen)
                person_id = self._register_organisation(by, code, row, agency_kind)
                registered.append({"row": number, "code": code, "agency_id": str(Agency.id_for(code)),
                                   "dsl_person_id": str(person_id)})  # fmt: skip
            except DomainError as error:
                errors.append({"row": number, "error": str(error)})
        return {"registered": registered, "errors": errors}

    def _register_organisation(self, by: Principal, code: str, row: dict[str, str], agency_kind: str) -> UUID:
        """The organisation and its DSL (auditor and lead) in one transaction: a row is registered whole or not."""
        email, dsl_name = (row.get("dsl_email") or "").strip(), (row.get("dsl_name") or "").strip()
        if not dsl_name or not (row.get("name") or "").strip():
            raise InvalidValue("name and dsl_name are required")
        if "@" not in email:
            raise InvalidValue(f"dsl_email {email!r} is not an email address")
        if self._exists(Agency.id_for(code)):
            raise AlreadyRecorded(f"an agency with code {code} is already registered")
        if self._exists(self._person_key(email)):
            raise AlreadyRecorded(f"a person with email {email} is already registered")
        now = self._now()
        agency = Agency.register(code, row["name"], agency_kind, by.actor, now)
        dsl = Person.register(self._person_key(email), dsl_name, email, agency.id, by.actor, now)
        for role in (Role.AUDITOR, Role.AGENCY_LEAD):
            dsl.grant_role(role, by.actor, now)
        self._commit(agency, dsl)
        return dsl.id

    @staticmethod
    def _person_key(email: str) -> UUID:
        return stable_id("person", person_key(email))


def _csv_rows(csv_text: str) -> list[tuple[int, dict[str, str]]]:
    """The data rows, numbered as a spreadsheet numbers them (the header is row 1)."""
    if not isinstance(csv_text, str) or not csv_text.strip():
        raise InvalidValue(f"the CSV is empty; its header must be: {','.join(CSV_COLUMNS)}")
    if len(csv_text) > MAX_CSV_CHARS or "\x00" in csv_text:
        raise InvalidValue(f"the CSV must be text of at most {MAX_CSV_CHARS} characters")
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    try:
        header = [h.strip() for h in reader.fieldnames or []]
        if sorted(header) != sorted(CSV_COLUMNS):
            raise InvalidValue(f"the CSV header must be: {','.join(CSV_COLUMNS)} (got {','.join(header)[:200]})")
        reader.fieldnames = header
        rows = [(n, {k: v.strip() if isinstance(v, str) else "" for k, v in row.items() if isinstance(k, str)})
                for n, row in enumerate(reader, start=2)]  # fmt: skip
    except csv.Error as error:
        raise InvalidValue(f"the CSV cannot be read: {error}") from None
    if len(rows) > MAX_CSV_ROWS:
        raise InvalidValue(f"at most {MAX_CSV_ROWS} rows per import")
    return rows


def _row_code(row: dict[str, str], seen: set[str]) -> str:
    code = row.get("code", "").upper()
    if not code or not code.replace("-", "").replace("_", "").isalnum() or not code.isascii() or len(code) > 32:
        raise InvalidValue(f"code {code!r} must be 1 to 32 letters, digits, - or _")
    if code in seen:
        raise AlreadyRecorded(f"code {code} appears more than once in the file")
    seen.add(code)
    return code
