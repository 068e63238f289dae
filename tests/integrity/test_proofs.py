"""Proofs of the trail (R-30), checked by an RFC 6962 / RFC 9162 verifier written here from the RFC, importing
nothing from assure; signatures checked with the `cryptography` package against the key file."""

from __future__ import annotations

import hashlib
import struct
from base64 import b64decode

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from application.app import AssureApplication
from application.settings import Settings
from domain.errors import NotReady
from integrity.service import make_checkpoint
from projections.runner import ProjectionRunner
from tests.builders import Partnership


def h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def inclusion_holds(index: int, size: int, leaf_hash: bytes, path: list[bytes], root: bytes) -> bool:
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = h(b"\x01" + p + r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = h(b"\x01" + r + p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def consistency_holds(first: int, second: int, first_root: bytes, second_root: bytes, path: list[bytes]) -> bool:
    """RFC 9162 section 2.1.4.2."""
    if first == second:
        return not path and first_root == second_root
    if not path:
        return False
    if first & (first - 1) == 0:
        path = [first_root, *path]
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = h(b"\x01" + c + fr), h(b"\x01" + c + sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = h(b"\x01" + sr + c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root


def signature_holds(settings: Settings, checkpoint: dict) -> bool:
    key = Ed25519PrivateKey.from_private_bytes(b64decode(settings.checkpoint_key_path.read_text())).public_key()
    message = (f"assure-checkpoint-v1\n{checkpoint['tree_size']}\n{checkpoint['root']}\n{checkpoint['chain_head']}\n"
               f"{checkpoint['signed_at']}\n").encode()  # fmt: skip
    try:
        key.verify(bytes.fromhex(checkpoint["signature"]), message)
    except Exception:
        return False
    return True


def check_inclusion(proof: dict) -> bool:
    leaf = bytes.fromhex(proof["leaf"])
    (position,) = struct.unpack(">Q", leaf[:8])  # the leaf begins with the event's position
    return position == proof["position"] and inclusion_holds(
        proof["leaf_index"], proof["tree_size"], h(b"\x00" + leaf), [bytes.fromhex(p) for p in proof["audit_path"]],
        bytes.fromhex(proof["checkpoint"]["root"]),
    )  # fmt: skip


@pytest.fixture
def two_checkpoints(app: AssureApplication, runner: ProjectionRunner, store_settings: Settings, clock) -> tuple:
    lscp = Partnership.register(app, clock)
    first = make_checkpoint(app, store_settings)
    lscp.commissioned()
    second = make_checkpoint(app, store_settings)
    assert first and second
    return lscp, first.tree_size, second.tree_size


def test_every_event_has_an_inclusion_proof_an_inspector_can_check_offline_r30(
    app: AssureApplication, two_checkpoints: tuple, store_settings: Settings
) -> None:
    lscp, first, second = two_checkpoints
    for position in sorted({1, 2, first // 2, first, first + 1, second - 1, second}):
        proof = app.trail_proof(lscp.governance, position)
        assert proof["tree_size"] == second and signature_holds(store_settings, proof["checkpoint"])
        assert check_inclusion(proof), position
    forged = app.trail_proof(lscp.governance, 3) | {"leaf_index": 4}
    assert not check_inclusion(forged)  # the verifier can fail


def test_a_later_checkpoint_is_proved_consistent_with_an_earlier_one_r30(
    app: AssureApplication, two_checkpoints: tuple
) -> None:
    lscp, first, second = two_checkpoints
    proof = app.trail_consistency(lscp.governance, first, second)
    path = [bytes.fromhex(p) for p in proof["consistency_path"]]
    roots = bytes.fromhex(proof["first"]["root"]), bytes.fromhex(proof["second"]["root"])
    assert consistency_holds(first, second, *roots, path)
    assert not consistency_holds(first, second, roots[1], roots[0], path)


def test_no_proof_before_a_checkpoint_covers_the_event_r30(app: AssureApplication, runner: ProjectionRunner,
                                                           clock) -> None:  # fmt: skip
    lscp = Partnership.register(app, clock)
    with pytest.raises(NotReady, match="no checkpoint covers"):
        app.trail_proof(lscp.governance, 1)


def test_proofs_hold_for_every_tree_shape_up_to_forty_leaves_r30() -> None:
    from integrity.hashing import consistency_path, inclusion_path, merkle_root

    leaves = [h(b"\x00" + bytes([i])) for i in range(40)]
    for n in range(1, 41):
        root = merkle_root(leaves[:n])
        for m in range(n):
            assert inclusion_holds(m, n, leaves[m], inclusion_path(m, leaves[:n]), root), (m, n)
        for m in range(1, n):
            assert consistency_holds(m, n, merkle_root(leaves[:m]), root, consistency_path(m, leaves[:n])), (m, n)
    assert merkle_root([]) == h(b"")  # RFC 6962: the empty tree's hash
