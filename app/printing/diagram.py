"""一事一图: the steps of a matter as numbered boxes joined by arrows, wrapping into rows."""

from __future__ import annotations

from collections.abc import Sequence

from app.printing.fonts import FONT

# isort: split
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

BOX_WIDTH = 80.0
BOX_HEIGHT = 40.0
GAP_X = 22.0  # room for an arrow between two boxes
GAP_Y = 30.0  # room for the elbow connector between two rows
FONT_SIZE = 9.0
LINE_HEIGHT = 11.5
MAX_LINES = 2

FILL = colors.HexColor("#E6ECF5")
FIRST_FILL = colors.HexColor("#D4E8D4")
LAST_FILL = colors.HexColor("#F7E3C6")
STROKE = colors.HexColor("#1F3A68")
TEXT = colors.HexColor("#1A1A1A")


def _wrap(text: str, width: float) -> list[str]:
    """Break a step name into at most MAX_LINES lines that fit ``width`` (… when cut)."""
    lines: list[str] = []
    current = ""
    for ch in text.strip():
        if stringWidth(current + ch, FONT, FONT_SIZE) <= width:
            current += ch
            continue
        lines.append(current)
        current = ch
    if current or not lines:
        lines.append(current)
    if len(lines) == 2:  # balance two lines: 网上或窗口 / 申请, not 网上或窗口申 / 请
        text = "".join(lines)
        half = (len(text) + 1) // 2
        if stringWidth(text[:half], FONT, FONT_SIZE) <= width:
            lines = [text[:half], text[half:]]
    if len(lines) > MAX_LINES:
        last = lines[MAX_LINES - 1]
        while last and stringWidth(last + "…", FONT, FONT_SIZE) > width:
            last = last[:-1]
        lines = [*lines[: MAX_LINES - 1], last + "…"]
    return lines


def _arrow_head(x: float, y: float, direction: str) -> Polygon:
    size = 5.0
    if direction == "right":
        points = [x, y, x - size, y + size * 0.6, x - size, y - size * 0.6]
    else:  # down
        points = [x, y, x - size * 0.6, y + size, x + size * 0.6, y + size]
    return Polygon(points, fillColor=STROKE, strokeColor=STROKE, strokeWidth=0.5)


def per_row(width: float) -> int:
    return max(1, int((width + GAP_X) // (BOX_WIDTH + GAP_X)))


def flow_diagram(steps: Sequence[str], width: float) -> Drawing:
    """A drawing ``width`` points wide: one box per step, left to right, wrapping to rows.

    From the end of one row an elbow connector leads down and back to the start of the next.
    """
    names = [s for s in (str(step).strip() for step in steps) if s] or ["办理"]
    columns = min(per_row(width), len(names))
    rows = (len(names) + columns - 1) // columns
    used = columns * BOX_WIDTH + (columns - 1) * GAP_X
    left = (width - used) / 2
    height = rows * BOX_HEIGHT + (rows - 1) * GAP_Y + 4
    drawing = Drawing(width, height)

    def box_origin(index: int) -> tuple[float, float]:
        row, col = divmod(index, columns)
        x = left + col * (BOX_WIDTH + GAP_X)
        y = height - 2 - (row + 1) * BOX_HEIGHT - row * GAP_Y
        return x, y

    last = len(names) - 1
    for index, name in enumerate(names):
        x, y = box_origin(index)
        fill = FIRST_FILL if index == 0 else LAST_FILL if index == last else FILL
        drawing.add(
            Rect(
                x,
                y,
                BOX_WIDTH,
                BOX_HEIGHT,
                rx=5,
                ry=5,
                fillColor=fill,
                strokeColor=STROKE,
                strokeWidth=0.9,
            )
        )
        # the step number in a small circle on the left, the name centred in the rest
        drawing.add(Circle(x + 10, y + BOX_HEIGHT / 2, 6.2, fillColor=STROKE, strokeColor=None))
        drawing.add(
            String(
                x + 10,
                y + BOX_HEIGHT / 2 - 2.7,
                str(index + 1),
                fontName=FONT,
                fontSize=7.5,
                fillColor=colors.white,
                textAnchor="middle",
            )
        )
        text_left = x + 19
        text_width = BOX_WIDTH - 23
        lines = _wrap(name, text_width)
        block = len(lines) * LINE_HEIGHT
        baseline = y + BOX_HEIGHT / 2 + block / 2 - FONT_SIZE + 0.5
        for n, line in enumerate(lines):
            drawing.add(
                String(
                    text_left + text_width / 2,
                    baseline - n * LINE_HEIGHT,
                    line,
                    fontName=FONT,
                    fontSize=FONT_SIZE,
                    fillColor=TEXT,
                    textAnchor="middle",
                )
            )
        if index == last:
            continue
        nx, ny = box_origin(index + 1)
        mid_y = y + BOX_HEIGHT / 2
        if ny == y:  # same row: straight arrow to the right
            drawing.add(
                Line(x + BOX_WIDTH, mid_y, nx - 1, mid_y, strokeColor=STROKE, strokeWidth=1.1)
            )
            drawing.add(_arrow_head(nx, mid_y, "right"))
        else:  # next row: down, back to the left, down into the next box
            cx = x + BOX_WIDTH / 2
            turn = y - GAP_Y / 2
            tx = nx + BOX_WIDTH / 2
            for x1, y1, x2, y2 in (
                (cx, y, cx, turn),
                (cx, turn, tx, turn),
                (tx, turn, tx, ny + BOX_HEIGHT + 1),
            ):
                drawing.add(Line(x1, y1, x2, y2, strokeColor=STROKE, strokeWidth=1.1))
            drawing.add(_arrow_head(tx, ny + BOX_HEIGHT, "down"))
    return drawing
