"""The exact hashing of the trail (docs/integrity.md): the leaf, the chain and the RFC 6962 Merkle tree."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from uuid import UUID

GENESIS = bytes(32)  # the chain value before position 1
_QI = struct.Struct(">QI")  # a 64-bit number, then a 32-bit length
_LEN = struct.Struct(">I")
_sha256 = hashlib.sha256


def leaf_bytes(position: int, originator_id: UUID | str, version: int, topic: str, state: bytes) -> bytes:
    """One event as the bytes every hash covers: position, aggregate id (hyphenated lowercase), version, topic and
    stored bytes."""
    oid = str(originator_id).encode()
    topic_bytes = topic.encode()
    return b"".join(
        (
            _QI.pack(position, len(oid)),
            oid,
            _QI.pack(version, len(topic_bytes)),
            topic_bytes,
            _LEN.pack(len(state)),
            state,
        )
    )


def chain_next(previous: bytes, leaf: bytes) -> bytes:
    """The chain value of an event: SHA-256 over the previous chain value and the event's leaf bytes."""
    return _sha256(previous + leaf).digest()


def leaf_hash(leaf: bytes) -> bytes:
    """RFC 6962 leaf hash: SHA-256(0x00 || leaf)."""
    return _sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 6962 interior node hash: SHA-256(0x01 || left || right)."""
    return _sha256(b"\x01" + left + right).digest()


@dataclass
class Frontier:
    """The perfect subtrees on the right edge of a Merkle tree: enough to extend it and to compute its root."""

    size: int = 0
    nodes: list[bytes] = field(default_factory=list)  # largest subtree first

    def append(self, hashed_leaf: bytes) -> None:
        """Add the next leaf hash, merging equal-sized subtrees as a binary counter carries."""
        nodes, size = self.nodes, self.size
        nodes.append(hashed_leaf)
        while size & 1:
            right = nodes.pop()
            nodes[-1] = node_hash(nodes[-1], right)
            size >>= 1
        self.size += 1

    def root(self) -> bytes:
        """The RFC 6962 Merkle tree hash of the leaves so far (SHA-256 of nothing for an empty tree)."""
        if not self.nodes:
            return _sha256(b"").digest()
        result = self.nodes[-1]
        for node in reversed(self.nodes[:-1]):
            result = node_hash(node, result)
        return result

    def copy(self) -> Frontier:
        return Frontier(self.size, list(self.nodes))


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def merkle_root(leaf_hashes: Sequence[bytes]) -> bytes:
    """RFC 6962 MTH over leaf hashes."""
    frontier = Frontier()
    for hashed in leaf_hashes:
        frontier.append(hashed)
    return frontier.root()


def inclusion_path(index: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """RFC 6962 PATH(m, D[n]): the audit path of leaf ``index`` (0-based) in the tree of these leaves."""
    n = len(leaf_hashes)
    if n <= 1:
        return []
    k = _split(n)
    if index < k:
        return [*inclusion_path(index, leaf_hashes[:k]), merkle_root(leaf_hashes[k:])]
    return [*inclusion_path(index - k, leaf_hashes[k:]), merkle_root(leaf_hashes[:k])]


def consistency_path(first: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """RFC 6962 PROOF(m, D[n]): that the tree of the first ``first`` leaves is a prefix of this tree."""
    if first <= 0 or first >= len(leaf_hashes):
        return []
    return _subproof(first, leaf_hashes, True)


def _subproof(m: int, leaves: Sequence[bytes], complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [merkle_root(leaves)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, leaves[:k], complete), merkle_root(leaves[k:])]
    return [*_subproof(m - k, leaves[k:], False), merkle_root(leaves[:k])]


def leaf_hashes_of(rows: Iterable[tuple[int, UUID | str, int, str, bytes]]) -> list[bytes]:
    """Leaf hashes of (position, aggregate id, version, topic, state) rows."""
    return [leaf_hash(leaf_bytes(*row)) for row in rows]
