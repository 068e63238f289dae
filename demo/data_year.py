"""The rest of the demo's 2022/23 year: four more case-file audits of Appendix B, the Voice of the Child dip sample
under way, Section 11, S175 schools, training impact and a single-agency audit, each in its own words."""

from __future__ import annotations

from datetime import date
from typing import Any

from demo.data import GUIDANCE


def tool(*questions: str) -> list[dict[str, Any]]:
    """An audit tool with the partnership's rating guidance on every question."""
    return [{"id": f"Q{n}", "text": text, "guidance": dict(GUIDANCE)} for n, text in enumerate(questions, start=1)]


def item(month: str, kind: str, theme: str, focus: str, rationale: str, sample: str) -> dict[str, Any]:
    """A schedule item whose key dates are set in its terms of reference."""
    return {"month": month, "kind": kind, "theme": theme, "focus": focus, "rationale": rationale, "sample": sample}


EXTRA_SCHEDULE: list[dict[str, Any]] = [
    item("2022-10", "s157_175_schools", "S175 safeguarding arrangements in schools",
         "Compliance with Keeping Children Safe in Education 2022", "Annual duty (4.2.3)", "Every school"),
    item("2022-11", "section_11", "Section 11 self-assessment",
         "Partner agencies' compliance with their duties under s.11 Children Act 2004",
         "Agreed interval of the West Midlands approach (4.2.1)", "Every partner agency"),
    item("2023-02", "training_impact", "Impact of multi-agency training 2022",
         "Whether courses changed confidence and practice", "Annual audit (4.2.2)", "Attendees and their managers"),
]  # fmt: skip

