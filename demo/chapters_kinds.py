"""The self-assessment and questionnaire chapters of the demo year (Section 11, S175 schools, training impact), the
scans behind the scenes, and the helpers every chapter shares."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from application.app import AssureApplication
from demo.data import SCHEDULE_2022_23
from demo.data_year import (
    ATTENDEE_ANSWERS,
    COURSES,
    EXTRA_SCHEDULE,
    MANAGER_ANSWERS,
    S11_CHALLENGE,
    S11_ORGANISATIONS,
    S11_RETURNS,
    SCHOOL_EVIDENCE,
    SCHOOL_RETURNS,
    SCHOOLS_CSV,
)
from demo.frameworks import KCSIE_NAME, KCSIE_STANDARDS, SECTION_11_NAME, SECTION_11_STANDARDS

if TYPE_CHECKING:
    from demo.story import Chapter, Demo

SELF = {"M": "Met", "P": "Partly met", "N": "Not met"}
CHAIR, QA, ARG, LEARNING = "chair@lscp.example", "qa@lscp.example", "arg@lscp.example", "learning@lscp.example"
ADMIN = "admin@lscp.example"
DUTY = "Each auditor tells the teams concerned the purpose, process and focus of the audit before starting."
ITEMS = SCHEDULE_2022_23 + EXTRA_SCHEDULE
S11_AUDITORS = {
    "CSC": "auditor.csc@lscp.example",
    "WMP": "auditor.wmp@lscp.example",
    "NHS": "auditor.nhs@lscp.example",
    "PROB": "lead.prob@lscp.example",
    "YJS": "lead.yjs@lscp.example",
}
MONTH_STARTS = [date(2022 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(5, 16)]  # May 2022 to March 2023


def terms(scope: str, dates: tuple[date, ...]) -> dict[str, Any]:
    """Terms of reference with the audit's own key dates."""
    keys = ("fieldwork_start", "fieldwork_end", "moderation_date", "sign_off_date", "report_to_arg_date")
    return {
        "scope": scope,
        "auditor_responsibilities": "Complete the return from the organisation's own records;"
        " tell the teams concerned the purpose, process and focus of the audit.",
        "competing_demands": "Set around the school holidays and the inspection window.",
        "barriers": "None: information is shared under public task.",
    } | dict(zip(keys, dates, strict=True))


