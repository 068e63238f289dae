"""How the first admin came to be, and every recovery that made another without an admin (#13)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.base import AssureAggregate, require_reason, stable_id
from domain.values import PERSONAL, REFERENCE


class AdminBootstrap(AssureAggregate):
    """One ``assure admin bootstrap``: the first admin once, then only forced recoveries, each with a reason."""

    class FirstAdminAppointed(AssureAggregate.Created):
        person_id: UUID

    class AdminBootstrapForced(AssureAggregate.Created):
        person_id: UUID
        reason: str

    def __init__(self, *, actor: str, person_id: UUID) -> None:
        self.person_id = person_id

    FIRST = stable_id("admin-bootstrap", "first")  # one id: two first bootstraps at once cannot both succeed

    @classmethod
    def first(cls, person_id: UUID, actor: str, at: datetime) -> AdminBootstrap:
        """The first admin of an empty partnership."""
        return cls._create(cls.FirstAdminAppointed, id=cls.FIRST, actor=actor, timestamp=at, person_id=person_id)

    @classmethod
    def forced(cls, bootstrap_id: UUID, person_id: UUID, reason: str, actor: str, at: datetime) -> AdminBootstrap:
        """A recovery: another admin made by the operator although admins exist, with the reason on the trail."""
        reason = require_reason(reason, "force a bootstrap when an admin exists")
        return cls._create(cls.AdminBootstrapForced, id=bootstrap_id, actor=actor, timestamp=at, person_id=person_id,
                           reason=reason)  # fmt: skip


DATA_CLASSES: dict[str, dict[str, str]] = {
    "FirstAdminAppointed": {"person_id": REFERENCE},
    "AdminBootstrapForced": {"person_id": REFERENCE, "reason": PERSONAL},
}