# Each case-file audit: the schedule item, dates, tool, agencies, cases with each agency's return, and what followed.
# A return: (ratings for Q1..Qn, whether the child's voice is evident, one note per question separated by ' | ').
CASE_AUDITS: list[dict[str, Any]] = [
    {
        "item": "S02", "commissioned": date(2022, 8, 22), "endorsed": date(2022, 8, 30),
        "dates": (date(2022, 9, 5), date(2022, 9, 23), date(2022, 9, 30), date(2022, 10, 11), date(2022, 11, 15)),
        "scope": "Strategy meetings held in June 2022 for open cases.",
        "tool": tool("Was the strategy meeting held in time?", "Did the right agencies attend and contribute?",
                     "Were decisions and actions recorded with owners and outcomes?"),
        "agencies": ["CSC", "WMP", "NHS"],
        "cases": {
            "SM-01": ("child protection", "referral from A&E", {
                "CSC": ("GGR", True, "Held within four hours of the referral | Police and the paediatrician both"
                        " dialled in | Actions agreed but none had a named owner"),
                "WMP": ("GGR", False, "The PPU sergeant joined at short notice | Shared the previous call-outs"
                        " | The police log holds no copy of the minutes"),
                "NHS": ("GOG", True, "The named nurse was told the same day | The paediatrician's view shaped"
                        " the decision | The health record holds the actions and who does them"),
            }),
            "SM-02": ("child in need", "disclosure at school", {
                "CSC": ("RGG", True, "Held on day three: the team manager was on leave | School joined and"
                        " read the child's account | Outcome letter sent to the family"),
                "WMP": ("RRG", False, "Invited the morning of the meeting | The officer could not attend;"
                        " information sent by email | Joint visit planned and done"),
                "NHS": ("RGR", True, "Health heard only after the meeting | The GP's letter was considered"
                        " | No health action recorded"),
            }),
            "SM-03": ("child protection", "sibling on a plan", {
                "CSC": ("GGG", True, "Held the same day | All agencies and the school present"
                        " | Decisions and owners recorded in the template"),
                "WMP": ("GGG", True, "Attended in person | Shared intelligence on the new partner"
                        " | Section 47 joint visit recorded"),
                "NHS": ("GRG", True, "The health visitor attended | Did not have the GP record to hand"
                        " | Health actions recorded and followed"),
            }),
        },
        "sections": {
            "SM-01": ("Bruising on the baby's arm; parents' account changing.",
                      "Infant in hospital; both parents visiting under supervision.",
                      "Section 47 completed; child protection conference held."),
            "SM-02": ("Told her teacher she was scared of her mum's new boyfriend.",
                      "Lives with mum and two brothers; boyfriend stays most nights.",
                      "Safety plan with mum; boyfriend no longer staying."),
            "SM-03": ("The four-year-old said 'daddy shouts' at nursery.",
                      "Sibling already on a plan for neglect; overcrowded flat.",
                      "Added to the sibling's plan; rehousing request made."),
        },
        "good_practice": {"SM-03": "A model meeting: every agency there, every action owned, the family told the"
                                   " outcome the same day."},
        "moves": [("SM-02", "WMP", "Q2", "Inadequate",
                   "Police were invited on the morning and sent nothing the meeting could use; the group agreed"
                   " their contribution was absent rather than late.")],
        "findings": [("works_well", "Strategy meetings for infants are held within hours and health attends."),
                     ("emerging_concern", "Police are often invited too late to attend."),
                     ("overall_judgement", "Timely in two of three cases; actions too often lack an owner.")],
        "recommendations": [("Invite police to every strategy meeting through the PPU inbox, not individual"
                             " officers.", "lead.csc@lscp.example", "Police attend 90% of strategy meetings",
                             date(2023, 2, 28))],
        "plan": ("A one-page practice note on strategy meetings for all agencies.", ["Attendance at the next dip"]),
        "close_on": date(2022, 12, 12),
    },
    {
        "item": "S03", "commissioned": date(2022, 8, 30), "endorsed": date(2022, 9, 16),
        "dates": (date(2022, 9, 23), date(2022, 10, 21), date(2022, 11, 11), date(2022, 11, 22), date(2023, 1, 17)),
        "scope": "Children with physical abuse concerns since the new procedures (January 2022): EH, CiN and CP.",
        "tool": tool("Were the physical abuse procedures applied?", "Was the threshold decision right and timely?",
                     "Did the plan reflect what the child said and needed?"),
        "agencies": ["CSC", "WMP", "NHS", "EDU"],
        "cases": {
            "PA-01": ("early help", "mark seen at PE", {
                "CSC": ("GGG", True, "The bruising flowchart was followed | Stepped up to CiN in two days"
                        " | The plan uses the child's words about bedtime"),
                "WMP": ("GGR", False, "Joint visit within 24 hours | Agreed threshold with CSC"
                        " | No police action in the plan despite the disclosure"),
                "NHS": ("RGG", True, "The GP did not use the body map | Agreed the threshold"
                        " | School nurse sessions on worries in the plan"),
                "EDU": ("OGG", True, "PE teacher told the DSL within the hour, with a body map"
                        " | DSL challenged the first decision, rightly | Child helped write the plan"),
            }),
            "PA-02": ("child protection", "injury to a non-mobile baby", {
                "CSC": ("GGG", True, "Procedure for non-mobile babies followed | Strategy meeting same day"
                        " | Plan centres on the baby's routines"),
                "WMP": ("GGG", True, "Officers attended hospital | Investigation opened"
                        " | Bail conditions support the plan"),
                "NHS": ("OOG", True, "The ED nurse spotted the bruise and escalated | Skeletal survey done"
                        " | Health visitor visits weekly"),
                "EDU": ("GGG", True, "Nursery told the same day | Attended conference | Nursery hours in plan"),
            }),
            "PA-03": ("child in need", "teenager hit with a belt", {
                "CSC": ("RRR", False, "Procedure not followed: no strategy discussion | Held at early help"
                        " for a month | The young person's view is not in the plan"),
                "WMP": ("RRG", False, "Crime recorded but not shared | No joint decision | Referred to YOS"),
                "NHS": ("GRG", True, "GP recorded the injury and referred | Not invited to the decision"
                        " | CAMHS referral made"),
                "EDU": ("GGR", True, "Head of year referred the same day | Chased the decision twice"
                        " | School not given the plan"),
            }),
        },
        "sections": {
            "PA-01": ("'Mum's boyfriend grabs my arm when I don't go to bed.'",
                      "Eight years old; mum works nights; boyfriend looks after him.",
                      "Boyfriend no longer babysits; child happier at school."),
            "PA-02": ("Too young to speak; cries when handled by father, settles with grandmother.",
                      "Six weeks old; young parents living with grandmother.",
                      "Baby thriving with grandmother; supervised contact with father."),
            "PA-03": ("'Nobody asked me what I wanted until the school did.'",
                      "Fifteen; father uses a belt as punishment; missing school.",
                      "Staying with an aunt; attendance back above 90%."),
        },
        "good_practice": {"PA-02": "The emergency department nurse's escalation is exactly what the new procedure"
                                   " asks for.", "PA-01": "The DSL challenged a decision she thought wrong,"
                                   " and was right."},
        "moves": [("PA-03", "CSC", "Q2", "Inadequate",
                   "A month at early help with a belt injury disclosed: the group agreed the threshold decision"
                   " left the young person at risk.")],
        "findings": [("works_well", "The procedure for non-mobile babies is used well across health."),
                     ("emerging_concern", "Teenagers' injuries are held at early help without a strategy"
                      " discussion."),
                     ("overall_judgement", "Good for young children; requires improvement for adolescents.")],
        "recommendations": [("Apply the physical abuse procedure to adolescents, with a strategy discussion for"
                             " every injury from an implement.", "lead.csc@lscp.example",
                             "Strategy discussion in 100% of such cases at re-audit", date(2023, 6, 30))],
        "plan": ("Adolescent physical abuse briefing and a revised flowchart.", ["Re-audit of adolescent cases"]),
        "close_on": None,
    },
    {
        "item": "S04", "commissioned": date(2022, 11, 21), "endorsed": date(2022, 11, 29),
        "dates": (date(2022, 12, 1), date(2022, 12, 16), date(2023, 1, 4), date(2023, 1, 10), date(2023, 1, 17)),
        "scope": "Agencies' attendance and reports at conferences, core groups and LAC reviews, October 2022.",
        "tool": tool("Did the agency attend?", "Did it send a report in time?",
                     "Were its actions recorded and carried out?"),
        "agencies": ["WMP", "NHS", "EDU"],
        "cases": {
            "MT-01": ("child protection", "initial conference", {
                "WMP": ("GRG", True, "Attended the conference | Report arrived on the day"
                        " | Checks on the new partner done"),
                "NHS": ("GGG", True, "Health visitor attended | Report two days before | Weekly visits done"),
                "EDU": ("GGO", True, "Head attended | Report with attendance data | Daily check-ins kept"),
            }),
            "MT-02": ("looked after", "LAC review", {
                "WMP": ("RII", False, "Not invited and did not ask | No report | Missing-episode actions lost"),
                "NHS": ("GGR", True, "LAC nurse attended | Health assessment shared | Dentist not booked"),
                "EDU": ("GGG", True, "Virtual school attended | PEP shared | Tutor in place"),
            }),
        },
        "sections": {
            "MT-01": ("'I want Nan to come to the meeting.' She did.", "Toddler and baby; mum's new partner"
                      " has a record of violence.", "Plan in place; partner has moved out."),
            "MT-02": ("Wrote her own views for the review with her advocate.", "Fourteen, in foster care,"
                      " three missing episodes in the summer.", "Settled placement; no missing episodes since."),
        },
        "good_practice": {"MT-02": "The young person wrote her own views for the review with an advocate."},
        "moves": [],
        "findings": [("works_well", "Health and education attend and report on time."),
                     ("emerging_concern", "Police are not invited to LAC reviews where children go missing."),
                     ("overall_judgement", "Engagement good except police at LAC reviews.")],
        "recommendations": [("Invite police to LAC reviews for every child with a missing episode.",
                             "lead.wmp@lscp.example", "Police at 80% of those reviews", date(2023, 5, 31))],
        "plan": ("Briefing for independent reviewing officers.", ["Police attendance at LAC reviews"]),
        "close_on": None,
    },
    {
        "item": "S05", "commissioned": date(2022, 11, 28), "endorsed": date(2022, 12, 20),
        "dates": (date(2023, 1, 4), date(2023, 2, 3), date(2023, 2, 10), date(2023, 2, 21), date(2023, 3, 14)),
        "scope": "Children with sexual abuse concerns since the new procedures (June 2022): EH, CiN and CP.",
        "tool": tool("Were the sexual abuse procedures applied?", "Was the child's account heard and recorded?",
                     "Was therapeutic support offered in time?"),
        "agencies": ["CSC", "WMP", "NHS", "EDU"],
        "cases": {
            "SA-01": ("child protection", "disclosure to a teacher", {
                "CSC": ("GGR", True, "Strategy meeting the same day | ABE interview planned with the child"
                        " | Therapy waiting list of five months"),
                "WMP": ("GOG", True, "Specialist officer allocated | The ABE interview was child-led"
                        " | Referred to the hub"),
                "NHS": ("GGR", True, "Paediatric assessment at the hub | Account recorded | CAMHS wait"),
                "EDU": ("OGG", True, "Teacher listened and did not question | Words written down"
                        " | Counsellor weekly"),
            }),
            "SA-02": ("child in need", "harmful sexual behaviour", {
                "CSC": ("RRG", False, "Treated as behaviour, not as a sign of abuse | Child not seen alone"
                        " | AIM assessment commissioned"),
                "WMP": ("GRG", False, "Recorded as a crime | No interview | Referred to YOS"),
                "NHS": ("GGG", True, "School nurse followed the procedure | Heard the child | Sessions offered"),
                "EDU": ("GGR", True, "DSL referred | Account recorded second-hand | No support offered"),
            }),
            "SA-03": ("early help", "online grooming", {
                "CSC": ("GGG", True, "Procedure followed | Child's account recorded | Support within a month"),
                "WMP": ("GGG", True, "Online team traced the account | Account recorded | CEOP referral"),
                "NHS": ("GRG", False, "GP informed | Not seen | Counselling referral"),
                "EDU": ("GGG", True, "Online safety lead involved | Child's words recorded | Mentor"),
            }),
        },
        "sections": {
            "SA-01": ("'I told Miss because she always listens.'", "Eleven; abuse by an uncle who no longer"
                      " visits.", "Safe; waiting for therapy."),
            "SA-02": ("Not seen alone; views recorded only through his mother.", "Nine; behaviour at school"
                      " seen as naughtiness for a year.", "AIM assessment under way."),
            "SA-03": ("'I thought he was my friend.'", "Thirteen; groomed through a gaming platform.",
                      "Account closed; child back at the gaming club with parents' oversight."),
        },
        "good_practice": {"SA-01": "The teacher listened, wrote the child's words down and did not question her:"
                                   " the ABE interview could rely on it."},
        "moves": [("SA-02", "EDU", "Q2", "Requires improvement",
                   "The DSL's record is the teacher's paraphrase; the group agreed the child's own account was"
                   " not heard first-hand.")],
        "findings": [("works_well", "Disclosures to school staff are handled as the procedure asks."),
                     ("emerging_concern", "Harmful sexual behaviour is treated as behaviour, not abuse."),
                     ("overall_judgement", "Procedures are known; therapeutic waits are too long.")],
        "recommendations": [("Commission therapy for sexual abuse within eight weeks of disclosure.",
                             "lead.nhs@lscp.example", "Median wait under eight weeks", date(2023, 9, 30))],
        "plan": ("Harmful sexual behaviour training for DSLs.", ["Waiting times reported quarterly"]),
        "close_on": None,
    },
    {
        "item": "S06", "commissioned": date(2023, 2, 13), "endorsed": date(2023, 2, 28),
        "dates": (date(2023, 3, 6), date(2023, 4, 6), date(2023, 4, 14), date(2023, 4, 25), date(2023, 5, 16)),
        "scope": "Open cases, benchmarked against the January 2022 voice of the child audit.",
        "tool": tool("Is the child's voice recorded in their own words?", "Did it shape the plan?",
                     "Has the agency told the child what changed?"),
        "agencies": ["CSC", "NHS", "EDU"],
        "cases": {
            "VC-01": ("child in need", "benchmark case", {
                "CSC": ("GGR", True, "Direct work in the child's words | Plan uses them | Child not told"),
                "NHS": ("RRR", False, "Views recorded by parent | Not considered | Not told"),
            }),
            "VC-02": ("child protection", "benchmark case", {
                "EDU": ("OGG", True, "Child's letter to conference on file | Plan changed | Told by DSL"),
            }),
        },
        "sections": {
            "VC-01": ("'I want to see my dad at weekends.'", "Seven; parents separated.", "Contact agreed."),
            "VC-02": ("Wrote to the conference herself.", "Twelve; young carer for mum.", "Carers' break."),
        },
        "good_practice": {"VC-02": "The child's own letter to conference is on file, and the plan changed."},
        "stop_after_fieldwork_opens": True,
    },
]  # fmt: skip

