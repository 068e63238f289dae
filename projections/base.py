"""A projection: one read model's tables and its handlers, named ``<aggregate>_<event>``."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from typing import Any, ClassVar

from application.events import PublicEvent
from projections.store import Tx

_WORD = re.compile(r"(?<!^)(?=[A-Z])")


def snake(name: str) -> str:
    """CaseSampled -> case_sampled."""
    return _WORD.sub("_", name).lower()


@functools.cache
def handler_name(aggregate_type: str, event_type: str) -> str:
    """The handler for an event: ``<aggregate>_<event>``, the aggregate named once (worked out once per type)."""
    aggregate, event = snake(aggregate_type), snake(event_type)
    if event.startswith(aggregate + "_"):
        return event
    return f"{aggregate}_{event}"


def dumps(value: Any) -> str:
    """JSON for a TEXT column, stable across runs."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def update_row(tx: Tx, table: str, key_column: str, key: str, values: dict[str, Any]) -> None:
    """Set some columns of one row of a view."""
    assignments = ", ".join(f"{column} = ?" for column in values)
    tx.execute(f"UPDATE {table} SET {assignments} WHERE {key_column} = ?", (*values.values(), key))


class Projection:
    """A read model; subclasses give ``name``, ``ddl``, ``tables`` and handlers."""

    name: ClassVar[str]
    ddl: ClassVar[list[str]]
    tables: ClassVar[list[str]]

    def apply_all(self, tx: Tx, events: Sequence[PublicEvent]) -> None:
        """Apply a batch in order; a view may override this to write its rows in bulk."""
        for event in events:
            self.apply(tx, event)

    def quarantined(self, tx: Tx, position: int) -> None:
        """Mark a position this view passed over because its event could not be read or applied (most views:
        nothing to mark)."""

    def retry(self, tx: Tx, event: PublicEvent) -> None:
        """Apply an event this view passed over before (``assure quarantine retry``), now that it can: the same way
        the view applies a batch, so a view that writes batches in bulk has one way to apply each event."""
        self.apply_all(tx, [event])

    def apply(self, tx: Tx, event: PublicEvent) -> None:
        """Apply one event, if this view cares about it."""
        handler = getattr(self, handler_name(event.aggregate_type, event.type), None)
        if handler is not None:
            handler(tx, event)
