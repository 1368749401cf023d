"""受理回执: what the window received, how every certificate was resolved, what is pending."""

from __future__ import annotations

from app.printing.fonts import ensure_fonts

# isort: split
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from app.printing.casedata import REQUEST_STATUS_LABELS, CaseSheet, load_case_sheet, mask_phone
from app.printing.layout import (
    CONTENT_WIDTH,
    BoldParagraph,
    Fact,
    PageChrome,
    SectionHeading,
    Styles,
    build_pdf,
    facts_with_qr,
    grid_style,
    local_time,
    para,
    spacer,
)
from app.printing.qr import receipt_payload
from app.printing.templates import Template, load_template
from app.storage.db import Database
from app.storage.models import Measure

ensure_fonts()


def _table(head: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    data: list[list[Flowable]] = [[para(h, Styles.cell_head) for h in head]]
    data += [[para(cell, Styles.cell) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(grid_style(extra=[("ALIGN", (0, 0), (0, -1), "CENTER")]))
    return table


def received_materials(sheet: CaseSheet) -> list[str]:
    """The materials handed in: the matter's own, substitutes, and retained certificates."""
    received = list(sheet.materials)
    for res in sheet.resolutions:
        if res.measure is Measure.RETAINED and res.submitted:
            received.append(f"{res.item_name}（证明原件）")
        elif res.measure is Measure.SUBSTITUTE and res.substitute_document:
            received.append(f"{res.substitute_document}（代替“{res.item_name}”）")
    return received


def receipt_story(sheet: CaseSheet, template: Template) -> list[Flowable]:
    template = template.bind(
        case_number=sheet.number,
        applicant_name=sheet.applicant_name,
        matter_name=sheet.subject_name,
    )
    title = template.text("document_title")
    subject = f"{sheet.subject_name}（{'一件事 ' if sheet.is_bundle else ''}{sheet.subject_code}）"
    rows: list[Fact | tuple[Fact, Fact]] = [
        (("办件编号", sheet.number), ("受理时间", local_time(sheet.created_at))),
        (("受理窗口", sheet.window_code or "—"), ("受理人", sheet.clerk or "—")),
        (("申请人", sheet.applicant_name), ("联系电话", mask_phone(sheet.phone) or "—")),
        (sheet.id_label, sheet.id_masked),
        ("办理事项", subject),
    ]
    story: list[Flowable] = [
        BoldParagraph(title, Styles.title),
        spacer(5),
        facts_with_qr(rows, receipt_payload(sheet.number), template.text("qr_caption")),
        spacer(3),
        para(template.text("intro")),
        SectionHeading("一、已收取的材料"),
    ]
    materials = received_materials(sheet)
    story += [para(f"{n}. {m}") for n, m in enumerate(materials, 1)] or [para("无。")]

    story.append(SectionHeading("二、证明事项办理情况"))
    if sheet.resolutions:
        widths = [11 * mm, 52 * mm, 26 * mm]
        widths.append(CONTENT_WIDTH - sum(widths))
        rows_res = [
            [str(n), r.item_name, r.measure_label, r.state]
            for n, r in enumerate(sheet.resolutions, 1)
        ]
        story.append(_table(["序号", "证明名称", "办理方式", "办理情况"], rows_res, widths))
    else:
        story.append(para("本事项不涉及证明材料。"))

    story.append(SectionHeading("三、尚待答复的查询和核验"))
    pending = sheet.pending_requests
    if pending:
        widths = [40 * mm, 36 * mm, 0.0, 24 * mm, 26 * mm]
        widths[2] = CONTENT_WIDTH - sum(widths)
        rows_req = [
            [
                r.item_name,
                r.provider_name,
                r.fact,
                f"{r.deadline:%Y-%m-%d}" if r.deadline else "—",
                REQUEST_STATUS_LABELS[r.status],
            ]
            for r in pending
        ]
        story.append(
            _table(["证明名称", "答复部门", "核验内容", "答复期限", "状态"], rows_req, widths)
        )
    else:
        story.append(para(template.text("no_pending")))

    story.append(SectionHeading("四、为您查询或核验信息的部门"))
    departments = sheet.asked_departments
    if departments:
        story.append(para(template.text("departments_intro")))
        story.append(para("、".join(departments) + "。"))
    else:
        story.append(para(template.text("no_departments")))
    story += [spacer(4), para(template.text("footer"), Styles.small)]
    return story


def receipt_pdf(sheet: CaseSheet, template: Template) -> bytes:
    title = template.text("document_title")
    chrome = PageChrome(
        hall_name=template.hall_name,
        document_title=title,
        left_footer=f"办件编号 {sheet.number}",
    )
    return build_pdf(receipt_story(sheet, template), chrome, title=title, subject=sheet.number)


def print_receipt(db: Database, case_ref: str, *, template: Template | None = None) -> bytes:
    """The receipt of a case (id or number) as PDF bytes. Read-only."""
    tpl = template if template is not None else load_template("receipt")
    with db.session() as session:
        sheet = load_case_sheet(session, case_ref)
    return receipt_pdf(sheet, tpl)
