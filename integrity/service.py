"""Making checkpoints and running verifications for the CLI and the workers, on the application's own store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from application.app import AssureApplication
from application.errors import TrailDamaged
from application.principal import Principal
from application.settings import Settings
from domain.values import Role
from integrity.checkpoints import Checkpoint, export, exported, read_file
from integrity.keys import key_id, public_bytes, signing_key
from integrity.verify import Outcome, Trail, verify

CHECKPOINTER = Principal.for_system("checkpoint", Role.GOVERNANCE)


def recorded_checkpoints(app: AssureApplication) -> dict[int, Checkpoint]:
    """The checkpoints the log records, by the position of their event."""
    return {
        row["position"]: Checkpoint(
            row["tree_size"],
            row["root"],
            row["chain_head"],
            row["signed_at"],
            row["key_id"],
            row["signature"],
            event_position=row["position"],
        )
        for row in app.checkpoints()
    }


def open_trail(app: AssureApplication, settings: Settings, checkpoint_file: Path | None = None) -> Trail:
    """The trail as the settings give it: the store, the public key, the exported and recorded checkpoints."""
    files = exported(settings.checkpoint_export_path)
    if checkpoint_file is not None:
        files.append(read_file(checkpoint_file))
    store: Any = app.recorder
    return Trail(store, signing_key(settings).public_key(), files, recorded_checkpoints(app))


def run_verification(
    app: AssureApplication, settings: Settings, from_position: int = 1, checkpoint_file: Path | None = None
) -> Outcome:
    """Verify the trail (from the latest exported checkpoint before ``from_position``)."""
    return verify(open_trail(app, settings, checkpoint_file), from_position)


def make_checkpoint(app: AssureApplication, settings: Settings) -> Checkpoint | None:
    """Verify what is new since the last exported checkpoint, then sign, record and export a checkpoint of it.

    None when nothing is new. Raises TrailDamaged, signing nothing, when the new events do not verify."""
    trail = open_trail(app, settings)
    last = max((c for c in trail.files if c.start()), key=lambda c: c.tree_size, default=None)
    previous = last.tree_size if last else 0
    outcome = verify(trail, previous + 1, collect=True)
    if outcome.finding is not None:
        found = outcome.finding
        raise TrailDamaged(found.kind, found.position, found.detail)
    if outcome.checked_through <= previous:
        return None
    key = signing_key(settings)
    checkpoint = Checkpoint(
        tree_size=outcome.checked_through,
        root=outcome.frontier.root().hex(),
        chain_head=outcome.chain_head.hex(),
        signed_at=app.clock().isoformat(),
        key_id=key_id(key.public_key()),
        signature="",
        previous_size=previous,
        frontier=[h.hex() for h in outcome.frontier.nodes],
        public_key=public_bytes(key.public_key()).hex(),
    )
    checkpoint.signature = key.sign(checkpoint.message()).hex()
    receipt = app.record_checkpoint(CHECKPOINTER, checkpoint.tree_size, (checkpoint.root, checkpoint.chain_head),
                                    (checkpoint.signed_at, checkpoint.key_id, checkpoint.signature))  # fmt: skip
    checkpoint.event_position = receipt.position
    export(checkpoint, settings.checkpoint_export_path, b"".join(outcome.leaf_hashes or []))
    return checkpoint
