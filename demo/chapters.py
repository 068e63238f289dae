"""The year's other chapters: four more case-file audits and one under way, a single-agency audit, Section 11,
S175 schools, training impact, and what runs behind the scenes (exception reports, routine summaries)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from demo.chapters_kinds import CHAIR, DUTY, LEARNING, QA, KindChapters, terms
from demo.data import DA_CONTEXT, RATING_CODES, SCHEDULE_2022_23
from demo.data_year import CASE_AUDITS, EXTRA_SCHEDULE, SINGLE_AGENCY

if TYPE_CHECKING:
    from demo.story import Chapter, Demo

AUDITORS = {"CSC": "auditor.csc@lscp.example", "WMP": "auditor.wmp@lscp.example",
            "NHS": "auditor.nhs@lscp.example", "EDU": "auditor.edu@lscp.example"}  # fmt: skip
ITEMS = SCHEDULE_2022_23 + EXTRA_SCHEDULE


class YearChapters(KindChapters):
    """Every chapter after the first audit, sharing the demo's application, clock and account."""

    def __init__(self, demo: Demo) -> None:
        self.demo, self.app = demo, demo.app

    def chapters(self) -> list[Chapter]:
        return [*(self.case_audit(spec) for spec in CASE_AUDITS), self.single_agency(), self.schools(),
                self.section_11(), self.training(), self.backstage()]  # fmt: skip

    # Appendix B's other case-file audits
    def case_audit(self, spec: dict[str, Any]) -> Chapter:
        yield spec["commissioned"]
        audit_id, theme = self.plan(spec["item"], spec["scope"], spec["dates"])
        self.app.adopt_audit_tool(self.by(QA), audit_id, spec["tool"])
        self.say(f"{theme}: commissioned from the schedule; terms drafted")
        yield spec["endorsed"]
        self.endorse(audit_id, spec["endorsed"])
        agencies = sorted({code for _, _, returns in spec["cases"].values() for code in returns})
        for code in agencies:
            auditor = self.by(AUDITORS[code])
            self.app.nominate_auditor(self.by(CHAIR), audit_id, self.demo.pid(AUDITORS[code]))
            self.app.confirm_tool_briefing(auditor, audit_id, self.demo.pid(AUDITORS[code]))
        for case_ref, (group, reason, returns) in spec["cases"].items():
            self.app.sample_case(self.by(QA), audit_id, case_ref, group, reason)
            for code in returns:
                self.app.assign_case(self.by(QA), audit_id, case_ref, self.demo.pid(AUDITORS[code]))
        start, end, moderation = spec["dates"][:3]
        yield start
        self.app.open_fieldwork(self.by(CHAIR), audit_id)
        units = [(case, code, r) for case, (_, _, returns) in spec["cases"].items() for code, r in returns.items()]
        for number, (case, code, answer) in enumerate(units):
            yield start + timedelta(days=2 + 2 * number)
            last = number == len(units) - 1 and spec.get("stop_after_fieldwork_opens")
            self.case_return(audit_id, spec, case, code, answer, submit=not last)
        if spec.get("stop_after_fieldwork_opens"):
            self.say(f"{theme}: fieldwork open until {end.isoformat()}; {len(units) - 1} of {len(units)} returns"
                     " submitted, one in draft")  # fmt: skip
            return
        yield end
        self.app.close_fieldwork(self.by(CHAIR), audit_id)
        yield moderation
        yield from self.moderate(audit_id, spec, theme, moderation)
        yield from self.report_stages(audit_id, spec, theme)

    def case_return(self, audit_id: UUID, spec: dict[str, Any], case: str, code: str, answer: Any,
                    submit: bool) -> None:  # fmt: skip
        ratings, voice_evident, notes = answer
        voice, lived, outcome = spec["sections"][case]
        answers = {q["id"]: {"rating": RATING_CODES[letter], "commentary": note.strip() + "."}
                   for q, letter, note in zip(spec["tool"], ratings, notes.split("|"), strict=True)}  # fmt: skip
        sections = {"voice_of_child": voice, "lived_experience": lived, "context": DA_CONTEXT[code],
                    "outcomes": outcome}  # fmt: skip
        if case in spec["good_practice"] and code == next(iter(spec["cases"][case][2])):
            sections["good_practice"] = spec["good_practice"][case]
        auditor = self.by(AUDITORS[code])
        self.app.save_return_draft(auditor, audit_id, case, answers=answers, sections=sections,
                                   child_voice_evident=voice_evident, context_factors=["caseload"])  # fmt: skip
        if submit:
            self.app.submit_return(auditor, audit_id, case)

    def moderate(self, audit_id: UUID, spec: dict[str, Any], theme: str, day: date) -> Chapter:
        chair = self.by(CHAIR)
        self.app.hold_moderation_meeting(chair, audit_id, day, ["Casey Chair", "Quinn Officer", "Sam Social",
                                                                "Pat Police", "Hari Health"])  # fmt: skip
        for case, code, question, to, reason in spec["moves"]:
            self.app.revise_rating(chair, audit_id, case, code, question, to, reason)
            self.say(f"{theme}: moderation: {question} for {case} ({code}) revised to {to}: {reason}")
        for kind, text in spec["findings"]:
            self.app.agree_finding(chair, audit_id, kind, text)
        self.app.complete_moderation(chair, audit_id)
        self.say(f"{theme}: moderation completed; works well: {spec['findings'][0][1]}")
        yield day

    # A single-agency audit within the police's own QA (4.1.1)
    def single_agency(self) -> Chapter:
        s, lead, chair = SINGLE_AGENCY, self.by("lead.wmp@lscp.example"), self.by(CHAIR)
        yield s["commissioned"]
        audit_id = self.app.commission_single_agency_audit(lead, s["theme"], s["focus"], s["rationale"]).id
        self.app.draft_terms_of_reference(chair, audit_id, terms("Three DA call-outs in September 2022.", s["dates"]))
        self.app.confirm_duty_to_communicate(chair, audit_id, DUTY)
        self.app.adopt_audit_tool(chair, audit_id, s["tool"])
        self.endorse(audit_id, s["commissioned"])
        pat = self.demo.pid(AUDITORS["WMP"])
        self.app.nominate_auditor(lead, audit_id, pat)
        self.app.confirm_tool_briefing(self.by(AUDITORS["WMP"]), audit_id, pat)
        for case in s["cases"]:
            self.app.sample_case(chair, audit_id, case, "first response", "DA call-out in September")
            self.app.assign_case(chair, audit_id, case, pat)
        self.say(f"Single-agency audit: the West Midlands Police lead commissioned '{s['theme']}'; only police"
                 " auditors take part; the ARG sees it in the programme")  # fmt: skip
        yield s["dates"][0]
        self.app.open_fieldwork(chair, audit_id)
        spec = {"tool": s["tool"], "good_practice": {},
                "cases": {c: ("", "", {"WMP": r}) for c, r in s["cases"].items()},
                "sections": {c: ("Not recorded at the scene.", "Children present at the call-out.",
                                 "Reviewed by the PPU.") for c in s["cases"]}}  # fmt: skip
        for case, answer in s["cases"].items():
            self.case_return(audit_id, spec, case, "WMP", answer, submit=True)
        yield s["dates"][1]
        self.app.close_fieldwork(chair, audit_id)
        yield s["dates"][2]
        self.app.hold_moderation_meeting(chair, audit_id, s["dates"][2], ["Dana Inspector", "Pat Police"])
        self.app.agree_finding(chair, audit_id, "emerging_concern", s["risk"])
        self.app.complete_moderation(chair, audit_id)
        risk = self.app.report_audit_risk(lead, audit_id, s["risk"])
        self.say("Single-agency audit: risk finding reported at once to the business manager")
        yield s["dates"][2] + timedelta(days=4)
        self.app.schedule_risk_report(self.by("business@lscp.example"), risk.id, s["meeting"])
        self.say(f"Business manager scheduled the risk report to the Executive Group on {s['meeting'].isoformat()}")
        rec = self.app.make_recommendation(chair, audit_id, "Supervisors review every standard-risk DASH with"
                                           " children in the household.").ref  # fmt: skip
        assert rec is not None
        self.app.agree_action(chair, audit_id, rec, "Daily supervisor review of standard-risk DASH",
                              "All reviewed within 24 hours", self.demo.pid("lead.wmp@lscp.example"),
                              date(2023, 3, 31))  # fmt: skip
        self.app.record_dissemination_plan(self.by(LEARNING), audit_id, "Force-wide DASH briefing.",
                                           ["Dip sample in June"])  # fmt: skip
        self.app.draft_report(chair, audit_id, "DASH grading under-states risk to children.")
        yield s["dates"][3]
        self.app.sign_off_report(chair, audit_id, s["dates"][3])
        yield s["dates"][4]
        self.app.present_report_to_arg(chair, audit_id, s["dates"][4])
        self.say("Single-agency audit: report presented to the ARG")
