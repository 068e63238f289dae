"""The tamper-evident trail as the application offers it (R-30): recording signed checkpoints, reading them back,
and proofs for governance. The hashing and signing live outside (integrity/), behind the ``TrailLedger`` port."""

from __future__ import annotations

from typing import Any, Protocol

from eventsourcing.persistence import MapperDeserialisationError
from eventsourcing.utils import get_topic

from application.base import AssureBase, Receipt, record
from application.errors import NotFound
from application.principal import CHAIR_OR_QA, Principal
from domain.checkpoint import TrailCheckpoint
from domain.errors import InvalidValue, NotReady
from domain.values import Role

PROOF_READERS = (Role.GOVERNANCE, *CHAIR_OR_QA)
CHECKPOINT_TOPIC = get_topic(TrailCheckpoint.CheckpointSigned)


class TrailLedger(Protocol):
    """What the application asks of the chained store: proofs and the last verification's result."""

    def inclusion_proof(self, position: int) -> dict[str, Any] | None:
        """An event's RFC 6962 inclusion proof against the latest checkpoint (None: no checkpoint covers it)."""

    def consistency_proof(self, first: int, second: int) -> dict[str, Any] | None:
        """The RFC 6962 consistency proof between two checkpoints' trees (None: no such checkpoints)."""

    def last_verification(self) -> dict[str, Any] | None:
        """The last verification's outcome, or None before the first."""

    def checkpoint_if_due(self) -> dict[str, Any] | None:
        """Sign, record and export a checkpoint when N events or M minutes have passed; raises TrailDamaged."""

    def verify_incrementally(self) -> dict[str, Any]:
        """Verify from the last checkpoint a clean run reached, and keep the outcome."""


class IntegrityCommands(AssureBase):
    """Signed checkpoints and proofs of the trail."""

    ledger: TrailLedger | None = None

    def record_checkpoint(
        self, by: Principal, tree_size: int, hashes: tuple[str, str], signed: tuple[str, str, str]
    ) -> Receipt:
        """Record a signed checkpoint (the checkpoint job only): hashes are (root, chain head), signed is
        (signed at, key id, signature)."""
        self._allow(by, "recording a checkpoint", unless=by.system is not None)
        if self._exists(TrailCheckpoint.id_for(tree_size)):
            raise InvalidValue(f"a checkpoint of the first {tree_size} events is already recorded")
        checkpoint = TrailCheckpoint.sign(tree_size, hashes, signed, by.actor, self._now())
        return self._commit(checkpoint)

    def checkpoints(self) -> list[dict[str, Any]]:
        """Every recorded checkpoint, oldest first, with the position of the event that records it."""
        found, after = [], 0
        while batch := self.recorder.select_notifications(after + 1, 500, topics=[CHECKPOINT_TOPIC]):
            for notification in batch:
                try:
                    event: Any = self.mapper.to_domain_event(notification)
                    found.append(record(position=notification.id, tree_size=int(event.tree_size), root=event.root,
                                        chain_head=event.chain_head, signed_at=event.signed_at, key_id=event.key_id,
                                        signature=event.signature))  # fmt: skip
                except (MapperDeserialisationError, AttributeError, TypeError, ValueError):
                    continue  # a damaged row: verification names it by its position
            after = batch[-1].id
        return found

    def signed_checkpoints(self, by: Principal) -> list[dict[str, Any]]:
        """The recorded checkpoints, for governance to compare with the exported and emailed ones."""
        self._allow(by, "reading the trail's checkpoints", *PROOF_READERS)
        return self.checkpoints()

    def trail_proof(self, by: Principal, position: int) -> dict[str, Any]:
        """An event's inclusion proof against the latest checkpoint, checkable offline (docs/integrity.md)."""
        self._allow(by, "reading proofs of the audit trail", *PROOF_READERS)
        if position < 1 or position > self.max_position():
            raise NotFound(f"no event at position {position}")
        proof = self._ledger().inclusion_proof(position)
        if proof is None:
            raise NotReady(f"no checkpoint covers position {position} yet; the next one will")
        return proof

    def trail_consistency(self, by: Principal, first: int, second: int) -> dict[str, Any]:
        """The consistency proof between the checkpoints of the first ``first`` and ``second`` events."""
        self._allow(by, "reading proofs of the audit trail", *PROOF_READERS)
        if not 1 <= first <= second:
            raise InvalidValue("the first checkpoint's size must be at least 1 and at most the second's")
        proof = self._ledger().consistency_proof(first, second)
        if proof is None:
            raise NotFound(f"no checkpoints of sizes {first} and {second}")
        return proof

    def checkpoint_trail(self, by: Principal) -> dict[str, Any] | None:
        """The checkpoint job: a signed checkpoint when one is due (None when not); TrailDamaged when the new
        events do not verify."""
        self._allow(by, "signing checkpoints", unless=by.system is not None)
        return self._ledger().checkpoint_if_due()

    def verify_trail(self, by: Principal) -> dict[str, Any]:
        """The verification job: verify what is new since the last clean run; the outcome is kept for /readyz."""
        self._allow(by, "verifying the trail", unless=by.system is not None)
        return self._ledger().verify_incrementally()

    def integrity_status(self) -> dict[str, Any] | None:
        """The last verification's outcome (for /readyz), or None before the first or without a ledger."""
        return self.ledger.last_verification() if self.ledger else None

    def _ledger(self) -> TrailLedger:
        if self.ledger is None:
            raise NotReady("proofs are not available in this process")
        return self.ledger
