"""Who is acting: a person with roles and an agency, or a system worker."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from domain.base import Actor
from domain.values import Role


@dataclass(frozen=True)
class Principal:
    """The acting person (or system) that every command and query takes."""

    person_id: UUID | None
    name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    agency_id: UUID | None = None
    system: str | None = None
    credential_id: str | None = None  # the bearer credential it came in with; its entitlement reads the feed

    @property
    def actor(self) -> Actor:
        """What events record as the actor, carrying the credential the principal came in with."""
        return Actor(f"system:{self.system}" if self.system else str(self.person_id), self.credential_id)

    def has(self, *roles: str) -> bool:
        """Whether the principal holds any of these roles."""
        return bool(self.roles.intersection(roles))

    def is_person(self, person_id: UUID) -> bool:
        """Whether the principal is this person."""
        return self.person_id == person_id

    @classmethod
    def for_system(cls, name: str, *roles: str) -> Principal:
        """A background worker or bootstrap step acting as the system."""
        return cls(person_id=None, name=f"system:{name}", roles=frozenset(roles), system=name)


CHAIR_OR_QA = (Role.AUDIT_CHAIR, Role.QA_OFFICER)
READ_ALL = (Role.AUDIT_CHAIR, Role.QA_OFFICER, Role.GOVERNANCE)
OVERSIGHT = (Role.ARG_MEMBER, Role.EXECUTIVE, Role.BUSINESS_MANAGER, Role.LEARNING_DEV)