class KindChapters:
    """Helpers shared by the chapters, and the chapters of the self-assessment and questionnaire kinds."""

    demo: Demo
    app: AssureApplication

    def by(self, email: str) -> Any:
        return self.demo.who(email)

    def say(self, line: str) -> None:
        self.demo.say(line)

    def plan(self, item_id: str, scope: str, dates: tuple[date, ...]) -> tuple[UUID, str]:
        item = ITEMS[int(item_id[1:]) - 1]
        audit_id = self.app.commission_audit(self.by(ARG), item["kind"], item["theme"], item["focus"],
                                             item["rationale"], ("2022/23", item_id)).id  # fmt: skip
        self.app.draft_terms_of_reference(self.by(CHAIR), audit_id, terms(scope, dates))
        self.app.confirm_duty_to_communicate(self.by(CHAIR), audit_id, DUTY)
        self.demo.audits[item["theme"]] = audit_id
        return audit_id, item["theme"]

    def endorse(self, audit_id: UUID, day: date, guidance: bool = True) -> None:
        self.app.endorse_terms_of_reference(self.by(CHAIR), audit_id, day, True, True)
        if guidance:
            self.app.agree_rating_guidance(self.by(CHAIR), audit_id, day)

    def report_stages(self, audit_id: UUID, spec: dict[str, Any], theme: str) -> Chapter:
        """Stages four and five from a spec: recommendations, actions, sign-off, the ARG, feedback, closure."""
        chair, dates = self.by(CHAIR), spec["dates"]
        for text, owner, measure, due in spec["recommendations"]:
            rec = self.app.make_recommendation(chair, audit_id, text).ref
            assert rec is not None
            self.app.agree_action(chair, audit_id, rec, text, measure, self.demo.pid(owner), due)
        plan, measures = spec["plan"]
        self.app.record_dissemination_plan(self.by(LEARNING), audit_id, plan, measures)
        self.app.draft_report(chair, audit_id, f"{theme}: {spec['findings'][-1][1]}")
        yield dates[3]
        self.app.sign_off_report(chair, audit_id, dates[3])
        yield dates[4]
        self.app.present_report_to_arg(chair, audit_id, dates[4])
        self.say(f"{theme}: report signed off {dates[3].isoformat()} and presented to the ARG; recommendation:"
                 f" {spec['recommendations'][0][0]}")  # fmt: skip
        if spec.get("close_on"):
            yield spec["close_on"]
            for code in spec["agencies"]:
                lead = f"lead.{code.lower()}@lscp.example"
                self.app.record_agency_feedback(self.by(lead), audit_id, code, spec["close_on"],
                                                f"{theme} findings shared with {code} practitioners.")  # fmt: skip
            self.app.close_audit(chair, audit_id)
            self.say(f"{theme}: feedback recorded by {len(spec['agencies'])} agencies; audit closed")

    # Self-assessments: S175 schools and Section 11 (4.2.1, 4.2.3)
    def self_assessment_round(self, item_id: str, framework: str, leads: dict[str, str], returns: dict[str, Any],
                              dates: tuple[date, ...]) -> Chapter:  # fmt: skip
        """Plan a round, enrol the organisations, and let each lead rate itself (returns: code -> answers)."""
        audit_id, theme = self.plan(item_id, "Every organisation rates itself against each standard.", dates)
        self.app.adopt_standards_framework(self.by(CHAIR), audit_id, framework)
        yield dates[0] - timedelta(days=7)
        self.endorse(audit_id, dates[0] - timedelta(days=7))
        self.app.enrol_organisations(self.by(CHAIR), audit_id, [self.demo.pid(e) for e in leads.values()])
        for email in leads.values():
            self.app.confirm_tool_briefing(self.by(email), audit_id, self.demo.pid(email))
        yield dates[0]
        self.app.open_fieldwork(self.by(CHAIR), audit_id)
        self.say(f"{theme}: {len(leads)} organisations enrolled against {framework}; fieldwork open")
        for number, (code, answers) in enumerate(returns.items()):
            yield dates[0] + timedelta(days=3 + 3 * number)
            self.app.save_return_draft(self.by(leads[code]), audit_id, code, answers=answers)
            self.app.submit_return(self.by(leads[code]), audit_id, code)
        yield dates[1]
        self.app.close_fieldwork(self.by(CHAIR), audit_id)
        self.demo.audits[theme] = audit_id

    def challenge(
        self, theme: str, day: date, move: tuple[str, str, str, str], findings: list[tuple[str, str]]
    ) -> None:
        """The chair's challenge session: self-ratings revised only with a reason (R-2, as moderation)."""
        chair, audit_id = self.by(CHAIR), self.demo.audits[theme]
        self.app.hold_moderation_meeting(chair, audit_id, day, ["Casey Chair", "Quinn Officer"])
        code, standard, to, reason = move
        self.app.revise_rating(chair, audit_id, code, code, standard, to, reason)
        self.say(f"{theme}: challenge session revised {code}'s {standard} to {to}: {reason}")
        for kind, text in findings:
            self.app.agree_finding(chair, audit_id, kind, text)
        self.app.complete_moderation(chair, audit_id)

    def schools(self) -> Chapter:
        yield date(2022, 9, 12)
        imported = self.app.register_organisations_from_csv(self.by(ADMIN), SCHOOLS_CSV)
        errors = "; ".join(f"row {e['row']}: {e['error']}" for e in imported["errors"])
        self.say(f"S175: {len(imported['registered'])} schools and their DSLs registered from CSV; refused {errors}")
        self.app.publish_standards_framework(self.by(CHAIR), KCSIE_NAME, "s157_175_schools", KCSIE_STANDARDS)
        leads = {row["code"]: self.app.person(UUID(row["dsl_person_id"])).email for row in imported["registered"]}
        yield date(2022, 10, 3)
        dates = (date(2022, 10, 10), date(2022, 11, 18), date(2022, 11, 25), date(2022, 12, 6), date(2023, 1, 17))
        returns = {}
        for code, (ratings, actions) in SCHOOL_RETURNS.items():
            returns[code] = {s["id"]: {"rating": SELF[r], "evidence": SCHOOL_EVIDENCE[s["id"]]}
                             | ({"own_action": actions[s["id"]]} if s["id"] in actions else {})
                             for s, r in zip(KCSIE_STANDARDS, ratings, strict=True)}  # fmt: skip
        yield from self.self_assessment_round("S07", KCSIE_NAME, leads, returns, dates)
        yield dates[2]
        self.challenge(
            "S175 safeguarding arrangements in schools",
            dates[2],
            ("WIL", "K2", "Partly met", "The policy on the website is still the 2021 version."),
            [
                ("works_well", "Every school has a trained DSL; most have trained deputies."),
                ("emerging_concern", "Online filtering and monitoring are not reviewed in a third of schools."),
                ("overall_judgement", "Schools largely compliant; online safety lags KCSIE 2022."),
            ],
        )
        yield from self.report_stages(self.demo.audits["S175 safeguarding arrangements in schools"], {
            "dates": dates, "agencies": [], "findings": [("", "Schools largely compliant; online safety lags.")],
            "recommendations": [("Every school reviews filtering and monitoring termly.", "lead.edu@lscp.example",
                                 "Termly review evidenced in every school", date(2023, 7, 21))],
            "plan": ("DSL network session on filtering and monitoring.", ["Next year's K5 self-ratings"]),
        }, "S175 safeguarding arrangements in schools")  # fmt: skip

    def section_11(self) -> Chapter:
        yield date(2022, 10, 24)
        imported = self.app.register_organisations_from_csv(self.by(ADMIN), S11_ORGANISATIONS, "other")
        self.say(f"Section 11: {len(imported['registered'])} more partner agencies registered from CSV")
        self.app.publish_standards_framework(self.by(CHAIR), SECTION_11_NAME, "section_11", SECTION_11_STANDARDS)
        yield date(2022, 11, 1)
        dates = (date(2022, 11, 14), date(2022, 12, 9), date(2022, 12, 14), date(2023, 1, 10), date(2023, 2, 14))
        returns = {}
        for code, (ratings, evidence, actions) in S11_RETURNS.items():
            returns[code] = {s["id"]: {"rating": SELF[r], "evidence": evidence}
                             | ({"own_action": actions[s["id"]]} if s["id"] in actions else {})
                             for s, r in zip(SECTION_11_STANDARDS, ratings, strict=True)}  # fmt: skip
        yield from self.self_assessment_round("S08", SECTION_11_NAME, S11_AUDITORS, returns, dates)
        yield dates[2]
        self.challenge(
            "Section 11 self-assessment",
            dates[2],
            S11_CHALLENGE,
            [
                ("works_well", "Senior leaders in every agency own safeguarding."),
                ("emerging_concern", "Probation's training and multi-agency attendance lag."),
                ("overall_judgement", "Partners largely compliant with section 11."),
            ],
        )
        yield from self.report_stages(self.demo.audits["Section 11 self-assessment"], {
            "dates": dates, "agencies": [], "findings": [("", "Partners largely compliant with section 11.")],
            "recommendations": [("Probation officers complete LSCP safeguarding training this year.",
                                 "lead.prob@lscp.example", "90% trained by September", date(2023, 9, 30))],
            "plan": ("Section 11 summary to every partner's board.", ["Next round's self-ratings"]),
        }, "Section 11 self-assessment")  # fmt: skip

    # The annual audit of training impact (4.2.2)
    def training(self) -> Chapter:
        yield date(2023, 1, 9)
        dates = (date(2023, 2, 1), date(2023, 2, 28), date(2023, 3, 7), date(2023, 3, 21), date(2023, 4, 11))
        audit_id, theme = self.plan("S09", "Attendees of two courses and their managers.", dates)
        learning = self.by(LEARNING)
        yield date(2023, 1, 17)
        self.endorse(audit_id, date(2023, 1, 17), guidance=False)
        for course, title, delivered, attendees, managers in COURSES:
            self.app.include_course(learning, audit_id, course, title, delivered)
            self.app.send_questionnaires(
                learning, audit_id, course, "attendee", [f"{course}-A{n:02d}" for n in range(1, attendees + 1)]
            )
            self.app.send_questionnaires(
                learning, audit_id, course, "manager", [f"{course}-M{n:02d}" for n in range(1, managers + 1)]
            )
        yield dates[0]
        self.app.open_fieldwork(self.by(CHAIR), audit_id)
        self.say(f"{theme}: questionnaires sent to {sum(c[3] for c in COURSES)} attendees and"
                 f" {sum(c[4] for c in COURSES)} managers of {len(COURSES)} courses")  # fmt: skip
        yield date(2023, 2, 13)
        for course, answers in ATTENDEE_ANSWERS.items():
            for n, (before, after, changed, example) in enumerate(answers, start=1):
                self.app.record_questionnaire_response(learning, audit_id, course, f"{course}-A{n:02d}", {
                    "confidence_before": before, "confidence_after": after, "practice_changed": changed,
                    "example": example})  # fmt: skip
        yield date(2023, 2, 20)
        for course, replies in MANAGER_ANSWERS.items():
            for n, (seen, confidence, example) in enumerate(replies, start=1):
                self.app.record_questionnaire_response(
                    learning,
                    audit_id,
                    course,
                    f"{course}-M{n:02d}",
                    {"practice_change_seen": seen, "confidence_seen": confidence, "example": example},
                )
        yield dates[1]
        self.app.close_fieldwork(self.by(CHAIR), audit_id)
        yield dates[2]
        chair = self.by(CHAIR)
        self.app.hold_moderation_meeting(chair, audit_id, dates[2], ["Casey Chair", "Logan Learning"])
        self.app.agree_finding(chair, audit_id, "works_well", "The DA course raised confidence by about 1.5 points and"
                               " managers see the change.")  # fmt: skip
        self.app.agree_finding(chair, audit_id, "emerging_concern", "The neglect course changes little without"
                               " time to use the tool.")  # fmt: skip
        self.app.complete_moderation(chair, audit_id)
        rec = self.app.make_recommendation(chair, audit_id, "Agencies give staff protected time to use GCP2.").ref
        assert rec is not None
        self.app.agree_action(
            chair,
            audit_id,
            rec,
            "Protected GCP2 time in every team plan",
            "Half of the next cohort use GCP2",
            self.demo.pid("lead.csc@lscp.example"),
            date(2023, 9, 30),
        )
        self.app.draft_report(chair, audit_id, "Training impact 2022: DA course works; neglect course needs time.")
        yield dates[3]
        self.app.sign_off_report(chair, audit_id, dates[3])
        self.say(f"{theme}: report signed off; it goes to the ARG on {dates[4].isoformat()}, after the year's end")

    # Behind the scenes: the stalled-action scan and the routine summary, as the scheduler runs them
    def backstage(self) -> Chapter:
        if self.demo.backstage is None:
            return
        for day in sorted({*MONTH_STARTS, date(2022, 11, 28)}):
            yield day
            report = self.demo.backstage.exception_report()
            if report is not None:
                stalled = self.app.get_exception_report(self.demo.who("exec@lscp.example"), UUID(report))
                count = len(stalled["stalled_actions"])
                self.say(f"Exception report issued to the Executive Group: {count} stalled action"
                         f"{'s' if count != 1 else ''} (emailed, see the outbox)")  # fmt: skip
            summary = self.demo.backstage.routine_summary() if day.day == 1 else None
            if summary is not None:
                got = self.app.get_routine_summary(self.demo.who("exec@lscp.example"), UUID(summary))
                self.say(
                    f"Routine summary {got['period']} to the Executive Group: {len(got['audits'])} audits,"
                    f" {got['actions']['total']} actions ({got['actions']['by_rag']['red']} red),"
                    f" {len(got['stalled_actions'])} stalled, {len(got['risk_reports'])} risk reports"
                )
