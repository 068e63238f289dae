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

from Crypto.Cipher import AES
from Crypto.Hash import SHA256
from Crypto.Protocol.KDF import HKDF

PREFIX = "sealed:"
FILE_MAGIC = b"assure-sealed:1\n"
_NONCE, _TAG = 12, 16


class Sealer:
    """Seals text for the views and bytes for files; opens what it sealed and passes anything else through."""

    def __init__(self, cipher_key: str | None = None) -> None:
        self._key: bytes | None = None
        if cipher_key:  # a key of its own, derived from the events' key, for what is sealed beside them
            self._key = bytes(HKDF(base64.b64decode(cipher_key), 32, b"", SHA256, context=b"assure: sealed at rest"))

    @property
    def active(self) -> bool:
        """Whether a key is set (otherwise sealing changes nothing)."""
        return self._key is not None

    def seal(self, text: Any) -> Any:
        """A text value sealed for a view's column; other values (None, numbers) as they are."""
        if self._key is None or not isinstance(text, str):
            return text
        return PREFIX + base64.b64encode(self._seal(text.encode(), b"view")).decode()

    def open(self, value: Any) -> Any:
        """The text a sealed value holds; a value that is not sealed, as it is."""
        if self._key is None or not isinstance(value, str) or not value.startswith(PREFIX):
            return value
        return self._open(base64.b64decode(value[len(PREFIX) :]), b"view").decode()

    def seal_bytes(self, data: bytes) -> bytes:
        """A file's content, sealed (unchanged without a key)."""
        return data if self._key is None else FILE_MAGIC + self._seal(data, b"file")

    def open_bytes(self, data: bytes) -> bytes:
        """A file's content, opened if it was sealed."""
        if self._key is None or not data.startswith(FILE_MAGIC):
            return data
        return self._open(data[len(FILE_MAGIC) :], b"file")

    def _seal(self, data: bytes, purpose: bytes) -> bytes:
        """AES-GCM: nonce, tag, ciphertext; ``purpose`` is authenticated, so a view's value cannot pass as a file."""
        assert self._key is not None
        nonce = os.urandom(_NONCE)
        cipher = AES.new(self._key, AES.MODE_GCM, nonce=nonce)
        cipher.update(purpose)
        ciphertext, tag = cipher.encrypt_and_digest(data)
        return nonce + tag + ciphertext

    def _open(self, sealed: bytes, purpose: bytes) -> bytes:
        assert self._key is not None
        cipher = AES.new(self._key, AES.MODE_GCM, nonce=sealed[:_NONCE])
        cipher.update(purpose)
        return cipher.decrypt_and_verify(sealed[_NONCE + _TAG :], sealed[_NONCE : _NONCE + _TAG])


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
