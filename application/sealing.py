"""Personal data and case content at rest outside the event store (R-26): sealed with the service's key.

The events are encrypted by eventsourcing's cipher; what the service writes beside them (views, the file mail
sink) is sealed here, with AES-GCM under a key derived from the same ``ASSURE_CIPHER_KEY``. Without a key
nothing is sealed. Files and folders the service creates are readable by its own user only.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "sealed:"
FILE_MAGIC = b"assure-sealed:1\n"
_NONCE = 12


class Sealer:
    """Seals text for the views and bytes for files; opens what it sealed and passes anything else through."""

    def __init__(self, cipher_key: str | None = None) -> None:
        self._aead: AESGCM | None = None
        if cipher_key:  # a key of its own, derived from the events' key, for what is sealed beside them
            derive = HKDF(hashes.SHA256(), 32, salt=None, info=b"assure: sealed at rest")
            self._aead = AESGCM(derive.derive(base64.b64decode(cipher_key)))

    @property
    def active(self) -> bool:
        """Whether a key is set (otherwise sealing changes nothing)."""
        return self._aead is not None

    def seal(self, text: Any) -> Any:
        """A text value sealed for a view's column; other values (None, numbers) as they are."""
        if self._aead is None or not isinstance(text, str):
            return text
        return PREFIX + base64.b64encode(self._seal(text.encode(), b"view")).decode()

    def open(self, value: Any) -> Any:
        """The text a sealed value holds; a value that is not sealed, as it is."""
        if self._aead is None or not isinstance(value, str) or not value.startswith(PREFIX):
            return value
        return self._open(base64.b64decode(value[len(PREFIX) :]), b"view").decode()

    def seal_bytes(self, data: bytes) -> bytes:
        """A file's content, sealed (unchanged without a key)."""
        return data if self._aead is None else FILE_MAGIC + self._seal(data, b"file")

    def open_bytes(self, data: bytes) -> bytes:
        """A file's content, opened if it was sealed."""
        if self._aead is None or not data.startswith(FILE_MAGIC):
            return data
        return self._open(data[len(FILE_MAGIC) :], b"file")

    def _seal(self, data: bytes, purpose: bytes) -> bytes:
        """AES-GCM: nonce then ciphertext and tag; ``purpose`` is authenticated, so a view's value is no file."""
        assert self._aead is not None
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, data, purpose)

    def _open(self, sealed: bytes, purpose: bytes) -> bytes:
        assert self._aead is not None
        return self._aead.decrypt(sealed[:_NONCE], sealed[_NONCE:], purpose)


def private_dir(path: Path) -> Path:
    """Create a folder (and its parents) that only the service's user can enter; existing folders are left."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    for created in missing:
        created.chmod(0o700)
    return path


def private_file(path: Path) -> Path:
    """Make sure a file exists and only the service's user can read it, before anything is written to it."""
    private_dir(path.parent)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    path.chmod(0o600)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write a new file readable by the service's user only."""
    private_dir(path.parent)
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
