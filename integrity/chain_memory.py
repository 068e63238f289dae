"""The in-memory event store (unit tests) with the same hash chain, so the same trail code runs on every store."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory

from integrity.chain import ChainedRow, canonical_id, chain_batch


class ChainedPOPOApplicationRecorder(POPOApplicationRecorder):
    """Chain values kept beside the stored events, appended under the same lock."""

    def __init__(self) -> None:
        super().__init__()
        self._chains: list[bytes] = []

    def _update_table(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        last = self._chains[-1] if self._chains else None
        chained = chain_batch(len(self._stored_events), last, stored_events)
        positions = super()._update_table(stored_events, **kwargs)
        self._chains.extend(chain for _, chain in chained)
        return positions

    def select_chained(self, after: int, limit: int, stop: int | None = None) -> list[ChainedRow]:
        """Rows after a position, in log order."""
        with self._database_lock:
            end = min(len(self._stored_events), after + limit, stop if stop is not None else 2**62)
            return [
                ChainedRow(
                    i + 1, canonical_id(s.originator_id), s.originator_version, s.topic, s.state, self._chains[i]
                )
                for i, s in enumerate(self._stored_events[after:end], start=after)
            ]


class ChainedPOPOFactory(POPOFactory):
    """eventsourcing's in-memory factory with the chained application recorder."""

    def application_recorder(self) -> ApplicationRecorder:
        return ChainedPOPOApplicationRecorder()
