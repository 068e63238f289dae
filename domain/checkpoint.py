"""Signed checkpoints of the trail: the log's size and Merkle root, signed with a key held outside the database
(R-30). The signature is made outside the domain; the domain records it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.base import AssureAggregate, stable_id
from domain.errors import InvalidValue
from domain.values import REFERENCE


class TrailCheckpoint(AssureAggregate):
    """One signed statement: 'the trail's first ``tree_size`` events have this Merkle root and chain value'."""

    class CheckpointSigned(AssureAggregate.Created):
        tree_size: int
        root: str
        chain_head: str
        signed_at: str
        key_id: str
        signature: str

    def __init__(
        self, *, actor: str, tree_size: int, root: str, chain_head: str, signed_at: str, key_id: str, signature: str
    ) -> None:
        self.tree_size, self.root, self.chain_head = tree_size, root, chain_head
        self.signed_at, self.key_id, self.signature = signed_at, key_id, signature

    @staticmethod
    def id_for(tree_size: int) -> UUID:
        """One checkpoint per log size."""
        return stable_id("checkpoint", tree_size)

    @classmethod
    def sign(
        cls, tree_size: int, hashes: tuple[str, str], signed: tuple[str, str, str], actor: str, at: datetime
    ) -> TrailCheckpoint:
        """Record a checkpoint: ``hashes`` are (root, chain head) in hex; ``signed`` is (signed at, key id,
        signature)."""
        if tree_size < 1 or any(len(h) != 64 for h in hashes):
            raise InvalidValue("a checkpoint covers at least one event and names two SHA-256 hashes in hex")
        root, chain_head = hashes
        signed_at, key_id, signature = signed
        return cls._create(
            cls.CheckpointSigned,
            id=cls.id_for(tree_size),
            actor=actor,
            timestamp=at,
            tree_size=tree_size,
            root=root,
            chain_head=chain_head,
            signed_at=signed_at,
            key_id=key_id,
            signature=signature,
        )


# a checkpoint is public by design (sizes, hashes, the key's id and the signature): anyone may check it.
DATA_CLASSES: dict[str, dict[str, str]] = {
    "CheckpointSigned": {
        "tree_size": REFERENCE,
        "root": REFERENCE,
        "chain_head": REFERENCE,
        "signed_at": REFERENCE,
        "key_id": REFERENCE,
        "signature": REFERENCE,
    },
}
