"""R-32: an event that cannot be read or applied is quarantined, reported, and passed over; everything after flows."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from application.principal import Principal
from application.quarantine import Quarantine
from application.settings import Settings
from cli.system import System, build_system
from demo.partnership import ANSWERS, Partnership
from domain.values import Role
from projections.runner import VIEW_NAMES
from projections.trail import PLACEHOLDER
from tests.conftest import PG, TestClock, drop_pg_schema, settings_for

ROOT = Path(__file__).resolve().parents[2]
GOVERNANCE = Principal.for_system("test", Role.GOVERNANCE)


def write_undecodable_event(settings: Settings) -> None:
    """A row straight into the event store that no code can decode (as a bug, or an old event, would leave)."""
    topic, state = "domain.concern:Concern.ConcernRaised", b"\x00\xffnot json at all"
    if settings.store == "sqlite":
        with sqlite3.connect(settings.sqlite_path) as conn:
            conn.execute("INSERT INTO stored_events (originator_id, originator_version, topic, state)"
                         " VALUES (?, 1, ?, ?)", (uuid.uuid4().hex, topic, state))  # fmt: skip
        return
    with psycopg.connect(**PG, autocommit=True) as conn:
        conn.execute(f"INSERT INTO {settings.postgres_schema}.assure_events (originator_id, originator_version,"
                     " topic, state) VALUES (%s, 1, %s, %s)", (uuid.uuid4(), topic, state))  # fmt: skip


@pytest.fixture(params=["sqlite", "postgres"])
def system(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[System]:
    settings = settings_for(request.param, tmp_path)
    built = build_system(settings, clock=TestClock())
    yield built
    built.close()
    if settings.store == "postgres":
        drop_pg_schema(settings.postgres_schema)


def test_an_undecodable_event_is_quarantined_and_every_event_after_it_flows_r32(system: System) -> None:
    lscp = Partnership.register(system.app, TestClock())
    write_undecodable_event(system.settings)
    bad = system.app.max_position()
    after = system.app.register_agency(lscp.admin, "LATE", "Registered after the bad event", "education")
    system.runner.catch_up()

    assert set(system.runner.positions().values()) == {after.position}
    quarantined = Quarantine(system.side_store).entries()
    assert {(e["consumer"], e["position"]) for e in quarantined} == {(f"view:{v}", bad) for v in VIEW_NAMES}
    page = system.app.event_feed(GOVERNANCE, after=bad - 1, limit=10)
    assert [i["type"] for i in page["items"]][:2] == ["Unreadable", "AgencyRegistered"]
    assert system.app.trail_event(GOVERNANCE, bad)["type"] == "Unreadable"
    rows = system.view_store.query("SELECT event_type, summary FROM view_trail WHERE position = ?", (bad,))
    assert rows == [{"event_type": "Unreadable", "summary": PLACEHOLDER}]
    readiness = system.readiness()["quarantine"]
    assert readiness["degraded"] is True and {"consumer": "view:trail", "position": bad} in readiness["entries"]


def test_the_relay_quarantines_what_it_cannot_read_and_goes_on_r32(system: System) -> None:
    from workers.relay import Relay

    lscp = Partnership.register(system.app, TestClock())
    write_undecodable_event(system.settings)
    bad = system.app.max_position()
    audit_id = lscp.in_fieldwork()
    system.app.raise_concern(lscp.pol_auditor, audit_id, "DA-02", lscp.pid("pol_lead"), "No safety plan.")
    sent: list[tuple[str, tuple[object, ...]]] = []
    relay = Relay(system.runtime, lambda actor, args: sent.append((actor, args)))
    while relay.run_once():
        pass
    assert relay.position() == system.app.max_position()
    assert [actor for actor, _ in sent] == ["notify_concern"]
    assert [(e["consumer"], e["position"]) for e in system.runtime.quarantine.entries()] == [("relay", bad)]


def test_a_view_that_cannot_apply_an_event_quarantines_it_and_retries_once_fixed_r32(
    system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    from projections.actions import ConcernsView

    lscp = Partnership.register(system.app, TestClock())
    audit_id = lscp.in_fieldwork()

    def broken(self: object, tx: object, event: object) -> None:
        raise ValueError("a bug in the concerns view")

    monkeypatch.setattr(ConcernsView, "concern_raised", broken, raising=False)
    raised = system.app.raise_concern(lscp.pol_auditor, audit_id, "DA-02", lscp.pid("pol_lead"), "No safety plan.")
    later = system.app.register_agency(lscp.admin, "LATE", "Registered afterwards", "education")
    system.runner.catch_up()
    assert set(system.runner.positions().values()) == {later.position}
    [entry] = Quarantine(system.side_store).entries()
    assert (entry["consumer"], entry["position"]) == ("view:concerns", raised.position)
    assert "a bug in the concerns view" in entry["error"]
    assert system.app.concerns(lscp.chair, audit_id) == []

    monkeypatch.undo()  # the fix is deployed
    system.runner.retry("concerns", raised.position)
    assert [c["concern_id"] for c in system.app.concerns(lscp.chair, audit_id)] == [str(raised.id)]


def test_a_view_that_writes_in_bulk_retries_an_event_the_way_it_applies_a_batch_r32(
    system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ratings view writes a started return's rows in its batch code (no per-event handler): a retry once fixed
    goes the same way and puts the return's rows in."""
    from projections.returns import RatingsView

    lscp = Partnership.register(system.app, TestClock())
    audit_id = lscp.in_fieldwork()
    system.runner.catch_up()

    def broken(event: object) -> list[list[object]]:
        raise ValueError("a bug in the ratings view")

    monkeypatch.setattr(RatingsView, "_rows", staticmethod(broken))
    saved = system.app.save_return_draft(lscp.csc_auditor, audit_id, "DA-01", answers=ANSWERS)  # starts it too
    system.runner.catch_up()
    [entry] = Quarantine(system.side_store).entries()
    assert entry["consumer"] == "view:ratings" and entry["position"] < saved.position  # the ReturnStarted
    assert system.app.ratings(lscp.chair, audit_id) == []

    monkeypatch.undo()  # the fix is deployed
    system.runner.retry("ratings", entry["position"])
    rows = system.app.ratings(lscp.chair, audit_id)
    assert rows and {row["case_ref"] for row in rows} == {"DA-01"}


