"""The partnership's agencies and people, with their roles."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.base import AssureAggregate, require_member, require_reason, require_text, stable_id
from domain.errors import AlreadyRecorded, InvalidValue
from domain.limits import (
    AGENCY_CODE_PATTERN,
    CODE,
    EMAIL,
    NAME,
    REASON,
    check_identifier,
    check_name,
    check_text,
    identifier,
)
from domain.values import DISCLOSABLE, PERSONAL, REFERENCE, SECRET, AgencyKind, Role


def agency_code(code: str) -> str:
    """An agency code as compared and stored: NFKC-normalised, casefolded, then upper case (R-26); letters, digits
    and ``_ . -`` only."""
    code = identifier(check_identifier(check_text(code, "the agency code", CODE), "the agency code")).upper()
    if code and not AGENCY_CODE_PATTERN.fullmatch(code):
        raise InvalidValue(f"the agency code {code!r} must be letters and digits (with _ . or -), up to 20")
    return code


def person_key(email: str) -> str:
    """What identifies a person: their email, NFKC-normalised and casefolded, with nothing invisible (R-26)."""
    return identifier(check_identifier(check_text(email, "email", EMAIL), "the email"))


class Agency(AssureAggregate):
    """A partner agency (police, health, children's services, a school...)."""

    class AgencyRegistered(AssureAggregate.Created):
        code: str
        name: str
        agency_kind: str

    def __init__(self, *, actor: str, code: str, name: str, agency_kind: str) -> None:
        self.code = code
        self.name = name
        self.agency_kind = agency_kind

    @staticmethod
    def id_for(code: str) -> UUID:
        """Agencies are identified by their short code."""
        return stable_id("agency", agency_code(code))

    @classmethod
    def register(cls, code: str, name: str, agency_kind: str, actor: str, at: datetime) -> Agency:
        """Register a partner agency."""
        code = agency_code(require_text(code, "agency code", CODE))
        require_member(agency_kind, [k.value for k in AgencyKind], "agency kind")
        agency = cls._create(
            cls.AgencyRegistered,
            id=cls.id_for(code),
            actor=actor,
            timestamp=at,
            code=code,
            name=require_text(check_name(name, "agency name"), "agency name", NAME),
            agency_kind=agency_kind,
        )
        return agency


class Person(AssureAggregate):
    """A person of the partnership: officer, auditor, lead, system."""

    class PersonRegistered(AssureAggregate.Created):
        name: str
        email: str
        agency_id: UUID | None

    class RoleGranted(AssureAggregate.Event):
        role: str

        def apply(self, aggregate: Any) -> None:
            aggregate.roles.add(self.role)

    class RoleRevoked(AssureAggregate.Event):
        role: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.roles.discard(self.role)

    class CredentialIssued(AssureAggregate.Event):
        credential_id: str
        secret_hash: str
        expires_at: datetime
        label: str

        def apply(self, aggregate: Any) -> None:
            aggregate.credentials[self.credential_id] = {"hash": self.secret_hash, "expires_at": self.expires_at,
                                                         "label": self.label, "revoked": False}  # fmt: skip

    class CredentialRevoked(AssureAggregate.Event):
        credential_id: str
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.credentials[self.credential_id]["revoked"] = True

    class FeedDisclosureGranted(AssureAggregate.Event):
        credential_id: str
        data_class: str
        event_types: list[str]
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.credentials[self.credential_id].update(data_class=self.data_class,
                                                             event_types=list(self.event_types))  # fmt: skip

    def __init__(self, *, actor: str, name: str, email: str, agency_id: UUID | None) -> None:
        self.name = name
        self.email = email
        self.agency_id = agency_id
        self.roles: set[str] = set()
        self.credentials: dict[str, dict[str, Any]] = {}

    @classmethod
    def register(
        cls, person_id: UUID, name: str, email: str, agency_id: UUID | None, actor: str, at: datetime
    ) -> Person:
        """Register a person, optionally belonging to an agency."""
        email = check_identifier(require_text(email, "email", EMAIL), "the email")
        if "@" not in email:
            raise InvalidValue(f"email {email!r} is not an email address")
        return cls._create(
            cls.PersonRegistered,
            id=person_id,
            actor=actor,
            timestamp=at,
            name=require_text(check_name(name, "name"), "name", NAME),
            email=email,
            agency_id=agency_id,
        )

    def grant_role(self, role: str, actor: str, at: datetime) -> None:
        """Grant a role; auditors and agency leads must belong to an agency."""
        require_member(role, [r.value for r in Role], "role")
        if role in self.roles:
            raise AlreadyRecorded(f"{self.name} already has the role {role}")
        if role in (Role.AUDITOR, Role.AGENCY_LEAD, Role.SAFEGUARDING_MANAGER) and self.agency_id is None:
            raise InvalidValue(f"the role {role} needs the person to belong to an agency")
        self._record(self.RoleGranted, actor, at, role=role)

    def revoke_role(self, role: str, reason: str, actor: str, at: datetime) -> None:
        """Revoke a role the person holds."""
        if role not in self.roles:
            raise InvalidValue(f"{self.name} does not have the role {role}")
        self._record(self.RoleRevoked, actor, at, role=role, reason=require_text(reason, "reason", REASON))

    def issue_credential(
        self, credential_id: str, secret_hash: str, expires_at: datetime, label: str, actor: str, at: datetime
    ) -> None:
        """Record a bearer credential; only its hash is kept (the secret is shown once, never stored)."""
        if expires_at <= at:
            raise InvalidValue("a credential must expire in the future")
        if credential_id in self.credentials:
            raise AlreadyRecorded("a credential with this id already exists")
        self._record(self.CredentialIssued, actor, at, credential_id=credential_id, secret_hash=secret_hash,
                     expires_at=expires_at, label=require_text(label, "what the credential is for", NAME))  # fmt: skip

    def revoke_credential(self, credential_id: str, reason: str, actor: str, at: datetime) -> None:
        """Revoke a credential so it no longer authenticates."""
        credential = self.credentials.get(credential_id)
        if credential is None:
            raise InvalidValue(f"{self.name} has no credential {credential_id}")
        if credential["revoked"]:
            raise AlreadyRecorded("the credential is already revoked")
        self._record(self.CredentialRevoked, actor, at, credential_id=credential_id,
                     reason=require_text(reason, "reason", REASON))  # fmt: skip

    def grant_feed_disclosure(
        self, credential_id: str, data_class: str, event_types: list[str], known_types: frozenset[str], reason: str,
        actor: str, at: datetime,
    ) -> None:  # fmt: skip
        """An admin states what a credential reads of the event feed: event types and highest data class (R-31)."""
        credential = self.credentials.get(credential_id)
        if credential is None or credential["revoked"]:
            raise InvalidValue(f"{self.name} has no live credential {credential_id}")
        require_member(data_class, DISCLOSABLE, "data class")
        unknown = sorted(set(event_types) - known_types)
        if unknown:
            raise InvalidValue(f"unknown event types: {', '.join(unknown)}")
        self._record(self.FeedDisclosureGranted, actor, at, credential_id=credential_id, data_class=data_class,
                     event_types=sorted(set(event_types)),
                     reason=require_reason(reason, "change what a credential reads of the event feed"))  # fmt: skip


# What each field of each agency and person event is: the secret hash never leaves the service.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "AgencyRegistered": {"code": REFERENCE, "name": REFERENCE, "agency_kind": REFERENCE},
    "PersonRegistered": {"name": PERSONAL, "email": PERSONAL, "agency_id": REFERENCE},
    "RoleGranted": {"role": REFERENCE},
    "RoleRevoked": {"role": REFERENCE, "reason": PERSONAL},
    "CredentialIssued": {"credential_id": REFERENCE, "secret_hash": SECRET, "expires_at": REFERENCE,
                         "label": REFERENCE},
    "CredentialRevoked": {"credential_id": REFERENCE, "reason": PERSONAL},
    "FeedDisclosureGranted": {"credential_id": REFERENCE, "data_class": REFERENCE, "event_types": REFERENCE,
                              "reason": REFERENCE},
}  # fmt: skip
