"""Report facts particular to audit kinds: compliance for self-assessments, response rates and change for training."""

from __future__ import annotations

from collections import Counter
from typing import Any

from application.events import PublicEvent

SELF_ASSESSMENT_KINDS = ("section_11", "s157_175_schools")
SELF_RATINGS = ("Met", "Partly met", "Not met")
PRACTICE = ("yes", "partly", "no")


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


class KindFacts:
    """Folded alongside the case-file facts; each kind reads only what belongs to it."""

    audit: dict[str, Any]
    questions: list[dict[str, Any]]

    def __init__(self) -> None:
        self.courses: dict[str, dict[str, Any]] = {}

    def form(self) -> str:
        """Case file, self-assessment or questionnaire: which sections the report has (R-2)."""
        kind = self.audit.get("kind")
        if kind in SELF_ASSESSMENT_KINDS:
            return "self_assessment"
        return "questionnaire" if kind == "training_impact" else "case_file"

    def on_CourseIncluded(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.courses[d["course_id"]] = {"id": d["course_id"], "title": d["title"], "delivered_on": d["delivered_on"],
                                        "invited": {"attendee": 0, "manager": 0}, "responses": []}  # fmt: skip

    def on_QuestionnairesSent(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.courses[d["course_id"]]["invited"][d["respondent"]] += len(d["respondent_refs"])

    def on_QuestionnaireAnswered(self, e: PublicEvent, d: dict[str, Any]) -> None:
        self.courses[d["course_id"]]["responses"].append({"respondent": d["respondent"], "ref": d["unit_ref"],
                                                          "answers": d["answers"]})  # fmt: skip

    def self_assessment(self, submitted: list[dict[str, Any]]) -> dict[str, Any]:
        """Compliance by standard and by organisation, the organisations' own actions, and what was carried."""
        if self.form() != "self_assessment":
            return {}
        titles = {q["id"]: q["text"] for q in self.questions}

        def compliance(counts: Counter[str]) -> dict[str, Any]:
            total = sum(counts.values())
            return {"counts": {r: counts.get(r, 0) for r in SELF_RATINGS}, "total": total,
                    "met_share": _share(counts.get("Met", 0), total)}  # fmt: skip

        by_standard: dict[str, Counter[str]] = {sid: Counter() for sid in titles}
        by_organisation: dict[str, Counter[str]] = {}
        actions = []
        for the_return in submitted:
            for sid, rating in the_return["ratings"].items():
                by_standard.setdefault(sid, Counter())[rating] += 1
                by_organisation.setdefault(the_return["agency"], Counter())[rating] += 1
                action = (the_return["answers"].get(sid, {}).get("own_action") or "").strip()
                if rating != "Met" and action:
                    actions.append({"organisation": the_return["agency"], "standard": sid, "rating": rating,
                                    "action": action})  # fmt: skip
        return {
            "by_standard": [dict(compliance(c), id=sid, title=titles.get(sid, sid)) for sid, c in by_standard.items()],
            "by_organisation": [dict(compliance(c), organisation=org) for org, c in sorted(by_organisation.items())],
            "own_actions": sorted(actions, key=lambda a: (a["organisation"], a["standard"])),
            "carried_forward": sum(len(r["carried"]) for r in submitted),
        }

    def training(self) -> dict[str, Any]:
        """Per course: responses against invitations, confidence before and after, and change in practice."""
        if self.form() != "questionnaire":
            return {}
        courses = [self._course(c) for _, c in sorted(self.courses.items())]
        invited = {r: sum(c["invited"][r] for c in courses) for r in ("attendee", "manager")}
        answered = {r: sum(c["responses"][r] for c in courses) for r in ("attendee", "manager")}
        return {
            "courses": courses,
            "totals": {r: {"invited": invited[r], "responses": answered[r], "rate": _share(answered[r], invited[r])}
                       for r in invited},
            "examples": [
                {"course": c["id"], "respondent": r["respondent"], "text": r["answers"]["example"]}
                for _, c in sorted(self.courses.items()) for r in c["responses"]
            ][:8],
        }  # fmt: skip

    @staticmethod
    def _course(course: dict[str, Any]) -> dict[str, Any]:
        attendees = [r["answers"] for r in course["responses"] if r["respondent"] == "attendee"]
        managers = [r["answers"] for r in course["responses"] if r["respondent"] == "manager"]
        before = _mean([int(a["confidence_before"]) for a in attendees])
        after = _mean([int(a["confidence_after"]) for a in attendees])
        return {
            "id": course["id"], "title": course["title"], "delivered_on": course["delivered_on"],
            "invited": course["invited"],
            "responses": {"attendee": len(attendees), "manager": len(managers)},
            "rates": {"attendee": _share(len(attendees), course["invited"]["attendee"]),
                      "manager": _share(len(managers), course["invited"]["manager"])},
            "confidence": {"before": before, "after": after,
                           "change": round(after - before, 2) if before is not None and after is not None else None},
            "practice_changed": {p: sum(1 for a in attendees if a["practice_changed"] == p) for p in PRACTICE},
            "practice_seen_by_managers": {p: sum(1 for m in managers if m["practice_change_seen"] == p)
                                          for p in PRACTICE},
        }  # fmt: skip
