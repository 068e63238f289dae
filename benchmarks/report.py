"""Issue 6's figure: rendering the summary report of a full-size audit (10 cases x 8 agencies x 30 questions)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from application.app import AssureApplication
from application.bootstrap import build_application
from application.principal import Principal
from application.settings import Settings
from benchmarks.common import Figure, median, percentile
from domain.values import Role
from projections.report.render import render
from projections.setup import attach_views

SCALE = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
GUIDANCE = {r: f"What {r.lower()} looks like." for r in SCALE}


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 1, 8, 9, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def full_size_audit(app: AssureApplication) -> str:
    """An audit in reporting with 80 submitted returns of 30 questions and a few moderation moves."""
    system = Principal.for_system("bench", Role.ADMIN)
    admin = app.principal(app.register_person(system, "Admin", "admin@b.example", None, ["admin"]).id)
    people: dict[str, Principal] = {}
    for role in ("arg_member", "audit_chair"):
        people[role] = app.principal(app.register_person(admin, role, f"{role}@b.example", None, [role]).id)
    auditors = []
    for n in range(8):
        app.register_agency(admin, f"A{n}", f"Agency {n}", "other")
        auditors.append(
            app.principal(app.register_person(admin, f"Auditor {n}", f"a{n}@b.example", f"A{n}", ["auditor"]).id)
        )
    chair = people["audit_chair"]
    audit = app.commission_audit(people["arg_member"], "thematic_deep_dive", "Neglect", "Early help", "JTAI").id
    app.draft_terms_of_reference(
        chair,
        audit,
        {
            "scope": "s",
            "auditor_responsibilities": "tell case teams",
            "competing_demands": "c",
            "barriers": "none",
            "fieldwork_start": date(2024, 2, 1),
            "fieldwork_end": date(2024, 3, 1),
        },
    )
    questions: list[dict[str, Any]] = [
        {"id": f"Q{n}", "text": f"Question {n}?", "guidance": GUIDANCE} for n in range(1, 31)
    ]
    app.adopt_audit_tool(chair, audit, questions)
    app.endorse_terms_of_reference(chair, audit, date(2024, 1, 20), True, True)
    app.agree_rating_guidance(chair, audit, date(2024, 1, 20))
    for auditor in auditors:
        assert auditor.person_id is not None
        app.nominate_auditor(chair, audit, auditor.person_id)
        app.confirm_tool_briefing(auditor, audit, auditor.person_id)
    cases = [f"N-{n:02d}" for n in range(1, 11)]
    for case in cases:
        app.sample_case(chair, audit, case, "child in need", "neglect concern")
        for auditor in auditors:
            assert auditor.person_id is not None
            app.assign_case(chair, audit, case, auditor.person_id)
    app.open_fieldwork(chair, audit)
    sections = {
        "voice_of_child": "Seen alone.",
        "lived_experience": "Chaotic home.",
        "context": "Churn.",
        "outcomes": "Improved.",
        "good_practice": "Persistent visits.",
    }
    for c, case in enumerate(cases):
        for a, auditor in enumerate(auditors):
            answers: dict[str, dict[str, Any]] = {
                q["id"]: {"rating": SCALE[(c + a + i) % 4], "commentary": "Evidence."} for i, q in enumerate(questions)
            }
            app.save_return_draft(auditor, audit, case, answers, sections, (c + a) % 3 != 0, ["caseload"])
            app.submit_return(auditor, audit, case)
    app.close_fieldwork(chair, audit)
    app.hold_moderation_meeting(chair, audit, date(2024, 3, 8), ["Chair"])
    for c in range(5):
        app.revise_rating(chair, audit, cases[c], "A1", "Q1", SCALE[(c + 3) % 4], "moderation")
    app.agree_finding(chair, audit, "works_well", "Persistence.")
    app.complete_moderation(chair, audit)
    rec = app.make_recommendation(chair, audit, "Use the neglect toolkit.").ref
    assert rec is not None
    return str(audit)


def figures(runs: int = 60) -> list[Figure]:
    """Median and p99 of building the facts from the log and rendering HTML."""
    app = build_application(Settings(store="memory"), clock=Clock())
    runner = attach_views(app, Settings(store="memory"))
    audit = full_size_audit(app)
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
