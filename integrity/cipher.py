"""AES-GCM bound to the event's place: the aggregate id, the version and the topic are associated data, so a
ciphertext copied onto another row fails to decrypt (R-30)."""

from __future__ import annotations

import os
from base64 import b64decode
from dataclasses import replace
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.cipher import AESCipher
from eventsourcing.persistence import Cipher, Compressor, Mapper, MapperDeserialisationError, StoredEvent, Transcoder
from eventsourcing.utils import Environment

MAGIC = b"AGB1"  # marks a ciphertext bound to its place; rows from before binding have none (see docs/integrity.md)


class CiphertextMisplaced(MapperDeserialisationError):
    """The stored bytes do not decrypt for this aggregate, version and topic: moved, altered or forged."""


def associated_data(originator_id: UUID | str, version: int, topic: str) -> bytes:
    """What binds a ciphertext to its row."""
    return f"{UUID(str(originator_id))}\n{version}\n{topic}".encode()


class BoundCipher(Cipher):
    """AES-GCM (96-bit random nonce); ``seal``/``open`` take the associated data."""

    def __init__(self, environment: Environment) -> None:
        key = b64decode((environment.get(AESCipher.CIPHER_KEY) or "").encode())
        AESCipher.check_key_size(len(key))
        self.aead = AESGCM(key)

    def seal(self, plaintext: bytes, data: bytes) -> bytes:
        nonce = os.urandom(12)
        return MAGIC + nonce + self.aead.encrypt(nonce, plaintext, data)

    def open(self, ciphertext: bytes, data: bytes) -> bytes:
        if ciphertext[:4] == MAGIC:
            return self.aead.decrypt(ciphertext[4:16], ciphertext[16:], data)
        nonce, tag, body = ciphertext[:12], ciphertext[12:28], ciphertext[28:]  # eventsourcing's AESCipher layout
        return self.aead.decrypt(nonce, body + tag, None)

    def encrypt(self, plaintext: bytes) -> bytes:
        return self.seal(plaintext, b"")

    def decrypt(self, ciphertext: bytes) -> bytes:
        return self.open(ciphertext, b"")


class BoundMapper(Mapper[UUID]):
    """eventsourcing's mapper, with the cipher given each event's place."""

    def __init__(self, transcoder: Transcoder, compressor: Compressor | None = None, cipher: Cipher | None = None):
        super().__init__(transcoder, compressor=compressor, cipher=cipher)
        self.plain: Mapper[UUID] = Mapper(transcoder, compressor=compressor)

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        if not isinstance(self.cipher, BoundCipher):
            return super().to_stored_event(domain_event)
        stored = self.plain.to_stored_event(domain_event)
        data = associated_data(stored.originator_id, stored.originator_version, stored.topic)
        return replace(stored, state=self.cipher.seal(stored.state, data))

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        if not isinstance(self.cipher, BoundCipher):
            return super().to_domain_event(stored_event)
        data = associated_data(stored_event.originator_id, stored_event.originator_version, stored_event.topic)
        try:
            state = self.cipher.open(stored_event.state, data)
        except (InvalidTag, ValueError) as error:
            raise CiphertextMisplaced(
                f"the stored bytes of {stored_event.topic.rpartition('.')[2]} version"
                f" {stored_event.originator_version} of {stored_event.originator_id} do not decrypt in that place:"
                f" moved from another row, altered or forged ({type(error).__name__})"
            ) from None
        return self.plain.to_domain_event(replace(stored_event, state=state))
