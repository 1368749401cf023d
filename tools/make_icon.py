"""Draw the application icon: resources/icons/wuzheng.png (the window icon on every platform)
and resources/icons/wuzheng.ico (the Windows program, 16–256 px).

    .venv/bin/python tools/make_icon.py

A blue rounded square with a white sheet of paper and a check mark: a certificate no longer
needed. Drawn with Pillow at 1024 px and scaled down (smooth edges at every size); the small
sizes get a thicker stroke so the check mark still reads at 16 px.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "icons"
BLUE = (29, 111, 184, 255)
DARK = (18, 77, 130, 255)
WHITE = (255, 255, 255, 255)
GREEN = (46, 160, 67, 255)
ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]
BIG = 1024


def draw(stroke: float = 1.0) -> Image.Image:
    """The icon at 1024 px; ``stroke`` thickens the lines (for the small sizes)."""
    image = Image.new("RGBA", (BIG, BIG), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((32, 32, BIG - 32, BIG - 32), radius=200, fill=BLUE)
    # the sheet, its top right corner folded
    left, top, right, bottom, fold = 250, 170, 774, 854, 150
    pen.polygon(
        [(left, top), (right - fold, top), (right, top + fold), (right, bottom), (left, bottom)],
        fill=WHITE,
    )
    pen.polygon([(right - fold, top), (right - fold, top + fold), (right, top + fold)], fill=DARK)
    # lines of text on the sheet
    width = int(34 * stroke)
    for y in (330, 420):
        pen.line((left + 80, y, right - 190, y), fill=DARK, width=width)
    pen.line((left + 80, 510, right - 80, 510), fill=DARK, width=width)
    # the check mark
    pen.line(
        [(360, 660), (470, 770), (690, 560)], fill=GREEN, width=int(86 * stroke), joint="curve"
    )
    return image


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    full = draw()
    full.resize((256, 256), Image.Resampling.LANCZOS).save(FOLDER / "wuzheng.png")
    bold = draw(stroke=1.6)
    images = [
        (bold if size <= 32 else full).resize((size, size), Image.Resampling.LANCZOS)
        for size in ICO_SIZES
    ]
    images[-1].save(
        FOLDER / "wuzheng.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=images[:-1],
    )
    print(f"wrote {FOLDER / 'wuzheng.png'} and {FOLDER / 'wuzheng.ico'} ({len(ICO_SIZES)} sizes)")


if __name__ == "__main__":
    main()
