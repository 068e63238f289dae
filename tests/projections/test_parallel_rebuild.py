"""#19: a rebuild spread over processes, or with the views applied side by side in threads, gives the same views as
one in order, unreadable events included."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from application.quarantine import Quarantine
from application.settings import Settings
from cli.main import main
from cli.rebuild import rebuild_in_parallel
from cli.system import System, build_system
from demo.partnership import Partnership
from domain.errors import InvalidValue
from projections import runner as runner_module
from projections.runner import make_projections
from tests.conftest import TestClock, drop_pg_schema, settings_for
from tests.projections.test_quarantine import write_undecodable_event
from tests.projections.test_rebuild import snapshot


@pytest.fixture
def logged(tmp_path: Path) -> Iterator[tuple[Settings, System]]:
    """On PostgreSQL: a partnership's audit through to dissemination, an undecodable event, and more after it."""
    settings = settings_for("postgres", tmp_path)
    try:
        system = build_system(settings, clock=TestClock())
        lscp = Partnership.register(system.app, system.app.clock)  # type: ignore[arg-type]
        lscp.in_dissemination()
        write_undecodable_event(settings)
        system.app.register_agency(lscp.admin, "NEW", "New Agency", "other")
        system.app.register_person(lscp.admin, "Nia New", "nia@new.example", "NEW", ["auditor"])
        yield settings, system
        system.close()
    finally:
        drop_pg_schema(settings.postgres_schema)


def test_a_rebuild_in_three_processes_equals_one_in_order_r24(logged: tuple[Settings, System]) -> None:
    settings, system = logged
    system.runner.rebuild()
    in_order = snapshot(system.view_store)
    positions = system.view_store.positions()
    head = rebuild_in_parallel(settings, None, jobs=3)
    assert head == system.app.max_position()
    assert system.view_store.positions() == positions
    assert snapshot(system.view_store) == in_order  # the trail's placeholder for the bad event included
    placeholders = system.view_store.query("SELECT position FROM view_trail WHERE event_type = 'Unreadable'")
    assert len(placeholders) == 1
    rebuild_in_parallel(settings, ["trail"], jobs=2)  # the trail alone, by two ranges
    assert snapshot(system.view_store) == in_order


def test_a_rebuild_in_processes_needs_postgresql_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = settings_for("sqlite", tmp_path)
    with pytest.raises(InvalidValue, match="PostgreSQL"):
        rebuild_in_parallel(settings, None, jobs=2)
    assert [p.name for p in make_projections(["trail"])] == ["trail"]
    assert main(["projections", "rebuild", "--jobs", "2"]) == 1  # the CLI: one line, exit 1
    assert "PostgreSQL" in capsys.readouterr().err


def test_views_applied_side_by_side_equal_views_applied_in_turn_r24(
    logged: tuple[Settings, System], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backlog is applied by the views side by side on PostgreSQL, in transactions of several read batches: the
    same rows as one view after another, a bad event and a view that cannot apply one event quarantined alike."""
    from projections.actions import ConcernsView

    _, system = logged

    def broken(self: object, tx: object, event: object) -> None:
        raise ValueError("a bug in the concerns view")

    monkeypatch.setattr(ConcernsView, "concern_raised", broken)
    runner = system.runner
    runner.batch_size = 7  # many read batches, joined into transactions of up to 20 events
    monkeypatch.setattr(runner_module, "APPLY_AT_MOST", 20)
    pools: list[object] = []
    apply_batch = runner_module.apply_batch

    def spied(*args: object, **kwargs: object) -> int:
        pools.append(args[5] if len(args) > 5 else kwargs.get("pool"))
        return apply_batch(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(runner_module, "apply_batch", spied)
    monkeypatch.setattr(runner_module, "SIDE_BY_SIDE_FROM", 10**9)
    runner.rebuild()
    in_turn, positions = snapshot(system.view_store), system.view_store.positions()
    quarantined = {(e["consumer"], e["position"]) for e in Quarantine(system.side_store).entries()}
    assert pools and not any(pools)
    assert ("view:concerns", system.app.max_position()) not in quarantined
    assert any(consumer == "view:concerns" for consumer, _ in quarantined)  # the view that cannot apply one

    pools.clear()
    monkeypatch.setattr(runner_module, "SIDE_BY_SIDE_FROM", 1)
    runner.rebuild()
    assert pools and all(pools)  # every batch went to the views' pool
    assert snapshot(system.view_store) == in_turn
    assert system.view_store.positions() == positions
    assert {(e["consumer"], e["position"]) for e in Quarantine(system.side_store).entries()} == quarantined
