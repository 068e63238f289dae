"""Fold an audit's events, up to a position, into the facts its summary report states."""

from __future__ import annotations

from collections import Counter
from typing import Any

from application.events import PublicEvent
from projections.report.kinds import KindFacts

FINDING_KINDS = ("works_well", "emerging_concern", "overall_judgement", "theme")
QUOTED_SECTIONS = (
    ("good_practice", "Good practice"),
    ("voice_of_child", "Voice of the child"),
    ("lived_experience", "Lived experience of the child and family"),
)
QUOTES = 8


class Facts(KindFacts):
    """State built event by event; ``result()`` gives plain, sorted, deterministic data."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.audit: dict[str, Any] = {}
        self.terms: dict[str, Any] = {}
        self.questions: list[dict[str, Any]] = []
        self.cases: dict[str, dict[str, str]] = {}
        self.findings: list[dict[str, Any]] = []
        self.recommendations: dict[str, str] = {}
        self.returns: dict[str, dict[str, Any]] = {}
        self.moves: list[dict[str, Any]] = []
        self.actions: dict[str, dict[str, Any]] = {}
        self.texts: dict[str, list[str]] = {"context": [], "consultation": [], "learning": [], "follow_ups": []}
        self.context_factors: list[str] = []
        self.dissemination: dict[str, Any] = {}
        self.signed_off_on: str | None = None
        self.presented_on: str | None = None
        self.report_version = 0
        self.summaries: dict[int, str] = {}
        self.signed_version = 0
        self.presented_version = 0
        self.no_recommendations: str | None = None
        self.follows_up: dict[str, str] | None = None
        super().__init__()

    def name(self, identifier: Any) -> str:
        return self.names.get(str(identifier), str(identifier))

    def apply(self, event: PublicEvent) -> None:
        handler = getattr(self, "on_" + event.type, None)
        if handler is not None:
            handler(event, event.data)

    def on_AuditCommissioned(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.audit = {
            "id": e.aggregate_id,
            "kind": d["kind"],
            "theme": d["theme"],
            "focus": d["focus"],
            "rationale": d["rationale"],
        }

    def on_TermsOfReferenceDrafted(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.terms = d["terms"]

    def on_AuditToolAdopted(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.questions = d["questions"]

    def on_CaseSampled(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.cases[d["case_ref"]] = {"sample_group": d["sample_group"], "reason": d["reason"]}

    def on_FindingAgreed(self, e: PublicEvent, d: dict[str, Any]) -> None:
        agency = self.name(d["agency_id"]) if d["agency_id"] else None
        self.findings.append({"id": d["finding_id"], "kind": d["finding_kind"], "text": d["text"], "agency": agency})

    def on_PracticeContextRecorded(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.texts["context"].append(d["text"])
        self.context_factors += d["factors"]

    def on_FamilyConsultationRecorded(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.texts["consultation"].append(d["text"])

    def on_ProcessLearningRecorded(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.texts["learning"].append(d["text"])

    def on_FollowUpAuditProposed(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.texts["follow_ups"].append(f"{d['follow_up_kind'].replace('_', ' ')}: {d['text']}")

    def on_RecommendationMade(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.recommendations[d["recommendation_id"]] = d["text"]

    def on_DisseminationPlanRecorded(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.dissemination = {"plan": d["plan"], "impact_measures": d["impact_measures"]}

    def on_NoRecommendationsRecorded(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.no_recommendations = d["reason"]

    def on_EarlierAuditLinked(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.follows_up = {"audit_id": d["earlier_audit_id"], "recommendation_id": d["recommendation_id"]}

    def on_ReportDrafted(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.report_version = d["report_version"]
        self.summaries[d["report_version"]] = d["summary"]

    def on_ReportSignedOff(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.signed_off_on = d["signed_off_on"]
        self.signed_version = d["report_version"]

    def on_ReportPresentedToArg(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.presented_on = d["presented_on"]
        self.presented_version = d["report_version"] or self.signed_version

    def shown_version(self) -> int:
        """The ARG's version once presented, else the signed-off one, else the latest draft (R-17)."""
        return self.presented_version or self.signed_version or self.report_version

    def on_ReturnStarted(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.returns[e.aggregate_id] = {
            "case_ref": d["unit_ref"],
            "agency_id": str(d["agency_id"]),
            "agency": self.name(d["agency_id"]),
            "ratings": {},
            "original": {},
            "sections": {},
            "voice": None,
            "factors": [],
            "submitted": False,
            "answers": {},
            "carried": sorted(d.get("carried_forward") or {}),
        }
        for question, answer in (d.get("carried_forward") or {}).items():
            self.returns[e.aggregate_id]["ratings"][question] = answer["rating"]
            self.returns[e.aggregate_id]["answers"][question] = dict(answer)

    def on_ReturnDraftSaved(self, e: PublicEvent, d: dict[str, Any]) -> None:
        the_return = self.returns[e.aggregate_id]
        for question, answer in d["answers"].items():
            if answer.get("rating"):
                the_return["ratings"][question] = answer["rating"]
            the_return["answers"][question] = dict(the_return["answers"].get(question, {}), **answer)
            if question in the_return["carried"]:
                the_return["carried"].remove(question)
        the_return["sections"].update(d["sections"])
        if d["child_voice_evident"] is not None:
            the_return["voice"] = d["child_voice_evident"]
        if d["context_factors"] is not None:
            the_return["factors"] = d["context_factors"]

    def on_ReturnSubmitted(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.returns[e.aggregate_id]["submitted"] = True

    def on_ReturnReopened(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.returns[e.aggregate_id]["submitted"] = False

    def on_ReturnSetAside(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.returns[e.aggregate_id]["submitted"] = False

    def on_RatingRevisedAtModeration(self, e: PublicEvent, d: dict[str, Any]) -> None:
        the_return = self.returns[e.aggregate_id]
        the_return["original"].setdefault(d["question_id"], d["from_rating"])
        the_return["ratings"][d["question_id"]] = d["to_rating"]
        self.moves.append(
            {
                "case_ref": the_return["case_ref"],
                "agency_id": the_return["agency_id"],
                "agency": the_return["agency"],
                "question": d["question_id"],
                "from": d["from_rating"],
                "to": d["to_rating"],
                "reason": d["reason"],
            }
        )

    def on_ActionAgreed(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.actions[e.aggregate_id] = {
            "recommendation_id": d["recommendation_id"],
            "specific": d["specific"],
            "measure": d["measure"],
            "owner": self.name(d["owner_person_id"]),
            "agency": self.name(d["owner_agency_id"]),
            "due_date": d["due_date"],
            "status": "open",
        }

    def on_ActionDueDateRevised(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.actions[e.aggregate_id]["due_date"] = d["to_date"]

    def on_ActionDueDateMoveAgreed(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.actions[e.aggregate_id]["due_date"] = d["to_date"]

    def on_ActionBlocked(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.actions[e.aggregate_id]["status"] = "blocked"

    def on_ActionUnblocked(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.actions[e.aggregate_id]["status"] = "open"

    def on_ActionCompleted(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.actions[e.aggregate_id]["status"] = "completed"


def _distribution(returns: list[dict[str, Any]], key: str, scale: list[str], moderated: bool) -> dict[str, Any]:
    """Rating counts and proportions grouped by question or by agency, before or after moderation."""
    groups: dict[str, Counter[str]] = {}
    for the_return in returns:
        for question, rating in sorted(the_return["ratings"].items()):
            if not moderated:
                rating = the_return["original"].get(question, rating)
            group = question if key == "question" else the_return["agency"]
            groups.setdefault(group, Counter())[rating] += 1
    return {
        group: {
            "total": sum(counts.values()),
            "counts": {r: counts.get(r, 0) for r in scale},
            "shares": {r: round(100 * counts.get(r, 0) / sum(counts.values()), 1) for r in scale},
        }
        for group, counts in sorted(groups.items())
    }


def collect_facts(
    events: list[PublicEvent], names: dict[str, str], position: int, agency_id: str | None = None
) -> dict[str, Any]:
    """The report's facts from the events (all at or before ``position``).

    With ``agency_id`` (an agency lead's copy, R-26, #13): the quotes, the per-case moves at moderation and the
    organisations' own actions are that agency's only; the other agencies appear only in aggregate figures.
    """
    facts = Facts(names)
    for event in events:
        facts.apply(event)
    submitted = [
        r
        for _, r in sorted(facts.returns.items(), key=lambda kv: (kv[1]["case_ref"], kv[1]["agency"]))
        if r["submitted"]
    ]
    scale = list(facts.questions[0]["scale"]) if facts.questions else []
    voice_cases = {r["case_ref"] for r in submitted if r["voice"]}
    factors = Counter(f for r in submitted for f in set(r["factors"]))
    shown = facts.shown_version()
    own = submitted if agency_id is None else [r for r in submitted if r["agency_id"] == agency_id]
    moves = [
        {k: v for k, v in m.items() if k != "agency_id"}
        for m in facts.moves
        if agency_id is None or m["agency_id"] == agency_id
    ]
    self_assessment = facts.self_assessment(submitted)
    if agency_id is not None and self_assessment:
        own_name = facts.name(agency_id)
        self_assessment["own_actions"] = [a for a in self_assessment["own_actions"] if a["organisation"] == own_name]
    return {
        "position": position,
        "form": facts.form(),
        "agency_view": facts.name(agency_id) if agency_id is not None else None,
        "self_assessment": self_assessment,
        "training": facts.training(),
        "audit": facts.audit,
        "terms": facts.terms,
        "report_version": shown,
        "latest_draft": facts.report_version,
        "summary": facts.summaries.get(shown, ""),
        "no_recommendations": facts.no_recommendations,
        "follows_up": facts.follows_up,
        "comparison": None,
        "signed_off_on": facts.signed_off_on,
        "presented_on": facts.presented_on,
        "questions": [{"id": q["id"], "text": q["text"]} for q in facts.questions],
        "scale": scale,
        "sample": [dict(c, case_ref=ref) for ref, c in sorted(facts.cases.items())],
        "agencies": sorted({r["agency"] for r in submitted}),
        "returns_submitted": len(submitted),
        "findings": {kind: [f for f in facts.findings if f["kind"] == kind] for kind in FINDING_KINDS},
        "by_question": {
            "before": _distribution(submitted, "question", scale, False),
            "after": _distribution(submitted, "question", scale, True),
        },
        "by_agency": {
            "before": _distribution(submitted, "agency", scale, False),
            "after": _distribution(submitted, "agency", scale, True),
        },
        "moves": sorted(moves, key=lambda m: (m["case_ref"], m["agency"], m["question"])),
        "voice": {
            "returns": sum(1 for r in submitted if r["voice"]),
            "of_returns": len(submitted),
            "cases": len(voice_cases),
            "of_cases": len({r["case_ref"] for r in submitted}),
        },
        "context_factors": dict(sorted(factors.items())),
        "context_factors_at_moderation": sorted(set(facts.context_factors)),
        "context": facts.texts["context"],
        "consultation": facts.texts["consultation"],
        "learning": facts.texts["learning"],
        "follow_ups": facts.texts["follow_ups"],
        "quotes": sample_quotes(own),
        "dissemination": facts.dissemination,
        "recommendations": [
            {
                "id": rid,
                "text": text,
                "actions": sorted(
                    (a for a in facts.actions.values() if a["recommendation_id"] == rid),
                    key=lambda a: (a["due_date"], a["specific"]),
                ),
            }
            for rid, text in sorted(facts.recommendations.items(), key=lambda kv: int(kv[0][1:]))
        ],
    }


def sample_quotes(returns: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Up to eight illustrations, taken in turn from each section and, within it, from a rotating agency (R-16).

    Returns arrive sorted by case and agency, so the same facts always give the same quotes.
    """
    sections: list[list[list[dict[str, str]]]] = []
    for section, title in QUOTED_SECTIONS:
        by_agency: dict[str, list[dict[str, str]]] = {}
        for r in returns:
            if r["sections"].get(section):
                quote = {"case_ref": r["case_ref"], "agency": r["agency"], "section": title,
                         "text": r["sections"][section]}  # fmt: skip
                by_agency.setdefault(r["agency"], []).append(quote)
        sections.append([by_agency[agency] for agency in sorted(by_agency)])
    pools = [
        agencies[(k + offset) % len(agencies)]
        for k in range(max((len(a) for a in sections), default=0))
        for offset, agencies in enumerate(sections)
        if k < len(agencies)
    ]
    quotes: list[dict[str, str]] = []
    for turn in range(max((len(p) for p in pools), default=0)):
        quotes += [pool[turn] for pool in pools if turn < len(pool)]
    return quotes[:QUOTES]


def compare_audits(earlier: dict[str, Any], later: dict[str, Any]) -> list[dict[str, Any]]:
    """The change per question between an earlier audit and its follow-up, after moderation (R-29).

    Questions are matched by their text, so an adapted copy of the tool still lines up.
    """
    earlier_ids = {q["text"]: q["id"] for q in earlier["questions"]}
    rows = []
    for question in later["questions"]:
        before = earlier["by_question"]["after"].get(earlier_ids.get(question["text"], ""))
        after = later["by_question"]["after"].get(question["id"])
        if before is None or after is None:
            continue
        scale = [r for r in later["scale"] if r in before["shares"]]
        rows.append({
            "question": question["id"], "text": question["text"],
            "earlier": {r: before["shares"][r] for r in scale}, "now": {r: after["shares"][r] for r in scale},
            "change": {r: round(after["shares"][r] - before["shares"][r], 1) for r in scale},
            "earlier_total": before["total"], "now_total": after["total"],
        })  # fmt: skip
    return rows
