"""Signed checkpoints: the message that is signed, and the files exported outside the database."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from integrity.hashing import Frontier
from integrity.keys import signature_holds


@dataclass
class Checkpoint:
    """A signed statement of the trail's first ``tree_size`` events; an exported one has the leaf hashes it adds
    beside it (``checkpoint-<size>.leaves``: 32 bytes per position, previous_size + 1 .. tree_size)."""

    tree_size: int
    root: str
    chain_head: str
    signed_at: str
    key_id: str
    signature: str
    event_position: int | None = None  # where the log records it
    previous_size: int = 0
    frontier: list[str] = field(default_factory=list)
    public_key: str = ""
    path: Path | None = field(default=None, compare=False)  # where it was read from; not exported

    def message(self) -> bytes:
        """The exact bytes signed (docs/integrity.md)."""
        return f"assure-checkpoint-v1\n{self.tree_size}\n{self.root}\n{self.chain_head}\n{self.signed_at}\n".encode()

    def signed_by(self, key: Ed25519PublicKey) -> bool:
        """Whether the signature holds for this key."""
        return signature_holds(key, self.signature, self.message())

    def start(self) -> Frontier | None:
        """The tree's right edge as exported, if it folds to the signed root (so it is as trustworthy as the root)."""
        frontier = Frontier(self.tree_size, [bytes.fromhex(h) for h in self.frontier])
        return frontier if self.frontier and frontier.root().hex() == self.root else None

    def leaves(self) -> bytes:
        """The exported leaf hashes of positions previous_size + 1 .. tree_size (empty when there are none)."""
        sidecar = self.path.with_suffix(".leaves") if self.path else None
        return sidecar.read_bytes() if sidecar and sidecar.exists() else b""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Checkpoint:
        names = set(cls.__dataclass_fields__) - {"path"}
        return cls(**{k: v for k, v in data.items() if k in names})


def export(checkpoint: Checkpoint, folder: Path, leaves: bytes) -> Path:
    """Write the leaf hashes, then the checkpoint's file (each atomically: a reader never sees half a file)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"checkpoint-{checkpoint.tree_size:012d}.json"
    data = {k: v for k, v in asdict(checkpoint).items() if k != "path"}
    for target, content in ((path.with_suffix(".leaves"), leaves), (path, json.dumps(data, indent=1).encode())):
        partial = target.with_suffix(target.suffix + ".partial")
        partial.write_bytes(content)
        os.replace(partial, target)
    checkpoint.path = path
    return path


def read_file(path: Path) -> Checkpoint:
    """One exported checkpoint."""
    checkpoint = Checkpoint.from_dict(json.loads(path.read_text()))
    checkpoint.path = path
    return checkpoint


def exported(folder: Path) -> list[Checkpoint]:
    """Every exported checkpoint, smallest first."""
    if not folder.is_dir():
        return []
    return sorted((read_file(p) for p in folder.glob("checkpoint-*.json")), key=lambda c: c.tree_size)
