"""Shared page layout of every printed document: A4, styles, header/footer, sections, QR."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from app.printing.fonts import FONT, FONT_MONO, ensure_fonts

# isort: split
import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

INK = colors.HexColor("#1A1A1A")
ACCENT = colors.HexColor("#1F3A68")  # deep blue of the headings and rules
MUTED = colors.HexColor("#555555")
GRID = colors.HexColor("#8A9BB5")
HEAD_FILL = colors.HexColor("#E6ECF5")
LABEL_FILL = colors.HexColor("#F3F5F9")
WARN_FILL = colors.HexColor("#FFF4E5")
ZEBRA_FILL = colors.HexColor("#F8FAFC")

ensure_fonts()


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = {
        "fontName": FONT,
        "fontSize": 10.5,
        "leading": 15.5,
        "textColor": INK,
        "wordWrap": "CJK",
        "alignment": TA_LEFT,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


class Styles:
    """The paragraph styles every document uses (one set, built once per process)."""

    body = _style("body")
    small = _style("small", fontSize=8.5, leading=12, textColor=MUTED)
    tiny = _style("tiny", fontSize=7.5, leading=10, textColor=MUTED)
    cell = _style("cell", fontSize=9.5, leading=13.5)
    cell_small = _style("cell_small", fontSize=8, leading=11, textColor=MUTED)
    cell_head = _style("cell_head", fontSize=9.5, leading=13, textColor=ACCENT)
    label = _style("label", fontSize=9.5, leading=13.5, textColor=ACCENT)
    title = _style("title", fontSize=20, leading=27, alignment=TA_CENTER, textColor=ACCENT)
    subtitle = _style("subtitle", fontSize=10, leading=14, alignment=TA_CENTER, textColor=MUTED)
    section = _style("section", fontSize=12.5, leading=17, textColor=ACCENT)
    caption = _style("caption", fontSize=8, leading=10.5, alignment=TA_CENTER, textColor=MUTED)
    pledge = _style("pledge", fontSize=11, leading=18, firstLineIndent=22)
    mono = _style("mono", fontName=FONT_MONO, fontSize=9, leading=13)


def para(text: str, style: ParagraphStyle = Styles.body) -> Paragraph:
    """A paragraph of plain text (escaped: catalog texts may hold < and &)."""
    body = escape(text).replace("\n", "<br/>")
    if "\u3000" in body:  # reportlab collapses ideographic spaces like ASCII blanks
        body = body.replace("\u3000", "\u00a0" * 4)
    return Paragraph(body, style)


class BoldParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph drawn with a thin stroked outline: the bundled font has no bold face."""

    def __init__(self, text: str, style: ParagraphStyle, stroke: float = 0.45) -> None:
        super().__init__(escape(text), style)
        self._stroke = stroke

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.style.textColor)
        canvas.setLineWidth(self._stroke)
        canvas._code.append("2 Tr")  # fill and stroke the glyphs (text render mode 2)
        super().draw()
        canvas.restoreState()