SINGLE_AGENCY: dict[str, Any] = {
    "theme": "DASH risk assessments at first response",
    "focus": "Whether risk grading at domestic abuse call-outs reflects the risk to children",
    "rationale": "Force QA plan after the DA deep dive",
    "commissioned": date(2022, 10, 10),
    "dates": (date(2022, 10, 24), date(2022, 11, 4), date(2022, 11, 10), date(2022, 11, 17), date(2022, 12, 6)),
    "tool": tool("Was the DASH completed with the victim?", "Did the grading reflect the risk to the children?",
                 "Was the child referral made when it should have been?"),
    "cases": {
        "PD-01": ("GGG", True, "Completed at the scene | Standard risk fitted the facts | Referral the next day"),
        "PD-02": ("GII", False, "Completed | Graded standard though strangulation was disclosed"
                  " | No referral for the two children"),
        "PD-03": ("RRR", False, "Completed by phone the next day | Medium, should have been high"
                  " | Referral late by a week"),
    },
    "risk": "High-risk victims graded standard at first response (2 of 3 cases): no MARAC referral and no"
            " referral for the children.",
    "meeting": date(2022, 12, 13),
}  # fmt: skip

# Section 11: each organisation's self-ratings (S11.1-S11.6: M met, P partly met, N not met) and its own words.
S11_ORGANISATIONS = "code,name,dsl_name,dsl_email\nPROB,Probation Service,Priya Probation,lead.prob@lscp.example\n" \
                    "YJS,Youth Justice Service,Yusuf Justice,lead.yjs@lscp.example\n"  # fmt: skip
