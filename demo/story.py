"""The demo: the partnership, its 2022/23 schedule, and the July 2022 domestic-abuse deep dive end to end."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from application.app import AssureApplication
from application.principal import Principal
from demo.data import AGENCIES, CASES, DA_TOOL, PEOPLE, SCALE, SCHEDULE_2022_23
from domain.errors import AuditorHasCaseLink
from domain.values import Role

YEAR = "2022/23"


class DemoClock:
    """A clock the demo sets to the day each step happened; each reading moves on a minute."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def set(self, day: date) -> None:
        """Move to nine o'clock on a day (never backwards)."""
        self.current = max(self.current, datetime(day.year, day.month, day.day, 9, tzinfo=UTC))

    def __call__(self) -> datetime:
        self.current += timedelta(minutes=1)
        return self.current


def rating_for(case_no: int, question_no: int, agency_no: int) -> str:
    """A fixed, varied pattern of ratings, so the demo is deterministic."""
    pattern = (1, 1, 2, 0, 1, 2, 3, 1, 2, 1, 0)
    return SCALE[pattern[(case_no * 3 + question_no * 5 + agency_no * 7) % len(pattern)]]


class Demo:
    """Drives the demo scenario through the application, printing a stage-by-stage account."""

    def __init__(self, app: AssureApplication, clock: DemoClock) -> None:
        self.app, self.clock = app, clock
        self.lines: list[str] = []
        self.actions: list[UUID] = []
        self.people: dict[str, Principal] = {}
        self.agencies: dict[str, tuple[int, str, str]] = {}

    def say(self, line: str) -> None:
        self.lines.append(line)

    def who(self, email: str) -> Principal:
        return self.people[email]

    def run(self) -> list[str]:
        """Run every step; returns the account."""
        self.partnership()
        self.schedule()
        audit_id = self.planning()
        self.fieldwork(audit_id)
        self.moderation(audit_id)
        self.reporting(audit_id)
        self.dissemination(audit_id)
        return self.lines

    def partnership(self) -> None:
        self.clock.set(date(2022, 4, 1))
        system = Principal.for_system("demo", Role.ADMIN)
        admin_id = self.app.register_person(system, *PEOPLE[0][:2], None, ["admin"]).id
        admin = self.app.principal(admin_id)
        for code, name, kind in AGENCIES:
            self.app.register_agency(admin, code, name, kind)
        for name, email, agency, roles in PEOPLE[1:]:
            self.app.register_person(admin, name, email, agency, roles)
        self.people = {email: self.app.principal(self.app.person_id_for(email)) for _, email, _, _ in PEOPLE}
        self.agencies = {str(self.app.agency(code).id): (number, code, kind)
                         for number, (code, _, kind) in enumerate(AGENCIES)}  # fmt: skip
        self.say(f"Partnership: {len(AGENCIES)} agencies and {len(PEOPLE)} people registered")

    def schedule(self) -> None:
        arg = self.who("arg@lscp.example")
        self.app.propose_schedule(arg, YEAR)
        for item in SCHEDULE_2022_23:
            self.app.plan_scheduled_audit(arg, YEAR, item)
        self.clock.set(date(2022, 4, 20))
        self.app.approve_schedule(self.who("exec@lscp.example"), YEAR)
        self.say(f"Schedule {YEAR}: {len(SCHEDULE_2022_23)} audits planned by the ARG, approved by the Executive")

    def planning(self) -> UUID:
        chair, qa = self.who("chair@lscp.example"), self.who("qa@lscp.example")
        self.clock.set(date(2022, 5, 10))
        item = SCHEDULE_2022_23[0]
        audit_id = self.app.commission_audit(self.who("arg@lscp.example"), item["kind"], item["theme"],
                                             item["focus"], item["rationale"], (YEAR, "S01")).id  # fmt: skip
        terms = {
            "scope": "Ten children known to Children's Services where domestic abuse is a concern, practice in the"
            " twelve months to June 2022.",
            "auditor_responsibilities": "Audit the agency's own records; tell case-holding teams the purpose,"
            " process and focus of the audit before starting.",
            "competing_demands": "Avoids the school holidays peak and the JTAI preparation in June.",
            "barriers": "Consent is not needed; information is shared under public task (Appendix A).",
        } | {k: item[k] for k in ("fieldwork_start", "fieldwork_end", "moderation_date", "sign_off_date",
                                  "report_to_arg_date")}  # fmt: skip
        self.app.draft_terms_of_reference(chair, audit_id, terms)
        self.app.confirm_duty_to_communicate(chair, audit_id, "Each auditor tells the case-holding team the purpose,"
                                             " process and focus of the audit before reading the file.")  # fmt: skip
        self.app.adopt_audit_tool(qa, audit_id, DA_TOOL)
        self.clock.set(date(2022, 6, 21))
        self.app.endorse_terms_of_reference(chair, audit_id, date(2022, 6, 21), True, True)
        self.app.agree_rating_guidance(chair, audit_id, date(2022, 6, 21))
        auditors = ["auditor.csc@lscp.example", "auditor2.csc@lscp.example", "auditor.wmp@lscp.example",
                    "auditor.nhs@lscp.example", "auditor.edu@lscp.example"]  # fmt: skip
        for email in auditors:
            person = self.who(email)
            assert person.person_id is not None
            self.app.nominate_auditor(chair, audit_id, person.person_id, new_to_auditing=email.startswith("auditor2"))
            self.app.confirm_tool_briefing(person, audit_id, person.person_id)
        for case_ref, group, reason in CASES:
            self.app.sample_case(qa, audit_id, case_ref, group, reason)
        self.say(f"Planning: terms endorsed 2022-06-21, tool of {len(DA_TOOL)} questions adopted with rating"
                 f" guidance, {len(auditors)} auditors briefed, {len(CASES)} cases sampled")  # fmt: skip
        self.assignments(audit_id)
        return audit_id

    def assignments(self, audit_id: UUID) -> None:
        qa, linked = self.who("qa@lscp.example"), self.who("auditor2.csc@lscp.example")
        assert linked.person_id is not None
        self.app.declare_case_link(linked, audit_id, linked.person_id, "DA-03", "managed the case in 2021")
        try:
            self.app.assign_case(qa, audit_id, "DA-03", linked.person_id)
        except AuditorHasCaseLink as refused:
            self.say(f"Assignment refused: {refused}")
        for case_no, (case_ref, _, _) in enumerate(CASES, start=1):
            for email in ("auditor.wmp@lscp.example", "auditor.nhs@lscp.example", "auditor.edu@lscp.example"):
                self.app.assign_case(qa, audit_id, case_ref, self._id(email))
            csc = "auditor.csc@lscp.example" if case_no <= 5 else "auditor2.csc@lscp.example"
            self.app.assign_case(qa, audit_id, case_ref, self._id(csc))
        self.say(f"Assignments: {len(CASES) * len(AGENCIES)} returns assigned across {len(AGENCIES)} agencies")

    def _id(self, email: str) -> UUID:
        person_id = self.who(email).person_id
        assert person_id is not None
        return person_id

    def fieldwork(self, audit_id: UUID) -> None:
        chair = self.who("chair@lscp.example")
        self.clock.set(date(2022, 7, 4))
        self.app.open_fieldwork(chair, audit_id)
        audit = self.app.get_audit(chair, audit_id)
        for number, row in enumerate(audit["returns"]):
            self.clock.set(date(2022, 7, 11) + timedelta(days=number % 20))
            self.complete_return(audit_id, row, audit["questions"])
        pat = self.who("auditor.wmp@lscp.example")
        concern = self.app.raise_concern(
            pat,
            audit_id,
            "DA-07",
            self._id("lead.wmp@lscp.example"),
            "Perpetrator released on bail to the family home; no safety plan in place.",
        )
        self.clock.set(date(2022, 8, 1))
        self.app.escalate_concern(Principal.for_system("escalation"), concern.id)
        self.app.acknowledge_concern(
            self.who("lead.wmp@lscp.example"),
            concern.id,
            "Safety plan agreed with the family and bail conditions reviewed today.",
        )
        self.say("Urgent concern on DA-07 raised with the West Midlands Police lead, escalated once, acknowledged")
        self.clock.set(date(2022, 8, 5))
        self.app.close_fieldwork(chair, audit_id)
        self.say(f"Fieldwork: opened 2022-07-04, {len(audit['returns'])} returns submitted, closed 2022-08-05")

    def complete_return(self, audit_id: UUID, row: dict[str, str], questions: list[dict[str, Any]]) -> None:
        auditor = self.app.principal(UUID(row["auditor_id"]))
        agency_no, code, kind = self.agencies[row["agency_id"]]
        case_no = int(row["case_ref"][3:])
        answers = {
            q["id"]: {"rating": rating_for(case_no, n, agency_no),
                      "commentary": f"{code} records for {row['case_ref']}: evidence against {q['id']}."}
            for n, q in enumerate(questions) if not q["applies_to"] or kind in q["applies_to"]
        }  # fmt: skip
        voice_evident = (case_no + agency_no) % 3 != 0
        sections = {
            "voice_of_child": "The child's wishes are recorded in their own words." if voice_evident
            else "Records describe the parent's view; the child's own voice is not evident.",
            "lived_experience": "Daily life shaped by fear of the next incident; school attendance fell.",
            "context": "High caseloads and a change of social worker during the period.",
            "good_practice": "Prompt information sharing after the police call-out.",
            "outcomes": "Risk reduced; the family engaged with the DA service.",
        }  # fmt: skip
        factors = ["caseload", "churn"] if case_no % 2 else ["caseload"]
        self.app.save_return_draft(auditor, audit_id, row["case_ref"], answers=answers)
        self.app.save_return_draft(auditor, audit_id, row["case_ref"], sections=sections,
                                   child_voice_evident=voice_evident, context_factors=factors)  # fmt: skip
        self.app.submit_return(auditor, audit_id, row["case_ref"])

    def moderation(self, audit_id: UUID) -> None:
        chair = self.who("chair@lscp.example")
        self.clock.set(date(2022, 8, 12))
        self.app.review_initial_findings(
            chair,
            audit_id,
            questions=["Was the DVPN in DA-05 shared with school?"],
            gaps=["Health records for DA-09 incomplete"],
            inconsistencies=["Q3 rated Outstanding by police, Inadequate by school"],
            themes=["Coercive control rarely named", "Child's voice stronger in CSC"],
        )
        self.clock.set(date(2022, 8, 19))
        attendees = ["Casey Chair", "Quinn Officer", "Sam Social", "Pat Police", "Hari Health", "Ellis Education"]
        self.app.hold_moderation_meeting(chair, audit_id, date(2022, 8, 19), attendees)
        moves = [("DA-04", "WMP", "Q3"), ("DA-07", "EDU", "Q1")]
        for case_ref, code, question in moves:
            current = self.app.get_return(chair, audit_id, case_ref, code)["answers"][question]["rating"]
            to = "Good" if current != "Good" else "Requires improvement"
            self.app.revise_rating(
                chair,
                audit_id,
                case_ref,
                code,
                question,
                to,
                "moderation agreed the evidence supports a different rating",
            )
            self.say(f"Moderation: {question} for {case_ref} ({code}) revised from {current} to {to}")
        self.app.agree_finding(chair, audit_id, "works_well", "Police and CSC share DA notifications within 24 hours.")
        self.app.agree_finding(chair, audit_id, "emerging_concern", "Coercive control is rarely named in plans.")
        self.app.agree_finding(chair, audit_id, "overall_judgement", "Practice is mostly good; planning lags.")
        self.app.record_practice_context(
            chair, audit_id, "Social work churn of 30% over the year.", ["churn", "caseload"]
        )
        self.app.record_family_consultation(chair, audit_id, "Two mothers consulted; both valued the DA worker.")
        self.app.record_process_learning(chair, audit_id, "Allow two more days for health record retrieval.")
        self.app.complete_moderation(chair, audit_id)
        self.say("Moderation: meeting held 2022-08-19 with 6 attendees, 3 findings agreed, moderation completed")

    def reporting(self, audit_id: UUID) -> None:
        chair = self.who("chair@lscp.example")
        self.clock.set(date(2022, 8, 26))
        recommendations = [
            ("All agencies name coercive control in assessments and plans.", "lead.csc@lscp.example",
             "Coercive control named in 80% of DA plans at re-audit", date(2023, 1, 31)),
            ("Police share DVPN outcomes with schools within one working day.", "lead.wmp@lscp.example",
             "DVPN notifications to schools logged within one day", date(2022, 12, 31)),
            ("Health records capture the child's voice at every DA contact.", "lead.nhs@lscp.example",
             "Child's voice evident in 75% of health DA records", date(2023, 3, 31)),
        ]  # fmt: skip
        actions = []
        for text, owner, measure, due in recommendations:
            rec = self.app.make_recommendation(chair, audit_id, text).ref
            assert rec is not None
            actions.append(self.app.agree_action(chair, audit_id, rec, text, measure, self._id(owner), due).id)
        self.app.record_dissemination_plan(
            self.who("learning@lscp.example"),
            audit_id,
            "Seven-minute briefing and two DA practice workshops.",
            ["Workshop attendance", "Re-audit of coercive control in plans"],
        )
        self.app.draft_report(chair, audit_id, "Domestic abuse deep dive: practice mostly good; planning lags.")
        self.clock.set(date(2022, 9, 6))
        self.app.sign_off_report(chair, audit_id, date(2022, 9, 6))
        self.clock.set(date(2022, 9, 13))
        self.app.present_report_to_arg(chair, audit_id, date(2022, 9, 13))
        self.say(f"Reporting: {len(recommendations)} recommendations with SMART actions; signed off 2022-09-06;"
                 " presented to the ARG 2022-09-13")  # fmt: skip
        self.actions = actions

    def dissemination(self, audit_id: UUID) -> None:
        self.clock.set(date(2022, 10, 3))
        for code, email in (("CSC", "lead.csc@lscp.example"), ("WMP", "lead.wmp@lscp.example")):
            self.app.record_agency_feedback(self.who(email), audit_id, code, date(2022, 10, 3),
                                            "Findings shared at the team briefing.")  # fmt: skip
        self.app.report_action_progress(self.who("lead.csc@lscp.example"), self.actions[0],
                                        "Assessment template updated.")  # fmt: skip
        self.clock.set(date(2022, 11, 14))
        self.app.block_action(self.who("lead.wmp@lscp.example"), self.actions[1],
                              "Schools' secure email addresses not yet available to the police.")  # fmt: skip
        self.say("Follow-through: feedback recorded by 2 agencies; action R2.1 blocked")


def load_demo(app: AssureApplication, clock: DemoClock) -> list[str]:
    """Load the demo data into an empty store and return the stage-by-stage account."""
    return Demo(app, clock).run()
