"""The demo: the partnership's whole 2022/23 year (Appendix B and every other kind of audit), told as it happened.

Each audit is a chapter: a generator that yields the date of its next step. The chapters are played in date
order on one clock, so every event is stamped with the day it happened, and the account is the same on every run.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol
from uuid import UUID

from application.app import AssureApplication
from application.principal import Principal
from demo.data import (
    AGENCIES,
    CASES,
    DA_CASE_FACTS,
    DA_CONTEXT,
    DA_GOOD_PRACTICE,
    DA_LENSES,
    DA_LIVED,
    DA_OUTCOMES,
    DA_RATINGS,
    DA_TOOL,
    DA_VERDICT,
    DA_VOICE,
    PEOPLE,
    RATING_CODES,
    SCHEDULE_2022_23,
)
from demo.data_year import EXTRA_SCHEDULE
from domain.errors import AuditorHasCaseLink
from domain.values import Role

YEAR = "2022/23"
DEMO_END = date(2023, 3, 31)
FIRST_AUDIT_ENDS = date(2022, 11, 14)  # where the first audit's chapter stops when told it alone
Chapter = Iterator[date]


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


class Backstage(Protocol):
    """What runs behind the scenes: the periodic scans, and emailing what they issue."""

    def exception_report(self) -> str | None: ...

    def routine_summary(self) -> str | None: ...


def play(clock: DemoClock, chapters: list[Chapter], until: date) -> None:
    """Run the chapters' steps in date order (ties in chapter order), none after ``until``."""
    queue: list[tuple[date, int, Chapter]] = []

    def schedule(number: int, chapter: Chapter) -> None:
        day = next(chapter, None)
        if day is not None and day <= until:
            heapq.heappush(queue, (day, number, chapter))

    for number, chapter in enumerate(chapters):
        schedule(number, chapter)
    while queue:
        day, number, chapter = heapq.heappop(queue)
        clock.set(day)
        schedule(number, chapter)


