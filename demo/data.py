"""The demo partnership's fixed data: agencies, people, the 2022/23 schedule (Appendix B) and an audit tool."""

from __future__ import annotations

from datetime import date
from typing import Any

AGENCIES: list[tuple[str, str, str]] = [
    ("CSC", "Solihull Children's Services", "childrens_services"),
    ("WMP", "West Midlands Police", "police"),
    ("NHS", "NHS Birmingham and Solihull", "health"),
    ("EDU", "Solihull Education and Schools", "education"),
]

# name, email, agency code, roles
PEOPLE: list[tuple[str, str, str | None, list[str]]] = [
    ("Avery Admin", "admin@lscp.example", None, ["admin"]),
    ("Rowan Arg", "arg@lscp.example", None, ["arg_member"]),
    ("Eden Exec", "exec@lscp.example", None, ["executive"]),
    ("Casey Chair", "chair@lscp.example", None, ["audit_chair"]),
    ("Quinn Officer", "qa@lscp.example", None, ["qa_officer"]),
    ("Blair Manager", "business@lscp.example", None, ["business_manager"]),
    ("Logan Learning", "learning@lscp.example", None, ["learning_dev"]),
    ("Gray Governance", "governance@lscp.example", None, ["governance"]),
    ("Sam Social", "auditor.csc@lscp.example", "CSC", ["auditor"]),
    ("Jo Linked", "auditor2.csc@lscp.example", "CSC", ["auditor"]),
    ("Pat Police", "auditor.wmp@lscp.example", "WMP", ["auditor"]),
    ("Hari Health", "auditor.nhs@lscp.example", "NHS", ["auditor"]),
    ("Ellis Education", "auditor.edu@lscp.example", "EDU", ["auditor"]),
    ("Morgan Lead", "lead.csc@lscp.example", "CSC", ["agency_lead"]),
    ("Dana Inspector", "lead.wmp@lscp.example", "WMP", ["agency_lead"]),
    ("Robin Nurse", "lead.nhs@lscp.example", "NHS", ["agency_lead"]),
    ("Terry Head", "lead.edu@lscp.example", "EDU", ["agency_lead"]),
]


def _item(month: str, kind: str, theme: str, focus: str, rationale: str, sample: str,
          *dates: date | None) -> dict[str, Any]:  # fmt: skip
    keys = ("fieldwork_start", "fieldwork_end", "moderation_date", "sign_off_date", "report_to_arg_date")
    return {"month": month, "kind": kind, "theme": theme, "focus": focus, "rationale": rationale,
            "sample": sample} | dict(zip(keys, dates, strict=True))  # fmt: skip


SCHEDULE_2022_23: list[dict[str, Any]] = [
    _item("2022-07", "thematic_deep_dive", "Domestic Abuse",
          "multi-agency response to children where DA is a concern/understanding of coercive control/use of DVPNs"
          " and DVPOs/Early Help/thresholds/VOC/outcomes",
          "DHR6 recommendations and need to benchmark to demonstrate progress against actions taken by LSCP to"
          " raise awareness of DA", "Sample to be taken from Childrens Services",
          date(2022, 7, 4), date(2022, 8, 5), date(2022, 8, 19), date(2022, 9, 6), date(2022, 9, 13)),
    _item("2022-09", "dip_sample", "Strategy Meetings (open cases)",
          "timeliness/attendance/decision making/recording/actions/outcomes", "JTAI recommendation",
          "Sample size TBC", None, None, None, date(2022, 10, 11), date(2022, 11, 15)),
    _item("2022-10", "thematic_deep_dive", "Physical Abuse",
          "application of physical abuse procedures/early help/thresholds and decision making/assessments/plans"
          "/VOC/outcomes", "new physical abuse procedures were launched in Solihull in January 2022",
          "To include EH/CiN/CP",
          date(2022, 9, 23), date(2022, 10, 21), date(2022, 11, 11), date(2022, 11, 22), date(2023, 1, 17)),
    _item("2022-12", "dip_sample", "Partnership engagement with meetings",
          "attendance at meetings/reports/decision making/recording/actions/outcomes", "JTAI recommendation",
          "Include Early help/CiN/CP Conferences/Core Groups/MAACE/LAC reviews",
          None, None, None, date(2023, 1, 10), date(2023, 1, 17)),
    _item("2023-01", "thematic_deep_dive", "Sexual Abuse",
          "application of sexual abuse procedures/early help/thresholds and decision making/assessments/plans"
          "/VOC/outcomes", "new sexual abuse procedures were launched in Solihull in June 2022",
          "To include EH/CiN/CP",
          date(2023, 1, 4), date(2023, 2, 3), date(2023, 2, 10), date(2023, 2, 21), date(2023, 3, 14)),
    _item("2023-03", "dip_sample", "Voice of the Child",
          "application of practice standards and benchmark progress against previous audit findings (January"
          " 2022) and progress against practice standards", "JTAI recommendation", "Sample: TBC",
          None, None, None, None, None),
]  # fmt: skip

