"""Exports over HTTP: the report as PDF, the action plan and the return matrix as XLSX and CSV (R-12, R-16, R-18)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.api.conftest import Http
from tests.api.test_journey import fieldwork, moderation, plan_audit, reporting


def test_the_report_as_pdf_and_the_spreadsheets_over_http_r16_r18(http: Http) -> None:
    audit = plan_audit(http)
    fieldwork(http, audit)
    moderation(http, audit)
    reporting(http, audit)
    position = http.ok(http.get("governance", "/events", after=0, limit=500))["next_after"]
    http.wait("governance", position)
    pdf = http.get("arg", f"/audits/{audit}/report", at=position, format="pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and pdf.headers["x-log-position"] == str(position)
    xlsx = http.get("chair", f"/audits/{audit}/exports/action-plan")
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx.headers["content-type"]
    rows = list(load_workbook(io.BytesIO(xlsx.content))["Action plan"].iter_rows(values_only=True))
    [planned] = http.ok(http.get("chair", f"/audits/{audit}/action-plan"))
    assert [(r[0], r[8], r[11], r[12]) for r in rows[1:]] == [
        ("R1", a["due_date"], a["status"], a["rag"]) for a in planned["actions"]
    ]
    matrix = http.get("chair", f"/audits/{audit}/exports/return-matrix", format="csv")
    assert matrix.status_code == 200 and matrix.headers["content-type"].startswith("text/csv")
    assert len(matrix.content.decode("utf-8-sig").splitlines()) == 1 + len(
        http.ok(http.get("chair", f"/audits/{audit}/returns"))
    )
    scoped = load_workbook(io.BytesIO(http.get("pol_auditor", f"/audits/{audit}/exports/action-plan").content))
    assert [r[3] for r in list(scoped["Action plan"].iter_rows(values_only=True))[1:]] == [None]  # not police's
    assert http.get("nhs_auditor", f"/audits/{audit}/exports/action-plan").status_code == 404
    assert http.get("chair", f"/audits/{audit}/exports/ratings").status_code == 422
