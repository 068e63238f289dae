"""What every chained event store shares: the row it reads back, and chaining a batch of new events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from integrity.hashing import GENESIS, chain_next, leaf_bytes


class ChainedRow(NamedTuple):
    """One stored event as the trail verifies it; ``chain`` is None for a row written before chaining began."""

    position: int
    originator_id: str
    version: int
    topic: str
    state: bytes
    chain: bytes | None


class ChainedStore(Protocol):
    """The reading side of a chained recorder."""

    def select_chained(self, after: int, limit: int, stop: int | None = None) -> list[ChainedRow]:
        """Rows after a position, in log order, at most ``limit``, none past ``stop``."""


def chain_batch(
    last_position: int, last_chain: bytes | None, stored_events: Sequence[StoredEvent]
) -> list[tuple[int, bytes]]:
    """Positions and chain values for new events appended after the last row (read under the writers' lock)."""
    previous, out = last_chain or GENESIS, []
    for offset, event in enumerate(stored_events, start=1):
        position = last_position + offset
        previous = chain_next(previous, leaf_bytes(position, event.originator_id, event.originator_version,
                                                   event.topic, event.state))  # fmt: skip
        out.append((position, previous))
    return out


def canonical_id(originator_id: UUID | str) -> str:
    """The aggregate id as the hashes spell it: the hyphenated lowercase UUID."""
    if isinstance(originator_id, UUID):
        return str(originator_id)
    h = originator_id.replace("-", "").lower()  # SQLite keeps the bare hex
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
