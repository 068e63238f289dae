"""The OpenAPI document is valid (openapi-spec-validator), and a typed client generated from it
(openapi-python-client) runs the main flows against a live server: commission, return, moderation, report, feed."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from application.event_schemas import asyncapi_document, event_schemas
from cli.system import build_api
from tests.api.conftest import Http, served_on_loopback
from tests.api.test_journey import TODAY, plan_audit
from tests.builders import ANSWERS, POLICE_ANSWERS, SECTIONS
from tests.conftest import settings_for

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Http, dict[str, Any]]]:
    """The app served by uvicorn on a free port, a partnership registered, and its OpenAPI document."""
    app = build_api(settings_for("sqlite", tmp_path_factory.mktemp("typed")), embedded=True, workers=False)
    with served_on_loopback(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        token, receipt = app.state.application.bootstrap_admin("Admin", "admin@t.example")
        h = Http(client, {"admin": token}, {"admin": str(receipt.id)}).register()  # type: ignore[arg-type]
        yield base, h, client.get("/openapi.json").json()


def test_the_openapi_document_passes_the_validator_and_every_route_has_a_response_model(
    served: tuple[str, Http, dict[str, Any]],
) -> None:
    _, _, spec = served
    validate(spec)  # raises on any violation of the OpenAPI 3.1 schema
    untyped = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            ok = operation["responses"].get("200") or operation["responses"].get("201")
            content = ok.get("content", {}) if ok else {}
            if not content or any(not media.get("schema") for media in content.values()):
                untyped.append(f"{method.upper()} {path}")
    assert untyped == []


def generated_client(spec: dict[str, Any], where: Path) -> Any:
    """Generate the client package into a temporary folder and import it."""
    (where / "openapi.json").write_text(json.dumps(spec))
    (where / "config.yml").write_text("post_hooks: []\n")
    subprocess.run(
        [str(BIN / "openapi-python-client"), "generate", "--path", "openapi.json", "--output-path", "assure_client",
         "--meta", "none", "--config", "config.yml"],
        cwd=where, check=True, capture_output=True,
    )  # fmt: skip
    sys.path.insert(0, str(where))
    importlib.invalidate_caches()
    return importlib.import_module("assure_client")


def test_a_generated_typed_client_runs_the_main_flows(served: tuple[str, Http, dict[str, Any]], tmp_path: Path) -> None:
    base, h, spec = served
    client_package = generated_client(spec, tmp_path)

    def api(module: str) -> Any:
        return importlib.import_module(f"assure_client.{module}")

    def as_(who: str) -> Any:
        return client_package.AuthenticatedClient(base_url=base, token=h.tokens[who])

    models = api("models")
    # commission
    commission = api("api.audits.commission_audits_post")
    body = models.NewAudit(kind="thematic_deep_dive", theme="Neglect", focus="Home conditions", rationale="JTAI")
    receipt = commission.sync(client=as_("arg"), body=body)
    assert isinstance(receipt, models.ReceiptOut) and receipt.version == 1
    audit = api("api.audits.get_audit_audits_audit_id_get").sync(receipt.id, client=as_("chair"))
    assert isinstance(audit, models.AuditRecord) and (audit.theme, audit.stage) == ("Neglect", "planning")
    # return: a draft saved and submitted, then read back typed
    audit_id = plan_audit(h)
    h.ok(h.post("chair", f"/audits/{audit_id}/fieldwork/open"))
    draft = models.Draft.from_dict({"answers": ANSWERS, "sections": SECTIONS, "child_voice_evident": True})
    save = api("api.returns_and_concerns.save_draft_audits_audit_id_returns_case_ref_patch")
    assert isinstance(save.sync(audit_id, "DA-01", client=as_("csc_auditor"), body=draft), models.ReceiptOut)
    submitted = api("api.returns_and_concerns.submit_audits_audit_id_returns_case_ref_submit_post").sync(
        audit_id, "DA-01", client=as_("csc_auditor")
    )
    assert isinstance(submitted, models.ReceiptOut)
    the_return = api("api.returns_and_concerns.get_return_audits_audit_id_returns_case_ref_agency_code_get").sync(
        audit_id, "DA-01", "CSC", client=as_("chair")
    )
    assert isinstance(the_return, models.ReturnRecord) and the_return.status == "submitted"
    # moderation, once the other returns are in
    for case, auditor, answers in (("DA-01", "pol_auditor", POLICE_ANSWERS), ("DA-02", "csc_auditor", ANSWERS),
                                   ("DA-02", "pol_auditor", POLICE_ANSWERS)):  # fmt: skip
        other = {"answers": answers, "sections": SECTIONS, "child_voice_evident": True}
        h.ok(h.client.patch(f"/audits/{audit_id}/returns/{case}", json=other, headers=h.headers(auditor)))
        h.ok(h.post(auditor, f"/audits/{audit_id}/returns/{case}/submit"))
    h.ok(h.post("chair", f"/audits/{audit_id}/fieldwork/close", {}))
    review = api("api.moderation.review_audits_audit_id_initial_review_post")
    assert isinstance(review.sync(audit_id, client=as_("chair"), body=models.InitialReview(themes=["x"])),
                      models.ReceiptOut)  # fmt: skip
    meeting = models.Meeting.from_dict({"meeting_date": TODAY, "attendees": ["Chair"]})
    meet = api("api.moderation.meeting_audits_audit_id_moderation_meetings_post")
    assert isinstance(meet.sync(audit_id, client=as_("chair"), body=meeting), models.ReceiptOut)
    finding = api("api.moderation.finding_audits_audit_id_findings_post")
    finding.sync(audit_id, client=as_("chair"), body=models.Finding(kind="works_well", text="Prompt sharing."))
    for module, text in (("practice_context_audits_audit_id_practice_context_post", None),
                         ("family_consultation_audits_audit_id_family_consultation_post", "Parents consulted."),
                         ("process_learning_audits_audit_id_process_learning_post", "More time.")):  # fmt: skip
        payload = models.PracticeContext(text="Churn.") if text is None else models.TextIn(text=text)
        assert isinstance(api(f"api.moderation.{module}").sync(audit_id, client=as_("chair"), body=payload),
                          models.ReceiptOut)  # fmt: skip
    done = api("api.moderation.complete_audits_audit_id_moderation_complete_post").sync(audit_id, client=as_("chair"))
    assert isinstance(done, models.ReceiptOut)
    # report
    recommend = api("api.reporting.recommend_audits_audit_id_recommendations_post")
    rec = recommend.sync(audit_id, client=as_("chair"), body=models.TextIn(text="Name coercive control."))
    assert rec.ref == "R1"
    h.wait("chair", rec.position)
    overview = api("api.audits.overview_audits_audit_id_overview_get").sync(audit_id, client=as_("chair"))
    assert isinstance(overview, models.AuditOverview) and overview.recommendations[0].recommendation_id == "R1"
    plan = api("api.report.action_plan_audits_audit_id_action_plan_get").sync(audit_id, client=as_("chair"))
    assert [row.recommendation_id for row in plan] == ["R1"] and plan[0].rag == "red"
    html = api("api.report.report_audits_audit_id_report_get").sync_detailed(audit_id, client=as_("chair"))
    assert html.status_code == 200 and b"Name coercive control." in html.content
    # feed
    feed = api("api.event_feed.events_events_get").sync(client=as_("governance"), after=0, limit=500)
    assert isinstance(feed, models.FeedPage) and feed.next_after >= rec.position
    recommended = [item for item in feed.items if item.type_ == "RecommendationMade"]
    assert recommended and recommended[-1].data.additional_properties["text"] == "Name coercive control."


def test_the_event_schemas_and_the_asyncapi_document_are_served_r25(served: tuple[str, Http, dict[str, Any]]) -> None:
    _, h, _ = served
    assert h.ok(h.get("csc_auditor", "/events/schemas")) == {"schemas": event_schemas()}
    assert h.ok(h.get("csc_auditor", "/events/asyncapi")) == asyncapi_document()