S11_RETURNS: dict[str, tuple[str, str, dict[str, str]]] = {
    "CSC": ("MMMPMM", "Board report, training matrix and the single central record were all seen.",
            {"S11.4": "Refresher training completion 71%: a training tracker goes live in January."}),
    "WMP": ("MMPMMM", "Force safeguarding board minutes and the PPU policy were provided.",
            {"S11.3": "Children's views are not yet sought when services change: a young people's panel"
                      " starts in the spring."}),
    "NHS": ("MMMMPM", "ICB safeguarding report and LADO referral log provided.",
            {"S11.5": "Two GP practices' recruitment checks incomplete: practice managers to complete by March."}),
    "PROB": ("MPMNMM", "Regional safeguarding policy and local audit provided.",
             {"S11.2": "Escalation route unclear to new staff: it is now in the induction pack.",
              "S11.4": "No children's safeguarding training for probation officers since 2020: commissioned"
                       " from the LSCP's programme."}),
    "YJS": ("MMMMMM", "Management board minutes, supervision audit and training records provided.", {}),
}  # fmt: skip
S11_CHALLENGE = (
    "PROB",
    "S11.6",
    "Partly met",
    "Probation attended one strategy meeting in ten this year; the group could not accept 'met'.",
)

# S175: schools imported from CSV (one row in error), each DSL's self-ratings (K1-K6) and what they wrote.
SCHOOLS_CSV = (
    "code,name,dsl_name,dsl_email\n"
    "OAK,Oak Tree Primary,Olivia Oak,dsl@oaktree.example\n"
    "ASH,Ash Grove Academy,Arun Ash,dsl@ashgrove.example\n"
    "ELM,Elmdon Infants,Ellie Elm,dsl@elmdon.example\n"
    "BIR,Birch Wood High,Ben Birch,dsl@birchwood.example\n"
    "WIL,Willow Bank Primary,Wendy Willow,dsl@willowbank.example\n"
    "HAZ,Hazel Park Secondary,Harry Hazel,dsl@hazelpark.example\n"
    "ROW,Rowan Special School,Rosa Rowan,rowan-dsl-at-school\n"
    "YEW,Yew Tree College,Yasmin Yew,dsl@yewtree.example\n"
)
SCHOOL_RETURNS: dict[str, tuple[str, dict[str, str]]] = {
    "OAK": ("MMMMMM", {}),
    "ASH": ("MMMMPM", {"K5": "Filtering in place but monitoring reports not reviewed: the DSL reviews them weekly"
                              " from January."}),
    "ELM": ("PMMMMM", {"K1": "No trained deputy DSL: the deputy head is booked on the March course."}),
    "BIR": ("MMPMPM", {"K3": "Supply staff not given Part one: now in the supply induction pack.",
                       "K5": "No review of filtering since 2021: IT provider to review by February."}),
    "WIL": ("MMMMMM", {}),
    "HAZ": ("MMMNMM", {"K4": "Single central record missing checks for two volunteers: checks requested,"
                              " volunteers stood down until they return."}),
    "YEW": ("MMMMMP", {"K6": "Absence followed up on day two, not day one: first-day calling from January."}),
}  # fmt: skip
SCHOOL_EVIDENCE = {
    "K1": "DSL and two deputies trained in the last two years; certificates seen.",
    "K2": "Policy reviewed in September and published on the website.",
    "K3": "Read-receipts for Part one from all staff; induction log.",
    "K4": "Single central record checked against a sample of personnel files.",
    "K5": "Filtering and monitoring reports and the online safety curriculum map.",
    "K6": "Attendance procedure and CME referrals log.",
}

