"""Proofs of the trail over HTTP (R-30): governance reads an event's inclusion proof and the checkpoints."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from integrity.service import make_checkpoint
from tests.api.conftest import Http, open_http
from tests.conftest import settings_for


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Http, object]]:
    settings = settings_for("sqlite", tmp_path)
    for http in open_http(settings):
        yield http, settings


def test_governance_reads_an_inclusion_proof_and_the_checkpoints_over_http_r30(served) -> None:
    http, settings = served
    assert http.get("governance", "/trail/1/proof").json()["error"] == "not_ready"  # no checkpoint yet
    application = http.client.app.state.application
    first = make_checkpoint(application, settings)
    proof = http.ok(http.get("governance", "/trail/2/proof"))
    assert proof["tree_size"] == first.tree_size and proof["checkpoint"]["signature"] == first.signature
    assert proof["audit_path"] and proof["leaf"]
    checkpoints = http.ok(http.get("governance", "/checkpoints"))
    assert [c["tree_size"] for c in checkpoints] == [first.tree_size]
    consistency = http.ok(http.get("governance", "/checkpoints/consistency", first=first.tree_size,
                                   second=first.tree_size))  # fmt: skip
    assert consistency["consistency_path"] == []
    assert http.get("governance", "/checkpoints/consistency", first=1, second=first.tree_size).status_code == 404
    assert http.get("governance", "/checkpoints/consistency", first=5, second=2).status_code == 422
    assert http.get("governance", "/trail/99999/proof").status_code == 404
    assert http.get("pol_auditor", "/trail/2/proof").status_code == 403
    assert http.get("governance", "/trail/0/proof").status_code == 422
