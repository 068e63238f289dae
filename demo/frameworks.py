"""Standards frameworks for the self-assessment audits: Section 11 (guidance 4.2.1, the West Midlands shared tool)
and S157/175 (Keeping Children Safe in Education 2022)."""

from __future__ import annotations


def _standard(sid: str, title: str, guidance: str, evidence: str) -> dict[str, str]:
    return {"id": sid, "title": title, "guidance": guidance, "evidence_expected": evidence}


SECTION_11_NAME = "Section 11 (West Midlands shared tool)"
SECTION_11_STANDARDS: list[dict[str, str]] = [
    _standard("S11.1", "Senior management commitment to safeguarding",
              "A named board-level lead is accountable for safeguarding and reports on it at least yearly.",
              "Board minutes; the named lead's role description; the annual safeguarding report."),
    _standard("S11.2", "A clear line of accountability for safeguarding",
              "Everyone knows who to go to, and escalation routes are written down and used.",
              "Organisation chart; escalation policy; examples of escalations in the last year."),
    _standard("S11.3", "Service development takes account of safeguarding and the child's voice",
              "Services are planned with children's and families' views and with safeguarding in mind.",
              "Consultation records; equality and safeguarding impact assessments; changes made as a result."),
    _standard("S11.4", "Staff training on safeguarding",
              "Staff have training matched to their role, refreshed on time, and apply it.",
              "Training matrix and completion rates by role; evaluation of impact."),
    _standard("S11.5", "Safer recruitment, supervision and allegations",
              "Recruitment checks are complete; allegations against staff go to the LADO.",
              "Single central record audit; LADO referrals; supervision policy and audit."),
    _standard("S11.6", "Effective inter-agency working and information sharing",
              "The organisation takes part in multi-agency work and shares information lawfully and promptly.",
              "Attendance at strategy meetings and conferences; information-sharing agreement; audit of referrals."),
]  # fmt: skip

KCSIE_NAME = "S175 Keeping Children Safe in Education 2022"
KCSIE_STANDARDS: list[dict[str, str]] = [
    _standard("K1", "A designated safeguarding lead with time, training and deputies",
              "The DSL is on the senior leadership team, trained every two years, with trained deputies.",
              "DSL job description; training certificates; cover arrangements."),
    _standard("K2", "A child protection policy that reflects local procedures",
              "The policy is reviewed yearly, published, and follows the LSCP's procedures.",
              "Policy with review date; governing body minute approving it; website link."),
    _standard("K3", "All staff have read Part one and are trained",
              "Staff have read KCSIE Part one and had safeguarding training at induction and updates.",
              "Signed read-receipts; induction and update records."),
    _standard("K4", "Safer recruitment and the single central record",
              "Checks are complete before staff start; the single central record is accurate.",
              "Single central record; recruitment panel training; sample of personnel files."),
    _standard("K5", "Online safety: filtering and monitoring",
              "Filtering and monitoring are in place and reviewed; children are taught to stay safe online.",
              "Filtering reports; review record; curriculum map."),
    _standard("K6", "Children missing education and attendance",
              "Unexplained absence is followed up the same day and children missing education are referred.",
              "Attendance procedure; CME referrals; first-day calling logs."),
]  # fmt: skip
