"""Views built event by event equal a rebuild from zero, for generated sequences of commands (hypothesis)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.system import VIEW_DDL, build_application, open_view_store
from domain.errors import DomainError
from projections.runner import ProjectionRunner, make_projections
from projections.store import ViewStore
from tests.builders import ANSWERS, SECTIONS, Partnership
from tests.conftest import TestClock, drop_pg_schema, settings_for

AUDITORS = st.sampled_from(["csc_auditor", "pol_auditor"])
CASES = st.sampled_from(["DA-01", "DA-02"])
RATINGS = st.sampled_from(["Outstanding", "Good", "Requires improvement", "Inadequate"])
STEP = st.one_of(
    st.tuples(st.just("save"), AUDITORS, CASES, RATINGS),
    st.tuples(st.just("submit"), AUDITORS, CASES),
    st.tuples(st.just("advance")),
    st.tuples(st.just("revise"), CASES, st.sampled_from(["CSC", "POL"]), RATINGS),
    st.tuples(st.just("reopen"), CASES, st.sampled_from(["CSC", "POL"])),
    st.tuples(st.just("concern"), CASES),
    st.tuples(st.just("action")),
    st.tuples(st.just("progress"), st.sampled_from(["note", "block", "unblock", "complete", "move"])),
)


def snapshot(store: ViewStore) -> dict[str, list[str]]:
    """Every row of every view table, in a stable order."""
    tables = [t for p in make_projections() for t in p.tables]
    return {t: sorted(repr(sorted(row.items())) for row in store.query(f"SELECT * FROM {t}")) for t in tables}


class Driver:
    """Applies generated steps through the application; refused steps leave no event and are skipped."""

    def __init__(self, lscp: Partnership, clock: TestClock) -> None:
        self.lscp, self.app, self.clock = lscp, lscp.app, clock
        self.audit_id = lscp.in_fieldwork()
        self.actions: list[Any] = []
        self.stage = 0

    def do(self, step: tuple[Any, ...]) -> None:
        self.clock.advance(days=1)
        with contextlib.suppress(DomainError):  # a refused step leaves no event: carry on
            getattr(self, f"step_{step[0]}")(*step[1:])

    def step_save(self, auditor: str, case: str, rating: str) -> None:
        answers = {"Q1": {"rating": rating, "commentary": "seen"}}
        if auditor == "pol_auditor":
            answers["Q2"] = ANSWERS["Q1"]
        self.app.save_return_draft(self.lscp.people[auditor], self.audit_id, case, answers=answers, sections=SECTIONS,
                                   child_voice_evident=rating != "Inadequate")  # fmt: skip

    def step_submit(self, auditor: str, case: str) -> None:
        self.app.submit_return(self.lscp.people[auditor], self.audit_id, case)

    def step_advance(self) -> None:
        chair, audit_id = self.lscp.chair, self.audit_id
        steps: list[Callable[[], object]] = [
            lambda: self.app.close_fieldwork(chair, audit_id, reason="generated"),
            lambda: self.app.hold_moderation_meeting(chair, audit_id, date(2024, 3, 8), ["Chair"]),
            lambda: self.app.agree_finding(chair, audit_id, "theme", "generated finding"),
            lambda: self.app.complete_moderation(chair, audit_id),
            lambda: self.app.make_recommendation(chair, audit_id, "generated recommendation"),
        ]
        if self.stage < len(steps):
            steps[self.stage]()
            self.stage += 1

    def step_revise(self, case: str, agency: str, rating: str) -> None:
        self.app.revise_rating(self.lscp.chair, self.audit_id, case, agency, "Q1", rating, "moderation")

    def step_reopen(self, case: str, agency: str) -> None:
        self.app.reopen_return(self.lscp.chair, self.audit_id, case, agency, "correction")

    def step_concern(self, case: str) -> None:
        self.app.raise_concern(self.lscp.pol_auditor, self.audit_id, case, self.lscp.pid("pol_lead"), "urgent")

    def step_action(self) -> None:
        due = self.clock().date().replace(year=self.clock().year + 1)
        receipt = self.app.agree_action(self.lscp.chair, self.audit_id, "R1", "do it", "measure",
                                        self.lscp.pid("csc_lead"), due)  # fmt: skip
        self.actions.append(receipt.id)

    def step_progress(self, what: str) -> None:
        if not self.actions:
            return
        lead, action = self.lscp.csc_lead, self.actions[-1]
        {
            "note": lambda: self.app.report_action_progress(lead, action, "progress"),
            "block": lambda: self.app.block_action(lead, action, "blocked"),
            "unblock": lambda: self.app.unblock_action(lead, action, "clear"),
            "complete": lambda: self.app.complete_action(lead, action, "evidence"),
            "move": lambda: self.app.revise_action_due_date(lead, action, date(2030, 1, 1), "delay"),
        }[what]()


def check_incremental_equals_rebuild(store: str, tmp_path: Path, steps: list[tuple[Any, ...]]) -> None:
    settings = settings_for(store, tmp_path)
    clock = TestClock()
    app = build_application(settings, clock=clock)
    live_store, fresh_store = open_view_store(settings), open_view_store(
        settings.model_copy(update={"views_sqlite_path": tmp_path / "fresh.sqlite"}))  # fmt: skip
    try:
        live_store.create(VIEW_DDL)
        live = ProjectionRunner(app, live_store, batch_size=7)
        driver = Driver(Partnership.register(app, clock), clock)
        for step in steps:
            driver.do(step)
            live.run_once()
        live.catch_up()
        if store == "postgres":  # a second set of tables in a schema of its own
            fresh_store.close()
            fresh_store = open_view_store(settings.model_copy(update={"postgres_schema": _schema(tmp_path)}))
        fresh_store.create(VIEW_DDL)
        fresh = ProjectionRunner(app, fresh_store)
        fresh.rebuild()
        assert snapshot(live_store) == snapshot(fresh_store)
    finally:
        live_store.close()
        fresh_store.close()
        app.close()
        if store == "postgres":
            drop_pg_schema(settings.postgres_schema)
            drop_pg_schema(_schema(tmp_path))


def _schema(tmp_path: Path) -> str:
    import psycopg

    from tests.conftest import PG

    name = "f_" + str(abs(hash(str(tmp_path))))[:12]
    with psycopg.connect(**PG, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {name}")
    return name


def hypothesis_settings(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


@hypothesis_settings(25)
@given(steps=st.lists(STEP, max_size=30))
def test_views_built_incrementally_equal_a_rebuild_on_sqlite(tmp_path_factory: pytest.TempPathFactory,
                                                             steps: list[tuple[Any, ...]]) -> None:  # fmt: skip
    check_incremental_equals_rebuild("sqlite", tmp_path_factory.mktemp("hyp"), steps)


@hypothesis_settings(8)
@given(steps=st.lists(STEP, max_size=30))
def test_views_built_incrementally_equal_a_rebuild_on_postgres(tmp_path_factory: pytest.TempPathFactory,
                                                               steps: list[tuple[Any, ...]]) -> None:  # fmt: skip
    check_incremental_equals_rebuild("postgres", tmp_path_factory.mktemp("hyp"), steps)
