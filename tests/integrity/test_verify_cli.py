"""``assure verify`` and ``assure checkpoint`` end to end, in an empty directory on SQLite (R-30)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.test_cli import run


def test_verify_passes_a_clean_trail_and_names_the_first_changed_position_r30(tmp_path: Path) -> None:
    assert run(["demo"], tmp_path).returncode == 0
    made = run(["checkpoint"], tmp_path)
    assert made.returncode == 0 and "checkpoint of the first" in made.stdout, made.stderr
    assert (tmp_path / "var" / "checkpoint.key").stat().st_mode & 0o077 == 0  # the key is its owner's alone
    clean = run(["verify"], tmp_path)
    assert clean.returncode == 0 and "against 1 signed checkpoints" in clean.stdout, clean.stderr
    with sqlite3.connect(tmp_path / "var" / "assure.sqlite") as conn:
        conn.execute("UPDATE stored_events SET state = CAST(replace(CAST(state AS TEXT), 'a', 'e') AS BLOB)"
                     " WHERE rowid = 42")  # fmt: skip
    tampered = run(["verify"], tmp_path)
    assert tampered.returncode == 2 and "FAILED: changed at position 42" in tampered.stderr
    # a checkpoint extends the last signed tree, so it still commits to the genuine event 42, not the altered one
    assert run(["checkpoint"], tmp_path).returncode == 0
    assert "FAILED: changed at position 42" in run(["verify"], tmp_path).stderr
    files = sorted((tmp_path / "var" / "checkpoints").glob("checkpoint-*.json"))
    from_file = run(["verify", "--checkpoint", str(files[0]), "--from", "1"], tmp_path)
    assert from_file.returncode == 2 and "position 42" in from_file.stderr


def test_verify_refuses_bad_arguments_with_one_line_r30(tmp_path: Path) -> None:
    for args in (["verify", "--from", "0"], ["verify", "--checkpoint", str(tmp_path / "none.json")]):
        result = run(args, tmp_path)
        assert result.returncode == 1 and result.stderr.startswith("error:") and "Traceback" not in result.stderr
