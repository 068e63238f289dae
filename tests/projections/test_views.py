"""Stories of the read models: every view after the demo, the trail (R-24), accountability (R-27), time travel."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from uuid import UUID

import pytest

from application.app import AssureApplication
from application.errors import NotFound, NotPermitted
from application.read_models import ReadsFilter, TrailFilter
from demo.story import DemoClock, load_demo
from domain.errors import InvalidValue
from domain.limits import MAX_ITEMS
from projections.runner import ProjectionRunner
from tests.builders import Partnership, refused


@pytest.fixture
def demo(app: AssureApplication, runner: ProjectionRunner) -> Partnership:
    """The demo scenario, loaded and projected; the app's clock is then the demo's own."""
    clock = DemoClock(datetime(2022, 4, 1, tzinfo=UTC))
    app.clock = clock
    load_demo(app, clock, first_audit_only=True)
    runner.catch_up()
    clock.set(date(2022, 11, 14))
    lscp = Partnership(app, clock)
    for key, email in {"chair": "chair@lscp.example", "governance": "governance@lscp.example",
                       "pol_auditor": "auditor.wmp@lscp.example", "pol_lead": "lead.wmp@lscp.example",
                       "arg": "arg@lscp.example", "learning": "learning@lscp.example"}.items():  # fmt: skip
        lscp.people[key] = app.principal(app.person_id_for(email))
    return lscp


def demo_audit(demo: Partnership) -> str:
    return str(demo.app.list_audits(demo.chair)[0]["audit_id"])


def test_schedule_view_holds_the_six_audits_of_appendix_b_and_the_statutory_rounds(demo: Partnership) -> None:
    rows = demo.app.schedule_view(demo.chair, "2022/23")
    assert [r["theme"] for r in rows][:2] == ["Domestic Abuse", "Strategy Meetings (open cases)"]
    assert [r["kind"] for r in rows[6:]] == ["s157_175_schools", "section_11", "training_impact"]
    assert len(rows) == 9 and all(r["approved"] == 1 for r in rows)
    assert rows[0]["fieldwork_start"] == "2022-07-04" and rows[1]["fieldwork_start"] is None


def test_audit_overview_after_the_demo(demo: Partnership) -> None:
    [audit] = demo.app.list_audits(demo.chair)
    assert (audit["stage"], audit["cases"], audit["auditors"], audit["findings"], audit["recommendations"]) == (
        "dissemination",
        10,
        5,
        3,
        3,
    )
    assert (audit["signed_off_on"], audit["presented_on"]) == ("2022-09-06", "2022-09-13")
    assert audit["timeliness"] == {"rag": "green", "reasons": []}
    overview = demo.app.audit_overview(demo.chair, audit["audit_id"])
    assert [f["kind"] for f in overview["findings"]] == ["works_well", "emerging_concern", "overall_judgement"]


def test_return_matrix_after_the_demo_r12(demo: Partnership) -> None:
    matrix = demo.app.return_matrix(demo.chair, demo_audit(demo))
    assert len(matrix) == 40 and {r["status"] for r in matrix} == {"submitted"}
    own = demo.app.return_matrix(demo.pol_auditor, demo_audit(demo))
    assert len(own) == 10 and {r["agency_id"] for r in own} == {str(demo.pol_auditor.agency_id)}


def test_ratings_view_shows_original_and_moderated_side_by_side_r14(demo: Partnership) -> None:
    ratings = demo.app.ratings(demo.chair, demo_audit(demo))
    assert len(ratings) == 40 * 4 + 10  # four questions for everyone, a fifth for the police
    moved = [
        (r["case_ref"], r["question_id"], r["original_rating"], r["rating"]) for r in ratings if r["original_rating"]
    ]
    assert moved == [("DA-04", "Q3", "Good", "Requires improvement"), ("DA-07", "Q1", "Good", "Requires improvement")]
    refused(demo.app, NotPermitted, demo.app.ratings, demo.arg, demo_audit(demo))


def test_actions_view_flags_stalls_r21(demo: Partnership) -> None:
    actions = {a["recommendation_id"]: a for a in demo.app.actions(demo.chair, demo_audit(demo))}
    assert actions["R2"]["status"] == "blocked" and actions["R2"]["blocker"].startswith("Schools'")
    assert actions["R1"]["last_progress_note"] == "Assessment template updated."
    assert actions["R1"]["stalls"] == ["no_progress_since:2022-10-03"]  # 42 days without progress by 14 November
    assert actions["R2"]["stalls"] == ["no_progress_since:2022-08-26"]  # blocked today: not yet a blocked stall
    demo.clock.set(date(2023, 1, 2))  # a blocked action passes its due date
    stalls = {a["recommendation_id"]: a["stalls"] for a in demo.app.actions(demo.chair)}
    assert stalls["R2"] == ["overdue:2022-12-31", "blocked:2022-11-14", "no_progress_since:2022-08-26"]
    assert [a["recommendation_id"] for a in demo.app.actions(demo.pol_lead)] == ["R2"]


def test_concerns_view_after_the_demo_r11(demo: Partnership) -> None:
    [concern] = demo.app.concerns(demo.chair)
    assert (concern["case_ref"], concern["escalations"]) == ("DA-07", 1)
    assert concern["acknowledged_at"] is not None
    refused(demo.app, NotPermitted, demo.app.concerns, demo.arg)


def test_agency_accountability_across_audits_r27(demo: Partnership) -> None:
    rows = {r["agency"]: r for r in demo.app.agency_accountability(demo.chair)}
    police = rows["West Midlands Police"]
    assert (police["returns_assigned"], police["submitted_on_time"], police["submitted_late"],
            police["outstanding"]) == (10, 10, 0, 0)  # fmt: skip
    assert (police["actions_owned"], police["actions_blocked"], police["actions_overdue"]) == (1, 1, 0)
    refused(demo.app, NotPermitted, demo.app.agency_accountability, demo.pol_lead)


def test_late_returns_count_against_the_agency_r27(lscp: Partnership, runner: ProjectionRunner) -> None:
    audit_id = lscp.in_fieldwork()
    lscp.clock.set(date(2024, 3, 5))  # after the fieldwork end of 2024-02-29
    lscp.complete_return(audit_id, "pol_auditor", "DA-01")
    runner.catch_up()
    police = next(r for r in lscp.app.agency_accountability(lscp.governance) if r["agency"] == "Police")
    assert (police["returns_due"], police["submitted_late"], police["outstanding"]) == (2, 1, 1)
    assert lscp.app.list_audits(lscp.chair)[0]["timeliness"]["rag"] == "red"


def test_trail_rows_say_who_did_what_in_a_line_r24(demo: Partnership) -> None:
    page = demo.app.trail(demo.governance, TrailFilter(event_types=("RatingRevisedAtModeration",)))
    assert page.rows[0]["summary"] == (
        "Q3 rating for case DA-04 (West Midlands Police) revised from Good to Requires improvement at moderation:"
        " Body-worn footage shows the child crying, but nothing the child said is recorded: the group agreed the"
        " voice of the child is not evident enough for Good."
    )
    assert page.rows[0]["actor_name"] == "Casey Chair" and page.next_cursor is None


def test_trail_filters_by_case_agency_person_and_time_r24(demo: Partnership) -> None:
    trail, audit_id = demo.app.trail, demo_audit(demo)
    by_case = trail(demo.governance, TrailFilter(audit_id=audit_id, case_ref="da-07", limit=500)).rows
    assert by_case and {r["case_ref"] for r in by_case} == {"DA-07"}
    full_width = TrailFilter(audit_id=audit_id, case_ref=" \uff24\uff21-07 ", limit=500)  # compared as stored
    assert trail(demo.governance, full_width).rows == by_case
    police = str(demo.pol_auditor.agency_id)
    assert {r["agency_id"] for r in trail(demo.governance, TrailFilter(agency_id=police, limit=500)).rows} == {police}
    person = str(demo.pol_auditor.person_id)
    mine = trail(demo.governance, TrailFilter(person_id=person, limit=500)).rows
    assert mine and all(person in (r["actor"], r["subject_person"]) for r in mine)
    window = trail(demo.governance, TrailFilter(since=datetime(2022, 8, 19, tzinfo=UTC),
                                                until=datetime(2022, 8, 20, tzinfo=UTC), limit=500)).rows  # fmt: skip
    assert window and all(r["occurred_at"].startswith("2022-08-19") for r in window)


def test_a_request_that_reads_more_cases_than_one_read_record_holds_is_recorded_whole_r26(
    demo: Partnership, runner: ProjectionRunner
) -> None:
    """A request can read more than a read record's 200 items (a trail page has up to 500 rows): its reads go in
    several records, saved together, and every case is found by case, none folded into "and N more"."""
    audit_id = demo_audit(demo)
    with demo.app.collecting_reads("GET /trail") as batch:  # as the API gathers a request's reads
        for n in range(MAX_ITEMS * 2 + 50):
            demo.app._record_case_read(demo.governance, "the trail", UUID(audit_id), f"C-{n}")
    demo.app.record_reads(batch)
    runner.catch_up()
    rows = demo.app.case_reads(demo.governance, ReadsFilter(audit_id=audit_id, limit=500)).rows
    assert {r["case_ref"] for r in rows} == {f"C-{n}" for n in range(MAX_ITEMS * 2 + 50)}
    assert len({r["position"] for r in rows}) == 3 and {r["through"] for r in rows} == {"GET /trail"}
    assert demo.app.case_reads(demo.governance, ReadsFilter(case_ref="c-449", limit=10)).rows


def test_a_trail_filter_on_an_unknown_agency_gives_an_empty_page_not_a_404_r24(demo: Partnership) -> None:
    page = demo.app.trail(demo.governance, TrailFilter(agency_code="NOSUCH"))
    assert (page.rows, page.next_cursor) == ([], None)
    police = demo.app.trail(demo.governance, TrailFilter(agency_code="wmp", limit=500)).rows
    assert police and {r["agency_id"] for r in police} == {str(demo.pol_auditor.agency_id)}


def test_time_filters_with_any_utc_offset_give_the_utc_answer_r24(demo: Partnership) -> None:
    revised = demo.app.trail(demo.governance, TrailFilter(event_types=("RatingRevisedAtModeration",))).rows[0]
    start = datetime.fromisoformat(revised["occurred_at"]).replace(minute=0, second=0, microsecond=0)
    in_utc = demo.app.trail(demo.governance, TrailFilter(since=start, until=start + timedelta(hours=1), limit=500))
    plus_five = timezone(timedelta(hours=5))
    in_plus_five = demo.app.trail(demo.governance, TrailFilter(since=start.astimezone(plus_five),
                                  until=(start + timedelta(hours=1)).astimezone(plus_five), limit=500))  # fmt: skip
    assert in_utc.rows and in_plus_five.rows == in_utc.rows
    refused(demo.app, InvalidValue, demo.app.trail, demo.governance, TrailFilter(since=start.replace(tzinfo=None)))


def test_trail_pages_by_cursor_both_ways_r24(demo: Partnership) -> None:
    seen, cursor, head = [], None, demo.app.max_position()  # reading the trail adds read records (R-26) after it
    while True:
        page = demo.app.trail(demo.governance, TrailFilter(limit=50, after=cursor))
        seen += [r["position"] for r in page.rows]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == head
    newest = demo.app.trail(demo.governance, TrailFilter(limit=5, newest_first=True))
    older = demo.app.trail(demo.governance, TrailFilter(limit=5, newest_first=True, after=newest.next_cursor))
    assert [r["position"] for r in newest.rows + older.rows] == list(range(seen[-1], seen[-1] - 10, -1))


def test_trail_is_for_governance_and_the_chair_and_validates_its_query_r24(demo: Partnership) -> None:
    refused(demo.app, NotPermitted, demo.app.trail, demo.pol_lead, TrailFilter())
    refused(demo.app, InvalidValue, demo.app.trail, demo.governance, TrailFilter(limit=0))
    refused(demo.app, InvalidValue, demo.app.trail, demo.governance,
            TrailFilter(since=datetime(2023, 1, 1, tzinfo=UTC), until=datetime(2022, 1, 1, tzinfo=UTC)))  # fmt: skip


def test_full_event_data_comes_from_the_event_store_r24(demo: Partnership) -> None:
    row = demo.app.trail(demo.governance, TrailFilter(event_types=("ConcernRaised",))).rows[0]
    item = demo.app.trail_event(demo.governance, row["position"])
    assert item["type"] == "ConcernRaised" and item["data"]["summary"].startswith("Perpetrator released")
    assert item["aggregate"]["type"] == "Concern" and item["audit_id"] == row["audit_id"]
    refused(demo.app, NotFound, demo.app.trail_event, demo.governance, 10**9)


def test_time_travel_before_and_after_a_moderation_revision_r24(demo: Partnership) -> None:
    audit_id = demo_audit(demo)
    revision = demo.app.trail(demo.governance, TrailFilter(event_types=("RatingRevisedAtModeration",))).rows[0]
    at = datetime.fromisoformat(revision["occurred_at"])
    before = demo.app.audit_as_at(demo.governance, audit_id, at - timedelta(seconds=30))
    after = demo.app.audit_as_at(demo.governance, audit_id, at)
    key = ("DA-04", revision["agency_id"], "Q3")

    def rating(past: dict[str, object]) -> tuple[str, str | None]:
        rows = past["ratings"]
        assert isinstance(rows, list)
        row = next(r for r in rows if (r["case_ref"], r["agency_id"], r["question_id"]) == key)
        return row["rating"], row["original_rating"]

    assert rating(before) == ("Good", None)
    assert rating(after) == ("Requires improvement", "Good")
    assert before["overview"]["stage"] == after["overview"]["stage"] == "moderation"  # type: ignore[index]
    assert (
        before["actions"] == []
        and len(demo.app.audit_as_at(demo.governance, audit_id, datetime(2022, 11, 13, tzinfo=UTC))["actions"]) == 3
    )


def test_time_travel_before_commissioning_is_not_found(demo: Partnership) -> None:
    refused(demo.app, NotFound, demo.app.audit_as_at, demo.governance, demo_audit(demo),
            datetime(2022, 1, 1, tzinfo=UTC))  # fmt: skip
    refused(demo.app, InvalidValue, demo.app.audit_as_at, demo.governance, demo_audit(demo), datetime(2022, 9, 1))
    refused(demo.app, NotPermitted, demo.app.audit_as_at, demo.pol_lead, demo_audit(demo),
            datetime(2022, 9, 1, tzinfo=UTC))  # fmt: skip


def test_a_caller_can_wait_until_the_views_reach_a_commands_position(
    demo: Partnership, runner: ProjectionRunner
) -> None:
    receipt = demo.app.report_action_progress(demo.pol_lead, demo.app.actions(demo.pol_lead)[0]["action_id"],
                                              "Secure email trial started.")  # fmt: skip
    assert demo.app.wait_for_views(receipt.position, timeout=0.05) is False
    runner.catch_up()
    assert demo.app.wait_for_views(receipt.position, timeout=0.05) is True
    assert demo.app.actions(demo.pol_lead)[0]["last_progress_note"] == "Secure email trial started."
