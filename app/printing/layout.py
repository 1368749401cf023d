"""Shared page layout of every printed document: A4, styles, header/footer, sections, QR."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from app.printing.fonts import FONT, FONT_MONO, ensure_fonts, font_runs, string_width

# isort: split
import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import _listWrapOn
from reportlab.platypus.tables import CellStyle

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
QR_MIN_MODULE = 0.5 * mm  # smaller modules do not survive a worn printer and a phone camera

INK = colors.HexColor("#1A1A1A")
ACCENT = colors.HexColor("#1F3A68")  # deep blue of the headings and rules
MUTED = colors.HexColor("#555555")
GRID = colors.HexColor("#8A9BB5")
HEAD_FILL = colors.HexColor("#E6ECF5")
LABEL_FILL = colors.HexColor("#F3F5F9")
WARN_FILL = colors.HexColor("#FFF4E5")
ZEBRA_FILL = colors.HexColor("#F8FAFC")

ensure_fonts()

# Every table cell sets its font before drawing, Helvetica unless its style says otherwise,
# so each PDF with a table would reference a font it does not embed: default to ours.
CellStyle.fontname = FONT


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


def markup(text: str, font: str = FONT) -> str:
    """Paragraph markup of plain text: escaped (catalog texts may hold < and &), each run of
    characters ``font`` lacks in the fallback font that has them, line breaks kept."""
    runs = font_runs(text, font)
    if len(runs) == 1 and runs[0][0] == font:
        body = escape(runs[0][1])
    else:
        body = "".join(
            escape(run) if name == font else f'<font face="{name}">{escape(run)}</font>'
            for name, run in runs
        )
    if "\n" in body:
        body = body.replace("\n", "<br/>")
    if "\u3000" in body:  # reportlab collapses ideographic spaces like ASCII blanks
        body = body.replace("\u3000", "\u00a0" * 4)
    return body


def para(text: str, style: ParagraphStyle = Styles.body) -> Paragraph:
    """A paragraph of plain text, in the style's font with the fallback chain."""
    return Paragraph(markup(text, style.fontName), style)


class BoldParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph drawn with a thin stroked outline: the bundled font has no bold face."""

    def __init__(self, text: str, style: ParagraphStyle, stroke: float = 0.45) -> None:
        super().__init__(markup(text, style.fontName), style)
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


class KeepWithNext(KeepTogether):  # type: ignore[misc]
    """How a heading and its lead-in keep with what follows them (platypus' keepWithNext).

    A group that does not fit in the room left moves whole to the next page when it is short
    (no more than half a page). A taller one (a long table, a long flow diagram, a whole legal
    article) starts here when the heading and lead-in fit with the first part of what follows
    (a table's header and first row, a diagram's first row): moving it would leave this page
    half empty, and it breaks across pages anyway.
    """

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        content = list(self._content)
        frame = getattr(self, "_frame", None)
        if aH >= self._H or (frame is not None and getattr(frame, "_atTop", False)):
            return content
        if self._H <= FRAME_HEIGHT / 2 or not self._starts_here(content, aW, aH):
            return [self.FrameBreak(), *content]
        return content

    def _starts_here(self, content: list[Flowable], aW: float, aH: float) -> bool:
        *lead, last = content
        _, lead_height = _listWrapOn(lead, aW, self.canv)
        room = aH - lead_height - last.getSpaceBefore()
        return room > 0 and bool(last.split(aW, room))


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
    The code grows beyond ``size`` when its modules would be smaller than ``QR_MIN_MODULE``.
    """

    QUIET = 4

    def __init__(self, payload: str, size: float, level: str = "M") -> None:
        super().__init__()
        self.payload = payload
        self.modules = qr_modules(payload, level)
        self.size: float = max(size, (len(self.modules) + 2 * self.QUIET) * QR_MIN_MODULE)

    @property
    def module_size(self) -> float:
        return self.size / (len(self.modules) + 2 * self.QUIET)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.modules)
        cell = self.module_size
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


def qr_block(code: QrFlowable, caption: str) -> Table:
    """A QR code with a caption under it, as a one-column table (keeps them together)."""
    table = Table([[code], [para(caption, Styles.caption)]], colWidths=[code.size + 4])
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
    table = Table(
        data, colWidths=[label_width, value_width, label_width, value_width], splitInRow=1
    )
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