GUIDANCE = {
    "Outstanding": "Practice exceeds the standard and makes a clear difference to the child.",
    "Good": "Practice meets the standard; the child's needs are understood and met.",
    "Requires improvement": "Practice is safe but falls short of the standard in important ways.",
    "Inadequate": "Practice leaves the child at risk or their needs unmet.",
}

DA_TOOL: list[dict[str, Any]] = [
    {"id": "Q1", "text": "Was domestic abuse identified and responded to at the right threshold?"},
    {"id": "Q2", "text": "Was coercive control understood and reflected in assessment and planning?"},
    {"id": "Q3", "text": "Is the voice of the child evident and did it shape the response?"},
    {"id": "Q4", "text": "Did agencies share information and work together effectively?"},
    {"id": "Q5", "text": "Were DVPNs and DVPOs considered and used where appropriate?", "applies_to": ["police"]},
]
for _question in DA_TOOL:
    _question["guidance"] = dict(GUIDANCE)

CASES: list[tuple[str, str, str]] = [
    (f"DA-{n:02d}", group, reason)
    for n, (group, reason) in enumerate(
        [
            ("early help", "DA notification with early help in place"),
            ("child in need", "repeat DA incidents"),
            ("child protection", "coercive control identified at conference"),
            ("early help", "school raised concerns after a DA incident"),
            ("child in need", "DVPN issued"),
            ("child protection", "DVPO breach"),
            ("child protection", "older sibling disclosed abuse"),
            ("child in need", "step-down from child protection"),
            ("early help", "health visitor referral"),
            ("child protection", "MARAC referral"),
        ],
        start=1,
    )
]

SCALE = ("Outstanding", "Good", "Requires improvement", "Inadequate")

