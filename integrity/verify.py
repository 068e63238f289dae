"""``assure verify``: recompute the chain and the tree, check every checkpoint's signature, and name the first
position that differs and how (changed, missing, inserted, reordered, truncated, bad signature)."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from integrity.chain import ChainedRow, ChainedStore
from integrity.checkpoints import Checkpoint
from integrity.hashing import GENESIS, Frontier, chain_next, leaf_bytes, leaf_hash

_sha256 = hashlib.sha256
BATCH = 5000


@dataclass(frozen=True)
class Finding:
    """The first position that differs, and how."""

    kind: str
    position: int
    detail: str

    def __str__(self) -> str:
        return f"{self.kind} at position {self.position}: {self.detail}"


@dataclass
class Outcome:
    """What a verification run checked and found."""

    checked_from: int
    checked_through: int
    finding: Finding | None = None
    checkpoints_checked: int = 0
    frontier: Frontier = field(default_factory=Frontier)
    chain_head: bytes = GENESIS
    leaf_hashes: list[bytes] | None = None  # collected when making a checkpoint

    @property
    def ok(self) -> bool:
        return self.finding is None

    def summary(self) -> dict[str, Any]:
        """JSON-simple, for /readyz and the status table."""
        found = self.finding
        return {"ok": self.ok, "checked_from": self.checked_from, "checked_through": self.checked_through,
                "checkpoints_checked": self.checkpoints_checked, "kind": found.kind if found else None,
                "position": found.position if found else None, "detail": found.detail if found else None}  # fmt: skip


class Digests:
    """The leaf hashes exported with the checkpoints, by position, read one file at a time as they are needed."""

    def __init__(self, checkpoints: list[Checkpoint]) -> None:
        self.files = sorted((c for c in checkpoints if c.path is not None), key=lambda c: c.previous_size)
        self.starts = [c.previous_size for c in self.files]
        self.loaded: tuple[int, bytes] = (-1, b"")

    def get(self, position: int) -> bytes | None:
        i = bisect.bisect_left(self.starts, position) - 1
        if i < 0 or position > self.files[i].tree_size:
            return None
        if self.loaded[0] != i:
            self.loaded = (i, self.files[i].leaves())
        offset = (position - self.starts[i] - 1) * 32
        found = self.loaded[1][offset : offset + 32]
        return found if len(found) == 32 else None


@dataclass
class Trail:
    """What a run checks against: the store, the trusted public key and the checkpoints known so far."""

    store: ChainedStore
    key: Ed25519PublicKey
    files: list[Checkpoint]  # exported (outside the database) or given with --checkpoint
    recorded: dict[int, Checkpoint]  # position of the checkpoint event -> what it says

    def anchors(self) -> dict[int, Checkpoint]:
        """Validly signed checkpoints by tree size."""
        found = {c.tree_size: c for c in self.recorded.values() if c.signed_by(self.key)}
        found.update({c.tree_size: c for c in self.files if c.signed_by(self.key)})
        return found


def verify(trail: Trail, from_position: int = 1, collect: bool = False) -> Outcome:
    """Verify from the latest exported checkpoint before ``from_position`` (from the start when there is none)."""
    for checkpoint in trail.files:
        if not checkpoint.signed_by(trail.key):
            where = checkpoint.event_position or checkpoint.tree_size
            return Outcome(from_position, 0, Finding("bad signature", where, f"the exported checkpoint of the first"
                           f" {checkpoint.tree_size} events is not signed by key {checkpoint.key_id}"))  # fmt: skip
    anchors = trail.anchors()
    start = max((c for c in trail.files if c.tree_size < from_position and c.start()), key=lambda c: c.tree_size,
                default=None)  # fmt: skip
    frontier = start.start() if start else Frontier()
    assert frontier is not None
    head = bytes.fromhex(start.chain_head) if start else GENESIS
    walk = _Walk(trail, anchors, Digests(trail.files), frontier, head)
    outcome = walk.run(frontier.size + 1, [] if collect else None)
    if outcome.finding is None:
        required = max([*(c.tree_size for c in anchors.values()), *(c.event_position or 0 for c in trail.files)],
                       default=0)  # fmt: skip
        if outcome.checked_through < required:
            detail = f"the log ends at {outcome.checked_through}; a signed checkpoint shows it reached {required}"
            outcome.finding = Finding("truncated", outcome.checked_through + 1, detail)
    return outcome


class _Walk:
    def __init__(self, trail: Trail, anchors: dict[int, Checkpoint], digests: Digests, frontier: Frontier,
                 head: bytes) -> None:  # fmt: skip
        self.trail, self.anchors, self.digests, self.frontier, self.head = trail, anchors, digests, frontier, head
        self.last_anchor = frontier.size

    def run(self, first: int, collected: list[bytes] | None) -> Outcome:
        expected, previous, frontier, digests = first, self.head, self.frontier, self.digests
        outcome = Outcome(first, first - 1, frontier=frontier, chain_head=previous, leaf_hashes=collected)
        while rows := self.trail.store.select_chained(expected - 1, BATCH):
            for row in rows:
                if row.position != expected:
                    outcome.finding = Finding("missing", expected, f"no event at {expected}; the next is at"
                                              f" {row.position}")  # fmt: skip
                    return outcome
                leaf = leaf_bytes(expected, row.originator_id, row.version, row.topic, row.state)
                hashed = _sha256(b"\x00" + leaf).digest()
                chain = _sha256(previous + leaf).digest()
                wanted = digests.get(expected)
                if chain != row.chain or (wanted is not None and wanted != hashed):
                    outcome.finding = self.classify(row, previous)
                    return outcome
                frontier.append(hashed)
                if collected is not None:
                    collected.append(hashed)
                previous = outcome.chain_head = chain
                outcome.finding = self.checkpoints_at(expected, frontier, previous, outcome)
                if outcome.finding:
                    return outcome
                outcome.checked_through = expected
                expected += 1
        return outcome

    def checkpoints_at(self, position: int, frontier: Frontier, chain: bytes, outcome: Outcome) -> Finding | None:
        anchor = self.anchors.get(position)
        if anchor is not None:
            outcome.checkpoints_checked += 1
            if frontier.root().hex() != anchor.root or chain.hex() != anchor.chain_head:
                return Finding("changed", self.last_anchor + 1, f"the events {self.last_anchor + 1} to {position} do"
                               " not match their signed checkpoint (the chain was rewritten)")  # fmt: skip
            self.last_anchor = position
        recorded = self.trail.recorded.get(position)
        if recorded is not None and not recorded.signed_by(self.trail.key):
            return Finding("bad signature", position, f"the checkpoint recorded here (of the first"
                           f" {recorded.tree_size} events) is not signed by the checkpoint key")  # fmt: skip
        return None

    def later(self, position: int) -> Iterator[ChainedRow]:
        while rows := self.trail.store.select_chained(position, BATCH):
            yield from rows
            position = rows[-1].position

    def fits(
        self, position: int, before: bytes | None, content: tuple[str, int, str, bytes], chain: bytes | None
    ) -> bool:
        """Whether this content is the genuine event at a position (by its exported leaf hash, else the chain)."""
        leaf = leaf_bytes(position, *content)
        wanted = self.digests.get(position)
        if wanted is not None:
            return leaf_hash(leaf) == wanted
        return before is not None and chain is not None and chain_next(before, leaf) == chain

    def classify(self, row: ChainedRow, previous: bytes) -> Finding:
        """How the row at the first bad position differs: a forged extra row, a moved row or ciphertext, or a change."""
        p, later = row.position, list(self.later(row.position))
        content = _content(row)
        for i, other in enumerate(later):
            if self.fits(p, previous, _content(other), other.chain):
                shifted = (
                    i == 0
                    and not self.fits(p + 1, other.chain, content, row.chain)
                    and (len(later) < 2 or self.fits(p + 1, other.chain, _content(later[1]), later[1].chain))
                )
                if shifted:
                    return Finding("inserted", p, "an event not in the chain was put here; the genuine ones follow it")
                return Finding("reordered", p, f"the event that belongs here is at position {other.position}")
        for other in later:
            if self.fits(p, previous, (*content[:3], other.state), row.chain):
                return Finding("reordered", p, f"the stored bytes that belong here sit at position {other.position}")
        return Finding("changed", p, "the stored event differs from what the chain recorded")


def _content(row: ChainedRow) -> tuple[str, int, str, bytes]:
    return row.originator_id, row.version, row.topic, row.state