# Training impact: two courses, attendees and managers invited, and what those who answered said.
COURSES = [
    ("DA-L2", "Domestic abuse and coercive control (level 2)", date(2022, 6, 15), 12, 5),
    ("NEG-GCP", "Neglect and the Graded Care Profile 2", date(2022, 9, 28), 10, 4),
]
ATTENDEE_ANSWERS: dict[str, list[tuple[int, int, str, str]]] = {
    "DA-L2": [
        (2, 4, "yes", "I now ask about money and phones, not only about violence."),
        (3, 4, "yes", "I used the coercive control checklist at a home visit last week."),
        (2, 3, "partly", "I know what to look for; I still find the conversation hard."),
        (3, 5, "yes", "I referred a mother to the DA service after she described being tracked."),
        (1, 3, "yes", "Before the course I did not know what a DVPN was."),
        (3, 4, "partly", "I record more, but my manager wants more evidence."),
        (2, 4, "yes", "I see the children separately now when DA is a concern."),
        (4, 4, "no", "I knew most of this already from my last post."),
        (2, 4, "yes", "I challenged a 'standard' grading at a strategy meeting."),
    ],
    "NEG-GCP": [
        (2, 3, "partly", "The GCP2 takes longer than we have at a visit."),
        (3, 3, "no", "My team has not been given time to use the tool."),
        (2, 4, "yes", "I used GCP2 with a family and they could see the change themselves."),
        (3, 4, "partly", "I use parts of it in supervision."),
        (3, 3, "no", "Nobody in school uses it, so I haven't either."),
        (2, 3, "partly", "I am more confident naming neglect in referrals."),
    ],
}  # fmt: skip
MANAGER_ANSWERS: dict[str, list[tuple[str, str, str]]] = {
    "DA-L2": [("yes", "4", "She named coercive control in her last three assessments."),
              ("yes", "4", "He now asks for separate time with the children."),
              ("partly", "3", "More confident in supervision; not yet in front of families."),
              ("yes", "5", "Took the lead on a MARAC referral.")],
    "NEG-GCP": [("partly", "3", "Uses the language of the tool but not the tool."),
                ("no", "2", "We have not freed up the time to use GCP2.")],
}  # fmt: skip