# The deep dive's returns, written out: ratings per case and agency (O, G, R, I for Outstanding, Good, Requires
# improvement, Inadequate; Q1-Q4, and Q5 for the police), and what each agency's records showed.
RATING_CODES = {"O": "Outstanding", "G": "Good", "R": "Requires improvement", "I": "Inadequate"}
DA_RATINGS: dict[str, dict[str, str]] = {
    "DA-01": {"CSC": "GGGG", "WMP": "GRGGG", "NHS": "GGOG", "EDU": "GRGG"},
    "DA-02": {"CSC": "RRGR", "WMP": "GRRGR", "NHS": "RRRG", "EDU": "GRGR"},
    "DA-03": {"CSC": "GGGO", "WMP": "OGGGO", "NHS": "GGGG", "EDU": "GGOG"},
    "DA-04": {"CSC": "GRGG", "WMP": "GRGGG", "NHS": "RRGR", "EDU": "GGGG"},
    "DA-05": {"CSC": "GGRG", "WMP": "GGRGO", "NHS": "GRRG", "EDU": "RRRG"},
    "DA-06": {"CSC": "RIRR", "WMP": "RRIRR", "NHS": "IIRR", "EDU": "RIRR"},
    "DA-07": {"CSC": "GRGG", "WMP": "GRGRG", "NHS": "GGGG", "EDU": "GRGG"},
    "DA-08": {"CSC": "GGGG", "WMP": "GGGGG", "NHS": "GRGG", "EDU": "OGGG"},
    "DA-09": {"CSC": "GRGG", "WMP": "GRRGR", "NHS": "RRRR", "EDU": "GGGG"},
    "DA-10": {"CSC": "OGGO", "WMP": "GGGOG", "NHS": "GGGG", "EDU": "GGGO"},
}
# What each case was about, in a phrase each agency's commentary builds on
DA_CASE_FACTS: dict[str, str] = {
    "DA-01": "the mother's disclosure to the health visitor after the baby's birth",
    "DA-02": "four call-outs in six months with the children present",
    "DA-03": "the coercive control named by the conference chair",
    "DA-04": "a fall in attendance after the incident on the school run",
    "DA-05": "the DVPN issued after the stepfather's arrest",
    "DA-06": "the DVPO breached twice within a month",
    "DA-07": "the older sister's disclosure to her form tutor",
    "DA-08": "the step-down from a child protection plan in May",
    "DA-09": "the health visitor's referral about bruising to the mother",
    "DA-10": "the MARAC referral after a strangulation disclosure",
}
# How each agency looked at each question
DA_LENSES: dict[str, dict[str, str]] = {
    "CSC": {"Q1": "The assessment weighed", "Q2": "The plan named control behind",
            "Q3": "The social worker recorded the child's words about", "Q4": "The core group shared updates on"},
    "WMP": {"Q1": "The DASH risk grading reflected", "Q2": "Officers identified controlling behaviour around",
            "Q3": "Body-worn footage captured the child's reaction to", "Q4": "The PPU shared its notification about",
            "Q5": "Protective orders were considered following"},
    "NHS": {"Q1": "Routine enquiry picked up", "Q2": "The GP record noted the pattern of control in",
            "Q3": "The school nurse heard from the child about", "Q4": "Health shared chronology entries on"},
    "EDU": {"Q1": "The DSL logged and acted on", "Q2": "Staff recognised the controlling behaviour in",
            "Q3": "The child's own account was recorded after", "Q4": "School attended meetings and reported on"},
}  # fmt: skip
DA_VERDICT = {
    "Outstanding": "and it changed what happened next.",
    "Good": "in time and in proportion.",
    "Requires improvement": "but late or only in part.",
    "Inadequate": "and the record is silent on it.",
}
DA_VOICE: dict[str, tuple[bool, str]] = {
    "CSC": (True, "Direct work recorded in the child's own words, including drawings of home."),
    "WMP": (False, "The officer's account describes the children as 'present'; what they said is not recorded."),
    "NHS": (True, "The school nurse recorded what the child said about sleeping badly and worrying about mum."),
    "EDU": (True, "The child told the DSL they felt 'safer at school than at home'; recorded verbatim."),
}
DA_LIVED = {
    "DA-01": "A new baby, a mother isolated from her family and a partner controlling the money.",
    "DA-02": "Children woken at night by arguments; the eldest keeps the younger ones in her room.",
    "DA-03": "The family moved three times in a year; the children have no friends nearby.",
    "DA-04": "Missed the school bus after the incident and stopped going to football.",
    "DA-05": "Stepfather out of the home under the DVPN; mother struggling with the rent.",
    "DA-06": "The breaches happened at the school gate; the children were frightened to leave class.",
    "DA-07": "The older sister looks after her brothers and has stopped seeing friends.",
    "DA-08": "Things calmer since the plan ended; mother attending the freedom programme.",
    "DA-09": "Mother's injuries hidden; the toddler's speech delayed and not yet followed up.",
    "DA-10": "Mother and children in a refuge out of area; school place not yet found.",
}
DA_CONTEXT = {
    "CSC": "Three changes of social worker in the period; caseloads above 25.",
    "WMP": "The PPU was two officers short through the summer.",
    "NHS": "Health visiting caseloads high after vacancies; contacts moved to phone.",
    "EDU": "The DSL also teaches four days a week.",
}
DA_GOOD_PRACTICE = {
    "DA-01": "The health visitor saw mother alone and asked directly: that made the disclosure possible.",
    "DA-03": "The conference chair named coercive control and every agency's plan took it up.",
    "DA-05": "The DVPN was served the same evening and the school told the next morning.",
    "DA-08": "A careful step-down with a named worker for mother from the DA service.",
    "DA-10": "MARAC met within a week and housing found a refuge place the same day.",
}
DA_OUTCOMES = {
    "DA-01": "Mother engaging with the DA service; safety plan in place.",
    "DA-02": "Repeat incidents continue; a plan is still being drawn up.",
    "DA-03": "Control reduced; children settled at school.",
    "DA-04": "Attendance recovering after school transport was arranged.",
    "DA-05": "No further incidents since the DVPN.",
    "DA-06": "Breaches continue; the DVPO is under review.",
    "DA-07": "Sister referred to young carers; risk reduced.",
    "DA-08": "Stable; case closed to children's social care.",
    "DA-09": "Bruising explained only in part; health follow-up outstanding.",
    "DA-10": "Family safe in the refuge; school place agreed.",
}
