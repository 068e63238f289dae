"""A projector killed with SIGKILL at random points and restarted ends with views equal to a rebuild."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from application.app import AssureApplication
from application.settings import Settings
from cli.system import VIEW_DDL, build_application, open_view_store
from demo.story import DemoClock, load_demo
from projections.runner import ProjectionRunner
from tests.conftest import drop_pg_schema, settings_for
from tests.projections.test_rebuild import _schema, snapshot

ROOT = Path(__file__).resolve().parents[2]


def environment(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSURE_")} | {"PYTHONPATH": str(ROOT)}
    for name, value in settings.model_dump(mode="json").items():
        if value is not None:
            env[f"ASSURE_{name.upper()}"] = str(value)
    return env | {"ASSURE_PROJECTION_BATCH_SIZE": "1", "ASSURE_CREATE_TABLES": "false"}


def start_projector(settings: Settings) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "cli.main", "projector"], cwd=ROOT, env=environment(settings),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def grow_the_log(app: AssureApplication) -> None:
    """Add progress notes until the log is long enough that kills land mid-way through a catch-up."""
    lead = app.principal(app.person_id_for("lead.csc@lscp.example"))
    rows = [n for n in app.recorder.select_notifications(1, 10_000) if n.topic.endswith("ActionAgreed")]
    first_action = rows[0].originator_id
    for number in range(1500):
        app.report_action_progress(lead, first_action, f"weekly note {number}")


@pytest.mark.parametrize("store", ["sqlite", "postgres"])
def test_projector_killed_at_random_points_loses_and_repeats_nothing(store: str, tmp_path: Path) -> None:
    settings = settings_for(store, tmp_path)
    clock = DemoClock(datetime(2022, 4, 1, tzinfo=UTC))
    app = build_application(settings, clock=clock)
    load_demo(app, clock, first_audit_only=True)
    grow_the_log(app)
    head, chance, progress = app.max_position(), random.Random(20221126), [0]
    views = open_view_store(settings)
    fresh_settings = settings.model_copy(update={"views_sqlite_path": tmp_path / "fresh.sqlite"})
    if store == "postgres":
        fresh_settings = fresh_settings.model_copy(update={"postgres_schema": _schema(tmp_path)})
    fresh = open_view_store(fresh_settings)
    try:
        views.create(VIEW_DDL)  # the view tables, once, as `assure schema` does in production
        for _ in range(5):  # kill it as soon as it has passed a random point of the log
            if progress[-1] >= head:
                break
            target = progress[-1] + chance.randint(1, max(1, (head - progress[-1]) // 3))
            process, deadline = start_projector(settings), time.monotonic() + 30
            while min(views.positions().values(), default=0) < target and process.poll() is None:
                assert time.monotonic() < deadline, "the projector stopped making progress"
                time.sleep(0.001)
            process.send_signal(signal.SIGKILL)
            process.wait()
            progress.append(min(views.positions().values(), default=0))
        assert any(0 < p < head for p in progress), f"no kill landed mid-way: {progress} of {head}"
        process = start_projector(settings)
        assert process.stdout is not None and b"following" in process.stdout.readline()
        deadline = time.monotonic() + 60
        while min(views.positions().values(), default=0) < head and time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        fresh.create(VIEW_DDL)
        ProjectionRunner(app, fresh).rebuild()
        assert snapshot(views) == snapshot(fresh)
    finally:
        views.close()
        fresh.close()
        app.close()
        if store == "postgres":
            drop_pg_schema(settings.postgres_schema)
            drop_pg_schema(fresh_settings.postgres_schema)
