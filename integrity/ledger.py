"""The application's ``TrailLedger`` port on the chained store: RFC 6962 proofs against the recorded
checkpoints, and the last verification's outcome kept beside the views."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from application.app import AssureApplication
from application.ports import SideStore
from application.settings import Settings
from integrity.chain import ChainedStore
from integrity.checkpoints import exported
from integrity.hashing import consistency_path, inclusion_path, leaf_bytes, leaf_hash, merkle_root
from integrity.service import make_checkpoint, run_verification
from integrity.verify import Outcome

STATUS_DDL = [
    "CREATE TABLE IF NOT EXISTS integrity_status (name TEXT PRIMARY KEY, outcome TEXT NOT NULL,"
    " checked_at DOUBLE PRECISION NOT NULL)"
]


class Ledger:
    """Proofs take the leaf hashes from the exported checkpoints where they hold, else from the events; outcomes
    go to a one-row table."""

    def __init__(self, app: AssureApplication, store: SideStore, settings: Settings) -> None:
        self.app, self.store, self.settings = app, store, settings
        self.export_path: Path | None = settings.checkpoint_export_path

    def checkpoint_if_due(self) -> dict[str, Any] | None:
        """A checkpoint when N events or M minutes have passed since the last exported one (None when not)."""
        files = exported(self.settings.checkpoint_export_path)
        last, head = (files[-1] if files else None), self.app.max_position()
        if last is None:
            return self._checkpoint() if head else None
        if head <= (last.event_position or last.tree_size):
            return None  # nothing new but the last checkpoint's own event
        minutes = (self.app.clock() - datetime.fromisoformat(last.signed_at)).total_seconds() / 60
        due = head - last.tree_size >= self.settings.checkpoint_every_events
        return self._checkpoint() if due or minutes >= self.settings.checkpoint_every_minutes else None

    def _checkpoint(self) -> dict[str, Any] | None:
        made = make_checkpoint(self.app, self.settings)
        return {k: v for k, v in asdict(made).items() if k != "path"} if made else None

    def verify_incrementally(self) -> dict[str, Any]:
        """Verify from the last checkpoint a clean run reached (from the start after a failure); keep the outcome."""
        last = self.last_verification()
        start = last.get("clean_checkpoint", 0) + 1 if last and last.get("ok") else 1
        outcome = run_verification(self.app, self.settings, start)
        sizes = [c.tree_size for c in exported(self.settings.checkpoint_export_path)]
        clean = max((s for s in sizes if s <= outcome.checked_through), default=0) if outcome.ok else 0
        return self.record(outcome, clean_checkpoint=clean)

    def _leaves(self, checkpoint: dict[str, Any]) -> list[bytes]:
        size, hashes = checkpoint["tree_size"], self._exported_leaves(checkpoint["tree_size"])
        if merkle_root(hashes[:size]) == bytes.fromhex(checkpoint["root"]) and len(hashes) >= size:
            return hashes[:size]
        hashes, store = [], cast(ChainedStore, self.app.recorder)  # the export is missing or damaged
        while len(hashes) < size and (rows := store.select_chained(len(hashes), 5000, size)):
            hashes += [leaf_hash(leaf_bytes(r.position, r.originator_id, r.version, r.topic, r.state)) for r in rows]
        return hashes

    def _exported_leaves(self, size: int) -> list[bytes]:
        hashes: list[bytes] = []
        for checkpoint in exported(self.export_path) if self.export_path else []:
            data = checkpoint.leaves()
            if checkpoint.previous_size != len(hashes) or len(data) != 32 * (checkpoint.tree_size - len(hashes)):
                break
            hashes += [data[i : i + 32] for i in range(0, len(data), 32)]
            if len(hashes) >= size:
                break
        return hashes

    def inclusion_proof(self, position: int) -> dict[str, Any] | None:
        checkpoints = [c for c in self.app.checkpoints() if c["tree_size"] >= position]
        if not checkpoints:
            return None
        checkpoint = checkpoints[-1]
        hashes = self._leaves(checkpoint)
        row = cast(ChainedStore, self.app.recorder).select_chained(position - 1, 1)[0]
        leaf = leaf_bytes(row.position, row.originator_id, row.version, row.topic, row.state)
        return {"position": position, "leaf_index": position - 1, "tree_size": checkpoint["tree_size"],
                "leaf": leaf.hex(), "leaf_hash": hashes[position - 1].hex(),
                "audit_path": [h.hex() for h in inclusion_path(position - 1, hashes)],
                "checkpoint": checkpoint}  # fmt: skip

    def consistency_proof(self, first: int, second: int) -> dict[str, Any] | None:
        by_size = {c["tree_size"]: c for c in self.app.checkpoints()}
        if first not in by_size or second not in by_size:
            return None
        hashes = self._leaves(by_size[second])
        return {"first": by_size[first], "second": by_size[second],
                "consistency_path": [h.hex() for h in consistency_path(first, hashes)]}  # fmt: skip

    def record(self, outcome: Outcome, **extra: Any) -> dict[str, Any]:
        """Keep a verification's outcome for /readyz."""
        summary = outcome.summary() | extra | {"checked_at": time.time()}
        with self.store.transaction() as tx:
            tx.execute("INSERT INTO integrity_status (name, outcome, checked_at) VALUES ('trail', ?, ?)"
                       " ON CONFLICT (name) DO UPDATE SET outcome = excluded.outcome, checked_at = excluded.checked_at",
                       (json.dumps(summary), summary["checked_at"]))  # fmt: skip
        return summary

    def last_verification(self) -> dict[str, Any] | None:
        rows = self.store.query("SELECT outcome FROM integrity_status WHERE name = 'trail'")
        return json.loads(rows[0]["outcome"]) if rows else None