class Demo:
    """Drives the year through the application, writing a dated account of what happened."""

    def __init__(self, app: AssureApplication, clock: DemoClock, backstage: Backstage | None = None) -> None:
        self.app, self.clock, self.backstage = app, clock, backstage
        self.lines: list[str] = []
        self.actions: list[UUID] = []
        self.people: dict[str, Principal] = {}
        self.audits: dict[str, UUID] = {}

    def say(self, line: str) -> None:
        self.lines.append(f"{self.clock.current.date().isoformat()}  {line}")

    def who(self, email: str) -> Principal:
        if email not in self.people:  # people registered during the year (organisations' leads, DSLs)
            self.people[email] = self.app.principal(self.app.person_id_for(email))
        return self.people[email]

    def pid(self, email: str) -> UUID:
        person_id = self.who(email).person_id
        assert person_id is not None
        return person_id

    def run(self, first_audit_only: bool = False) -> list[str]:
        """Play the year (or only the first audit, to 14 November 2022); returns the account."""
        self.partnership()
        self.schedule()
        chapters: list[Chapter] = [self.deep_dive(first_audit_only)]
        until = FIRST_AUDIT_ENDS if first_audit_only else DEMO_END
        if not first_audit_only:
            from demo.chapters import YearChapters

            chapters += YearChapters(self).chapters()
        play(self.clock, chapters, until)
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
        self.say(f"Partnership: {len(AGENCIES)} agencies and {len(PEOPLE)} people registered")

    def schedule(self) -> None:
        arg = self.who("arg@lscp.example")
        self.app.propose_schedule(arg, YEAR)
        for item in SCHEDULE_2022_23 + EXTRA_SCHEDULE:
            self.app.plan_scheduled_audit(arg, YEAR, item)
        self.clock.set(date(2022, 4, 20))
        self.app.approve_schedule(self.who("exec@lscp.example"), YEAR)
        self.say(f"Schedule {YEAR}: the {len(SCHEDULE_2022_23)} audits of Appendix B, with S175, Section 11 and"
                 " training impact, planned by the ARG and approved by the Executive")  # fmt: skip

    # The first audit: the July 2022 domestic abuse deep dive
    def deep_dive(self, first_audit_only: bool) -> Chapter:
        yield date(2022, 5, 10)
        audit_id = self.planning()
        yield date(2022, 6, 21)
        self.endorsement(audit_id)
        yield date(2022, 7, 4)
        self.app.open_fieldwork(self.who("chair@lscp.example"), audit_id)
        # The story itself looks up the returns to fill in (a system read, so not a person's read on the trail).
        audit = self.app.get_audit(Principal.for_system("demo", Role.AUDIT_CHAIR), audit_id)
        for day in sorted({n % 20 for n in range(len(audit["returns"]))}):
            yield date(2022, 7, 11) + timedelta(days=day)
            for number, row in enumerate(audit["returns"]):
                if number % 20 == day:
                    self.complete_return(audit_id, row, audit["questions"])
        yield date(2022, 7, 31)
        self.concern(audit_id)
        yield date(2022, 8, 5)
        self.app.close_fieldwork(self.who("chair@lscp.example"), audit_id)
        self.say(f"DA deep dive: fieldwork closed, {len(audit['returns'])} returns submitted from 2022-07-04")
        yield from self.moderation(audit_id)
        yield from self.reporting(audit_id)
        yield from self.dissemination(audit_id, first_audit_only)

    def planning(self) -> UUID:
        chair, qa = self.who("chair@lscp.example"), self.who("qa@lscp.example")
        item = SCHEDULE_2022_23[0]
        audit_id = self.app.commission_audit(self.who("arg@lscp.example"), item["kind"], item["theme"],
                                             item["focus"], item["rationale"], (YEAR, "S01")).id  # fmt: skip
        self.audits["Domestic Abuse"] = audit_id
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
        self.say("DA deep dive: commissioned by the ARG from the schedule; terms drafted, tool adopted")
        return audit_id

    def endorsement(self, audit_id: UUID) -> None:
        chair, qa = self.who("chair@lscp.example"), self.who("qa@lscp.example")
        self.app.endorse_terms_of_reference(chair, audit_id, date(2022, 6, 21), True, True)
        self.app.agree_rating_guidance(chair, audit_id, date(2022, 6, 21))
        auditors = ["auditor.csc@lscp.example", "auditor2.csc@lscp.example", "auditor.wmp@lscp.example",
                    "auditor.nhs@lscp.example", "auditor.edu@lscp.example"]  # fmt: skip
        for email in auditors:
            self.app.nominate_auditor(chair, audit_id, self.pid(email), new_to_auditing=email.startswith("auditor2"))
            self.app.confirm_tool_briefing(self.who(email), audit_id, self.pid(email))
        for case_ref, group, reason in CASES:
            self.app.sample_case(qa, audit_id, case_ref, group, reason)
        self.say(f"DA deep dive: planning: terms endorsed, tool of {len(DA_TOOL)} questions with rating guidance,"
                 f" {len(auditors)} auditors briefed, {len(CASES)} cases sampled")  # fmt: skip
        linked = self.who("auditor2.csc@lscp.example")
        self.app.declare_case_link(linked, audit_id, self.pid("auditor2.csc@lscp.example"), "DA-03",
                                   "managed the case in 2021")  # fmt: skip
        try:
            self.app.assign_case(qa, audit_id, "DA-03", self.pid("auditor2.csc@lscp.example"))
        except AuditorHasCaseLink as refused:
            self.say(f"DA deep dive: assignment refused: {refused}")
        for case_no, (case_ref, _, _) in enumerate(CASES, start=1):
            for email in ("auditor.wmp@lscp.example", "auditor.nhs@lscp.example", "auditor.edu@lscp.example"):
                self.app.assign_case(qa, audit_id, case_ref, self.pid(email))
            csc = "auditor.csc@lscp.example" if case_no <= 5 else "auditor2.csc@lscp.example"
            self.app.assign_case(qa, audit_id, case_ref, self.pid(csc))

    def complete_return(self, audit_id: UUID, row: dict[str, str], questions: list[dict[str, Any]]) -> None:
        auditor = self.app.principal(UUID(row["auditor_id"]))
        code = self.app.agency_by_id(UUID(row["agency_id"])).code
        case, ratings = row["case_ref"], DA_RATINGS[row["case_ref"]][code]
        asked = [q for q in questions if not q["applies_to"] or code == "WMP"]
        answers = {}
        for q, letter in zip(asked, ratings, strict=True):
            rating = RATING_CODES[letter]
            answers[q["id"]] = {
                "rating": rating,
                "commentary": f"{DA_LENSES[code][q['id']]} {DA_CASE_FACTS[case]} {DA_VERDICT[rating]}",
            }
        voice_evident, voice = DA_VOICE[code]
        sections = {"voice_of_child": voice, "lived_experience": DA_LIVED[case], "context": DA_CONTEXT[code],
                    "outcomes": DA_OUTCOMES[case]}  # fmt: skip
        if case in DA_GOOD_PRACTICE and code == "CSC":
            sections["good_practice"] = DA_GOOD_PRACTICE[case]
        factors = ["caseload", "churn"] if code in ("CSC", "NHS") else ["caseload"]
        self.app.save_return_draft(auditor, audit_id, case, answers=answers)
        self.app.save_return_draft(auditor, audit_id, case, sections=sections, child_voice_evident=voice_evident,
                                   context_factors=factors)  # fmt: skip
        self.app.submit_return(auditor, audit_id, case)

    def concern(self, audit_id: UUID) -> None:
        pat, lead = self.who("auditor.wmp@lscp.example"), self.who("lead.wmp@lscp.example")
        concern = self.app.raise_concern(
            pat,
            audit_id,
            "DA-07",
            self.pid("lead.wmp@lscp.example"),
            "Perpetrator released on bail to the family home; no safety plan in place.",
        )
        self.clock.set(date(2022, 8, 1))
        self.app.escalate_concern(Principal.for_system("escalation"), concern.id)
        self.app.acknowledge_concern(
            lead, concern.id, "Safety plan agreed with the family and bail conditions reviewed today."
        )
        self.say("DA deep dive: urgent concern on DA-07 raised with the West Midlands Police lead, escalated once,"
                 " acknowledged")  # fmt: skip

    def moderation(self, audit_id: UUID) -> Chapter:
        chair = self.who("chair@lscp.example")
        yield date(2022, 8, 12)
        self.app.review_initial_findings(
            chair, audit_id, questions=["Was the DVPN in DA-05 shared with school?"],
            gaps=["Health records for DA-09 incomplete"],
            inconsistencies=["DA-06 rated Requires improvement by police, Inadequate by health on coercive control"],
            themes=["Coercive control rarely named", "Child's voice stronger in CSC"],
        )  # fmt: skip
        yield date(2022, 8, 19)
        attendees = ["Casey Chair", "Quinn Officer", "Sam Social", "Pat Police", "Hari Health", "Ellis Education"]
        self.app.hold_moderation_meeting(chair, audit_id, date(2022, 8, 19), attendees)
        moves = [
            ("DA-04", "WMP", "Q3", "Body-worn footage shows the child crying, but nothing the child said is"
             " recorded: the group agreed the voice of the child is not evident enough for Good."),
            ("DA-07", "EDU", "Q1", "The disclosure was logged the same day but not referred to children's social"
             " care for a week: the group agreed that falls short of Good."),
        ]  # fmt: skip
        for case_ref, code, question, reason in moves:
            self.app.revise_rating(chair, audit_id, case_ref, code, question, "Requires improvement", reason)
            self.say(f"DA deep dive: moderation: {question} for {case_ref} ({code}) revised from Good to Requires"
                     f" improvement: {reason}")  # fmt: skip
        self.app.agree_finding(chair, audit_id, "works_well", "Police and CSC share DA notifications within 24 hours.")
        self.app.agree_finding(chair, audit_id, "emerging_concern", "Coercive control is rarely named in plans.")
        self.app.agree_finding(chair, audit_id, "overall_judgement", "Practice is mostly good; planning lags.")
        self.app.record_practice_context(chair, audit_id, "Social work churn of 30% over the year.",
                                         ["churn", "caseload"])  # fmt: skip
        self.app.record_family_consultation(chair, audit_id, "Two mothers consulted; both valued the DA worker.")
        self.app.record_process_learning(chair, audit_id, "Allow two more days for health record retrieval.")
        self.app.complete_moderation(chair, audit_id)
        self.say("DA deep dive: moderation meeting held with 6 attendees, 3 findings agreed, moderation completed")

    def reporting(self, audit_id: UUID) -> Chapter:
        chair = self.who("chair@lscp.example")
        yield date(2022, 8, 26)
        recommendations = [
            ("All agencies name coercive control in assessments and plans.", "lead.csc@lscp.example",
             "Coercive control named in 80% of DA plans at re-audit", date(2023, 1, 31)),
            ("Police share DVPN outcomes with schools within one working day.", "lead.wmp@lscp.example",
             "DVPN notifications to schools logged within one day", date(2022, 12, 31)),
            ("Health records capture the child's voice at every DA contact.", "lead.nhs@lscp.example",
             "Child's voice evident in 75% of health DA records", date(2023, 3, 31)),
        ]  # fmt: skip
        for text, owner, measure, due in recommendations:
            rec = self.app.make_recommendation(chair, audit_id, text).ref
            assert rec is not None
            self.actions.append(self.app.agree_action(chair, audit_id, rec, text, measure, self.pid(owner), due).id)
        measures = ["Workshop attendance", "Re-audit of coercive control in plans"]
        self.app.record_dissemination_plan(
            self.who("learning@lscp.example"),
            audit_id,
            "Seven-minute briefing and two DA practice workshops.",
            measures,
        )
        self.app.draft_report(chair, audit_id, "Domestic abuse deep dive: practice mostly good; planning lags.")
        yield date(2022, 9, 6)
        self.app.sign_off_report(chair, audit_id, date(2022, 9, 6))
        yield date(2022, 9, 13)
        self.app.present_report_to_arg(chair, audit_id, date(2022, 9, 13))
        self.say(f"DA deep dive: {len(recommendations)} recommendations with SMART actions; report signed off"
                 " 2022-09-06 and presented to the ARG")  # fmt: skip

    def dissemination(self, audit_id: UUID, first_audit_only: bool) -> Chapter:
        yield date(2022, 10, 3)
        for code, email, text in (
            ("CSC", "lead.csc@lscp.example", "Findings shared at the team briefing; coercive control is now a"
             " standing item in supervision."),
            ("WMP", "lead.wmp@lscp.example", "PPU briefed at the shift change; the DVPN checklist reissued."),
        ):  # fmt: skip
            self.app.record_agency_feedback(self.who(email), audit_id, code, date(2022, 10, 3), text)
        self.app.report_action_progress(self.who("lead.csc@lscp.example"), self.actions[0],
                                        "Assessment template updated.")  # fmt: skip
        yield date(2022, 11, 14)
        self.app.block_action(self.who("lead.wmp@lscp.example"), self.actions[1],
                              "Schools' secure email addresses not yet available to the police.")  # fmt: skip
        self.say("DA deep dive: feedback recorded by 2 agencies; action R2.1 blocked")
        if first_audit_only:
            return
        yield from self.follow_through(audit_id)

    def follow_through(self, audit_id: UUID) -> Chapter:
        csc, wmp, nhs = (self.who(f"lead.{a}@lscp.example") for a in ("csc", "wmp", "nhs"))
        yield date(2022, 12, 5)
        self.app.unblock_action(wmp, self.actions[1], "The education team gave the PPU every school's secure inbox.")
        self.app.report_action_progress(nhs, self.actions[2], "Child's voice prompt added to the health visiting"
                                        " DA template.")  # fmt: skip
        yield date(2022, 12, 20)
        self.app.record_agency_feedback(nhs, audit_id, "NHS", date(2022, 12, 20),
                                        "Named nurses cascaded the findings to health visiting teams.")  # fmt: skip
        self.app.record_agency_feedback(self.who("lead.edu@lscp.example"), audit_id, "EDU", date(2022, 12, 20),
                                        "DSL network meeting on coercive control and the DVPN notices.")  # fmt: skip
        yield date(2023, 1, 16)
        self.app.complete_action(csc, self.actions[0], "Re-audit of 20 DA plans: coercive control named in 17"
                                 " (85%).")  # fmt: skip
        self.say("DA deep dive: action R1.1 completed with evidence: coercive control named in 85% of re-audited"
                 " plans")  # fmt: skip
        yield date(2023, 1, 24)
        self.app.close_audit(self.who("chair@lscp.example"), audit_id)
        self.say("DA deep dive: closed by the chair, every recommendation answered by a SMART action")


def load_demo(
    app: AssureApplication, clock: DemoClock, first_audit_only: bool = False, backstage: Backstage | None = None
) -> list[str]:
    """Load the demo into an empty store and return the dated account (the whole year unless told otherwise)."""
    return Demo(app, clock, backstage).run(first_audit_only)
