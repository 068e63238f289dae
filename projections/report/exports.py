"""Writers of exports: the summary report as PDF (WeasyPrint), tables as CSV and XLSX (openpyxl)."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence

from application.exports import Table


def pdf_from_html(html: str, identifier: str) -> bytes:
    """Print HTML (A4 CSS, SVG charts) laid out by WeasyPrint; the same HTML gives the same bytes (a fixed PDF
    identifier, and font subsets stamped with SOURCE_DATE_EPOCH rather than the clock)."""
    import weasyprint  # imported here: loading pango is slow and only the PDF needs it

    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    pdf: bytes = weasyprint.HTML(string=html).write_pdf(pdf_identifier=identifier.encode())
    return pdf


def write_tables(tables: Sequence[Table], fmt: str) -> bytes:
    """The tables as XLSX or CSV."""
    if fmt == "xlsx":
        return tables_xlsx(tables)
    if fmt == "csv":
        return tables_csv(tables)
    raise ValueError("the spreadsheet formats are xlsx and csv")


def tables_csv(tables: Sequence[Table]) -> bytes:
    """The first table as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the names right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(tables[0].header)
    writer.writerows([["" if v is None else v for v in row] for row in tables[0].rows])
    return ("\ufeff" + out.getvalue()).encode()


def tables_xlsx(tables: Sequence[Table]) -> bytes:
    """Every table as a sheet, header row bold and frozen, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.title[:31])
        sheet.append(table.header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
