"""``assure demo --scale N``: N partnerships' worth of a year's audit activity, for the benchmarks.

Each partnership: 6 multi-agency deep dives (10 cases, 4 agencies), a Section 11 round with 40 agencies and
an S175 round with 80 schools, all driven through the application's commands like real use.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from application.app import AssureApplication
from application.principal import Principal
from demo.data import DA_TOOL, SCALE
from demo.frameworks import KCSIE_STANDARDS, SECTION_11_STANDARDS
from demo.story import DemoClock
from domain.standards import standards_as_questions
from domain.values import SELF_RATINGS, Role

SECTIONS = {
    "voice_of_child": "Seen and heard.",
    "lived_experience": "Unsettled home.",
    "context": "Churn.",
    "outcomes": "Improving.",
}
TOOLS = {"section_11": standards_as_questions(SECTION_11_STANDARDS),
         "s157_175_schools": standards_as_questions(KCSIE_STANDARDS)}  # fmt: skip


def rating_for(unit_no: int, question_no: int, scale: tuple[str, ...] = SCALE) -> str:
    """A fixed spread of ratings for generated load (the demo's own ratings are written out, not computed)."""
    pattern = (1, 1, 2, 0, 1, 2, 3, 1, 2, 1, 0)
    return scale[pattern[(unit_no * 3 + question_no * 5 + 7) % len(pattern)] % len(scale)]


def answer_for(unit_no: int, question_no: int, self_assessment: bool) -> dict[str, str]:
    """A generated answer: a case rating with commentary, or a self-rating with evidence and own action."""
    if not self_assessment:
        return {"rating": rating_for(unit_no, question_no), "commentary": "Evidence seen."}
    rating = rating_for(unit_no, question_no, SELF_RATINGS)
    action = {} if rating == "Met" else {"own_action": "Action agreed by the organisation's board."}
    return {"rating": rating, "evidence": "Policy and audit records seen."} | action


class Scaler:
    """Generates one partnership at a time; every name is prefixed so partnerships never collide."""

    def __init__(self, app: AssureApplication, clock: DemoClock, prefix: str) -> None:
        self.app, self.clock, self.prefix = app, clock, prefix
        system = Principal.for_system("scale", Role.ADMIN)
        self.admin = app.principal(
            app.register_person(system, f"{prefix} Admin", f"admin@{prefix}.example", None, ["admin"]).id
        )
        self.arg = self.person("arg", None, "arg_member")
        self.chair = self.person("chair", None, "audit_chair")

    def person(self, key: str, agency: str | None, role: str) -> Principal:
        receipt = self.app.register_person(
            self.admin, f"{self.prefix} {key}", f"{key}@{self.prefix}.example", agency, [role]
        )
        return self.app.principal(receipt.id)

    def agency(self, code: str, kind: str) -> Principal:
        full = f"{self.prefix}-{code}"
        self.app.register_agency(self.admin, full, f"{self.prefix} {code}", kind)
        return self.person(f"auditor-{code.lower()}", full, "auditor")

    def planned(self, kind: str, theme: str, tool: list[dict[str, Any]], auditors: list[Principal]) -> UUID:
        app, chair = self.app, self.chair
        audit = app.commission_audit(self.arg, kind, theme, "practice quality", "annual programme").id
        app.draft_terms_of_reference(
            chair,
            audit,
            {
                "scope": "s",
                "auditor_responsibilities": "tell case teams",
                "competing_demands": "c",
                "barriers": "none",
                "fieldwork_start": date(2022, 7, 4),
                "fieldwork_end": date(2022, 8, 5),
            },
        )
        app.confirm_duty_to_communicate(chair, audit, "Auditors brief the case-holding teams first.")
        app.adopt_audit_tool(chair, audit, tool)
        app.endorse_terms_of_reference(chair, audit, date(2022, 6, 21), True, True)
        app.agree_rating_guidance(chair, audit, date(2022, 6, 21))
        for auditor in auditors:
            assert auditor.person_id is not None
            app.nominate_auditor(chair, audit, auditor.person_id)
            app.confirm_tool_briefing(auditor, audit, auditor.person_id)
        return audit

    def deep_dive(self, number: int, auditors: list[Principal]) -> None:
        audit = self.planned("thematic_deep_dive", f"Theme {number}", DA_TOOL, auditors)
        cases = [f"T{number}-{n:02d}" for n in range(1, 11)]
        for case in cases:
            self.app.sample_case(self.chair, audit, case, "child in need", "selected")
            for auditor in auditors:
                assert auditor.person_id is not None
                self.app.assign_case(self.chair, audit, case, auditor.person_id)
        self.fieldwork(audit, [(case, a) for case in cases for a in auditors], DA_TOOL)

    def round_of(self, kind: str, theme: str, organisations: list[Principal]) -> None:
        audit = self.planned(kind, theme, TOOLS[kind], organisations)
        units = []
        for auditor in organisations:
            assert auditor.person_id is not None
            units.append((self.app.assign_organisation_return(self.chair, audit, auditor.person_id).ref or "", auditor))
        self.fieldwork(audit, units, TOOLS[kind])

    def fieldwork(self, audit: UUID, units: list[tuple[str, Principal]], tool: list[dict[str, Any]]) -> None:
        self.app.open_fieldwork(self.chair, audit)
        self_assessment = any(tool is t for t in TOOLS.values())  # a case audit's tool may be anyone's
        for n, (unit, auditor) in enumerate(units):
            answers = {
                q["id"]: answer_for(n, i, self_assessment) for i, q in enumerate(tool) if not q.get("applies_to")
            }
            if self_assessment:
                self.app.save_return_draft(auditor, audit, unit, answers)
            else:
                self.app.save_return_draft(auditor, audit, unit, answers, SECTIONS, n % 3 != 0, ["caseload"])
            self.app.submit_return(auditor, audit, unit)
        self.app.close_fieldwork(self.chair, audit)

    def run(self) -> None:
        core = [
            self.agency(code, kind)
            for code, kind in (("CSC", "childrens_services"), ("POL", "other"), ("NHS", "health"), ("EDU", "education"))
        ]
        for number in range(1, 7):
            self.deep_dive(number, core)
        self.round_of("section_11", "Section 11", [self.agency(f"S11-{n:02d}", "other") for n in range(40)])
        self.round_of("s157_175_schools", "S175", [self.agency(f"SCH-{n:02d}", "school") for n in range(80)])


def load_scale(app: AssureApplication, clock: DemoClock, partnerships: int) -> list[str]:
    """Generate the partnerships; returns a line per partnership."""
    lines = []
    for n in range(1, partnerships + 1):
        clock.set(date(2022, 4, 1))
        Scaler(app, clock, f"p{n}").run()
        lines.append(
            f"partnership p{n}: 6 deep dives, a Section 11 round (40 agencies), an S175 round (80 schools);"
            f" log at position {app.max_position()}"
        )
    return lines
