"""The summary report (HTML or Markdown, reproducible by log position), draft comparison, and the action plan."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import Context
from api.errors import ERROR_RESPONSES
from api.models import ActionPlanRow, ReportComparison

router = APIRouter(prefix="/audits/{audit_id}", tags=["report"], responses=ERROR_RESPONSES)
Position = Annotated[int | None, Query(ge=1, le=2**53, description="the log position to build from")]
MEDIA = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8", "pdf": "application/pdf"}
SPREADSHEET = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BINARY = {"schema": {"type": "string", "format": "binary"}}
TEXT = {"schema": {"type": "string"}}


@router.get(
    "/report",
    response_class=Response,
    responses={
        200: {
            "content": {"text/html": TEXT, "text/markdown": TEXT, "application/pdf": BINARY},
            "description": "The report",
        }
    },
)
def report(
    audit_id: UUID, ctx: Context, at: Position = None, format: Annotated[Literal["html", "md", "pdf"], Query()] = "html"
) -> Response:
    """The summary report, also as a PDF for ARG papers; the same ``at`` position always gives the same bytes (R-16)."""
    if format == "pdf":
        body, position = ctx.app.render_report_pdf(ctx.by, audit_id, at)
        return Response(body, media_type=MEDIA[format], headers={"X-Log-Position": str(position)})
    text, position = ctx.app.render_report(ctx.by, audit_id, at, format)
    return Response(text, media_type=MEDIA[format], headers={"X-Log-Position": str(position)})


@router.get(
    "/exports/{table}",
    response_class=Response,
    responses={200: {"content": {"text/csv": TEXT, SPREADSHEET["xlsx"]: BINARY}, "description": "The export"}},
)
def export(
    audit_id: UUID,
    table: Literal["action-plan", "return-matrix"],
    ctx: Context,
    format: Annotated[Literal["xlsx", "csv"], Query()] = "xlsx",
) -> Response:
    """The action plan (R-18) or the return matrix (R-12) as a spreadsheet; the figures are the views'."""
    body = ctx.app.export_spreadsheet(ctx.by, audit_id, table, format)
    disposition = f'attachment; filename="{table}-{audit_id}.{format}"'
    return Response(body, media_type=SPREADSHEET[format], headers={"Content-Disposition": disposition})


@router.get("/report/compare", response_model=ReportComparison)
def compare_drafts(
    audit_id: UUID,
    ctx: Context,
    from_position: Annotated[int, Query(alias="from", ge=1, le=2**53)],
    to_position: Annotated[int, Query(alias="to", ge=1, le=2**53)],
) -> dict[str, Any]:
    """Which figures and texts changed between the report as at two positions."""
    changes = ctx.app.compare_reports(ctx.by, audit_id, from_position, to_position)
    return {"from": from_position, "to": to_position, "changes": changes}


@router.get("/action-plan", response_model=list[ActionPlanRow])
def action_plan(audit_id: UUID, ctx: Context) -> list[dict[str, Any]]:
    """Each recommendation with its actions' live status and a RAG by due date (R-18)."""
    return ctx.app.action_plan(ctx.by, audit_id)
