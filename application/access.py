"""Who may come in: bearer credentials (R-26)."""

from __future__ import annotations

import hmac
from uuid import UUID

from application.base import AssureBase, Receipt, token_hash
from application.errors import NotAuthenticated, NotFound
from application.events import PUBLIC_TYPES
from application.principal import Principal
from domain.errors import InvalidValue
from domain.partnership import Person
from domain.values import Role

PEOPLE_REMEMBERED = 4096  # people whose record a process keeps for token checks (forgotten all at once beyond)


class AccessCommands(AssureBase):
    """Tokens are random, shown once and stored hashed on the person's record, with an expiry."""

    def issue_credential(self, by: Principal, person_id: UUID, label: str, valid_days: int = 90) -> tuple[str, Receipt]:
        """An admin issues a bearer token to a person; returns the token (shown once) and the receipt."""
        self._allow(by, "issuing credentials", Role.ADMIN)
        if not 1 <= valid_days <= 730:
            raise InvalidValue("a credential is valid for 1 to 730 days")
        return self._mint_credential(by, self.person(person_id), label, valid_days)

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
            person = self._credential_holder(UUID(hex=person_hex))
        except (ValueError, NotFound):
            raise NotAuthenticated("the bearer token is not valid") from None
        credential = person.credentials.get(credential_id)
        if credential is None or not hmac.compare_digest(credential["hash"], token_hash(secret)):
            raise NotAuthenticated("the bearer token is not valid")
        if credential["revoked"]:
            raise NotAuthenticated("the bearer token has been revoked")
        if credential["expires_at"] <= self._now():
            raise NotAuthenticated("the bearer token has expired; ask an admin for a new one")
        return Principal(person.id, person.name, frozenset(person.roles), person.agency_id,
                         credential_id=credential_id)  # fmt: skip

    def _credential_holder(self, person_id: UUID) -> Person:
        """The person's current record, for a token check: kept in this process and used again while the store
        holds no newer event of that person (one indexed query, no replay). A revocation or any other change made
        through any process is an event of the person, so the next check here loads the record again."""
        remembered = self.credential_holders
        person = remembered.get(person_id)
        if person is not None and not self.recorder.select_events(person_id, gt=person.version, limit=1):
            return person
        person = self.person(person_id)  # a copy of our own: nothing else changes it
        if len(remembered) >= PEOPLE_REMEMBERED:
            remembered.clear()
        remembered[person_id] = person
        return person

    def grant_feed_disclosure(
        self, by: Principal, person_id: UUID, credential_id: str, data_class: str, event_types: list[str], reason: str
    ) -> Receipt:
        """An admin states what a credential reads of the event feed: event types and highest data class (R-31)."""
        self._allow(by, "granting what a credential reads of the event feed", Role.ADMIN)
        person = self.person(person_id)
        person.grant_feed_disclosure(credential_id, data_class, event_types, PUBLIC_TYPES, reason, by.actor,
                                     self._now())  # fmt: skip
        return self._commit(person)