def test_assure_quarantine_lists_retries_and_skips_from_the_command_line_r32(tmp_path: Path) -> None:
    settings = settings_for("sqlite", tmp_path)
    system = build_system(settings, clock=TestClock())
    Partnership.register(system.app, TestClock())
    write_undecodable_event(settings)
    bad = system.app.max_position()
    system.runner.catch_up()
    system.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSURE_")} | {
        "PYTHONPATH": str(ROOT), "ASSURE_SQLITE_PATH": str(settings.sqlite_path),
        "ASSURE_VIEWS_SQLITE_PATH": str(settings.views_sqlite_path),
    }  # fmt: skip

    def assure(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "cli.main", *args], env=env, capture_output=True, text=True,
                              timeout=120, cwd=tmp_path)  # fmt: skip

    listed = assure("quarantine", "list")
    lines = listed.stdout.strip().splitlines()
    assert listed.returncode == 0 and len(lines) == len(VIEW_NAMES)
    assert all(line.startswith(f"{bad}\tview:") for line in lines) and "Error" in lines[0]
    again = assure("quarantine", "retry", str(bad), "view:trail")
    assert again.returncode == 1 and "failed again" in again.stderr and "Traceback" not in again.stderr
    assert assure("quarantine", "skip", str(bad)).returncode == 0
    assert assure("quarantine", "list").stdout.strip() == ""
    unknown = assure("quarantine", "skip", "999999")
    assert unknown.returncode == 1 and unknown.stderr.startswith("error: nothing open")


def test_a_projector_killed_while_it_quarantines_repeats_nothing_and_loses_nothing_r32(tmp_path: Path) -> None:
    settings = settings_for("sqlite", tmp_path)
    system = build_system(settings, clock=TestClock())
    lscp = Partnership.register(system.app, TestClock())
    audit_id = lscp.in_fieldwork()
    bad = []
    for n in range(8):
        write_undecodable_event(settings)
        bad.append(system.app.max_position())
        for m in range(25):
            system.app.raise_concern(lscp.pol_auditor, audit_id, "DA-02", lscp.pid("pol_lead"), f"Note {n}.{m}")
    head, chance = system.app.max_position(), random.Random(11)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSURE_")} | {
        "PYTHONPATH": str(ROOT), "ASSURE_SQLITE_PATH": str(settings.sqlite_path),
        "ASSURE_VIEWS_SQLITE_PATH": str(settings.views_sqlite_path), "ASSURE_PROJECTION_BATCH_SIZE": "3",
    }  # fmt: skip
    for _ in range(4):
        process = subprocess.Popen([sys.executable, "-m", "cli.main", "projector"], env=env, cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(chance.uniform(0.5, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
    system.runner.catch_up()  # whatever the kills left, a follower finishes the job
    assert set(system.runner.positions().values()) == {head}
    entries = Quarantine(system.side_store).entries()
    assert sorted((e["consumer"], e["position"]) for e in entries) == sorted(
        (f"view:{v}", p) for v in VIEW_NAMES for p in bad
    )
    concerns = system.view_store.query("SELECT COUNT(*) AS n FROM view_concerns")[0]["n"]
    trail = system.view_store.query("SELECT COUNT(*) AS n FROM view_trail")[0]["n"]
    assert concerns == 200 and trail == head
    system.close()
