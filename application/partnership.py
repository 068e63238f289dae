"""Agencies, people, roles, and single-agency risk reports (R-7, R-22)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.utils import get_topic

from application.base import AssureBase, Receipt, given, record
from application.errors import NotFound, NotPermitted
from application.principal import Principal
from domain.administration import AdminBootstrap
from domain.base import stable_id
from domain.errors import AlreadyRecorded
from domain.limits import CODE, EMAIL
from domain.partnership import Agency, Person, person_key
from domain.risk_report import RiskReport
from domain.values import Role


class PartnershipCommands(AssureBase):
    """Administration of the partnership, and people as principals."""

    def register_agency(self, by: Principal, code: str, name: str, agency_kind: str) -> Receipt:
        """Register a partner agency."""
        self._allow(by, "registering an agency", Role.ADMIN)
        code = given(code, "agency code", CODE)
        if self._exists(Agency.id_for(code or "-")):
            raise AlreadyRecorded(f"an agency with code {code.upper()} is already registered")
        return self._commit(Agency.register(code, name, agency_kind, by.actor, self._now()))

    def register_person(
        self, by: Principal, name: str, email: str, agency_code: str | None, roles: list[str]
    ) -> Receipt:
        """Register a person with roles; auditors and leads belong to an agency."""
        self._allow(by, "registering a person", Role.ADMIN)
        agency_id = self.agency(agency_code).id if agency_code else None
        email = given(email, "email", EMAIL)
        person_id = stable_id("person", person_key(email))
        if any(self._exists(known) for known in self._person_ids(email)):
            raise AlreadyRecorded(f"a person with email {email} is already registered")
        now = self._now()
        person = Person.register(person_id, name, email, agency_id, by.actor, now)
        for role in roles:
            person.grant_role(role, by.actor, now)
        return self._commit(person)

    def bootstrap_admin(self, name: str, email: str, force_reason: str | None = None) -> tuple[str, Receipt]:
        """Create the first admin and a token for them (``assure admin bootstrap``).

        Refused once an admin exists: admins make admins. ``force_reason`` is for recovery when no admin can act;
        the forced bootstrap and its reason are recorded."""
        system, now = Principal.for_system("bootstrap", Role.ADMIN), self._now()
        if force_reason is None and self.admin_exists():
            raise AlreadyRecorded("an admin already exists: ask an admin to register you and issue you a token"
                                  " (to recover when no admin can act: --force --reason '...')")  # fmt: skip
        email = given(email, "email", EMAIL)
        known = next((p for p in self._person_ids(email) if self._exists(p)), None)
        if known is not None and force_reason is None:
            raise AlreadyRecorded(f"a person with email {email} already exists; issue them a token instead")
        if known is not None:  # recovery of an existing person: their admin role back, and a new token
            person = self.person(known)
            if Role.ADMIN not in person.roles:
                person.grant_role(Role.ADMIN, system.actor, now)
        else:
            person = Person.register(stable_id("person", person_key(email)), name, email, None, system.actor, now)
            person.grant_role(Role.ADMIN, system.actor, now)
        person_id = person.id
        if force_reason is None:
            marker = AdminBootstrap.first(person_id, system.actor, now)
        else:
            marker = AdminBootstrap.forced(uuid4(), person_id, force_reason, system.actor, now)
        token = self._issue_credential(system, person, "first admin", valid_days=365)
        return token, self._commit(person, marker, ref=token.split(".")[1])

    def admin_exists(self) -> bool:
        """Whether anyone was ever made an admin: a first bootstrap, or the admin role granted (a log scan)."""
        if self._exists(AdminBootstrap.FIRST):
            return True
        topic, after = get_topic(Person.RoleGranted), 0
        while page := self.recorder.select_notifications(after, 500, topics=[topic], inclusive_of_start=False):
            if any(self.mapper.to_domain_event(n).role == Role.ADMIN for n in page):  # type: ignore[attr-defined]
                return True
            after = page[-1].id
        return False

    def grant_role(self, by: Principal, person_id: UUID, role: str) -> Receipt:
        """Grant a role to a person."""
        self._allow(by, "granting a role", Role.ADMIN)
        person = self._load(Person, person_id, "person")
        person.grant_role(role, by.actor, self._now())
        return self._commit(person)

    def revoke_role(self, by: Principal, person_id: UUID, role: str, reason: str) -> Receipt:
        """Revoke a role from a person."""
        self._allow(by, "revoking a role", Role.ADMIN)
        person = self._load(Person, person_id, "person")
        person.revoke_role(role, reason, by.actor, self._now())
        return self._commit(person)

    def person_id_for(self, email: str) -> UUID:
        """The id of the person registered with this email."""
        for person_id in self._person_ids(given(email, "email", EMAIL)):
            if self._exists(person_id):
                return person_id
        raise NotFound(f"no person with email {email!r}")

    @staticmethod
    def _person_ids(email: str) -> list[UUID]:
        """The ids a person with this email may have: by the normalised email (R-26), and, for people registered
        before normalisation, by the email merely lower-cased (the same id for every plain ASCII email)."""
        return list(dict.fromkeys([stable_id("person", person_key(email)), stable_id("person", email.lower())]))

    def principal(self, person_id: UUID) -> Principal:
        """The principal for a registered person, with their current roles and agency."""
        person = self.person(person_id)
        return Principal(person.id, person.name, frozenset(person.roles), person.agency_id)

    def get_person(self, by: Principal, person_id: UUID) -> dict[str, Any]:
        """A person's record: admins see anyone, people see themselves."""
        self._allow(by, "reading a person's record", Role.ADMIN, Role.GOVERNANCE, unless=by.is_person(person_id))
        person = self.person(person_id)
        return record(id=person.id, name=person.name, email=person.email, agency_id=person.agency_id,
                      roles=person.roles, version=person.version)  # fmt: skip

    # Single-agency risk findings
    def report_single_agency_risk(self, by: Principal, audit_title: str, finding: str) -> Receipt:
        """An agency lead reports by exception a single-agency finding that represents risk."""
        self._allow(by, "reporting a single-agency risk finding", Role.AGENCY_LEAD)
        if by.agency_id is None:
            raise NotPermitted("only a lead of an agency can report its single-agency findings")
        report = RiskReport.report(uuid4(), by.agency_id, audit_title, finding, by.actor, self._now())
        return self._commit(report)

    def schedule_risk_report(self, by: Principal, report_id: UUID, meeting_date: date) -> Receipt:
        """The business manager schedules a risk report to an Executive Group meeting."""
        self._allow(by, "scheduling a risk report", Role.BUSINESS_MANAGER)
        report = self._load(RiskReport, report_id, "risk report")
        report.schedule(meeting_date, by.actor, self._now())
        return self._commit(report)

    def get_risk_report(self, by: Principal, report_id: UUID) -> dict[str, Any]:
        """A risk report: the business manager, Executive, governance, and the reporting agency's lead."""
        report = self._load(RiskReport, report_id, "risk report")
        own = by.has(Role.AGENCY_LEAD) and by.agency_id == report.agency_id
        if not (own or by.has(Role.BUSINESS_MANAGER, Role.EXECUTIVE, Role.GOVERNANCE)):
            raise NotFound(f"no risk report with id {report_id}")
        return record(id=report.id, agency_id=report.agency_id, audit_title=report.audit_title,
                      finding=report.finding, meeting_date=report.meeting_date, version=report.version)  # fmt: skip
