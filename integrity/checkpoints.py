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
    """A signed statement of the trail's first ``tree_size`` events; a file adds the leaf hashes it covers."""

    tree_size: int
    root: str
    chain_head: str
    signed_at: str
    key_id: str
    signature: str
    event_position: int | None = None  # where the log records it
    previous_size: int = 0  # leaf_hashes cover positions previous_size + 1 .. tree_size
    leaf_hashes: list[str] = field(default_factory=list)
    frontier: list[str] = field(default_factory=list)
    public_key: str = ""

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

    def digests(self) -> dict[int, bytes]:
        """Position -> leaf hash for the positions this file covers."""
        return {self.previous_size + i: bytes.fromhex(h) for i, h in enumerate(self.leaf_hashes, start=1)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Checkpoint:
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})


def export(checkpoint: Checkpoint, folder: Path) -> Path:
    """Write the checkpoint's file (atomically: a reader never sees half a file)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"checkpoint-{checkpoint.tree_size:012d}.json"
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(asdict(checkpoint), indent=1))
    os.replace(partial, path)
    return path


def read_file(path: Path) -> Checkpoint:
    """One exported checkpoint."""
    return Checkpoint.from_dict(json.loads(path.read_text()))


def exported(folder: Path) -> list[Checkpoint]:
    """Every exported checkpoint, smallest first."""
    if not folder.is_dir():
        return []
    return sorted((read_file(p) for p in folder.glob("checkpoint-*.json")), key=lambda c: c.tree_size)
