"""Who may come in: bearer credentials, and the log of who read case-level data (R-26)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from uuid import UUID

from application.base import Receipt
from application.errors import ConcurrentChange, NotAuthenticated, NotFound
from application.partnership import PartnershipCommands
from application.principal import Principal
from domain.access_log import AccessLog
from domain.errors import AlreadyRecorded, InvalidValue
from domain.values import Role


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class AccessCommands(PartnershipCommands):
    """Tokens are random, shown once and stored hashed on the person's record, with an expiry."""

    def issue_credential(self, by: Principal, person_id: UUID, label: str, valid_days: int = 90) -> tuple[str, Receipt]:
        """An admin issues a bearer token to a person; returns the token (shown once) and the receipt."""
        self._allow(by, "issuing credentials", Role.ADMIN)
        if not 1 <= valid_days <= 730:
            raise InvalidValue("a credential is valid for 1 to 730 days")
        person = self.person(person_id)
        credential_id, secret, now = secrets.token_hex(6), secrets.token_urlsafe(32), self._now()
        person.issue_credential(credential_id, _hash(secret), now + timedelta(days=valid_days), label, by.actor, now)
        receipt = self._commit(person, ref=credential_id)
        return f"{person.id.hex}.{credential_id}.{secret}", receipt

    def revoke_credential(self, by: Principal, person_id: UUID, credential_id: str, reason: str) -> Receipt:
        """Revoke a credential: admins revoke anyone's, people their own."""
        self._allow(by, "revoking another person's credential", Role.ADMIN, unless=by.is_person(person_id))
        person = self.person(person_id)
        person.revoke_credential(credential_id, reason, by.actor, self._now())
        return self._commit(person)

    def authenticate(self, token: str) -> Principal:
        """The principal a bearer token belongs to; refused when unknown, expired or revoked."""
        try:
            person_hex, credential_id, secret = token.strip().split(".", 2)
            person = self.person(UUID(hex=person_hex))
        except (ValueError, NotFound):
            raise NotAuthenticated("the bearer token is not valid") from None
        credential = person.credentials.get(credential_id)
        if credential is None or not hmac.compare_digest(credential["hash"], _hash(secret)):
            raise NotAuthenticated("the bearer token is not valid")
        if credential["revoked"]:
            raise NotAuthenticated("the bearer token has been revoked")
        if credential["expires_at"] <= self._now():
            raise NotAuthenticated("the bearer token has expired; ask an admin for a new one")
        return Principal(person.id, person.name, frozenset(person.roles), person.agency_id)

    def bootstrap_admin(self, name: str, email: str) -> tuple[str, Receipt]:
        """Create the first admin and a token for them (``assure admin bootstrap``)."""
        system = Principal.for_system("bootstrap", Role.ADMIN)
        try:
            receipt = self.register_person(system, name, email, None, [Role.ADMIN])
        except AlreadyRecorded:
            raise AlreadyRecorded(f"a person with email {email} already exists; issue them a token instead") from None
        return self.issue_credential(system, receipt.id, "first admin", valid_days=365)

    def _record_case_read(
        self, by: Principal, what: str, audit_id: UUID, case_ref: str | None = None, agency_id: UUID | None = None
    ) -> None:
        """Put a person's read of case-level data on the trail; systems' reads are not people's."""
        if by.person_id is None:
            return
        for _ in range(3):  # the same person reading in two places at once: retry on the newer version
            log_id, now = AccessLog.id_for(by.person_id, self._now().date()), self._now()
            log = self._load(AccessLog, log_id, "access log") if self._exists(log_id) else None
            log = log or AccessLog.open(by.person_id, by.actor, now)
            log.record_read(what, UUID(str(audit_id)), case_ref, agency_id, by.actor, now)
            try:
                self._commit(log)
                return
            except ConcurrentChange:
                continue