class SectionHeading(Flowable):  # type: ignore[misc]
    """A numbered section title with a coloured bar on its left and a hairline below.

    It keeps with what follows (platypus' keepWithNext), so a heading never stands alone at the
    foot of a page; a lead-in paragraph made with ``keep_with_next`` joins the group.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.keepWithNext = 1
        self.text = text
        self._para = BoldParagraph(text, Styles.section, stroke=0.3)
        self._height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _, h = self._para.wrap(availWidth - 8, availHeight)
        self._height = h + 5
        return availWidth, self._height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, 3, 3.2, self._height - 4, stroke=0, fill=1)
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.4)
        canvas.line(0, 0.5, self.width, 0.5)
        canvas.restoreState()
        self._para.drawOn(canvas, 8, 4)

    def getSpaceBefore(self) -> float:
        return 10

    def getSpaceAfter(self) -> float:
        return 6


def keep_with_next(flowable: Flowable) -> Flowable:
    """Mark a lead-in (intro line, spacer) to stay on the page of the flowable after it."""
    flowable.keepWithNext = 1
    return flowable


def qr_modules(payload: str, level: str = "M") -> list[list[bool]]:
    """The dark/light module matrix of a QR code of ``payload`` (UTF-8 text).

    segno picks the mask with the lowest penalty, as the standard asks, in half the time
    of reportlab's encoder (it matters for the batch export of every guide).
    """
    code = segno.make_qr(payload, error=level.lower(), boost_error=False, encoding="utf-8")
    return [[bool(m) for m in row] for row in code.matrix]


class QrFlowable(Flowable):  # type: ignore[misc]
    """A QR code drawn straight on the canvas as one filled path (4 modules of quiet zone).

    reportlab's QrCodeWidget builds one shape object per module and encodes twice; drawing
    the runs of dark modules ourselves is several times faster, which batch export needs.
    """

    QUIET = 4

    def __init__(self, payload: str, size: float, level: str = "M") -> None:
        super().__init__()
        self.payload = payload
        self.size = size
        self.modules = qr_modules(payload, level)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.modules)
        cell = self.size / (count + 2 * self.QUIET)
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for r, row in enumerate(self.modules):
            y = self.size - (r + self.QUIET + 1) * cell
            c = 0
            while c < count:
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < count and row[c]:
                    c += 1
                # a hair of overlap so that viewers do not show seams between runs
                path.rect((start + self.QUIET) * cell, y, (c - start) * cell + 0.05, cell + 0.05)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()


def qr_block(payload: str, caption: str, size: float = 30 * mm) -> Table:
    """A QR code with a caption under it, as a one-column table (keeps them together)."""
    table = Table(
        [[QrFlowable(payload, size)], [para(caption, Styles.caption)]],
        colWidths=[size + 4],
    )
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def grid_style(*, header: bool = True, extra: Sequence[Any] = ()) -> TableStyle:
    """The ruled table look: thin blue-grey grid, shaded header row, top-aligned cells."""
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands += [
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA_FILL]),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ]
    commands += list(extra)
    return TableStyle(commands)


Fact = tuple[str, str]


def info_table(
    rows: Sequence[Fact | tuple[Fact, Fact]], width: float, label_width: float = 20 * mm
) -> Table:
    """Label/value facts as a ruled table; a row may hold two pairs side by side.

    A row of one pair spans the whole width (for long values such as 办理地点).
    """
    value_width = (width - 2 * label_width) / 2
    data: list[list[Any]] = []
    spans: list[Any] = []
    for n, row in enumerate(rows):
        if isinstance(row[0], tuple):
            spans.append(("BACKGROUND", (2, n), (2, n), LABEL_FILL))
            (l1, v1), (l2, v2) = row
            data.append(
                [
                    para(l1, Styles.label),
                    para(v1 or "—", Styles.cell),
                    para(l2, Styles.label),
                    para(v2 or "—", Styles.cell),
                ]
            )
        else:
            label, value = row
            data.append([para(label, Styles.label), para(value or "—", Styles.cell), "", ""])
            spans.append(("SPAN", (1, n), (3, n)))
    table = Table(data, colWidths=[label_width, value_width, label_width, value_width])
    table.setStyle(
        grid_style(
            header=False,
            extra=[
                ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
                *spans,
            ],
        )
    )
    return table


def facts_with_qr(
    rows: Sequence[Fact | tuple[Fact, Fact]],
    payload: str,
    caption: str,
    qr_size: float = 31 * mm,
) -> Table:
    """A label/value facts table on the left and a captioned QR code on the right."""
    left_width = CONTENT_WIDTH - qr_size - 8 * mm
    facts = info_table(rows, left_width)
    code = qr_block(payload, caption, size=qr_size)
    outer = Table([[facts, code]], colWidths=[left_width + 4 * mm, qr_size + 4 * mm])
    outer.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return outer


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (section numbers up to 99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def spacer(height_mm: float) -> Spacer:
    return Spacer(1, height_mm * mm)


@dataclass(frozen=True)
class PageChrome:
    """What the header and footer of every page say."""

    hall_name: str
    document_title: str
    left_footer: str  # e.g. "目录版本 2026.11" or "办件编号 …"


class _ChromeCanvas(Canvas):  # type: ignore[misc]
    """A canvas drawing the header and the "第 x 页 / 共 y 页" footer once pages are counted."""

    def __init__(self, *args: Any, chrome: PageChrome, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._chrome = chrome
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_chrome(number, total)
            super().showPage()
        super().save()

    def _draw_chrome(self, number: int, total: int) -> None:
        chrome = self._chrome
        top = PAGE_HEIGHT - 12 * mm
        self.saveState()
        self.setFont(FONT, 8.5)
        self.setFillColor(MUTED)
        self.drawString(MARGIN_X, top, chrome.hall_name)
        self.drawRightString(PAGE_WIDTH - MARGIN_X, top, chrome.document_title)
        self.setStrokeColor(ACCENT)
        self.setLineWidth(0.8)
        self.line(MARGIN_X, top - 2.5 * mm, PAGE_WIDTH - MARGIN_X, top - 2.5 * mm)
        bottom = 10 * mm
        self.setStrokeColor(GRID)
        self.setLineWidth(0.4)
        self.line(MARGIN_X, bottom + 4 * mm, PAGE_WIDTH - MARGIN_X, bottom + 4 * mm)
        self.drawString(MARGIN_X, bottom, chrome.left_footer)
        self.drawRightString(PAGE_WIDTH - MARGIN_X, bottom, f"第 {number} 页 / 共 {total} 页")
        self.restoreState()


def build_pdf(story: list[Flowable], chrome: PageChrome, *, title: str, subject: str) -> bytes:
    """Lay the story out on A4 pages with the header and footer; the PDF as bytes."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        subject=subject,
        author=chrome.hall_name,
        creator="无证 Wuzheng",
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def canvasmaker(*args: Any, **kwargs: Any) -> _ChromeCanvas:
        return _ChromeCanvas(*args, chrome=chrome, **kwargs)

    doc.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()


def local_time(value: datetime | None) -> str:
    """A stored naive-UTC timestamp as local wall time, e.g. 2026年3月5日 14:05."""
    if value is None:
        return "—"
    local = value.replace(tzinfo=UTC).astimezone()
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def days_text(days: int | None) -> str:
    return f"{days} 个工作日" if days is not None else "—"
