"""一事一图: the steps of a matter as numbered boxes joined by arrows, wrapping into rows.

The diagram is a flowable drawn straight on the canvas. A flow longer than a page splits
between rows and continues on the next page (marked 接下页 / 接上页). Step names are set with
the font fallback chain; a name too long for its box ends in "…" and is listed in full in
:attr:`FlowDiagram.shortened` for the document to print under the diagram.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from app.printing.fonts import CHINESE_CANNOT_START, FONT, font_runs

# isort: split
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.printing.layout import draw_text

BOX_WIDTH = 80.0
BOX_HEIGHT = 40.0  # the height of a box of one or two lines
GAP_X = 22.0  # room for an arrow between two boxes
GAP_Y = 30.0  # room for the elbow connector between two rows
FONT_SIZE = 9.0
LINE_HEIGHT = 11.5
TIGHT_LINE_HEIGHT = 10.5  # for a name of three lines or more: three still fit BOX_HEIGHT
MAX_LINES = 5  # a longer name ends in "…" (and is listed in full under the diagram)
TEXT_PAD = 4.25  # above and below the lines of a box taller than BOX_HEIGHT
MARK_HEIGHT = 16.0  # the 接下页 / 接上页 connector at the break of a split diagram
NUMBER_SIZE = 7.5

FILL = colors.HexColor("#E6ECF5")
FIRST_FILL = colors.HexColor("#D4E8D4")
LAST_FILL = colors.HexColor("#F7E3C6")
STROKE = colors.HexColor("#1F3A68")
TEXT = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#555555")


def _glyphs(text: str) -> list[tuple[str, str, float]]:
    """(character, font, width) for each character of ``text`` as the fallback chain sets it."""
    return [
        (ch, font, stringWidth(ch, font, FONT_SIZE))
        for font, run in font_runs(text, FONT)
        for ch in run
    ]


def _width(glyphs: Sequence[tuple[str, str, float]]) -> float:
    return sum(g[2] for g in glyphs)


def _wrap(text: str, width: float, max_lines: int = MAX_LINES) -> tuple[list[str], bool]:
    """Break a step name into lines that fit ``width``; (lines, whether it was shortened).

    Closing punctuation never starts a line; two lines are balanced (网上或窗口 / 申请, not
    网上或窗口申 / 请); past ``max_lines`` the last line ends in "…".
    """
    glyphs = _glyphs(text.strip())
    lines: list[list[tuple[str, str, float]]] = [[]]
    for glyph in glyphs:
        line = lines[-1]
        if not line or _width(line) + glyph[2] <= width:
            line.append(glyph)
            continue
        carry = []
        if glyph[0] in CHINESE_CANNOT_START and len(line) > 1:
            carry = [line.pop()]
        lines.append([*carry, glyph])
    if len(lines) == 2:
        both = lines[0] + lines[1]
        half = (len(both) + 1) // 2
        while half < len(both) - 1 and both[half][0] in CHINESE_CANNOT_START:
            half += 1
        if _width(both[:half]) <= width:
            lines = [both[:half], both[half:]]
    shortened = len(lines) > max_lines
    if shortened:
        lines = lines[:max_lines]
        last = lines[-1]
        ellipsis = ("…", FONT, stringWidth("…", FONT, FONT_SIZE))
        while last and _width(last) + ellipsis[2] > width:
            last.pop()
        last.append(ellipsis)
    return ["".join(g[0] for g in line) for line in lines], shortened


def per_row(width: float) -> int:
    return max(1, int((width + GAP_X) // (BOX_WIDTH + GAP_X)))


@dataclass(frozen=True)
class _Box:
    number: int  # 1-based
    lines: tuple[str, ...]


@dataclass(frozen=True)
class _Layout:
    """Boxes in rows, computed once for a diagram and shared by the parts it splits into."""

    columns: int
    left: float
    rows: tuple[tuple[_Box, ...], ...]
    heights: tuple[float, ...]  # of each row's boxes
    last: int  # the number of the last step


def _layout(steps: Sequence[str], width: float) -> tuple[_Layout, list[tuple[int, str]]]:
    names = [s for s in (str(step).strip() for step in steps) if s] or ["办理"]
    columns = min(per_row(width), len(names))
    used = columns * BOX_WIDTH + (columns - 1) * GAP_X
    boxes: list[_Box] = []
    shortened: list[tuple[int, str]] = []
    for number, name in enumerate(names, start=1):
        lines, cut = _wrap(name, BOX_WIDTH - 23)
        boxes.append(_Box(number, tuple(lines)))
        if cut:
            shortened.append((number, name))
    rows = tuple(tuple(boxes[i : i + columns]) for i in range(0, len(boxes), columns))
    heights = tuple(
        max(BOX_HEIGHT, max(len(b.lines) for b in row) * TIGHT_LINE_HEIGHT + 2 * TEXT_PAD)
        for row in rows
    )
    layout = _Layout(columns, (width - used) / 2, rows, heights, len(names))
    return layout, shortened


class FlowDiagram(Flowable):  # type: ignore[misc]
    """Rows ``first``…``stop - 1`` of a flow diagram; splits between rows across pages."""

    def __init__(
        self,
        layout: _Layout,
        width: float,
        first: int = 0,
        stop: int | None = None,
        shortened: Sequence[tuple[int, str]] = (),
    ) -> None:
        super().__init__()
        self.layout = layout
        self.width = width
        self.first = first
        self.stop = len(layout.rows) if stop is None else stop
        self.shortened = list(shortened)

    @property
    def continued(self) -> bool:
        return self.first > 0

    @property
    def continues(self) -> bool:
        return self.stop < len(self.layout.rows)

    def _height(self, first: int, stop: int) -> float:
        heights = self.layout.heights[first:stop]
        height = sum(heights) + (len(heights) - 1) * GAP_Y + 4
        if first > 0:
            height += MARK_HEIGHT
        if stop < len(self.layout.rows):
            height += MARK_HEIGHT
        return height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.height = self._height(self.first, self.stop)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        stop = self.first
        while stop < self.stop and self._height(self.first, stop + 1) <= availHeight:
            stop += 1
        if stop == self.stop:
            return [self]
        # the first part ends with a 接下页 mark: give back rows until it fits too
        while stop > self.first and self._height(self.first, stop) > availHeight:
            stop -= 1
        if stop == self.first:
            return []
        head = FlowDiagram(self.layout, self.width, self.first, stop)
        tail = FlowDiagram(self.layout, self.width, stop, self.stop)
        return [head, tail]

    # ------------------------------------------------------------------ drawing

    def _row_tops(self) -> list[float]:
        top = self.height - 2 - (MARK_HEIGHT if self.continued else 0)
        tops = []
        for row in range(self.first, self.stop):
            tops.append(top)
            top -= self.layout.heights[row] + GAP_Y
        return tops

    def _x(self, box: _Box) -> float:
        col = (box.number - 1) % self.layout.columns
        return self.layout.left + col * (BOX_WIDTH + GAP_X)

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(STROKE)
        tops = self._row_tops()
        for offset, row_index in enumerate(range(self.first, self.stop)):
            row = self.layout.rows[row_index]
            top = tops[offset]
            height = self.layout.heights[row_index]
            for box in row:
                self._draw_box(canvas, box, self._x(box), top - height, height)
            for a, b in pairwise(row):  # arrows within the row
                mid = top - height / 2
                self._arrow(canvas, [(self._x(a) + BOX_WIDTH, mid), (self._x(b) - 1, mid)], "right")
            last = row[-1]
            cx = self._x(last) + BOX_WIDTH / 2
            bottom = top - height
            if last.number == self.layout.last:
                continue
            if offset + 1 < len(tops):  # elbow: down, back to the left, down into the next row
                nxt = self.layout.rows[row_index + 1][0]
                tx = self._x(nxt) + BOX_WIDTH / 2
                turn = bottom - GAP_Y / 2
                points = [(cx, bottom), (cx, turn), (tx, turn), (tx, tops[offset + 1] + 1)]
                self._arrow(canvas, points, "down")
            else:  # the diagram goes on on the next page
                self._mark(canvas, cx, bottom, bottom - MARK_HEIGHT + 2, "接下页")
        if self.continued:
            first = self.layout.rows[self.first][0]
            cx = self._x(first) + BOX_WIDTH / 2
            self._mark(canvas, cx, self.height - 2, tops[0] + 1, "接上页")
        canvas.restoreState()

    def _draw_box(self, canvas: Canvas, box: _Box, x: float, y: float, height: float) -> None:
        last = box.number == self.layout.last
        fill = FIRST_FILL if box.number == 1 else LAST_FILL if last else FILL
        canvas.setFillColor(fill)
        canvas.setLineWidth(0.9)
        canvas.roundRect(x, y, BOX_WIDTH, height, 5, stroke=1, fill=1)
        # the step number in a small circle on the left, the name centred in the rest
        canvas.setFillColor(STROKE)
        canvas.circle(x + 10, y + height / 2, 6.2, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        number = str(box.number)
        size = NUMBER_SIZE if len(number) < 3 else NUMBER_SIZE * 0.8  # 100 fits the circle too
        draw_text(canvas, x + 10, y + height / 2 - size * 0.36, number, FONT, size, anchor="middle")
        text_left = x + 19
        text_width = BOX_WIDTH - 23
        leading = LINE_HEIGHT if len(box.lines) < 3 else TIGHT_LINE_HEIGHT
        block = len(box.lines) * leading
        baseline = y + height / 2 + block / 2 - FONT_SIZE + 0.5
        canvas.setFillColor(TEXT)
        for n, line in enumerate(box.lines):
            x_mid, y_line = text_left + text_width / 2, baseline - n * leading
            draw_text(canvas, x_mid, y_line, line, FONT, FONT_SIZE, anchor="middle")

    @staticmethod
    def _arrow(canvas: Canvas, points: list[tuple[float, float]], head: str) -> None:
        canvas.setLineWidth(1.1)
        path = canvas.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        canvas.drawPath(path, stroke=1, fill=0)
        x, y = points[-1]
        size = 5.0
        if head == "right":
            x += 1
            tip = [(x, y), (x - size, y + size * 0.6), (x - size, y - size * 0.6)]
        else:
            y -= 1
            tip = [(x, y), (x - size * 0.6, y + size), (x + size * 0.6, y + size)]
        canvas.setFillColor(STROKE)
        canvas.setLineWidth(0.5)
        triangle = canvas.beginPath()
        triangle.moveTo(*tip[0])
        for point in tip[1:]:
            triangle.lineTo(*point)
        triangle.close()
        canvas.drawPath(triangle, stroke=1, fill=1)

    def _mark(self, canvas: Canvas, x: float, y_from: float, y_to: float, label: str) -> None:
        """A dashed arrow at a page break with 接下页 / 接上页 beside it."""
        canvas.saveState()
        canvas.setDash(2, 2)
        self._arrow(canvas, [(x, y_from), (x, y_to)], "down")
        canvas.restoreState()
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, 7.5)
        canvas.drawString(x + 6, (y_from + y_to) / 2 - 2.5, f"（{label}）")


def flow_diagram(steps: Sequence[str], width: float) -> FlowDiagram:
    """The flow diagram of ``steps``, ``width`` points wide: one box per step, left to right,
    wrapping to rows; from the end of one row an elbow connector leads to the next."""
    layout, shortened = _layout(steps, width)
    return FlowDiagram(layout, width, shortened=shortened)
