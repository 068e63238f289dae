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
