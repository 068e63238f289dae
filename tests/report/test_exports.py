"""Exports (R-16, R-12, R-18): the summary report as PDF (WeasyPrint), the action plan and the return matrix as
XLSX and CSV; every figure in an export equals the view's, read back with independent readers (pypdf, openpyxl,
csv)."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from collections import Counter
from pathlib import Path
from uuid import UUID

import pypdf
from openpyxl import load_workbook

from application.exports import ACTION_PLAN_HEADER, RETURN_MATRIX_HEADER, RETURN_STATUSES
from application.lists import ListQuery
from tests.builders import Partnership
from tests.projections.test_views import demo, demo_audit  # noqa: F401 - the demo fixture
from tests.test_cli import run


def sheet(data: bytes, title: str) -> list[list[object]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [list(row) for row in book[title].iter_rows(values_only=True)]


def from_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_action_plan_export_figures_equal_the_view_r18(demo: Partnership) -> None:  # noqa: F811
    audit = UUID(demo_audit(demo))
    plan = demo.app.action_plan(demo.chair, audit)
    expected = [(a["action_id"], a["due_date"], a["status"], a["rag"], a["due_date_revisions"],
                 "; ".join(a["stalls"]), rec["rag"]) for rec in plan for a in rec["actions"]]  # fmt: skip
    assert len(expected) >= 3
    columns = [ACTION_PLAN_HEADER.index(c) for c in ("action_id", "due_date", "status", "rag",
                                                     "due_date_revisions", "stalls", "recommendation_rag")]  # fmt: skip
    xlsx = sheet(demo.app.export_spreadsheet(demo.chair, audit, "action-plan", "xlsx"), "Action plan")
    assert xlsx[0] == ACTION_PLAN_HEADER
    assert [tuple(row[i] if row[i] is not None else "" for i in columns) for row in xlsx[1:]] == expected
    rows = from_csv(demo.app.export_spreadsheet(demo.chair, audit, "action-plan", "csv"))
    assert rows[0] == ACTION_PLAN_HEADER
    assert [tuple(row[i] for i in columns) for row in rows[1:]] == [tuple(map(str, e)) for e in expected]


def test_the_return_matrix_export_figures_equal_the_view_r12(demo: Partnership) -> None:  # noqa: F811
    audit = UUID(demo_audit(demo))
    view = demo.app.return_matrix(demo.chair, audit)
    names = {a["id"]: a["name"] for a in demo.app.list_agencies(demo.chair, ListQuery(limit=500)).items}
    data = demo.app.export_spreadsheet(demo.chair, audit, "return-matrix", "xlsx")
    matrix = sheet(data, "Return matrix")
    assert matrix[0] == RETURN_MATRIX_HEADER and len(matrix) - 1 == len(view)
    status = RETURN_MATRIX_HEADER.index("status")
    assert [(r[0], r[status]) for r in matrix[1:]] == [(v["case_ref"], v["status"]) for v in view]
    counts = Counter((names[v["agency_id"]], v["status"]) for v in view)
    summary = sheet(data, "Returns by agency")
    assert summary[0] == ["agency", *RETURN_STATUSES, "total"]
    for row in summary[1:]:
        assert row[1:-1] == [counts[(row[0], s)] for s in RETURN_STATUSES]
        assert row[-1] == sum(1 for v in view if names[v["agency_id"]] == row[0])
    assert sum(row[-1] for row in summary[1:]) == len(view)
    assert [
        r[status] for r in from_csv(demo.app.export_spreadsheet(demo.chair, audit, "return-matrix", "csv"))[1:]
    ] == [v["status"] for v in view]


def test_the_pdf_report_states_the_views_figures_and_is_reproducible_r16(demo: Partnership) -> None:  # noqa: F811
    audit = UUID(demo_audit(demo))
    facts = demo.app.audit_report(demo.chair, audit)
    pdf, position = demo.app.render_report_pdf(demo.chair, audit, facts["position"])
    assert pdf.startswith(b"%PDF-") and position == facts["position"]
    assert demo.app.render_report_pdf(demo.governance, audit, position)[0] == pdf  # the same position, the same bytes
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    assert f"as at log position {facts['position']}" in text
    assert f"{len(facts['sample'])} cases were sampled; {facts['returns_submitted']} returns were submitted" in text
    for name, after in facts["by_agency"]["after"].items():
        before = facts["by_agency"]["before"][name]
        cells = [f"{after['counts'][r]} ({after['shares'][r]:.1f}%)"
                 + (f" [{before['counts'][r]}]" if before["counts"][r] != after["counts"][r] else "")
                 for r in facts["scale"]]  # fmt: skip
        assert f"{name} {' '.join(cells)} {after['total']}" in text


def test_the_cli_writes_the_pdf_report_and_the_spreadsheets(tmp_path: Path) -> None:
    assert run(["demo"], tmp_path).returncode == 0
    assert run(["projections", "rebuild"], tmp_path).returncode == 0
    with sqlite3.connect(tmp_path / "var" / "views.sqlite") as views:
        audit = views.execute("SELECT audit_id FROM view_audits ORDER BY commissioned_at").fetchone()[0]
    pdf = run(["report", audit, "--format", "pdf", "--output", "report.pdf"], tmp_path)
    assert pdf.returncode == 0, pdf.stderr
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")
    assert run(["report", audit, "--format", "pdf"], tmp_path).stderr == "error: a PDF needs --output FILE\n"
    for table, fmt in (("action-plan", "xlsx"), ("return-matrix", "csv")):
        done = run(["export", table, audit, "--format", fmt, "--output", f"{table}.{fmt}"], tmp_path)
        assert done.returncode == 0, done.stderr
    assert load_workbook(tmp_path / "action-plan.xlsx")["Action plan"].max_row >= 4
    assert from_csv((tmp_path / "return-matrix.csv").read_bytes())[0] == RETURN_MATRIX_HEADER
