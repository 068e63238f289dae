"""Issue 6's figure: rendering the summary report of a full-size audit (10 cases x 8 agencies x 30 questions)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from typing import Any

from application.app import AssureApplication
from application.principal import Principal
from application.settings import Settings
from benchmarks.common import Figure, median, percentile
from cli.system import build_system
from demo.scale import Scaler
from demo.story import DemoClock
from domain.values import Role
from projections.report.render import render

SCALE = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
GUIDANCE = {r: f"What {r.lower()} looks like." for r in SCALE}


GOVERNOR = Principal.for_system("bench", Role.GOVERNANCE)


def full_size_audit(app: AssureApplication, clock: DemoClock) -> str:
    """An audit in reporting with 80 submitted returns of 30 questions and a few moderation moves."""
    scaler = Scaler(app, clock, "bench")
    auditors = [scaler.agency(f"A{n}", "other") for n in range(8)]
    questions: list[dict[str, Any]] = [
        {"id": f"Q{n}", "text": f"Question {n}?", "guidance": GUIDANCE} for n in range(1, 31)
    ]
    audit = scaler.planned("thematic_deep_dive", "Neglect", questions, auditors)
    cases = [f"N-{n:02d}" for n in range(1, 11)]
    for case in cases:
        app.sample_case(scaler.chair, audit, case, "child in need", "neglect concern")
        for auditor in auditors:
            assert auditor.person_id is not None
            app.assign_case(scaler.chair, audit, case, auditor.person_id)
    scaler.fieldwork(audit, [(case, auditor) for case in cases for auditor in auditors], questions)
    app.hold_moderation_meeting(scaler.chair, audit, date(2024, 3, 8), ["Chair"])
    for case in cases[:5]:
        current = app.get_return(GOVERNOR, audit, case, "BENCH-A1")["answers"]["Q1"]["rating"]
        moved = next(r for r in SCALE if r != current)
        app.revise_rating(scaler.chair, audit, case, "BENCH-A1", "Q1", moved, "moderation")
    app.agree_finding(scaler.chair, audit, "works_well", "Persistence.")
    app.complete_moderation(scaler.chair, audit)
    app.make_recommendation(scaler.chair, audit, "Use the neglect toolkit.")
    return str(audit)


def figures(runs: int = 60) -> list[Figure]:
    """Median and p99 of building the facts from the log and rendering HTML."""
    clock = DemoClock(datetime(2022, 4, 1, tzinfo=UTC))  # the scaler plans its audit in 2022
    system = build_system(Settings(store="memory"), clock=clock)
    app, runner = system.app, system.runner
    audit = full_size_audit(app, clock)
    runner.catch_up()
    reader, position = Principal.for_system("bench", Role.GOVERNANCE), app.max_position()
    times: list[float] = []
    facts: dict[str, Any] = {}
    for _ in range(runs):
        start = time.perf_counter()
        facts = app.audit_report(reader, audit, position)  # type: ignore[arg-type]
        render(facts, "html")
        times.append((time.perf_counter() - start) * 1000)
    assert facts["returns_submitted"] == 80
    return [
        Figure("report build+render, full-size audit, median", median(times), "ms", goal="< 200 ms"),
        Figure("report build+render, full-size audit, p99", percentile(times, 0.99), "ms", goal="< 200 ms"),
    ]
