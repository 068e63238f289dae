"""docs/integrity.md's own 30-line check, run as written against a real store and its exported checkpoint (R-30):
the documented hashing is the hashing assure does."""

from __future__ import annotations

import re
import sqlite3
import uuid
from pathlib import Path

import pytest

from cli.system import build_application
from integrity.service import make_checkpoint
from tests.builders import Partnership
from tests.conftest import TestClock, settings_for

DOC = Path(__file__).resolve().parents[2] / "docs" / "integrity.md"


def documented_check():
    code = re.search(r"## Checking it yourself.*?```python\n(.*?)```", DOC.read_text(), re.S).group(1)
    assert len([line for line in code.splitlines() if line.strip()]) <= 30
    namespace: dict = {}
    exec(compile(code, str(DOC), "exec"), namespace)
    return namespace["check"]


def test_the_documented_check_verifies_a_real_store_and_refuses_a_changed_one_r30(tmp_path: Path) -> None:
    settings = settings_for("sqlite", tmp_path)
    app = build_application(settings, clock=TestClock())
    Partnership.register(app, TestClock()).in_fieldwork()
    cp = make_checkpoint(app, settings)
    app.close()
    with sqlite3.connect(settings.sqlite_path) as conn:
        found = conn.execute("SELECT rowid, originator_id, originator_version, topic, state, chain FROM stored_events"
                             " ORDER BY rowid").fetchall()  # fmt: skip
    rows = [(p, str(uuid.UUID(i)), v, t, bytes(s), bytes(c)) for p, i, v, t, s, c in found]
    check = documented_check()
    check(rows, cp.tree_size, cp.root, cp.chain_head, cp.signed_at, cp.signature, cp.public_key)
    changed = [*rows[:5], (*rows[5][:4], rows[5][4] + b" ", rows[5][5]), *rows[6:]]
    with pytest.raises(AssertionError, match="chain broken at 6"):
        check(changed, cp.tree_size, cp.root, cp.chain_head, cp.signed_at, cp.signature, cp.public_key)
