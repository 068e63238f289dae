"""The Ed25519 key that signs checkpoints: held outside the database, in a secret or a key file."""

from __future__ import annotations

import hashlib
import os
from base64 import b64decode, b64encode

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from application.settings import Settings


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The configured key; without a secret, the key file (created on first use, readable by its owner only)."""
    if settings.checkpoint_key is not None:
        return Ed25519PrivateKey.from_private_bytes(b64decode(settings.checkpoint_key.get_secret_value()))
    path = settings.checkpoint_key_path
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(b64encode(os.urandom(32)).decode() + "\n")
    return Ed25519PrivateKey.from_private_bytes(b64decode(path.read_text().strip()))


def public_bytes(key: Ed25519PublicKey) -> bytes:
    """The raw 32-byte public key."""
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    """A short name for a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_bytes(key)).hexdigest()[:16]


def signature_holds(key: Ed25519PublicKey, signature_hex: str, message: bytes) -> bool:
    """Whether the signature is this key's over the message."""
    try:
        key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True
