"""Render the report's facts as HTML (A4 print CSS, inline SVG charts) or Markdown; and compare two drafts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from application.exports import Table
from projections.report.charts import distribution_chart
from projections.report.exports import pdf_from_html, write_tables

FORMATS = ("html", "md")
_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def render(facts: dict[str, Any], fmt: str = "html") -> str:
    """The report in a format; the same facts always give the same text."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    charts = {}
    if fmt == "html":
        charts = {
            "question": distribution_chart(
                "by-question",
                "Ratings by question, before and after moderation",
                "Share of ratings (%)",
                facts["by_question"],
                facts["scale"],
            ),
            "agency": distribution_chart(
                "by-agency",
                "Ratings by agency, before and after moderation",
                "Share of ratings (%)",
                facts["by_agency"],
                facts["scale"],
            ),
        }
    template = _ENV.get_template(f"report.{fmt}.j2")
    return template.render(f=facts, a=facts["audit"], charts=charts)


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, item in value.items():
            flat |= _flatten(item, f"{prefix}.{key}" if prefix else str(key))
        return flat
    if isinstance(value, list):
        flat = {}
        for index, item in enumerate(value):
            flat |= _flatten(item, f"{prefix}[{index}]")
        return flat
    return {prefix: value}


def compare(earlier: dict[str, Any], later: dict[str, Any]) -> list[dict[str, Any]]:
    """Which figures and texts changed between two drafts (the log position itself is left out)."""
    before = {k: v for k, v in _flatten(earlier).items() if k != "position"}
    after = {k: v for k, v in _flatten(later).items() if k != "position"}
    return [
        {"field": key, "before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    ]


class JinjaReportRenderer:
    """The report renderer the application is given (application.ports.ReportRenderer)."""

    def render(self, facts: dict[str, Any], fmt: str) -> str:
        return render(facts, fmt)

    def compare(self, earlier: dict[str, Any], later: dict[str, Any]) -> list[dict[str, Any]]:
        return compare(earlier, later)

    def render_pdf(self, facts: dict[str, Any]) -> bytes:
        return pdf_from_html(render(facts, "html"), f"{facts['audit'].get('id', '')}@{facts['position']}")

    def write_tables(self, tables: Sequence[Table], fmt: str) -> bytes:
        return write_tables(tables, fmt)
