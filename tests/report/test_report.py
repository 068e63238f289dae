"""The summary report: figures equal counts taken straight from the events; reproducible bytes; readable HTML."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest

from application.app import AssureApplication
from application.events import EventDescriber
from application.principal import Principal
from application.read_models import TrailFilter
from demo.story import DemoClock, load_demo
from domain.values import Role
from projections.report.render import compare, render
from projections.runner import ProjectionRunner

READER = Principal.for_system("test", Role.GOVERNANCE)


@pytest.fixture
def demo_audit(app: AssureApplication, runner: ProjectionRunner) -> str:
    clock = DemoClock(datetime(2022, 4, 1, tzinfo=UTC))
    app.clock = clock
    load_demo(app, clock, first_audit_only=True)
    runner.catch_up()
    return str(app.list_audits(READER)[0]["audit_id"])


def independent_counts(app: AssureApplication) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]], int]:
    """Rating counts by (question, rating) before and after moderation, from the raw events, and voice count."""
    describer, ratings, originals, voice = EventDescriber(app), {}, {}, {}
    for notification in app.recorder.select_notifications(1, 100_000):
        event = describer.describe(notification)
        if event.type == "ReturnDraftSaved":
            for question, answer in event.data["answers"].items():
                ratings[(event.aggregate_id, question)] = answer["rating"]
            if event.data["child_voice_evident"] is not None:
                voice[event.aggregate_id] = event.data["child_voice_evident"]
        if event.type == "RatingRevisedAtModeration":
            key = (event.aggregate_id, event.data["question_id"])
            originals.setdefault(key, event.data["from_rating"])
            ratings[key] = event.data["to_rating"]
    after = Counter((q, r) for (_, q), r in ratings.items())
    before = Counter((q, originals.get((rid, q), r)) for (rid, q), r in ratings.items())
    return before, after, sum(voice.values())


def test_the_figures_equal_counts_taken_from_the_events_r16(app: AssureApplication, demo_audit: str) -> None:
    facts = app.audit_report(READER, demo_audit)
    before, after, voice = independent_counts(app)
    for moment, expected in (("before", before), ("after", after)):
        got = Counter({(q, r): n for q, d in facts["by_question"][moment].items() for r, n in d["counts"].items() if n})
        assert got == expected
    assert facts["voice"]["returns"] == voice and facts["voice"]["of_returns"] == 40
    assert [(m["case_ref"], m["question"]) for m in facts["moves"]] == [("DA-04", "Q3"), ("DA-07", "Q1")]
    assert [len(r["actions"]) for r in facts["recommendations"]] == [1, 1, 1]
    assert facts["dissemination"]["impact_measures"] == ["Workshop attendance", "Re-audit of coercive control in plans"]


def test_the_same_position_renders_the_same_bytes_r16(app: AssureApplication, demo_audit: str) -> None:
    position = app.max_position() - 5
    for fmt in ("html", "md"):
        first = render(app.audit_report(READER, demo_audit, position), fmt)
        second = render(app.audit_report(READER, demo_audit, position), fmt)
        assert first == second and f"log position {position}" in first


def test_drafts_before_and_after_a_revision_differ_exactly_in_the_moved_figures(
    app: AssureApplication, demo_audit: str
) -> None:
    revision = app.trail(READER, TrailFilter(event_types=("RatingRevisedAtModeration",))).rows[0]
    earlier = app.audit_report(READER, demo_audit, revision["position"] - 1)
    later = app.audit_report(READER, demo_audit, revision["position"])
    changed = {c["field"] for c in compare(earlier, later)}
    moved = {"by_question.after.Q3", "by_agency.after.West Midlands Police"}
    assert changed and all(
        any(field.startswith(prefix) for prefix in moved) or field.startswith("moves[0]") for field in changed
    ), changed
    assert (
        "by_question.after.Q3.counts.Good" in changed and "by_question.after.Q3.counts.Requires improvement" in changed
    )
    assert not any(field.startswith("by_question.before") for field in changed)


class Outline(HTMLParser):
    """Collects what a reader (or a screen reader) meets: headings, SVG titles, descriptions and axis text."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.svgs: list[dict[str, Any]] = []
        self.headings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        if tag == "svg":
            self.svgs.append({"attrs": dict(attrs), "title": "", "desc": "", "text": []})

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not self.stack:
            return
        if self.stack[-1] in ("h1", "h2", "h3"):
            self.headings.append(data.strip())
        if self.svgs and "svg" in self.stack:
            if self.stack[-1] in ("title", "desc") and self.stack[-2] == "svg":
                self.svgs[-1][self.stack[-1]] += data
            elif self.stack[-1] == "text":
                self.svgs[-1]["text"].append(data)


def test_the_html_parses_and_every_chart_has_a_title_axis_labels_and_a_text_alternative(
    app: AssureApplication, demo_audit: str
) -> None:
    html = render(app.audit_report(READER, demo_audit), "html")
    outline = Outline()
    outline.feed(html)
    assert outline.stack == [] or outline.stack == ["html"]
    for heading in (
        "What works well",
        "Emerging concerns",
        "Overall judgements",
        "Ratings",
        "The voice of the child",
        "Recommendations and SMART action plan",
        "Learning about the audit process",
        "Dissemination plan",
    ):
        assert heading in outline.headings
    assert len(outline.svgs) == 2
    for svg in outline.svgs:
        assert svg["attrs"]["role"] == "img" and svg["title"].startswith("Ratings by")
        assert "before moderation" in svg["desc"] and "after moderation" in svg["desc"]
        assert "Share of ratings (%)" in svg["text"] and "0%" in svg["text"] and "100%" in svg["text"]
    assert "@media print" in html and "size: A4" in html
