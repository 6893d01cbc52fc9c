"""The case summary (and handover pack) as a Word document (.docx, python-docx), because councils
edit reports in Word: the same facts, sections and scores as the HTML (render/document.py), each
table's columns chosen by the same `columns_of`, each value printed by the same `cell`. Word
cannot show the HTML's SVG charts, so each goal's scores are a table, oldest first.
"""

from __future__ import annotations

import io

from fscli.render.document import cell, columns_of


def _table(doc, headers: list[str] | None, rows: list[list[str]], *, width: int | None = None):
    """A table with a bold row of headers, or (headers None: the facts, a label and a value a row) none."""
    table = doc.add_table(rows=0, cols=len(headers) if headers else width or 2)
    table.style = "Table Grid"
    if headers:
        for box, header in zip(table.add_row().cells, headers):
            box.text = header
            for run in box.paragraphs[0].runs:
                run.bold = True
    for values in rows:
        for box, value in zip(table.add_row().cells, values):
            box.text = value
    return table


def summary_docx(summary, *, made_by: str | None) -> bytes:
    """The case summary (reports/documents.py CaseSummary) as .docx bytes."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    doc = Document()
    doc.core_properties.title = summary.title
    doc.core_properties.author = made_by or ""
    _a4(doc, f"{summary.title}. Made on {summary.made_on:%d/%m/%Y}" + (f" by {made_by}" if made_by else "") + " from the records in fscli. Confidential: for the people it is prepared for.")
    doc.add_heading(summary.title, 0)
    doc.add_paragraph(f"About: {summary.family} ({summary.ref}). Made on {summary.made_on:%d/%m/%Y}" + (f" by {made_by}." if made_by else "."))
    _table(doc, None, [[label, cell(value, "")] for label, value in summary.facts])
    for section in summary.sections:
        if section.new_page:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(section.heading, 1)
        report = section.report
        columns = columns_of(report, section.keys)
        if report.rows:
            _table(doc, [c.header for c in columns], [[cell(row.get(c.key), c.kind) for c in columns] for row in report.rows])
        else:
            doc.add_paragraph(section.empty)
        if section.note:
            doc.add_paragraph(section.note)
        if section.key == "last_seen":
            _goals(doc, summary)
    if not summary.handover:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading("Worker's analysis", 1)
        doc.add_paragraph("")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _a4(doc, footer: str) -> None:
    """A4 with the HTML's 15 mm margins (python-docx's template is US Letter), and on every page
    the footer the HTML has: what it is, and that it is confidential."""
    from docx.shared import Mm, Pt

    for part in doc.sections:
        part.page_width, part.page_height = Mm(210), Mm(297)
        part.left_margin = part.right_margin = part.top_margin = part.bottom_margin = Mm(15)
        said = part.footer.paragraphs[0]
        said.text = footer
        for run in said.runs:
            run.font.size = Pt(8)


def _goals(doc, summary) -> None:
    doc.add_heading("Goals and scores", 1)
    if not summary.goals:
        doc.add_paragraph("No goals recorded.")
    for goal in summary.goals:
        doc.add_heading(f"“{goal.text}”", 2)
        about = (f"For {goal.for_person}. " if goal.for_person else "") + (f"Area: {goal.area}. " if goal.area else "") + f"Scale {goal.low} to {goal.high}."
        doc.add_paragraph(about)
        rows = [[who, f"{p.on:%d/%m/%Y}", cell(p.value, "number")] for who, points in (("The family", goal.family), ("The worker", goal.worker)) for p in points]
        if rows:
            _table(doc, ["Scored by", "Date", "Score"], rows)
        else:
            doc.add_paragraph("Not scored yet.")
    if summary.areas:
        doc.add_heading("The family's scores by area", 2)
        _table(doc, ["Area", "Goals", "At the start", "Now"], [[a.area, str(a.goals), cell(a.baseline, "number"), cell(a.now, "number")] for a in summary.areas])
