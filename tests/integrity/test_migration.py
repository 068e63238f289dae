"""A store written before chaining is chained once when its tables are next created (``assure schema``), and then
verifies (R-30)."""

from __future__ import annotations

from pathlib import Path

import pytest

from application.app import AssureApplication
from cli.system import build_application
from integrity.service import make_checkpoint, run_verification
from tests.builders import Partnership
from tests.conftest import TestClock, drop_pg_schema, settings_for


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_a_store_from_before_chaining_is_chained_and_verifies_r30(store: str, tmp_path: Path) -> None:
    settings = settings_for(store, tmp_path)
    try:
        plain = {"sqlite": "eventsourcing.sqlite", "postgres": "eventsourcing.postgres"}[store]
        old = AssureApplication(env=settings.eventsourcing_env() | {"PERSISTENCE_MODULE": plain}, clock=TestClock())
        lscp = Partnership.register(old, TestClock())
        old.close()
        app = build_application(settings, clock=TestClock())
        assert make_checkpoint(app, settings) is not None
        assert run_verification(app, settings).ok
        assert app.person(lscp.pid("governance")).name
        app.close()
    finally:
        if store == "postgres":
            drop_pg_schema(settings.postgres_schema)