class FactsWithQr(Flowable):  # type: ignore[misc]
    """A label/value facts table on the left and a captioned QR code on the right.

    When long values (a whole legal article, a long address) make the pair taller than the
    room left on the page, it splits into the facts at full width (which break between and
    within rows) followed by the QR code at the right margin.
    """

    def __init__(
        self, rows: Sequence[Fact | tuple[Fact, Fact]], code: QrFlowable, caption: str
    ) -> None:
        super().__init__()
        self.rows = rows
        self.code = code
        self.caption = caption
        left_width = CONTENT_WIDTH - code.size - 8 * mm
        outer = Table(
            [[info_table(rows, left_width), qr_block(code, caption)]],
            colWidths=[left_width + 4 * mm, code.size + 4 * mm],
        )
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
        self._side_by_side = outer

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self._side_by_side.wrap(availWidth, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        self._side_by_side.drawOn(self.canv, 0, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        code = qr_block(self.code, self.caption)
        code.hAlign = "RIGHT"
        return [info_table(self.rows, CONTENT_WIDTH), Spacer(1, 2 * mm), code]


def facts_with_qr(
    rows: Sequence[Fact | tuple[Fact, Fact]],
    payload: str,
    caption: str,
    qr_size: float = 31 * mm,
) -> FactsWithQr:
    """A label/value facts table on the left and a captioned QR code on the right."""
    return FactsWithQr(rows, QrFlowable(payload, qr_size), caption)


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 105 → 一百零五, 110 → 一百一十 (section numbers);
    from 10,000 on, Arabic digits."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        head = "" if tens == 1 else _DIGITS[tens]
        return head + "十" + (_DIGITS[ones] if ones else "")
    if n >= 10000:
        return str(n)
    parts: list[str] = []
    gap = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            parts.append(("零" if gap else "") + _DIGITS[digit] + unit)
            gap = False
        elif parts:
            gap = True
    return "".join(parts)


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
        size = 8.5
        self.saveState()
        self.setFillColor(MUTED)
        # a long hall name or title is shortened with "…" rather than run into the other
        hall = elide(chrome.hall_name, FONT, size, CONTENT_WIDTH / 2 - 3 * mm)
        draw_text(self, MARGIN_X, top, hall, FONT, size)
        room = CONTENT_WIDTH - string_width(hall, FONT, size) - 6 * mm
        title = elide(chrome.document_title, FONT, size, room)
        draw_text(self, PAGE_WIDTH - MARGIN_X, top, title, FONT, size, anchor="end")
        self.setStrokeColor(ACCENT)
        self.setLineWidth(0.8)
        self.line(MARGIN_X, top - 2.5 * mm, PAGE_WIDTH - MARGIN_X, top - 2.5 * mm)
        bottom = 10 * mm
        self.setStrokeColor(GRID)
        self.setLineWidth(0.4)
        self.line(MARGIN_X, bottom + 4 * mm, PAGE_WIDTH - MARGIN_X, bottom + 4 * mm)
        pages = f"第 {number} 页 / 共 {total} 页"
        room = CONTENT_WIDTH - string_width(pages, FONT, size) - 6 * mm
        draw_text(self, MARGIN_X, bottom, elide(chrome.left_footer, FONT, size, room), FONT, size)
        draw_text(self, PAGE_WIDTH - MARGIN_X, bottom, pages, FONT, size, anchor="end")
        self.restoreState()


def elide(text: str, font: str, size: float, width: float) -> str:
    """``text``, shortened to fit ``width`` with a trailing "…" when it is wider."""
    if string_width(text, font, size) <= width:
        return text
    room = width - stringWidth("…", font, size)
    kept: list[str] = []
    for name, run in font_runs(text, font):
        for ch in run:
            room -= stringWidth(ch, name, size)
            if room < 0:
                return "".join(kept) + "…"
            kept.append(ch)
    return "".join(kept) + "…"


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    *,
    anchor: str = "start",
) -> None:
    """One line of ``text`` on the canvas, each run in the font of the chain that has it."""
    runs = font_runs(text, font)
    if anchor != "start":
        width = sum(stringWidth(run, name, size) for name, run in runs)
        x -= width if anchor == "end" else width / 2
    for name, run in runs:
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, name, size)


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
        # reportlab starts every page in Helvetica, which every PDF would then reference
        # without embedding it: start in the embedded face instead
        initialFontName=FONT,
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
    doc.keepTogetherClass = KeepWithNext

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
